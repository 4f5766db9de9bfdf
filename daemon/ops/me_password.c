/*
 * me_password.c - self-service that needs the current password:
 * ME_PASSWORD (a new one) and ME_DISABLE (the caller disables its own
 * account).  Both take CHAUTHTOK's steps (pw_change.h): the quality
 * rules first, the login policy, the current password on a worker (a
 * wrong one counted toward lockout and audited like a failed login), the
 * change on the loop, committed with the request's audit record.
 */
#include <sodium.h>

#include "ops/handlers.h"
#include "ops/me.h"
#include "ops/pw_change.h"
#include "policy/user.h"
#include "server/log.h"
#include "store/lifecycle.h"

#define AD_SELF_DISABLE_REASON "disabled by the user"

/* The caller's own user for a change: its login into name (the buffer
 * outlives the request's run). */
static int me_login(struct ad_ctx *ctx, const struct ad_request *rq,
		    char name[ACCT_MAX_NAME + 1], struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_me_user(ctx, rq, &u, &t, err);
	if (rc == ACCT_ST_OK)
		memcpy(name, u.name, ACCT_MAX_NAME + 1);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	return rc;
}

AD_HANDLER(ad_handle_me_password)
{
	struct ad_pw_change c = {.mode = AD_PW_SELF};
	char name[ACCT_MAX_NAME + 1];
	int rc;

	rc = me_login(ctx, rq, name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_OLD_PASSWORD, true,
				&c.old_pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&c.new_pw, err);
	if (rc != ACCT_ST_OK)
		return rc;
	c.name = ad_str_c(name);
	return ad_pw_change_run(ctx, peer, rq, &c, reply, err);
}

/* A user disabling itself must leave its tenant an active owner. */
static int owner_guard(void *arg, const struct ad_user_change *c, char *msg,
		       size_t msglen)
{
	(void)arg;
	return ad_policy_owner_kept(c, msg, msglen);
}

/* The current password was right: disable the account. */
static int disable_now(struct ad_ctx *ctx, const struct ad_peer *peer,
		       const char *login, const char *arg,
		       struct acct_buf *reply, struct ad_err *err)
{
	static const struct ad_user_guard guard = {owner_guard, NULL};
	char actor[AD_MAX_ACTOR + 1];
	struct ad_user u;
	int rc;

	(void)arg;
	ad_actor(peer, actor, sizeof(actor));
	rc = ad_store_user_disable(ctx->store, ad_str_c(login),
				   ad_str_c(AD_SELF_DISABLE_REASON), &guard,
				   actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "user '%s' of tenant '%s' disabled its own account", u.name,
		    u.tenant);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

/* Once the answer is on its way: what follows a disable (sessions and
 * processes ended), as for USER_DISABLE. */
static void disable_later(struct ad_ctx *ctx, const struct ad_peer *peer,
			  const char *login, const char *arg,
			  const struct ad_lineage *caller)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_user u;

	(void)arg;
	(void)caller; /* a disabled user's every session ends */
	if (ad_store_user_get(ctx->store, ad_str_c(login), &u, &err) !=
	    ACCT_ST_OK) {
		ad_log_peer(LOG_ERR, peer,
			    "cannot end the sessions of '%s': %s", login,
			    err.msg);
		return;
	}
	ad_lifecycle_on_disable(ctx, &u);
}

AD_HANDLER(ad_handle_me_disable)
{
	static const struct ad_pw_then disable = {disable_now, disable_later};
	struct ad_pw_change c = {.mode = AD_PW_SELF, .prelim = true};
	char name[ACCT_MAX_NAME + 1];
	int rc;

	rc = me_login(ctx, rq, name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_OLD_PASSWORD, true,
				&c.old_pw, err);
	if (rc != ACCT_ST_OK)
		return rc;
	c.name = ad_str_c(name);
	c.then = &disable;
	return ad_pw_change_run(ctx, peer, rq, &c, reply, err);
}
