/*
 * lifecycle.c - TENANT_SUSPEND, TENANT_REACTIVATE,
 * TENANT_DEPROVISION, TENANT_FINALIZE, USER_DISABLE and USER_ENABLE.  The
 * rules are policy/tenant.h and policy/user.h, handed to the store, which
 * applies them in its write; these read the request, name the tenant in
 * the audit record, reply with the record, and run what must follow.
 */
#include <stdio.h>

#include "ops/budget.h"
#include "ops/handlers.h"
#include "server/log.h"
#include "policy/tenant.h"
#include "policy/user.h"
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
 * processes, and revoke its tokens, once those exist (see above).  Also
 * for ME_DISABLE (ops/me_password.c) and USER_DEACTIVATE
 * (ops/deactivate.c). */
void ad_lifecycle_on_disable(struct ad_ctx *ctx, const struct ad_user *u)
{
	char why[AD_MSG_MAX];

	if (ctx->sessions == NULL)
		return;
	snprintf(why, sizeof(why), "account %s disabled", u->name);
	ad_sessions_end_user(ctx->sessions, u, why);
}

/* The audit record names the tenant concerned; noted before the change,
 * which commits with the record. */
static void note_tenant(struct ad_ctx *ctx, const struct ad_request *rq,
			struct ad_str slug)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_tenant t;

	if (rq->audit != NULL &&
	    ad_store_tenant_get(ctx->store, slug, &t, &scratch) == ACCT_ST_OK)
		ad_audit_note(rq->audit, NULL, t.slug, NULL);
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
		note_tenant(ctx, rq, slug);
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_lifecycle(ctx->store, slug, action,
					       ad_tenant_transition, reason,
					       rq->caller.actor, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "%s '%s': %s", ad_op_label(rq->opcode),
		    t.slug, t.status_reason[0] ? t.status_reason : "-");
	if (action == AD_TENANT_DEPROVISION)
		ad_lifecycle_on_deprovision(ctx, &t);
	ad_wire_tenant(reply, &t);
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

/* USER_DISABLE's guard: not the caller itself (arg: its uid), and not
 * the last active owner of its tenant. */
static int disable_guard(void *arg, const struct ad_user_change *c, char *msg,
			 size_t msglen)
{
	const uint32_t *actor_uid = arg;
	int rc;

	rc = ad_policy_disable_other(c->user, *actor_uid, msg, msglen);
	if (rc == ACCT_ST_OK)
		rc = ad_policy_owner_kept(c, msg, msglen);
	return rc;
}

AD_HANDLER(ad_handle_user_disable)
{
	uint32_t actor_uid = rq->caller.uid; /* a token's user too */
	struct ad_user_guard guard = {disable_guard, &actor_uid};
	struct ad_str name, reason;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_STATUS_REASON,
				false, &reason, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_disable(ctx->store, name, reason, &guard,
					   rq->caller.actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "disabled user '%s' of tenant '%s'",
		    u.name, u.tenant);
	ad_lifecycle_on_disable(ctx, &u);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

/* The store's change of one user that needs nothing but its name. */
typedef int (*user_change_fn)(struct ad_store *st, struct ad_str name,
			      const char *actor, struct ad_user *out,
			      struct ad_err *err);

/* USER_ENABLE and USER_UNLOCK: name in, the changed user out; enabling
 * a disabled user takes a seat (seats_asked). */
static int user_change(struct ad_ctx *ctx, const struct ad_peer *peer,
		       const struct ad_request *rq, user_change_fn change,
		       bool seats_asked, const char *done,
		       struct acct_buf *reply, struct ad_err *err)
{
	struct ad_budget_outcome seats = {.checked = false};
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK && seats_asked)
		rc = ad_budget_check_return(ctx, rq, name, &seats, err);
	if (rc == ACCT_ST_OK) {
		struct ad_budget_arm arm = {rq, &seats, 1};

		ad_budget_arm(ctx, &arm);
		rc = change(ctx->store, name, rq->caller.actor, &u, err);
		ad_budget_disarm(ctx);
	}
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "%s user '%s' of tenant '%s'", done,
		    u.name, u.tenant);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_enable)
{
	return user_change(ctx, peer, rq, ad_store_user_enable, true, "enabled",
			   reply, err);
}

/* An operator lifts a lockout (policy/lockout.h) before it runs out, and
 * clears the failed-login counter. */
AD_HANDLER(ad_handle_user_unlock)
{
	return user_change(ctx, peer, rq, ad_store_user_unlock, false,
			   "unlocked", reply, err);
}
