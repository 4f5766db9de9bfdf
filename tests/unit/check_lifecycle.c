/*
 * check_lifecycle.c - tenant lifecycle, user disable/enable, the PAM
 * account phase (ACCT_MGMT) and the audit chain, driven through
 * ad_dispatch with encoded requests on a temporary store.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/audit.h"
#include "daemon_testlib.h"
#include "ops/dispatch.h"
#include "ops/handlers.h"
#include "policy/user.h"
#include "store/lifecycle.h"
#include "store/priv.h"

#define NOBODY 1000 /* an ordinary caller, no directory user */

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- helpers ---- */

static int tenant_op(uint16_t op, const char *slug, const char *reason)
{
	if (reason == NULL)
		return dt_call(&T, 0, op, DT_S(ACCT_T_NAME, slug), DT_END);
	return dt_call(&T, 0, op, DT_S(ACCT_T_NAME, slug),
		       DT_S(ACCT_T_STATUS_REASON, reason), DT_END);
}

static uint32_t tenant_status(const char *slug)
{
	dt_call(&T, 0, ACCT_OP_TENANT_SHOW, DT_S(ACCT_T_NAME, slug), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	return dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS);
}

static uint32_t user_status(const char *login)
{
	dt_call(&T, 0, ACCT_OP_USER_SHOW, DT_S(ACCT_T_NAME, login), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	return dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS);
}

/* A copy of the SHOW reply for name: compared before and after a refusal
 * to prove that nothing changed. */
static char *snapshot(uint16_t op, const char *name, size_t *len)
{
	char *copy;

	dt_call(&T, 0, op, DT_S(ACCT_T_NAME, name), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	copy = malloc(T.rep.len);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, T.rep.data, T.rep.len);
	*len = T.rep.len;
	return copy;
}

static void assert_unchanged(uint16_t op, const char *name, char *before,
			     size_t len)
{
	struct acct_buf saved = T.rep;

	acct_buf_init(&T.rep, ACCT_MAX_REPLY);
	dt_call(&T, 0, op, DT_S(ACCT_T_NAME, name), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	ck_assert_uint_eq(T.rep.len, len);
	ck_assert_msg(memcmp(T.rep.data, before, len) == 0,
		      "%s changed after a refusal", name);
	acct_buf_free(&T.rep);
	T.rep = saved;
	free(before);
}

/* Put tenant slug into status (1..4) by the allowed transitions. */
static void reach(const char *slug, uint32_t status)
{
	if (status == ACCT_TENANT_SUSPENDED)
		tenant_op(ACCT_OP_TENANT_SUSPEND, slug, "unpaid");
	if (status >= ACCT_TENANT_DEPROVISIONING)
		tenant_op(ACCT_OP_TENANT_DEPROVISION, slug, "contract ended");
	if (status == ACCT_TENANT_DEPROVISIONED)
		tenant_op(ACCT_OP_TENANT_FINALIZE, slug, NULL);
	ck_assert_uint_eq(tenant_status(slug), status);
}

/* ACCT_MGMT for login as uid: the wire status; *res the verdict. */
static int acct_mgmt(uid_t uid, const char *login, uint32_t *res)
{
	dt_call(&T, uid, ACCT_OP_ACCT_MGMT, DT_S(ACCT_T_NAME, login),
		DT_S(ACCT_T_SERVICE, "sshd"), DT_S(ACCT_T_RHOST, "192.0.2.1"),
		DT_END);
	*res = 99;
	if (T.status == ACCT_ST_OK)
		*res = dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
	return T.status;
}

/* ---- audit records, as a test sees them ---- */

static uint64_t audit_verified(void)
{
	struct ad_err err = {0, ""};
	uint64_t n = 0;

	ck_assert_msg(ad_audit_verify(T.st, &n, &err) == ACCT_ST_OK, "%s",
		      err.msg);
	return n;
}

/* ---- tenant lifecycle ---- */

START_TEST(test_suspend_reactivate)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", NULL),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: reason");
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", ""),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "a reason is required to suspend a tenant");
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "a:b"),
			 ACCT_ST_INVALID);
	ck_assert_uint_eq(tenant_status("acme"), ACCT_TENANT_ACTIVE);

	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "unpaid"),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			  ACCT_TENANT_SUSPENDED);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"unpaid");
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_UPDATED_BY),
		"root");
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);

		ck_assert_uint_gt(dt_u64(f.val, f.len, ACCT_T_SUSPENDED_AT), 0);
		ck_assert_uint_eq(
			dt_u64(f.val, f.len, ACCT_T_SUSPENDED_AT),
			dt_u64(f.val, f.len, ACCT_T_STATUS_UPDATED_AT));
		ck_assert_int_eq(
			dt_count(f.val, f.len, ACCT_T_DEPROVISIONED_AT), 0);
	}
	/* TENANT_SHOW and a reopened store say the same */
	dt_reopen(&T);
	ck_assert_uint_eq(tenant_status("acme"), ACCT_TENANT_SUSPENDED);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"unpaid");

	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", NULL),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			  ACCT_TENANT_ACTIVE);
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);

		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_SUSPENDED_AT),
				 0);
		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_STATUS_REASON),
				 0);
	}
	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "again");
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", "paid"),
			 ACCT_ST_OK);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"paid");

	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_SUSPEND, "nope", "x"),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no tenant 'nope'");
}
END_TEST

