/* ctl_user_import.c - `accountsctl user import FILE|-`: bulk creation in
 * all-or-nothing requests of up to CTL_IMPORT_BATCH users each; with
 * --skip-existing a login that exists is skipped and counted; on a
 * terminal, progress on stderr. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_import.h"

struct import_progress {
	size_t created;	     /* by the requests that succeeded */
	size_t skipped;	     /* --skip-existing: logins that existed */
	size_t done, total;  /* users sent and answered, of all */
	bool tty;	     /* stderr is a terminal: show progress */
	unsigned first_line; /* lines of the request in flight */
	unsigned last_line;
};

/* With --json, a failed import's error object says how far it got. */
static void import_extra(struct ctl_json *j, const void *arg)
{
	const struct import_progress *p = arg;

	ctl_json_key(j, "created");
	ctl_json_u64(j, p->created);
	ctl_json_key(j, "failed_lines");
	ctl_json_begin_array(j);
	ctl_json_u64(j, p->first_line);
	ctl_json_u64(j, p->last_line);
	ctl_json_end_array(j);
}

static int read_file(const struct ctl_env *env, const char *path,
		     struct ctl_import *im)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "re");
	char err[512] = "";
	int rc, e;

	if (f == NULL) {
		memset(im, 0, sizeof(*im));
		return ctl_usage(env, "cannot open %s: %s", path,
				 strerror(errno));
	}
	rc = ctl_import_read(f, name, im, err, sizeof(err));
	e = errno;
	if (!is_stdin)
		fclose(f);
	if (rc == -1)
		return ctl_usage(env, "%s", err);
	if (rc == -2 && e == ENOMEM)
		return ctl_local_error(env, "out of memory");
	if (rc == -2)
		return ctl_usage(env, "cannot read %s: %s", name, strerror(e));
	return 0;
}

/* Send one batch; 0 or an exit code (reported). */
static int send_batch(const struct ctl_env *env, struct acct_buf *req, size_t n,
		      struct import_progress *prog)
{
	struct acct_reply rep;
	uint32_t count;
	int rc;

	rc = ctl_request(env, ACCT_OP_USER_IMPORT, req, &rep);
	if (rc != 0) {
		fprintf(env->err,
			CTL_PROG ": %zu user%s created before this; the "
				 "request for lines %u-%u %s\n",
			prog->created, prog->created == 1 ? "" : "s",
			prog->first_line, prog->last_line,
			rc == CTL_EXIT_REFUSED ? "changed nothing"
					       : "may or may not have been "
						 "applied");
		return rc;
	}
	if (!ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_USERS, &count))
		count = (uint32_t)n;
	prog->created += count;
	if (ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_SKIPPED, &count))
		prog->skipped += count;
	prog->done += n;
	if (prog->tty) {
		fprintf(env->err, "\rimported %zu/%zu", prog->done,
			prog->total);
		fflush(env->err);
	}
	acct_reply_free(&rep);
	return 0;
}

int ctl_cmd_user_import(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_import im;
	struct import_progress prog = {0};
	bool skip = a->opt[CTL_OPT_SKIP_EXISTING] != NULL;
	struct ctl_env e = *env;
	struct acct_buf req;
	size_t from = 0, requests = 0, n;
	int rc;

	rc = read_file(env, a->pos[0], &im);
	if (rc != 0) {
		ctl_import_free(&im);
		return rc;
	}
	e.error_extra = import_extra;
	e.error_extra_arg = &prog;
	prog.total = im.n;
	prog.tty = isatty(fileno(env->err)) == 1;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	while (rc == 0 && from < im.n) {
		acct_buf_reset(&req);
		n = ctl_import_batch(&im, from, &req);
		if (skip)
			acct_put_u32(&req, ACCT_T_SKIP_EXISTING, 1);
		if (req.err != 0 || n == 0) {
			rc = ctl_local_error(env, "out of memory");
			break;
		}
		prog.first_line = im.users[from].line;
		prog.last_line = im.users[from + n - 1].line;
		rc = send_batch(&e, &req, n, &prog);
		from += n;
		requests++;
	}
	acct_buf_free(&req);
	ctl_import_free(&im);
	if (prog.tty && prog.done > 0)
		fputc('\n', env->err); /* past the progress line */
	if (rc != 0)
		return rc;
	if (env->json) {
		struct ctl_json j;

		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "created");
		ctl_json_u64(&j, prog.created);
		ctl_json_key(&j, "requests");
		ctl_json_u64(&j, requests);
		if (skip) {
			ctl_json_key(&j, "skipped");
			ctl_json_u64(&j, prog.skipped);
		}
		ctl_json_end_object(&j);
		putc('\n', env->out);
	} else {
		fprintf(env->out, "created %zu user%s", prog.created,
			prog.created == 1 ? "" : "s");
		if (skip)
			fprintf(env->out, ", skipped %zu existing",
				prog.skipped);
		fputc('\n', env->out);
	}
	return CTL_EXIT_OK;
}
