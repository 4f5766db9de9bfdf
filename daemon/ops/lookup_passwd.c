/*
 * lookup_passwd.c - PW_BYNAME, PW_BYUID, PW_ENUM: the passwd database of
 * the NSS module.  Thin on purpose: the store encodes the entries, under
 * the rules of what lookups hide and what the caller sees.
 */
#include "ops/handlers.h"

AD_HANDLER(ad_handle_pw_byname)
{
	return ad_lookup_by_name(ctx, rq, ad_store_pw_byname, reply, err);
}

AD_HANDLER(ad_handle_pw_byuid)
{
	return ad_lookup_by_id(ctx, rq, ACCT_T_UID, ad_store_pw_byuid, reply,
			       err);
}

AD_HANDLER(ad_handle_pw_enum)
{
	return ad_lookup_enum(ctx, rq, ad_store_pw_enum, reply, err);
}
