/*
 * lookup.c - what the passwd and group handlers share: read the
 * request's one key and let the store encode the answer straight into the
 * reply, hiding what the policy says lookups must not show, and what the
 * caller may not see (lookup_visibility).
 */
#include "ops/handlers.h"
#include "policy/lookup.h"

/* The rules rq's lookup goes by.  Under lookup_visibility = all the view
 * is every tenant's, whoever asks (the dispatcher did not look the caller
 * up); under tenant, the caller's kind and tenant decide it. */
static struct ad_lookup_rules rules_of(const struct ad_ctx *ctx,
				       const struct ad_request *rq)
{
	struct ad_lookup_rules r = {
		ad_policy_user_hidden, ad_policy_group_hidden,
		ad_policy_lookup_view(ctx->cfg->lookup_visibility,
				      ctx->cfg->uid_min, &rq->caller)};

	return r;
}

int ad_lookup_by_name(struct ad_ctx *ctx, const struct ad_request *rq,
		      ad_name_lookup_fn fn, struct acct_buf *reply,
		      struct ad_err *err)
{
	struct ad_lookup_rules rules;
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rules = rules_of(ctx, rq);
	return fn(ctx->store, &rules, name.p, name.len, reply);
}

int ad_lookup_by_id(struct ad_ctx *ctx, const struct ad_request *rq,
		    uint16_t tag, ad_id_lookup_fn fn, struct acct_buf *reply,
		    struct ad_err *err)
{
	struct ad_lookup_rules rules;
	uint32_t id;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, tag, true, &id, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rules = rules_of(ctx, rq);
	return fn(ctx->store, &rules, id, reply);
}

int ad_lookup_enum(struct ad_ctx *ctx, const struct ad_request *rq,
		   ad_enum_lookup_fn fn, struct acct_buf *reply,
		   struct ad_err *err)
{
	struct ad_lookup_rules rules;
	uint32_t after, limit;
	int rc;

	rc = ad_req_page_args(rq, &after, &limit, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rules = rules_of(ctx, rq);
	return fn(ctx->store, &rules, after, limit, reply);
}
