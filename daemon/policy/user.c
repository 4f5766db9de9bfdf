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

/* Why a user that is not active cannot be deactivated. */
static int not_active(const struct ad_user *u, char *msg, size_t msglen)
{
	switch (u->status) {
	case ACCT_USER_DISABLED:
		if (u->deactivated_at != 0)
			snprintf(msg, msglen,
				 "user '%s' is already deactivated", u->name);
		else
			snprintf(msg, msglen,
				 "user '%s' is disabled, not active: only an "
				 "active user can be deactivated",
				 u->name);
		break;
	case ACCT_USER_PENDING:
		snprintf(msg, msglen,
			 "user '%s' is pending, not active: only an active "
			 "user can be deactivated (delete it instead)",
			 u->name);
		break;
	case ACCT_USER_DELETED:
		snprintf(msg, msglen, "user '%s' is deleted", u->name);
		break;
	default:
		snprintf(msg, msglen,
			 "user '%s' is not active: only an active user can be "
			 "deactivated",
			 u->name);
		break;
	}
	return ACCT_ST_CONFLICT;
}

int ad_policy_deactivate(const struct ad_user_change *c, uint32_t actor_uid,
			 char *msg, size_t msglen)
{
	const struct ad_user *u = c->user;

	if (msglen > 0)
		msg[0] = '\0';
	if (u->status != ACCT_USER_ACTIVE)
		return not_active(u, msg, msglen);
	if (u->uid == actor_uid) {
		snprintf(msg, msglen, "you cannot deactivate your own account");
		return ACCT_ST_CONFLICT;
	}
	if (ad_policy_owner_kept(c, msg, msglen) != ACCT_ST_OK)
		return ACCT_ST_CONFLICT;
	/* a tenant keeps an active admin as it keeps an active owner */
	if (u->role == ACCT_ROLE_ADMIN && c->active_admins <= 1) {
		snprintf(msg, msglen,
			 "'%s' is the last active admin of tenant '%s'",
			 u->name, c->tenant->slug);
		return ACCT_ST_CONFLICT;
	}
	return ACCT_ST_OK;
}

int ad_policy_reactivate(const struct ad_user_change *c, char *msg,
			 size_t msglen)
{
	const struct ad_user *u = c->user;

	if (msglen > 0)
		msg[0] = '\0';
	if (u->status == ACCT_USER_DISABLED && u->deactivated_at != 0)
		return ACCT_ST_OK;
	if (u->status == ACCT_USER_DISABLED)
		snprintf(msg, msglen,
			 "user '%s' was disabled, not deactivated: only a "
			 "deactivated user can be reactivated",
			 u->name);
	else
		snprintf(msg, msglen,
			 "user '%s' is not deactivated: only a deactivated "
			 "user can be reactivated",
			 u->name);
	return ACCT_ST_CONFLICT;
}
