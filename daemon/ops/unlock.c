/*
 * handle_unlock.c - USER_UNLOCK: an operator lifts a lockout (lockout.h)
 * before it runs out, and clears the failed-login counter.
 */
#include "ops/handlers.h"
#include "server/log.h"

AD_HANDLER(ad_handle_user_unlock)
{
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		ad_audit_user_tenant(ctx, rq->audit, name);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_unlock(ctx->store, name, rq->caller.actor,
					  &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "unlocked user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}
