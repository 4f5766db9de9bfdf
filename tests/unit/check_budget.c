/*
 * check_budget.c - the budget policy by table (block, override with and
 * without an allowed override, 79->80%, 99->100%, exactly at the limit,
 * unlimited), then budgets through ad_dispatch: BUDGET_SET and
 * BUDGET_SHOW, and the seats budget of user create, invite, import,
 * enable and reactivate, with its audit records written once each.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <unistd.h>

#include "daemon_testlib.h"
#include "procs/sessions.h"
#include "policy/access.h"
#include "policy/budget.h"

/* ---- the policy ---- */

struct budget_case {
	const char *what;
	uint64_t limit, used, adding;
	uint32_t policy;
	bool allowed, asked;
	int status;
	bool overridden, cross80, cross100;
	const char *msg; /* refused: the exact line */
};

static const struct budget_case cases[] = {
	{"unlimited", ACCT_BUDGET_UNLIMITED, 1000000, 1, ACCT_BUDGET_BLOCK,
	 false, false, ACCT_ST_OK, false, false, false, NULL},
	{"far below", 10, 2, 1, ACCT_BUDGET_BLOCK, false, false, ACCT_ST_OK,
	 false, false, false, NULL},
	{"79 -> 80%", 10, 7, 1, ACCT_BUDGET_BLOCK, false, false, ACCT_ST_OK,
	 false, true, false, NULL},
	{"79 -> 80% of 100", 100, 79, 1, ACCT_BUDGET_BLOCK, false, false,
	 ACCT_ST_OK, false, true, false, NULL},
	{"80 -> 81%: no event again", 100, 80, 1, ACCT_BUDGET_BLOCK, false,
	 false, ACCT_ST_OK, false, false, false, NULL},
	{"99 -> 100%", 100, 99, 1, ACCT_BUDGET_BLOCK, false, false, ACCT_ST_OK,
	 false, false, true, NULL},
	{"exactly at the limit", 10, 9, 1, ACCT_BUDGET_BLOCK, false, false,
	 ACCT_ST_OK, false, false, true, NULL},
	{"both at once", 10, 7, 3, ACCT_BUDGET_BLOCK, false, false, ACCT_ST_OK,
	 false, true, true, NULL},
	{"block at the limit", 10, 10, 1, ACCT_BUDGET_BLOCK, true, true,
	 ACCT_ST_BUDGET_EXCEEDED, false, false, false,
	 "tenant acme is at its seats budget (10 of 10)"},
	{"block: past it in one go", 10, 8, 3, ACCT_BUDGET_BLOCK, false, false,
	 ACCT_ST_BUDGET_EXCEEDED, false, false, false,
	 "tenant acme is at its seats budget (8 of 10)"},
	{"limit 0", 0, 0, 1, ACCT_BUDGET_BLOCK, false, false,
	 ACCT_ST_BUDGET_EXCEEDED, false, false, false,
	 "tenant acme is at its seats budget (0 of 0)"},
	{"override, not asked", 10, 10, 1, ACCT_BUDGET_OVERRIDE, true, false,
	 ACCT_ST_BUDGET_EXCEEDED, false, false, false,
	 "tenant acme is at its seats budget (10 of 10): --override goes "
	 "past it"},
	{"override asked, not allowed", 10, 10, 1, ACCT_BUDGET_OVERRIDE, false,
	 true, ACCT_ST_BUDGET_EXCEEDED, false, false, false,
	 "tenant acme is at its seats budget (10 of 10): only an operator "
	 "may override it"},
	{"override asked and allowed", 10, 10, 1, ACCT_BUDGET_OVERRIDE, true,
	 true, ACCT_ST_OK, true, false, false, NULL},
	{"override crossing 100% on the way", 10, 9, 2, ACCT_BUDGET_OVERRIDE,
	 true, true, ACCT_ST_OK, true, false, true, NULL},
	{"override not needed below", 10, 5, 1, ACCT_BUDGET_OVERRIDE, true,
	 true, ACCT_ST_OK, false, false, false, NULL},
	{"nothing added at the limit", 10, 10, 0, ACCT_BUDGET_BLOCK, false,
	 false, ACCT_ST_OK, false, false, false, NULL},
	{"policy 0 is block", 10, 10, 1, 0, true, true, ACCT_ST_BUDGET_EXCEEDED,
	 false, false, false, "tenant acme is at its seats budget (10 of 10)"},
};

