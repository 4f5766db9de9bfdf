/*
 * check_policy_rules.c - the pure rules of policy/ besides the login
 * verdict (check_policy.c), each over a table of cases: a tenant open to
 * new members, the last active owner, disabling oneself, what lookups
 * hide, lockout counting, password quality and the rate of a caller.
 * Values in, verdict and message out: no store, no clock.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "policy/lockout.h"
#include "policy/lookup.h"
#include "policy/password.h"
#include "policy/rate.h"
#include "policy/tenant.h"
#include "policy/user.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a tenant open to new members ---- */

static const struct {
	uint32_t status;
	int rc;
	const char *msg;
} open_cases[] = {
	{ACCT_TENANT_ACTIVE, ACCT_ST_OK, ""},
	{ACCT_TENANT_SUSPENDED, ACCT_ST_OK, ""},
	{ACCT_TENANT_DEPROVISIONING, ACCT_ST_CONFLICT,
	 "tenant 'acme' is being deprovisioned"},
	{ACCT_TENANT_DEPROVISIONED, ACCT_ST_CONFLICT,
	 "tenant 'acme' is deprovisioned"},
};

START_TEST(test_tenant_open)
{
	struct ad_tenant t;
	char msg[AD_MSG_MAX];

	memset(&t, 0, sizeof(t));
	snprintf(t.slug, sizeof(t.slug), "acme");
	t.status = open_cases[_i].status;
	memset(msg, 'x', sizeof(msg));
	ck_assert_int_eq(ad_policy_tenant_open(&t, msg, sizeof(msg)),
			 open_cases[_i].rc);
	ck_assert_str_eq(msg, open_cases[_i].msg);
}
END_TEST

/* ---- the last active owner ---- */

#define OWNER ACCT_ROLE_OWNER
#define ADMIN ACCT_ROLE_ADMIN
#define MEMBER ACCT_ROLE_MEMBER
#define ACTIVE ACCT_USER_ACTIVE
#define DISABLED ACCT_USER_DISABLED
#define DELETED ACCT_USER_DELETED
#define LAST "'alice' is the last active owner of tenant 'acme'"

/* The user as stored, what the change leaves it with, the tenant's
 * active owners, and the verdict. */
static const struct {
	uint32_t role, status, new_role, new_status, owners;
	int rc;
} owner_cases[] = {
	/* the last active owner: no demotion, disabling or deleting */
	{OWNER, ACTIVE, ADMIN, ACTIVE, 1, ACCT_ST_CONFLICT},
	{OWNER, ACTIVE, MEMBER, ACTIVE, 1, ACCT_ST_CONFLICT},
	{OWNER, ACTIVE, OWNER, DISABLED, 1, ACCT_ST_CONFLICT},
	{OWNER, ACTIVE, OWNER, DELETED, 1, ACCT_ST_CONFLICT},
	/* a corrupt count of 0 refuses as well (fail closed) */
	{OWNER, ACTIVE, OWNER, DELETED, 0, ACCT_ST_CONFLICT},
	/* staying an active owner takes nothing away */
	{OWNER, ACTIVE, OWNER, ACTIVE, 1, ACCT_ST_OK},
	/* with another active owner, one may go */
	{OWNER, ACTIVE, ADMIN, ACTIVE, 2, ACCT_ST_OK},
	{OWNER, ACTIVE, OWNER, DISABLED, 2, ACCT_ST_OK},
	{OWNER, ACTIVE, OWNER, DELETED, 3, ACCT_ST_OK},
	/* a disabled owner is no active owner to keep */
	{OWNER, DISABLED, OWNER, DELETED, 0, ACCT_ST_OK},
	{OWNER, DISABLED, MEMBER, DISABLED, 0, ACCT_ST_OK},
	/* nor is anyone else */
	{ADMIN, ACTIVE, MEMBER, ACTIVE, 0, ACCT_ST_OK},
	{MEMBER, ACTIVE, MEMBER, DISABLED, 0, ACCT_ST_OK},
	{MEMBER, ACTIVE, OWNER, ACTIVE, 0, ACCT_ST_OK},
};

