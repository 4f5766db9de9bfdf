/*
 * password.c - the password quality rules (see password.h).  Pure:
 * counting and comparing bytes, nothing else.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy/password.h"

/* Bytes of the UTF-8 character starting with lead (1 for stray bytes). */
static size_t utf8_len(unsigned char lead)
{
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	if (lead >= 0xe0)
		return lead <= 0xef ? 3 : 1;
	if (lead >= 0xc2)
		return 2;
	return 1;
}

static size_t count_chars(const char *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)p[i] & 0xc0) != 0x80;
	return n;
}

/* The same character (one or more bytes) over and over? */
static bool one_char_repeated(const char *p, size_t len)
{
	size_t k = utf8_len((unsigned char)p[0]);

	if (k > len || len % k != 0)
		return false;
	for (size_t i = k; i < len; i += k) {
		if (memcmp(p, p + i, k) != 0)
			return false;
	}
	return true;
}

static bool same_ascii_nocase(const char *a, size_t alen, const char *b,
			      size_t blen)
{
	return alen == blen && alen > 0 && strncasecmp(a, b, alen) == 0;
}

int ad_password_check(const char *pw, size_t len, const char *login,
		      size_t login_len, unsigned min_length, char *msg,
		      size_t msglen)
{
	const char *why = NULL;
	char buf[96];

	if (len == 0) {
		why = "the password is empty";
	} else if (len > ACCT_MAX_PASSWORD) {
		snprintf(buf, sizeof(buf),
			 "the password is too long (at most %u bytes)",
			 (unsigned)ACCT_MAX_PASSWORD);
		why = buf;
	} else if (count_chars(pw, len) < min_length) {
		snprintf(buf, sizeof(buf),
			 "the password is too short (at least %u characters)",
			 min_length);
		why = buf;
	} else if (login != NULL &&
		   same_ascii_nocase(pw, len, login, login_len)) {
		why = "the password must not be the login name";
	} else if (one_char_repeated(pw, len)) {
		why = "the password must not be one character repeated";
	}
	if (why == NULL)
		return 0;
	snprintf(msg, msglen, "%s", why);
	return -1;
}