START_TEST(test_policy_table)
{
	const struct budget_case *c = &cases[_i];
	struct ad_budget_ask a = {ACCT_BUDGET_SEATS, "acme",	c->limit,
				  c->used,	     c->adding, c->policy,
				  c->allowed,	     c->asked};
	struct ad_budget_verdict v;

	ck_assert_msg(ad_policy_budget(&a, &v) == c->status, "%s", c->what);
	ck_assert_int_eq(v.status, c->status);
	ck_assert_msg(v.overridden == c->overridden, "%s: overridden", c->what);
	ck_assert_msg(v.cross80 == c->cross80, "%s: 80%%", c->what);
	ck_assert_msg(v.cross100 == c->cross100, "%s: 100%%", c->what);
	if (c->msg != NULL)
		ck_assert_str_eq(v.msg, c->msg);
	else
		ck_assert_str_eq(v.msg, "");
}
END_TEST

START_TEST(test_policy_names_each_budget)
{
	static const char *const words[] = {"seats", "sessions", "keys",
					    "usage"};
	struct ad_budget_verdict v;

	for (uint32_t k = 1; k <= ACCT_BUDGET_KINDS; k++) {
		struct ad_budget_ask a = {k, "globex",		3,     3,
					  1, ACCT_BUDGET_BLOCK, false, false};
		char want[128];

		ck_assert_int_eq(ad_policy_budget(&a, &v),
				 ACCT_ST_BUDGET_EXCEEDED);
		snprintf(want, sizeof(want),
			 "tenant globex is at its %s budget (3 of 3)",
			 words[k - 1]);
		ck_assert_str_eq(v.msg, want);
	}
}
END_TEST

/* ---- through ad_dispatch ---- */

static struct dt T;
static uint32_t ann; /* acme's owner */

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "small"),
				 DT_Q(ACCT_T_SEATS, 5),
				 DT_Q(ACCT_T_SESSIONS, 2), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "small"), DT_END),
			 ACCT_ST_OK);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* The BUDGET rec of kind in the last reply. */
static struct acct_field budget_rec(uint32_t kind)
{
	int n = dt_count(T.rep.data, T.rep.len, ACCT_T_BUDGET);

	for (int i = 0; i < n; i++) {
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_BUDGET, i);

		if (dt_u32(f.val, f.len, ACCT_T_BUDGET_KIND) == kind)
			return f;
	}
	ck_abort_msg("no budget %u", kind);
	return (struct acct_field){0};
}

static int show(uid_t uid, const char *slug)
{
	return dt_call(&T, uid, ACCT_OP_BUDGET_SHOW, DT_S(ACCT_T_NAME, slug),
		       DT_END);
}

static int create(uid_t uid, const char *login, bool override)
{
	if (override)
		return dt_call(&T, uid, ACCT_OP_USER_CREATE,
			       DT_S(ACCT_T_NAME, login),
			       DT_S(ACCT_T_TENANT, "acme"),
			       DT_U(ACCT_T_OVERRIDE, 1), DT_END);
	return dt_call(&T, uid, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_TENANT, "acme"), DT_END);
}

/* Records of action that say it was done (refusals are recorded too). */
static size_t count_actions(const char *action)
{
	static struct dt_audit_list l;
	size_t n = 0;

	dt_audit_read(&T, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, action) == 0 &&
		    l.rec[i].result == ACCT_ST_OK)
			n++;
	return n;
}

