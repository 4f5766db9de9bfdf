/*
 * signin_refresh.c - REFRESH (a refresh token in, a new pair out) and
 * LOGOUT (an access or refresh token in, its sign-in ended).
 *
 * Open to any uid: the token is the authority, and whatever is wrong
 * with one gets the one AD_SIGNIN_INVALID.  REFRESH reads the token
 * first: a live one is renewed in one write (policy/login.h asked again
 * inside it); one used up already means two parties hold the sign-in,
 * so the whole sign-in ends (policy/signin.h).  The request's audit
 * record names the token's user, its tenant and the sign-in, never a
 * token.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ops/handlers.h"
#include "ops/signin.h"
#include "policy/signin.h"
#include "server/log.h"

/* The store's refusal of a token, in the words of sign-ins. */
static int token_refusal(int rc, struct ad_err *err)
{
	if (rc == ACCT_ST_DENIED && strcmp(err->msg, AD_TOKEN_REFUSED) == 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	return rc;
}

/* The token under key, of one of the sign-in kinds, and its user with
 * its tenant, named in the request's audit record.  DENIED
 * AD_SIGNIN_INVALID when there is none. */
static int token_and_user(struct ad_ctx *ctx, const struct ad_request *rq,
			  const uint8_t *key, struct ad_token *tok,
			  struct ad_user *u, struct ad_err *err)
{
	struct ad_tenant t;
	int rc;

	rc = ad_store_token_get(ctx->store, key, tok, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, tok->uid, u, &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u->password_hash, sizeof(u->password_hash));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, u->name, t.slug, NULL);
	return ACCT_ST_OK;
}

/* ---- REFRESH ---- */

/* A refresh token used a second time: its whole sign-in ends, in a write
 * of its own (the request's record is the refusal's, written as the
 * request ends). */
static int reused(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const struct ad_request *rq, const uint8_t *key,
		  const struct ad_token *tok, struct ad_err *err)
{
	char label[32];
	struct ad_user u;
	uint32_t n = 0;
	int rc;

	ad_signin_label(tok->data, label, sizeof(label));
	ad_store_audit_next(ctx->store, NULL);
	rc = ad_store_signin_end(ctx->store, key, ad_ctx_now(ctx),
				 rq->caller.actor, &u, &n, err);
	if (rc != ACCT_ST_OK)
		return token_refusal(rc, err);
	ad_log_peer(LOG_WARNING, peer,
		    "refresh token of '%s' presented again: %s ended (%u "
		    "tokens)",
		    u.name, label, (unsigned)n);
	return ad_fail(err, ACCT_ST_DENIED,
		       "the refresh token was used before: someone else may "
		       "hold it, so %s is ended; log in again",
		       label);
}

/* A live refresh token: the new pair. */
static int renew(struct ad_ctx *ctx, const struct ad_peer *peer,
		 const struct ad_request *rq, const uint8_t *key,
		 const struct ad_token *tok, struct acct_buf *reply,
		 struct ad_err *err)
{
	char sid[AD_SIGNIN_ID_LEN + 1], label[32];
	uint64_t now = ad_ctx_now(ctx);
	struct ad_token_guard guard = {ad_signin_guard, &now};
	struct ad_signin_pair p;
	struct ad_user u;
	int rc;

	ad_signin_label(tok->data, label, sizeof(label));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL, label);
	if (ad_signin_pair_new(ctx, &p) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "cannot make a token");
	rc = ad_store_signin_renew(ctx->store, key, &p.keys, &guard,
				   rq->caller.actor, &u, sid, err);
	if (rc == ACCT_ST_OK) {
		ad_signin_put(reply, &u, &p);
		ad_log_peer(LOG_INFO, peer,
			    "%s of user '%s' of tenant '%s' renewed", label,
			    u.name, u.tenant);
	}
	ad_signin_pair_wipe(&p);
	return token_refusal(rc, err);
}

AD_HANDLER(ad_handle_refresh)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_token tok;
	struct ad_str text;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_TOKEN, true, &text, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_token_key(AD_TOKEN_REFRESH, text.p, text.len, key) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	rc = token_and_user(ctx, rq, key, &tok, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	switch (ad_policy_refresh(tok.kind == AD_TOKEN_REFRESH, tok.used_at,
				  tok.expires, ad_ctx_now(ctx))) {
	case AD_REFRESH_OK:
		return renew(ctx, peer, rq, key, &tok, reply, err);
	case AD_REFRESH_REUSED:
		return reused(ctx, peer, rq, key, &tok, err);
	case AD_REFRESH_INVALID:
	default:
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	}
}

/* ---- LOGOUT ---- */

AD_HANDLER(ad_handle_logout)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	char label[32];
	struct ad_token tok;
	struct ad_str text;
	struct ad_user u;
	uint32_t n = 0;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_TOKEN, true, &text, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_token_key(AD_TOKEN_ACCESS, text.p, text.len, key) < 0 &&
	    ad_token_key(AD_TOKEN_REFRESH, text.p, text.len, key) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	rc = token_and_user(ctx, rq, key, &tok, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_signin_label(tok.data, label, sizeof(label));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL, label);
	rc = ad_store_signin_end(ctx->store, key, ad_ctx_now(ctx),
				 rq->caller.actor, &u, &n, err);
	if (rc != ACCT_ST_OK)
		return token_refusal(rc, err);
	ad_log_peer(LOG_NOTICE, peer, "%s of user '%s' ended (logout)", label,
		    u.name);
	acct_put_str(reply, ACCT_T_NAME, u.name);
	acct_put_u32(reply, ACCT_T_COUNT, n);
	return ACCT_ST_OK;
}
