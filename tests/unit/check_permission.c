/*
 * check_permission.c - the one permission check (policy/permission.h) by
 * table: caller x action x target x tenant status -> verdict, and the
 * words of each refusal.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "policy/permission.h"

#define ACME 20000u
#define GLOBEX 20010u

/* Callers: the platform, and users of acme by role, and globex's owner. */
enum who { ANON, SUPPORT, OPER, VIEWER, MEMBER, ADMIN, OWNER, OTHER_OWNER };

static struct ad_caller caller(enum who w, uint32_t tenant_status)
{
	static const uint32_t roles[] = {[VIEWER] = ACCT_ROLE_VIEWER,
					 [MEMBER] = ACCT_ROLE_MEMBER,
					 [ADMIN] = ACCT_ROLE_ADMIN,
					 [OWNER] = ACCT_ROLE_OWNER,
					 [OTHER_OWNER] = ACCT_ROLE_OWNER};
	struct ad_user u;
	struct ad_tenant t;
	struct ad_caller c;
	unsigned platform = w == SUPPORT ? AD_PLATFORM_SUPPORT
			    : w == OPER	 ? AD_PLATFORM_OPERATOR
					 : 0;

	memset(&u, 0, sizeof(u));
	memset(&t, 0, sizeof(t));
	u.uid = 10000 + (uint32_t)w;
	u.status = ACCT_USER_ACTIVE;
	u.role = roles[w];
	u.tenant_gid = w == OTHER_OWNER ? GLOBEX : ACME;
	strcpy(u.name, "caller");
	t.gid = u.tenant_gid;
	t.status = tenant_status;
	strcpy(t.slug, w == OTHER_OWNER ? "globex" : "acme");
	ad_caller_from(&c, u.uid, 1, platform, w >= VIEWER ? &u : NULL,
		       w >= VIEWER ? &t : NULL);
	return c;
}

/* Targets. */
enum what {
	NOTHING,     /* the request names nothing (a list of one's own) */
	ACME_VIEWER, /* a user of acme, by role */
	ACME_MEMBER,
	ACME_ADMIN,
	ACME_OWNER,
	GLOBEX_USER, /* a user of another tenant */
	NOBODY,	     /* a name nobody has */
	TOMBSTONE,   /* a deleted user of acme */
	GRANT_OWNER, /* making a user of acme an owner */
	ACME_TENANT, /* the tenant itself */
	SELF_USER,   /* the caller's own user, named */
};

static struct ad_target target(enum what w, uint32_t tenant_status)
{
	static const uint32_t ranks[SELF_USER + 1] = {
		[ACME_VIEWER] = AD_RANK_VIEWER, [ACME_MEMBER] = AD_RANK_MEMBER,
		[ACME_ADMIN] = AD_RANK_ADMIN,	[ACME_OWNER] = AD_RANK_OWNER,
		[GLOBEX_USER] = AD_RANK_MEMBER, [TOMBSTONE] = AD_RANK_MEMBER,
		[GRANT_OWNER] = AD_RANK_MEMBER, [SELF_USER] = AD_RANK_VIEWER};
	struct ad_target t;

	memset(&t, 0, sizeof(t));
	if (w == NOTHING)
		return t;
	t.named = true;
	t.name = "bob";
	t.name_len = 3;
	if (w == NOBODY)
		return t;
	t.exists = true;
	t.hidden = w == TOMBSTONE;
	t.tenant_gid = w == GLOBEX_USER ? GLOBEX : ACME;
	t.tenant_status = w == GLOBEX_USER ? ACCT_TENANT_ACTIVE : tenant_status;
	strcpy(t.tenant, w == GLOBEX_USER ? "globex" : "acme");
	if (w != ACME_TENANT) {
		t.user_uid = 30000;
		t.user_rank = ranks[w];
	}
	if (w == SELF_USER) /* test_table makes it the caller's */
		t.user_rank = AD_RANK_VIEWER;
	if (w == GRANT_OWNER)
		t.grant_rank = AD_RANK_OWNER;
	return t;
}

