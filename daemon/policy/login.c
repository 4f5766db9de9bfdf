/*
 * login.c - the login policy.  Pure: no store, no clock, no I/O;
 * the caller brings the records and the time.
 */
#include <stdarg.h>
#include <stdio.h>

#include "acct_text.h"
#include "policy/login.h"
#include "policy/subscription.h"

__attribute__((format(printf, 4, 5))) static enum acct_pam_result
verdict(enum acct_pam_result res, char *msg, size_t msglen, const char *fmt,
	...)
{
	va_list ap;

	if (msglen > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return res;
}

static enum acct_pam_result locked(const struct ad_user *u, char *msg,
				   size_t msglen)
{
	char when[32] = "later";

	acct_utc_time(u->locked_until, when, sizeof(when));
	return verdict(ACCT_PAM_LOCKED, msg, msglen,
		       "account %s is locked until %s", u->name, when);
}

/* What else keeps a user of any status out: a lock, then its tenant. */
static enum acct_pam_result standing(const struct ad_user *u,
				     const struct ad_tenant *t, uint64_t now,
				     char *msg, size_t msglen)
{
	if (u->locked_until > now)
		return locked(u, msg, msglen);
	switch (t->status) {
	case ACCT_TENANT_ACTIVE:
		/* as the subscription stands now, even before the daemon's
		 * timer has written its expiry */
		if (ad_policy_sub_status(&t->sub, now) == ACCT_SUB_EXPIRED)
			return verdict(ACCT_PAM_TENANT_INACTIVE, msg, msglen,
				       "organization %s's subscription has "
				       "expired",
				       t->slug);
		return ACCT_PAM_OK;
	case ACCT_TENANT_SUSPENDED:
		return verdict(ACCT_PAM_TENANT_INACTIVE, msg, msglen,
			       "organization %s is suspended", t->slug);
	case ACCT_TENANT_DEPROVISIONING:
		return verdict(ACCT_PAM_TENANT_INACTIVE, msg, msglen,
			       "organization %s is being deprovisioned",
			       t->slug);
	case ACCT_TENANT_DEPROVISIONED:
		return verdict(ACCT_PAM_TENANT_INACTIVE, msg, msglen,
			       "organization %s no longer exists", t->slug);
	default:
		return verdict(ACCT_PAM_PERM_DENIED, msg, msglen,
			       "account %s cannot log in", u->name);
	}
}

enum acct_pam_result ad_policy_may_login(const struct ad_user *u,
					 const struct ad_tenant *t,
					 uint64_t now, char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	switch (u->status) {
	case ACCT_USER_ACTIVE:
		break;
	case ACCT_USER_DELETED:
		return ACCT_PAM_USER_UNKNOWN;
	case ACCT_USER_PENDING:
		return verdict(ACCT_PAM_DISABLED, msg, msglen,
			       "account %s is not activated yet", u->name);
	case ACCT_USER_DISABLED:
		return verdict(ACCT_PAM_DISABLED, msg, msglen,
			       "account %s is disabled", u->name);
	default:
		return verdict(ACCT_PAM_PERM_DENIED, msg, msglen,
			       "account %s cannot log in", u->name);
	}
	return standing(u, t, now, msg, msglen);
}

enum acct_pam_result ad_policy_invited_login(const struct ad_user *u,
					     const struct ad_tenant *t,
					     uint64_t now, char *msg,
					     size_t msglen)
{
	enum acct_pam_result res;

	if (u->status != ACCT_USER_PENDING)
		return ad_policy_may_login(u, t, now, msg, msglen);
	if (msglen > 0)
		msg[0] = '\0';
	res = standing(u, t, now, msg, msglen);
	if (res != ACCT_PAM_OK)
		return res;
	return verdict(ACCT_PAM_NEW_AUTHTOK_REQD, msg, msglen,
		       "account %s is invited: choose its password to "
		       "activate it",
		       u->name);
}
