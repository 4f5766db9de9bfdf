/*
 * signin.h - sign-in tokens in ops: LOGIN (signin_login.c), REFRESH and
 * LOGOUT (signin_refresh.c), and what they and the password changes share
 * (signin_pair.c).  The access token a request presents makes its caller
 * (ops/caller.c).
 *
 * A sign-in is an access token and a refresh token of one user sharing a
 * sign-in id (store/signin.h).  Their texts exist only in the reply that
 * carries them (marked secret: wiped once sent) and in struct
 * ad_signin_pair, wiped before the handler returns; the store keeps
 * their hashes, records and logs name the sign-in by the first digits of
 * its id ("sign-in 1a2b3c4d"), never by a token.
 */
#ifndef AD_OPS_SIGNIN_H
#define AD_OPS_SIGNIN_H

#include "ops/handlers.h"
#include "store/signin.h"

/* A new pair of tokens, their keys and lifetimes. */
struct ad_signin_pair {
	char access[AD_TOKEN_TEXT_MAX + 1];
	char refresh[AD_TOKEN_TEXT_MAX + 1];
	uint8_t access_key[AD_TOKEN_KEY_LEN];
	uint8_t refresh_key[AD_TOKEN_KEY_LEN];
	struct ad_signin_keys keys; /* points at the keys above */
};

/* A pair made at the ctx's now, for access_token_ttl_s and
 * refresh_token_ttl_s.  0, or -1 (wiped). */
int ad_signin_pair_new(const struct ad_ctx *ctx, struct ad_signin_pair *p);
void ad_signin_pair_wipe(struct ad_signin_pair *p);

/* A new sign-in id: AD_SIGNIN_ID_LEN random hex digits. */
void ad_signin_id_new(char sid[AD_SIGNIN_ID_LEN + 1]);

/* How records and logs name a sign-in: "sign-in 1a2b3c4d". */
void ad_signin_label(const char *sid, char *buf, size_t size);

/* LOGIN's and REFRESH's reply: NAME TENANT and the pair with its
 * expiries; the reply is marked secret. */
void ad_signin_put(struct acct_buf *reply, const struct ad_user *u,
		   const struct ad_signin_pair *p);

/* The login policy (policy/login.h) at *(uint64_t *)arg, as the
 * guard of the writes that begin and renew a sign-in: ACCT_ST_OK, or
 * DENIED with the policy's line. */
int ad_signin_guard(void *arg, const struct ad_user *u,
		    const struct ad_tenant *t, char *msg, size_t msglen);

/* After login's password was changed or reset (committed): every
 * sign-in of it ends; logged, a failure too. */
void ad_signin_end_user(struct ad_ctx *ctx, const struct ad_peer *peer,
			const char *login);

/* What LOGIN says of a wrong password, an unknown name, a user without
 * a password and a locked one given a wrong password, alike. */
#define AD_LOGIN_WRONG "wrong login or password"

#endif