#define OK ACCT_ST_OK
#define NO ACCT_ST_DENIED
#define RO ACCT_ST_CONFLICT
#define ACT ACCT_TENANT_ACTIVE
#define SUS ACCT_TENANT_SUSPENDED
#define DEP ACCT_TENANT_DEPROVISIONING

static const struct row {
	enum who who;
	enum ad_access access;
	bool writes;
	enum what what;
	uint32_t tenant_status; /* of acme, the caller's and the target's */
	int want;
} rows[] = {
	/* anonymous: nothing past the public and PAM classes */
	{ANON, AD_ACCESS_PUBLIC, false, NOTHING, ACT, OK},
	{ANON, AD_ACCESS_PAM, false, NOTHING, ACT, OK},
	{ANON, AD_ACCESS_USER_READ, false, ACME_MEMBER, ACT, NO},
	{ANON, AD_ACCESS_SELF, false, NOTHING, ACT, NO},
	{ANON, AD_ACCESS_OPERATOR, false, NOTHING, ACT, NO},
	/* support reads everything, changes nothing */
	{SUPPORT, AD_ACCESS_OPERATOR, false, NOTHING, ACT, OK},
	{SUPPORT, AD_ACCESS_USER_READ, false, GLOBEX_USER, ACT, OK},
	{SUPPORT, AD_ACCESS_AUDIT_READ, false, NOTHING, ACT, OK},
	{SUPPORT, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, ACT, NO},
	{SUPPORT, AD_ACCESS_OPERATOR, true, ACME_TENANT, ACT, NO},
	{SUPPORT, AD_ACCESS_SELF, false, NOTHING, ACT, NO},
	/* operators: everything, anywhere; a suspended tenant is read-only
	 * but for its lifecycle; one being deprovisioned is theirs */
	{OPER, AD_ACCESS_OPERATOR, true, ACME_TENANT, ACT, OK},
	{OPER, AD_ACCESS_USER_MANAGE, true, ACME_OWNER, ACT, OK},
	{OPER, AD_ACCESS_USER_MANAGE, true, GRANT_OWNER, ACT, OK},
	{OPER, AD_ACCESS_USER_MANAGE, true, NOBODY, ACT, OK},
	{OPER, AD_ACCESS_USER_READ, false, TOMBSTONE, ACT, OK},
	{OPER, AD_ACCESS_USER_READ, false, ACME_MEMBER, SUS, OK},
	{OPER, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, SUS, RO},
	{OPER, AD_ACCESS_GROUP_MANAGE, true, ACME_TENANT, SUS, RO},
	{OPER, AD_ACCESS_OPERATOR, true, ACME_TENANT, SUS, OK},
	{OPER, AD_ACCESS_OPERATOR, true, ACME_MEMBER, SUS, RO}, /* a user's */
	{OPER, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, DEP, OK},
	{OPER, AD_ACCESS_SELF, false, NOTHING, ACT, NO},
	/* a viewer reads its tenant and serves itself a little */
	{VIEWER, AD_ACCESS_USER_READ, false, NOTHING, ACT, OK},
	{VIEWER, AD_ACCESS_USER_READ, false, ACME_OWNER, ACT, OK},
	{VIEWER, AD_ACCESS_USER_READ, false, GLOBEX_USER, ACT, NO},
	{VIEWER, AD_ACCESS_SELF, true, NOTHING, ACT, OK},
	{VIEWER, AD_ACCESS_SELF_MANAGE, true, NOTHING, ACT, NO},
	{VIEWER, AD_ACCESS_USER_MANAGE, true, ACME_VIEWER, ACT, NO},
	{VIEWER, AD_ACCESS_AUDIT_READ, false, NOTHING, ACT, NO},
	/* a member manages only itself */
	{MEMBER, AD_ACCESS_SELF_MANAGE, true, NOTHING, ACT, OK},
	{MEMBER, AD_ACCESS_SELF, true, NOTHING, SUS, RO},
	{MEMBER, AD_ACCESS_SELF, false, NOTHING, SUS, OK},
	{MEMBER, AD_ACCESS_USER_MANAGE, true, ACME_VIEWER, ACT, NO},
	{MEMBER, AD_ACCESS_USER_INVITE, true, NOTHING, ACT, NO},
	{MEMBER, AD_ACCESS_GROUP_MANAGE, true, NOTHING, ACT, NO},
	{MEMBER, AD_ACCESS_TENANT_MANAGE, false, ACME_TENANT, ACT, NO},
	{MEMBER, AD_ACCESS_OPERATOR, false, NOTHING, ACT, NO},
	/* an admin runs its tenant, up to its own rank */
	{ADMIN, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, ACT, OK},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, ACME_ADMIN, ACT, OK},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, ACME_OWNER, ACT, NO},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, GRANT_OWNER, ACT, NO},
	{ADMIN, AD_ACCESS_USER_INVITE, true, NOTHING, ACT, OK},
	{ADMIN, AD_ACCESS_GROUP_MANAGE, true, ACME_TENANT, ACT, OK},
	{ADMIN, AD_ACCESS_TENANT_MANAGE, true, ACME_TENANT, ACT, OK},
	{ADMIN, AD_ACCESS_AUDIT_READ, false, NOTHING, ACT, OK},
	{ADMIN, AD_ACCESS_KEY_MANAGE, true, ACME_MEMBER, ACT, OK},
	{ADMIN, AD_ACCESS_KEY_MANAGE, true, ACME_OWNER, ACT, NO},
	{ADMIN, AD_ACCESS_KEY_MANAGE, true, GLOBEX_USER, ACT, NO},
	{ADMIN, AD_ACCESS_USAGE_RECORD, true, ACME_TENANT, ACT, OK},
	/* keys: one's own with self:manage, another's with key:issue */
	{MEMBER, AD_ACCESS_KEY_MANAGE, true, SELF_USER, ACT, OK},
	{MEMBER, AD_ACCESS_KEY_MANAGE, true, NOTHING, ACT, OK},
	{MEMBER, AD_ACCESS_KEY_MANAGE, false, SELF_USER, ACT, OK},
	{MEMBER, AD_ACCESS_KEY_MANAGE, true, ACME_VIEWER, ACT, NO},
	{MEMBER, AD_ACCESS_KEY_MANAGE, true, SELF_USER, SUS, RO},
	{VIEWER, AD_ACCESS_KEY_MANAGE, true, SELF_USER, ACT, NO},
	{MEMBER, AD_ACCESS_USAGE_RECORD, true, ACME_TENANT, ACT, NO},
	{OTHER_OWNER, AD_ACCESS_USAGE_RECORD, true, ACME_TENANT, ACT, NO},
	{ADMIN, AD_ACCESS_ROLE_MANAGE, true, NOTHING, ACT, NO},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, GLOBEX_USER, ACT, NO},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, NOBODY, ACT, NO},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, TOMBSTONE, ACT, NO},
	{ADMIN, AD_ACCESS_OPERATOR, true, ACME_TENANT, ACT, NO},
	/* ... and of a suspended tenant reads but changes nothing */
	{ADMIN, AD_ACCESS_USER_READ, false, ACME_MEMBER, SUS, OK},
	{ADMIN, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, SUS, RO},
	{ADMIN, AD_ACCESS_TENANT_MANAGE, true, ACME_TENANT, SUS, RO},
	/* an owner does all its tenant's business, owners included */
	{OWNER, AD_ACCESS_USER_MANAGE, true, ACME_OWNER, ACT, OK},
	{OWNER, AD_ACCESS_USER_MANAGE, true, GRANT_OWNER, ACT, OK},
	{OWNER, AD_ACCESS_ROLE_MANAGE, true, NOTHING, ACT, OK},
	{OWNER, AD_ACCESS_OPERATOR, false, NOTHING, ACT, NO},
	/* another tenant's owner: nothing of acme's */
	{OTHER_OWNER, AD_ACCESS_USER_READ, false, ACME_MEMBER, ACT, NO},
	{OTHER_OWNER, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, ACT, NO},
	{OTHER_OWNER, AD_ACCESS_TENANT_MANAGE, false, ACME_TENANT, ACT, NO},
	{OTHER_OWNER, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER, SUS, NO},
	{OTHER_OWNER, AD_ACCESS_GROUP_MANAGE, true, ACME_TENANT, ACT, NO},
};

