/*
 * handle_lifecycle.c - TENANT_SUSPEND, TENANT_REACTIVATE,
 * TENANT_DEPROVISION, TENANT_FINALIZE, USER_DISABLE and USER_ENABLE.  The
 * rules and the audit records live in store_lifecycle.c; these read the
 * request, reply with the record, and run what must follow a change.
 */
#include <stdio.h>

#include "ops/handlers.h"
#include "server/log.h"
#include "procs/sessions.h"
#include "store/lifecycle.h"

/*
 * After a tenant entered deprovisioning (committed): end its users' live
 * sessions and every other process of theirs, and revoke its keys once
 * keys exist (they hook in here).  The login policy already refuses
 * every new login of a tenant not active.
 */
static void ad_lifecycle_on_deprovision(struct ad_ctx *ctx,
					const struct ad_tenant *t)
{
	char why[AD_MSG_MAX];

	if (ctx->sessions == NULL)
		return;
	snprintf(why, sizeof(why), "organization %s deprovisioned", t->slug);
	ad_sessions_end_tenant(ctx->sessions, t, why);
}

/* After a user was disabled (committed): end its live sessions and
 * processes, and revoke its tokens, once those exist (see above). */
static void ad_lifecycle_on_disable(struct ad_ctx *ctx, const struct ad_user *u)
{
	char why[AD_MSG_MAX];

	if (ctx->sessions == NULL)
		return;
	snprintf(why, sizeof(why), "account %s disabled", u->name);
	ad_sessions_end_user(ctx->sessions, u, why);
}

static int tenant_action(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_request *rq,
			 enum ad_tenant_action action, struct acct_buf *reply,
			 struct ad_err *err)
{
	struct ad_str slug, reason = {NULL, 0};
	struct ad_tenant t;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK && action != AD_TENANT_FINALIZE)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_STATUS_REASON,
				false, &reason, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_lifecycle(ctx->store, slug, action, reason,
					       rq->actor, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "%s '%s': %s", ad_op_name(rq->opcode),
		    t.slug, t.status_reason[0] ? t.status_reason : "-");
	if (action == AD_TENANT_DEPROVISION)
		ad_lifecycle_on_deprovision(ctx, &t);
	ad_put_tenant(reply, &t);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_tenant_suspend)
{
	return tenant_action(ctx, peer, rq, AD_TENANT_SUSPEND, reply, err);
}

AD_HANDLER(ad_handle_tenant_reactivate)
{
	return tenant_action(ctx, peer, rq, AD_TENANT_REACTIVATE, reply, err);
}

AD_HANDLER(ad_handle_tenant_deprovision)
{
	return tenant_action(ctx, peer, rq, AD_TENANT_DEPROVISION, reply, err);
}

AD_HANDLER(ad_handle_tenant_finalize)
{
	return tenant_action(ctx, peer, rq, AD_TENANT_FINALIZE, reply, err);
}

AD_HANDLER(ad_handle_user_disable)
{
	struct ad_str name, reason;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_STATUS_REASON,
				false, &reason, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_disable(ctx->store, name, reason, rq->actor,
					   (uint32_t)peer->uid, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "disabled user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_lifecycle_on_disable(ctx, &u);
	ad_put_user(reply, &u);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_enable)
{
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_enable(ctx->store, name, rq->actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "enabled user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_put_user(reply, &u);
	return ACCT_ST_OK;
}
