/*
 * acct_names.c - the one definition of a valid name, path, GECOS and email,
 * so that NSS, PAM, accountsctl and the daemon never disagree.
 */
#include <stdint.h>
#include <string.h>

#include "acct_names.h"
#include "acct_proto.h"

#define ACCT_MAX_PATH 255u
#define ACCT_MAX_GECOS 255u
#define ACCT_MAX_EMAIL 254u

/* Locale-independent classes: ctype would follow the host's locale. */
static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool valid_name(const char *s, size_t len)
{
	bool all_digits = true;
	size_t i;

	if (s == NULL || len == 0 || len > ACCT_MAX_NAME)
		return false;
	/* also rules out ".", "..", and a leading '-' or '+' */
	if (!is_lower(s[0]) && s[0] != '_')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!is_lower(c) && !is_digit(c) && c != '_' && c != '.' &&
		    c != '-')
			return false;
		if (!is_digit(c))
			all_digits = false;
	}
	if (s[len - 1] == '.' || all_digits)
		return false;
	return true;
}

bool acct_valid_login(const char *s, size_t len)
{
	return valid_name(s, len);
}

bool acct_valid_group(const char *s, size_t len)
{
	return valid_name(s, len);
}

bool acct_valid_slug(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len < 2 || len > ACCT_MAX_SLUG)
		return false;
	if (!is_lower(s[0]) || s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!is_lower(c) && !is_digit(c) && c != '-')
			return false;
		if (c == '-' && s[i - 1] == '-')
			return false;
	}
	return true;
}

bool acct_valid_path(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0 || len > ACCT_MAX_PATH || s[0] != '/')
		return false;
	for (i = 0; i < len; i++) {
		/* ':' and newline would break passwd-format output */
		if (s[i] == '\0' || s[i] == ':' || s[i] == '\n')
			return false;
	}
	return true;
}

/*
 * Length of the well-formed UTF-8 sequence at s[0..left), or 0: no overlong
 * forms, no surrogates, nothing above U+10FFFF.
 */
static size_t utf8_seq(const unsigned char *s, size_t left, uint32_t *cp)
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

bool acct_valid_gecos(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (len > ACCT_MAX_GECOS || (s == NULL && len > 0))
		return false;
	while (i < len) {
		n = utf8_seq(u + i, len - i, &cp);
		if (n == 0)
			return false;
		/* C0, DEL and the C1 controls; ':' separates passwd fields */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == ':')
			return false;
		i += n;
	}
	return true;
}

bool acct_valid_email(const char *s, size_t len)
{
	const char *at;
	size_t i;

	if (s == NULL || len < 3 || len > ACCT_MAX_EMAIL)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\0' || is_ctrl((unsigned char)s[i]))
			return false;
	}
	at = memchr(s, '@', len);
	if (at == NULL || at == s || at == s + len - 1)
		return false;
	/* exactly one '@' */
	if (memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return false;
	return true;
}

bool acct_valid_id(unsigned long id)
{
	return id != 0 && id != 65534ul && id < 0xfffffffful;
}
