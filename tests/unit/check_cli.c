/*
 * check_cli.c - what issue 10's CLI work changed in the daemon, through
 * ad_dispatch on a real store: new records get RFC 9562 version 4 UUIDs;
 * lists and `user show` say where a user stands (USER_STATE).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "acct_proto.h"
#include "daemon_testlib.h"
#include "policy/user_state.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */

static struct dt T;
static uint64_t fake_now;

static uint64_t test_clock(void)
{
	return fake_now;
}

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	T.cfg.lockout_attempts = 3;
	T.cfg.lockout_window_s = 900;
	T.cfg.lockout_duration_s = 900;
	fake_now = T0;
	T.ctx.clock = test_clock;
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

/* The state word of login, from USER_SHOW and from USER_LIST. */
static void assert_state(const char *login, const char *tenant,
			 const char *want)
{
	struct acct_field r;
	int n;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_USER_STATE), want);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_S(ACCT_T_TENANT, tenant), DT_END),
			 ACCT_ST_OK);
	n = dt_count(T.rep.data, T.rep.len, ACCT_T_USER);
	for (int k = 0; k < n; k++) {
		r = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, k);
		if (strcmp(dt_str(r.val, r.len, ACCT_T_NAME), login) == 0) {
			ck_assert_str_eq(
				dt_str(r.val, r.len, ACCT_T_USER_STATE), want);
			return;
		}
	}
	ck_abort_msg("%s not in the list of %s", login, tenant);
}

static void wrong_password(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_PASSWORD, "not the password"),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
}

START_TEST(test_state_locked)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_PASSWORD, "bobs password"), DT_END),
		ACCT_ST_OK);
	assert_state("bob", "acme", "active");
	for (int k = 0; k < 3; k++)
		wrong_password("bob");
	assert_state("bob", "acme", "locked");
	/* while the lockout lasts only */
	fake_now += 899;
	assert_state("bob", "acme", "locked");
	fake_now += 1;
	assert_state("bob", "acme", "active");
}
END_TEST

START_TEST(test_state_tenant)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", 0);
	dt_user(&T, "dora", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "dora"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	assert_state("alice", "acme", "suspended");
	assert_state("dora", "acme", "disabled"); /* her own word first */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "gone"), DT_END),
			 ACCT_ST_OK);
	assert_state("alice", "acme", "deprovisioning");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	assert_state("alice", "acme", "deprovisioned");
}
END_TEST

/* The rule itself, every case: the policy is pure. */
START_TEST(test_state_rule)
{
	struct ad_user u;

	memset(&u, 0, sizeof(u));
	u.status = ACCT_USER_ACTIVE;
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_ACTIVE, 100),
			 "active");
	u.locked_until = 101;
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_ACTIVE, 100),
			 "locked");
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_ACTIVE, 101),
			 "active");
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_SUSPENDED, 100),
			 "suspended");
	ck_assert_str_eq(
		ad_policy_user_state(&u, ACCT_TENANT_DEPROVISIONED, 100),
		"deprovisioned");
	u.status = ACCT_USER_PENDING;
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_SUSPENDED, 100),
			 "pending");
	u.status = ACCT_USER_DISABLED;
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_ACTIVE, 100),
			 "disabled");
	u.status = ACCT_USER_DELETED;
	ck_assert_str_eq(ad_policy_user_state(&u, ACCT_TENANT_ACTIVE, 100),
			 "deleted");
}
END_TEST

/* ---- shells: the daemon checks every shell against /etc/shells ---- */

static int create_with_shell(const char *login, const char *shell)
{
	return dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_TENANT, "acme"), DT_S(ACCT_T_SHELL, shell),
		       DT_END);
}

START_TEST(test_shell_listed)
{
	char want[256];

	dt_tenant(&T, "acme");
	ck_assert_int_eq(create_with_shell("ann", "/bin/zsh"), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_SHELL), "/bin/zsh");
	/* not listed: refused, and nothing made */
	ck_assert_int_eq(create_with_shell("bea", "/usr/bin/fish"),
			 ACCT_ST_INVALID);
	snprintf(want, sizeof(want),
		 "shell '/usr/bin/fish' is not listed in %s", T.shells);
	ck_assert_str_eq(T.msg, want);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bea"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* a commented-out line is no listing */
	ck_assert_int_eq(create_with_shell("bea", "# /etc/shells"),
			 ACCT_ST_INVALID); /* and not a path either */
	/* update: refused, the shell unchanged */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "ann"),
				 DT_S(ACCT_T_SHELL, "/bin/false"), DT_END),
			 ACCT_ST_INVALID);
	snprintf(want, sizeof(want), "shell '/bin/false' is not listed in %s",
		 T.shells);
	ck_assert_str_eq(T.msg, want);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_SHELL), "/bin/zsh");
	/* import: one line with a bad shell, and nothing is created */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "cid"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_SHELL, "/bin/sh"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "dan"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_SHELL, "/bin/ksh"), DT_ENDREC, DT_END),
		ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(
		strstr(T.msg, "user #2: shell '/bin/ksh' is not listed"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "cid"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

/* The administrator adds a shell: the next request sees it, no restart. */
START_TEST(test_shells_reread)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(create_with_shell("ann", "/usr/bin/fish"),
			 ACCT_ST_INVALID);
	dt_write_file(T.shells, "/bin/sh\n/bin/bash\n/usr/bin/fish\n");
	ck_assert_int_eq(create_with_shell("ann", "/usr/bin/fish"), ACCT_ST_OK);
	/* and a shell taken out is refused at once */
	dt_write_file(T.shells, "/bin/sh\n");
	ck_assert_int_eq(create_with_shell("bob", "/usr/bin/fish"),
			 ACCT_ST_INVALID);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("uuid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_uuid_v4);
	suite_add_tcase(s, tc);
	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_state_locked);
	tcase_add_test(tc, test_state_tenant);
	tcase_add_test(tc, test_state_rule);
	suite_add_tcase(s, tc);
	tc = tcase_create("shells");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_shell_listed);
	tcase_add_test(tc, test_shells_reread);
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
