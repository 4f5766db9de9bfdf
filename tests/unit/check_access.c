/*
 * check_access.c - the caller and what it may do (policy/access.h), table
 * by table: ad_caller_from, ad_policy_may_call, ad_policy_target and the
 * one definition of a known user.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "policy/access.h"

#define ALICE 10001u
#define BOB 10002u

static struct ad_user user(uint32_t uid, const char *name, uint32_t status)
{
	struct ad_user u;

	memset(&u, 0, sizeof(u));
	u.uid = uid;
	u.status = status;
	u.role = ACCT_ROLE_MEMBER;
	u.tenant_gid = 20000;
	strcpy(u.name, name);
	strcpy(u.tenant, "acme");
	return u;
}

static struct ad_tenant tenant(uint32_t status)
{
	struct ad_tenant t;

	memset(&t, 0, sizeof(t));
	t.status = status;
	t.gid = 20000;
	strcpy(t.slug, "acme");
	return t;
}

START_TEST(test_known_user)
{
	static const struct {
		uint32_t user, tenant;
		bool known;
	} cases[] = {
		{ACCT_USER_ACTIVE, ACCT_TENANT_ACTIVE, true},
		{ACCT_USER_PENDING, ACCT_TENANT_ACTIVE, true},
		{ACCT_USER_DISABLED, ACCT_TENANT_ACTIVE, true},
		{ACCT_USER_ACTIVE, ACCT_TENANT_SUSPENDED, true},
		{ACCT_USER_ACTIVE, ACCT_TENANT_DEPROVISIONING, true},
		{ACCT_USER_DELETED, ACCT_TENANT_ACTIVE, false},
		{ACCT_USER_ACTIVE, ACCT_TENANT_DEPROVISIONED, false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ad_user u = user(ALICE, "alice", cases[i].user);
		struct ad_tenant t = tenant(cases[i].tenant);

		ck_assert_msg(ad_policy_known_user(&u, &t) == cases[i].known,
			      "case %zu", i);
	}
	ck_assert(!ad_policy_known_user(NULL, NULL));
}
END_TEST

START_TEST(test_caller_from)
{
	struct ad_user alice = user(ALICE, "alice", ACCT_USER_ACTIVE);
	struct ad_user gone = user(ALICE, "alice", ACCT_USER_DELETED);
	struct ad_tenant active = tenant(ACCT_TENANT_ACTIVE);
	struct ad_tenant dead = tenant(ACCT_TENANT_DEPROVISIONED);
	static const char *const kinds[] = {"anonymous", "user", "operator"};
	const struct {
		const struct ad_user *u;
		const struct ad_tenant *t;
		uint32_t uid;
		enum ad_caller_kind kind;
	} cases[] = {
		{NULL, NULL, 0, AD_CALLER_OPERATOR},
		{&alice, &active, 0, AD_CALLER_OPERATOR},
		{&alice, &active, ALICE, AD_CALLER_USER},
		{&gone, &active, ALICE, AD_CALLER_ANONYMOUS},
		{&alice, &dead, ALICE, AD_CALLER_ANONYMOUS},
		{&alice, &active, BOB, AD_CALLER_ANONYMOUS}, /* not its uid */
		{NULL, NULL, BOB, AD_CALLER_ANONYMOUS},
	};
	struct ad_caller c;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ad_caller_from(&c, cases[i].uid, 42, cases[i].u, cases[i].t);
		ck_assert_msg(c.kind == cases[i].kind, "case %zu: %s", i,
			      kinds[c.kind]);
		ck_assert_uint_eq(c.uid, cases[i].uid);
		ck_assert_int_eq(c.pid, 42);
		if (c.kind == AD_CALLER_USER) {
			ck_assert_str_eq(c.login, "alice");
			ck_assert_str_eq(c.tenant, "acme");
			ck_assert_uint_eq(c.tenant_gid, 20000);
			ck_assert_uint_eq(c.role, ACCT_ROLE_MEMBER);
		} else {
			ck_assert_str_eq(c.login, "");
		}
	}
	ad_caller_from(&c, BOB, 1, NULL, NULL);
	ck_assert_str_eq(c.actor, "uid 10002");
}
END_TEST

