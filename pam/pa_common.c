/*
 * pa_common.c - what every entry point does: options, the user name, the
 * request, the verdict, and the message for the user.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "acct_client.h"
#include "acct_local.h"
#include "acct_names.h"
#include "acct_ops.h"
#include "acct_proto.h"
#include "acct_text.h"
#include "pa.h"

void pa_begin_options(struct pa_ctx *c, pam_handle_t *pamh, enum pa_phase phase,
		      int flags, int argc, const char **argv)
{
	c->pamh = pamh;
	c->phase = phase;
	c->flags = flags;
	c->user = NULL;
	pa_parse_options(pamh, flags, argc, argv, &c->opts);
	pa_debug(c, "phase %d, flags 0x%x, options 0x%x, socket %s", phase,
		 (unsigned)flags, c->opts.bits,
		 acct_socket_path(c->opts.socket));
}

int pa_conv_rc(int rc)
{
	/* the application will call again when its conversation is ready */
	return rc == PAM_CONV_AGAIN ? PAM_INCOMPLETE : rc;
}

int pa_get_user(struct pa_ctx *c)
{
	const char *user = NULL;
	int rc;

	rc = pam_get_user(c->pamh, &user, NULL);
	if (rc != PAM_SUCCESS)
		return pa_conv_rc(rc);
	/* '+' and '-' are NIS compat syntax, never a login (pam_unix) */
	if (user == NULL || user[0] == '\0' || user[0] == '+' ||
	    user[0] == '-' || !acct_valid_login(user, strlen(user))) {
		/* an unknown name may be a mistyped password: not logged */
		pa_debug(c, "user name not valid here");
		return pa_finish(c, PAM_USER_UNKNOWN);
	}
	/* the host's own users are never the directory's (acct_local.h):
	 * the daemon is not asked, hung or not */
	if (acct_local_user(ACCT_PASSWD_PATH, user, strlen(user))) {
		pa_debug(c, "%s is a user of %s", user, ACCT_PASSWD_PATH);
		return pa_finish(c, PAM_USER_UNKNOWN);
	}
	if (c->opts.minimum_uid > 0) {
		struct passwd *pw = pam_modutil_getpwnam(c->pamh, user);

		/* system accounts stay with pam_unix, daemon up or not */
		if (pw != NULL && pw->pw_uid < c->opts.minimum_uid) {
			pa_debug(c, "uid %lu of %s is below minimum_uid",
				 (unsigned long)pw->pw_uid, user);
			return pa_finish(c, PAM_USER_UNKNOWN);
		}
	}
	c->user = user;
	return PAM_SUCCESS;
}

int pa_begin(struct pa_ctx *c, pam_handle_t *pamh, enum pa_phase phase,
	     int flags, int argc, const char **argv)
{
	pa_begin_options(c, pamh, phase, flags, argc, argv);
	return pa_get_user(c);
}

void pa_req_init(struct acct_buf *b, bool secret)
{
	acct_buf_init(b, ACCT_MAX_REQUEST);
	/* the codec wipes the storage on growth and on free */
	b->secret = secret ? 1 : 0;
}

void pa_put_password(struct acct_buf *b, uint16_t tag, const char *password)
{
	acct_put_strn(b, tag, password,
		      strnlen(password, ACCT_MAX_PASSWORD + 1));
}

/* A PAM string item, or NULL when unset or empty. */
static const char *get_str_item(pam_handle_t *pamh, int item)
{
	const void *v = NULL;

	if (pam_get_item(pamh, item, &v) != PAM_SUCCESS || v == NULL ||
	    ((const char *)v)[0] == '\0')
		return NULL;
	return v;
}

/* NAME SERVICE [RHOST] [TTY] from the PAM items. */
static void put_login(const struct pa_ctx *c, struct acct_buf *b)
{
	const char *service = get_str_item(c->pamh, PAM_SERVICE);
	const char *rhost = get_str_item(c->pamh, PAM_RHOST);
	const char *tty = get_str_item(c->pamh, PAM_TTY);

	acct_put_str(b, ACCT_T_NAME, c->user);
	/* libpam always has a service; "" only if an application lies */
	acct_put_str(b, ACCT_T_SERVICE, service != NULL ? service : "unknown");
	if (rhost != NULL)
		acct_put_str(b, ACCT_T_RHOST, rhost);
	if (tty != NULL)
		acct_put_str(b, ACCT_T_TTY, tty);
}

/* Copy MESSAGE into v->message as one printable line, cut at a character
 * boundary: it goes to a terminal. */
static void copy_message(const struct acct_field *f, struct pa_verdict *v)
{
	const char *s;
	size_t len;

	if (acct_get_str(f, &s, &len) == 0)
		acct_printable(v->message, sizeof(v->message), s, len, ' ');
}

/* Fill v from an OK reply.  Returns 0, or -1 when a field is malformed. */
static int read_verdict(const struct acct_reply *rep, struct pa_verdict *v)
{
	struct acct_reader r;
	struct acct_field f;
	int more;

	acct_reader_init(&r, rep->payload, rep->len);
	while ((more = acct_next(&r, &f)) > 0) {
		switch (f.tag) {
		case ACCT_T_PAM_RESULT:
			if (acct_get_u32(&f, &v->result) < 0)
				return -1;
			v->has_result = true;
			break;
		case ACCT_T_SESSION_ID:
			if (acct_get_u64(&f, &v->session_id) < 0)
				return -1;
			v->has_session_id = true;
			break;
		case ACCT_T_MESSAGE:
			copy_message(&f, v);
			break;
		default:
			break; /* a newer daemon's field */
		}
	}
	return more < 0 ? -1 : 0;
}

