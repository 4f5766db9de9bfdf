/*
 * plan.c - PLAN_CREATE, PLAN_LIST, PLAN_SHOW, PLAN_UPDATE and PLAN_DELETE:
 * the operator's plans.  Replies carry ACCT_T_PLAN_REC records.
 */
#include "ops/budget.h"
#include "ops/handlers.h"
#include "server/log.h"
#include "store/wire.h"

/* The limits and trial days a request gives, into c (set: which). */
static int read_limits(const struct ad_request *rq, struct ad_plan_change *c,
		       struct ad_err *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = ad_budget_read_limits(rq, c->limit, &c->set, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_TRIAL_DAYS, false,
				&c->trial_days, &c->trial_given, err);
	return rc;
}

static int done(const struct ad_peer *peer, struct acct_buf *reply,
		const struct ad_plan *p, const char *what)
{
	ad_log_peer(LOG_NOTICE, peer, "%s plan '%s'", what, p->name);
	ad_wire_plan(reply, p, false);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_plan_create)
{
	struct ad_plan_change c;
	struct ad_plan p;
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = read_limits(rq, &c, err);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&p, 0, sizeof(p));
	if (name.len > ACCT_MAX_NAME)
		return ad_fail(err, ACCT_ST_INVALID,
			       "plan name is longer than %u characters",
			       ACCT_MAX_NAME);
	memcpy(p.name, name.p, name.len);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		p.limit[k] = (c.set & (1u << k)) ? c.limit[k]
						 : ACCT_BUDGET_UNLIMITED;
	p.trial_days = c.trial_days;
	rc = ad_store_plan_create(ctx->store, &p, rq->caller.actor, &p, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return done(peer, reply, &p, "created");
}

static int put_plan(void *arg, const struct ad_plan *p)
{
	return ad_wire_plan(arg, p, false) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_plan_list)
{
	(void)peer;
	(void)rq;
	return ad_store_plan_list(ctx->store, put_plan, reply, err);
}

AD_HANDLER(ad_handle_plan_show)
{
	struct ad_str name;
	struct ad_plan p;
	int rc;

	(void)peer;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_plan_get(ctx->store, name, &p, err);
	if (rc == ACCT_ST_OK)
		ad_wire_plan(reply, &p, true);
	return rc;
}

AD_HANDLER(ad_handle_plan_update)
{
	struct ad_plan_change c;
	struct ad_str name;
	struct ad_plan p;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = read_limits(rq, &c, err);
	if (rc == ACCT_ST_OK && c.set == 0 && !c.trial_given)
		rc = ad_fail(err, ACCT_ST_BADREQ,
			     "nothing to change: give a limit or trial days");
	if (rc == ACCT_ST_OK)
		rc = ad_store_plan_update(ctx->store, name, &c,
					  rq->caller.actor, &p, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return done(peer, reply, &p, "updated");
}

AD_HANDLER(ad_handle_plan_delete)
{
	struct ad_str name;
	struct ad_plan p;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_plan_delete(ctx->store, name, rq->caller.actor,
					  &p, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return done(peer, reply, &p, "deleted");
}
