/* ctl_invite.c - invitations and email change:
 *
 *   accountsctl user invite EMAIL --login LOGIN [--tenant SLUG] [--role R]
 *   accountsctl invite accept          (token, then new password, on stdin)
 *   accountsctl me email NEW           (current password on stdin)
 *   accountsctl me email verify        (token on stdin)
 *
 * The invitation token comes back to the inviter once: it is printed
 * once, here, and can never be read again (the daemon keeps its hash).
 * Secrets read from standard input are sent once and wiped. */
#include <inttypes.h>
#include <string.h>

#include "acct_wipe.h"
#include "ctl.h"

/* ---- user invite ---- */

/* The request: the login, the address, and the options given. */
static int invite_request(const struct ctl_env *env, const struct ctl_args *a,
			  struct acct_buf *req)
{
	const char *login = a->opt[CTL_OPT_LOGIN];
	const char *tenant = a->opt[CTL_OPT_TENANT];
	const char *dn = a->opt[CTL_OPT_DISPLAY_NAME];
	uint32_t role;
	int rc;

	if (login == NULL)
		return ctl_usage(env, "missing --login LOGIN: the invited "
				      "user's login name");
	if ((rc = ctl_check_login(env, login)) != 0 ||
	    (rc = ctl_check_email(env, a->pos[0], false)) != 0)
		return rc;
	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	if (dn != NULL &&
	    (rc = ctl_check_gecos(env, "display-name", dn, false)))
		return rc;
	acct_put_str(req, ACCT_T_NAME, login);
	acct_put_str(req, ACCT_T_EMAIL, a->pos[0]);
	if (tenant != NULL)
		acct_put_str(req, ACCT_T_TENANT, tenant);
	if (dn != NULL)
		acct_put_str(req, ACCT_T_DISPLAY_NAME, dn);
	if (a->opt[CTL_OPT_ROLE] != NULL) {
		if ((rc = ctl_check_role(env, a->opt[CTL_OPT_ROLE], &role)))
			return rc;
		/* a word that is no built-in role names a custom one */
		if (role != 0)
			acct_put_u32(req, ACCT_T_ROLE, role);
		else
			acct_put_str(req, ACCT_T_ROLE_NAME,
				     a->opt[CTL_OPT_ROLE]);
	}
	return 0;
}

/* What the reply says, printed: the user, and the token once. */
struct invited {
	char login[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_NAME + 1];
	char email[ACCT_MAX_STR + 1];
	char token[CTL_TOKEN_MAX + 1];
	char until[CTL_TIME_LEN];
	uint32_t uid;
};

static int invited_read(const struct ctl_env *env, const struct acct_reply *rep,
			struct invited *v)
{
	const uint8_t *rec;
	struct acct_field f;
	uint64_t expires = 0;
	size_t len;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_USER, &rec, &len);
	if (rc != 0)
		return rc;
	if (!ctl_rec_str(rec, len, ACCT_T_NAME, v->login, sizeof(v->login)) ||
	    !ctl_rec_u32(rec, len, ACCT_T_UID, &v->uid) ||
	    !ctl_rec_str(rec, len, ACCT_T_EMAIL, v->email, sizeof(v->email)) ||
	    !ctl_rec_str(rep->payload, rep->len, ACCT_T_TOKEN, v->token,
			 sizeof(v->token)) ||
	    acct_find(rep->payload, rep->len, ACCT_T_EXPIRES, &f) != 1 ||
	    acct_get_u64(&f, &expires) != 0)
		return ctl_bad_reply(env, "the reply lacks the user, its "
					  "email, the token or its expiry");
	if (!ctl_rec_str(rec, len, ACCT_T_TENANT, v->tenant, sizeof(v->tenant)))
		snprintf(v->tenant, sizeof(v->tenant), "?");
	ctl_fmt_time(expires, v->until);
	return 0;
}

static void invited_print(const struct ctl_env *env, const struct invited *v)
{
	struct ctl_json j;

	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "login");
		ctl_json_str(&j, v->login);
		ctl_json_key(&j, "uid");
		ctl_json_u64(&j, v->uid);
		ctl_json_key(&j, "tenant");
		ctl_json_str(&j, v->tenant);
		ctl_json_key(&j, "email");
		ctl_json_str(&j, v->email);
		ctl_json_key(&j, "status");
		ctl_json_str(&j, "pending");
		ctl_json_key(&j, "mail_queued");
		ctl_json_bool(&j, true);
		ctl_json_key(&j, "token");
		ctl_json_str(&j, v->token);
		ctl_json_key(&j, "expires_at");
		ctl_json_str(&j, v->until);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
		return;
	}
	fputs("invited user ", env->out);
	ctl_put_printable(env->out, v->login);
	fprintf(env->out, " (uid %" PRIu32 ") to tenant ", v->uid);
	ctl_put_printable(env->out, v->tenant);
	fputs("; invitation mail queued to ", env->out);
	ctl_put_printable(env->out, v->email);
	fprintf(env->out,
		"\ninvitation token (shown once; it works once, until %s):\n",
		v->until);
	ctl_put_printable(env->out, v->token);
	fputc('\n', env->out);
}

