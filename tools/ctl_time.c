/*
 * ctl_time.c - times on the command line (--since, --until): unix
 * seconds or ISO 8601 in UTC, read without the C library's time zone
 * machinery, so that nothing local (TZ, /etc/localtime) changes what a
 * time means.
 */
#include <stdbool.h>
#include <string.h>

#include "ctl.h"

/* The latest time accepted: 9999-12-31T23:59:59Z. */
#define LAST_TIME UINT64_C(253402300799)

/* n digits of s as a number; false unless all n are digits. */
static bool digits(const char *s, size_t n, unsigned *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

static bool leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in(unsigned y, unsigned m)
{
	static const unsigned days[12] = {31, 28, 31, 30, 31, 30,
					  31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (y >= 1970). */
static uint64_t days_since_epoch(unsigned y, unsigned m, unsigned d)
{
	uint64_t n = 0;

	for (unsigned yy = 1970; yy < y; yy++)
		n += leap(yy) ? 366 : 365;
	for (unsigned mm = 1; mm < m; mm++)
		n += days_in(y, mm);
	return n + d - 1;
}

/* "YYYY-MM-DD" at s: false unless it is a real date from 1970 on. */
static bool parse_date(const char *s, unsigned *y, unsigned *m, unsigned *d)
{
	return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) &&
	       s[7] == '-' && digits(s + 8, 2, d) && *y >= 1970 && *m >= 1 &&
	       *m <= 12 && *d >= 1 && *d <= days_in(*y, *m);
}

/* "HH:MM[:SS]Z" at s. */
static bool parse_clock(const char *s, unsigned *secs)
{
	unsigned h, mi, sec = 0;
	size_t n = strlen(s);

	if (n == 6 && s[5] == 'Z') {
		/* HH:MMZ */
	} else if (n == 9 && s[5] == ':' && s[8] == 'Z') {
		if (!digits(s + 6, 2, &sec) || sec > 59)
			return false;
	} else {
		return false;
	}
	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi) ||
	    h > 23 || mi > 59)
		return false;
	*secs = h * 3600 + mi * 60 + sec;
	return true;
}

int ctl_parse_time(const char *s, uint64_t *out)
{
	size_t n = strlen(s);
	unsigned y, m, d, secs = 0;

	if (n > 0 && strspn(s, "0123456789") == n) {
		/* unix seconds; more than 12 digits is past LAST_TIME */
		if (n > 12)
			return -1;
		*out = 0;
		for (size_t i = 0; i < n; i++)
			*out = *out * 10 + (uint64_t)(s[i] - '0');
		return *out <= LAST_TIME ? 0 : -1;
	}
	if (n < 10 || !parse_date(s, &y, &m, &d))
		return -1;
	if (n > 10 &&
	    ((s[10] != 'T' && s[10] != ' ') || !parse_clock(s + 11, &secs)))
		return -1;
	*out = days_since_epoch(y, m, d) * 86400u + secs;
	return 0;
}
