/*
 * pa_account.c - pam_sm_acct_mgmt: may this user log in now?
 *
 * The daemon's one policy function answers (user active, not locked,
 * tenant active).  Every service calls this phase, whatever proved the
 * user's identity (password, SSH key), so a suspension or a disable takes
 * effect here even for key logins.
 */
#include "acct_proto.h"
#include "pa.h"

/* Said when the daemon gives no reason of its own (pam_unix's wording). */
#define MSG_CHANGE_NOW                                                         \
	"You are required to change your password immediately (administrator " \
	"enforced)."

PA_EXPORT int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc,
			       const char **argv)
{
	struct pa_verdict v;
	struct pa_ctx c;
	int rc;

	rc = pa_begin(&c, pamh, PA_ACCOUNT, flags, argc, argv);
	if (rc != PAM_SUCCESS)
		return rc;

	rc = pa_ask(&c, ACCT_OP_ACCT_MGMT, NULL, PAM_SERVICE_ERR, &v);
	if (rc == PAM_SUCCESS)
		rc = pa_need_result(&c, ACCT_OP_ACCT_MGMT, &v);
	if (rc != PAM_SUCCESS)
		return pa_finish(&c, rc);

	rc = pa_map_result(PA_ACCOUNT, v.result);
	/* the policy allows the login, but authentication said the password
	 * must be changed first */
	if (rc == PAM_SUCCESS)
		rc = pa_authz_get(pamh);
	else if (rc == PAM_NEW_AUTHTOK_REQD) {
		/* lets chauthtok(PAM_CHANGE_EXPIRED_AUTHTOK) know it is ours */
		int set = pa_authz_set(pamh, rc);

		if (set != PAM_SUCCESS)
			return set;
	}

	switch (rc) {
	case PAM_SUCCESS:
		pa_debug(&c, "account %s may log in", c.user);
		pa_tell(&c, v.message, false);
		break;
	case PAM_USER_UNKNOWN:
		pa_debug(&c, "user %s unknown to accountsd", c.user);
		break;
	case PAM_NEW_AUTHTOK_REQD:
		pam_syslog(pamh, LOG_NOTICE, "password of %s must be changed",
			   c.user);
		pa_tell(&c, v.message[0] != '\0' ? v.message : MSG_CHANGE_NOW,
			true);
		break;
	default:
		pam_syslog(pamh, LOG_NOTICE, "login refused for %s: %s%s%s",
			   c.user, pa_result_name(v.result),
			   v.message[0] != '\0' ? ": " : "", v.message);
		pa_tell(&c, v.message, true);
		break;
	}
	return pa_finish(&c, rc);
}
