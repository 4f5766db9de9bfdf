/* ctl_passwd.c - `accountsctl user passwd LOGIN --password-stdin`, and the
 * password step of `user create --password-stdin`.
 *
 * The password is read with read(2) into a buffer on the stack (stdio
 * would leave a copy in its own buffer), sent once, and wiped; it is
 * never printed.  Only the first line of standard input is used. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

void ctl_password_wipe(struct ctl_password *pw)
{
	acct_wipe(pw->buf, sizeof(pw->buf));
	pw->len = 0;
}

/* Bytes up to the first newline (or EOF) into pw->buf; -1 on a read
 * error (errno set).  Stops once the buffer is full. */
static int read_line(struct ctl_password *pw, bool *newline)
{
	size_t got = 0;
	ssize_t n;
	char *nl;

	*newline = false;
	while (got < sizeof(pw->buf)) {
		n = read(STDIN_FILENO, pw->buf + got, sizeof(pw->buf) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		nl = memchr(pw->buf + got, '\n', (size_t)n);
		if (nl != NULL) {
			got = (size_t)(nl - pw->buf);
			*newline = true;
			break;
		}
		got += (size_t)n;
	}
	pw->len = got;
	return 0;
}

int ctl_password_read(const struct ctl_env *env, struct ctl_password *pw)
{
	bool newline;

	if (read_line(pw, &newline) < 0) {
		ctl_password_wipe(pw);
		return ctl_local_error(env, "cannot read standard input: %s",
				       strerror(errno));
	}
	/* a line typed or written on Windows ends in CR LF */
	if (pw->len > 0 && pw->buf[pw->len - 1] == '\r')
		pw->len--;
	if (pw->len > ACCT_MAX_PASSWORD ||
	    (!newline && pw->len == sizeof(pw->buf))) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "the password is longer than %u bytes",
				 ACCT_MAX_PASSWORD);
	}
	if (pw->len == 0) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "no password on standard input");
	}
	if (memchr(pw->buf, '\0', pw->len) != NULL) {
		ctl_password_wipe(pw);
		return ctl_usage(env, "the password contains a NUL byte");
	}
	/* the rest of the buffer may hold what followed the newline */
	acct_wipe(pw->buf + pw->len, sizeof(pw->buf) - pw->len);
	return 0;
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
