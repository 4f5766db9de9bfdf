/*
 * check_ratelimit.c - the per-caller token buckets (ratelimit.h), and the
 * dispatcher spending them: every request a non-root caller can send
 * draws from its class's bucket, over it the caller gets BUSY and the
 * request reaches nothing; root is never limited.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"
#include "ops/dispatch.h"
#include "policy/rate.h"

/* ---- the bucket ---- */

static const struct ad_rate_cfg ten_a_minute = {10, 3};

START_TEST(test_bucket)
{
	static struct ad_ratelimit rl;
	unsigned i;

	memset(&rl, 0, sizeof(rl));
	for (i = 0; i < 3; i++)
		ck_assert(ad_ratelimit_take(&rl, 1000, 5000, &ten_a_minute));
	ck_assert(!ad_ratelimit_take(&rl, 1000, 5000, &ten_a_minute));
	/* another caller has its own bucket */
	ck_assert(ad_ratelimit_take(&rl, 1001, 5000, &ten_a_minute));
	/* ten a minute: one more every six seconds, not sooner */
	ck_assert(!ad_ratelimit_take(&rl, 1000, 10999, &ten_a_minute));
	ck_assert(ad_ratelimit_take(&rl, 1000, 11000, &ten_a_minute));
	ck_assert(!ad_ratelimit_take(&rl, 1000, 11000, &ten_a_minute));
	/* never more than the burst, however long the pause */
	for (i = 0; i < 3; i++)
		ck_assert(
			ad_ratelimit_take(&rl, 1000, 99999999, &ten_a_minute));
	ck_assert(!ad_ratelimit_take(&rl, 1000, 99999999, &ten_a_minute));
	/* a clock that goes back refills nothing */
	ck_assert(!ad_ratelimit_take(&rl, 1000, 10, &ten_a_minute));
	ck_assert(ad_ratelimit_take(&rl, 1000, 99999999 + 6000, &ten_a_minute));
}
END_TEST

/* Fast rates refill by the millisecond. */
START_TEST(test_bucket_fast)
{
	static struct ad_ratelimit rl;
	const struct ad_rate_cfg fast = {60000, 1}; /* one per ms */

	memset(&rl, 0, sizeof(rl));
	ck_assert(ad_ratelimit_take(&rl, 7, 100, &fast));
	ck_assert(!ad_ratelimit_take(&rl, 7, 100, &fast));
	ck_assert(ad_ratelimit_take(&rl, 7, 101, &fast));
}
END_TEST

/* A reload that lowers the burst applies to a full bucket at once. */
START_TEST(test_bucket_lowered)
{
	static struct ad_ratelimit rl;
	const struct ad_rate_cfg big = {60, 100}, small = {60, 2};

	memset(&rl, 0, sizeof(rl));
	ck_assert(ad_ratelimit_take(&rl, 7, 100, &big));
	ck_assert(ad_ratelimit_take(&rl, 7, 100, &small));
	ck_assert(ad_ratelimit_take(&rl, 7, 100, &small));
	ck_assert(!ad_ratelimit_take(&rl, 7, 100, &small));
}
END_TEST

START_TEST(test_bucket_bounded)
{
	static struct ad_ratelimit rl;
	unsigned i;

	memset(&rl, 0, sizeof(rl));
	for (i = 0; i < 3; i++)
		ck_assert(ad_ratelimit_take(&rl, 1000, 5000, &ten_a_minute));
	/* many newer callers push the oldest out: it starts afresh (a
	 * refill alone would give it one request, not two) */
	for (i = 0; i < 4 * AD_RL_SETS * AD_RL_WAYS; i++)
		ck_assert(
			ad_ratelimit_take(&rl, 5000 + i, 6000, &ten_a_minute));
	ck_assert(ad_ratelimit_take(&rl, 1000, 11000, &ten_a_minute));
	ck_assert(ad_ratelimit_take(&rl, 1000, 11000, &ten_a_minute));
}
END_TEST

/* ---- through the dispatcher ---- */

static struct dt T;
static uint64_t fake_ms;

static uint64_t test_clock_ms(void)
{
	return fake_ms;
}

