/*
 * ctl_plan.c - `accountsctl plan create|list|show|update|delete` and the
 * tenant's subscription: `tenant plan|subscribe|cancel`.
 */
#include <string.h>

#include "acct_names.h"
#include "ctl.h"

static const struct {
	enum ctl_opt opt;
	uint16_t tag;
	uint64_t max;
} limit_opts[ACCT_BUDGET_KINDS] = {
	{CTL_OPT_SEATS, ACCT_T_SEATS, ACCT_MAX_BUDGET},
	{CTL_OPT_SESSIONS, ACCT_T_SESSIONS, ACCT_MAX_BUDGET},
	{CTL_OPT_KEYS, ACCT_T_KEYS, ACCT_MAX_BUDGET},
	{CTL_OPT_USAGE, ACCT_T_USAGE, ACCT_MAX_USAGE},
};

int ctl_parse_limit(const struct ctl_env *env, const char *opt, const char *s,
		    uint64_t max, bool allow_plan, uint64_t *v, bool *clear)
{
	size_t n = strlen(s);

	*clear = false;
	if (strcmp(s, "unlimited") == 0) {
		*v = ACCT_BUDGET_UNLIMITED;
		return 0;
	}
	if (allow_plan && strcmp(s, "plan") == 0) {
		*clear = true;
		return 0;
	}
	*v = 0;
	if (n == 0 || n > 20 || strspn(s, "0123456789") != n)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (*v > (max - d) / 10)
			goto bad;
		*v = *v * 10 + d;
	}
	return 0;
bad:
	return ctl_usage(env, "--%s wants a number from 0 to %llu%s, not '%s'",
			 opt, (unsigned long long)max,
			 allow_plan ? ", unlimited or plan" : " or unlimited",
			 s);
}

int ctl_parse_when(const struct ctl_env *env, const char *opt, const char *s,
		   uint64_t *out)
{
	size_t n = strlen(s);

	if (s[0] == '@') {
		/* "@UNIXTIME": digits only, as --since reads them */
		if (n > 1 && strspn(s + 1, "0123456789") == n - 1 &&
		    ctl_parse_time(s + 1, out) == 0 && *out != 0)
			return 0;
	} else if (n == 20 && s[10] == 'T' && s[19] == 'Z' &&
		   ctl_parse_time(s, out) == 0 && *out != 0) {
		/* RFC 3339 in UTC, to the second */
		return 0;
	}
	return ctl_usage(env,
			 "--%s wants a time as 2027-01-31T00:00:00Z or "
			 "@UNIXTIME, not '%s'",
			 opt, s);
}

/* The limits and trial days given, into req.  0 or exit 2. */
static int put_plan_opts(const struct ctl_env *env, const struct ctl_args *a,
			 struct acct_buf *req, bool *any)
{
	const char *days = a->opt[CTL_OPT_TRIAL_DAYS];
	bool clear;
	uint64_t v;
	int rc;

	*any = false;
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++) {
		const char *s = a->opt[limit_opts[k].opt];

		if (s == NULL)
			continue;
		rc = ctl_parse_limit(env, ctl_opt_def(limit_opts[k].opt)->name,
				     s, limit_opts[k].max, false, &v, &clear);
		if (rc != 0)
			return rc;
		acct_put_u64(req, limit_opts[k].tag, v);
		*any = true;
	}
	if (days != NULL) {
		rc = ctl_parse_limit(env, "trial-days", days,
				     ACCT_MAX_TRIAL_DAYS, false, &v, &clear);
		if (rc != 0)
			return rc;
		if (v == ACCT_BUDGET_UNLIMITED)
			return ctl_usage(env, "--trial-days wants 0 to %u days",
					 ACCT_MAX_TRIAL_DAYS);
		acct_put_u32(req, ACCT_T_TRIAL_DAYS, (uint32_t)v);
		*any = true;
	}
	return 0;
}

static int check_plan_name(const struct ctl_env *env, const char *name)
{
	if (!acct_valid_group(name, strlen(name)))
		return ctl_usage(
			env,
			"'%s' is not a plan name (1-32 characters of "
			"a-z, 0-9, _, . and -, starting with a letter)",
			name);
	return 0;
}

/* Send req and confirm with the plan it answers with. */
static int one_plan(const struct ctl_env *env, uint16_t op,
		    struct acct_buf *req, const char *done)
{
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	rc = ctl_request(env, op, req, &rep);
	acct_buf_free(req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_plan_schema, ACCT_T_TRIAL_DAYS,
			      "the plan record lacks its name", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out, "%s plan %s\n", done, c.name);
	acct_reply_free(&rep);
	return rc;
}

