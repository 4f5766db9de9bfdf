/*
 * ctl_audit.c - `accountsctl audit list|verify`.
 *
 * list asks AUDIT_LIST for pages, newest first, following the cursor
 * (BEFORE) until it has --limit records or the log ends, then prints them
 * oldest first: the newest last, as a log reads.  verify asks the daemon
 * to walk the whole chain now and exits 1 when it is broken.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define DEFAULT_LIMIT 100u
#define MAX_LIMIT 1000000u
#define MAX_ACTOR 255u

/* ---- list ---- */

/* What to ask for, from the command line. */
struct audit_filter {
	const char *tenant, *actor, *action;
	uint64_t since, until; /* 0: not given */
	uint32_t limit;
};

/* An action is a word of the protocol: lowercase, digits and '-'. */
static bool valid_action(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 32 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static int parse_limit(const struct ctl_env *env, const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (s == NULL) {
		*out = DEFAULT_LIMIT;
		return 0;
	}
	errno = 0;
	v = s[0] >= '0' && s[0] <= '9' ? strtoul(s, &end, 10) : 0;
	if (s[0] < '0' || s[0] > '9' || errno != 0 || *end != '\0' || v < 1 ||
	    v > MAX_LIMIT)
		return ctl_usage(env,
				 "--limit wants a number from 1 to %u, not "
				 "'%s'",
				 MAX_LIMIT, s);
	*out = (uint32_t)v;
	return 0;
}

static int parse_time_opt(const struct ctl_env *env, const char *opt,
			  const char *s, uint64_t *out)
{
	*out = 0;
	if (s == NULL || ctl_parse_time(s, out) == 0)
		return 0;
	return ctl_usage(env,
			 "--%s wants unix seconds or an ISO 8601 UTC time "
			 "(2026-12-02, 2026-12-02T10:00:00Z), not '%s'",
			 opt, s);
}

static int read_filter(const struct ctl_env *env, const struct ctl_args *a,
		       struct audit_filter *f)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->tenant = a->opt[CTL_OPT_TENANT];
	f->actor = a->opt[CTL_OPT_ACTOR];
	f->action = a->opt[CTL_OPT_ACTION];
	if (f->tenant != NULL && (rc = ctl_check_slug(env, f->tenant)) != 0)
		return rc;
	if (f->actor != NULL &&
	    (f->actor[0] == '\0' || strlen(f->actor) > MAX_ACTOR))
		return ctl_usage(env, "--actor wants 1 to %u bytes", MAX_ACTOR);
	if (f->action != NULL && !valid_action(f->action))
		return ctl_usage(env,
				 "'%s' is not an action (a word such as "
				 "user-disable: a-z 0-9 -, at most 31)",
				 f->action);
	if ((rc = parse_time_opt(env, "since", a->opt[CTL_OPT_SINCE],
				 &f->since)) != 0 ||
	    (rc = parse_time_opt(env, "until", a->opt[CTL_OPT_UNTIL],
				 &f->until)) != 0)
		return rc;
	if (a->opt[CTL_OPT_UNTIL] != NULL && f->until == 0)
		return ctl_usage(env, "--until 0 leaves nothing to list");
	if (f->until != 0 && f->since >= f->until)
		return ctl_usage(env, "--since must be before --until");
	return parse_limit(env, a->opt[CTL_OPT_LIMIT], &f->limit);
}

/* The records gathered, newest first, pointing into the pages kept. */
struct gathered {
	struct acct_reply *pages;
	size_t npages, cap_pages;
	struct acct_field *recs;
	size_t nrecs, cap_recs;
};

static void gathered_free(struct gathered *g)
{
	for (size_t i = 0; i < g->npages; i++)
		acct_reply_free(&g->pages[i]);
	free(g->pages);
	free(g->recs);
}

