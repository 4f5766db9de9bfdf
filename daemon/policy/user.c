/*
 * user.c - the guards on changing a user (see user.h).  Pure.
 */
#include <stdbool.h>
#include <stdio.h>

#include "policy/user.h"

static bool active_owner(uint32_t role, uint32_t status)
{
	return role == ACCT_ROLE_OWNER && status == ACCT_USER_ACTIVE;
}

int ad_policy_owner_kept(const struct ad_user_change *c, char *msg,
			 size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (!active_owner(c->user->role, c->user->status) ||
	    active_owner(c->role, c->status) || c->active_owners > 1)
		return ACCT_ST_OK;
	snprintf(msg, msglen, "'%s' is the last active owner of tenant '%s'",
		 c->user->name, c->tenant->slug);
	return ACCT_ST_CONFLICT;
}

int ad_policy_disable_other(const struct ad_user *u, uint32_t actor_uid,
			    char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (u->uid != actor_uid)
		return ACCT_ST_OK;
	snprintf(msg, msglen, "use self-service to disable your own account");
	return ACCT_ST_CONFLICT;
}
