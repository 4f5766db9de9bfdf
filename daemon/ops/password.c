/*
 * password.c - Argon2id through libsodium, buffers for cleartext, and
 * the dummy hash of password.h (the quality rules: policy/password.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	if (len > ACCT_MAX_PASSWORD)
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
