/*
 * password.h - passwords in the daemon: Argon2id hashing and verification (libsodium crypto_pwhash_str*), and a dummy
 * hash so that a user without one costs as much time as a user with one.
 *
 * Cleartext passwords live only in struct ad_secret (sodium_malloc: locked
 * memory, guard pages, wiped when freed) and are never logged.  Hashing
 * and verification are slow on purpose: call them on a worker thread
 * (worker.h), never on the loop.  Everything here is thread-safe once
 * ad_password_dummy_init has run.
 */
#ifndef AD_PASSWORD_H
#define AD_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_proto.h"
#include "server/config.h"
#include "policy/password.h" /* the quality rules */
#include "store/records.h"   /* AD_MAX_PWHASH */

/* Argon2id cost: the config's argon2_opslimit and argon2_memlimit. */
struct ad_pw_limits {
	uint64_t opslimit;
	size_t memlimit; /* bytes */
};

void ad_pw_limits_from(const struct ad_config *cfg, struct ad_pw_limits *out);

/* A cleartext password on the heap, NUL-terminated, wiped when freed. */
struct ad_secret {
	char *p; /* NULL: none */
	size_t len;
};

/* Copy p/len in (len <= ACCT_MAX_PASSWORD).  Returns 0, or -1 (no memory). */
int ad_secret_set(struct ad_secret *s, const char *p, size_t len);
/* Wipe and free; s is empty afterwards (safe to call twice). */
void ad_secret_free(struct ad_secret *s);

/* Hash into out[AD_MAX_PWHASH + 1].  Returns 0, or -1 (out of memory). */
int ad_password_hash(const struct ad_secret *pw, const struct ad_pw_limits *lim,
		     char *out);

/* Does pw match hash?  A malformed hash matches nothing. */
bool ad_password_verify(const char *hash, const struct ad_secret *pw);

/* Was hash made with other limits (or is it unreadable)? */
bool ad_password_needs_rehash(const char *hash, const struct ad_pw_limits *lim);

/*
 * Make the dummy hash (of a random password) with lim: once, at startup,
 * before any worker runs.  Returns 0, or -1 (out of memory).
 */
int ad_password_dummy_init(const struct ad_pw_limits *lim);

/* One verification against the dummy: the cost of a real one; false. */
bool ad_password_verify_dummy(const struct ad_secret *pw);

#endif
