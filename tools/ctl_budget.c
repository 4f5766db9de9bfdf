/*
 * ctl_budget.c - `accountsctl budget set|show`: a tenant's budgets, each
 * with its limit, what is used and where the limit comes from (plan,
 * override, none).
 */
#include <inttypes.h>
#include <string.h>

#include "acct_names.h"
#include "ctl.h"

static const struct {
	enum ctl_opt opt;
	uint32_t kind;
	uint16_t tag;
	uint64_t max;
} kinds[ACCT_BUDGET_KINDS] = {
	{CTL_OPT_SEATS, ACCT_BUDGET_SEATS, ACCT_T_SEATS, ACCT_MAX_BUDGET},
	{CTL_OPT_SESSIONS, ACCT_BUDGET_SESSIONS, ACCT_T_SESSIONS,
	 ACCT_MAX_BUDGET},
	{CTL_OPT_KEYS, ACCT_BUDGET_KEYS, ACCT_T_KEYS, ACCT_MAX_BUDGET},
	{CTL_OPT_USAGE, ACCT_BUDGET_USAGE, ACCT_T_USAGE, ACCT_MAX_USAGE},
};

static const char *word(const char *w)
{
	return w != NULL ? w : "unknown";
}

/* One BUDGET rec's fields. */
struct line {
	uint32_t kind, source;
	bool limited;
	uint64_t limit, used;
};

static void read_line(const uint8_t *rec, size_t len, struct line *l)
{
	struct acct_field f;

	memset(l, 0, sizeof(*l));
	ctl_rec_u32(rec, len, ACCT_T_BUDGET_KIND, &l->kind);
	ctl_rec_u32(rec, len, ACCT_T_BUDGET_SOURCE, &l->source);
	if (acct_find(rec, len, ACCT_T_BUDGET_LIMIT, &f) == 1)
		l->limited = acct_get_u64(&f, &l->limit) == 0;
	if (acct_find(rec, len, ACCT_T_BUDGET_USED, &f) == 1)
		acct_get_u64(&f, &l->used);
}

static void print_json(const struct ctl_env *env, const char *slug,
		       const struct acct_reply *rep, const char *plan,
		       uint32_t policy)
{
	struct acct_reader r;
	struct acct_field f;
	struct ctl_json j;

	ctl_json_init(&j, env->out);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "tenant");
	ctl_json_str(&j, slug);
	ctl_json_key(&j, "plan");
	if (plan[0] != '\0')
		ctl_json_str(&j, plan);
	else
		ctl_json_null(&j);
	ctl_json_key(&j, "policy");
	ctl_json_str(&j, word(acct_budget_policy_name(policy)));
	ctl_json_key(&j, "budgets");
	ctl_json_begin_array(&j);
	acct_reader_init(&r, rep->payload, rep->len);
	while (acct_next(&r, &f) == 1) {
		struct line l;

		if (f.tag != ACCT_T_BUDGET)
			continue;
		read_line(f.val, f.len, &l);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "kind");
		ctl_json_str(&j, word(acct_budget_kind_name(l.kind)));
		ctl_json_key(&j, "limit");
		if (l.limited)
			ctl_json_u64(&j, l.limit);
		else
			ctl_json_null(&j);
		ctl_json_key(&j, "used");
		ctl_json_u64(&j, l.used);
		ctl_json_key(&j, "source");
		ctl_json_str(&j, word(acct_budget_source_name(l.source)));
		ctl_json_end_object(&j);
	}
	ctl_json_end_array(&j);
	ctl_json_end_object(&j);
	fputc('\n', env->out);
}

static int print_text(const struct ctl_env *env, const char *slug,
		      const struct acct_reply *rep, const char *plan,
		      uint32_t policy)
{
	static const char *const head[] = {"BUDGET", "LIMIT", "USED", "SOURCE"};
	struct acct_reader r;
	struct acct_field f;
	struct ctl_table t;
	int rc = 0;

	fprintf(env->out, "tenant %s: plan %s, policy %s\n", slug,
		plan[0] != '\0' ? plan : "(none)",
		word(acct_budget_policy_name(policy)));
	ctl_table_init(&t, 4);
	rc = ctl_table_add(&t, head);
	acct_reader_init(&r, rep->payload, rep->len);
	while (rc == 0 && acct_next(&r, &f) == 1) {
		char limit[24] = "unlimited", used[24];
		const char *cells[4];
		struct line l;

		if (f.tag != ACCT_T_BUDGET)
			continue;
		read_line(f.val, f.len, &l);
		if (l.limited)
			snprintf(limit, sizeof(limit), "%" PRIu64, l.limit);
		snprintf(used, sizeof(used), "%" PRIu64, l.used);
		cells[0] = word(acct_budget_kind_name(l.kind));
		cells[1] = limit;
		cells[2] = used;
		cells[3] = word(acct_budget_source_name(l.source));
		rc = ctl_table_add(&t, cells);
	}
	if (rc == 0)
		ctl_table_print(&t, env->out);
	ctl_table_free(&t);
	return rc == 0 ? 0 : ctl_local_error(env, "out of memory");
}

/* Send req and print the budgets it answers with. */
static int budgets(const struct ctl_env *env, uint16_t op, const char *slug,
		   struct acct_buf *req)
{
	char plan[ACCT_MAX_NAME + 1] = "";
	struct acct_reply rep;
	uint32_t policy = 0;
	int rc;

	rc = ctl_request(env, op, req, &rep);
	acct_buf_free(req);
	if (rc != 0)
		return rc;
	ctl_rec_str(rep.payload, rep.len, ACCT_T_PLAN, plan, sizeof(plan));
	ctl_rec_u32(rep.payload, rep.len, ACCT_T_BUDGET_POLICY, &policy);
	if (env->json)
		print_json(env, slug, &rep, plan, policy);
	else
		rc = print_text(env, slug, &rep, plan, policy);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_budget_show(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	return budgets(env, ACCT_OP_BUDGET_SHOW, a->pos[0], &req);
}

int ctl_cmd_budget_set(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *policy = a->opt[CTL_OPT_POLICY];
	struct acct_buf req;
	bool any = false;
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	if (policy != NULL && acct_budget_policy_parse(policy) == 0)
		return ctl_usage(env,
				 "--policy wants block or override, not "
				 "'%s'",
				 policy);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS && rc == 0; k++) {
		const char *s = a->opt[kinds[k].opt];
		bool clear;
		uint64_t v;

		if (s == NULL)
			continue;
		rc = ctl_parse_limit(env, ctl_opt_def(kinds[k].opt)->name, s,
				     kinds[k].max, true, &v, &clear);
		if (rc == 0 && clear)
			acct_put_u32(&req, ACCT_T_BUDGET_CLEAR, kinds[k].kind);
		else if (rc == 0)
			acct_put_u64(&req, kinds[k].tag, v);
		any = true;
	}
	if (rc == 0 && policy != NULL) {
		acct_put_u32(&req, ACCT_T_BUDGET_POLICY,
			     acct_budget_policy_parse(policy));
		any = true;
	}
	if (rc == 0 && !any)
		rc = ctl_usage(env, "nothing to set: give --seats, --sessions, "
				    "--keys, --usage or --policy");
	if (rc != 0) {
		acct_buf_free(&req);
		return rc;
	}
	return budgets(env, ACCT_OP_BUDGET_SET, a->pos[0], &req);
}
