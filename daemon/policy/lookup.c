/*
 * lookup.c - what name lookups hide (see lookup.h).  Pure.
 */
#include "policy/lookup.h"

bool ad_policy_user_hidden(uint32_t user_status, uint32_t tenant_status)
{
	return user_status == ACCT_USER_DELETED ||
	       ad_policy_group_hidden(tenant_status);
}

bool ad_policy_group_hidden(uint32_t tenant_status)
{
	return tenant_status == ACCT_TENANT_DEPROVISIONED;
}