static const uint16_t tenant_ops[] = {
	ACCT_OP_TENANT_SUSPEND, ACCT_OP_TENANT_REACTIVATE,
	ACCT_OP_TENANT_DEPROVISION, ACCT_OP_TENANT_FINALIZE};

/* [from - 1][op]: the status reached, or 0 when refused. */
static const uint32_t reached[4][4] = {
	{ACCT_TENANT_SUSPENDED, 0, ACCT_TENANT_DEPROVISIONING, 0},
	{0, ACCT_TENANT_ACTIVE, ACCT_TENANT_DEPROVISIONING, 0},
	{0, 0, 0, ACCT_TENANT_DEPROVISIONED},
	{0, 0, 0, 0},
};

/* Every status x every operation: allowed ones land where they should,
 * refused ones are CONFLICT and leave the record byte for byte alone. */
START_TEST(test_every_transition)
{
	uint32_t from = (uint32_t)_i / 4 + 1;
	size_t k = (size_t)_i % 4;
	uint16_t op = tenant_ops[k];
	char *before;
	size_t len;
	int rc;

	dt_tenant(&T, "acme");
	reach("acme", from);
	before = snapshot(ACCT_OP_TENANT_SHOW, "acme", &len);
	rc = tenant_op(op, "acme",
		       op == ACCT_OP_TENANT_FINALIZE ? NULL : "why");
	if (reached[from - 1][k] != 0) {
		free(before);
		ck_assert_msg(rc == ACCT_ST_OK, "from %u op %u: %d %s", from,
			      op, rc, T.msg);
		ck_assert_uint_eq(
			dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			reached[from - 1][k]);
		ck_assert_uint_eq(tenant_status("acme"), reached[from - 1][k]);
	} else {
		ck_assert_msg(rc == ACCT_ST_CONFLICT, "from %u op %u: %d", from,
			      op, rc);
		ck_assert_msg(strncmp(T.msg, "tenant acme is ", 15) == 0, "%s",
			      T.msg);
		assert_unchanged(ACCT_OP_TENANT_SHOW, "acme", before, len);
	}
}
END_TEST

START_TEST(test_refusal_messages)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_FINALIZE, "acme", NULL),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant acme is active; deprovision it first");
	reach("acme", ACCT_TENANT_DEPROVISIONING);
	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", NULL),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant acme is being deprovisioned and cannot "
				"be reactivated");
	/* a tenant on its way out takes no new users */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "zed"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
}
END_TEST

START_TEST(test_deprovision_then_finalize_hides_everything)
{
	uint32_t uid, gid, admin_gid;
	struct acct_field f;

	dt_tenant(&T, "acme");
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
	gid = dt_u32(f.val, f.len, ACCT_T_GID);
	admin_gid = dt_u32(f.val, f.len, ACCT_T_ADMIN_GID);
	uid = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_tenant(&T, "other");
	dt_user(&T, "olga", "other", ACCT_ROLE_OWNER);

	ck_assert_int_eq(
		tenant_op(ACCT_OP_TENANT_DEPROVISION, "acme", "contract ended"),
		ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
	ck_assert_uint_gt(dt_u64(f.val, f.len, ACCT_T_DEPROVISIONED_AT), 0);
	/* deprovisioning: still resolves (files keep their owner) */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);

	ck_assert_int_eq(tenant_op(ACCT_OP_TENANT_FINALIZE, "acme", NULL),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			  ACCT_TENANT_DEPROVISIONED);
	/* finalize keeps the reason deprovision gave */
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"contract ended");

	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, uid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYGID,
				 DT_U(ACCT_T_GID, gid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYGID,
				 DT_U(ACCT_T_GID, admin_gid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* the other tenant is untouched */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "olga"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "other"), DT_END),
			 ACCT_ST_OK);
	/* and its record stays for the operator */
	ck_assert_uint_eq(tenant_status("acme"), ACCT_TENANT_DEPROVISIONED);
}
END_TEST

