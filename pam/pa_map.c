/*
 * pa_map.c - the one place where outcomes become PAM return codes
 * (documented for administrators in pam_accounts(8)).
 *
 * The daemon's verdict, PAM_RESULT (enum acct_pam_result), per phase:
 *
 *   verdict           auth            account, session   password
 *   OK                SUCCESS         SUCCESS            SUCCESS
 *   AUTH_ERR          AUTH_ERR        AUTH_ERR           AUTH_ERR
 *   NO_PASSWORD       AUTH_ERR        AUTH_ERR           AUTH_ERR
 *   USER_UNKNOWN      USER_UNKNOWN*   USER_UNKNOWN*      USER_UNKNOWN*
 *   LOCKED            MAXTRIES        PERM_DENIED        PERM_DENIED
 *   DISABLED          ACCT_EXPIRED    ACCT_EXPIRED       ACCT_EXPIRED
 *   TENANT_INACTIVE   ACCT_EXPIRED    ACCT_EXPIRED       ACCT_EXPIRED
 *   NEW_AUTHTOK_REQD  SUCCESS (1)     NEW_AUTHTOK_REQD   NEW_AUTHTOK_REQD
 *   PERM_DENIED       PERM_DENIED     PERM_DENIED        PERM_DENIED
 *   AUTHTOK_ERR       AUTH_ERR        SERVICE_ERR        AUTHTOK_ERR
 *   anything else     AUTH_ERR        SERVICE_ERR        SERVICE_ERR
 *
 *   *   PAM_IGNORE with ignore_unknown_user.
 *   (1) the password was right: authentication succeeds and the verdict
 *       waits in pam_set_data for acct_mgmt to return (as nslcd does).
 *   An OK reply without a verdict is a protocol error (below).
 *
 * Failures before a verdict:
 *
 *   no socket (ENOENT), refused (ECONNREFUSED), timeout (ETIMEDOUT),
 *   reset, protocol error (EBADMSG), reply too big (EMSGSIZE),
 *   socket or listener not root's (EPERM)          AUTHINFO_UNAVAIL**
 *   wire BUSY (overloaded: try later)              AUTHINFO_UNAVAIL**
 *   wire INTERNAL (its store failed)               AUTHINFO_UNAVAIL**
 *   wire UNSUPPORTED (a daemon without PAM)        AUTHINFO_UNAVAIL**
 *   wire DENIED (this caller may not ask)          PERM_DENIED
 *   wire NOTFOUND                                  USER_UNKNOWN*
 *   wire BADREQ, INVALID, TOOBIG, anything else    SERVICE_ERR
 *   out of memory (ENOMEM)                         BUF_ERR
 *
 *   ** PAM_IGNORE with ignore_authinfo_unavail: a daemon that cannot
 *      answer must not lock out the users pam_unix serves.
 *
 * Before the daemon is asked: an invalid user name or one below
 * minimum_uid is USER_UNKNOWN*; a conversation that returns PAM_CONV_AGAIN
 * is PAM_INCOMPLETE; chauthtok's update for a user whose check did not
 * pass here (pa_password.c) is IGNORE.
 */
#include <errno.h>

#include "acct_proto.h"
#include "pa.h"

int pa_map_result(enum pa_phase phase, uint32_t result)
{
	switch ((enum acct_pam_result)result) {
	case ACCT_PAM_OK:
		return PAM_SUCCESS;
	case ACCT_PAM_AUTH_ERR:
	case ACCT_PAM_NO_PASSWORD:
		return PAM_AUTH_ERR;
	case ACCT_PAM_USER_UNKNOWN:
		return PAM_USER_UNKNOWN;
	case ACCT_PAM_LOCKED:
		/* in auth, lockout means "stop asking for passwords" */
		return phase == PA_AUTH ? PAM_MAXTRIES : PAM_PERM_DENIED;
	case ACCT_PAM_DISABLED:
	case ACCT_PAM_TENANT_INACTIVE:
		return PAM_ACCT_EXPIRED;
	case ACCT_PAM_NEW_AUTHTOK_REQD:
		/* auth succeeds; pa_auth.c keeps this for acct_mgmt */
		return phase == PA_AUTH ? PAM_SUCCESS : PAM_NEW_AUTHTOK_REQD;
	case ACCT_PAM_PERM_DENIED:
		return PAM_PERM_DENIED;
	case ACCT_PAM_AUTHTOK_ERR:
		if (phase == PA_PASSWORD)
			return PAM_AUTHTOK_ERR;
		break;
	}
	/* a verdict this module does not know (a newer daemon): refuse */
	return phase == PA_AUTH ? PAM_AUTH_ERR : PAM_SERVICE_ERR;
}

int pa_map_status(uint16_t status)
{
	switch ((enum acct_status)status) {
	case ACCT_ST_OK:
		return PAM_SUCCESS;
	case ACCT_ST_NOTFOUND:
		return PAM_USER_UNKNOWN;
	case ACCT_ST_DENIED:
	case ACCT_ST_BUDGET_EXCEEDED:
		return PAM_PERM_DENIED;
	case ACCT_ST_BUSY:
	case ACCT_ST_RATE_LIMITED:
	case ACCT_ST_INTERNAL:
	case ACCT_ST_UNSUPPORTED:
		return PAM_AUTHINFO_UNAVAIL;
	case ACCT_ST_BADREQ:
	case ACCT_ST_EXISTS:
	case ACCT_ST_INVALID:
	case ACCT_ST_CONFLICT:
	case ACCT_ST_EXHAUSTED:
	case ACCT_ST_TOOBIG:
	case ACCT_ST__COUNT:
		break;
	}
	return PAM_SERVICE_ERR;
}

int pa_map_errno(int err)
{
	switch (err) {
	case ENOMEM:
		return PAM_BUF_ERR;
	case ENOENT:
	case ECONNREFUSED:
	case ETIMEDOUT:
	case ECONNRESET:
	case EPIPE:
	case EBADMSG:
	case EMSGSIZE:
	case EPERM:
	case EACCES:
	default:
		/* whatever went wrong, the daemon gave no answer */
		return PAM_AUTHINFO_UNAVAIL;
	}
}

int pa_finish(const struct pa_ctx *c, int rc)
{
	if (rc == PAM_USER_UNKNOWN && (c->opts.bits & PA_OPT_IGNORE_UNKNOWN))
		return PAM_IGNORE;
	if (rc == PAM_AUTHINFO_UNAVAIL &&
	    (c->opts.bits & PA_OPT_IGNORE_UNAVAIL))
		return PAM_IGNORE;
	return rc;
}

const char *pa_result_name(uint32_t result)
{
	static const char *const names[] = {
		[ACCT_PAM_OK] = "ok",
		[ACCT_PAM_AUTH_ERR] = "auth_err",
		[ACCT_PAM_USER_UNKNOWN] = "user_unknown",
		[ACCT_PAM_LOCKED] = "locked",
		[ACCT_PAM_DISABLED] = "disabled",
		[ACCT_PAM_TENANT_INACTIVE] = "tenant_inactive",
		[ACCT_PAM_NEW_AUTHTOK_REQD] = "new_authtok_reqd",
		[ACCT_PAM_PERM_DENIED] = "perm_denied",
		[ACCT_PAM_AUTHTOK_ERR] = "authtok_err",
		[ACCT_PAM_NO_PASSWORD] = "no_password",
	};

	if (result < sizeof(names) / sizeof(names[0]) && names[result] != NULL)
		return names[result];
	return "unknown";
}
