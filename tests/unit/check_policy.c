/*
 * check_policy.c - the login policy (ad_policy_may_login) over every
 * combination of user status, lockout and tenant status, and the tenant
 * transition rules (ad_tenant_transition) over every status and action.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "policy/login.h"
#include "policy/tenant.h"

#define NOW 2000000000u /* 2033-05-18 03:33:20 UTC */

/* Statuses 0 and 5 are not valid: the policy must fail closed on them. */
static const uint32_t user_statuses[] = {0,
					 ACCT_USER_PENDING,
					 ACCT_USER_ACTIVE,
					 ACCT_USER_DISABLED,
					 ACCT_USER_DELETED,
					 5};
static const uint32_t tenant_statuses[] = {0,
					   ACCT_TENANT_ACTIVE,
					   ACCT_TENANT_SUSPENDED,
					   ACCT_TENANT_DEPROVISIONING,
					   ACCT_TENANT_DEPROVISIONED,
					   5};
/* not locked, locked until the past, until exactly now, until later */
static const uint64_t lock_times[] = {0, NOW - 1, NOW, NOW + 3600};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void make(struct ad_user *u, struct ad_tenant *t, uint32_t ustatus,
		 uint64_t locked_until, uint32_t tstatus)
{
	memset(u, 0, sizeof(*u));
	memset(t, 0, sizeof(*t));
	snprintf(u->name, sizeof(u->name), "bob");
	u->status = ustatus;
	u->locked_until = locked_until;
	snprintf(t->slug, sizeof(t->slug), "acme");
	t->status = tstatus;
}

/* The expected verdict and message, written out case by case. */
static enum acct_pam_result expected(uint32_t us, uint64_t lock, uint32_t ts,
				     const char **msg)
{
	*msg = "";
	if (us == ACCT_USER_DELETED)
		return ACCT_PAM_USER_UNKNOWN;
	if (us == ACCT_USER_PENDING) {
		*msg = "account bob is not activated yet";
		return ACCT_PAM_DISABLED;
	}
	if (us == ACCT_USER_DISABLED) {
		*msg = "account bob is disabled";
		return ACCT_PAM_DISABLED;
	}
	if (us != ACCT_USER_ACTIVE) {
		*msg = "account bob cannot log in";
		return ACCT_PAM_PERM_DENIED;
	}
	if (lock > NOW) {
		*msg = "account bob is locked until 2033-05-18 04:33:20 UTC";
		return ACCT_PAM_LOCKED;
	}
	switch (ts) {
	case ACCT_TENANT_ACTIVE:
		return ACCT_PAM_OK;
	case ACCT_TENANT_SUSPENDED:
		*msg = "organization acme is suspended";
		return ACCT_PAM_TENANT_INACTIVE;
	case ACCT_TENANT_DEPROVISIONING:
		*msg = "organization acme is being deprovisioned";
		return ACCT_PAM_TENANT_INACTIVE;
	case ACCT_TENANT_DEPROVISIONED:
		*msg = "organization acme no longer exists";
		return ACCT_PAM_TENANT_INACTIVE;
	default:
		*msg = "account bob cannot log in";
		return ACCT_PAM_PERM_DENIED;
	}
}

/* One loop iteration per combination of the three inputs. */
START_TEST(test_every_combination)
{
	size_t us = (size_t)_i / (N(lock_times) * N(tenant_statuses));
	size_t lk = (size_t)_i / N(tenant_statuses) % N(lock_times);
	size_t ts = (size_t)_i % N(tenant_statuses);
	struct ad_user u;
	struct ad_tenant t;
	const char *want_msg;
	enum acct_pam_result want, got;
	char msg[AD_MSG_MAX];

	make(&u, &t, user_statuses[us], lock_times[lk], tenant_statuses[ts]);
	want = expected(user_statuses[us], lock_times[lk], tenant_statuses[ts],
			&want_msg);
	memset(msg, 'x', sizeof(msg));
	got = ad_policy_may_login(&u, &t, NOW, msg, sizeof(msg));
	ck_assert_msg(got == want,
		      "user %u lock %llu tenant %u: got %d want %d",
		      user_statuses[us], (unsigned long long)lock_times[lk],
		      tenant_statuses[ts], got, want);
	ck_assert_str_eq(msg, want_msg);
}
END_TEST

