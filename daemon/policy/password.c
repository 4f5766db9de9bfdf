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

/* The decimal number after "key=" at *p (moved past it); -1 if absent. */
static int param(const char **p, const char *end, char key, uint64_t *v)
{
	const char *q = *p;

	if (end - q < 3 || q[0] != key || q[1] != '=' || q[2] < '0' ||
	    q[2] > '9')
		return -1;
	*v = 0;
	for (q += 2; q < end && *q >= '0' && *q <= '9'; q++) {
		if (*v > (UINT64_MAX - 9) / 10)
			return -1;
		*v = *v * 10 + (uint64_t)(*q - '0');
	}
	*p = q;
	return 0;
}

int ad_password_hash_cost_check(const char *hash, size_t len, uint64_t max_ops,
				uint64_t max_mem, char *msg, size_t msglen)
{
	static const char head[] = "$argon2id$v=19$";
	const char *p = hash + sizeof(head) - 1, *end = hash + len;
	uint64_t m, t, lanes;

	if (len < sizeof(head) - 1 ||
	    memcmp(hash, head, sizeof(head) - 1) != 0 ||
	    param(&p, end, 'm', &m) < 0 || p == end || *p++ != ',' ||
	    param(&p, end, 't', &t) < 0 || p == end || *p++ != ',' ||
	    param(&p, end, 'p', &lanes) < 0 || p == end || *p != '$') {
		snprintf(msg, msglen,
			 "password_hash is not an Argon2id hash "
			 "($argon2id$v=19$m=...,t=...,p=...$...)");
		return -1;
	}
	if (m > max_mem / 1024 || t > max_ops || lanes == 0 ||
	    lanes > AD_HASH_MAX_LANES) {
		snprintf(msg, msglen,
			 "password_hash costs m=%llu KiB, t=%llu, p=%llu: more "
			 "than this daemon pays for one verification (m <= "
			 "%llu KiB, t <= %llu, p <= %u)",
			 (unsigned long long)m, (unsigned long long)t,
			 (unsigned long long)lanes,
			 (unsigned long long)(max_mem / 1024),
			 (unsigned long long)max_ops, AD_HASH_MAX_LANES);
		return -1;
	}
	return 0;
}