START_TEST(test_owner_kept)
{
	struct ad_user u;
	struct ad_tenant t;
	struct ad_user_change c = {&u,
				   &t,
				   owner_cases[_i].new_role,
				   owner_cases[_i].new_status,
				   owner_cases[_i].owners,
				   0};
	char msg[AD_MSG_MAX];
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&t, 0, sizeof(t));
	snprintf(u.name, sizeof(u.name), "alice");
	snprintf(t.slug, sizeof(t.slug), "acme");
	u.role = owner_cases[_i].role;
	u.status = owner_cases[_i].status;
	memset(msg, 'x', sizeof(msg));
	rc = ad_policy_owner_kept(&c, msg, sizeof(msg));
	ck_assert_msg(rc == owner_cases[_i].rc, "case %d: %d", _i, rc);
	ck_assert_str_eq(msg, rc == ACCT_ST_OK ? "" : LAST);
}
END_TEST

/* ---- disabling oneself through the admin path ---- */

static const struct {
	uint32_t user_uid, actor_uid;
	int rc;
} self_cases[] = {
	{10001, 10001, ACCT_ST_CONFLICT},
	{10001, 10002, ACCT_ST_OK},
	{10001, 0, ACCT_ST_OK},
	{0, 0, ACCT_ST_CONFLICT}, /* a record with uid 0 is still oneself */
};

START_TEST(test_disable_other)
{
	struct ad_user u;
	char msg[AD_MSG_MAX];

	memset(&u, 0, sizeof(u));
	u.uid = self_cases[_i].user_uid;
	memset(msg, 'x', sizeof(msg));
	ck_assert_int_eq(ad_policy_disable_other(&u, self_cases[_i].actor_uid,
						 msg, sizeof(msg)),
			 self_cases[_i].rc);
	ck_assert_str_eq(msg, self_cases[_i].rc == ACCT_ST_OK
				      ? ""
				      : "use self-service to disable your "
					"own account");
}
END_TEST

/* ---- what lookups hide ---- */

/* [user status][tenant status], 0..5 each (0 and 5 are not valid):
 * 1 hidden.  Only deleted users and deprovisioned tenants hide. */
static const int hidden_users[6][6] = {
	/* tenant: 0  act sus dpg dpd 5 */
	{0, 0, 0, 0, 1, 0}, /* user 0 */
	{0, 0, 0, 0, 1, 0}, /* pending */
	{0, 0, 0, 0, 1, 0}, /* active */
	{0, 0, 0, 0, 1, 0}, /* disabled */
	{1, 1, 1, 1, 1, 1}, /* deleted */
	{0, 0, 0, 0, 1, 0}, /* user 5 */
};

START_TEST(test_lookup_hides)
{
	uint32_t us = (uint32_t)_i / 6, ts = (uint32_t)_i % 6;

	ck_assert_msg(ad_policy_user_hidden(us, ts) == hidden_users[us][ts],
		      "user %u tenant %u", us, ts);
	/* a group hides with its tenant, whatever the user */
	ck_assert_int_eq(ad_policy_group_hidden(ts), hidden_users[0][ts]);
}
END_TEST

/* ---- lockout ---- */

/* 3 wrong passwords in 60 s lock for 100 s.  Each case: the user's
 * counter before (failed, first failure, locked until), the time of the
 * failure, then whether it locks and the counter after. */
static const struct ad_lockout lo3 = {3, 60, 100};
static const struct {
	uint32_t failed;
	uint64_t first, until, now;
	bool locks;
	uint32_t failed_after;
	uint64_t first_after, until_after;
} count_cases[] = {
	/* a first failure starts the count */
	{0, 0, 0, 1000, false, 1, 1000, 0},
	/* within the window: counted; the third locks */
	{1, 1000, 0, 1010, false, 2, 1000, 0},
	{2, 1000, 0, 1059, true, 3, 1000, 1159},
	/* past the window: a new count */
	{2, 1000, 0, 1060, false, 1, 1060, 0},
	/* locked already: nothing counted, the lock is not stretched */
	{3, 1000, 1159, 1100, false, 3, 1000, 1159},
	/* a lock that ran out: a clean slate */
	{3, 1000, 1159, 1159, false, 1, 1159, 0},
	/* the clock went back: a new count */
	{1, 1000, 0, 900, false, 1, 900, 0},
};

