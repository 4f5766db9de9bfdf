/*
 * check_budget_keys.c - the keys and usage budgets through ad_dispatch:
 * KEY_ISSUE counts live keys, every request made with a key and
 * USAGE_RECORD count units of the calendar month; at a limit, block
 * refuses (budget_exceeded, nothing changed or counted), override lets
 * an operator's OVERRIDE or a key holding budget:override past, audited;
 * crossing 80% and 100% is audited once.  A test clock (ctx.clock).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "store/apikey.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define PANEL 33		/* a uid the directory does not know */

static struct dt T;
static uint32_t alice; /* acme's admin */

static uint64_t test_clock(void)
{
	return T0;
}

static uint64_t test_clock_ms(void)
{
	return T0 * 1000u;
}

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	T.cfg.rate[AD_RATE_MANAGE] = (struct ad_rate_cfg){100000, 100000};
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* acme's budget of kind (its limit tag) set to limit under policy. */
static void set_budget(uint16_t tag, uint64_t limit, uint32_t policy)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_BUDGET_SET,
				 DT_S(ACCT_T_NAME, "acme"), DT_Q(tag, limit),
				 DT_U(ACCT_T_BUDGET_POLICY, policy), DT_END),
			 ACCT_ST_OK);
}

/* A key for alice with scope, issued by uid (override: OVERRIDE 1);
 * its text into key. */
static int issue(uid_t uid, const char *scope, bool override,
		 char key[AD_KEY_TEXT_LEN + 1])
{
	int rc;

	if (override)
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE,
			     DT_S(ACCT_T_NAME, "alice"),
			     DT_S(ACCT_T_SCOPE, scope),
			     DT_U(ACCT_T_OVERRIDE, 1), DT_END);
	else
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE,
			     DT_S(ACCT_T_NAME, "alice"),
			     DT_S(ACCT_T_SCOPE, scope), DT_END);
	if (rc == ACCT_ST_OK && key != NULL)
		snprintf(key, AD_KEY_TEXT_LEN + 1, "%s",
			 dt_str(T.rep.data, T.rep.len, ACCT_T_API_KEY));
	return rc;
}

static int me_show(const char *key)
{
	return dt_call(&T, PANEL, ACCT_OP_ME_SHOW, DT_S(ACCT_T_API_KEY, key),
		       DT_END);
}

static uint64_t units(void)
{
	struct ad_err err = {0, ""};
	struct ad_usage u;
	struct ad_tenant t;

	ck_assert_int_eq(ad_store_tenant_get(T.st, ad_str_c("acme"), &t, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(
		ad_store_usage_of(T.st, t.gid, ad_usage_month(T0), &u, &err),
		ACCT_ST_OK);
	return u.units;
}

static size_t count_actions(const char *action)
{
	static struct dt_audit_list l;
	size_t n = 0;

	dt_audit_read(&T, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, action) == 0)
			n++;
	return n;
}

static void expect_exceeded(int rc, const char *words)
{
	const char *msg = dt_str(T.rep.data, T.rep.len, ACCT_T_MESSAGE);

	ck_assert_int_eq(rc, ACCT_ST_BUDGET_EXCEEDED);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, words) != NULL, "'%s' lacks '%s'", msg,
		      words);
}

