/*
 * check_deactivate.c - USER_DEACTIVATE and USER_REACTIVATE through
 * ad_dispatch on a temporary store: a tenant's admin deactivates and
 * reactivates its users; a deactivated user cannot log in; reactivate
 * undoes a deactivation and nothing else; each refusal changes nothing
 * and is audited.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"

static struct dt T;
static uint32_t ann, adam, mia;

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	dt_user(&T, "vic", "acme", ACCT_ROLE_VIEWER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int deactivate(uid_t uid, const char *login, const char *reason)
{
	if (reason == NULL)
		return dt_call(&T, uid, ACCT_OP_USER_DEACTIVATE,
			       DT_S(ACCT_T_NAME, login), DT_END);
	return dt_call(&T, uid, ACCT_OP_USER_DEACTIVATE,
		       DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_STATUS_REASON, reason), DT_END);
}

static int reactivate(uid_t uid, const char *login)
{
	return dt_call(&T, uid, ACCT_OP_USER_REACTIVATE,
		       DT_S(ACCT_T_NAME, login), DT_END);
}

/* The user's record as operators see it (a copy). */
static struct acct_buf shown(const char *login)
{
	struct acct_buf b;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_buf_append(&b, T.rep.data, T.rep.len);
	return b;
}

static void assert_unchanged(const char *login, struct acct_buf *before)
{
	struct acct_buf now = shown(login);

	ck_assert_uint_eq(now.len, before->len);
	ck_assert_msg(memcmp(now.data, before->data, now.len) == 0,
		      "%s changed after a refusal", login);
	acct_buf_free(&now);
	acct_buf_free(before);
}

static uint32_t status_of(const char *login)
{
	struct acct_buf b = shown(login);

	acct_buf_free(&b);
	return dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS);
}

/* Has the USER rec of the last reply a DEACTIVATED_AT? */
static bool marked(void)
{
	struct acct_field f = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);

	return dt_count(f.val, f.len, ACCT_T_DEACTIVATED_AT) == 1;
}

/* The PAM account phase's verdict for login. */
static uint32_t may_log_in(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

/* The last audit record of action. */
static const struct dt_audit *last_of(struct dt_audit_list *l,
				      const char *action)
{
	dt_audit_read(&T, l);
	for (size_t k = l->n; k > 0; k--)
		if (strcmp(l->rec[k - 1].action, action) == 0)
			return &l->rec[k - 1];
	ck_abort_msg("no %s record", action);
	return NULL;
}

START_TEST(test_admin_deactivates_and_reactivates)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(deactivate(adam, "mia", "on leave"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DISABLED);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_STATUS_REASON),
			 "on leave");
	ck_assert(marked());
	ck_assert_uint_eq(may_log_in("mia"), ACCT_PAM_DISABLED);
	/* still resolves: its files keep their owner */
	ck_assert_int_eq(dt_call(&T, 1000, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, mia), DT_END),
			 ACCT_ST_OK);
	a = last_of(&l, "user-deactivate");
	ck_assert_str_eq(a->target, "mia");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "adam");
	ck_assert_str_eq(a->reason, "on leave");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	/* kept across a restart */
	dt_reopen(&T);
	ck_assert_uint_eq(status_of("mia"), ACCT_USER_DISABLED);
	ck_assert(marked());

	ck_assert_int_eq(reactivate(adam, "mia"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_ACTIVE);
	ck_assert(!marked());
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);

		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_STATUS_REASON),
				 0);
	}
	ck_assert_uint_eq(may_log_in("mia"), ACCT_PAM_OK);
	a = last_of(&l, "user-reactivate");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	/* operators may too, and without a reason */
	ck_assert_int_eq(deactivate(0, "vic", NULL), ACCT_ST_OK);
	ck_assert_int_eq(reactivate(0, "vic"), ACCT_ST_OK);
}
END_TEST