START_TEST(test_lockout_count)
{
	struct ad_user u;
	bool locks;

	memset(&u, 0, sizeof(u));
	u.failed_logins = count_cases[_i].failed;
	u.first_failure = count_cases[_i].first;
	u.locked_until = count_cases[_i].until;
	locks = ad_lockout_count(&u, &lo3, count_cases[_i].now);
	ck_assert_msg(locks == count_cases[_i].locks, "case %d", _i);
	ck_assert_uint_eq(u.failed_logins, count_cases[_i].failed_after);
	ck_assert_uint_eq(u.first_failure, count_cases[_i].first_after);
	ck_assert_uint_eq(u.locked_until, count_cases[_i].until_after);
}
END_TEST

/* Lockout off (attempts 0) counts nothing; active is locked_until > now. */
START_TEST(test_lockout_off_and_active)
{
	static const struct ad_lockout off = {0, 60, 100};
	static const struct {
		uint64_t until, now;
		bool active;
	} active[] = {{0, 1000, false},
		      {999, 1000, false},
		      {1000, 1000, false},
		      {1001, 1000, true}};
	struct ad_user u;

	memset(&u, 0, sizeof(u));
	for (int i = 0; i < 10; i++)
		ck_assert(!ad_lockout_count(&u, &off, 1000));
	ck_assert_uint_eq(u.failed_logins, 0);
	for (size_t i = 0; i < N(active); i++) {
		u.locked_until = active[i].until;
		ck_assert(ad_lockout_active(&u, active[i].now) ==
			  active[i].active);
	}
}
END_TEST

/* ---- password quality ---- */

static const struct {
	const char *pw;
	const char *login;
	unsigned min;
	const char *why; /* NULL: accepted */
} pw_cases[] = {
	{"correct horse", "bob", 10, NULL},
	{"", "bob", 10, "the password is empty"},
	{"short", "bob", 10,
	 "the password is too short (at least 10 characters)"},
	/* characters, not bytes: five 2-byte characters are five */
	{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "bob", 6,
	 "the password is too short (at least 6 characters)"},
	{"BOB", "bob", 3, "the password must not be the login name"},
	{"bob", NULL, 3, NULL},
	{"aaaaaaaaaaaa", "bob", 10,
	 "the password must not be one character repeated"},
	{"\xc3\xa9\xc3\xa9\xc3\xa9", "bob", 3,
	 "the password must not be one character repeated"},
	{"abababababab", "bob", 10, NULL},
	/* exactly the minimum, counted in characters; the minimum is the
	 * config's */
	{"abcdefghij", "bob", 10, NULL},
	{"\xc3\xa9t\xc3\xa9-\xc3\xa9t\xc3\xa9-ab", "bob", 10, NULL},
	{"abcd", "bob", 4, NULL},
	{"\xc3\xa9t\xc3\xa9t\xc3\xa9", "bob", 10,
	 "the password is too short (at least 10 characters)"},
	/* containing the login is fine, being it in any case is not */
	{"bob-and-more", "bob", 10, NULL},
	{"ALICE-Smith", "alice-smith", 10,
	 "the password must not be the login name"},
};

START_TEST(test_password_check)
{
	const char *login = pw_cases[_i].login;
	char msg[AD_MSG_MAX] = "";
	int rc;

	rc = ad_password_check(pw_cases[_i].pw, strlen(pw_cases[_i].pw), login,
			       login != NULL ? strlen(login) : 0,
			       pw_cases[_i].min, msg, sizeof(msg));
	if (pw_cases[_i].why == NULL) {
		ck_assert_msg(rc == 0, "case %d: %s", _i, msg);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(msg, pw_cases[_i].why);
	}
}
END_TEST

START_TEST(test_password_too_long)
{
	static char pw[ACCT_MAX_PASSWORD + 2];
	char msg[AD_MSG_MAX] = "";

	memset(pw, 'a', sizeof(pw) - 1);
	pw[0] = 'b';
	ck_assert_int_eq(ad_password_check(pw, ACCT_MAX_PASSWORD, "bob", 3, 10,
					   msg, sizeof(msg)),
			 0);
	ck_assert_int_eq(ad_password_check(pw, ACCT_MAX_PASSWORD + 1, "bob", 3,
					   10, msg, sizeof(msg)),
			 -1);
	ck_assert_str_eq(msg, "the password is too long (at most 1024 bytes)");
}
END_TEST

/* ---- the rate of a caller ---- */

/* One script of requests against one table: who asks when, under which
 * rate (per minute, burst), and whether it may go on. */