int ctl_cmd_user_invite(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_reply rep;
	struct acct_buf req;
	struct invited v;
	int rc;

	memset(&v, 0, sizeof(v));
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	rc = invite_request(env, a, &req);
	if (rc == 0)
		rc = ctl_request(env, ACCT_OP_USER_INVITE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = invited_read(env, &rep, &v);
	/* the reply held the token: wiped, as is the copy once printed */
	acct_wipe(rep.payload, rep.len);
	acct_reply_free(&rep);
	if (rc == 0)
		invited_print(env, &v);
	acct_wipe(&v, sizeof(v));
	return rc;
}

/* ---- invite accept ---- */

int ctl_cmd_invite_accept(const struct ctl_env *env, const struct ctl_args *a)
{
	char login[ACCT_MAX_NAME + 1] = "";
	struct ctl_token_input in;
	struct acct_reply rep;
	struct acct_buf req;
	struct ctl_json j;
	int rc;

	(void)a;
	rc = ctl_token_read(env, "Invitation token: ", &in, true);
	if (rc != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1; /* wiped when grown and when freed */
	acct_put_strn(&req, ACCT_T_TOKEN, in.token, in.token_len);
	acct_put_strn(&req, ACCT_T_PASSWORD, in.pw.buf, in.pw.len);
	ctl_token_input_wipe(&in);
	rc = ctl_request(env, ACCT_OP_INVITE_ACCEPT, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	(void)ctl_rec_str(rep.payload, rep.len, ACCT_T_NAME, login,
			  sizeof(login));
	acct_reply_free(&rep);
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "login");
		ctl_json_str(&j, login);
		ctl_json_key(&j, "status");
		ctl_json_str(&j, "active");
		ctl_json_end_object(&j);
		fputc('\n', env->out);
		return 0;
	}
	fputs("invitation accepted: user ", env->out);
	ctl_put_printable(env->out, login);
	fputs(" is active and may log in with its new password\n", env->out);
	return 0;
}

/* ---- me email ---- */

/* The user record of the reply, and its email address. */
static int reply_email(const struct ctl_env *env, const struct acct_reply *rep,
		       char *email, size_t size)
{
	const uint8_t *rec;
	size_t len;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_USER, &rec, &len);
	if (rc == 0 && !ctl_rec_str(rec, len, ACCT_T_EMAIL, email, size))
		rc = ctl_bad_reply(env, "the user record lacks its email");
	return rc;
}

static int email_change(const struct ctl_env *env, const char *address)
{
	char email[ACCT_MAX_STR + 1] = "", until[CTL_TIME_LEN] = "-";
	struct ctl_password cur;
	struct acct_reply rep;
	struct acct_buf req;
	struct acct_field f;
	uint64_t expires = 0;
	uint32_t revoked = 0;
	struct ctl_json j;
	int rc;

	if ((rc = ctl_check_email(env, address, false)) != 0)
		return rc;
	rc = ctl_password_get(env, "Current password: ", "current password",
			      &cur);
	if (rc != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1;
	acct_put_strn(&req, ACCT_T_OLD_PASSWORD, cur.buf, cur.len);
	acct_put_str(&req, ACCT_T_EMAIL, address);
	ctl_password_wipe(&cur);
	rc = ctl_request(env, ACCT_OP_ME_EMAIL, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = reply_email(env, &rep, email, sizeof(email));
	if (acct_find(rep.payload, rep.len, ACCT_T_EXPIRES, &f) == 1)
		(void)acct_get_u64(&f, &expires);
	(void)ctl_rec_u32(rep.payload, rep.len, ACCT_T_REVOKED_TOKENS,
			  &revoked);
	acct_reply_free(&rep);
	if (rc != 0)
		return rc;
	ctl_fmt_time(expires, until);
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "email");
		ctl_json_str(&j, email);
		ctl_json_key(&j, "email_verified");
		ctl_json_bool(&j, false);
		ctl_json_key(&j, "verification_mail_queued");
		ctl_json_bool(&j, true);
		ctl_json_key(&j, "token_expires_at");
		ctl_json_str(&j, until);
		ctl_json_key(&j, "revoked_tokens");
		ctl_json_u64(&j, revoked);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
		return 0;
	}
	fputs("email changed to ", env->out);
	ctl_put_printable(env->out, email);
	fprintf(env->out,
		"; a verification mail is on its way (its token works until "
		"%s)\n"
		"%" PRIu32 " token(s) revoked; your other sessions are "
		"ending\n",
		until, revoked);
	return 0;
}

static int email_verify(const struct ctl_env *env)
{
	char email[ACCT_MAX_STR + 1] = "";
	struct ctl_token_input in;
	struct acct_reply rep;
	struct acct_buf req;
	struct ctl_json j;
	int rc;

	rc = ctl_token_read(env, "Verification token: ", &in, false);
	if (rc != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1;
	acct_put_strn(&req, ACCT_T_TOKEN, in.token, in.token_len);
	ctl_token_input_wipe(&in);
	rc = ctl_request(env, ACCT_OP_ME_EMAIL_VERIFY, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = reply_email(env, &rep, email, sizeof(email));
	acct_reply_free(&rep);
	if (rc != 0)
		return rc;
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "email");
		ctl_json_str(&j, email);
		ctl_json_key(&j, "email_verified");
		ctl_json_bool(&j, true);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
		return 0;
	}
	fputs("email ", env->out);
	ctl_put_printable(env->out, email);
	fputs(" verified\n", env->out);
	return 0;
}

int ctl_cmd_me_email(const struct ctl_env *env, const struct ctl_args *a)
{
	/* no address is called "verify": it has no '@' */
	if (strcmp(a->pos[0], "verify") == 0)
		return email_verify(env);
	return email_change(env, a->pos[0]);
}