/* Keep one page and its records.  0, or -1 out of memory. */
static int keep_page(struct gathered *g, const struct acct_reply *rep)
{
	struct acct_reader r;
	struct acct_field f;
	void *grown;

	if (g->npages == g->cap_pages) {
		g->cap_pages = g->cap_pages ? 2 * g->cap_pages : 8;
		grown = realloc(g->pages, g->cap_pages * sizeof(*g->pages));
		if (grown == NULL)
			return -1;
		g->pages = grown;
	}
	g->pages[g->npages++] = *rep;
	acct_reader_init(&r, rep->payload, rep->len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_AUDIT)
			continue;
		if (g->nrecs == g->cap_recs) {
			g->cap_recs = g->cap_recs ? 2 * g->cap_recs : 256;
			grown = realloc(g->recs,
					g->cap_recs * sizeof(*g->recs));
			if (grown == NULL)
				return -1;
			g->recs = grown;
		}
		g->recs[g->nrecs++] = f;
	}
	return 0;
}

static void put_filter(struct acct_buf *req, const struct audit_filter *f,
		       uint64_t before, uint32_t want)
{
	if (f->tenant != NULL)
		acct_put_str(req, ACCT_T_TENANT, f->tenant);
	if (f->actor != NULL)
		acct_put_str(req, ACCT_T_ACTOR, f->actor);
	if (f->action != NULL)
		acct_put_str(req, ACCT_T_ACTION, f->action);
	if (f->since != 0)
		acct_put_u64(req, ACCT_T_SINCE, f->since);
	if (f->until != 0)
		acct_put_u64(req, ACCT_T_UNTIL, f->until);
	if (before != 0)
		acct_put_u64(req, ACCT_T_BEFORE, before);
	acct_put_u32(req, ACCT_T_LIMIT, want);
}

/* One page below *before into g; *before and *more say where to go on.
 * 0, or an exit code (reported). */
