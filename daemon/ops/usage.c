/*
 * usage.c - a tenant's usage: each accepted key use (counted in memory,
 * flushed in batches: store/apikey.h), USAGE_RECORD (units a service
 * reports, written at once), and TENANT_USAGE to read them.
 */
#include <stdio.h>

#include "ops/budget.h"
#include "ops/usage.h"
#include "store/apikey.h"

int ad_usage_key_used(struct ad_ctx *ctx, const struct ad_apikey *k,
		      const struct ad_key_use *use, uint64_t now,
		      struct ad_err *err)
{
	int rc = ad_budget_key_use(ctx, use->tenant, k->scopes,
				   use->override_asked, &use->who, use->pid,
				   err);

	return rc == ACCT_ST_OK
		       ? ad_store_usage_key_used(ctx->store, k, now, err)
		       : rc;
}

/* NAME, or the caller's own tenant. */
static int tenant_named(const struct ad_request *rq, struct ad_str *slug,
			struct ad_err *err)
{
	int rc =
		ad_req_str(rq->payload, rq->len, ACCT_T_NAME, false, slug, err);

	if (rc != ACCT_ST_OK || ad_str_given(*slug))
		return rc;
	if (rq->caller.kind != AD_CALLER_USER)
		return ad_fail(err, ACCT_ST_BADREQ, "missing field: %s",
			       ad_tag_name(ACCT_T_NAME));
	*slug = ad_str_c(rq->caller.tenant);
	return ACCT_ST_OK;
}

static bool valid_month(uint32_t m)
{
	return m >= 197001u && m <= 999912u && m % 100u >= 1u &&
	       m % 100u <= 12u;
}

AD_HANDLER(ad_handle_tenant_usage)
{
	struct ad_str slug;
	struct ad_tenant t;
	struct ad_usage u;
	uint64_t now = ad_ctx_now(ctx);
	uint32_t month = ad_usage_month(now), live = 0;
	bool given = false;
	int rc;

	(void)peer;
	rc = tenant_named(rq, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_MONTH, false,
				&month, &given, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (given && !valid_month(month))
		return ad_fail(err, ACCT_ST_INVALID,
			       "a month is YYYYMM (197001 to 999912)");
	rc = ad_store_tenant_get(ctx->store, slug, &t, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_usage_of(ctx->store, t.gid, month, &u, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_apikey_live(ctx->store, t.gid, now, &live, err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_put_str(reply, ACCT_T_TENANT, t.slug);
	acct_put_u32(reply, ACCT_T_MONTH, month);
	acct_put_u64(reply, ACCT_T_UNITS, u.units);
	acct_put_u64(reply, ACCT_T_KEY_USES, u.key_uses);
	acct_put_u32(reply, ACCT_T_LIVE_KEYS, live);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_usage_record)
{
	struct ad_budget_outcome o;
	struct ad_budget_arm arm = {rq, &o, 1};
	char note[64];
	struct ad_str slug;
	uint64_t units = 0, total = 0;
	uint32_t month = 0;
	int rc;

	(void)peer;
	rc = tenant_named(rq, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u64(rq->payload, rq->len, ACCT_T_UNITS, true,
				&units, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (units == 0 || units > ACCT_MAX_USAGE_UNITS)
		return ad_fail(err, ACCT_ST_INVALID,
			       "units must be 1 to %u per request",
			       ACCT_MAX_USAGE_UNITS);
	snprintf(note, sizeof(note), "%llu units", (unsigned long long)units);
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL, note);
	rc = ad_budget_check(ctx, rq, slug, ACCT_BUDGET_USAGE, units, &o, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_budget_arm(ctx, &arm);
	rc = ad_store_usage_record(ctx->store, slug, units, ad_ctx_now(ctx),
				   rq->caller.actor, &month, &total, err);
	ad_budget_disarm(ctx);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_put_str(reply, ACCT_T_TENANT,
		     rq->target_tenant[0] != '\0' ? rq->target_tenant
						  : rq->caller.tenant);
	acct_put_u32(reply, ACCT_T_MONTH, month);
	acct_put_u64(reply, ACCT_T_UNITS, total);
	return ACCT_ST_OK;
}
