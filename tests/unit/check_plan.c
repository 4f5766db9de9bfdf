/*
 * check_plan.c - plans through ad_dispatch: create, list, show, update
 * and delete by operators, read by support, refused to everyone else;
 * bad names, numbers out of bounds and a plan in use change nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "daemon_testlib.h"
#include "policy/access.h"

static struct dt T;
static uint32_t ann;

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int create_pro(uid_t uid)
{
	return dt_call(&T, uid, ACCT_OP_PLAN_CREATE, DT_S(ACCT_T_NAME, "pro"),
		       DT_Q(ACCT_T_SEATS, 10), DT_Q(ACCT_T_SESSIONS, 20),
		       DT_Q(ACCT_T_KEYS, 5), DT_Q(ACCT_T_USAGE, 100000),
		       DT_U(ACCT_T_TRIAL_DAYS, 14), DT_END);
}

static int show(uid_t uid, const char *name)
{
	return dt_call(&T, uid, ACCT_OP_PLAN_SHOW, DT_S(ACCT_T_NAME, name),
		       DT_END);
}

static uint64_t rec_u64(uint16_t tag)
{
	struct acct_field r =
		dt_field(T.rep.data, T.rep.len, ACCT_T_PLAN_REC, 0);

	return dt_u64(r.val, r.len, tag);
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

START_TEST(test_crud)
{
	ck_assert_int_eq(create_pro(0), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PLAN_REC, ACCT_T_NAME), "pro");
	ck_assert_uint_eq(rec_u64(ACCT_T_SEATS), 10);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PLAN_REC, ACCT_T_TRIAL_DAYS),
			  14);
	/* a limit left out is unlimited */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "free"),
				 DT_Q(ACCT_T_SEATS, 3), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_SESSIONS), ACCT_BUDGET_UNLIMITED);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PLAN_REC, ACCT_T_TRIAL_DAYS),
			  0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_LIST, DT_END), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PLAN_REC), 2);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_UPDATE,
				 DT_S(ACCT_T_NAME, "pro"),
				 DT_Q(ACCT_T_SEATS, ACCT_BUDGET_UNLIMITED),
				 DT_U(ACCT_T_TRIAL_DAYS, 0), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(show(0, "pro"), ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_SEATS), ACCT_BUDGET_UNLIMITED);
	ck_assert_uint_eq(rec_u64(ACCT_T_SESSIONS), 20);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PLAN_REC, ACCT_T_TRIAL_DAYS),
			  0);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PLAN_REC, ACCT_T_PLAN_TENANTS),
			  0);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_DELETE,
				 DT_S(ACCT_T_NAME, "free"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(show(0, "free"), ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no plan 'free'");
	ck_assert_uint_eq(count_actions("plan-create"), 2);
	ck_assert_uint_eq(count_actions("plan-update"), 1);
	ck_assert_uint_eq(count_actions("plan-delete"), 1);
}
END_TEST

START_TEST(test_who)
{
	/* a tenant's owner neither defines nor reads plans */
	ck_assert_int_eq(create_pro(ann), ACCT_ST_DENIED);
	ck_assert_int_eq(create_pro(0), ACCT_ST_OK);
	ck_assert_int_eq(show(ann, "pro"), ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_PLAN_LIST, DT_END),
			 ACCT_ST_DENIED);
	/* support reads, and only reads */
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(show(5000, "pro"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_PLAN_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_PLAN_DELETE,
				 DT_S(ACCT_T_NAME, "pro"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_PLAN_UPDATE,
				 DT_S(ACCT_T_NAME, "pro"),
				 DT_Q(ACCT_T_SEATS, 1), DT_END),
			 ACCT_ST_DENIED);
	T.platform = 0;
	ck_assert_int_eq(show(0, "pro"), ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_SEATS), 10);
}
END_TEST