START_TEST(test_table)
{
	const struct row *r = &rows[_i];
	struct ad_caller c = caller(r->who, r->tenant_status);
	struct ad_target t = target(r->what, r->tenant_status);
	struct ad_action a = {r->access, r->writes, "act"};
	char msg[AD_MSG_MAX];
	int got;

	if (r->what == SELF_USER)
		t.user_uid = c.uid;
	got = ad_check_permission(&c, &a, r->what == NOTHING ? NULL : &t, msg,
				  sizeof(msg));
	ck_assert_msg(got == r->want, "row %d: got %d (%s), want %d", _i, got,
		      msg, r->want);
	ck_assert_msg((got == OK) == (msg[0] == '\0'), "row %d: '%s'", _i, msg);
	if (got == NO)
		ck_assert_msg(strncmp(msg, "permission denied: act", 22) == 0,
			      "row %d: '%s'", _i, msg);
}
END_TEST

/* Another tenant's user, a name nobody has and a tombstone: one answer,
 * word for word, so that a refusal tells nothing of what exists. */
START_TEST(test_not_yours_reads_as_nobody)
{
	struct ad_caller c = caller(ADMIN, ACT);
	struct ad_action a = {AD_ACCESS_USER_MANAGE, true, "user-disable"};
	static const enum what hidden[] = {GLOBEX_USER, NOBODY, TOMBSTONE};
	char msg[AD_MSG_MAX];

	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		struct ad_target t = target(hidden[i], ACT);

		ck_assert_int_eq(
			ad_check_permission(&c, &a, &t, msg, sizeof(msg)), NO);
		ck_assert_str_eq(msg, "permission denied: user-disable 'bob': "
				      "not in your organization");
	}
	/* and a role short of the permission says so before any target */
	c = caller(MEMBER, ACT);
	ck_assert_int_eq(ad_check_permission(&c, &a, NULL, msg, sizeof(msg)),
			 NO);
	ck_assert_str_eq(msg, "permission denied: user-disable: your role "
			      "(member) does not grant user:manage");
}
END_TEST

