/*
 * pa_password.c - pam_sm_chauthtok.
 *
 * libpam calls it twice.  PAM_PRELIM_CHECK asks the daemon, with PRELIM
 * 1, whether the current password is right (nothing changes); then
 * PAM_UPDATE_AUTHTOK sends the current and the new password.  As in
 * pam_unix, root changing a password (passwd run by root) gives no current
 * password - the daemon lets the platform operator do that - except when
 * a login program changes an expired one (PAM_CHANGE_EXPIRED_AUTHTOK).
 *
 * The new password is PAM_AUTHTOK when an earlier module set it (a quality
 * checker), else asked for here: after pam_unix, which stops at "unknown
 * user" before asking, nothing has set it for a directory user, so the
 * module must not insist on use_authtok.  The update pass acts only for a
 * user whose check passed here in the same handle; otherwise another
 * module owns the user (pam_unix passed the check for a local user and
 * has failed since) and this one stands aside without asking or sending.
 */
#include <stdbool.h>
#include <unistd.h>

#include "acct_proto.h"
#include "pa.h"

#define PROMPT_OLD "Current password: "
#define MSG_EMPTY "No password has been supplied."

/* The current password, unless root need not give one. */
static int get_old(struct pa_ctx *c, bool as_root, const char **oldtok)
{
	int rc;

	*oldtok = NULL;
	if (as_root)
		return PAM_SUCCESS;
	/* set in the PRELIM pass, so the UPDATE pass does not ask again;
	 * owned by libpam, never freed nor wiped here */
	rc = pam_get_authtok(c->pamh, PAM_OLDAUTHTOK, oldtok, PROMPT_OLD);
	if (rc != PAM_SUCCESS || *oldtok == NULL)
		return rc != PAM_SUCCESS ? pa_conv_rc(rc) : PAM_AUTH_ERR;
	if ((*oldtok)[0] == '\0' && !(c->opts.bits & PA_OPT_NULLOK)) {
		pa_debug(c, "empty current password refused (no nullok)");
		return PAM_AUTH_ERR;
	}
	return PAM_SUCCESS;
}

/* Send one CHAUTHTOK and turn the verdict into the return code. */
static int send_change(struct pa_ctx *c, const char *oldtok, const char *newtok,
		       bool prelim)
{
	struct pa_verdict v;
	struct acct_buf req;
	int rc;

	pa_req_init(&req, true);
	acct_put_str(&req, ACCT_T_NAME, c->user);
	if (oldtok != NULL)
		pa_put_password(&req, ACCT_T_OLD_PASSWORD, oldtok);
	if (newtok != NULL)
		pa_put_password(&req, ACCT_T_PASSWORD, newtok);
	if (prelim)
		acct_put_u32(&req, ACCT_T_PRELIM, 1);
	rc = pa_exchange(c, ACCT_OP_CHAUTHTOK, &req,
			 prelim ? PAM_AUTH_ERR : PAM_AUTHTOK_ERR, &v);
	acct_buf_free(&req);
	if (rc == PAM_SUCCESS)
		rc = pa_need_result(c, ACCT_OP_CHAUTHTOK, &v);
	if (rc != PAM_SUCCESS)
		return rc;

	rc = pa_map_result(PA_PASSWORD, v.result);
	if (rc == PAM_SUCCESS) {
		if (!prelim) {
			pam_syslog(c->pamh, LOG_NOTICE,
				   "password changed for %s", c->user);
			/* nothing left for acct_mgmt to insist on */
			pa_authz_set(c->pamh, PAM_SUCCESS);
		}
		pa_tell(c, v.message, false);
	} else if (rc == PAM_USER_UNKNOWN) {
		pa_debug(c, "user %s unknown to accountsd", c->user);
	} else {
		pam_syslog(c->pamh, LOG_NOTICE, "password %s for %s: %s",
			   prelim ? "check failed" : "change refused", c->user,
			   pa_result_name(v.result));
		pa_tell(c, v.message, true);
	}
	return rc;
}

static int prelim_check(struct pa_ctx *c, bool as_root)
{
	const char *oldtok;
	int rc;

	/* forget what an earlier pam_chauthtok of this handle found */
	rc = pam_set_data(c->pamh, PA_DATA_PRELIM, NULL, NULL);
	if (rc == PAM_SUCCESS)
		rc = get_old(c, as_root, &oldtok);
	if (rc != PAM_SUCCESS)
		return rc;
	/* also tells early whether the user is ours and the daemon up */
	rc = send_change(c, oldtok, NULL, true);
	if (rc == PAM_SUCCESS) {
		static const int ok = 1;

		rc = pa_keep_data(c->pamh, PA_DATA_PRELIM, &ok, sizeof(ok));
	}
	return rc;
}

static int update(struct pa_ctx *c, bool as_root)
{
	const char *oldtok, *newtok = NULL;
	const void *mark = NULL;
	int rc;

	if (pam_get_data(c->pamh, PA_DATA_PRELIM, &mark) != PAM_SUCCESS ||
	    mark == NULL) {
		pa_debug(c, "%s was not checked here: not ours to change",
			 c->user);
		return PAM_IGNORE;
	}
	rc = get_old(c, as_root, &oldtok);
	if (rc != PAM_SUCCESS)
		return rc;
	/* asks twice (PAM_TRY_AGAIN on a mismatch); honours use_authtok */
	rc = pam_get_authtok(c->pamh, PAM_AUTHTOK, &newtok, NULL);
	if (rc != PAM_SUCCESS || newtok == NULL)
		return rc != PAM_SUCCESS ? pa_conv_rc(rc) : PAM_AUTHTOK_ERR;
	if (newtok[0] == '\0' && !(c->opts.bits & PA_OPT_NULLOK)) {
		pa_tell(c, MSG_EMPTY, true);
		return PAM_AUTHTOK_ERR;
	}
	return send_change(c, oldtok, newtok, false);
}

PA_EXPORT int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc,
			       const char **argv)
{
	bool expired_only = (flags & PAM_CHANGE_EXPIRED_AUTHTOK) != 0;
	struct pa_ctx c;
	bool as_root;
	int rc;

	rc = pa_begin(&c, pamh, PA_PASSWORD, flags, argc, argv);
	if (rc != PAM_SUCCESS)
		return rc;
	/* "change it if it has expired": ours has not unless we said so;
	 * IGNORE lets the module whose password did expire do the change */
	if (expired_only && pa_authz_get(pamh) != PAM_NEW_AUTHTOK_REQD) {
		pa_debug(&c, "password of %s has not expired here", c.user);
		return PAM_IGNORE;
	}
	as_root = getuid() == 0 && !expired_only;

	if (flags & PAM_PRELIM_CHECK)
		rc = prelim_check(&c, as_root);
	else if (flags & PAM_UPDATE_AUTHTOK)
		rc = update(&c, as_root);
	else
		rc = PAM_SERVICE_ERR;
	return pa_finish(&c, rc);
}
