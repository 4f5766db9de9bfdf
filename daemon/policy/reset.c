/* reset.c - who may be sent and use a password reset (see reset.h). */
#include <stdio.h>

#include "policy/reset.h"
#include "policy/tenant.h"

int ad_policy_reset_usable(const struct ad_user *u, const struct ad_tenant *t,
			   char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (u->status == ACCT_USER_DELETED) {
		snprintf(msg, msglen, "user '%s' is deleted", u->name);
		return ACCT_ST_CONFLICT;
	}
	return ad_policy_tenant_open(t, msg, msglen);
}

int ad_policy_may_reset(const struct ad_user *u, const struct ad_tenant *t,
			char *msg, size_t msglen)
{
	int rc = ad_policy_reset_usable(u, t, msg, msglen);

	if (rc != ACCT_ST_OK)
		return rc;
	if (u->email[0] == '\0') {
		snprintf(msg, msglen,
			 "user '%s' has no email address to mail a reset to "
			 "(set one with user update --email)",
			 u->name);
		return ACCT_ST_CONFLICT;
	}
	return ACCT_ST_OK;
}