START_TEST(test_messages)
{
	struct ad_caller c = caller(ADMIN, ACT);
	struct ad_action a = {AD_ACCESS_USER_MANAGE, true, "user-update"};
	struct ad_target t = target(ACME_OWNER, ACT);
	char msg[AD_MSG_MAX];

	ad_check_permission(&c, &a, &t, msg, sizeof(msg));
	ck_assert_str_eq(msg, "permission denied: user-update 'bob': your "
			      "role (admin) ranks below that user's");
	t = target(GRANT_OWNER, ACT);
	ad_check_permission(&c, &a, &t, msg, sizeof(msg));
	ck_assert_str_eq(msg, "permission denied: user-update 'bob': your "
			      "role (admin) may not grant a higher role");
	c = caller(SUPPORT, ACT);
	ad_check_permission(&c, &a, NULL, msg, sizeof(msg));
	ck_assert_str_eq(msg, "permission denied: user-update: support may "
			      "read but not change");
	c = caller(ADMIN, SUS);
	t = target(ACME_MEMBER, SUS);
	ad_check_permission(&c, &a, &t, msg, sizeof(msg));
	ck_assert_str_eq(msg, "tenant 'acme' is suspended: its directory is "
			      "read-only");
	/* a hostile name is printed, not obeyed */
	c = caller(ADMIN, ACT);
	t = target(NOBODY, ACT);
	t.name = "x\ny";
	ad_check_permission(&c, &a, &t, msg, sizeof(msg));
	ck_assert_str_eq(msg, "permission denied: user-update 'x?y': not in "
			      "your organization");
	/* an unknown class fails closed */
	a.access = (enum ad_access)0;
	c = caller(OPER, ACT);
	ck_assert_int_eq(ad_check_permission(&c, &a, NULL, msg, sizeof(msg)),
			 NO);
}
END_TEST

