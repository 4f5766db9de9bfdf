/*
 * lookup_group.c - GR_BYNAME, GR_BYGID, GR_ENUM and INITGROUPS: the group
 * database of the NSS module.  Thin on purpose: the store encodes the
 * entries, under the rules of what lookups hide and what the caller sees.
 */
#include "ops/handlers.h"

AD_HANDLER(ad_handle_gr_byname)
{
	return ad_lookup_by_name(ctx, rq, ad_store_gr_byname, reply, err);
}

AD_HANDLER(ad_handle_gr_bygid)
{
	return ad_lookup_by_id(ctx, rq, ACCT_T_GID, ad_store_gr_bygid, reply,
			       err);
}

AD_HANDLER(ad_handle_gr_enum)
{
	return ad_lookup_enum(ctx, rq, ad_store_gr_enum, reply, err);
}

AD_HANDLER(ad_handle_initgroups)
{
	return ad_lookup_by_name(ctx, rq, ad_store_initgroups, reply, err);
}