static int audit_page(const struct ctl_env *env, const struct audit_filter *f,
		      uint64_t *before, bool *more, struct gathered *g)
{
	uint32_t want = f->limit - (uint32_t)g->nrecs, m = 0;
	struct acct_reply rep;
	struct acct_field cur;
	struct acct_buf req;
	uint64_t next = 0;
	int rc;

	if (want > ACCT_ENUM_BATCH)
		want = ACCT_ENUM_BATCH;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	put_filter(&req, f, *before, want);
	rc = ctl_request(env, ACCT_OP_AUDIT_LIST, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	if (!ctl_rec_u32(rep.payload, rep.len, ACCT_T_MORE, &m) ||
	    acct_find(rep.payload, rep.len, ACCT_T_BEFORE, &cur) != 1 ||
	    acct_get_u64(&cur, &next) != 0)
		rc = ctl_bad_reply(env, "AUDIT_LIST without MORE and BEFORE");
	/* the cursor must go down, or a broken daemon would loop us */
	else if (m != 0 && (next == 0 || (*before != 0 && next >= *before)))
		rc = ctl_bad_reply(env, "the audit cursor does not move on");
	if (rc != 0) {
		acct_reply_free(&rep);
		return rc;
	}
	*more = m != 0;
	*before = next;
	if (keep_page(g, &rep) != 0)
		return ctl_local_error(env, "out of memory");
	return 0;
}

int ctl_cmd_audit_list(const struct ctl_env *env, const struct ctl_args *a)
{
	struct gathered g = {NULL, 0, 0, NULL, 0, 0};
	struct audit_filter f;
	struct ctl_list list;
	uint64_t before = 0;
	bool more = true;
	int rc;

	if ((rc = read_filter(env, a, &f)) != 0)
		return rc;
	while (rc == 0 && more && g.nrecs < f.limit)
		rc = audit_page(env, &f, &before, &more, &g);
	if (rc == 0 && ctl_list_begin(&list, env, &ctl_audit_schema) == 0) {
		/* oldest first: the newest last (and never more than asked) */
		for (size_t i = g.nrecs < f.limit ? g.nrecs : f.limit;
		     i-- > 0 && rc == 0;)
			if (ctl_list_add_rec(&list, g.recs[i].val,
					     g.recs[i].len) != 0)
				rc = ctl_local_error(env, "out of memory");
		if (rc == 0)
			rc = ctl_list_print(&list, env);
		ctl_list_free(&list);
	} else if (rc == 0) {
		ctl_list_free(&list);
		rc = ctl_local_error(env, "out of memory");
	}
	gathered_free(&g);
	return rc;
}

/* ---- verify ---- */

struct verdict {
	uint64_t intact, last_seq, broken;
	char hash[2 * 32 + 1]; /* hex */
	char chain[ACCT_MAX_STR + 1];
};

static void verdict_json(struct ctl_json *j, const struct verdict *v)
{
	ctl_json_begin_object(j);
	ctl_json_key(j, "intact");
	ctl_json_bool(j, v->broken == 0);
	ctl_json_key(j, "records_verified");
	ctl_json_u64(j, v->intact);
	ctl_json_key(j, "last_seq");
	ctl_json_u64(j, v->last_seq);
	ctl_json_key(j, "last_hash");
	ctl_json_str(j, v->hash);
	if (v->broken != 0) {
		ctl_json_key(j, "broken_seq");
		ctl_json_u64(j, v->broken);
		ctl_json_key(j, "problem");
		ctl_json_str(j, v->chain);
	}
	ctl_json_end_object(j);
}

/* Beside the error object of a broken chain: what was found. */
static void verdict_extra(struct ctl_json *j, const void *arg)
{
	ctl_json_key(j, "audit");
	verdict_json(j, arg);
}

static int read_verdict(const struct ctl_env *env, const struct acct_reply *rep,
			struct verdict *v)
{
	static const char hex[] = "0123456789abcdef";
	struct acct_field f;

	memset(v, 0, sizeof(*v));
	if (acct_find(rep->payload, rep->len, ACCT_T_AUDIT_RECORDS, &f) != 1 ||
	    acct_get_u64(&f, &v->intact) != 0 ||
	    acct_find(rep->payload, rep->len, ACCT_T_SEQ, &f) != 1 ||
	    acct_get_u64(&f, &v->last_seq) != 0 ||
	    acct_find(rep->payload, rep->len, ACCT_T_HASH, &f) != 1 ||
	    f.len != 32 ||
	    !ctl_rec_str(rep->payload, rep->len, ACCT_T_AUDIT_CHAIN, v->chain,
			 sizeof(v->chain)))
		return ctl_bad_reply(env, "AUDIT_VERIFY without its verdict");
	for (size_t i = 0; i < 32; i++) {
		v->hash[2 * i] = hex[f.val[i] >> 4];
		v->hash[2 * i + 1] = hex[f.val[i] & 0xf];
	}
	if (acct_find(rep->payload, rep->len, ACCT_T_BROKEN_SEQ, &f) == 1 &&
	    (acct_get_u64(&f, &v->broken) != 0 || v->broken == 0))
		return ctl_bad_reply(env, "a malformed BROKEN_SEQ");
	return 0;
}

int ctl_cmd_audit_verify(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_env e = *env;
	struct acct_reply rep;
	struct verdict v;
	char msg[ACCT_MAX_STR + 32];
	int rc;

	(void)a;
	rc = ctl_request(env, ACCT_OP_AUDIT_VERIFY, NULL, &rep);
	if (rc != 0)
		return rc;
	rc = read_verdict(env, &rep, &v);
	acct_reply_free(&rep);
	if (rc != 0)
		return rc;
	if (v.broken != 0) {
		e.error_extra = verdict_extra;
		e.error_extra_arg = &v;
		snprintf(msg, sizeof(msg), "audit chain broken: %s", v.chain);
		return ctl_report(&e, CTL_EXIT_REFUSED, "broken", -1, msg);
	}
	if (env->json) {
		struct ctl_json j;

		ctl_json_init(&j, env->out);
		verdict_json(&j, &v);
		putc('\n', env->out);
	} else if (v.intact == 0) {
		fprintf(env->out, "audit chain intact: the log is empty\n");
	} else {
		fprintf(env->out,
			"audit chain intact: %" PRIu64
			" records verified; the last, %" PRIu64
			", has hash %s\n",
			v.intact, v.last_seq, v.hash);
	}
	return CTL_EXIT_OK;
}
