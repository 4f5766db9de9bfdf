/* signin.c - the sign-in token rules (see signin.h). */
#include <stdarg.h>
#include <stdio.h>

#include "policy/access.h"
#include "policy/signin.h"

/* DENIED, AD_SIGNIN_INVALID and, when fmt is not NULL, why after it. */
__attribute__((format(printf, 3, 4))) static int
refuse(char *msg, size_t msglen, const char *fmt, ...)
{
	char why[AD_MSG_MAX] = "";
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	if (msglen > 0)
		snprintf(msg, msglen, "%s%s%s", AD_SIGNIN_INVALID,
			 why[0] != '\0' ? ": " : "", why);
	return ACCT_ST_DENIED;
}

int ad_policy_token_user(const struct ad_user *u, const struct ad_tenant *t,
			 char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (!ad_policy_known_user(u, t))
		return refuse(msg, msglen, NULL);
	switch (u->status) {
	case ACCT_USER_ACTIVE:
		break;
	case ACCT_USER_PENDING:
		return refuse(msg, msglen, "account %s is not activated yet",
			      u->name);
	case ACCT_USER_DISABLED:
		return refuse(msg, msglen, "account %s is disabled", u->name);
	default:
		return refuse(msg, msglen, NULL);
	}
	switch (t->status) {
	case ACCT_TENANT_ACTIVE:
	case ACCT_TENANT_SUSPENDED: /* read-only: permission.h */
		return ACCT_ST_OK;
	case ACCT_TENANT_DEPROVISIONING:
		return refuse(msg, msglen,
			      "organization %s is being deprovisioned",
			      t->slug);
	default:
		return refuse(msg, msglen, NULL);
	}
}

enum ad_refresh_verdict ad_policy_refresh(bool is_refresh, uint64_t used_at,
					  uint64_t expires, uint64_t now)
{
	if (!is_refresh || now >= expires)
		return AD_REFRESH_INVALID;
	return used_at != 0 ? AD_REFRESH_REUSED : AD_REFRESH_OK;
}
