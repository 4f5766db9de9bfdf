/*
 * check_cli.c - what issue 10's CLI work changed in the daemon, through
 * ad_dispatch on a real store: new records get RFC 9562 version 4 UUIDs.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "acct_proto.h"
#include "daemon_testlib.h"

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* The UUID of the one record (tag rec) of the last reply: version 4,
 * variant 10. */
static void assert_uuid_v4(uint16_t rec)
{
	struct acct_field r = dt_field(T.rep.data, T.rep.len, rec, 0);
	struct acct_field u = dt_field(r.val, r.len, ACCT_T_UUID, 0);
	const uint8_t *b = u.val;

	ck_assert_uint_eq(u.len, 16);
	ck_assert_uint_eq(b[6] >> 4, 4);
	ck_assert_uint_eq(b[8] >> 6, 2);
}

START_TEST(test_uuid_v4)
{
	/* many records: random bits alone would miss the pattern at once */
	for (int k = 0; k < 8; k++) {
		char slug[16], login[16];

		snprintf(slug, sizeof(slug), "acme%d", k);
		snprintf(login, sizeof(login), "alice%d", k);
		dt_tenant(&T, slug);
		dt_call(&T, 0, ACCT_OP_TENANT_SHOW, DT_S(ACCT_T_NAME, slug),
			DT_END);
		ck_assert_int_eq(T.status, ACCT_ST_OK);
		assert_uuid_v4(ACCT_T_TENANT_REC);
		dt_user(&T, login, slug, 0);
		dt_call(&T, 0, ACCT_OP_USER_SHOW, DT_S(ACCT_T_NAME, login),
			DT_END);
		ck_assert_int_eq(T.status, ACCT_ST_OK);
		assert_uuid_v4(ACCT_T_USER);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("uuid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_uuid_v4);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