START_TEST(test_may_call)
{
	static const enum ad_caller_kind kinds[] = {
		AD_CALLER_ANONYMOUS, AD_CALLER_USER, AD_CALLER_OPERATOR};
	/* rows: access classes; columns: anonymous, user, operator */
	static const struct {
		enum ad_access access;
		bool may[3];
	} cases[] = {
		{AD_ACCESS_PUBLIC, {true, true, true}},
		{AD_ACCESS_PAM, {true, true, true}},
		{AD_ACCESS_OPERATOR, {false, false, true}},
		{AD_ACCESS_SELF, {false, true, false}},
		/* not open until the permission check: fail closed */
		{AD_ACCESS_TENANT, {false, false, false}},
		{(enum ad_access)0, {false, false, false}},
		{(enum ad_access)99, {false, false, false}},
	};
	struct ad_caller c;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t k = 0; k < 3; k++) {
			memset(&c, 0, sizeof(c));
			c.kind = kinds[k];
			ck_assert_msg(ad_policy_may_call(&c, cases[i].access) ==
					      cases[i].may[k],
				      "access %d, caller kind %d",
				      cases[i].access, kinds[k]);
		}
	ck_assert_str_eq(ad_policy_denial(AD_ACCESS_OPERATOR),
			 "only the platform operator (root) may manage the "
			 "directory");
}
END_TEST

START_TEST(test_target)
{
	struct ad_caller root, alice_c, bob_c;
	struct ad_user alice = user(ALICE, "alice", ACCT_USER_ACTIVE);
	struct ad_user disabled = user(ALICE, "alice", ACCT_USER_DISABLED);
	struct ad_user gone = user(ALICE, "alice", ACCT_USER_DELETED);
	struct ad_tenant active = tenant(ACCT_TENANT_ACTIVE);
	struct ad_tenant dead = tenant(ACCT_TENANT_DEPROVISIONED);
	const struct {
		const struct ad_caller *c;
		const struct ad_user *u;
		const struct ad_tenant *t;
		enum ad_target want;
	} cases[] = {
		{&root, NULL, NULL, AD_TARGET_UNKNOWN},
		{&root, &gone, &active, AD_TARGET_UNKNOWN},
		{&root, &alice, &active, AD_TARGET_OK},
		{&root, &alice, &dead, AD_TARGET_OK}, /* told "no longer
							 exists" */
		{&alice_c, &alice, &active, AD_TARGET_OK},
		{&alice_c, &disabled, &active, AD_TARGET_OK},
		{&alice_c, &alice, &dead, AD_TARGET_OK},
		{&bob_c, &alice, &active, AD_TARGET_DENIED},
		{&bob_c, &disabled, &active, AD_TARGET_DENIED},
		{&bob_c, &alice, &dead, AD_TARGET_UNKNOWN},
		{&bob_c, &gone, &active, AD_TARGET_UNKNOWN},
		{&bob_c, NULL, NULL, AD_TARGET_UNKNOWN},
	};

	ad_caller_from(&root, 0, 1, NULL, NULL);
	ad_caller_from(&alice_c, ALICE, 1, &alice, &active);
	ad_caller_from(&bob_c, BOB, 1, NULL, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(ad_policy_target(cases[i].c, cases[i].u,
					       cases[i].t) == cases[i].want,
			      "case %zu", i);
}
END_TEST

static Suite *access_suite(void)
{
	Suite *s = suite_create("access");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_known_user);
	tcase_add_test(tc, test_caller_from);
	tcase_add_test(tc, test_may_call);
	tcase_add_test(tc, test_target);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(access_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
