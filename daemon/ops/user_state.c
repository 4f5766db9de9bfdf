/* user_state.c - USER recs with their state word (see user_state.h). */
#include <stdlib.h>
#include <string.h>

#include "ops/user_state.h"
#include "policy/user_state.h"
#include "store/wire.h"

static int add_state(void *arg, const struct ad_tenant *t)
{
	struct ad_tenant_states *ts = arg;

	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 16;
		struct ad_tenant_state *v = realloc(ts->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		ts->v = v;
		ts->cap = cap;
	}
	ts->v[ts->n].gid = t->gid;
	ts->v[ts->n].status = t->status;
	ts->n++;
	return 0;
}

int ad_tenant_states_load(struct ad_ctx *ctx, struct ad_str tenant,
			  struct ad_tenant_states *ts, struct ad_err *err)
{
	struct ad_tenant t;
	int rc;

	memset(ts, 0, sizeof(*ts));
	if (tenant.len == 0)
		return ad_store_tenant_list(ctx->store, add_state, ts, err);
	rc = ad_store_tenant_get(ctx->store, tenant, &t, err);
	if (rc == ACCT_ST_NOTFOUND) { /* the list's own answer says so */
		memset(err, 0, sizeof(*err));
		return ACCT_ST_OK;
	}
	if (rc == ACCT_ST_OK && add_state(ts, &t) != 0)
		rc = ACCT_ST_INTERNAL;
	return rc;
}

void ad_tenant_states_free(struct ad_tenant_states *ts)
{
	free(ts->v);
	memset(ts, 0, sizeof(*ts));
}

/* The tenants come in gid order (ad_store_tenant_list). */
static uint32_t status_of(const struct ad_tenant_states *ts, uint32_t gid)
{
	size_t lo = 0, hi = ts->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ts->v[mid].gid == gid)
			return ts->v[mid].status;
		if (ts->v[mid].gid < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ACCT_TENANT_ACTIVE;
}

int ad_reply_user(struct ad_ctx *ctx, struct acct_buf *out,
		  const struct ad_user *u, const struct ad_tenant_states *ts)
{
	const char *state = ad_policy_user_state(
		u, status_of(ts, u->tenant_gid), ad_ctx_now(ctx));

	return ad_wire_user_state(out, u, state);
}