/* Reactivate undoes a deactivation, not another kind of disable. */
START_TEST(test_reactivate_only_deactivated)
{
	struct acct_buf before;

	/* active */
	before = shown("mia");
	ck_assert_int_eq(reactivate(adam, "mia"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'mia' is not deactivated: only a "
				"deactivated user can be reactivated");
	assert_unchanged("mia", &before);
	/* disabled (by an operator, for its own reason) */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_S(ACCT_T_STATUS_REASON, "fraud"), DT_END),
			 ACCT_ST_OK);
	before = shown("mia");
	ck_assert_int_eq(reactivate(adam, "mia"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'mia' was disabled, not deactivated: "
				"only a deactivated user can be reactivated");
	assert_unchanged("mia", &before);
	/* ... and a disabled user is not deactivated over it */
	ck_assert_int_eq(deactivate(adam, "mia", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'mia' is disabled, not active: only an "
				"active user can be deactivated");
	ck_assert_int_eq(reactivate(adam, "mia"), ACCT_ST_CONFLICT);
	/* a disable after a deactivation takes the mark away */
	ck_assert_int_eq(deactivate(adam, "vic", NULL), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!marked());
	ck_assert_int_eq(reactivate(adam, "vic"), ACCT_ST_CONFLICT);
	/* an enable does too */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!marked());
	ck_assert_int_eq(deactivate(adam, "vic", NULL), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!marked());
	ck_assert_int_eq(reactivate(adam, "vic"), ACCT_ST_CONFLICT);
	/* deleted */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "vic"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(reactivate(0, "vic"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'vic' is deleted");
	ck_assert_int_eq(deactivate(0, "vic", NULL), ACCT_ST_CONFLICT);
}
END_TEST

START_TEST(test_deactivate_refused)
{
	static struct dt_audit_list l;
	struct acct_buf before;
	uint32_t ada;

	/* oneself */
	before = shown("adam");
	ck_assert_int_eq(deactivate(adam, "adam", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "you cannot deactivate your own account");
	assert_unchanged("adam", &before);
	/* the last active owner, even by an operator */
	before = shown("ann");
	ck_assert_int_eq(deactivate(0, "ann", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "'ann' is the last active owner of tenant "
				"'acme'");
	assert_unchanged("ann", &before);
	/* the last active admin */
	before = shown("adam");
	ck_assert_int_eq(deactivate(ann, "adam", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "'adam' is the last active admin of tenant "
				"'acme'");
	assert_unchanged("adam", &before);
	/* an admin never acts on an owner */
	ck_assert_int_eq(deactivate(adam, "ann", NULL), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-deactivate 'ann': "
				"your role (admin) ranks below that user's");
	/* nor a member on anyone */
	ck_assert_int_eq(deactivate(mia, "vic", NULL), ACCT_ST_DENIED);
	/* a second deactivation, a bad reason, nobody */
	ck_assert_int_eq(deactivate(adam, "vic", NULL), ACCT_ST_OK);
	ck_assert_int_eq(deactivate(adam, "vic", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'vic' is already deactivated");
	ck_assert_int_eq(deactivate(0, "mia", "a:b"), ACCT_ST_INVALID);
	ck_assert_int_eq(deactivate(0, "nosuch", NULL), ACCT_ST_NOTFOUND);
	ck_assert_uint_eq(status_of("mia"), ACCT_USER_ACTIVE);
	/* with a second owner and a second admin, either may go */
	dt_user(&T, "amy", "acme", ACCT_ROLE_OWNER);
	ada = dt_user(&T, "ada", "acme", ACCT_ROLE_ADMIN);
	ck_assert_int_eq(deactivate(ann, "adam", NULL), ACCT_ST_OK);
	ck_assert_int_eq(deactivate(0, "ann", NULL), ACCT_ST_OK);
	/* ... but not the one left of each */
	ck_assert_int_eq(deactivate(0, "amy", NULL), ACCT_ST_CONFLICT);
	ck_assert_int_eq(deactivate(0, "ada", NULL), ACCT_ST_CONFLICT);
	ck_assert_uint_ne(ada, 0);
	/* every refusal is in the log */
	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 1].action, "user-deactivate");
	ck_assert_uint_eq(l.rec[l.n - 1].result, ACCT_ST_CONFLICT);
	ck_assert_str_eq(l.rec[l.n - 1].message,
			 "'ada' is the last active admin of tenant 'acme'");
}
END_TEST

/* A suspended tenant's admins read, and deactivate nobody. */
START_TEST(test_suspended_tenant)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(deactivate(adam, "mia", NULL), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant 'acme' is suspended: its directory is "
				"read-only");
	ck_assert_uint_eq(status_of("mia"), ACCT_USER_ACTIVE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("deactivate");
	TCase *tc = tcase_create("users");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_admin_deactivates_and_reactivates);
	tcase_add_test(tc, test_reactivate_only_deactivated);
	tcase_add_test(tc, test_deactivate_refused);
	tcase_add_test(tc, test_suspended_tenant);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
