/*
 * budget.c - BUDGET_SET and BUDGET_SHOW, and the budget check as every
 * handler that adds to a budget asks it (ops/budget.h).
 */
#include <stdio.h>

#include "ops/budget.h"
#include "server/log.h"
#include "store/apikey.h"
#include "store/audit.h"
#include "store/wire.h"

static const uint16_t limit_tags[ACCT_BUDGET_KINDS] = {
	ACCT_T_SEATS, ACCT_T_SESSIONS, ACCT_T_KEYS, ACCT_T_USAGE};

int ad_budget_read_limits(const struct ad_request *rq,
			  uint64_t limit[ACCT_BUDGET_KINDS], uint32_t *set,
			  struct ad_err *err)
{
	bool given;
	int rc = ACCT_ST_OK;

	for (unsigned k = 0; k < ACCT_BUDGET_KINDS && rc == ACCT_ST_OK; k++) {
		rc = ad_req_u64(rq->payload, rq->len, limit_tags[k], false,
				&limit[k], &given, err);
		if (given)
			*set |= 1u << k;
	}
	return rc;
}

/* What a tenant uses of the budgets the API-key store counts: its live
 * keys, and its units this calendar month (unwritten counts included). */
static int used_elsewhere(struct ad_ctx *ctx, struct ad_budget_view *v,
			  uint32_t count, struct ad_err *err)
{
	uint64_t now = ad_ctx_now(ctx);
	uint32_t live = 0;
	int rc = ACCT_ST_OK;

	if (count & (1u << (ACCT_BUDGET_KEYS - 1))) {
		rc = ad_store_apikey_live(ctx->store, v->tenant_gid, now, &live,
					  err);
		v->line[ACCT_BUDGET_KEYS - 1].used = live;
	}
	if (rc == ACCT_ST_OK && (count & (1u << (ACCT_BUDGET_USAGE - 1)))) {
		rc = ad_store_usage_units(
			ctx->store, v->tenant_gid, ad_usage_month(now),
			&v->line[ACCT_BUDGET_USAGE - 1].used, err);
	}
	return rc;
}

/* The view with the use of the kinds in count (bit kind - 1) filled in. */
static int view(struct ad_ctx *ctx, struct ad_str tenant, uint32_t count,
		struct ad_budget_view *v, struct ad_err *err)
{
	int rc = ad_store_budget_view(ctx->store, tenant, count, v, err);

	return rc == ACCT_ST_OK ? used_elsewhere(ctx, v, count, err) : rc;
}

int ad_budget_view(struct ad_ctx *ctx, struct ad_str tenant,
		   struct ad_budget_view *v, struct ad_err *err)
{
	return view(ctx, tenant, (1u << ACCT_BUDGET_KINDS) - 1, v, err);
}

/* May this caller go past a budget with the override policy?  An
 * operator that asks, or a key that holds budget:override (which only
 * operators give): the scope is the key's standing request. */
static bool may_override(const struct ad_caller *c)
{
	if (c->api_key)
		return (c->scopes & ACCT_SCOPE_BUDGET_OVERRIDE) != 0;
	return c->kind == AD_CALLER_OPERATOR;
}

static bool override_key(const struct ad_caller *c)
{
	return c->api_key && (c->scopes & ACCT_SCOPE_BUDGET_OVERRIDE) != 0;
}

/* The policy's verdict on adding `adding` to kind of tenant; o filled
 * for the events.  A tenant that is not there is left to the change. */
static int ask(struct ad_ctx *ctx, struct ad_str tenant, uint32_t kind,
	       uint64_t adding, bool allowed, bool asked,
	       struct ad_budget_outcome *o, struct ad_err *err)
{
	struct ad_budget_view v;
	struct ad_budget_ask a;
	struct ad_err scratch = {ACCT_ST_OK, ""};
	int rc;

