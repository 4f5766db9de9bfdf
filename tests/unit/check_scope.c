/*
 * check_scope.c - who may do what, through ad_dispatch and the real
 * table of operations: a tenant's admin runs its own tenant and is
 * refused every other, in words that do not say what exists there;
 * members, viewers, support, the operator group and root each get their
 * share, and every refusal is audited.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct_ops.h"
#include "daemon_testlib.h"
#include "ops/table.h"

static struct dt T;
static uint32_t ann, adam, mia, vic, gus;
/* an API key of globex's gina, by its prefix (issue 9) */
static char gina_key[32];

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	vic = dt_user(&T, "vic", "acme", ACCT_ROLE_VIEWER);
	gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	dt_user(&T, "gina", "globex", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "globex"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_NAME, "gina"),
				 DT_S(ACCT_T_SCOPE, "directory:read"), DT_END),
			 ACCT_ST_OK);
	snprintf(gina_key, sizeof(gina_key), "%s",
		 dt_rec_str(&T, ACCT_T_APIKEY_REC, ACCT_T_KEY_PREFIX));
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* Call op as uid naming globex's things (real) or things nobody has
 * (real false), the way the row's target column reads them. */
static int call_naming(uint32_t uid, uint16_t op, enum ad_target_ref ref,
		       bool real)
{
	switch (ref) {
	case AD_REF_USER:
		return dt_call(&T, uid, op,
			       DT_S(ACCT_T_NAME, real ? "gina" : "nosuch"),
			       DT_S(ACCT_T_STATUS_REASON, "x"), DT_END);
	case AD_REF_TENANT:
		return dt_call(&T, uid, op,
			       DT_S(ACCT_T_NAME, real ? "globex" : "nosuch"),
			       DT_S(ACCT_T_STATUS_REASON, "x"), DT_END);
	case AD_REF_IN_TENANT:
		return dt_call(&T, uid, op,
			       DT_S(ACCT_T_TENANT, real ? "globex" : "nosuch"),
			       DT_S(ACCT_T_NAME, "newbie"), DT_END);
	case AD_REF_GROUP:
		return dt_call(
			&T, uid, op,
			DT_S(ACCT_T_NAME, real ? "globex-dev" : "nosuch-dev"),
			DT_END);
	case AD_REF_GROUP_MEMBER:
		return dt_call(
			&T, uid, op,
			DT_S(ACCT_T_NAME, real ? "globex-dev" : "nosuch-dev"),
			DT_S(ACCT_T_MEMBER, "mia"), DT_END);
	case AD_REF_KEY:
		return dt_call(&T, uid, op,
			       DT_S(ACCT_T_KEY_PREFIX,
				    real ? gina_key : "acd_key_aaaaaaaaaaaa"),
			       DT_END);
	default:
		return -1;
	}
}

/* msg with the first quoted name taken out, to compare two refusals
 * that name different things. */
static void unnamed(const char *msg, char *out, size_t size)
{
	const char *q = strchr(msg, '\''), *e = q ? strchr(q + 1, '\'') : NULL;

	if (q == NULL || e == NULL)
		snprintf(out, size, "%s", msg);
	else
		snprintf(out, size, "%.*s''%s", (int)(q - msg), msg, e + 1);
}

/* The cross-tenant suite: every verb an admin of acme aims at globex is
 * refused and audited, and reads the same as one aimed at nothing. */
START_TEST(test_admin_refused_every_other_tenant)
{
	static struct dt_audit_list l;
	uint32_t users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	uint32_t groups = dt_count_of(&T, ACCT_T_COUNT_GROUPS);
	size_t tried = 0, denied_before, denied_after = 0;

	dt_audit_read(&T, &l);
	denied_before = l.n;
	for (uint32_t i = 0; i <= UINT16_MAX; i++) {
		const struct ad_op *op = ad_op_find((uint16_t)i);
		char real[AD_MSG_MAX + 1], none[AD_MSG_MAX + 1];

		if (op == NULL || op->access == AD_ACCESS_PUBLIC ||
		    op->access == AD_ACCESS_PAM ||
		    op->access == AD_ACCESS_SELF ||
		    op->access == AD_ACCESS_SELF_MANAGE ||
		    call_naming(adam, (uint16_t)i, op->target, true) < 0)
			continue;
		tried++;
		ck_assert_msg(T.status == ACCT_ST_DENIED, "%s: %d %s",
			      acct_op_name((uint16_t)i), T.status, T.msg);
		unnamed(T.msg, real, sizeof(real));
		call_naming(adam, (uint16_t)i, op->target, false);
		ck_assert_msg(T.status == ACCT_ST_DENIED, "%s: %d %s",
			      acct_op_name((uint16_t)i), T.status, T.msg);
		unnamed(T.msg, none, sizeof(none));
		ck_assert_str_eq(real, none);
	}
	ck_assert_uint_ge(tried, 15);
	/* every refusal was recorded, as adam's */
	dt_audit_read(&T, &l);
	for (size_t k = denied_before; k < l.n; k++) {
		ck_assert_uint_eq(l.rec[k].result, ACCT_ST_DENIED);
		ck_assert_str_eq(l.rec[k].actor, "adam");
		denied_after++;
	}
	ck_assert_uint_eq(denied_after, 2 * tried);
	/* and nothing of globex changed */
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_GROUPS), groups);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "gina"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_ACTIVE);
}
END_TEST