/* A caller acting with an API key of the user's, narrowed to scopes. */
static struct ad_caller keyed(enum who w, uint32_t scopes)
{
	struct ad_caller c = caller(w, ACT);

	c.api_key = true;
	c.scopes = scopes;
	return c;
}

static int check(const struct ad_caller *c, enum ad_access access, bool writes,
		 enum what what, char *msg, size_t len)
{
	struct ad_action a = {access, writes, "act"};
	struct ad_target t = target(what, ACT);

	if (what == SELF_USER)
		t.user_uid = c->uid;
	return ad_check_permission(c, &a, what == NOTHING ? NULL : &t, msg,
				   len);
}

START_TEST(test_api_key_scopes)
{
	struct ad_caller c = keyed(OWNER, ACCT_SCOPE_DIRECTORY_READ);
	char msg[AD_MSG_MAX];

	/* directory:read reads, and changes nothing */
	ck_assert_int_eq(check(&c, AD_ACCESS_USER_READ, false, ACME_MEMBER, msg,
			       sizeof(msg)),
			 OK);
	ck_assert_int_eq(check(&c, AD_ACCESS_USER_MANAGE, false, ACME_MEMBER,
			       msg, sizeof(msg)),
			 OK);
	ck_assert_int_eq(check(&c, AD_ACCESS_USER_MANAGE, true, ACME_MEMBER,
			       msg, sizeof(msg)),
			 NO);
	ck_assert_str_eq(msg, "permission denied: act 'bob': the API key's "
			      "scopes (directory:read) do not include "
			      "user:manage");
	/* nor the audit log, which has a scope of its own */
	ck_assert_int_eq(check(&c, AD_ACCESS_AUDIT_READ, false, NOTHING, msg,
			       sizeof(msg)),
			 NO);
	/* a scope is no permission: the owner's role still decides */
	c = keyed(MEMBER, ACCT_SCOPE__ALL);
	ck_assert_int_eq(check(&c, AD_ACCESS_USER_MANAGE, true, ACME_VIEWER,
			       msg, sizeof(msg)),
			 NO);
	ck_assert_str_eq(msg, "permission denied: act 'bob': your role "
			      "(member) does not grant user:manage");
	ck_assert_int_eq(check(&c, AD_ACCESS_KEY_MANAGE, true, SELF_USER, msg,
			       sizeof(msg)),
			 OK);
	/* key:manage for keys, usage:record for usage */
	c = keyed(ADMIN, ACCT_SCOPE_USER_MANAGE);
	ck_assert_int_eq(check(&c, AD_ACCESS_KEY_MANAGE, true, ACME_MEMBER, msg,
			       sizeof(msg)),
			 NO);
	ck_assert_int_eq(check(&c, AD_ACCESS_USAGE_RECORD, true, ACME_TENANT,
			       msg, sizeof(msg)),
			 NO);
	c = keyed(ADMIN, ACCT_SCOPE_KEY_MANAGE | ACCT_SCOPE_USAGE_RECORD);
	ck_assert_int_eq(check(&c, AD_ACCESS_KEY_MANAGE, true, ACME_MEMBER, msg,
			       sizeof(msg)),
			 OK);
	ck_assert_int_eq(check(&c, AD_ACCESS_KEY_MANAGE, false, ACME_MEMBER,
			       msg, sizeof(msg)),
			 OK);
	ck_assert_int_eq(check(&c, AD_ACCESS_USAGE_RECORD, true, ACME_TENANT,
			       msg, sizeof(msg)),
			 OK);
	/* no key acts through PAM requests; without scopes, nowhere */
	ck_assert_int_eq(
		check(&c, AD_ACCESS_PAM, false, NOTHING, msg, sizeof(msg)), NO);
	ck_assert_str_eq(msg, "permission denied: act: an API key does not "
			      "act here");
	c = keyed(OWNER, 0);
	ck_assert_int_eq(
		check(&c, AD_ACCESS_SELF, false, NOTHING, msg, sizeof(msg)),
		NO);
	ck_assert_str_eq(msg, "permission denied: act: the API key's scopes "
			      "(none) do not include "
			      "directory:read,self:manage");
	/* public lookups do not look at the caller at all */
	ck_assert_int_eq(
		check(&c, AD_ACCESS_PUBLIC, false, NOTHING, msg, sizeof(msg)),
		OK);
}
END_TEST