START_TEST(test_non_root_denied)
{
	static const uint16_t ops[] = {
		ACCT_OP_TENANT_SUSPEND,	    ACCT_OP_TENANT_REACTIVATE,
		ACCT_OP_TENANT_DEPROVISION, ACCT_OP_TENANT_FINALIZE,
		ACCT_OP_USER_DISABLE,	    ACCT_OP_USER_ENABLE};

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		ck_assert_int_eq(
			dt_call(&T, NOBODY, ops[k], DT_S(ACCT_T_NAME, "acme"),
				DT_S(ACCT_T_STATUS_REASON, "x"), DT_END),
			ACCT_ST_DENIED);
	ck_assert_uint_eq(tenant_status("acme"), ACCT_TENANT_ACTIVE);
}
END_TEST

/* ---- user status ---- */

START_TEST(test_disable_enable)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);

	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_STATUS_REASON, "left the team"), DT_END),
		ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DISABLED);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_STATUS_REASON),
			 "left the team");
	/* a disabled user still resolves */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field g =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);

		ck_assert(dt_has_member(&g, "bob"));
	}
	/* disabling again changes nothing and is fine */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_STATUS_REASON, "left the team"), DT_END),
		ACCT_ST_OK);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_ACTIVE);
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);

		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_STATUS_REASON),
				 0);
	}
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "nobody"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no user 'nobody'");
}
END_TEST

/* (No request makes a pending user yet: disabled stands in for it.) */
START_TEST(test_enable_disabled_and_deleted)
{
	char *before;
	size_t len;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);
	dt_user(&T, "carol", "acme", 0);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_STATUS_REASON, "on leave"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(user_status("bob"), ACCT_USER_ACTIVE);

	dt_call(&T, 0, ACCT_OP_USER_DELETE, DT_S(ACCT_T_NAME, "carol"), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	before = snapshot(ACCT_OP_USER_SHOW, "carol", &len);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'carol' is deleted");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_CONFLICT);
	assert_unchanged(ACCT_OP_USER_SHOW, "carol", before, len);
}
END_TEST

START_TEST(test_last_owner_cannot_be_disabled)
{
	char *before;
	size_t len;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	before = snapshot(ACCT_OP_USER_SHOW, "alice", &len);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "'alice' is the last active owner of tenant 'acme'");
	assert_unchanged(ACCT_OP_USER_SHOW, "alice", before, len);

	/* with a second active owner, one may go */
	dt_user(&T, "olivia", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "olivia"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_uint_eq(user_status("olivia"), ACCT_USER_ACTIVE);
}
END_TEST

/* The admin path refuses the caller's own account.  Only root may send
 * USER_DISABLE today (and root is no directory user), so no request can
 * reach the guard yet: the rule is tested in check_policy.c, and here the
 * store is shown to keep to it, as USER_DISABLE's guard asks it. */
static int self_guard(void *arg, const struct ad_user_change *c, char *msg,
		      size_t msglen)
{
	int rc =
		ad_policy_disable_other(c->user, *(uint32_t *)arg, msg, msglen);

	return rc == ACCT_ST_OK ? ad_policy_owner_kept(c, msg, msglen) : rc;
}

