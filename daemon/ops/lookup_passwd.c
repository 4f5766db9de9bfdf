/*
 * lookup_passwd.c - PW_BYNAME, PW_BYUID, PW_ENUM: the passwd database of
 * the NSS module.  Thin on purpose: the store encodes the entries, under
 * the rules of what lookups hide.
 */
#include "ops/handlers.h"
#include "ops/lookup.h"

static int pw_byname(struct ad_store *st, const char *name, size_t len,
		     struct acct_buf *out)
{
	return ad_store_pw_byname(st, &ad_lookup_rules, name, len, out);
}

static int pw_byuid(struct ad_store *st, uint32_t uid, struct acct_buf *out)
{
	return ad_store_pw_byuid(st, &ad_lookup_rules, uid, out);
}

static int pw_enum(struct ad_store *st, uint32_t after, uint32_t limit,
		   struct acct_buf *out)
{
	return ad_store_pw_enum(st, &ad_lookup_rules, after, limit, out);
}

AD_HANDLER(ad_handle_pw_byname)
{
	return ad_lookup_by_name(ctx, rq, pw_byname, reply, err);
}

AD_HANDLER(ad_handle_pw_byuid)
{
	return ad_lookup_by_id(ctx, rq, ACCT_T_UID, pw_byuid, reply, err);
}

AD_HANDLER(ad_handle_pw_enum)
{
	return ad_lookup_enum(ctx, rq, pw_enum, reply, err);
}
