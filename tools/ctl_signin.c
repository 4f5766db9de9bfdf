/* ctl_signin.c - `accountsctl login LOGIN`, `refresh` and `logout`:
 * sign-in tokens for scripts and programs that act for a user.
 *
 * login trades the user's password (a line of standard input, or asked
 * for without echo on a terminal) for an access and a refresh token.
 * Without --token-file they are printed (lines "access_token: ..." or
 * --json), for the caller to keep; with --token-file FILE they are
 * written to FILE (mode 0600, whole or not at all) and only the sign-in
 * is named.  refresh renews a sign-in from its refresh token (FILE, or
 * standard input) and writes FILE again; logout ends one.  Any other
 * verb given --token-file FILE presents FILE's access token
 * (ctl_request.c): the daemon then acts for its user.  These three never
 * present it: they make, renew or end it. */
#include <string.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

/* A sign-in as LOGIN and REFRESH answer it. */
struct signin {
	char login[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_NAME + 1];
	struct ctl_token access, refresh;
	uint64_t access_expires, refresh_expires;
};

static void signin_wipe(struct signin *s)
{
	acct_wipe(s, sizeof(*s));
}

static bool reply_u64(const struct acct_reply *rep, uint16_t tag, uint64_t *v)
{
	struct acct_field f;

	return acct_find(rep->payload, rep->len, tag, &f) == 1 &&
	       acct_get_u64(&f, v) == 0;
}

static bool reply_token(const struct acct_reply *rep, uint16_t tag,
			struct ctl_token *t)
{
	struct acct_field f;

	if (acct_find(rep->payload, rep->len, tag, &f) != 1 || f.len == 0 ||
	    f.len > CTL_TOKEN_MAX)
		return false;
	memcpy(t->text, f.val, f.len);
	t->text[f.len] = '\0';
	t->len = f.len;
	return true;
}

/* The reply's sign-in (the reply is freed, and wiped, by the caller). */
static int signin_read(const struct ctl_env *env, const struct acct_reply *rep,
		       struct signin *s)
{
	memset(s, 0, sizeof(*s));
	if (ctl_rec_str(rep->payload, rep->len, ACCT_T_NAME, s->login,
			sizeof(s->login)) &&
	    ctl_rec_str(rep->payload, rep->len, ACCT_T_TENANT, s->tenant,
			sizeof(s->tenant)) &&
	    reply_token(rep, ACCT_T_ACCESS_TOKEN, &s->access) &&
	    reply_token(rep, ACCT_T_REFRESH_TOKEN, &s->refresh) &&
	    reply_u64(rep, ACCT_T_ACCESS_EXPIRES, &s->access_expires) &&
	    reply_u64(rep, ACCT_T_REFRESH_EXPIRES, &s->refresh_expires))
		return 0;
	signin_wipe(s);
	return ctl_bad_reply(env, "the reply lacks the user or its tokens");
}

/* The sign-in as text, tokens included: what is printed, and what a
 * token file holds.  Its length (size: cut short, never the case). */
static size_t signin_text(const struct signin *s, char *buf, size_t size)
{
	char a[CTL_TIME_LEN], r[CTL_TIME_LEN];
	int n;

	ctl_fmt_time(s->access_expires, a);
	ctl_fmt_time(s->refresh_expires, r);
	n = snprintf(buf, size,
		     "login:           %s\n"
		     "tenant:          %s\n"
		     "access_token:    %s\n"
		     "access_expires:  %s\n"
		     "refresh_token:   %s\n"
		     "refresh_expires: %s\n",
		     s->login, s->tenant, s->access.text, a, s->refresh.text,
		     r);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* --json: the sign-in; its tokens unless they went to file. */
static void signin_json(const struct ctl_env *env, const struct signin *s,
			const char *file)
{
	char t[CTL_TIME_LEN];
	struct ctl_json j;

	ctl_json_init(&j, env->out);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "login");
	ctl_json_str(&j, s->login);
	ctl_json_key(&j, "tenant");
	ctl_json_str(&j, s->tenant);
	if (file == NULL) {
		ctl_json_key(&j, "access_token");
		ctl_json_str(&j, s->access.text);
	}
	ctl_fmt_time(s->access_expires, t);
	ctl_json_key(&j, "access_expires");
	ctl_json_str(&j, t);
	if (file == NULL) {
		ctl_json_key(&j, "refresh_token");
		ctl_json_str(&j, s->refresh.text);
	}
	ctl_fmt_time(s->refresh_expires, t);
	ctl_json_key(&j, "refresh_expires");
	ctl_json_str(&j, t);
	if (file != NULL) {
		ctl_json_key(&j, "token_file");
		ctl_json_str(&j, file);
	}
	ctl_json_end_object(&j);
	fputc('\n', env->out);
}

/*
 * The sign-in, into the token file o (begun; NULL: none) or onto
 * standard output.  done says what happened ("signed in", "sign-in
 * renewed").  Should the file fail, the tokens are printed all the same,
 * so that a renewal (whose old refresh token is gone) loses nothing.
 */
static int signin_out(const struct ctl_env *env, const struct signin *s,
		      struct ctl_token_out *o, const char *done)
{
	char buf[1024], until[CTL_TIME_LEN];
	size_t len = signin_text(s, buf, sizeof(buf));
	int rc = 0;