START_TEST(test_only_active_everything_logs_in)
{
	size_t ok = 0;

	for (size_t us = 0; us < N(user_statuses); us++)
		for (size_t lk = 0; lk < N(lock_times); lk++)
			for (size_t ts = 0; ts < N(tenant_statuses); ts++) {
				struct ad_user u;
				struct ad_tenant t;

				make(&u, &t, user_statuses[us], lock_times[lk],
				     tenant_statuses[ts]);
				ok += ad_policy_may_login(&u, &t, NOW, NULL,
							  0) == ACCT_PAM_OK;
			}
	/* active user, active tenant, lock absent/expired/ending now */
	ck_assert_uint_eq(ok, 3);
}
END_TEST

START_TEST(test_message_truncates_safely)
{
	struct ad_user u;
	struct ad_tenant t;
	char small[8];

	make(&u, &t, ACCT_USER_ACTIVE, 0, ACCT_TENANT_SUSPENDED);
	ck_assert_int_eq(ad_policy_may_login(&u, &t, NOW, small, sizeof(small)),
			 ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(small, "organiz");
}
END_TEST

/* ---- tenant transitions ---- */

static const enum ad_tenant_action actions[] = {
	AD_TENANT_SUSPEND, AD_TENANT_REACTIVATE, AD_TENANT_DEPROVISION,
	AD_TENANT_FINALIZE};

/* [from - 1][action]: the status reached, or 0 when refused. */
static const uint32_t allowed[4][4] = {
	/* active */
	{ACCT_TENANT_SUSPENDED, 0, ACCT_TENANT_DEPROVISIONING, 0},
	/* suspended */
	{0, ACCT_TENANT_ACTIVE, ACCT_TENANT_DEPROVISIONING, 0},
	/* deprovisioning */
	{0, 0, 0, ACCT_TENANT_DEPROVISIONED},
	/* deprovisioned */
	{0, 0, 0, 0},
};

START_TEST(test_transitions)
{
	for (uint32_t from = 1; from <= 4; from++)
		for (size_t a = 0; a < N(actions); a++) {
			char msg[AD_MSG_MAX] = "";
			uint32_t to = 99;
			int rc = ad_tenant_transition(from, actions[a], "acme",
						      &to, msg, sizeof(msg));

			if (allowed[from - 1][a] != 0) {
				ck_assert_int_eq(rc, ACCT_ST_OK);
				ck_assert_uint_eq(to, allowed[from - 1][a]);
			} else {
				ck_assert_msg(rc == ACCT_ST_CONFLICT,
					      "from %u action %d: %d", from,
					      actions[a], rc);
				ck_assert_msg(strncmp(msg, "tenant acme is ",
						      15) == 0,
					      "message: %s", msg);
			}
		}
}
END_TEST

START_TEST(test_transition_messages)
{
	char msg[AD_MSG_MAX];
	uint32_t to;

	ad_tenant_transition(ACCT_TENANT_ACTIVE, AD_TENANT_FINALIZE, "acme",
			     &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is active; deprovision it first");
	ad_tenant_transition(ACCT_TENANT_DEPROVISIONING, AD_TENANT_REACTIVATE,
			     "acme", &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is being deprovisioned and cannot "
			      "be reactivated");
	ad_tenant_transition(ACCT_TENANT_SUSPENDED, AD_TENANT_SUSPEND, "acme",
			     &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is already suspended");
	ad_tenant_transition(ACCT_TENANT_ACTIVE, AD_TENANT_REACTIVATE, "acme",
			     &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is already active");
	ad_tenant_transition(ACCT_TENANT_DEPROVISIONED, AD_TENANT_DEPROVISION,
			     "acme", &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is already deprovisioned");
	ad_tenant_transition(ACCT_TENANT_DEPROVISIONING, AD_TENANT_SUSPEND,
			     "acme", &to, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant acme is being deprovisioned; only an "
			      "active tenant can be suspended");
	ck_assert_int_eq(ad_tenant_transition(ACCT_TENANT_ACTIVE,
					      (enum ad_tenant_action)9, "acme",
					      &to, msg, sizeof(msg)),
			 ACCT_ST_INVALID);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("login");

	tcase_add_loop_test(
		tc, test_every_combination, 0,
		(int)(N(user_statuses) * N(lock_times) * N(tenant_statuses)));
	tcase_add_test(tc, test_only_active_everything_logs_in);
	tcase_add_test(tc, test_message_truncates_safely);
	suite_add_tcase(s, tc);
	tc = tcase_create("transitions");
	tcase_add_test(tc, test_transitions);
	tcase_add_test(tc, test_transition_messages);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(policy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