START_TEST(test_no_self_disable)
{
	struct ad_err err = {0, ""};
	struct ad_user_guard guard = {self_guard, NULL};
	struct ad_user u;
	uint32_t uid;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "olivia", "acme", ACCT_ROLE_OWNER);
	uid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	guard.arg = &uid;
	ck_assert_int_eq(ad_store_user_disable(T.st, ad_str_c("olivia"),
					       ad_str_c(""), &guard,
					       "uid 10001", &u, &err),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(err.msg,
			 "use self-service to disable your own account");
	ck_assert_uint_eq(user_status("olivia"), ACCT_USER_ACTIVE);
	/* another user is fine for the same caller */
	ck_assert_int_eq(ad_store_user_disable(T.st, ad_str_c("alice"),
					       ad_str_c(""), &guard,
					       "uid 10001", &u, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(user_status("alice"), ACCT_USER_DISABLED);
}
END_TEST

/* A tenant on its way out takes no new members: no user, no group and
 * (fixed with issue 7) no group membership; members may still leave. */
START_TEST(test_closing_tenant_takes_no_members)
{
	static const uint32_t closing[] = {ACCT_TENANT_DEPROVISIONING,
					   ACCT_TENANT_DEPROVISIONED};
	static const char *const why[] = {
		"tenant 'acme' is being deprovisioned",
		"tenant 'acme' is deprovisioned"};
	const int i = _i;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "alice"), DT_END),
			 ACCT_ST_OK);
	reach("acme", closing[i]);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, why[i]);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, why[i]);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "ops"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, why[i]);
	/* leaving takes nothing new */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_REMOVE_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "alice"), DT_END),
			 ACCT_ST_OK);
}
END_TEST

/* ---- ACCT_MGMT ---- */

/* Set alice's lock directly in the store (the auth engineer's lockout
 * writes it; here it proves the field round-trips and the policy sees
 * it). */
static void lock_user(const char *login, uint64_t until)
{
	struct ad_err err = {0, ""};
	struct ad_user u;
	struct st_wtx w;
	int rc;

	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	rc = st_user_by_name(w.txn, T.st, ad_str_c(login), &u, &err);
	if (rc == ACCT_ST_OK) {
		u.locked_until = until;
		u.failed_logins = 5;
		rc = st_user_save(&w, &u);
	}
	ck_assert_int_eq(st_write_end(&w, rc), ACCT_ST_OK);
}

