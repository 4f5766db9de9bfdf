/*
 * signin.h - sign-ins in the token store (store/token.h): an access token
 * (AD_TOKEN_ACCESS) and a refresh token (AD_TOKEN_REFRESH) of one user
 * that share a sign-in id, their DATA.  Each change is one write.
 *
 * Over its life a sign-in holds one live access token, one live refresh
 * token, and the refresh tokens it used up, which stay until they expire
 * so that one presented again is recognised (REFRESH's reuse rule): the
 * newest AD_SIGNIN_KEEP_USED of them, so that what a sign-in keeps is
 * bounded whatever its holder does.  Who may sign in is the caller's
 * guard (policy/login.h), asked inside the write.
 */
#ifndef AD_STORE_SIGNIN_H
#define AD_STORE_SIGNIN_H

#include <stdint.h>

#include "store/token.h"

#define AD_SIGNIN_ID_LEN 32	/* hex digits of 16 random bytes */
#define AD_SIGNIN_KEEP_USED 64u /* used refresh tokens kept per sign-in */

/* The two tokens of a new sign-in or of a renewal (keys of
 * ad_token_new texts). */
struct ad_signin_keys {
	const uint8_t *access, *refresh; /* AD_TOKEN_KEY_LEN bytes each */
	uint64_t now;
	uint64_t access_expires, refresh_expires;
};

/*
 * LOGIN: one write: the user called login (NOTFOUND), guard's verdict on
 * it, its failed logins cleared, its live sign-ins beyond max - 1 ended
 * (the one begun or renewed least recently first; *ended gets how many),
 * and the pair stored under the sign-in id sid.  out gets the user
 * (tenant slug too).
 */
int ad_store_signin_begin(struct ad_store *st, struct ad_str login,
			  const char *sid, const struct ad_signin_keys *k,
			  uint32_t max, const struct ad_token_guard *guard,
			  const char *actor, struct ad_user *out,
			  uint32_t *ended, struct ad_err *err);

/*
 * REFRESH: one write: the refresh token under old used up (unknown, used,
 * expired or of another kind: DENIED AD_TOKEN_REFUSED), its user live
 * (else DENIED AD_TOKEN_REFUSED) and as guard wants it (else guard's
 * verdict), the sign-in's access tokens removed and its oldest used
 * refresh tokens past AD_SIGNIN_KEEP_USED, and the new pair stored under
 * the same sign-in id (into sid).  out gets the user.
 */
int ad_store_signin_renew(struct ad_store *st,
			  const uint8_t old[AD_TOKEN_KEY_LEN],
			  const struct ad_signin_keys *k,
			  const struct ad_token_guard *guard, const char *actor,
			  struct ad_user *out, char sid[AD_SIGNIN_ID_LEN + 1],
			  struct ad_err *err);

/*
 * LOGOUT, and a refresh token used twice: one write removes every token
 * of the sign-in of the access or refresh token under key, which must
 * not have expired at now (used is fine); else DENIED AD_TOKEN_REFUSED.
 * out gets its user, *n how many tokens went.
 */
int ad_store_signin_end(struct ad_store *st,
			const uint8_t key[AD_TOKEN_KEY_LEN], uint64_t now,
			const char *actor, struct ad_user *out, uint32_t *n,
			struct ad_err *err);

/* A password change: one write removes every access and refresh token of
 * the user called login (NOTFOUND when none); *n how many. */
int ad_store_signin_end_user(struct ad_store *st, struct ad_str login,
			     const char *actor, uint32_t *n,
			     struct ad_err *err);

#endif
