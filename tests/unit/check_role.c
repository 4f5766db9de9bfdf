/*
 * check_role.c - a tenant's custom roles through ad_dispatch: defining
 * them, what a user holding one may do, the hierarchy and escalation
 * rules, and every refusal changing nothing.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"

static struct dt T;
static uint32_t ann, adam, mia, vic;

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	vic = dt_user(&T, "vic", "acme", ACCT_ROLE_VIEWER);
	dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int create(uint32_t uid, const char *name, unsigned rank, const char *p1,
		  const char *p2)
{
	if (p2 != NULL)
		return dt_call(&T, uid, ACCT_OP_ROLE_CREATE,
			       DT_S(ACCT_T_NAME, name), DT_U(ACCT_T_RANK, rank),
			       DT_S(ACCT_T_PERMISSION, p1),
			       DT_S(ACCT_T_PERMISSION, p2), DT_END);
	return dt_call(&T, uid, ACCT_OP_ROLE_CREATE, DT_S(ACCT_T_NAME, name),
		       DT_U(ACCT_T_RANK, rank), DT_S(ACCT_T_PERMISSION, p1),
		       DT_END);
}

static int give(uint32_t uid, const char *login, const char *role)
{
	return dt_call(&T, uid, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_ROLE_NAME, role), DT_END);
}

static int perm(uint16_t op, const char *role, const char *p)
{
	return dt_call(&T, ann, op, DT_S(ACCT_T_NAME, role),
		       DT_S(ACCT_T_PERMISSION, p), DT_END);
}

START_TEST(test_define_and_list)
{
	ck_assert_int_eq(create(ann, "auditor", 15, "audit:read", "user:read"),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_ROLE_REC, ACCT_T_TENANT),
			 "acme");
	ck_assert_uint_ge(dt_rec_u32(&T, ACCT_T_ROLE_REC, ACCT_T_ROLE),
			  AD_ROLE_CUSTOM_MIN);
	/* the list: the four built-in roles, then acme's own */
	ck_assert_int_eq(dt_call(&T, vic, ACCT_OP_ROLE_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_ROLE_REC), 5);
	{
		struct acct_field r =
			dt_field(T.rep.data, T.rep.len, ACCT_T_ROLE_REC, 4);

		ck_assert_str_eq(dt_str(r.val, r.len, ACCT_T_NAME), "auditor");
		ck_assert_uint_eq(dt_u32(r.val, r.len, ACCT_T_RANK), 15);
		ck_assert_int_eq(dt_count(r.val, r.len, ACCT_T_PERMISSION), 2);
	}
	/* globex sees none of it */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ROLE_LIST,
				 DT_S(ACCT_T_TENANT, "globex"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_ROLE_REC), 4);
	ck_assert_int_eq(dt_call(&T, vic, ACCT_OP_ROLE_SHOW,
				 DT_S(ACCT_T_NAME, "admin"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_ROLE_REC, ACCT_T_BUILTIN), 1);
}
END_TEST

/* Bad definitions change nothing, each with its own words. */
START_TEST(test_bad_definitions)
{
	ck_assert_int_eq(create(ann, "auditor", 15, "audit:write", NULL),
			 ACCT_ST_INVALID);
	ck_assert_msg(strstr(T.msg, "unknown permission 'audit:write'") != NULL,
		      "%s", T.msg);
	ck_assert_int_eq(create(ann, "admin", 15, "user:read", NULL),
			 ACCT_ST_EXISTS);
	ck_assert_int_eq(create(ann, "Bad Name", 15, "user:read", NULL),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(create(0, "x", 40, "user:read", NULL),
			 ACCT_ST_BADREQ); /* root must name the tenant */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ROLE_CREATE,
				 DT_S(ACCT_T_NAME, "x"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_U(ACCT_T_RANK, 40), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_msg(strstr(T.msg, "a custom role ranks 1-39") != NULL, "%s",
		      T.msg);
	/* an owner makes nothing above itself */
	ck_assert_int_eq(create(ann, "boss", 41, "user:read", NULL),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(create(ann, "auditor", 15, "audit:read", NULL),
			 ACCT_ST_OK);
	ck_assert_int_eq(create(ann, "auditor", 15, "audit:read", NULL),
			 ACCT_ST_EXISTS);
	/* an admin has no role:manage */
	ck_assert_int_eq(create(adam, "helper", 5, "user:read", NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: role-create: your role "
				"(admin) does not grant role:manage");
	/* built-in roles are nobody's to change */
	ck_assert_int_eq(perm(ACCT_OP_ROLE_GRANT, "member", "user:manage"),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ROLE_LIST,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_ROLE_REC), 5);
}
END_TEST

/* A user holding a custom role may do what it grants, within its rank. */
START_TEST(test_holding_a_role)
{
	ck_assert_int_eq(create(ann, "auditor", 15, "audit:read", "user:read"),
			 ACCT_ST_OK);
	ck_assert_int_eq(give(ann, "mia", "auditor"), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_ROLE_NAME),
			 "auditor");
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-deactivate: your role "
				"(auditor) does not grant user:manage");
	/* granted user:manage: a viewer (10) yes, an admin (30) no */
	ck_assert_int_eq(perm(ACCT_OP_ROLE_GRANT, "auditor", "user:manage"),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "adam"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg,
			 "permission denied: user-deactivate 'adam': your "
			 "role (auditor) ranks below that user's");
	/* nor may it hand out a role above its own */
	ck_assert_int_eq(give(mia, "vic", "admin"), ACCT_ST_DENIED);
	/* revoked, it is gone at the next request */
	ck_assert_int_eq(perm(ACCT_OP_ROLE_REVOKE, "auditor", "user:manage"),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_REACTIVATE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_DENIED);
	/* an admin (30) manages a holder of a rank-15 role */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	/* a role of acme is not globex's to give */
	ck_assert_int_eq(give(0, "gus", "auditor"), ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "no role 'auditor' in tenant 'globex'");
	/* held, it is not deleted; released, it is */
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_ROLE_DELETE,
				 DT_S(ACCT_T_NAME, "auditor"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(give(ann, "mia", "member"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_ROLE_DELETE,
				 DT_S(ACCT_T_NAME, "auditor"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(give(ann, "mia", "auditor"), ACCT_ST_INVALID);
}
END_TEST

/* A role holder with role:manage makes no role beyond its own. */
START_TEST(test_no_escalation)
{
	ck_assert_int_eq(create(ann, "lead", 25, "role:manage", "user:read"),
			 ACCT_ST_OK);
	ck_assert_int_eq(give(ann, "mia", "lead"), ACCT_ST_OK);
	ck_assert_int_eq(create(mia, "helper", 20, "user:read", NULL),
			 ACCT_ST_OK);
	ck_assert_int_eq(create(mia, "boss", 30, "user:read", NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg,
			 "permission denied: role-create 'boss': your "
			 "role (lead) may not make a role above its own");
	ck_assert_int_eq(create(mia, "wider", 20, "user:manage", NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: role-create 'wider': your "
				"role (lead) does not hold user:manage");
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_ROLE_GRANT,
				 DT_S(ACCT_T_NAME, "helper"),
				 DT_S(ACCT_T_PERMISSION, "tenant:manage"),
				 DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("role");
	TCase *tc = tcase_create("custom");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_define_and_list);
	tcase_add_test(tc, test_bad_definitions);
	tcase_add_test(tc, test_holding_a_role);
	tcase_add_test(tc, test_no_escalation);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
