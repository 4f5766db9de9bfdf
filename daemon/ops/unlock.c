/*
 * handle_unlock.c - USER_UNLOCK: an operator lifts a lockout (lockout.h)
 * before it runs out, and clears the failed-login counter.
 */
#include "ops/handlers.h"
#include "server/log.h"

/* The audit record names the user's tenant; noted before the change,
 * which commits with the record. */
static void note_user_tenant(struct ad_ctx *ctx, const struct ad_request *rq,
			     struct ad_str name)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_user u;

	if (rq->audit != NULL &&
	    ad_store_user_get(ctx->store, name, &u, &scratch) == ACCT_ST_OK)
		ad_audit_note(rq->audit, NULL, u.tenant, NULL);
}

AD_HANDLER(ad_handle_user_unlock)
{
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		note_user_tenant(ctx, rq, name);
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
