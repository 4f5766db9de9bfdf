/*
 * pa_session.c - pam_sm_open_session and pam_sm_close_session.
 *
 * The daemon registers each session (user, service, tty, remote host, and
 * the caller's pid from SO_PEERCRED) and answers with its id, which waits
 * in pam_set_data for the close.  A close without an id (another handle,
 * or an open that failed) names the user and this process instead.
 */
#include <unistd.h>

#include "acct_proto.h"
#include "pa.h"

static const uint64_t *kept_session_id(pam_handle_t *pamh)
{
	const void *data = NULL;

	if (pam_get_data(pamh, PA_DATA_SESSION, &data) != PAM_SUCCESS)
		return NULL;
	return data;
}

/* The session verdict, when the daemon gave one (it may refuse). */
static int session_verdict(struct pa_ctx *c, const struct pa_verdict *v)
{
	int rc;

	if (!v->has_result)
		return PAM_SUCCESS;
	rc = pa_map_result(PA_SESSION, v->result);
	if (rc != PAM_SUCCESS && rc != PAM_USER_UNKNOWN) {
		pam_syslog(c->pamh, LOG_NOTICE, "session refused for %s: %s",
			   c->user != NULL ? c->user : "?",
			   pa_result_name(v->result));
		pa_tell(c, v->message, true);
	}
	return rc;
}

PA_EXPORT int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
				  const char **argv)
{
	struct pa_verdict v;
	struct pa_ctx c;
	int rc;

	rc = pa_begin(&c, pamh, PA_SESSION, flags, argc, argv);
	if (rc != PAM_SUCCESS)
		return rc;

	rc = pa_ask(&c, ACCT_OP_SESSION_OPEN, NULL, PAM_SESSION_ERR, &v);
	if (rc == PAM_SUCCESS)
		rc = session_verdict(&c, &v);
	if (rc == PAM_SUCCESS && v.has_session_id) {
		pa_debug(&c, "session %llu opened for %s",
			 (unsigned long long)v.session_id, c.user);
		rc = pa_keep_data(pamh, PA_DATA_SESSION, &v.session_id,
				  sizeof(v.session_id));
	}
	return pa_finish(&c, rc);
}

PA_EXPORT int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
				   const char **argv)
{
	const uint64_t *id;
	struct pa_verdict v;
	struct acct_buf req;
	struct pa_ctx c;
	int rc;

	pa_begin_options(&c, pamh, PA_SESSION, flags, argc, argv);
	id = kept_session_id(pamh);
	pa_req_init(&req, false);
	if (id != NULL) {
		acct_put_u64(&req, ACCT_T_SESSION_ID, *id);
	} else {
		rc = pa_get_user(&c);
		if (rc != PAM_SUCCESS) {
			acct_buf_free(&req);
			return rc;
		}
		acct_put_str(&req, ACCT_T_NAME, c.user);
		acct_put_u32(&req, ACCT_T_PID, (uint32_t)getpid());
	}
	rc = pa_exchange(&c, ACCT_OP_SESSION_CLOSE, &req, PAM_SESSION_ERR, &v);
	acct_buf_free(&req);
	/* the daemon ended it already (revoked, or its process died) */
	if (id != NULL && rc == PAM_USER_UNKNOWN)
		rc = PAM_SUCCESS;
	else if (rc == PAM_SUCCESS)
		rc = session_verdict(&c, &v);
	if (rc == PAM_SUCCESS && id != NULL) {
		pa_debug(&c, "session %llu closed", (unsigned long long)*id);
		/* frees the id: a second close falls back to NAME + PID */
		pam_set_data(pamh, PA_DATA_SESSION, NULL, NULL);
	}
	return pa_finish(&c, rc);
}
