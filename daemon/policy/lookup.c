/*
 * lookup.c - what name lookups hide (see lookup.h).  Pure.
 */
#include "policy/lookup.h"
#include "policy/access.h"

bool ad_policy_user_hidden(uint32_t user_status, uint32_t tenant_status)
{
	return user_status == ACCT_USER_DELETED ||
	       ad_policy_group_hidden(tenant_status);
}

bool ad_policy_group_hidden(uint32_t tenant_status)
{
	return tenant_status == ACCT_TENANT_DEPROVISIONED;
}

struct ad_lookup_view
ad_policy_lookup_view(enum ad_lookup_visibility visibility, uint32_t uid_min,
		      const struct ad_caller *c)
{
	struct ad_lookup_view v = {AD_LOOKUP_ALL, 0};

	if (visibility == AD_VISIBILITY_ALL || c->kind == AD_CALLER_OPERATOR ||
	    c->kind == AD_CALLER_SUPPORT)
		return v;
	if (c->kind == AD_CALLER_USER) {
		v.scope = AD_LOOKUP_TENANT;
		v.tenant_gid = c->tenant_gid;
	} else if (c->uid >= uid_min) {
		v.scope = AD_LOOKUP_NOTHING;
	}
	return v;
}
