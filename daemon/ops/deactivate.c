/*
 * deactivate.c - USER_DEACTIVATE and USER_REACTIVATE: a tenant's admins
 * (user:manage) and operators take a user out and let it back in.  The
 * rules are policy/user.h's, asked inside the store's write
 * (store/lifecycle.h); a deactivated user is disabled, and loses its
 * sessions and processes as a disabled one does (ops/lifecycle.c).
 */
#include "ops/budget.h"
#include "ops/handlers.h"
#include "policy/user.h"
#include "server/log.h"
#include "store/lifecycle.h"

/* arg: the caller's uid (no deactivating oneself). */
static int deactivate_guard(void *arg, const struct ad_user_change *c,
			    char *msg, size_t msglen)
{
	const uint32_t *actor_uid = arg;

	return ad_policy_deactivate(c, *actor_uid, msg, msglen);
}

static int reactivate_guard(void *arg, const struct ad_user_change *c,
			    char *msg, size_t msglen)
{
	(void)arg;
	return ad_policy_reactivate(c, msg, msglen);
}

AD_HANDLER(ad_handle_user_deactivate)
{
	uint32_t actor_uid = (uint32_t)peer->uid;
	struct ad_user_guard guard = {deactivate_guard, &actor_uid};
	struct ad_str name, reason;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_STATUS_REASON,
				false, &reason, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = ad_store_user_deactivate(ctx->store, name, reason, &guard,
				      rq->caller.actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "deactivated user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_lifecycle_on_disable(ctx, &u);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_reactivate)
{
	struct ad_budget_outcome seats;
	struct ad_budget_arm arm;
	struct ad_user_guard guard = {reactivate_guard, NULL};
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_budget_check_return(ctx, rq, name, &seats, err);
	if (rc != ACCT_ST_OK)
		return rc;
	arm = (struct ad_budget_arm){rq, &seats, 1};
	ad_budget_arm(ctx, &arm);
	rc = ad_store_user_reactivate(ctx->store, name, &guard,
				      rq->caller.actor, &u, err);
	ad_budget_disarm(ctx);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "reactivated user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}