static const char *opname(uint16_t opcode)
{
	const char *name = acct_op_name(opcode);

	return name != NULL ? name : "request";
}

int pa_exchange(const struct pa_ctx *c, uint16_t opcode,
		const struct acct_buf *req, int bad_input_rc,
		struct pa_verdict *v)
{
	const char *path = acct_socket_path(c->opts.socket);
	struct acct_reply rep;
	int rc, err;

	memset(v, 0, sizeof(*v));
	if (req->err != 0) {
		/* an item the wire cannot carry (RHOST or TTY over ACCT_MAX_STR) */
		pa_debug(c, "%s: request not built: %s", opname(opcode),
			 strerror(req->err));
		return req->err == ENOMEM ? PAM_BUF_ERR : bad_input_rc;
	}
	if (pa_call(path, c->opts.timeout_ms, opcode, req, &rep) < 0) {
		err = errno;
		rc = pa_map_errno(err);
		if (err == EPERM)
			pam_syslog(c->pamh, LOG_ERR,
				   "%s: not owned by root: refusing to use it",
				   path);
		else if (rc != PAM_BUF_ERR)
			pam_syslog(c->pamh, LOG_ERR, "%s: %s: %s",
				   opname(opcode), path, strerror(err));
		return rc;
	}
	if (rep.status != ACCT_ST_OK) {
		/* the MESSAGE of a failed request is for the log; NOTFOUND
		 * may name an unknown user: only with debug */
		int prio = rep.status == ACCT_ST_NOTFOUND ? LOG_DEBUG : LOG_ERR;

		rc = pa_map_status(rep.status);
		if (read_verdict(&rep, v) < 0)
			v->message[0] = '\0';
		if (prio == LOG_ERR || (c->opts.bits & PA_OPT_DEBUG))
			pam_syslog(c->pamh, prio, "%s: daemon status %u%s%s",
				   opname(opcode), rep.status,
				   v->message[0] != '\0' ? ": " : "",
				   v->message);
		acct_reply_free(&rep);
		memset(v, 0, sizeof(*v));
		return rc;
	}
	rc = read_verdict(&rep, v);
	acct_reply_free(&rep);
	if (rc < 0) {
		pam_syslog(c->pamh, LOG_ERR, "%s: malformed reply",
			   opname(opcode));
		return PAM_AUTHINFO_UNAVAIL;
	}
	return PAM_SUCCESS;
}

int pa_ask(const struct pa_ctx *c, uint16_t opcode, const char *password,
	   int bad_input_rc, struct pa_verdict *v)
{
	struct acct_buf req;
	int rc;

	pa_req_init(&req, password != NULL);
	put_login(c, &req);
	if (password != NULL)
		pa_put_password(&req, ACCT_T_PASSWORD, password);
	rc = pa_exchange(c, opcode, &req, bad_input_rc, v);
	acct_buf_free(&req);
	return rc;
}

int pa_need_result(const struct pa_ctx *c, uint16_t opcode,
		   const struct pa_verdict *v)
{
	if (v->has_result)
		return PAM_SUCCESS;
	pam_syslog(c->pamh, LOG_ERR, "%s: reply without a verdict",
		   opname(opcode));
	return PAM_AUTHINFO_UNAVAIL;
}

void pa_tell(const struct pa_ctx *c, const char *msg, bool refusal)
{
	if (msg == NULL || msg[0] == '\0' || (c->opts.bits & PA_OPT_SILENT))
		return;
	if (refusal)
		pam_error(c->pamh, "%s", msg);
	else if (!(c->opts.bits & PA_OPT_NO_WARN))
		pam_info(c->pamh, "%s", msg);
}

void pa_free_data(pam_handle_t *pamh, void *data, int error_status)
{
	(void)pamh;
	(void)error_status;
	free(data);
}

int pa_keep_data(pam_handle_t *pamh, const char *name, const void *value,
		 size_t size)
{
	void *data = malloc(size);
	int rc;

	if (data == NULL)
		return PAM_BUF_ERR;
	memcpy(data, value, size);
	rc = pam_set_data(pamh, name, data, pa_free_data);
	/* libpam took nothing: the copy is still ours */
	if (rc != PAM_SUCCESS)
		free(data);
	return rc;
}

int pa_authz_get(pam_handle_t *pamh)
{
	const void *data = NULL;

	if (pam_get_data(pamh, PA_DATA_AUTHZ, &data) != PAM_SUCCESS ||
	    data == NULL)
		return PAM_SUCCESS;
	return *(const int *)data;
}

int pa_authz_set(pam_handle_t *pamh, int rc)
{
	if (rc == PAM_SUCCESS) {
		/* replacing with NULL runs the old cleanup */
		if (pa_authz_get(pamh) == PAM_SUCCESS)
			return PAM_SUCCESS;
		return pam_set_data(pamh, PA_DATA_AUTHZ, NULL, NULL);
	}
	return pa_keep_data(pamh, PA_DATA_AUTHZ, &rc, sizeof(rc));
}
