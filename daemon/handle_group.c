/*
 * handle_group.c - GR_BYNAME, GR_BYGID, GR_ENUM and INITGROUPS: the group
 * database of the NSS module.
 */
#include "handlers.h"

AD_HANDLER(ad_handle_gr_byname)
{
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_gr_byname(ctx->store, name.p, name.len, reply);
}

AD_HANDLER(ad_handle_gr_bygid)
{
	uint32_t gid;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_GID, true, &gid, NULL,
			err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_gr_bygid(ctx->store, gid, reply);
}

AD_HANDLER(ad_handle_gr_enum)
{
	uint32_t after = 0, limit = 0;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_CURSOR, false, &after,
			NULL, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_LIMIT, false,
				&limit, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_gr_enum(ctx->store, after, limit, reply);
}

AD_HANDLER(ad_handle_initgroups)
{
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_initgroups(ctx->store, name.p, name.len, reply);
}
