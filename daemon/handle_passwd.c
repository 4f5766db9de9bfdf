/*
 * handle_passwd.c - PW_BYNAME, PW_BYUID, PW_ENUM: the passwd database of
 * the NSS module.  Thin on purpose: the store encodes the entries.
 */
#include "handlers.h"

AD_HANDLER(ad_handle_pw_byname)
{
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_pw_byname(ctx->store, name.p, name.len, reply);
}

AD_HANDLER(ad_handle_pw_byuid)
{
	uint32_t uid;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_UID, true, &uid, NULL,
			err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_pw_byuid(ctx->store, uid, reply);
}

AD_HANDLER(ad_handle_pw_enum)
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
	return ad_store_pw_enum(ctx->store, after, limit, reply);
}
