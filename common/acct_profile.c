/* acct_profile.c - the profile rules (acct_profile.h). */
#include <stdint.h>
#include <string.h>

#include "acct_profile.h"
#include "acct_text.h"

/* Locale-independent classes: ctype would follow the host's locale. */
static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_lower(c) || is_upper(c) || is_digit(c);
}

bool acct_valid_bio(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, chars = 0;
	uint32_t cp;

	if (len > ACCT_MAX_BIO_BYTES || (s == NULL && len > 0))
		return false;
	while (i < len) {
		n = acct_utf8_seq(u + i, len - i, &cp);
		if (n == 0 || ++chars > ACCT_MAX_BIO_CHARS)
			return false;
		/* C0 (newline and tab too), DEL, C1, line/paragraph breaks */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
		    cp == 0x2029)
			return false;
		i += n;
	}
	return true;
}

/* A character a URL may hold as it is (RFC 3986 plus '%'), in ASCII. */
static bool url_char(char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"<>\\^`{|}", c) == NULL;
}

bool acct_valid_avatar_url(const char *s, size_t len)
{
	size_t i, start, host_end;

	if (s == NULL || len > ACCT_MAX_URL)
		return false;
	if (len >= 8 && memcmp(s, "https://", 8) == 0)
		start = 8;
	else if (len >= 7 && memcmp(s, "http://", 7) == 0)
		start = 7;
	else
		return false;
	for (i = 0; i < len; i++)
		if (!url_char(s[i]))
			return false;
	/* the authority ends at the path, query or fragment */
	for (host_end = start; host_end < len; host_end++)
		if (strchr("/?#", s[host_end]) != NULL)
			break;
	if (host_end == start)
		return false;
	/* "http://good.example@evil.example/": not here */
	return memchr(s + start, '@', host_end - start) == NULL;
}

bool acct_valid_timezone_name(const char *s, size_t len)
{
	size_t i, part = 0;

	if (s == NULL || len == 0 || len > ACCT_MAX_TZ)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '/') {
			if (part == 0) /* leading '/' or "//" */
				return false;
			part = 0;
			continue;
		}
		if (!is_alnum(c) && c != '_' && c != '+' && c != '-')
			return false;
		if (part == 0 && c == '-')
			return false;
		if (++part > ACCT_MAX_TZ_PART)
			return false;
	}
	return part > 0; /* no trailing '/' */
}

/* n characters of s from *i on that satisfy ok, between min and max. */
static bool take(const char *s, size_t len, size_t *i, bool (*ok)(char),
		 size_t min, size_t max)
{
	size_t n = 0;

	while (*i < len && ok(s[*i])) {
		(*i)++;
		n++;
	}
	return n >= min && n <= max;
}

static bool codeset_char(char c)
{
	return is_alnum(c) || c == '_' || c == '-';
}

static bool modifier_char(char c)
{
	return is_lower(c) || is_digit(c) || c == '_' || c == '-';
}

/* ".codeset" at s[*i], if there is one. */
static bool codeset(const char *s, size_t len, size_t *i)
{
	if (*i == len || s[*i] != '.')
		return true;
	(*i)++;
	return take(s, len, i, codeset_char, 1, 16);
}

static bool territory(const char *s, size_t len, size_t *i)
{
	if (*i == len || s[*i] != '_')
		return true;
	(*i)++;
	if (*i < len && is_digit(s[*i]))
		return take(s, len, i, is_digit, 3, 3);
	return take(s, len, i, is_upper, 2, 2);
}

bool acct_valid_locale(const char *s, size_t len)
{
	size_t i = 0;

	if (s == NULL || len == 0 || len > ACCT_MAX_LOCALE)
		return false;
	if ((len == 1 && s[0] == 'C') || (len == 5 && !memcmp(s, "POSIX", 5)))
		return true;
	if (s[0] == 'C' && len > 1 && s[1] == '.') {
		i = 1;
		return codeset(s, len, &i) && i == len;
	}
	if (!take(s, len, &i, is_lower, 2, 3) || !territory(s, len, &i) ||
	    !codeset(s, len, &i))
		return false;
	if (i < len && s[i] == '@') {
		i++;
		if (!take(s, len, &i, modifier_char, 1, 16))
			return false;
	}
	return i == len;
}
