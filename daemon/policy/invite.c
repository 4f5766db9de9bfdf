/* invite.c - invitations and email changes (see invite.h). */
#include <stdio.h>
#include <string.h>

#include "policy/invite.h"
#include "policy/login.h"

int ad_policy_invite_usable(const struct ad_user *u, const struct ad_tenant *t,
			    uint64_t now, char *msg, size_t msglen)
{
	if (ad_policy_invited_login(u, t, now, msg, msglen) ==
	    ACCT_PAM_NEW_AUTHTOK_REQD) {
		if (msglen > 0)
			msg[0] = '\0';
		return ACCT_ST_OK;
	}
	if (msglen > 0 && msg[0] == '\0')
		snprintf(msg, msglen, "account %s has no invitation to accept",
			 u->name);
	return ACCT_ST_CONFLICT;
}

int ad_policy_email_change(const struct ad_user *u, const char *email,
			   char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (email[0] == '\0') {
		snprintf(msg, msglen,
			 "give the new address: an account keeps an email "
			 "address");
		return ACCT_ST_INVALID;
	}
	if (strcmp(u->email, email) == 0 && u->email_verified_at != 0) {
		snprintf(msg, msglen,
			 "email '%s' is your verified address already", email);
		return ACCT_ST_CONFLICT;
	}
	return ACCT_ST_OK;
}

int ad_policy_email_verifiable(const struct ad_user *u, const char *address,
			       char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (u->status == ACCT_USER_DELETED || address[0] == '\0' ||
	    strcmp(u->email, address) != 0) {
		snprintf(msg, msglen,
			 "the token was issued for another address than "
			 "the one user '%s' has",
			 u->name);
		return ACCT_ST_CONFLICT;
	}
	return ACCT_ST_OK;
}