/* Within its own tenant an admin works without naming it. */
START_TEST(test_admin_runs_own_tenant)
{
	static struct dt_audit_list l;

	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "newbie"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_TENANT), "acme");
	/* and the record says in which tenant, as if it had been named */
	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 1].actor, "adam");
	ck_assert_str_eq(l.rec[l.n - 1].tenant, "acme");
	/* lists are of acme only */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 5);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_GROUP_LIST, DT_END),
			 ACCT_ST_OK);
	for (int k = 0; k < dt_count(T.rep.data, T.rep.len, ACCT_T_GROUP);
	     k++) {
		struct acct_field g =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, k);

		ck_assert_str_eq(dt_str(g.val, g.len, ACCT_T_TENANT), "acme");
	}
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "mia"), DT_END),
			 ACCT_ST_OK);
	/* another tenant's user into its own group: refused, unrevealed */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "gina"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: group-add-member 'gina': "
				"not in your organization");
	/* but not an owner, nor make one */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_OK);
	/* its tenant, without the operators' notes */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid invoice"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_TENANT_SHOW, DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_NAME),
			 "acme");
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_TENANT_REC), 1);
	{
		struct acct_field r =
			dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
		struct acct_field f;

		ck_assert_int_ne(
			acct_find(r.val, r.len, ACCT_T_STATUS_REASON, &f), 1);
	}
	/* suspended: it reads, it changes nothing */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant 'acme' is suspended: its directory is "
				"read-only");
}
END_TEST

START_TEST(test_member_and_viewer)
{
	/* both read their tenant ... */
	ck_assert_int_eq(dt_call(&T, vic, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_OK);
	/* ... and manage nobody */
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-deactivate: your role "
				"(member) does not grant user:manage");
	/* disable and enable are the platform's lock, even for an admin */
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-enable: only "
				"platform operators may do this");
	ck_assert_int_eq(dt_call(&T, vic, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_NAME, "x"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_TENANT_SHOW, DT_END),
			 ACCT_ST_DENIED);
	/* nor read another tenant */
	ck_assert_int_eq(dt_call(&T, vic, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "gina"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, gus, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

/* The operator group does what root does, as itself; support reads. */
START_TEST(test_platform_groups)
{
	static struct dt_audit_list l;

	dt_write_file(T.passwd, "root:x:0:0:root:/root:/bin/sh\n"
				"olivia:x:1500:1500::/home/olivia:/bin/sh\n"
				"sam:x:1501:1501::/home/sam:/bin/sh\n");
	T.platform = AD_PLATFORM_OPERATOR;
	ck_assert_int_eq(dt_call(&T, 1500, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "gina"),
				 DT_S(ACCT_T_STATUS_REASON, "left"), DT_END),
			 ACCT_ST_OK);
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(dt_call(&T, 1501, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "gina"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 1501, ACCT_OP_TENANT_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 1501, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "gina"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-enable: support may "
				"read but not change");
	/* without the group the same uid is nobody */
	T.platform = 0;
	ck_assert_int_eq(dt_call(&T, 1500, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "gina"), DT_END),
			 ACCT_ST_DENIED);
	/* root under sudo: the human is written beside root */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "gina"),
				 DT_S(ACCT_T_SUDO_USER, "alice"), DT_END),
			 ACCT_ST_OK);
	/* ... when it is a plausible name, and never for anyone else */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "gina"),
				 DT_S(ACCT_T_SUDO_USER, "a b"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_S(ACCT_T_SUDO_USER, "root"), DT_END),
			 ACCT_ST_OK);
	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 5].actor, "olivia");
	ck_assert_str_eq(l.rec[l.n - 5].action, "user-disable");
	ck_assert_str_eq(l.rec[l.n - 4].actor, "sam");
	ck_assert_uint_eq(l.rec[l.n - 4].result, ACCT_ST_DENIED);
	/* a read refused is recorded too */
	ck_assert_str_eq(l.rec[l.n - 3].actor, "uid 1500");
	ck_assert_str_eq(l.rec[l.n - 2].actor, "root (sudo by alice)");
	ck_assert_str_eq(l.rec[l.n - 1].actor, "adam");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scope");
	TCase *tc = tcase_create("permissions");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_admin_refused_every_other_tenant);
	tcase_add_test(tc, test_admin_runs_own_tenant);
	tcase_add_test(tc, test_member_and_viewer);
	tcase_add_test(tc, test_platform_groups);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
