/*
 * pa_auth.c - pam_sm_authenticate and pam_sm_setcred.
 *
 * The daemon checks the password and the login policy in one request
 * (ACCT_OP_AUTH).  A right password that must be changed succeeds here
 * and its verdict waits in pam_set_data for pam_sm_acct_mgmt.
 */
#include <unistd.h>

#include "acct_proto.h"
#include "pa.h"

static const char *item_or_empty(pam_handle_t *pamh, int item)
{
	const void *v = NULL;

	if (pam_get_item(pamh, item, &v) != PAM_SUCCESS || v == NULL)
		return "";
	return v;
}

/* pam_unix's line, so that fail2ban-style tools read ours too.  The user
 * is named only when the daemon knows it. */
static void log_failure(const struct pa_ctx *c, bool name_user)
{
	const char *logname = pam_modutil_getlogin(c->pamh);

	pam_syslog(c->pamh, LOG_NOTICE,
		   "authentication failure; logname=%s uid=%u euid=%u tty=%s "
		   "ruser=%s rhost=%s%s%s",
		   logname != NULL ? logname : "", (unsigned)getuid(),
		   (unsigned)geteuid(), item_or_empty(c->pamh, PAM_TTY),
		   item_or_empty(c->pamh, PAM_RUSER),
		   item_or_empty(c->pamh, PAM_RHOST), name_user ? " user=" : "",
		   name_user ? c->user : "");
}

/* Log and tell what the verdict means; returns the code to return. */
static int conclude(struct pa_ctx *c, const struct pa_verdict *v)
{
	int rc = pa_map_result(PA_AUTH, v->result);

	if (v->result == ACCT_PAM_NEW_AUTHTOK_REQD) {
		pa_debug(c, "password of %s must be changed", c->user);
		/* out of memory would lose the verdict: fail instead */
		return pa_authz_set(c->pamh, PAM_NEW_AUTHTOK_REQD);
	}
	switch (rc) {
	case PAM_SUCCESS:
		pa_debug(c, "%s authenticated", c->user);
		pa_tell(c, v->message, false);
		break;
	case PAM_USER_UNKNOWN:
		/* no name: it may be a password typed into the login prompt */
		if (!(c->opts.bits & PA_OPT_IGNORE_UNKNOWN))
			pam_syslog(c->pamh, LOG_NOTICE,
				   "check pass; user unknown");
		pa_debug(c, "user %s unknown to accountsd", c->user);
		break;
	case PAM_AUTH_ERR:
		log_failure(c, true);
		pa_tell(c, v->message, true);
		break;
	default:
		pam_syslog(c->pamh, LOG_NOTICE,
			   "authentication refused for %s: %s", c->user,
			   pa_result_name(v->result));
		pa_tell(c, v->message, true);
		break;
	}
	return rc;
}

PA_EXPORT int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
				  const char **argv)
{
	struct pa_verdict v;
	struct pa_ctx c;
	const char *pass = NULL;
	int rc;

	pa_begin_options(&c, pamh, PA_AUTH, flags, argc, argv);
	/* first: a refused name must cost the same wait as a wrong password */
	pam_fail_delay(pamh, PA_FAIL_DELAY_US);
	rc = pa_get_user(&c);
	if (rc != PAM_SUCCESS)
		return rc;
	/* a verdict kept by an earlier authentication in this handle */
	rc = pa_authz_set(pamh, PAM_SUCCESS);
	if (rc != PAM_SUCCESS)
		return rc;

	/* libpam owns pass (PAM_AUTHTOK): never freed nor wiped here */
	rc = pam_get_authtok(pamh, PAM_AUTHTOK, &pass, NULL);
	if (rc != PAM_SUCCESS || pass == NULL) {
		pa_debug(&c, "no password: %s", pam_strerror(pamh, rc));
		return rc != PAM_SUCCESS ? pa_conv_rc(rc) : PAM_AUTH_ERR;
	}
	if (pass[0] == '\0' && !(c.opts.bits & PA_OPT_NULLOK)) {
		pa_debug(&c, "empty password refused (no nullok)");
		log_failure(&c, false);
		return PAM_AUTH_ERR;
	}

	rc = pa_ask(&c, ACCT_OP_AUTH, pass, PAM_AUTH_ERR, &v);
	if (rc == PAM_SUCCESS)
		rc = pa_need_result(&c, ACCT_OP_AUTH, &v);
	if (rc != PAM_SUCCESS)
		return pa_finish(&c, rc);
	return pa_finish(&c, conclude(&c, &v));
}

/* Nothing to establish: groups come through NSS. */
PA_EXPORT int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc,
			     const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}