	memset(o, 0, sizeof(*o));
	/* the limits first: an unlimited budget costs no counting */
	rc = view(ctx, tenant, 0, &v, &scratch);
	if (rc == ACCT_ST_OK && v.line[kind - 1].limit != ACCT_BUDGET_UNLIMITED)
		rc = view(ctx, tenant, 1u << (kind - 1), &v, &scratch);
	if (rc == ACCT_ST_NOTFOUND || rc == ACCT_ST_BADREQ)
		return ACCT_ST_OK; /* the change says it in its own words */
	if (rc != ACCT_ST_OK) {
		*err = scratch;
		return rc;
	}
	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.tenant = v.tenant;
	a.limit = v.line[kind - 1].limit;
	a.used = v.line[kind - 1].used;
	a.adding = adding;
	a.policy = v.policy;
	a.override_allowed = allowed;
	a.override_asked = asked;
	rc = ad_policy_budget(&a, &o->v);
	if (rc != ACCT_ST_OK)
		return ad_fail(err, rc, "%s", o->v.msg);
	o->checked = true;
	o->kind = kind;
	memcpy(o->tenant, v.tenant, sizeof(o->tenant));
	o->limit = a.limit;
	o->used = a.used;
	return ACCT_ST_OK;
}

int ad_budget_check(struct ad_ctx *ctx, const struct ad_request *rq,
		    struct ad_str tenant, uint32_t kind, uint64_t adding,
		    struct ad_budget_outcome *o, struct ad_err *err)
{
	uint32_t asked = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_OVERRIDE, false, &asked,
			NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ask(ctx, tenant, kind, adding, may_override(&rq->caller),
		   asked == 1 || override_key(&rq->caller), o, err);
}

int ad_budget_check_return(struct ad_ctx *ctx, const struct ad_request *rq,
			   struct ad_str name, struct ad_budget_outcome *o,
			   struct ad_err *err)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_user u;

	memset(o, 0, sizeof(*o));
	if (ad_store_user_get(ctx->store, name, &u, &scratch) != ACCT_ST_OK ||
	    u.status != ACCT_USER_DISABLED)
		return ACCT_ST_OK;
	return ad_budget_check(ctx, rq, ad_str_c(u.tenant), ACCT_BUDGET_SEATS,
			       1, o, err);
}

/* Where the records of an outcome go: into a change's transaction, or
 * on their own. */
typedef int (*emit_fn)(void *arg, const struct ad_audit_event *ev);

/* One record of o's: action, with "tenant acme <what> its seats budget
 * (8 of 10)", by who (from process pid). */
static int emit_one(emit_fn emit, void *arg, const struct ad_audit_who *who,
		    int32_t pid, const struct ad_budget_outcome *o,
		    const char *action, const char *what)
{
	struct ad_audit_event ev;
	char msg[AD_MSG_MAX];

	snprintf(msg, sizeof(msg), "tenant %s %s its %s budget (%llu of %llu)",
		 o->tenant, what, acct_budget_kind_name(o->kind),
		 (unsigned long long)o->v.after, (unsigned long long)o->limit);
	memset(&ev, 0, sizeof(ev));
	ev.actor = who->actor[0] != '\0' ? who->actor : "accountsd";
	ev.has_uid = who->has_uid;
	ev.uid = who->uid;
	ev.action = action;
	ev.target = o->tenant;
	ev.tenant = o->tenant;
	ev.result = ACCT_ST_OK;
	ev.message = msg;
	ev.pid = pid > 0 ? (uint32_t)pid : 0;
	return emit(arg, &ev);
}

/* The records of what o crossed, and of its override. */
static int emit_outcome(emit_fn emit, void *arg, const struct ad_audit_who *who,
			int32_t pid, const struct ad_budget_outcome *o)
{
	int rc = ACCT_ST_OK;

	if (!o->checked)
		return rc;
	if (o->v.overridden)
		rc = emit_one(emit, arg, who, pid, o, "budget-override",
			      "went past");
	if (rc == ACCT_ST_OK && o->v.cross80)
		rc = emit_one(emit, arg, who, pid, o, "budget-80",
			      "reached 80% of");
	if (rc == ACCT_ST_OK && o->v.cross100)
		rc = emit_one(emit, arg, who, pid, o, "budget-100", "reached");
	return rc;
}

static int emit_in(void *arg, const struct ad_audit_event *ev)
{
	return ad_audit_append_in(arg, ev);
}

/* Inside the change's write transaction (ad_store_audit_also). */
static int append_events(void *arg, struct st_wtx *w)
{
	const struct ad_budget_arm *arm = arg;
	const struct ad_caller *c = &arm->rq->caller;
	struct ad_audit_who who = ad_audit_who_of(arm->rq, &arm->rq->peer);
	int rc = ACCT_ST_OK;

	for (size_t i = 0; i < arm->n && rc == ACCT_ST_OK; i++)
		rc = emit_outcome(emit_in, w, &who, c->pid, &arm->o[i]);
	return rc;
}

