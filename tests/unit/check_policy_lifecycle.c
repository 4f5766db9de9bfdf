/*
 * check_policy_lifecycle.c - the pure rules of deactivating and
 * reactivating a user (policy/user.h) and of purging a tenant
 * (policy/tenant.h), each over a table of cases: values in, verdict and
 * message out, no store, no clock.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/tenant.h"
#include "policy/user.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define OWNER ACCT_ROLE_OWNER
#define ADMIN ACCT_ROLE_ADMIN
#define MEMBER ACCT_ROLE_MEMBER
#define VIEWER ACCT_ROLE_VIEWER
#define ACTIVE ACCT_USER_ACTIVE
#define DISABLED ACCT_USER_DISABLED
#define PENDING ACCT_USER_PENDING
#define DELETED ACCT_USER_DELETED
#define OK ACCT_ST_OK
#define NO ACCT_ST_CONFLICT
#define BOB 10001u
#define ME 10002u
#define DAY 86400u

/* ---- deactivate ---- */

/* bob (uid BOB) as stored, whether deactivated, the tenant's active
 * owners and admins as the store counts them, the caller, the verdict
 * and its message. */
static const struct {
	uint32_t role, status;
	bool deactivated;
	uint32_t owners, admins, actor;
	int rc;
	const char *msg;
} deactivate_cases[] = {
	/* anyone active but the last of a kind, by someone else */
	{MEMBER, ACTIVE, false, 0, 0, ME, OK, ""},
	{VIEWER, ACTIVE, false, 0, 0, 0, OK, ""},
	{OWNER, ACTIVE, false, 2, 1, ME, OK, ""},
	{ADMIN, ACTIVE, false, 1, 2, ME, OK, ""},
	{ADMIN, ACTIVE, false, 0, 3, 0, OK, ""},
	/* not oneself, whatever one's role */
	{MEMBER, ACTIVE, false, 0, 0, BOB, NO,
	 "you cannot deactivate your own account"},
	{OWNER, ACTIVE, false, 3, 0, BOB, NO,
	 "you cannot deactivate your own account"},
	/* not the last active owner, nor the last active admin */
	{OWNER, ACTIVE, false, 1, 5, ME, NO,
	 "'bob' is the last active owner of tenant 'acme'"},
	{OWNER, ACTIVE, false, 0, 0, 0, NO,
	 "'bob' is the last active owner of tenant 'acme'"},
	{ADMIN, ACTIVE, false, 4, 1, ME, NO,
	 "'bob' is the last active admin of tenant 'acme'"},
	{ADMIN, ACTIVE, false, 4, 0, 0, NO,
	 "'bob' is the last active admin of tenant 'acme'"},
	/* only an active user */
	{MEMBER, DISABLED, true, 0, 0, ME, NO,
	 "user 'bob' is already deactivated"},
	{MEMBER, DISABLED, false, 0, 0, ME, NO,
	 "user 'bob' is disabled, not active: only an active user can be "
	 "deactivated"},
	{OWNER, DISABLED, false, 0, 0, ME, NO,
	 "user 'bob' is disabled, not active: only an active user can be "
	 "deactivated"},
	{MEMBER, PENDING, false, 0, 0, ME, NO,
	 "user 'bob' is pending, not active: only an active user can be "
	 "deactivated (delete it instead)"},
	{MEMBER, DELETED, false, 0, 0, ME, NO, "user 'bob' is deleted"},
	{MEMBER, 99, false, 0, 0, ME, NO,
	 "user 'bob' is not active: only an active user can be deactivated"},
};

static void fill(struct ad_user *u, struct ad_tenant *t, uint32_t role,
		 uint32_t status, bool deactivated)
{
	memset(u, 0, sizeof(*u));
	memset(t, 0, sizeof(*t));
	snprintf(u->name, sizeof(u->name), "bob");
	snprintf(t->slug, sizeof(t->slug), "acme");
	u->uid = BOB;
	u->role = role;
	u->status = status;
	u->deactivated_at = deactivated ? 1700000000u : 0;
}

START_TEST(test_deactivate)
{
	struct ad_user u;
	struct ad_tenant t;
	struct ad_user_change c = {&u,
				   &t,
				   deactivate_cases[_i].role,
				   DISABLED,
				   deactivate_cases[_i].owners,
				   deactivate_cases[_i].admins};
	char msg[AD_MSG_MAX];
	int rc;

	fill(&u, &t, deactivate_cases[_i].role, deactivate_cases[_i].status,
	     deactivate_cases[_i].deactivated);
	memset(msg, 'x', sizeof(msg));
	rc = ad_policy_deactivate(&c, deactivate_cases[_i].actor, msg,
				  sizeof(msg));
	ck_assert_msg(rc == deactivate_cases[_i].rc, "case %d: %d %s", _i, rc,
		      msg);
	ck_assert_str_eq(msg, deactivate_cases[_i].msg);
}
END_TEST

/* ---- reactivate ---- */

