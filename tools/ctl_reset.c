/* ctl_reset.c - password reset by mail: `accountsctl user reset LOGIN`
 * (an operator has a reset token mailed to the user) and `accountsctl
 * reset` (whoever holds the token sets the new password).
 *
 * The token and the password are read from standard input, one line
 * each, with read(2) one byte at a time (the second line stays for the
 * second read, and no stdio buffer keeps a copy); on a terminal they are
 * prompted for without echo, and the password is asked twice.  Both are
 * sent once and wiped; neither is ever printed. */
#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

/* ---- user reset ---- */

int ctl_cmd_user_reset(const struct ctl_env *env, const struct ctl_args *a)
{
	char login[ACCT_MAX_NAME + 1] = "", email[ACCT_MAX_STR + 1] = "";
	char until[CTL_TIME_LEN] = "-";
	struct acct_reply rep;
	struct acct_field f;
	uint64_t expires = 0;
	struct ctl_json j;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	rc = ctl_request_name(env, ACCT_OP_USER_RESET, a->pos[0], 0, NULL,
			      &rep);
	if (rc != 0)
		return rc;
	if (!ctl_rec_str(rep.payload, rep.len, ACCT_T_NAME, login,
			 sizeof(login)) ||
	    !ctl_rec_str(rep.payload, rep.len, ACCT_T_EMAIL, email,
			 sizeof(email)) ||
	    acct_find(rep.payload, rep.len, ACCT_T_EXPIRES, &f) != 1 ||
	    acct_get_u64(&f, &expires) != 0) {
		acct_reply_free(&rep);
		return ctl_bad_reply(env, "the reply lacks the user, its "
					  "email or the token's expiry");
	}
	acct_reply_free(&rep);
	ctl_fmt_time(expires, until);
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "login");
		ctl_json_str(&j, login);
		ctl_json_key(&j, "email");
		ctl_json_str(&j, email);
		ctl_json_key(&j, "mail_queued");
		ctl_json_bool(&j, true);
		ctl_json_key(&j, "expires_at");
		ctl_json_str(&j, until);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
		return 0;
	}
	fputs("reset mail for user ", env->out);
	ctl_put_printable(env->out, login);
	fputs(" queued to ", env->out);
	ctl_put_printable(env->out, email);
	fprintf(env->out, "; the token works once, until %s\n", until);
	return 0;
}

/* ---- reset ---- */

/* Standard input's echo, off while a secret is typed on a terminal. */
struct quiet_tty {
	bool on;
	struct termios saved;
};

static void echo_off(struct quiet_tty *q)
{
	struct termios t;

	q->on = false;
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &q->saved) < 0)
		return;
	t = q->saved;
	t.c_lflag &= ~(tcflag_t)ECHO;
	/* TCSANOW, never a flush: what is typed ahead is the answer */
	q->on = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
}

static void echo_restore(struct quiet_tty *q)
{
	if (q->on)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &q->saved);
	q->on = false;
}

/*
 * One line of standard input into buf[size] (NUL-terminated, without its
 * newline or a CR before it).  Returns 0; -1 with errno on a read error;
 * 1 when the line does not fit (the rest of it is read and dropped).
 */
static int read_line(char *buf, size_t size, size_t *len)
{
	bool over = false;
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t got = read(STDIN_FILENO, &c, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0 || c == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = c;
		else
			over = true;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	c = 0;
	return over ? 1 : 0;
}

/* Prompt on a terminal (quietly), then read one line.  0 or an exit
 * code (reported; buf wiped). */
static int ask(const struct ctl_env *env, const char *prompt, char *buf,
	       size_t size, size_t *len, const char *what, size_t max)
{
	struct quiet_tty q;
	int rc;

	/* quiet before the prompt: an answer typed at once is not echoed */
	echo_off(&q);
	if (isatty(STDIN_FILENO)) {
		fputs(prompt, env->err);
		fflush(env->err);
	}
	rc = read_line(buf, size, len);
	if (q.on)
		fputc('\n', env->err);
	echo_restore(&q);
	if (rc < 0) {
		acct_wipe(buf, size);
		return ctl_local_error(env, "cannot read standard input: %s",
				       strerror(errno));
	}
	if (rc > 0 || *len > max) {
		acct_wipe(buf, size);
		return ctl_usage(env, "the %s is longer than %zu bytes", what,
				 max);
	}
	if (*len == 0) {
		acct_wipe(buf, size);
		return ctl_usage(env, "no %s on standard input", what);
	}
	return 0;
}

void ctl_token_input_wipe(struct ctl_token_input *in)
{
	acct_wipe(in, sizeof(*in));
}

int ctl_token_read(const struct ctl_env *env, const char *prompt,
		   struct ctl_token_input *in, bool with_password)
{
	const char *p;
	int rc;

	memset(in, 0, sizeof(*in));
	rc = ask(env, prompt, in->token, sizeof(in->token), &in->token_len,
		 "token", CTL_TOKEN_MAX);
	if (rc != 0)
		return rc;
	/* blanks around it dropped: it is often pasted */
	p = in->token + strspn(in->token, " \t");
	in->token_len = strcspn(p, " \t");
	memmove(in->token, p, in->token_len);
	in->token[in->token_len] = '\0';
	if (memchr(in->token, '\0', in->token_len) != NULL)
		rc = ctl_usage(env, "the token contains a NUL byte");
	if (rc == 0 && with_password)
		rc = ask(env, "New password: ", in->pw.buf, sizeof(in->pw.buf),
			 &in->pw.len, "password", ACCT_MAX_PASSWORD);
	if (rc == 0 && with_password && isatty(STDIN_FILENO)) {
		rc = ask(env, "Retype new password: ", in->again.buf,
			 sizeof(in->again.buf), &in->again.len, "password",
			 ACCT_MAX_PASSWORD);
		if (rc == 0 &&
		    (in->again.len != in->pw.len ||
		     memcmp(in->again.buf, in->pw.buf, in->pw.len) != 0))
			rc = ctl_usage(env, "the passwords do not match");
	}
	if (rc == 0 && memchr(in->pw.buf, '\0', in->pw.len) != NULL)
		rc = ctl_usage(env, "the password contains a NUL byte");
	if (rc != 0)
		ctl_token_input_wipe(in);
	return rc;
}

static int send_reset(const struct ctl_env *env,
		      const struct ctl_token_input *in)
{
	char login[ACCT_MAX_NAME + 1] = "";
	struct acct_reply rep;
	struct acct_buf req;
	struct ctl_json j;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1; /* wiped when grown and when freed */
	acct_put_strn(&req, ACCT_T_TOKEN, in->token, in->token_len);
	acct_put_strn(&req, ACCT_T_PASSWORD, in->pw.buf, in->pw.len);
	rc = ctl_request(env, ACCT_OP_RESET, &req, &rep);
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
		ctl_json_key(&j, "password_set");
		ctl_json_bool(&j, true);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
	} else {
		fputs("password set for user ", env->out);
		ctl_put_printable(env->out, login);
		fputc('\n', env->out);
	}
	return 0;
}

int ctl_cmd_reset(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_token_input in;
	int rc;

	(void)a;
	rc = ctl_token_read(env, "Reset token: ", &in, true);
	if (rc == 0)
		rc = send_reset(env, &in);
	ctl_token_input_wipe(&in);
	return rc;
}