START_TEST(test_acct_mgmt_verdicts)
{
	uint32_t res;
	uint32_t uid_bob;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	uid_bob = dt_user(&T, "bob", "acme", 0);

	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_MESSAGE), 0);

	ck_assert_int_eq(acct_mgmt(0, "ghost", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_USER_UNKNOWN);

	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "unpaid");
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(T.msg, "organization acme is suspended");
	tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", NULL);
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_OK);

	dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "bob"), DT_END);
	ck_assert_int_eq(acct_mgmt(0, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_DISABLED);
	ck_assert_str_eq(T.msg, "account bob is disabled");
	/* bob asking about himself gets the same verdict */
	ck_assert_int_eq(acct_mgmt(uid_bob, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_DISABLED);
	dt_call(&T, 0, ACCT_OP_USER_ENABLE, DT_S(ACCT_T_NAME, "bob"), DT_END);

	lock_user("bob", (uint64_t)time(NULL) + 3600);
	ck_assert_int_eq(acct_mgmt(0, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_LOCKED);
	ck_assert_msg(strncmp(T.msg, "account bob is locked until ", 28) == 0,
		      "%s", T.msg);
	lock_user("bob", (uint64_t)time(NULL) - 1);
	ck_assert_int_eq(acct_mgmt(0, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_OK);

	dt_call(&T, 0, ACCT_OP_USER_DELETE, DT_S(ACCT_T_NAME, "bob"), DT_END);
	ck_assert_int_eq(acct_mgmt(0, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_USER_UNKNOWN);

	/* SERVICE is required */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: service");
}
END_TEST

START_TEST(test_acct_mgmt_who_may_ask)
{
	uint32_t res, uid_alice, uid_bob;

	dt_tenant(&T, "acme");
	uid_alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	uid_bob = dt_user(&T, "bob", "acme", 0);

	ck_assert_int_eq(acct_mgmt(uid_alice, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_OK);
	ck_assert_int_eq(acct_mgmt(uid_bob, "alice", &res), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg,
			 "only root may ask about another user's account");
	ck_assert_int_eq(acct_mgmt(NOBODY, "alice", &res), ACCT_ST_DENIED);
	/* a name the directory does not show is unknown to anyone: a
	 * program running as a local user (postgres) asking for itself
	 * must not be denied; names resolve publicly, so nothing leaks */
	ck_assert_int_eq(acct_mgmt(NOBODY, "postgres", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_USER_UNKNOWN);
	/* nor is a deleted user, or one of a deprovisioned tenant */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(acct_mgmt(uid_alice, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_USER_UNKNOWN);
	/* the caller's own deleted name is no different */
	ck_assert_int_eq(acct_mgmt(uid_bob, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_USER_UNKNOWN);
}
END_TEST

START_TEST(test_deprovisioned_user_cannot_log_in)
{
	uint32_t res;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	reach("acme", ACCT_TENANT_DEPROVISIONING);
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(T.msg, "organization acme is being deprovisioned");
	tenant_op(ACCT_OP_TENANT_FINALIZE, "acme", NULL);
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(T.msg, "organization acme no longer exists");
}
END_TEST

/* ---- audit ---- */

START_TEST(test_audit_success_and_refusal)
{
	struct dt_audit_list l;
	uint32_t res;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);
	/* the three creations are audited (by the dispatcher) */
	ck_assert_uint_eq(audit_verified(), 3);

	dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "bob"),
		DT_S(ACCT_T_STATUS_REASON, "left"), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "unpaid");
	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "twice");
	ck_assert_int_eq(T.status, ACCT_ST_CONFLICT);
	/* a suspended tenant's directory is read-only, to operators too */
	dt_call(&T, 0, ACCT_OP_USER_DISABLE, DT_S(ACCT_T_NAME, "alice"),
		DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		T.msg,
		"tenant 'acme' is suspended: its directory is read-only");
	ck_assert_int_eq(acct_mgmt(0, "bob", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_DISABLED);
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_TENANT_INACTIVE);

	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 9);
	ck_assert_uint_eq(audit_verified(), 9);

	ck_assert_str_eq(l.rec[0].action, "tenant-create");
	ck_assert_str_eq(l.rec[3].action, "user-disable");
	ck_assert_uint_eq(l.rec[3].result, ACCT_ST_OK);
	ck_assert_str_eq(l.rec[3].reason, "left");
	ck_assert_str_eq(l.rec[3].tenant, "acme");

	ck_assert_uint_eq(l.rec[4].seq, 5);
	ck_assert_str_eq(l.rec[4].action, "tenant-suspend");
	ck_assert_str_eq(l.rec[4].target, "acme");
	ck_assert_str_eq(l.rec[4].tenant, "acme");
	ck_assert_uint_eq(l.rec[4].result, ACCT_ST_OK);
	ck_assert_str_eq(l.rec[4].reason, "unpaid");

	ck_assert_str_eq(l.rec[5].action, "tenant-suspend");
	ck_assert_uint_eq(l.rec[5].result, ACCT_ST_CONFLICT);
	ck_assert_str_eq(l.rec[5].message, "tenant acme is already suspended");

	ck_assert_str_eq(l.rec[6].action, "user-disable");
	ck_assert_str_eq(l.rec[6].target, "alice");
	ck_assert_str_eq(l.rec[6].tenant, "acme");
	ck_assert_uint_eq(l.rec[6].result, ACCT_ST_CONFLICT);

	ck_assert_str_eq(l.rec[7].action, "acct-mgmt");
	ck_assert_str_eq(l.rec[7].target, "bob");
	ck_assert_uint_eq(l.rec[7].result, ACCT_ST_DENIED);
	ck_assert_uint_eq(l.rec[7].pam_result, ACCT_PAM_DISABLED);
	ck_assert_str_eq(l.rec[7].message, "account bob is disabled");
	ck_assert_str_eq(l.rec[7].reason, "service sshd, rhost 192.0.2.1");
	ck_assert_uint_eq(l.rec[8].pam_result, ACCT_PAM_TENANT_INACTIVE);

	/* a successful login check writes nothing */
	tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", NULL);
	ck_assert_int_eq(acct_mgmt(0, "alice", &res), ACCT_ST_OK);
	ck_assert_uint_eq(res, ACCT_PAM_OK);
	ck_assert_uint_eq(audit_verified(), 10);
	/* and the chain survives a restart */
	dt_reopen(&T);
	ck_assert_uint_eq(audit_verified(), 10);
}
END_TEST

/* Rewrite record seq with one byte flipped at offset off (or delete it
 * when off is negative). */
static void tamper(uint64_t seq, long off)
{
	struct ad_err err = {0, ""};
	uint8_t key[8], *copy;
	struct st_wtx w;
	MDB_val v;
	int rc;

	acct_be64_put(key, seq);
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(st_get(w.txn, T.st->dbi[DB_AUDIT], key, 8, &v), 0);
	if (off < 0) {
		rc = st_del(&w, DB_AUDIT, key, 8);
	} else {
		ck_assert_uint_lt((size_t)off, v.mv_size);
		copy = malloc(v.mv_size);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, v.mv_data, v.mv_size);
		copy[off] ^= 0x01;
		rc = st_put(&w, DB_AUDIT, key, 8, copy, v.mv_size, 0);
		free(copy);
	}
	ck_assert_int_eq(st_write_end(&w, rc), ACCT_ST_OK);
}

static void three_records(void)
{
	dt_tenant(&T, "acme");
	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "one");
	tenant_op(ACCT_OP_TENANT_REACTIVATE, "acme", "two");
	tenant_op(ACCT_OP_TENANT_SUSPEND, "acme", "three");
	/* tenant-create first */
	ck_assert_uint_eq(audit_verified(), 4);
}

START_TEST(test_audit_tamper_detected)
{
	struct ad_err err = {0, ""};
	uint64_t n = 0;

	three_records();
	/* byte 8 lies inside the TIME value of record 2 */
	tamper(2, 8);
	ck_assert_int_eq(ad_audit_verify(T.st, &n, &err), ACCT_ST_INTERNAL);
	ck_assert_str_eq(err.msg, "audit record 2 was changed after it was "
				  "written (the 1 before it are intact)");
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(test_audit_removal_detected)
{
	struct ad_err err = {0, ""};
	uint64_t n = 0;

	three_records();
	tamper(2, -1);
	ck_assert_int_eq(ad_audit_verify(T.st, &n, &err), ACCT_ST_INTERNAL);
	ck_assert_str_eq(
		err.msg,
		"audit record 2 is missing (the 1 before it are intact)");
}
END_TEST

START_TEST(test_audit_every_byte_matters)
{
	struct ad_err err = {0, ""};
	struct st_wtx w;
	MDB_val v;
	uint8_t key[8] = {0, 0, 0, 0, 0, 0, 0, 1};
	size_t len;

	three_records();
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(st_get(w.txn, T.st->dbi[DB_AUDIT], key, 8, &v), 0);
	len = v.mv_size;
	st_write_end(&w, ACCT_ST_BUSY);
	/* whichever byte of record 1 changes, verification fails */
	for (size_t off = 0; off < len; off++) {
		tamper(1, (long)off);
		ck_assert_msg(ad_audit_verify(T.st, NULL, &err) != ACCT_ST_OK,
			      "flip at %zu went unnoticed", off);
		tamper(1, (long)off); /* flip it back */
		ck_assert_int_eq(ad_audit_verify(T.st, NULL, &err), ACCT_ST_OK);
	}
}
END_TEST

static Suite *lifecycle_suite(void)
{
	Suite *s = suite_create("lifecycle");
	TCase *tc = tcase_create("tenants");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_suspend_reactivate);
	tcase_add_loop_test(tc, test_every_transition, 0, 16);
	tcase_add_test(tc, test_refusal_messages);
	tcase_add_test(tc, test_deprovision_then_finalize_hides_everything);
	tcase_add_test(tc, test_non_root_denied);
	suite_add_tcase(s, tc);

	tc = tcase_create("users");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_disable_enable);
	tcase_add_test(tc, test_enable_disabled_and_deleted);
	tcase_add_test(tc, test_last_owner_cannot_be_disabled);
	tcase_add_test(tc, test_no_self_disable);
	tcase_add_loop_test(tc, test_closing_tenant_takes_no_members, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("acct_mgmt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_acct_mgmt_verdicts);
	tcase_add_test(tc, test_acct_mgmt_who_may_ask);
	tcase_add_test(tc, test_deprovisioned_user_cannot_log_in);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_audit_success_and_refusal);
	tcase_add_test(tc, test_audit_tamper_detected);
	tcase_add_test(tc, test_audit_removal_detected);
	tcase_add_test(tc, test_audit_every_byte_matters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lifecycle_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
