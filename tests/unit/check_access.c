/*
 * check_access.c - the caller and what it may do (policy/access.h), table
 * by table: ad_caller_from, ad_actor_name, ad_policy_target and the
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
	static const char *const kinds[] = {"anonymous", "user", "support",
					    "operator"};
	const struct {
		const struct ad_user *u;
		const struct ad_tenant *t;
		uint32_t uid;
		unsigned platform;
		enum ad_caller_kind kind;
	} cases[] = {
		{NULL, NULL, 0, 0, AD_CALLER_OPERATOR},
		{&alice, &active, 0, 0, AD_CALLER_OPERATOR},
		{&alice, &active, ALICE, 0, AD_CALLER_USER},
		{&gone, &active, ALICE, 0, AD_CALLER_ANONYMOUS},
		{&alice, &dead, ALICE, 0, AD_CALLER_ANONYMOUS},
		{&alice, &active, BOB, 0, AD_CALLER_ANONYMOUS}, /* not its */
		{NULL, NULL, BOB, 0, AD_CALLER_ANONYMOUS},
		/* the platform groups come before the directory */
		{NULL, NULL, BOB, AD_PLATFORM_OPERATOR, AD_CALLER_OPERATOR},
		{NULL, NULL, BOB, AD_PLATFORM_SUPPORT, AD_CALLER_SUPPORT},
		{NULL, NULL, BOB, AD_PLATFORM_SUPPORT | AD_PLATFORM_OPERATOR,
		 AD_CALLER_OPERATOR},
		{&alice, &active, ALICE, AD_PLATFORM_SUPPORT,
		 AD_CALLER_SUPPORT},
	};
	struct ad_caller c;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ad_caller_from(&c, cases[i].uid, 42, cases[i].platform,
			       cases[i].u, cases[i].t);
		ck_assert_msg(c.kind == cases[i].kind, "case %zu: %s", i,
			      kinds[c.kind]);
		ck_assert_uint_eq(c.uid, cases[i].uid);
		ck_assert_int_eq(c.pid, 42);
		if (c.kind == AD_CALLER_USER) {
			ck_assert_str_eq(c.login, "alice");
			ck_assert_str_eq(c.tenant, "acme");
			ck_assert_uint_eq(c.tenant_gid, 20000);
			ck_assert_uint_eq(c.role, ACCT_ROLE_MEMBER);
			ck_assert_str_eq(c.role_name, "member");
			ck_assert_str_eq(c.actor, "alice");
		} else {
			ck_assert_str_eq(c.login, "");
		}
	}
	ad_caller_from(&c, BOB, 1, 0, NULL, NULL);
	ck_assert_str_eq(c.actor, "uid 10002");
	ad_caller_from(&c, 0, 1, 0, NULL, NULL);
	ck_assert_str_eq(c.actor, "root");
}
END_TEST

/* Records name the human; sudo's word is written beside root only. */
START_TEST(test_actor_name)
{
	static const struct {
		uint32_t uid;
		const char *name, *sudo_by, *want;
	} cases[] = {
		{0, "root", NULL, "root"},
		{0, "root", "", "root"},
		{0, "root", "alice", "root (sudo by alice)"},
		{1001, "ops1", NULL, "ops1"},
		{1001, "ops1", "alice", "ops1"}, /* not root: not sudo */
		{1234, NULL, NULL, "uid 1234"},
		{1234, "", "alice", "uid 1234"},
	};
	char buf[AD_MAX_ACTOR + 1];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ad_actor_name(cases[i].uid, cases[i].name, cases[i].sudo_by,
			      buf, sizeof(buf));
		ck_assert_str_eq(buf, cases[i].want);
	}
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
		enum ad_target_answer want;
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

	ad_caller_from(&root, 0, 1, 0, NULL, NULL);
	ad_caller_from(&alice_c, ALICE, 1, 0, &alice, &active);
	ad_caller_from(&bob_c, BOB, 1, 0, NULL, NULL);
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
	tcase_add_test(tc, test_actor_name);
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