static void set_seats(uint64_t seats, const char *policy)
{
	if (policy != NULL)
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
					 DT_S(ACCT_T_NAME, "acme"),
					 DT_Q(ACCT_T_SEATS, seats),
					 DT_U(ACCT_T_BUDGET_POLICY,
					      strcmp(policy, "override") == 0
						      ? ACCT_BUDGET_OVERRIDE
						      : ACCT_BUDGET_BLOCK),
					 DT_END),
				 ACCT_ST_OK);
	else
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
					 DT_S(ACCT_T_NAME, "acme"),
					 DT_Q(ACCT_T_SEATS, seats), DT_END),
				 ACCT_ST_OK);
}

START_TEST(test_show_sources)
{
	struct acct_field f;

	ck_assert_int_eq(show(0, "acme"), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_PLAN), "small");
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_BUDGET_POLICY),
			  ACCT_BUDGET_BLOCK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_BUDGET), 4);
	f = budget_rec(ACCT_BUDGET_SEATS);
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_BUDGET_LIMIT), 5);
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_BUDGET_USED), 1);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_PLAN);
	f = budget_rec(ACCT_BUDGET_KEYS);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_BUDGET_LIMIT), 0);
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_BUDGET_USED), 0);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_NONE);

	/* an override, then back to the plan's */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_BUDGET_SET, DT_S(ACCT_T_NAME, "acme"),
			DT_Q(ACCT_T_SEATS, 50),
			DT_Q(ACCT_T_USAGE, ACCT_BUDGET_UNLIMITED),
			DT_U(ACCT_T_BUDGET_POLICY, ACCT_BUDGET_OVERRIDE),
			DT_END),
		ACCT_ST_OK);
	f = budget_rec(ACCT_BUDGET_SEATS);
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_BUDGET_LIMIT), 50);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_OVERRIDE);
	f = budget_rec(ACCT_BUDGET_USAGE);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_BUDGET_LIMIT), 0);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_OVERRIDE);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_BUDGET_POLICY),
			  ACCT_BUDGET_OVERRIDE);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_BUDGET_SET, DT_S(ACCT_T_NAME, "acme"),
			DT_U(ACCT_T_BUDGET_CLEAR, ACCT_BUDGET_SEATS), DT_END),
		ACCT_ST_OK);
	f = budget_rec(ACCT_BUDGET_SEATS);
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_BUDGET_LIMIT), 5);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_PLAN);
	/* the policy stays what it was set to */
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_BUDGET_POLICY),
			  ACCT_BUDGET_OVERRIDE);
	ck_assert_uint_eq(count_actions("budget-set"), 2);
}
END_TEST

START_TEST(test_who_sees_and_sets)
{
	uint32_t gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	uint32_t mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);

	/* the tenant's own owner sees, another tenant's and a member not */
	ck_assert_int_eq(show(ann, "acme"), ACCT_ST_OK);
	ck_assert_int_eq(show(gus, "acme"), ACCT_ST_DENIED);
	ck_assert_int_eq(show(gus, "nosuch"), ACCT_ST_DENIED);
	ck_assert_int_eq(show(mia, "acme"), ACCT_ST_DENIED);
	/* support reads */
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(show(5000, "acme"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_SEATS, 500), DT_END),
			 ACCT_ST_DENIED);
	T.platform = 0;
	/* only operators set */
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_SEATS, 500), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(show(0, "acme"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(budget_rec(ACCT_BUDGET_SEATS).val,
				 budget_rec(ACCT_BUDGET_SEATS).len,
				 ACCT_T_BUDGET_LIMIT),
			  5);
}
END_TEST

