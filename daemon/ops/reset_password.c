/*
 * reset_password.c - RESET: a reset token and a new password in, the
 * password set.
 *
 * Open to any uid: the token is the authority.  On the loop: the token's
 * shape and standing (a read), its user, the quality rules; on a worker
 * the Argon2id hash (pw_job.h); back on the loop one write uses the
 * token up, stores the hash and clears the lockout, with the request's
 * audit record (the caller as actor, the user as target, never the
 * token).  Whatever is wrong with a token gets the one AD_TOKEN_REFUSED.
 */
#include "ops/handlers.h"
#include "ops/pw_job.h"
#include "ops/signin.h"
#include "policy/reset.h"
#include "server/log.h"
#include "store/token.h"

struct reset_job {
	struct ad_pw_job pw; /* first: the job is its own ad_pw_job */
	uint8_t key[AD_TOKEN_KEY_LEN];
};

/* The token's user may still set its password (asked in the write too). */
static int usable_guard(void *arg, const struct ad_user *u,
			const struct ad_tenant *t, char *msg, size_t msglen)
{
	(void)arg;
	return ad_policy_reset_usable(u, t, msg, msglen);
}

static const struct ad_token_guard usable = {usable_guard, NULL};

/* ... and before the hash: whatever stops it is the token's one refusal */
static int may_use(const struct ad_user *u, const struct ad_tenant *t,
		   uint64_t now, char *msg, size_t msglen)
{
	char why[AD_MSG_MAX];

	(void)now;
	msg[0] = '\0';
	(void)msglen;
	return ad_policy_reset_usable(u, t, why, sizeof(why)) == ACCT_ST_OK
		       ? ACCT_ST_OK
		       : ACCT_ST_DENIED;
}

/* Back on the loop: the token used up and the password set, in one
 * write (a token used meanwhile is refused there). */
static int reset_finish(struct ad_deferred *d, struct acct_buf *reply,
			struct ad_err *err)
{
	struct reset_job *j = (struct reset_job *)d;
	struct ad_user u;
	int rc;

	rc = ad_pw_job_hashed(&j->pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_token_set_password(d->ctx->store, j->key,
						 AD_TOKEN_RESET,
						 ad_ctx_now(d->ctx), j->pw.hash,
						 &usable, j->pw.actor, &u, err);
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

AD_HANDLER(ad_handle_reset)
{
	struct reset_job *j =
		ad_pw_job_new(sizeof(*j), ctx, peer, rq, reset_finish);

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ad_pw_job_run(&j->pw,
			     ad_pw_job_token(ctx, rq, AD_TOKEN_RESET, may_use,
					     &j->pw, j->key, err),
			     rq, reply, err);
}
