/*
 * lookup.c - what the passwd and group handlers share: read the
 * request's one key and let the store encode the answer straight into the
 * reply, hiding what the policy says lookups must not show.
 */
#include "ops/handlers.h"
#include "ops/lookup.h"
#include "policy/lookup.h"

const struct ad_lookup_rules ad_lookup_rules = {ad_policy_user_hidden,
						ad_policy_group_hidden};

int ad_lookup_by_name(struct ad_ctx *ctx, const struct ad_request *rq,
		      ad_name_lookup_fn fn, struct acct_buf *reply,
		      struct ad_err *err)
{
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return fn(ctx->store, name.p, name.len, reply);
}

int ad_lookup_by_id(struct ad_ctx *ctx, const struct ad_request *rq,
		    uint16_t tag, ad_id_lookup_fn fn, struct acct_buf *reply,
		    struct ad_err *err)
{
	uint32_t id;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, tag, true, &id, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return fn(ctx->store, id, reply);
}

int ad_lookup_enum(struct ad_ctx *ctx, const struct ad_request *rq,
		   ad_enum_lookup_fn fn, struct acct_buf *reply,
		   struct ad_err *err)
{
	uint32_t after, limit;
	int rc;

	rc = ad_req_page_args(rq, &after, &limit, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return fn(ctx->store, after, limit, reply);
}