START_TEST(test_scope_names)
{
	char buf[256];

	ck_assert_str_eq(acct_scope_name(ACCT_SCOPE_DIRECTORY_READ),
			 "directory:read");
	ck_assert_str_eq(acct_scope_name(ACCT_SCOPE_LOGIN), "login");
	ck_assert_ptr_null(acct_scope_name(ACCT_SCOPE_LOGIN << 1));
	ck_assert_uint_eq(acct_scope_parse("budget:override", 15),
			  ACCT_SCOPE_BUDGET_OVERRIDE);
	ck_assert_uint_eq(acct_scope_parse("key:issue", 9), 0);
	acct_scope_format(ACCT_SCOPE_KEY_MANAGE | ACCT_SCOPE_LOGIN, buf,
			  sizeof(buf));
	ck_assert_str_eq(buf, "key:manage,login");
	ck_assert_str_eq(acct_perm_name(ACCT_PERM_USAGE_RECORD),
			 "usage:record");
}
END_TEST

START_TEST(test_names_and_roles)
{
	char buf[256];

	ck_assert_str_eq(acct_perm_name(ACCT_PERM_USER_READ), "user:read");
	ck_assert_str_eq(acct_perm_name(ACCT_PERM_SELF_MANAGE), "self:manage");
	ck_assert_ptr_null(
		acct_perm_name(ACCT_PERM_USER_READ | ACCT_PERM_KEY_ISSUE));
	ck_assert_ptr_null(acct_perm_name(0));
	ck_assert_uint_eq(acct_perm_parse("audit:read", 10),
			  ACCT_PERM_AUDIT_READ);
	ck_assert_uint_eq(acct_perm_parse("audit:rea", 9), 0);
	ck_assert_uint_eq(acct_perm_parse("AUDIT:READ", 10), 0);
	acct_perm_format(ACCT_PERM_USER_READ | ACCT_PERM_ROLE_MANAGE, buf,
			 sizeof(buf));
	ck_assert_str_eq(buf, "user:read,role:manage");
	acct_perm_format(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	/* the hierarchy, and what each built-in role holds */
	ck_assert_uint_gt(ad_role_rank(ACCT_ROLE_OWNER),
			  ad_role_rank(ACCT_ROLE_ADMIN));
	ck_assert_uint_gt(ad_role_rank(ACCT_ROLE_ADMIN),
			  ad_role_rank(ACCT_ROLE_MEMBER));
	ck_assert_uint_gt(ad_role_rank(ACCT_ROLE_MEMBER),
			  ad_role_rank(ACCT_ROLE_VIEWER));
	ck_assert_uint_eq(ad_role_rank(0), 0);
	ck_assert_uint_eq(ad_role_perms(ACCT_ROLE_OWNER), ACCT_PERM__ALL);
	ck_assert_uint_eq(
		ad_role_perms(ACCT_ROLE_ADMIN) & ACCT_PERM_ROLE_MANAGE, 0);
	ck_assert_uint_eq(ad_role_perms(ACCT_ROLE_VIEWER), ACCT_PERM_USER_READ);
	ck_assert_uint_eq(ad_role_perms(99), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("permission");
	TCase *tc = tcase_create("check");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_table, 0,
			    (int)(sizeof(rows) / sizeof(rows[0])));
	tcase_add_test(tc, test_not_yours_reads_as_nobody);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_names_and_roles);
	tcase_add_test(tc, test_api_key_scopes);
	tcase_add_test(tc, test_scope_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