static void setup(void)
{
	dt_setup(&T);
	fake_ms = 1000000;
	T.ctx.clock_ms = test_clock_ms;
	for (int c = 0; c < AD_RATE__COUNT; c++)
		T.cfg.rate[c] = (struct ad_rate_cfg){60, 5};
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int lookup(uid_t uid)
{
	return dt_call(&T, uid, ACCT_OP_PW_BYNAME, DT_S(ACCT_T_NAME, "alice"),
		       DT_END);
}

START_TEST(test_lookups_limited)
{
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(lookup(4242), ACCT_ST_OK);
	ck_assert_int_eq(lookup(4242), ACCT_ST_BUSY);
	ck_assert_str_eq(T.msg, AD_RATE_MSG);
	/* the others are not affected, root never limited */
	ck_assert_int_eq(lookup(4243), ACCT_ST_OK);
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(lookup(0), ACCT_ST_OK);
	/* a second later (60 a minute), one more */
	fake_ms += 1000;
	ck_assert_int_eq(lookup(4242), ACCT_ST_OK);
	ck_assert_int_eq(lookup(4242), ACCT_ST_BUSY);
}
END_TEST

/* Each class has its own bucket: a lookup flood leaves logins alone. */
START_TEST(test_classes_apart)
{
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(lookup(4242), ACCT_ST_OK);
	ck_assert_int_eq(lookup(4242), ACCT_ST_BUSY);
	ck_assert_int_eq(dt_call(&T, 4242, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, "nobody-here"),
				 DT_S(ACCT_T_SERVICE, "xlock"), DT_END),
			 ACCT_ST_OK);
}
END_TEST

/* Refused management requests are limited too, and over the rate the
 * refusal is not even looked at (no store, no audit record). */
START_TEST(test_refusals_limited)
{
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(dt_call(&T, 4242, ACCT_OP_TENANT_LIST, DT_END),
				 ACCT_ST_DENIED);
	/* a management caller is told when to come back */
	ck_assert_int_eq(dt_call(&T, 4242, ACCT_OP_TENANT_LIST, DT_END),
			 ACCT_ST_RATE_LIMITED);
	ck_assert_uint_eq(
		dt_u32(T.rep.data, T.rep.len, ACCT_T_RETRY_AFTER),
		ad_ratelimit_retry_after(&T.cfg.rate[AD_RATE_MANAGE]));
	ck_assert_str_eq(T.msg, "too many requests: try again in 1 s");
	/* the session class too */
	for (int i = 0; i < 5; i++)
		ck_assert_int_ne(dt_call(&T, 4242, ACCT_OP_SESSION_CLOSE,
					 DT_U(ACCT_T_PID, 1), DT_END),
				 ACCT_ST_BUSY);
	ck_assert_int_eq(dt_call(&T, 4242, ACCT_OP_SESSION_CLOSE,
				 DT_U(ACCT_T_PID, 1), DT_END),
			 ACCT_ST_BUSY);
}
END_TEST

/* The rate is read at each request: a reload applies at once. */
START_TEST(test_rate_reloaded)
{
	T.cfg.rate[AD_RATE_LOOKUP] = (struct ad_rate_cfg){60, 1};
	ck_assert_int_eq(lookup(4242), ACCT_ST_OK);
	ck_assert_int_eq(lookup(4242), ACCT_ST_BUSY);
	T.cfg.rate[AD_RATE_LOOKUP] = (struct ad_rate_cfg){60000, 100};
	fake_ms += 10;
	ck_assert_int_eq(lookup(4242), ACCT_ST_OK);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *pure = tcase_create("bucket");
	TCase *tc = tcase_create("dispatch");
	SRunner *sr;
	int failed;

	tcase_add_test(pure, test_bucket);
	tcase_add_test(pure, test_bucket_fast);
	tcase_add_test(pure, test_bucket_lowered);
	tcase_add_test(pure, test_bucket_bounded);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lookups_limited);
	tcase_add_test(tc, test_classes_apart);
	tcase_add_test(tc, test_refusals_limited);
	tcase_add_test(tc, test_rate_reloaded);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
