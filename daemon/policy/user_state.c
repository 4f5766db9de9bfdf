/* user_state.c - the word for where a user stands (see user_state.h).
 * Pure: the time is an argument. */
#include "policy/user_state.h"
#include "policy/lockout.h"

static const char *own_word(uint32_t status)
{
	switch (status) {
	case ACCT_USER_PENDING:
		return "pending";
	case ACCT_USER_ACTIVE:
		return "active";
	case ACCT_USER_DISABLED:
		return "disabled";
	case ACCT_USER_DELETED:
		return "deleted";
	default:
		return "unknown";
	}
}

static const char *tenant_word(uint32_t status)
{
	switch (status) {
	case ACCT_TENANT_SUSPENDED:
		return "suspended";
	case ACCT_TENANT_DEPROVISIONING:
		return "deprovisioning";
	case ACCT_TENANT_DEPROVISIONED:
		return "deprovisioned";
	default:
		return NULL; /* active, or unknown: the user's own word */
	}
}

const char *ad_policy_user_state(const struct ad_user *u,
				 uint32_t tenant_status, uint64_t now)
{
	const char *t = tenant_word(tenant_status);

	if (u->status != ACCT_USER_ACTIVE)
		return own_word(u->status);
	if (t != NULL)
		return t;
	return ad_lockout_active(u, now) ? "locked" : "active";
}