	if (o != NULL) {
		rc = ctl_token_file_commit(env, o, buf, len);
		if (rc == 0) {
			if (env->json) {
				signin_json(env, s, o->path);
			} else {
				ctl_fmt_time(s->refresh_expires, until);
				fprintf(env->out,
					"%s as %s (tenant %s); tokens in %s, "
					"renewable until %s\n",
					done, s->login, s->tenant, o->path,
					until);
			}
			acct_wipe(buf, sizeof(buf));
			return 0;
		}
	}
	if (env->json)
		signin_json(env, s, NULL);
	else
		fputs(buf, env->out);
	acct_wipe(buf, sizeof(buf));
	return rc;
}

/* The requests of these verbs never present --token-file's token. */
static struct ctl_env without_token(const struct ctl_env *env)
{
	struct ctl_env e = *env;

	e.token_file = NULL;
	return e;
}

/* Send op with {tag: secret} (and NAME, when given); a secret request
 * buffer, wiped when freed. */
static int send_secret(const struct ctl_env *env, uint16_t op, const char *name,
		       uint16_t tag, const char *secret, size_t len,
		       struct acct_reply *rep)
{
	struct ctl_env e = without_token(env);
	struct acct_buf req;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1;
	if (name != NULL)
		acct_put_str(&req, ACCT_T_NAME, name);
	acct_put_strn(&req, tag, secret, len);
	rc = ctl_request(&e, op, &req, rep);
	acct_buf_free(&req);
	return rc;
}

/* After LOGIN or REFRESH (rc: how the request went): keep or print the
 * sign-in. */
static int signin_finish(const struct ctl_env *env, int rc,
			 struct acct_reply *rep, struct ctl_token_out *o,
			 const char *done)
{
	struct signin s;

	if (rc == 0) {
		rc = signin_read(env, rep, &s);
		acct_reply_free(rep);
	}
	if (rc != 0) {
		if (o != NULL)
			ctl_token_file_abort(o);
		return rc;
	}
	rc = signin_out(env, &s, o, done);
	signin_wipe(&s);
	return rc;
}

int ctl_cmd_login(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_token_out o;
	struct ctl_password pw;
	struct acct_reply rep;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (isatty(STDIN_FILENO))
		rc = ctl_password_prompt(env, "Password: ", "password", &pw);
	else
		rc = ctl_password_read(env, &pw);
	if (rc != 0)
		return rc;
	if (env->token_file != NULL &&
	    (rc = ctl_token_file_begin(env, env->token_file, &o)) != 0) {
		ctl_password_wipe(&pw);
		return rc;
	}
	rc = send_secret(env, ACCT_OP_LOGIN, a->pos[0], ACCT_T_PASSWORD, pw.buf,
			 pw.len, &rep);
	ctl_password_wipe(&pw);
	return signin_finish(env, rc, &rep, env->token_file != NULL ? &o : NULL,
			     "signed in");
}

/* The token a verb wants, from --token-file or standard input. */
static int get_token(const struct ctl_env *env, const struct ctl_token_want *w,
		     struct ctl_token *t)
{
	if (env->token_file != NULL)
		return ctl_token_file_read(env, env->token_file, w, t);
	return ctl_token_stdin_read(env, w, t);
}

int ctl_cmd_refresh(const struct ctl_env *env, const struct ctl_args *a)
{
	static const struct ctl_token_want want = {
		{CTL_REFRESH_PREFIX, NULL}, "refresh token", "Refresh token: "};
	struct ctl_token_out o;
	struct acct_reply rep;
	struct ctl_token t;
	int rc;

	(void)a;
	if ((rc = get_token(env, &want, &t)) != 0)
		return rc;
	if (env->token_file != NULL &&
	    (rc = ctl_token_file_begin(env, env->token_file, &o)) != 0) {
		ctl_token_wipe(&t);
		return rc;
	}
	rc = send_secret(env, ACCT_OP_REFRESH, NULL, ACCT_T_TOKEN, t.text,
			 t.len, &rep);
	ctl_token_wipe(&t);
	return signin_finish(env, rc, &rep, env->token_file != NULL ? &o : NULL,
			     "sign-in renewed");
}

int ctl_cmd_logout(const struct ctl_env *env, const struct ctl_args *a)
{
	/* the refresh token first: it still works when the access token
	 * has run out */
	static const struct ctl_token_want want = {
		{CTL_REFRESH_PREFIX, CTL_ACCESS_PREFIX},
		"sign-in token",
		"Token: "};
	char login[ACCT_MAX_NAME + 1] = "";
	struct acct_reply rep;
	struct acct_field f;
	struct ctl_token t;
	uint32_t n = 0;
	struct ctl_json j;
	int rc;

	(void)a;
	if ((rc = get_token(env, &want, &t)) != 0)
		return rc;
	rc = send_secret(env, ACCT_OP_LOGOUT, NULL, ACCT_T_TOKEN, t.text, t.len,
			 &rep);
	ctl_token_wipe(&t);
	if (rc != 0)
		return rc;
	(void)ctl_rec_str(rep.payload, rep.len, ACCT_T_NAME, login,
			  sizeof(login));
	if (acct_find(rep.payload, rep.len, ACCT_T_COUNT, &f) == 1)
		(void)acct_get_u32(&f, &n);
	acct_reply_free(&rep);
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "login");
		ctl_json_str(&j, login);
		ctl_json_key(&j, "signed_out");
		ctl_json_bool(&j, true);
		ctl_json_key(&j, "tokens_revoked");
		ctl_json_u64(&j, n);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
	} else {
		fputs("signed out ", env->out);
		ctl_put_printable(env->out, login);
		fprintf(env->out, " (%u tokens revoked)\n", (unsigned)n);
	}
	return 0;
}
