/*
 * subscription.c - TENANT_PLAN, TENANT_SUBSCRIBE and TENANT_CANCEL, and
 * the subscription changes time brings (ad_subscriptions_apply, run by
 * main.c's timer).  What each makes of a subscription is
 * policy/subscription.h's; the reply is the tenant's record.
 */
#include "ops/budget.h"
#include "policy/subscription.h"
#include "server/log.h"
#include "store/wire.h"

/* The request's time and the moment it is made. */
struct sub_args {
	uint64_t when; /* TRIAL_ENDS or PERIOD_ENDS; 0: not given */
	uint64_t now;
};

static int plan_fn(void *arg, const struct ad_tenant *t,
		   const struct ad_plan *p, struct ad_subscription *sub,
		   char *msg, size_t msglen)
{
	const struct sub_args *a = arg;

	(void)t;
	(void)msg;
	(void)msglen;
	return ad_policy_sub_plan(sub, p, a->when, a->now);
}

static int subscribe_fn(void *arg, const struct ad_tenant *t,
			const struct ad_plan *p, struct ad_subscription *sub,
			char *msg, size_t msglen)
{
	const struct sub_args *a = arg;

	(void)p;
	return ad_policy_sub_subscribe(sub, t->slug, a->when, a->now, msg,
				       msglen);
}

static int cancel_fn(void *arg, const struct ad_tenant *t,
		     const struct ad_plan *p, struct ad_subscription *sub,
		     char *msg, size_t msglen)
{
	const struct sub_args *a = arg;

	(void)p;
	return ad_policy_sub_cancel(sub, t->slug, a->now, msg, msglen);
}

/* One change: NAME, then the time under when_tag (0: none), through fn. */
static int sub_change(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const struct ad_request *rq, struct ad_str plan,
		      uint16_t when_tag, ad_sub_change_fn fn,
		      struct acct_buf *reply, struct ad_err *err)
{
	struct sub_args a = {0, ad_ctx_now(ctx)};
	struct ad_str slug;
	struct ad_tenant t;
	bool given = false;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK && when_tag != 0)
		rc = ad_req_u64(rq->payload, rq->len, when_tag, false, &a.when,
				&given, err);
	if (rc == ACCT_ST_OK && given && a.when == 0)
		rc = ad_fail(err, ACCT_ST_INVALID,
			     "%s must be a time after 1970-01-01T00:00:00Z",
			     when_tag == ACCT_T_TRIAL_ENDS ? "trial-ends"
							   : "period-ends");
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_sub_change(ctx->store, slug, plan, fn, &a,
						rq->caller.actor, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "subscription of tenant '%s': plan '%s', %s", t.slug,
		    t.sub.plan, acct_sub_status_name(t.sub.status));
	if (ctx->subscriptions_changed != NULL)
		ctx->subscriptions_changed(ctx->subscriptions_arg);
	ad_wire_tenant(reply, &t);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_tenant_plan)
{
	struct ad_str plan;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_PLAN, false, &plan, err);
	if (rc == ACCT_ST_OK && !ad_str_given(plan))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: plan");
	if (rc != ACCT_ST_OK)
		return rc;
	return sub_change(ctx, peer, rq, plan, ACCT_T_TRIAL_ENDS, plan_fn,
			  reply, err);
}

AD_HANDLER(ad_handle_tenant_subscribe)
{
	return sub_change(ctx, peer, rq, (struct ad_str){NULL, 0},
			  ACCT_T_PERIOD_ENDS, subscribe_fn, reply, err);
}

AD_HANDLER(ad_handle_tenant_cancel)
{
	return sub_change(ctx, peer, rq, (struct ad_str){NULL, 0}, 0, cancel_fn,
			  reply, err);
}

/* ---- time ---- */

static bool due(const struct ad_subscription *s, uint64_t now, uint32_t *status,
		uint64_t *next, const char **why)
{
	struct ad_sub_step st;

	ad_policy_sub_step(s, now, &st);
	*status = st.status;
	*next = st.due;
	*why = st.why;
	return st.changed;
}

int ad_subscriptions_apply(struct ad_ctx *ctx, uint64_t now, uint64_t *next_due,
			   uint32_t *changed, struct ad_err *err)
{
	return ad_store_sub_sweep(ctx->store, now, due, next_due, changed, err);
}
