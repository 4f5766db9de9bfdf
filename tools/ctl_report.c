/* ctl_report.c - every failure leaves through here: one line on stderr,
 * plus an error object on stdout with --json, and a documented exit code. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acct_status.h"
#include "ctl.h"

int ctl_report(const struct ctl_env *env, int exit_code, const char *status,
	       int code, const char *message)
{
	fputs(CTL_PROG ": ", env->err);
	ctl_put_printable(env->err, message);
	putc('\n', env->err);
	if (env->json) {
		struct ctl_json j;

		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "error");
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "status");
		ctl_json_str(&j, status);
		ctl_json_key(&j, "code");
		if (code >= 0)
			ctl_json_int(&j, code);
		else
			ctl_json_null(&j);
		ctl_json_key(&j, "message");
		ctl_json_str(&j, message);
		ctl_json_key(&j, "exit");
		ctl_json_int(&j, exit_code);
		ctl_json_end_object(&j);
		if (env->error_extra != NULL)
			env->error_extra(&j, env->error_extra_arg);
		ctl_json_end_object(&j);
		putc('\n', env->out);
	}
	return exit_code;
}

static void hint(const struct ctl_env *env)
{
	const char *noun = env->verb ? env->verb->noun : env->noun;
	const char *name = env->verb ? env->verb->name : NULL;

	fprintf(env->err, "Try '" CTL_PROG "%s%s%s%s --help'.\n",
		noun ? " " : "", noun ? noun : "", name ? " " : "",
		name ? name : "");
}

int ctl_usage(const struct ctl_env *env, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctl_report(env, CTL_EXIT_USAGE, "usage", -1, msg);
	hint(env);
	return CTL_EXIT_USAGE;
}

int ctl_refused(const struct ctl_env *env, const struct acct_reply *rep)
{
	struct acct_field f;
	const char *detail = NULL;
	size_t dlen = 0;
	char *msg;
	const char *smsg = acct_status_message(rep->status);
	size_t need;
	int rc;

	if (acct_find(rep->payload, rep->len, ACCT_T_MESSAGE, &f) == 1 &&
	    acct_get_str(&f, &detail, &dlen) != 0)
		detail = NULL;
	if (detail == NULL || dlen == 0)
		return ctl_report(env, CTL_EXIT_REFUSED,
				  acct_status_name(rep->status), rep->status,
				  smsg);
	need = strlen(smsg) + 2 + dlen + 1;
	msg = malloc(need);
	if (msg == NULL)
		return ctl_local_error(env, "out of memory");
	/* a detail that already says what the status says is whole */
	if (dlen > strlen(smsg) && strncmp(detail, smsg, strlen(smsg)) == 0 &&
	    detail[strlen(smsg)] == ':')
		snprintf(msg, need, "%.*s", (int)dlen, detail);
	else
		snprintf(msg, need, "%s: %.*s", smsg, (int)dlen, detail);
	rc = ctl_report(env, CTL_EXIT_REFUSED, acct_status_name(rep->status),
			rep->status, msg);
	free(msg);
	return rc;
}

int ctl_unreachable(const struct ctl_env *env, int err)
{
	char msg[512];

	if (err == ENOMEM)
		return ctl_local_error(env, "out of memory");
	if (err == EPERM)
		snprintf(msg, sizeof(msg),
			 "the server at %s is not accountsd: it runs as "
			 "another user (nothing was sent)",
			 env->socket);
	else
		snprintf(msg, sizeof(msg), "cannot reach accountsd at %s: %s",
			 env->socket, strerror(err));
	return ctl_report(env, CTL_EXIT_UNREACHABLE, "unreachable", -1, msg);
}

int ctl_bad_reply(const struct ctl_env *env, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "bad reply from accountsd at %s: %s",
		 env->socket, what);
	return ctl_report(env, CTL_EXIT_UNREACHABLE, "protocol", -1, msg);
}

int ctl_local_error(const struct ctl_env *env, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ctl_report(env, CTL_EXIT_LOCAL, "local", -1, msg);
}
