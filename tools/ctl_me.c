/* ctl_me.c - `accountsctl me show|profile|password|disable`: a directory
 * user about its own account.  The daemon knows the caller by its uid:
 * no request names a user.
 *
 * Passwords come from standard input, one line each (current, then new),
 * or, when standard input is a terminal, are asked for without echo (the
 * new one twice).  They are wiped once sent. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

int ctl_cmd_me_show(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_reply rep;
	const uint8_t *rec;
	size_t len;
	int rc;

	(void)a;
	rc = ctl_request(env, ACCT_OP_ME_SHOW, NULL, &rep);
	if (rc != 0)
		return rc;
	rc = ctl_reply_rec(env, &rep, ACCT_T_USER, &rec, &len);
	if (rc == 0)
		rc = ctl_emit_record(env, &ctl_user_schema, rec, len);
	acct_reply_free(&rep);
	return rc;
}

/* Confirm a change of one's own account with the record (--json) or
 * "WHAT (LOGIN)". */
static int confirm(const struct ctl_env *env, const struct acct_reply *rep,
		   const char *what)
{
	struct ctl_confirm c;
	int rc;

	rc = ctl_confirm_read(env, rep, &ctl_user_schema, ACCT_T_UID,
			      "the user record lacks login or uid", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out, "%s (%s)\n", what, c.name);
	return rc;
}

int ctl_cmd_me_profile(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *dn = a->opt[CTL_OPT_DISPLAY_NAME];
	struct acct_reply rep;
	struct acct_buf req;
	int rc;

	if (dn == NULL && !ctl_profile_opts_given(a))
		return ctl_usage(env, "nothing to change: give at least one of "
				      "--display-name, --given-name, "
				      "--family-name, --avatar-url, --bio, "
				      "--timezone, --locale");
	if (dn != NULL && (rc = ctl_check_gecos(env, "display-name", dn, true)))
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (dn != NULL)
		acct_put_str(&req, ACCT_T_DISPLAY_NAME, dn);
	rc = ctl_put_profile_opts(env, a, &req);
	if (rc == 0)
		rc = ctl_request(env, ACCT_OP_ME_PROFILE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = confirm(env, &rep, "profile updated");
	acct_reply_free(&rep);
	return rc;
}

int ctl_password_get(const struct ctl_env *env, const char *prompt,
		     const char *what, struct ctl_password *pw)
{
	if (isatty(STDIN_FILENO))
		return ctl_password_prompt(env, prompt, what, pw);
	return ctl_password_read_as(env, pw, what);
}

/* The new password: the next line of stdin, or asked twice. */
static int get_new_password(const struct ctl_env *env, struct ctl_password *pw)
{
	struct ctl_password again;
	bool same;
	int rc;

	rc = ctl_password_get(env, "New password: ", "new password", pw);
	if (rc != 0 || !isatty(STDIN_FILENO))
		return rc;
	rc = ctl_password_get(env, "Retype new password: ", "new password",
			      &again);
	if (rc != 0) {
		ctl_password_wipe(pw);
		return rc;
	}
	same = again.len == pw->len && memcmp(again.buf, pw->buf, pw->len) == 0;
	ctl_password_wipe(&again);
	if (same)
		return 0;
	ctl_password_wipe(pw);
	return ctl_usage(env, "the new passwords do not match");
}

/* Send op with the passwords given (new may be NULL); a secret request
 * buffer, wiped when freed. */
static int send_passwords(const struct ctl_env *env, uint16_t op,
			  const struct ctl_password *cur,
			  const struct ctl_password *new_pw,
			  struct acct_reply *rep)
{
	struct acct_buf req;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1;
	acct_put_strn(&req, ACCT_T_OLD_PASSWORD, cur->buf, cur->len);
	if (new_pw != NULL)
		acct_put_strn(&req, ACCT_T_PASSWORD, new_pw->buf, new_pw->len);
	rc = ctl_request(env, op, &req, rep);
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_me_password(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_password cur, new_pw;
	struct acct_reply rep;
	struct ctl_json j;
	int rc;

	(void)a;
	rc = ctl_password_get(env, "Current password: ", "current password",
			      &cur);
	if (rc != 0)
		return rc;
	rc = get_new_password(env, &new_pw);
	if (rc != 0) {
		ctl_password_wipe(&cur);
		return rc;
	}
	rc = send_passwords(env, ACCT_OP_ME_PASSWORD, &cur, &new_pw, &rep);
	ctl_password_wipe(&cur);
	ctl_password_wipe(&new_pw);
	if (rc != 0)
		return rc;
	acct_reply_free(&rep);
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "password_changed");
		ctl_json_bool(&j, true);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
	} else {
		fprintf(env->out, "password changed\n");
	}
	return 0;
}

int ctl_cmd_me_disable(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_password cur;
	struct acct_reply rep;
	int rc;

	(void)a;
	rc = ctl_password_get(env, "Current password: ", "current password",
			      &cur);
	if (rc != 0)
		return rc;
	/* the daemon ends every process of the account, this one too: the
	 * answer is printed first (SIGKILL still comes after the grace) */
	signal(SIGTERM, SIG_IGN);
	rc = send_passwords(env, ACCT_OP_ME_DISABLE, &cur, NULL, &rep);
	ctl_password_wipe(&cur);
	if (rc != 0)
		return rc;
	rc = confirm(env, &rep, "account disabled; its sessions are ending");
	acct_reply_free(&rep);
	return rc;
}
