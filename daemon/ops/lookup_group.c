/*
 * lookup_group.c - GR_BYNAME, GR_BYGID, GR_ENUM and INITGROUPS: the group
 * database of the NSS module.  Thin on purpose: the store encodes the
 * entries, under the rules of what lookups hide.
 */
#include "ops/handlers.h"
#include "ops/lookup.h"

static int gr_byname(struct ad_store *st, const char *name, size_t len,
		     struct acct_buf *out)
{
	return ad_store_gr_byname(st, &ad_lookup_rules, name, len, out);
}

static int gr_bygid(struct ad_store *st, uint32_t gid, struct acct_buf *out)
{
	return ad_store_gr_bygid(st, &ad_lookup_rules, gid, out);
}

static int gr_enum(struct ad_store *st, uint32_t after, uint32_t limit,
		   struct acct_buf *out)
{
	return ad_store_gr_enum(st, &ad_lookup_rules, after, limit, out);
}

static int initgroups(struct ad_store *st, const char *name, size_t len,
		      struct acct_buf *out)
{
	return ad_store_initgroups(st, &ad_lookup_rules, name, len, out);
}

AD_HANDLER(ad_handle_gr_byname)
{
	return ad_lookup_by_name(ctx, rq, gr_byname, reply, err);
}

AD_HANDLER(ad_handle_gr_bygid)
{
	return ad_lookup_by_id(ctx, rq, ACCT_T_GID, gr_bygid, reply, err);
}

AD_HANDLER(ad_handle_gr_enum)
{
	return ad_lookup_enum(ctx, rq, gr_enum, reply, err);
}

AD_HANDLER(ad_handle_initgroups)
{
	return ad_lookup_by_name(ctx, rq, initgroups, reply, err);
}