START_TEST(test_keys_budget)
{
	char key[AD_KEY_TEXT_LEN + 1];
	char first[AD_KEY_PREFIX_TEXT_LEN + 1];
	uint32_t live = 0;
	struct ad_err err = {0, ""};
	struct ad_tenant t;

	set_budget(ACCT_T_KEYS, 2, ACCT_BUDGET_BLOCK);
	ck_assert_int_eq(issue(alice, "directory:read", false, key),
			 ACCT_ST_OK);
	snprintf(first, sizeof(first), "%.*s", AD_KEY_PREFIX_TEXT_LEN, key);
	ck_assert_uint_eq(count_actions("budget-80"), 0);
	ck_assert_int_eq(issue(alice, "directory:read", false, NULL),
			 ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-80"), 1);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	/* at the limit: refused, no key made, whoever asks under block */
	expect_exceeded(issue(alice, "directory:read", false, NULL),
			"keys budget (2 of 2)");
	expect_exceeded(issue(0, "directory:read", true, NULL),
			"keys budget (2 of 2)");
	ck_assert_int_eq(ad_store_tenant_get(T.st, ad_str_c("acme"), &t, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(ad_store_apikey_live(T.st, t.gid, T0, &live, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(live, 2);
	/* a revoked key frees its place */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_REVOKE,
				 DT_S(ACCT_T_KEY_PREFIX, first), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(issue(alice, "directory:read", false, NULL),
			 ACCT_ST_OK);
	/* override: the tenant's admin may not, an operator that asks may */
	set_budget(ACCT_T_KEYS, 2, ACCT_BUDGET_OVERRIDE);
	expect_exceeded(issue(alice, "directory:read", true, NULL),
			"keys budget");
	expect_exceeded(issue(0, "directory:read", false, NULL), "keys budget");
	ck_assert_uint_eq(count_actions("budget-override"), 0);
	ck_assert_int_eq(issue(0, "directory:read", true, NULL), ACCT_ST_OK);
	ck_assert_uint_eq(count_actions("budget-override"), 1);
}
END_TEST

START_TEST(test_usage_budget_key_use)
{
	char key[AD_KEY_TEXT_LEN + 1], lift[AD_KEY_TEXT_LEN + 1];

	ck_assert_int_eq(issue(alice, "directory:read", false, key),
			 ACCT_ST_OK);
	set_budget(ACCT_T_USAGE, 4, ACCT_BUDGET_BLOCK);
	/* the budget adds what is written to what is still in memory */
	for (int i = 0; i < 4; i++) {
		struct ad_err err = {0, ""};
		uint32_t n = 0;

		ck_assert_int_eq(me_show(key), ACCT_ST_OK);
		if (i == 1)
			ck_assert_int_eq(ad_store_usage_flush(T.st, &n, &err),
					 ACCT_ST_OK);
	}
	ck_assert_uint_eq(units(), 4);
	ck_assert_uint_eq(count_actions("budget-80"), 1);
	ck_assert_uint_eq(count_actions("budget-100"), 1);
	/* spent: the key's next request is refused and not counted */
	expect_exceeded(me_show(key), "usage budget (4 of 4)");
	ck_assert_uint_eq(units(), 4);
	/* a service's units too, even an operator's under block */
	expect_exceeded(dt_call(&T, 0, ACCT_OP_USAGE_RECORD,
				DT_S(ACCT_T_NAME, "acme"),
				DT_Q(ACCT_T_UNITS, 1), DT_U(ACCT_T_OVERRIDE, 1),
				DT_END),
			"usage budget");
	/* an operator's key that holds budget:override: refused under
	 * block, let past under override (and each time audited) */
	ck_assert_int_eq(
		issue(0, "directory:read,budget:override", false, lift),
		ACCT_ST_INVALID); /* one scope per field */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_SCOPE, "directory:read"),
				 DT_S(ACCT_T_SCOPE, "budget:override"), DT_END),
			 ACCT_ST_OK);
	snprintf(lift, sizeof(lift), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_API_KEY));
	expect_exceeded(me_show(lift), "usage budget");
	set_budget(ACCT_T_USAGE, 4, ACCT_BUDGET_OVERRIDE);
	expect_exceeded(me_show(key), "usage budget");
	ck_assert_int_eq(me_show(lift), ACCT_ST_OK);
	ck_assert_uint_eq(units(), 5);
	ck_assert_uint_eq(count_actions("budget-override"), 1);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USAGE_RECORD,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_UNITS, 10),
				 DT_U(ACCT_T_OVERRIDE, 1), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(units(), 15);
	ck_assert_uint_eq(count_actions("budget-override"), 2);
	/* the crossings were recorded once, not again past the limit */
	ck_assert_uint_eq(count_actions("budget-100"), 1);
}
END_TEST

START_TEST(test_unlimited_counts_nothing_extra)
{
	char key[AD_KEY_TEXT_LEN + 1];

	/* no plan, no override: every budget unlimited, no events */
	ck_assert_int_eq(issue(alice, "directory:read", false, key),
			 ACCT_ST_OK);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(me_show(key), ACCT_ST_OK);
	ck_assert_uint_eq(units(), 10);
	ck_assert_uint_eq(count_actions("budget-80"), 0);
	ck_assert_uint_eq(count_actions("budget-100"), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("budget_keys");
	TCase *tc = tcase_create("budget_keys");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_keys_budget);
	tcase_add_test(tc, test_usage_budget_key_use);
	tcase_add_test(tc, test_unlimited_counts_nothing_extra);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
