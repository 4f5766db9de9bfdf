/* ctl_passwd.c - `accountsctl user passwd LOGIN --password-stdin`, the
 * password step of `user create --password-stdin`, and the passwords the
 * `me` verbs read (one line each, or asked on a terminal without echo).
 *
 * A password is read with read(2) into a buffer on the stack (stdio
 * would leave a copy in its own buffer), one byte at a time so that
 * nothing past its line is taken (the next line is the next password),
 * sent once, and wiped; it is never printed. */
#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

void ctl_password_wipe(struct ctl_password *pw)
{
	acct_wipe(pw->buf, sizeof(pw->buf));
	pw->len = 0;
}

/* Bytes up to the first newline (or EOF) into pw->buf, the newline
 * taken but not kept; -1 on a read error (errno set).  Stops once the
 * buffer is full. */
static int read_line(struct ctl_password *pw, bool *newline)
{
	size_t got = 0;
	ssize_t n;

	*newline = false;
	while (got < sizeof(pw->buf)) {
		n = read(STDIN_FILENO, pw->buf + got, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (pw->buf[got] == '\n') {
			*newline = true;
			break;
		}
		got++;
	}
	pw->len = got;
	return 0;
}

/* A line read: 0, or the exit code for what is wrong with it. */
static int check_line(const struct ctl_env *env, struct ctl_password *pw,
		      bool newline, const char *where, const char *what)
{
	/* a line typed or written on Windows ends in CR LF */
	if (pw->len > 0 && pw->buf[pw->len - 1] == '\r')
		pw->len--;
	if (pw->len > ACCT_MAX_PASSWORD ||
	    (!newline && pw->len == sizeof(pw->buf))) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "the %s is longer than %u bytes", what,
				 ACCT_MAX_PASSWORD);
	}
	if (pw->len == 0) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "no %s %s", what, where);
	}
	if (memchr(pw->buf, '\0', pw->len) != NULL) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "the %s contains a NUL byte", what);
	}
	/* nothing but the password stays in the buffer */
	acct_wipe(pw->buf + pw->len, sizeof(pw->buf) - pw->len);
	return 0;
}

static int read_failed(const struct ctl_env *env, struct ctl_password *pw)
{
	int e = errno;

	ctl_password_wipe(pw);
	return ctl_local_error(env, "cannot read standard input: %s",
			       strerror(e));
}

int ctl_password_read_as(const struct ctl_env *env, struct ctl_password *pw,
			 const char *what)
{
	bool newline;

	if (read_line(pw, &newline) < 0)
		return read_failed(env, pw);
	return check_line(env, pw, newline, "on standard input", what);
}

int ctl_password_read(const struct ctl_env *env, struct ctl_password *pw)
{
	return ctl_password_read_as(env, pw, "password");
}

int ctl_password_prompt(const struct ctl_env *env, const char *prompt,
			const char *what, struct ctl_password *pw)
{
	struct termios saved, quiet;
	bool newline;
	int rc;

	/* never ask with the echo on: the password would show */
	if (tcgetattr(STDIN_FILENO, &saved) != 0)
		return ctl_local_error(env, "cannot read the terminal: %s",
				       strerror(errno));
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	/* echo off before the prompt shows: an answer typed at once must
	 * neither show nor be flushed; what was typed before it goes */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return ctl_local_error(env, "cannot turn the echo off: %s",
				       strerror(errno));
	fputs(prompt, env->err);
	fflush(env->err);
	rc = read_line(pw, &newline);
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	putc('\n', env->err); /* the newline the terminal did not echo */
	if (rc < 0)
		return read_failed(env, pw);
	return check_line(env, pw, newline, "given", what);
}

int ctl_password_send(const struct ctl_env *env, const char *login,
		      const struct ctl_password *pw, bool quiet)
{
	struct acct_reply rep;
	struct acct_buf req;
	struct ctl_json j;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	req.secret = 1; /* wiped when grown and when freed */
	acct_put_str(&req, ACCT_T_NAME, login);
	acct_put_strn(&req, ACCT_T_PASSWORD, pw->buf, pw->len);
	rc = ctl_request(env, ACCT_OP_USER_PASSWD, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	acct_reply_free(&rep);
	if (quiet)
		return 0;
	if (env->json) {
		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "name");
		ctl_json_str(&j, login);
		ctl_json_key(&j, "password_set");
		ctl_json_bool(&j, true);
		ctl_json_end_object(&j);
		fputc('\n', env->out);
	} else {
		fprintf(env->out, "password set for user %s\n", login);
	}
	return 0;
}

int ctl_cmd_user_passwd(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_password pw;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (a->opt[CTL_OPT_PASSWORD_STDIN] == NULL)
		return ctl_usage(env, "give --password-stdin and the password "
				      "as one line on standard input");
	if ((rc = ctl_password_read(env, &pw)) != 0)
		return rc;
	rc = ctl_password_send(env, a->pos[0], &pw, false);
	ctl_password_wipe(&pw);
	return rc;
}