START_TEST(test_bad_sets_change_nothing)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_SEATS, 2000000000ull), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_BUDGET_SET, DT_S(ACCT_T_NAME, "acme"),
			DT_Q(ACCT_T_SEATS, 1),
			DT_U(ACCT_T_BUDGET_CLEAR, ACCT_BUDGET_SEATS), DT_END),
		ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_U(ACCT_T_BUDGET_CLEAR, 9), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_U(ACCT_T_BUDGET_POLICY, 7), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "nosuch"),
				 DT_Q(ACCT_T_SEATS, 1), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(show(0, "acme"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(budget_rec(ACCT_BUDGET_SEATS).val,
				 budget_rec(ACCT_BUDGET_SEATS).len,
				 ACCT_T_BUDGET_SOURCE),
			  ACCT_BUDGET_FROM_PLAN);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_BUDGET_POLICY),
			  ACCT_BUDGET_BLOCK);
	ck_assert_uint_eq(count_actions("budget-set"), 0);
}
END_TEST

START_TEST(test_seats_block)
{
	char name[16];

	/* ann holds 1 of 5: 3 more reach 80%, the 4th the limit */
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "u%d", i);
		ck_assert_int_eq(create(ann, name, false), ACCT_ST_OK);
	}
	ck_assert_uint_eq(count_actions("budget-80"), 1);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	/* at the limit: refused, for anyone, with or without --override */
	ck_assert_int_eq(create(ann, "late", false), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_str_eq(T.msg, "tenant acme is at its seats budget (5 of 5)");
	ck_assert_int_eq(create(0, "late", true), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "late"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* an invitation takes a seat as well */
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_USER_INVITE,
				 DT_S(ACCT_T_NAME, "inv"),
				 DT_S(ACCT_T_EMAIL, "inv@example.org"), DT_END),
			 ACCT_ST_BUDGET_EXCEEDED);
	/* an import of two, each tenant counted whole */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_IMPORT,
				 DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "i1"),
				 DT_S(ACCT_T_TENANT, "globex"), DT_ENDREC,
				 DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "i2"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_ENDREC,
				 DT_END),
			 ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "i1"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* a disabled user frees its seat, and takes it back on enable */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "u0"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(create(ann, "newbie", false), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "u0"), DT_END),
			 ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_str_eq(T.msg, "tenant acme is at its seats budget (5 of 5)");
	/* 100% crossed twice (4 -> 5 twice): a record each time */
	ck_assert_uint_eq(count_actions("budget-100"), 2);
	ck_assert_uint_eq(count_actions("budget-override"), 0);
}
END_TEST