struct emit_alone {
	struct ad_ctx *ctx;
	struct ad_err err;
};

static int emit_alone(void *arg, const struct ad_audit_event *ev)
{
	struct emit_alone *e = arg;

	return ad_audit_append(e->ctx->store, ev, &e->err);
}

int ad_budget_key_use(struct ad_ctx *ctx, const char *tenant, uint32_t scopes,
		      bool asked, const struct ad_audit_who *who, int32_t pid,
		      struct ad_err *err)
{
	bool key_override = (scopes & ACCT_SCOPE_BUDGET_OVERRIDE) != 0;
	struct emit_alone e = {ctx, {ACCT_ST_OK, ""}};
	struct ad_budget_outcome o;
	int rc;

	rc = ask(ctx, ad_str_c(tenant), ACCT_BUDGET_USAGE, 1, key_override,
		 asked || key_override, &o, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* a key use writes nothing else (it is counted in memory): what it
	 * crossed is written now, once, as the count is exact */
	if (emit_outcome(emit_alone, &e, who, pid, &o) != ACCT_ST_OK)
		ad_log(LOG_ERR, "cannot audit the usage budget of %s: %s",
		       tenant, e.err.msg);
	return ACCT_ST_OK;
}

void ad_budget_arm(struct ad_ctx *ctx, struct ad_budget_arm *arm)
{
	ad_store_audit_also(ctx->store, append_events, arm);
}

void ad_budget_disarm(struct ad_ctx *ctx)
{
	ad_store_audit_also(ctx->store, NULL, NULL);
}

/* ---- BUDGET_SET, BUDGET_SHOW ---- */

static int put_view(struct acct_buf *reply, const struct ad_budget_view *v)
{
	if (v->plan[0] != '\0')
		acct_put_str(reply, ACCT_T_PLAN, v->plan);
	acct_put_u32(reply, ACCT_T_BUDGET_POLICY, v->policy);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		ad_wire_budget(reply, &v->line[k]);
	return ACCT_ST_OK;
}

/* The overrides a BUDGET_SET gives: each limit, each BUDGET_CLEAR. */
static int read_change(const struct ad_request *rq, struct ad_budget_change *c,
		       struct ad_err *err)
{
	struct acct_reader r;
	struct acct_field f;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = ad_budget_read_limits(rq, c->limit, &c->set, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_BUDGET_POLICY,
				false, &c->policy, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (c->policy != 0 && acct_budget_policy_name(c->policy) == NULL)
		return ad_fail(err, ACCT_ST_INVALID,
			       "budget policy %lu is not block or override",
			       (unsigned long)c->policy);
	acct_reader_init(&r, rq->payload, rq->len);
	while (acct_next(&r, &f) == 1) {
		uint32_t kind;

		if (f.tag != ACCT_T_BUDGET_CLEAR)
			continue;
		if (acct_get_u32(&f, &kind) != 0)
			return ad_fail(err, ACCT_ST_BADREQ,
				       "malformed field: budget clear");
		if (kind < 1 || kind > ACCT_BUDGET_KINDS)
			return ad_fail(err, ACCT_ST_INVALID,
				       "budget kind %lu is not seats, "
				       "sessions, keys or usage",
				       (unsigned long)kind);
		c->clear |= 1u << (kind - 1);
	}
	if (c->set == 0 && c->clear == 0 && c->policy == 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "nothing to change: give a limit, a clear or "
			       "a policy");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_budget_set)
{
	struct ad_budget_change c;
	struct ad_budget_view v;
	struct ad_str slug;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = read_change(rq, &c, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_budget_set(ctx->store, slug, &c, rq->caller.actor,
					 err);
	if (rc == ACCT_ST_OK)
		rc = ad_budget_view(ctx, slug, &v, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "set the budgets of tenant '%s'",
		    v.tenant);
	return put_view(reply, &v);
}

AD_HANDLER(ad_handle_budget_show)
{
	struct ad_budget_view v;
	struct ad_str slug;
	int rc;

	(void)peer;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_budget_view(ctx, slug, &v, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return put_view(reply, &v);
}