START_TEST(test_bad_input_changes_nothing)
{
	ck_assert_int_eq(create_pro(0), ACCT_ST_OK);
	/* names like group names */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "Pro Plan"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, ""), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME,
				      "a-very-long-plan-name-past-32-chars"),
				 DT_END),
			 ACCT_ST_INVALID);
	/* bounds */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "big"),
				 DT_Q(ACCT_T_SEATS, 1000000001ull), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "big"),
				 DT_U(ACCT_T_TRIAL_DAYS, 400), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "big"),
				 DT_U(ACCT_T_SEATS, 3), DT_END),
			 ACCT_ST_BADREQ); /* a u32 where a u64 goes */
	/* taken */
	ck_assert_int_eq(create_pro(0), ACCT_ST_EXISTS);
	/* updates: nothing given, out of bounds, no such plan */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_UPDATE,
				 DT_S(ACCT_T_NAME, "pro"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_PLAN_UPDATE, DT_S(ACCT_T_NAME, "pro"),
			DT_Q(ACCT_T_SEATS, 1),
			DT_Q(ACCT_T_USAGE, ACCT_MAX_USAGE + 1), DT_END),
		ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_UPDATE,
				 DT_S(ACCT_T_NAME, "nosuch"),
				 DT_Q(ACCT_T_SEATS, 1), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_LIST, DT_END), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PLAN_REC), 1);
	ck_assert_int_eq(show(0, "pro"), ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_SEATS), 10);
	ck_assert_uint_eq(rec_u64(ACCT_T_USAGE), 100000);
	ck_assert_uint_eq(count_actions("plan-update"), 0);
}
END_TEST

START_TEST(test_in_use_not_deleted)
{
	ck_assert_int_eq(create_pro(0), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_DELETE,
				 DT_S(ACCT_T_NAME, "pro"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "plan 'pro' is used by 2 tenants");
	ck_assert_int_eq(show(0, "pro"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PLAN_REC, ACCT_T_PLAN_TENANTS),
			  2);
	/* one moves to another plan: still used by one */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "basic"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_PLAN, "basic"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_DELETE,
				 DT_S(ACCT_T_NAME, "pro"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "plan 'pro' is used by 1 tenant");
	ck_assert_uint_eq(count_actions("plan-delete"), 0);
}
END_TEST

/* The words of acct_names.h for plans, subscriptions and budgets. */
START_TEST(test_words)
{
	ck_assert_str_eq(acct_sub_status_name(ACCT_SUB_NONE), "none");
	ck_assert_str_eq(acct_sub_status_name(ACCT_SUB_EXPIRED), "expired");
	ck_assert_ptr_null(acct_sub_status_name(5));
	ck_assert_str_eq(acct_budget_kind_name(ACCT_BUDGET_USAGE), "usage");
	ck_assert_ptr_null(acct_budget_kind_name(0));
	ck_assert_ptr_null(acct_budget_kind_name(5));
	ck_assert_uint_eq(acct_budget_kind_parse("sessions"),
			  ACCT_BUDGET_SESSIONS);
	ck_assert_uint_eq(acct_budget_kind_parse("Seats"), 0);
	ck_assert_uint_eq(acct_budget_kind_parse(""), 0);
	ck_assert_uint_eq(acct_budget_policy_parse("override"),
			  ACCT_BUDGET_OVERRIDE);
	ck_assert_uint_eq(acct_budget_policy_parse("blocks"), 0);
	ck_assert_str_eq(acct_budget_policy_name(ACCT_BUDGET_BLOCK), "block");
	ck_assert_ptr_null(acct_budget_policy_name(3));
	ck_assert_str_eq(acct_budget_source_name(ACCT_BUDGET_FROM_PLAN),
			 "plan");
	ck_assert_ptr_null(acct_budget_source_name(4));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("dispatch");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_crud);
	tcase_add_test(tc, test_who);
	tcase_add_test(tc, test_bad_input_changes_nothing);
	tcase_add_test(tc, test_in_use_not_deleted);
	suite_add_tcase(s, tc);
	{
		TCase *words = tcase_create("words");

		tcase_add_test(words, test_words);
		suite_add_tcase(s, words);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
