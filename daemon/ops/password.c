/*
 * password.c - the quality rules, Argon2id through libsodium, locked
 * buffers for cleartext, and the dummy hash of password.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "ops/password.h"

_Static_assert(crypto_pwhash_STRBYTES <= AD_MAX_PWHASH + 1,
	       "a hash must fit struct ad_user's password_hash");

/* Written once at startup, read-only while workers run. */
static char dummy_hash[AD_MAX_PWHASH + 1];

void ad_pw_limits_from(const struct ad_config *cfg, struct ad_pw_limits *out)
{
	out->opslimit = cfg->argon2_opslimit;
	out->memlimit = (size_t)cfg->argon2_memlimit;
}

int ad_secret_set(struct ad_secret *s, const char *p, size_t len)
{
	s->p = NULL;
	s->len = 0;
	if (len > AD_PASSWORD_MAX)
		return -1;
	/*
	 * Plain heap, wiped on free.  Not sodium_malloc: its guard pages and
	 * mlock take the process's memory-map lock, which the workers' Argon2
	 * (64 MiB mmap per hash) hold for milliseconds, so the event loop
	 * would stall behind every hash (bench/README.md: lookup p99 22 ms
	 * during a login storm).  The process is not dumpable, so no core
	 * file carries the bytes.
	 */
	s->p = malloc(len + 1);
	if (s->p == NULL)
		return -1;
	memcpy(s->p, p, len);
	s->p[len] = '\0';
	s->len = len;
	return 0;
}

void ad_secret_free(struct ad_secret *s)
{
	if (s->p != NULL) {
		sodium_memzero(s->p, s->len + 1);
		free(s->p);
	}
	s->p = NULL;
	s->len = 0;
}

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
	} else if (len > AD_PASSWORD_MAX) {
		snprintf(buf, sizeof(buf),
			 "the password is too long (at most %u bytes)",
			 (unsigned)AD_PASSWORD_MAX);
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

int ad_password_hash(const struct ad_secret *pw, const struct ad_pw_limits *lim,
		     char *out)
{
	char tmp[crypto_pwhash_STRBYTES];

	if (pw->p == NULL ||
	    crypto_pwhash_str_alg(tmp, pw->p, pw->len, lim->opslimit,
				  lim->memlimit,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		out[0] = '\0';
		return -1;
	}
	memcpy(out, tmp, sizeof(tmp));
	out[AD_MAX_PWHASH] = '\0';
	return 0;
}

bool ad_password_verify(const char *hash, const struct ad_secret *pw)
{
	char tmp[crypto_pwhash_STRBYTES];

	/* libsodium reads a fixed-size, NUL-terminated string */
	if (pw->p == NULL || hash[0] == '\0' ||
	    strnlen(hash, sizeof(tmp)) >= sizeof(tmp))
		return false;
	memset(tmp, 0, sizeof(tmp));
	memcpy(tmp, hash, strlen(hash));
	return crypto_pwhash_str_verify(tmp, pw->p, pw->len) == 0;
}

bool ad_password_needs_rehash(const char *hash, const struct ad_pw_limits *lim)
{
	char tmp[crypto_pwhash_STRBYTES];

	if (strnlen(hash, sizeof(tmp)) >= sizeof(tmp))
		return true;
	memset(tmp, 0, sizeof(tmp));
	memcpy(tmp, hash, strlen(hash));
	/* 1: other limits or algorithm, -1: unreadable */
	return crypto_pwhash_str_needs_rehash(tmp, lim->opslimit,
					      lim->memlimit) != 0;
}

int ad_password_dummy_init(const struct ad_pw_limits *lim)
{
	unsigned char raw[32];
	char text[sizeof(raw) * 2 + 1];
	struct ad_secret s;
	int rc;

	/* nobody knows this password, not even us once it is wiped */
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(text, sizeof(text), raw, sizeof(raw));
	rc = ad_secret_set(&s, text, strlen(text));
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(text, sizeof(text));
	if (rc == 0)
		rc = ad_password_hash(&s, lim, dummy_hash);
	ad_secret_free(&s);
	return rc;
}

bool ad_password_verify_dummy(const struct ad_secret *pw)
{
	/* the result is ignored: only the cost matters */
	(void)ad_password_verify(dummy_hash, pw);
	return false;
}
