/*
 * check_status_ops.c - STATUS's operating fields through ad_dispatch:
 * ready, the audit chain's state before and after AUDIT_VERIFY, the
 * map's fill level, and the configuration files, socket and state
 * directory for root and support only (anyone else: none of them).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "policy/status.h"

#define STRANGER 4242 /* a uid nobody in the directory has */

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
	snprintf(T.cfg.config_files, sizeof(T.cfg.config_files),
		 "/etc/accountsd.conf\n/etc/accountsd.conf.d/50-homes.conf\n");
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int status_as(uid_t uid)
{
	return dt_call(&T, uid, ACCT_OP_STATUS, DT_END);
}

static const char *field_str(uint16_t tag, int n, char *buf, size_t size)
{
	struct acct_field f = dt_field(T.rep.data, T.rep.len, tag, n);

	ck_assert_int_eq(acct_get_strcpy(&f, buf, size), 0);
	return buf;
}

START_TEST(test_root_sees_everything)
{
	char buf[512];

	ck_assert_int_eq(status_as(0), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_READY), 1);
	ck_assert_int_eq(
		dt_count(T.rep.data, T.rep.len, ACCT_T_MAP_USED_PERCENT), 1);
	ck_assert_uint_le(
		dt_u32(T.rep.data, T.rep.len, ACCT_T_MAP_USED_PERCENT), 100);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_CONFIG_FILE),
			 2);
	ck_assert_str_eq(field_str(ACCT_T_CONFIG_FILE, 0, buf, sizeof(buf)),
			 "/etc/accountsd.conf");
	ck_assert_str_eq(field_str(ACCT_T_CONFIG_FILE, 1, buf, sizeof(buf)),
			 "/etc/accountsd.conf.d/50-homes.conf");
	ck_assert_str_eq(field_str(ACCT_T_SOCKET_PATH, 0, buf, sizeof(buf)),
			 T.cfg.socket_path);
	ck_assert_str_eq(field_str(ACCT_T_STATE_DIR, 0, buf, sizeof(buf)),
			 T.cfg.state_dir);
}
END_TEST

START_TEST(test_others_see_no_paths)
{
	ck_assert_int_eq(status_as(STRANGER), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_READY), 1);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_AUDIT_STATE),
			 1);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_CONFIG_FILE),
			 0);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SOCKET_PATH),
			 0);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_STATE_DIR), 0);
	/* support reads everything, paths included */
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(status_as(STRANGER), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_STATE_DIR), 1);
}
END_TEST

START_TEST(test_audit_state)
{
	char buf[512];
	uint64_t n;

	/* never walked: the daemon says so */
	ck_assert_int_eq(status_as(0), ACCT_ST_OK);
	ck_assert_str_eq(field_str(ACCT_T_AUDIT_STATE, 0, buf, sizeof(buf)),
			 "not verified");
	ck_assert_int_eq(
		dt_count(T.rep.data, T.rep.len, ACCT_T_AUDIT_VERIFIED_AT), 0);
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 ACCT_ST_OK);
	n = dt_u64(T.rep.data, T.rep.len, ACCT_T_AUDIT_RECORDS);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(status_as(0), ACCT_ST_OK);
	snprintf(buf, sizeof(buf), "verified up to record %llu at ",
		 (unsigned long long)n);
	{
		char got[512];

		field_str(ACCT_T_AUDIT_STATE, 0, got, sizeof(got));
		ck_assert_msg(strncmp(got, buf, strlen(buf)) == 0, "'%s'", got);
		ck_assert_int_eq(got[strlen(got) - 1], 'Z');
	}
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_AUDIT_VERIFIED),
			  n);
	ck_assert_uint_gt(
		dt_u64(T.rep.data, T.rep.len, ACCT_T_AUDIT_VERIFIED_AT), 0);
	ck_assert_int_eq(
		dt_count(T.rep.data, T.rep.len, ACCT_T_AUDIT_BROKEN_AT), 0);
}
END_TEST

START_TEST(test_policy)
{
	ck_assert(ad_policy_status_shows_paths(0, 0));
	ck_assert(!ad_policy_status_shows_paths(STRANGER, 0));
	ck_assert(ad_policy_status_shows_paths(STRANGER, AD_PLATFORM_OPERATOR));
	ck_assert(ad_policy_status_shows_paths(STRANGER, AD_PLATFORM_SUPPORT));
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("status_ops");
	TCase *tc = tcase_create("status_ops");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_root_sees_everything);
	tcase_add_test(tc, test_others_see_no_paths);
	tcase_add_test(tc, test_audit_state);
	tcase_add_test(tc, test_policy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(status_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