static int plan_write(const struct ctl_env *env, const struct ctl_args *a,
		      uint16_t op, const char *done)
{
	struct acct_buf req;
	bool any;
	int rc;

	if ((rc = check_plan_name(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = put_plan_opts(env, a, &req, &any);
	if (rc == 0 && op == ACCT_OP_PLAN_UPDATE && !any)
		rc = ctl_usage(env, "nothing to update: give --seats, "
				    "--sessions, --keys, --usage or "
				    "--trial-days");
	if (rc != 0) {
		acct_buf_free(&req);
		return rc;
	}
	return one_plan(env, op, &req, done);
}

int ctl_cmd_plan_create(const struct ctl_env *env, const struct ctl_args *a)
{
	return plan_write(env, a, ACCT_OP_PLAN_CREATE, "created");
}

int ctl_cmd_plan_update(const struct ctl_env *env, const struct ctl_args *a)
{
	return plan_write(env, a, ACCT_OP_PLAN_UPDATE, "updated");
}

int ctl_cmd_plan_list(const struct ctl_env *env, const struct ctl_args *a)
{
	(void)a;
	return ctl_request_list(env, ACCT_OP_PLAN_LIST, NULL, &ctl_plan_schema);
}

int ctl_cmd_plan_show(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = check_plan_name(env, a->pos[0])) != 0)
		return rc;
	return ctl_show_named(env, ACCT_OP_PLAN_SHOW, a->pos[0],
			      &ctl_plan_schema);
}

int ctl_cmd_plan_delete(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = check_plan_name(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	return one_plan(env, ACCT_OP_PLAN_DELETE, &req, "deleted");
}

/* ---- the tenant's subscription ---- */

/* " until TIME" for a trial (its end), ", paid until TIME" for an
 * active subscription and ", usable until TIME" for a cancelled one. */
static void sub_until(const uint8_t *rec, size_t len, uint32_t status,
		      char *out, size_t size)
{
	uint16_t tag = status == ACCT_SUB_TRIAL ? ACCT_T_TRIAL_ENDS
						: ACCT_T_PERIOD_ENDS;
	const char *what = status == ACCT_SUB_TRIAL    ? " until"
			   : status == ACCT_SUB_ACTIVE ? ", paid until"
						       : ", usable until";
	char when[CTL_TIME_LEN];
	struct acct_field f;
	uint64_t t;

	if ((status != ACCT_SUB_TRIAL && status != ACCT_SUB_ACTIVE &&
	     status != ACCT_SUB_CANCELLED) ||
	    acct_find(rec, len, tag, &f) != 1 || acct_get_u64(&f, &t) != 0)
		return;
	ctl_fmt_time(t, when);
	snprintf(out, size, "%s %s", what, when);
}

/* Send req (NAME = slug already in) and confirm with the tenant's plan,
 * its subscription's status and until when. */
static int sub_request(const struct ctl_env *env, uint16_t op,
		       struct acct_buf *req)
{
	char plan[ACCT_MAX_NAME + 1] = "";
	struct acct_reply rep;
	struct ctl_confirm c;
	uint32_t status = 0;
	int rc;

	rc = ctl_request(env, op, req, &rep);
	acct_buf_free(req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_tenant_schema, ACCT_T_GID,
			      "the tenant record lacks slug or gid", &c);
	if (rc == 0 && !c.printed) {
		const char *word;
		char until[CTL_TIME_LEN + 32] = "";

		ctl_rec_str(c.rec, c.len, ACCT_T_PLAN, plan, sizeof(plan));
		ctl_rec_u32(c.rec, c.len, ACCT_T_SUB_STATUS, &status);
		word = acct_sub_status_name(status);
		sub_until(c.rec, c.len, status, until, sizeof(until));
		fprintf(env->out, "tenant %s: plan %s, %s%s\n", c.name, plan,
			word != NULL ? word : "unknown", until);
	}
	acct_reply_free(&rep);
	return rc;
}

/* NAME slug, and the time of opt (when given) under tag. */
static int sub_start(const struct ctl_env *env, const struct ctl_args *a,
		     enum ctl_opt opt, uint16_t tag, struct acct_buf *req)
{
	const char *when = opt != CTL_OPT__COUNT ? a->opt[opt] : NULL;
	uint64_t t = 0;
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	if (when != NULL &&
	    (rc = ctl_parse_when(env, ctl_opt_def(opt)->name, when, &t)) != 0)
		return rc;
	acct_buf_init(req, ACCT_MAX_REQUEST);
	acct_put_str(req, ACCT_T_NAME, a->pos[0]);
	if (when != NULL)
		acct_put_u64(req, tag, t);
	return 0;
}

int ctl_cmd_tenant_plan(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = check_plan_name(env, a->pos[1])) != 0)
		return rc;
	rc = sub_start(env, a, CTL_OPT_TRIAL_ENDS, ACCT_T_TRIAL_ENDS, &req);
	if (rc != 0)
		return rc;
	acct_put_str(&req, ACCT_T_PLAN, a->pos[1]);
	return sub_request(env, ACCT_OP_TENANT_PLAN, &req);
}

int ctl_cmd_tenant_subscribe(const struct ctl_env *env,
			     const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	rc = sub_start(env, a, CTL_OPT_PERIOD_ENDS, ACCT_T_PERIOD_ENDS, &req);
	if (rc != 0)
		return rc;
	return sub_request(env, ACCT_OP_TENANT_SUBSCRIBE, &req);
}

int ctl_cmd_tenant_cancel(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	rc = sub_start(env, a, CTL_OPT__COUNT, 0, &req);
	if (rc != 0)
		return rc;
	return sub_request(env, ACCT_OP_TENANT_CANCEL, &req);
}
