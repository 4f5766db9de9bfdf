/*
 * check_refusal.c - refused requests in the audit log (refusal.h): the
 * first of a kind written at once, identical ones from the same caller
 * within audit_coalesce_s counted and written as one record with COUNT,
 * FIRST_SEEN and LAST_SEEN; through ad_dispatch, as a hostile caller
 * sends them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "daemon_testlib.h"
#include "ops/refusal.h"

#define T0 UINT64_C(1800000000)
#define MALLORY 4242u

static struct dt T;
static uint64_t fake_now;
static uint32_t alice, bob;

static uint64_t test_clock(void)
{
	return fake_now;
}

static void setup(void)
{
	dt_setup(&T);
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.cfg.audit_coalesce_s = 60;
	/* the rates are not what is tested here */
	for (int c = 0; c < AD_RATE__COUNT; c++)
		T.cfg.rate[c] = (struct ad_rate_cfg){60000000, 1000000};
	dt_tenant(&T, "acme");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	bob = dt_user(&T, "bob", "acme", 0);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* What the audit log holds of action: records and COUNT fields. */
struct tally {
	const char *action;
	int records;
	uint32_t counted; /* sum of COUNT, 1 for a record without */
	uint64_t first, last;
};

static int tally_one(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct tally *t = arg;
	struct acct_field f;
	char action[64];
	uint32_t n = 1;

	(void)seq;
	ck_assert_int_eq(acct_find(rec, len, ACCT_T_ACTION, &f), 1);
	ck_assert_int_eq(acct_get_strcpy(&f, action, sizeof(action)), 0);
	if (strcmp(action, t->action) != 0)
		return 0;
	t->records++;
	if (acct_find(rec, len, ACCT_T_COUNT, &f) == 1) {
		ck_assert_int_eq(acct_get_u32(&f, &n), 0);
		t->first = dt_u64(rec, len, ACCT_T_FIRST_SEEN);
		t->last = dt_u64(rec, len, ACCT_T_LAST_SEEN);
	}
	t->counted += n;
	return 0;
}

static struct tally audit_of(const char *action)
{
	struct tally t = {action, 0, 0, 0, 0};
	struct ad_err err = {0, ""};
	uint64_t n;

	ck_assert_int_eq(ad_audit_walk(T.st, tally_one, &t, &err), ACCT_ST_OK);
	ck_assert_int_eq(ad_audit_verify(T.st, &n, &err), ACCT_ST_OK);
	return t;
}

/* mallory asks about bob's account: refused, every time */
static void probe(uid_t uid, const char *login)
{
	ck_assert_int_eq(dt_call(&T, uid, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_SERVICE, "xlock"), DT_END),
			 ACCT_ST_DENIED);
}

START_TEST(test_identical_coalesced)
{
	struct tally t;

	for (int i = 0; i < 1000; i++) {
		probe(MALLORY, "bob");
		fake_now += i % 2; /* 500 s in all: several windows */
		ad_refusals_flush(&T.ctx, false);
	}
	ad_refusals_flush(&T.ctx, true);
	t = audit_of("acct-mgmt");
	/* every refusal is accounted for, in two records a window */
	ck_assert_uint_eq(t.counted, 1000);
	ck_assert_int_le(t.records, 2 * (500 / 60 + 1));
	ck_assert_int_ge(t.records, 2 * (500 / 60));
	ck_assert_uint_le(t.first, t.last);
	ck_assert_uint_le(t.last, fake_now);
}
END_TEST

/* The first is written at once; the count when the window closes. */
START_TEST(test_window)
{
	struct tally t;

	probe(MALLORY, "bob");
	ck_assert_int_eq(audit_of("acct-mgmt").records, 1);
	probe(MALLORY, "bob");
	fake_now += 10;
	probe(MALLORY, "bob");
	ad_refusals_flush(&T.ctx, false);
	ck_assert_int_eq(audit_of("acct-mgmt").records, 1);
	fake_now += 50;
	ad_refusals_flush(&T.ctx, false);
	t = audit_of("acct-mgmt");
	ck_assert_int_eq(t.records, 2);
	ck_assert_uint_eq(t.counted, 3);
	ck_assert_uint_eq(t.first, T0);
	ck_assert_uint_eq(t.last, T0 + 10);
	/* the next one opens a new window: written at once */
	probe(MALLORY, "bob");
	ck_assert_int_eq(audit_of("acct-mgmt").records, 3);
}
END_TEST

/* Another target, or another caller, is another kind. */
START_TEST(test_kinds_apart)
{
	probe(MALLORY, "bob");
	probe(MALLORY, "alice");
	probe(MALLORY + 1, "bob");
	probe(MALLORY, "bob");
	ck_assert_int_eq(audit_of("acct-mgmt").records, 3);
	ad_refusals_flush(&T.ctx, true);
	ck_assert_int_eq(audit_of("acct-mgmt").records, 4);
	ck_assert_uint_eq(audit_of("acct-mgmt").counted, 4);
}
END_TEST

/* Off (audit_coalesce_s = 0): one record per refusal. */
START_TEST(test_off)
{
	T.cfg.audit_coalesce_s = 0;
	for (int i = 0; i < 5; i++)
		probe(MALLORY, "bob");
	ck_assert_int_eq(audit_of("acct-mgmt").records, 5);
}
END_TEST

/* More kinds than slots: the oldest go out early, none is lost, and the
 * memory stays what it was. */
START_TEST(test_table_full)
{
	char login[16];
	int users = 40, rounds = AD_REFUSAL_SLOTS / 40 + 2;

	for (int u = 0; u < users; u++) {
		snprintf(login, sizeof(login), "user%02d", u);
		dt_user(&T, login, "acme", 0);
	}
	/* every (caller, target) pair twice: a record and a count each */
	for (int r = 0; r < rounds; r++)
		for (int u = 0; u < users; u++) {
			snprintf(login, sizeof(login), "user%02d", u);
			probe(MALLORY + (uid_t)r, login);
			probe(MALLORY + (uid_t)r, login);
		}
	ad_refusals_flush(&T.ctx, true);
	ck_assert_uint_eq(audit_of("acct-mgmt").counted,
			  (uint32_t)(2 * rounds * users));
	ck_assert_int_eq(audit_of("acct-mgmt").records, 2 * rounds * users);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("refusal");
	TCase *tc = tcase_create("coalesce");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	/* thousands of durable writes in test_table_full */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_identical_coalesced);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_kinds_apart);
	tcase_add_test(tc, test_off);
	tcase_add_test(tc, test_table_full);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
