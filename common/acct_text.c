/* acct_text.c - printable copies and UTC times (acct_text.h). */
#include <string.h>
#include <time.h>

#include "acct_text.h"

char *acct_printable(char *dst, size_t size, const char *s, size_t len,
		     char repl)
{
	size_t i;

	if (size == 0)
		return dst;
	if (len > size - 1) {
		len = size - 1;
		/* don't leave half of a UTF-8 sequence at the end */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = acct_is_ctrl(c) ? repl : (char)c;
	}
	dst[i] = '\0';
	return dst;
}

int acct_utc_time(uint64_t t, char *buf, size_t size)
{
	char tmp[ACCT_UTC_TIME_LEN];
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n;

	/* four-digit years only: the length above holds */
	if (tt < 0 || (uint64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year > 9999 - 1900)
		return -1;
	n = strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (n == 0 || n >= size)
		return -1;
	memcpy(buf, tmp, n + 1);
	return 0;
}

size_t acct_utf8_seq(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t n, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}