START_TEST(test_seats_override)
{
	set_seats(2, "override");
	ck_assert_int_eq(create(ann, "u1", false), ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	/* a tenant admin may not override, even asking */
	ck_assert_int_eq(create(ann, "u2", true), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_str_eq(T.msg, "tenant acme is at its seats budget (2 of 2): "
				"only an operator may override it");
	/* an operator must ask */
	ck_assert_int_eq(create(0, "u2", false), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_int_eq(create(0, "u2", true), ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-override"), 1);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	{
		static struct dt_audit_list l;
		size_t i;

		dt_audit_read(&T, &l);
		for (i = 0; i < l.n; i++)
			if (strcmp(l.rec[i].action, "budget-override") == 0)
				break;
		ck_assert_uint_lt(i, l.n);
		ck_assert_str_eq(l.rec[i].tenant, "acme");
		ck_assert_str_eq(l.rec[i].message,
				 "tenant acme went past its seats budget (3 "
				 "of 2)");
	}
	/* reactivate of a deactivated user, the same */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "u1"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(create(0, "u3", false), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_REACTIVATE,
				 DT_S(ACCT_T_NAME, "u1"), DT_END),
			 ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_REACTIVATE,
				 DT_S(ACCT_T_NAME, "u1"),
				 DT_U(ACCT_T_OVERRIDE, 1), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-override"), 2);
}
END_TEST

/* The events commit with the change, in its transaction: right after the
 * request's own record, and not at all when the change fails. */
START_TEST(test_events_with_the_change)
{
	static struct dt_audit_list l;
	size_t i;

	ck_assert_int_eq(create(ann, "u0", false), ACCT_ST_OK); /* 2 of 5 */
	ck_assert_int_eq(create(ann, "u1", false), ACCT_ST_OK); /* 3 of 5 */
	/* would reach 80%, but the login is taken: nothing recorded */
	ck_assert_int_eq(create(ann, "u1", false), ACCT_ST_EXISTS);
	ck_assert_uint_eq(count_actions("budget-80"), 0);
	ck_assert_int_eq(create(ann, "u2", false), ACCT_ST_OK); /* 4 of 5 */
	dt_audit_read(&T, &l);
	ck_assert_uint_ge(l.n, 2);
	i = l.n - 2;
	ck_assert_str_eq(l.rec[i].action, "user-create");
	ck_assert_str_eq(l.rec[i].target, "u2");
	ck_assert_str_eq(l.rec[i + 1].action, "budget-80");
	ck_assert_str_eq(l.rec[i + 1].actor, "ann");
	ck_assert_str_eq(
		l.rec[i + 1].message,
		"tenant acme reached 80% of its seats budget (4 of 5)");
	/* the hook is spent: the next change writes no budget record */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_UPDATE,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-80"), 1);
	ck_assert_uint_eq(count_actions("budget-100"), 0);
}
END_TEST

/* SESSION_OPEN as root for login, naming the test's own process. */
static int open_session(const char *login)
{
	return dt_call(&T, 0, ACCT_OP_SESSION_OPEN, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_SERVICE, "sshd"),
		       DT_U(ACCT_T_PID, (unsigned)getpid()), DT_END);
}

/* The plan gives 2 sessions: the third is refused, whoever it is for. */
START_TEST(test_sessions_budget)
{
	struct event_base *base = event_base_new();

	ck_assert_ptr_nonnull(base);
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(open_session("ann"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	ck_assert_int_eq(open_session("bob"), ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	ck_assert_int_eq(open_session("bob"), ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_str_eq(T.msg,
			 "tenant acme is at its sessions budget (2 of 2)");
	ck_assert_int_eq(show(0, "acme"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(budget_rec(ACCT_BUDGET_SESSIONS).val,
				 budget_rec(ACCT_BUDGET_SESSIONS).len,
				 ACCT_T_BUDGET_USED),
			  2);
	/* another tenant's sessions are its own */
	dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	ck_assert_int_eq(open_session("gus"), ACCT_ST_OK);
	ad_sessions_free(T.ctx.sessions);
	T.ctx.sessions = NULL;
	event_base_free(base);
}
END_TEST

START_TEST(test_unlimited_without_plan)
{
	char name[16];

	/* globex has no plan: nothing bounds it, nothing is recorded */
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "g%d", i);
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
					 DT_S(ACCT_T_NAME, name),
					 DT_S(ACCT_T_TENANT, "globex"), DT_END),
				 ACCT_ST_OK);
	}
	ck_assert_uint_eq(count_actions("budget-80"), 0);
	ck_assert_int_eq(show(0, "globex"), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PLAN), 0);
	ck_assert_uint_eq(dt_u64(budget_rec(ACCT_BUDGET_SEATS).val,
				 budget_rec(ACCT_BUDGET_SEATS).len,
				 ACCT_T_BUDGET_USED),
			  12);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("budget");
	TCase *pol = tcase_create("policy");
	TCase *tc = tcase_create("dispatch");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(pol, test_policy_table, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(pol, test_policy_names_each_budget);
	suite_add_tcase(s, pol);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_show_sources);
	tcase_add_test(tc, test_who_sees_and_sets);
	tcase_add_test(tc, test_bad_sets_change_nothing);
	tcase_add_test(tc, test_seats_block);
	tcase_add_test(tc, test_seats_override);
	tcase_add_test(tc, test_events_with_the_change);
	tcase_add_test(tc, test_sessions_budget);
	tcase_add_test(tc, test_unlimited_without_plan);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
