/*
 * reset_password.c - RESET: a reset token and a new password in, the
 * password set.
 *
 * Open to any uid: the token is the authority.  On the loop: the token's
 * shape and standing (a read), its user, the quality rules; on a worker
 * the Argon2id hash (deferred.h); back on the loop one write uses the
 * token up, stores the hash and clears the lockout, with the request's
 * audit record (the caller as actor, the user as target, never the
 * token).  Whatever is wrong with a token gets the one AD_TOKEN_REFUSED.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/deferred.h"
#include "ops/handlers.h"
#include "ops/password.h"
#include "ops/signin.h"
#include "policy/reset.h"
#include "server/log.h"
#include "store/token.h"

struct reset_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	uint8_t key[AD_TOKEN_KEY_LEN];
	char actor[AD_MAX_ACTOR + 1];
	struct ad_pw_limits lim;
	struct ad_secret pw;
	int hashed; /* 0: hash holds the result */
	char hash[AD_MAX_PWHASH + 1];
};

static void reset_release(struct ad_deferred *d)
{
	struct reset_job *j = (struct reset_job *)d;

	ad_secret_free(&j->pw);
	sodium_memzero(j, sizeof(*j));
	free(j);
}

/* On a worker: the hash.  The cleartext goes as soon as it is used. */
static void reset_work(struct ad_deferred *d)
{
	struct reset_job *j = (struct reset_job *)d;

	j->hashed = ad_password_hash(&j->pw, &j->lim, j->hash);
	ad_secret_free(&j->pw);
}

/* The token's user may still set its password (asked in the write too). */
static int usable_guard(void *arg, const struct ad_user *u,
			const struct ad_tenant *t, char *msg, size_t msglen)
{
	(void)arg;
	return ad_policy_reset_usable(u, t, msg, msglen);
}

static const struct ad_token_guard usable = {usable_guard, NULL};

/* Back on the loop: the token used up and the password set, in one
 * write (a token used meanwhile is refused there). */
static int reset_finish(struct ad_deferred *d, struct acct_buf *reply,
			struct ad_err *err)
{
	struct reset_job *j = (struct reset_job *)d;
	struct ad_user u;
	int rc;

	if (j->hashed != 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot hash the password: out of memory");
	rc = ad_store_token_set_password(d->ctx->store, j->key, AD_TOKEN_RESET,
					 ad_ctx_now(d->ctx), j->hash, &usable,
					 j->actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, &d->peer,
		    "password of user '%s' of tenant '%s' set with a reset "
		    "token",
		    u.name, u.tenant);
	ad_signin_end_user(d->ctx, &d->peer, u.name);
	acct_put_str(reply, ACCT_T_NAME, u.name);
	return ACCT_ST_OK;
}

/* The token, its user and the new password, checked in that order; fills
 * j's key and secret. */
static int reset_prepare(struct ad_ctx *ctx, const struct ad_request *rq,
			 struct reset_job *j, struct ad_err *err)
{
	char msg[AD_MSG_MAX];
	struct ad_str token, pw;
	struct ad_token tok;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_TOKEN, true, &token, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_token_key(AD_TOKEN_RESET, token.p, token.len, j->key) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	rc = ad_store_token_check(ctx->store, j->key, AD_TOKEN_RESET,
				  ad_ctx_now(ctx), &tok, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, tok.uid, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK &&
	     ad_policy_reset_usable(&u, &t, msg, sizeof(msg)) != ACCT_ST_OK))
		rc = ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, u.name, t.slug, NULL);
	if (ad_password_check(pw.p, pw.len, u.name, strlen(u.name),
			      ctx->cfg->password_min_length, msg,
			      sizeof(msg)) < 0)
		return ad_fail(err, ACCT_ST_INVALID, "%s", msg);
	if (ad_secret_set(&j->pw, pw.p, pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_reset)
{
	struct reset_job *j = calloc(1, sizeof(*j));
	int rc;

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = reset_prepare(ctx, rq, j, err);
	if (rc != ACCT_ST_OK) {
		reset_release(&j->d);
		return rc;
	}
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = reset_work,
				    .finish = reset_finish,
				    .release = reset_release};
	memcpy(j->actor, rq->caller.actor, sizeof(j->actor));
	ad_pw_limits_from(ctx->cfg, &j->lim);
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many password requests at once, try "
			       "again");
}