static const struct {
	uint32_t status;
	bool deactivated;
	int rc;
	const char *msg;
} reactivate_cases[] = {
	{DISABLED, true, OK, ""},
	{DISABLED, false, NO,
	 "user 'bob' was disabled, not deactivated: only a deactivated user "
	 "can be reactivated"},
	{ACTIVE, false, NO,
	 "user 'bob' is not deactivated: only a deactivated user can be "
	 "reactivated"},
	/* a mark on a user that is not disabled means nothing */
	{ACTIVE, true, NO,
	 "user 'bob' is not deactivated: only a deactivated user can be "
	 "reactivated"},
	{PENDING, false, NO,
	 "user 'bob' is not deactivated: only a deactivated user can be "
	 "reactivated"},
	{DELETED, true, NO,
	 "user 'bob' is not deactivated: only a deactivated user can be "
	 "reactivated"},
};

START_TEST(test_reactivate)
{
	struct ad_user u;
	struct ad_tenant t;
	struct ad_user_change c = {&u, &t, MEMBER, ACTIVE, 0, 0};
	char msg[AD_MSG_MAX];

	fill(&u, &t, MEMBER, reactivate_cases[_i].status,
	     reactivate_cases[_i].deactivated);
	memset(msg, 'x', sizeof(msg));
	ck_assert_int_eq(ad_policy_reactivate(&c, msg, sizeof(msg)),
			 reactivate_cases[_i].rc);
	ck_assert_str_eq(msg, reactivate_cases[_i].msg);
}
END_TEST

/* ---- purge ---- */

#define FIN 1700000000u /* 2023-11-14T22:13:20Z */

/* The tenant's status, when it was finalized (0: an older record, whose
 * status_updated_at says), the retention, now, and the verdict. */
static const struct {
	uint64_t status; /* 64 bits all: no padding */
	uint64_t finalized_at, status_updated_at;
	uint64_t days;
	uint64_t now;
	int rc;
	const char *msg;
} purge_cases[] = {
	/* past the retention, or just at it */
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN, 30, FIN + 31 * DAY, OK, ""},
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN, 30, FIN + 30 * DAY, OK, ""},
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN, 0, FIN, OK, ""},
	/* before it: when it may be */
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN, 30, FIN + 30 * DAY - 1, NO,
	 "tenant acme is kept until 2023-12-14T22:13:20Z (retention_days = "
	 "30 after it was finalized on 2023-11-14T22:13:20Z); purge it then"},
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN, 1, FIN, NO,
	 "tenant acme is kept until 2023-11-15T22:13:20Z (retention_days = "
	 "1 after it was finalized on 2023-11-14T22:13:20Z); purge it then"},
	/* a record from before FINALIZED_AT: finalize's status change */
	{ACCT_TENANT_DEPROVISIONED, 0, FIN, 30, FIN + 30 * DAY, OK, ""},
	{ACCT_TENANT_DEPROVISIONED, 0, FIN, 30, FIN + DAY, NO,
	 "tenant acme is kept until 2023-12-14T22:13:20Z (retention_days = "
	 "30 after it was finalized on 2023-11-14T22:13:20Z); purge it then"},
	/* FINALIZED_AT wins over a later status_updated_at */
	{ACCT_TENANT_DEPROVISIONED, FIN, FIN + 20 * DAY, 30, FIN + 30 * DAY, OK,
	 ""},
	/* never a tenant that is not deprovisioned, however old */
	{ACCT_TENANT_ACTIVE, 0, FIN, 0, FIN + 999 * DAY, NO,
	 "tenant acme is active; only a deprovisioned tenant can be purged "
	 "(deprovision and finalize it first)"},
	{ACCT_TENANT_SUSPENDED, 0, FIN, 0, FIN + 999 * DAY, NO,
	 "tenant acme is suspended; only a deprovisioned tenant can be purged "
	 "(deprovision and finalize it first)"},
	{ACCT_TENANT_DEPROVISIONING, 0, FIN, 0, FIN + 999 * DAY, NO,
	 "tenant acme is being deprovisioned; finalize it, then purge it "
	 "after retention_days"},
};

START_TEST(test_purge)
{
	struct ad_tenant t;
	char msg[AD_MSG_MAX];

	memset(&t, 0, sizeof(t));
	snprintf(t.slug, sizeof(t.slug), "acme");
	t.status = (uint32_t)purge_cases[_i].status;
	t.finalized_at = purge_cases[_i].finalized_at;
	t.status_updated_at = purge_cases[_i].status_updated_at;
	memset(msg, 'x', sizeof(msg));
	ck_assert_msg(ad_policy_tenant_purge(&t, purge_cases[_i].now,
					     (uint32_t)purge_cases[_i].days,
					     msg,
					     sizeof(msg)) == purge_cases[_i].rc,
		      "case %d: %s", _i, msg);
	ck_assert_str_eq(msg, purge_cases[_i].msg);
	ck_assert_uint_eq(
		ad_policy_purge_after(&t, (uint32_t)purge_cases[_i].days),
		t.status == ACCT_TENANT_DEPROVISIONED
			? (t.finalized_at ? t.finalized_at
					  : t.status_updated_at) +
				  purge_cases[_i].days * DAY
			: 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy_lifecycle");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_deactivate, 0, (int)N(deactivate_cases));
	tcase_add_loop_test(tc, test_reactivate, 0, (int)N(reactivate_cases));
	tcase_add_loop_test(tc, test_purge, 0, (int)N(purge_cases));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