static const struct {
	uint64_t now_ms;
	uint32_t uid;
	unsigned per_minute, burst;
	bool ok;
} rate_script[] = {
	/* a burst of 3, then over the rate */
	{5000, 1000, 10, 3, true},
	{5000, 1000, 10, 3, true},
	{5000, 1000, 10, 3, true},
	{5000, 1000, 10, 3, false},
	/* another caller has its own bucket */
	{5000, 1001, 10, 3, true},
	/* ten a minute: one more every 6 s, not sooner */
	{10999, 1000, 10, 3, false},
	{11000, 1000, 10, 3, true},
	{11000, 1000, 10, 3, false},
	/* a clock that goes back refills nothing */
	{100, 1000, 10, 3, false},
	/* a long pause refills up to the burst, no more */
	{9999999, 1000, 10, 3, true},
	{9999999, 1000, 10, 3, true},
	{9999999, 1000, 10, 3, true},
	{9999999, 1000, 10, 3, false},
	/* a reload that lowers the burst applies at once */
	{9999999, 1001, 10, 1, true},
	{9999999, 1001, 10, 1, false},
	/* a rate of 0 a minute is taken as 1 */
	{0, 1002, 0, 1, true},
	{59999, 1002, 0, 1, false},
	{60000, 1002, 0, 1, true},
};

/* An imported hash's cost, read from its parameters, against a cap. */
static int cost(const char *hash)
{
	char msg[256];

	/* the cap: 256 MiB and 8 passes */
	return ad_password_hash_cost_check(
		hash, strlen(hash), 8, 256u * 1024u * 1024u, msg, sizeof(msg));
}

START_TEST(test_hash_cost)
{
	char msg[256];

	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
			 0);
	ck_assert_int_eq(cost("$argon2id$v=19$m=262144,t=8,p=16$s$h"), 0);
	/* one over each bound */
	ck_assert_int_eq(cost("$argon2id$v=19$m=262145,t=2,p=1$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=9,p=1$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=2,p=17$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=2,p=0$s$h"), -1);
	/* malformed: overflow, missing or reordered fields, another kind */
	ck_assert_int_eq(
		cost("$argon2id$v=19$m=99999999999999999999999,t=2,p=1$s$h"),
		-1);
	ck_assert_int_eq(cost("$argon2id$v=19$t=2,m=65536,p=1$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=2$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=,t=2,p=1$s$h"), -1);
	ck_assert_int_eq(cost("$argon2i$v=19$m=65536,t=2,p=1$s$h"), -1);
	ck_assert_int_eq(cost("$argon2id$v=19$m=65536,t=2,p=1"), -1);
	/* the length given is the end: a hash cut short is refused */
	ck_assert_int_eq(ad_password_hash_cost_check(
				 "$argon2id$v=19$m=65536,t=2,p=1$s$h", 20, 8,
				 256u * 1024u * 1024u, msg, sizeof(msg)),
			 -1);
	ck_assert_ptr_nonnull(strstr(msg, "not an Argon2id hash"));
	ck_assert_int_eq(cost("$argon2id$v=19$m=65537,t=99,p=1$s$h"), -1);
}
END_TEST

START_TEST(test_rate_script)
{
	static struct ad_ratelimit rl;

	memset(&rl, 0, sizeof(rl));
	for (size_t i = 0; i < N(rate_script); i++) {
		struct ad_rate_cfg rate = {rate_script[i].per_minute,
					   rate_script[i].burst};

		ck_assert_msg(ad_ratelimit_take(&rl, rate_script[i].uid,
						rate_script[i].now_ms,
						&rate) == rate_script[i].ok,
			      "step %zu", i);
	}
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("policy rules");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_tenant_open, 0, (int)N(open_cases));
	tcase_add_loop_test(tc, test_owner_kept, 0, (int)N(owner_cases));
	tcase_add_loop_test(tc, test_disable_other, 0, (int)N(self_cases));
	tcase_add_loop_test(tc, test_lookup_hides, 0, 36);
	tcase_add_loop_test(tc, test_lockout_count, 0, (int)N(count_cases));
	tcase_add_test(tc, test_lockout_off_and_active);
	tcase_add_loop_test(tc, test_password_check, 0, (int)N(pw_cases));
	tcase_add_test(tc, test_password_too_long);
	tcase_add_test(tc, test_rate_script);
	tcase_add_test(tc, test_hash_cost);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rules_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
