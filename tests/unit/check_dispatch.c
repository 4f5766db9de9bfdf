/*
 * check_dispatch.c - the request handlers, driven through ad_dispatch with
 * encoded requests, on a temporary store.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"
#include "acct_ops.h"
#include "ops/dispatch.h"
#include "ops/table.h"
#include "store/audit.h"

#define NOBODY 1000 /* an ordinary caller */

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- the dispatch layer itself ---- */

START_TEST(test_ping)
{
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PING, DT_END), ACCT_ST_OK);
	ck_assert_uint_eq(T.rep.len, 0);
}
END_TEST

START_TEST(test_status)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	T.ctx.connections = 3;
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_STATUS, DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_VERSION),
			 PACKAGE_VERSION);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_SCHEMA),
			  AD_SCHEMA_VERSION);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_TENANTS),
			  1);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS), 1);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_GROUPS),
			  2);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_CONNECTIONS), 3);
	ck_assert_uint_gt(dt_u64(T.rep.data, T.rep.len, ACCT_T_DB_SIZE), 0);
	ck_assert_uint_ge(dt_u64(T.rep.data, T.rep.len, ACCT_T_DB_MAPSIZE),
			  dt_u64(T.rep.data, T.rep.len, ACCT_T_DB_SIZE));
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_UPTIME), 1);
}
END_TEST

START_TEST(test_unknown_opcode)
{
	ck_assert_int_eq(dt_call(&T, 0, 77, DT_END), ACCT_ST_UNSUPPORTED);
	ck_assert_str_eq(T.msg, "unknown opcode 77");
	ck_assert_int_eq(dt_call(&T, NOBODY, 999, DT_END), ACCT_ST_UNSUPPORTED);
}
END_TEST

START_TEST(test_malformed_payload)
{
	static const uint8_t truncated[] = {0, ACCT_T_NAME, 0, 0, 0, 9, 'b'};
	uint8_t bad_u32[] = {0, ACCT_T_UID, 0, 0, 0, 2, 0, 1};

	acct_buf_reset(&T.req);
	acct_buf_append(&T.req, truncated, sizeof(truncated));
	ck_assert_int_eq(dt_send(&T, NOBODY, ACCT_OP_PW_BYNAME),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "malformed request payload");

	acct_buf_reset(&T.req);
	acct_buf_append(&T.req, bad_u32, sizeof(bad_u32));
	ck_assert_int_eq(dt_send(&T, NOBODY, ACCT_OP_PW_BYUID), ACCT_ST_BADREQ);

	/* and a management request changes nothing */
	acct_buf_reset(&T.req);
	acct_buf_append(&T.req, truncated, sizeof(truncated));
	ck_assert_int_eq(dt_send(&T, 0, ACCT_OP_TENANT_CREATE), ACCT_ST_BADREQ);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 0);
}
END_TEST

START_TEST(test_missing_field)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: tenant");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: name");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: member");
}
END_TEST

/* Every opcode with a name has a row, and every row says who may call
 * it and how it is audited. */
START_TEST(test_table_rows_complete)
{
	size_t rows = 0;

	for (uint32_t i = 0; i <= UINT16_MAX; i++) {
		const struct ad_op *op = ad_op_find((uint16_t)i);

		ck_assert_msg((acct_op_name((uint16_t)i) != NULL) ==
				      (op != NULL),
			      "opcode %u: a name without a row, or a row "
			      "without a name",
			      i);
		if (op == NULL)
			continue;
		rows++;
		ck_assert_msg(op->access >= AD_ACCESS_PUBLIC &&
				      op->access < AD_ACCESS__END,
			      "%s: no access class", acct_op_name((uint16_t)i));
		ck_assert_msg(op->audit >= AD_AUDIT_NONE &&
				      op->audit <= AD_AUDIT_REFUSALS,
			      "%s: no audit mode", acct_op_name((uint16_t)i));
		ck_assert_uint_lt(op->rate, AD_RATE__COUNT);
	}
	ck_assert_uint_gt(rows, 30);
}
END_TEST

START_TEST(test_non_root_denied_management)
{
	size_t denied = 0;
	uint32_t alice;

	dt_tenant(&T, "acme");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	for (uint32_t i = 0; i <= UINT16_MAX; i++) {
		const struct ad_op *op = ad_op_find((uint16_t)i);

		if (op == NULL || op->access == AD_ACCESS_PUBLIC ||
		    op->access == AD_ACCESS_PAM)
			continue;
		ck_assert_int_eq(dt_call(&T, NOBODY, (uint16_t)i,
					 DT_S(ACCT_T_NAME, "evil"),
					 DT_S(ACCT_T_TENANT, "acme"), DT_END),
				 ACCT_ST_DENIED);
		ck_assert_msg(
			strncmp(T.msg, "permission denied: ", 19) == 0 &&
				(strstr(T.msg, ": not a directory user or "
					       "platform operator") != NULL ||
				 strstr(T.msg, ": 'me' is for directory "
					       "users") != NULL),
			"%s", T.msg);
		denied++;
	}
	ck_assert_uint_ge(denied, 20);
	/* nor may a directory user do what only operators do */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "x"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: tenant-suspend: only "
				"platform operators may do this");
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 1);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 1);

	/* lookups are public */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_END),
			 ACCT_ST_OK);
}
END_TEST

/* ---- tenants ---- */

START_TEST(test_tenant_create_makes_two_groups)
{
	uint32_t gid, admin_gid;

	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_TENANT_CREATE, DT_S(ACCT_T_NAME, "acme"),
			DT_S(ACCT_T_DISPLAY_NAME, "Acme Corp"), DT_END),
		ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_NAME),
			 "acme");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_DISPLAY_NAME),
			 "Acme Corp");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			  ACCT_TENANT_ACTIVE);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_UPDATED_BY),
		"root");
	gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	admin_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID);
	ck_assert_uint_eq(gid, 10000);
	ck_assert_uint_eq(admin_gid, 10001);

	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), gid);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYGID,
				 DT_U(ACCT_T_GID, admin_gid), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_GROUP, ACCT_T_NAME),
			 "acme-admins");

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_SHOW,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_KIND),
			  ACCT_GROUP_ADMINS);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_GROUP, ACCT_T_TENANT), "acme");
}
END_TEST

START_TEST(test_tenant_duplicate_and_invalid)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "tenant 'acme' already exists");
	/* "acme-admins" is taken by acme's admins group */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "group 'acme-admins' already exists");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "Acme"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "tenant slug 'Acme' is not valid"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "a--b"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "beta"),
				 DT_S(ACCT_T_DISPLAY_NAME, "a:b"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "display name"));
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 1);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_GROUPS), 2);
}
END_TEST

START_TEST(test_tenant_show_list_update)
{
	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_COUNT_USERS),
			  2);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "nope"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no tenant 'nope'");

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_TENANT_REC), 2);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_UPDATE,
				 DT_S(ACCT_T_NAME, "beta"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Beta Ltd"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_DISPLAY_NAME),
			 "Beta Ltd");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "beta"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_DISPLAY_NAME),
			 "Beta Ltd");
}
END_TEST

/* ---- users ---- */

START_TEST(test_user_create_show)
{
	uint32_t uid;

	dt_tenant(&T, "acme");
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "alice"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_DISPLAY_NAME, "Alice Liddell"),
			DT_S(ACCT_T_EMAIL, "  Alice@Example.COM "), DT_END),
		ACCT_ST_OK);
	uid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_uint_eq(uid, 10000);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_GID), 10000);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_ROLE),
			  ACCT_ROLE_MEMBER);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_ACTIVE);
	/* trimmed, the domain lowercased, the local part kept */
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_EMAIL),
			 "Alice@example.com");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_HOME),
			 "/home/alice");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_SHELL),
			 "/bin/bash");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_TENANT), "acme");

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID), uid);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_DISPLAY_NAME),
			 "Alice Liddell");

	/* the passwd entry */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, uid), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_NAME), "alice");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_GECOS),
			 "Alice Liddell");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_HOME),
			 "/home/alice");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PASSWD, ACCT_T_GID), 10000);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "nobody1"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no user 'nobody1'");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "nobody1"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "Bad Name"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

START_TEST(test_messages_quote_safely)
{
	char longname[200];

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, longname), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_uint_lt(strlen(T.msg), 80);
	ck_assert_ptr_nonnull(strstr(T.msg, "x...'"));
	/* one line, whatever the caller sent */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "a\nb'c"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no user 'a?b?c'");
}
END_TEST

START_TEST(test_user_duplicates)
{
	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_EMAIL, "a@example.com"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_TENANT, "beta"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "login 'alice' is already taken");
	/* emails are compared normalised, within one tenant */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice2"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_EMAIL, " a@Example.COM"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "email 'a@example.com' is already used in tenant "
			 "'acme'");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice2"),
				 DT_S(ACCT_T_TENANT, "beta"),
				 DT_S(ACCT_T_EMAIL, "a@example.com"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "nope"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no tenant 'nope'");
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 2);
}
END_TEST

/* Snapshot of everything a failed request must leave alone. */
struct snapshot {
	uint32_t users, groups, tenants;
	size_t len;
	uint8_t user[4096];
};

static void snap(struct snapshot *s, const char *login)
{
	memset(s, 0, sizeof(*s));
	s->users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	s->groups = dt_count_of(&T, ACCT_T_COUNT_GROUPS);
	s->tenants = dt_count_of(&T, ACCT_T_COUNT_TENANTS);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_le(T.rep.len, sizeof(s->user));
	s->len = T.rep.len;
	memcpy(s->user, T.rep.data, T.rep.len);
}

static void assert_unchanged(const struct snapshot *before, const char *login)
{
	struct snapshot after;

	snap(&after, login);
	ck_assert_uint_eq(after.users, before->users);
	ck_assert_uint_eq(after.groups, before->groups);
	ck_assert_uint_eq(after.tenants, before->tenants);
	ck_assert_uint_eq(after.len, before->len);
	ck_assert_int_eq(memcmp(after.user, before->user, after.len), 0);
}

START_TEST(test_invalid_inputs_change_nothing)
{
	struct snapshot s;

	dt_tenant(&T, "acme");
	dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "alice"),
		DT_S(ACCT_T_TENANT, "acme"), DT_S(ACCT_T_EMAIL, "a@x.org"),
		DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	snap(&s, "alice");

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "Bob"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "login name 'Bob' is not valid"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_SHELL, "bin/sh"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "shell 'bin/sh' is not valid"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_HOME, "/home/b:c"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "home"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_EMAIL, "no-at-sign"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "email 'no-at-sign'"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_U(ACCT_T_ROLE, 9), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "role 9 is not valid"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_U(ACCT_T_ROLE, 0), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_DISPLAY_NAME, "line\nbreak"), DT_END),
		ACCT_ST_INVALID);

	/* updates: the whole change is refused, not half applied */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Fine"),
				 DT_S(ACCT_T_EMAIL, "bad email@x"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Fine"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_MEMBER), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_TENANT, "other"), DT_END),
			 ACCT_ST_INVALID);
	assert_unchanged(&s, "alice");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

START_TEST(test_user_update)
{
	dt_tenant(&T, "acme");
	dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "alice"),
		DT_S(ACCT_T_TENANT, "acme"), DT_S(ACCT_T_EMAIL, "a@x.org"),
		DT_S(ACCT_T_DISPLAY_NAME, "Alice"), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "bob"),
		DT_S(ACCT_T_TENANT, "acme"), DT_S(ACCT_T_EMAIL, "b@x.org"),
		DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_SHELL, "/bin/zsh"),
				 DT_S(ACCT_T_HOME, "/srv/alice"),
				 DT_S(ACCT_T_EMAIL, "alice@X.org"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_SHELL), "/bin/zsh");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_EMAIL),
			 "alice@x.org");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_DISPLAY_NAME),
			 "Alice");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_HOME),
			 "/srv/alice");

	/* the old email is free again, the new one taken */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_EMAIL, "alice@x.org"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_EMAIL, "a@x.org"), DT_END),
			 ACCT_ST_OK);

	/* empty: clear the display name, default shell and home */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, "alice"),
			DT_S(ACCT_T_DISPLAY_NAME, ""), DT_S(ACCT_T_SHELL, ""),
			DT_S(ACCT_T_HOME, ""), DT_END),
		ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_DISPLAY_NAME), "");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_SHELL),
			 "/bin/bash");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_HOME),
			 "/home/alice");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "zed"),
				 DT_S(ACCT_T_SHELL, "/bin/sh"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

START_TEST(test_user_delete_tombstone)
{
	struct acct_field rec;
	uint32_t uid, uid2;

	dt_tenant(&T, "acme");
	dt_user(&T, "owner", "acme", ACCT_ROLE_OWNER);
	dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "bob"),
		DT_S(ACCT_T_TENANT, "acme"), DT_S(ACCT_T_EMAIL, "b@x.org"),
		DT_U(ACCT_T_ROLE, ACCT_ROLE_ADMIN), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	uid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DELETED);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_DELETED_AT), 1);

	/* gone from every lookup */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, uid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field g =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);

		ck_assert(!dt_has_member(&g, "bob"));
		ck_assert(dt_has_member(&g, "owner"));
	}
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field g =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);

		ck_assert(!dt_has_member(&g, "bob"));
	}
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST, DT_END), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 1);

	/* but shown, and reserved */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DELETED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "login 'bob' belonged to a deleted user and "
				"stays reserved");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_SHELL, "/bin/sh"), DT_END),
			 ACCT_ST_CONFLICT);

	/* the email is free again, and the uid is never handed out again */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_EMAIL, "b@x.org"), DT_END),
			 ACCT_ST_OK);
	uid2 = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_uint_gt(uid2, uid);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 2);
	dt_reopen(&T);
	ck_assert_uint_eq(dt_user(&T, "dave", "acme", 0), uid2 + 1);
}
END_TEST

START_TEST(test_last_owner)
{
	dt_tenant(&T, "acme");
	/* a tenant may start with no owner at all */
	dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_ADMIN), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "'alice' is the last active owner of tenant 'acme'");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "'alice' is the last active owner of tenant 'acme'");
	/* keeping the role is no demotion */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_OK);

	/* with a second owner, either may go */
	dt_user(&T, "bob", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_VIEWER), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "'bob' is the last active owner of tenant "
				"'acme'");
}
END_TEST

/* ---- groups and memberships ---- */

static struct acct_field group_of(const char *name)
{
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, name), DT_END),
			 ACCT_ST_OK);
	return dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);
}

START_TEST(test_memberships_follow_roles)
{
	struct acct_field g;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	dt_user(&T, "vic", "acme", ACCT_ROLE_VIEWER);

	g = group_of("acme");
	ck_assert(dt_has_member(&g, "alice"));
	ck_assert(dt_has_member(&g, "bob"));
	ck_assert(dt_has_member(&g, "vic"));
	ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 3);
	g = group_of("acme-admins");
	ck_assert(dt_has_member(&g, "alice"));
	ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 1);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_ADMIN), DT_END),
			 ACCT_ST_OK);
	g = group_of("acme-admins");
	ck_assert(dt_has_member(&g, "bob"));
	/* admin to owner: still one membership */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_OK);
	g = group_of("acme-admins");
	ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 2);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_MEMBER), DT_END),
			 ACCT_ST_OK);
	g = group_of("acme-admins");
	ck_assert(!dt_has_member(&g, "alice"));
	ck_assert(dt_has_member(&g, "bob"));
	g = group_of("acme");
	ck_assert(dt_has_member(&g, "alice"));
}
END_TEST

START_TEST(test_custom_groups)
{
	struct acct_field g;
	uint32_t dev_gid, tenant_gid, admin_gid;

	dt_tenant(&T, "acme");
	tenant_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	admin_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID);
	dt_tenant(&T, "beta");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	dt_user(&T, "eve", "beta", ACCT_ROLE_MEMBER);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_GROUP, ACCT_T_NAME), "acme-dev");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_KIND),
			  ACCT_GROUP_CUSTOM);
	dev_gid = dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "group 'acme-dev' already exists");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "admins"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "Dev"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "group name 'acme-Dev'"));

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "eve"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'eve' is not in tenant 'acme', the "
				"tenant of group 'acme-dev'");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "ghost"), DT_END),
			 ACCT_ST_NOTFOUND);
	g = group_of("acme-dev");
	ck_assert(dt_has_member(&g, "bob"));
	ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 1);

	/* the maintained groups cannot be edited by hand */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-admins"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_ptr_nonnull(strstr(T.msg, "change a user's role"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_REMOVE_MEMBER,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_DELETE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_DELETE,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_CONFLICT);

	/* initgroups: primary first, then every other group */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_GID),
			  tenant_gid);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_GID), 2);
	ck_assert(dt_reply_has_gid(&T, dev_gid));
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_GID), 2);
	ck_assert(dt_reply_has_gid(&T, admin_gid));
	ck_assert(!dt_reply_has_gid(&T, dev_gid));

	/* show, list */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_SHOW,
				 DT_S(ACCT_T_NAME, "acme-dev"), DT_END),
			 ACCT_ST_OK);
	g = dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);
	ck_assert(dt_has_member(&g, "bob"));
	ck_assert_uint_eq(dt_u32(g.val, g.len, ACCT_T_TENANT_GID), tenant_gid);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_LIST,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_GROUP), 3);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_GROUP), 5);

	/* remove, then delete */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_REMOVE_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_REMOVE_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_DELETE,
				 DT_S(ACCT_T_NAME, "acme-dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYGID,
				 DT_U(ACCT_T_GID, dev_gid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!dt_reply_has_gid(&T, dev_gid));
	/* a new group gets a new gid */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_gt(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), dev_gid);
}
END_TEST

/* ---- enumeration ---- */

/* Import n users u00000.. into tenant in requests of 1000. */
static void import_users(const char *tenant, int first, int n)
{
	char login[16];
	int i, done = 0;

	while (done < n) {
		acct_buf_reset(&T.req);
		for (i = 0; i < 1000 && done < n; i++, done++) {
			size_t m = acct_begin(&T.req, ACCT_T_USER);

			snprintf(login, sizeof(login), "u%05d", first + done);
			acct_put_str(&T.req, ACCT_T_NAME, login);
			acct_put_str(&T.req, ACCT_T_TENANT, tenant);
			acct_end(&T.req, m);
		}
		ck_assert_int_eq(dt_send(&T, 0, ACCT_OP_USER_IMPORT),
				 ACCT_ST_OK);
		ck_assert_uint_eq(
			dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS),
			(uint32_t)i);
	}
}

/* Walk PW_ENUM or GR_ENUM to the end; mark each id seen in seen[]. */
static int enumerate(uint16_t op, uint16_t rec, uint32_t limit, uint32_t base,
		     uint8_t *seen, size_t nseen)
{
	uint32_t cursor = 0, prev = 0, id, more;
	int total = 0, batches = 0, i, n;

	do {
		if (batches == 0)
			dt_call(&T, NOBODY, op, DT_U(ACCT_T_LIMIT, limit),
				DT_END);
		else
			dt_call(&T, NOBODY, op, DT_U(ACCT_T_CURSOR, cursor),
				DT_U(ACCT_T_LIMIT, limit), DT_END);
		ck_assert_int_eq(T.status, ACCT_ST_OK);
		n = dt_count(T.rep.data, T.rep.len, rec);
		ck_assert_int_le(n, limit ? (int)limit : (int)ACCT_ENUM_BATCH);
		for (i = 0; i < n; i++) {
			struct acct_field f =
				dt_field(T.rep.data, T.rep.len, rec, i);

			id = dt_u32(f.val, f.len,
				    rec == ACCT_T_PASSWD ? ACCT_T_UID
							 : ACCT_T_GID);
			ck_assert_uint_gt(id, prev); /* ascending, no repeat */
			prev = id;
			ck_assert_uint_ge(id, base);
			ck_assert_uint_lt(id - base, nseen);
			ck_assert_int_eq(seen[id - base], 0);
			seen[id - base] = 1;
		}
		total += n;
		more = dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE);
		/* clients treat MORE without entries as a broken walk */
		if (more)
			ck_assert_int_gt(n, 0);
		cursor = dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR);
		ck_assert_int_lt(++batches, 10000);
	} while (more);
	return total;
}

START_TEST(test_pw_enum_batches)
{
	static uint8_t seen[3000];

	dt_tenant(&T, "acme");
	import_users("acme", 0, 2500);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_PW_ENUM, ACCT_T_PASSWD, 0, 10000,
				   seen, sizeof(seen)),
			 2500);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_PW_ENUM, ACCT_T_PASSWD, 333, 10000,
				   seen, sizeof(seen)),
			 2500);
	/* the first batch is a full default batch */
	dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_END);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD),
			 ACCT_ENUM_BATCH);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 1);
	/* a limit above the batch size is capped */
	dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_U(ACCT_T_LIMIT, 5000), DT_END);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD),
			 ACCT_ENUM_BATCH);
	/* past the end */
	dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_U(ACCT_T_CURSOR, 0xffffffffu),
		DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD), 0);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 0);

	/* deleted users are skipped */
	dt_call(&T, 0, ACCT_OP_USER_DELETE, DT_S(ACCT_T_NAME, "u00007"),
		DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_PW_ENUM, ACCT_T_PASSWD, 100, 10000,
				   seen, sizeof(seen)),
			 2499);

	/* the big tenant group comes back whole */
	{
		struct acct_field g = group_of("acme");

		ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 2499);
		ck_assert(dt_has_member(&g, "u02499"));
		ck_assert(!dt_has_member(&g, "u00007"));
	}
}
END_TEST

START_TEST(test_gr_enum_batches)
{
	static uint8_t seen[200];
	char slug[16];
	int i;

	for (i = 0; i < 40; i++) {
		snprintf(slug, sizeof(slug), "t%02d", i);
		dt_tenant(&T, slug);
	}
	dt_user(&T, "alice", "t03", ACCT_ROLE_OWNER);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_GR_ENUM, ACCT_T_GROUP, 7, 10000,
				   seen, sizeof(seen)),
			 80);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_GR_ENUM, ACCT_T_GROUP, 0, 10000,
				   seen, sizeof(seen)),
			 80);
	/* members come with the entries */
	dt_call(&T, NOBODY, ACCT_OP_GR_ENUM, DT_END);
	for (i = 0; i < 80; i++) {
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, i);

		if (strcmp(dt_str(f.val, f.len, ACCT_T_NAME), "t03-admins") ==
		    0)
			ck_assert(dt_has_member(&f, "alice"));
	}
}
END_TEST

START_TEST(test_enum_skips_hidden_runs)
{
	static uint8_t seen[3000];

	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
	import_users("acme", 0, 2000);
	import_users("beta", 5000, 10);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "closed"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_PW_ENUM, ACCT_T_PASSWD, 3, 10000,
				   seen, sizeof(seen)),
			 10);
	ck_assert(seen[2000] && seen[2009]);
	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(enumerate(ACCT_OP_GR_ENUM, ACCT_T_GROUP, 1, 10000,
				   seen, sizeof(seen)),
			 2);
}
END_TEST

/* ---- import ---- */

START_TEST(test_import_all_or_nothing)
{
	struct acct_field g;

	dt_tenant(&T, "acme");
	dt_user(&T, "taken", "acme", 0);

	/* the last of three is a duplicate: none is created */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "one"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "one@x.org"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "two"),
			DT_S(ACCT_T_TENANT, "acme"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "three"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "one@X.ORG"), DT_ENDREC, DT_END),
		ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'three': email 'one@x.org' is already "
				"used in tenant 'acme'");
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 1);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "one"), DT_END),
			 ACCT_ST_NOTFOUND);

	/* an invalid one is caught before anything is written */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "one"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "two"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_SHELL, "sh"), DT_ENDREC, DT_END),
		ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "user 'two': shell 'sh'"));
	/* a login twice in one batch */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "one"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "one"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_END),
		ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "user 'one': login 'one' is already taken");
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_TENANT, "acme"), DT_ENDREC, DT_END),
		ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "user #1: missing field: name");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 1);

	/* and a good batch goes in whole */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "one"), DT_S(ACCT_T_TENANT, "acme"),
			DT_U(ACCT_T_ROLE, ACCT_ROLE_ADMIN), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "two"),
			DT_S(ACCT_T_TENANT, "acme"), DT_ENDREC, DT_END),
		ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS), 2);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 3);
	g = group_of("acme-admins");
	ck_assert(dt_has_member(&g, "one"));
}
END_TEST

START_TEST(test_user_list_paging)
{
	uint32_t cursor;

	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
	import_users("acme", 0, 5);
	import_users("beta", 100, 3);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_S(ACCT_T_TENANT, "beta"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 3);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_TENANT), "beta");
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 0);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_U(ACCT_T_LIMIT, 4), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 4);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 1);
	cursor = dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_U(ACCT_T_LIMIT, 4),
				 DT_U(ACCT_T_CURSOR, cursor), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 4);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_S(ACCT_T_TENANT, "nope"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

/* A management reply that outgrows its buffer is TOOBIG, as a lookup's
 * is, not an internal error with a misleading message. */
START_TEST(test_management_reply_too_big)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", 0);
	/* room for the failure message, not for one record */
	acct_buf_free(&T.rep);
	acct_buf_init(&T.rep, 48);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_LIST, DT_END),
			 ACCT_ST_TOOBIG);
	ck_assert_str_eq(T.msg, "the reply would be too large");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_LIST, DT_END),
			 ACCT_ST_TOOBIG);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_TOOBIG);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_TOOBIG);
	ck_assert_str_eq(T.msg, "the reply would be too large");
}
END_TEST

/* ---- the audit path: every management change, success or refusal ---- */

START_TEST(test_audit_of_changes)
{
	struct dt_audit_list l;

	/* a success commits its record; reads write none */
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "root"), DT_END),
			 ACCT_ST_NOTFOUND);
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.rec[0].action, "tenant-create");
	ck_assert_str_eq(l.rec[0].target, "acme");
	ck_assert_str_eq(l.rec[0].actor, "root");
	ck_assert_uint_eq(l.rec[0].result, ACCT_ST_OK);
	ck_assert_uint_eq(l.rec[0].pid, 1);

	/* a refusal is recorded with its message, and changes nothing */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_TENANT, "nope"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* so is a caller the policy refuses, with what it named */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "mallory"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_DENIED);
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.rec[1].action, "user-create");
	ck_assert_str_eq(l.rec[1].target, "alice");
	ck_assert_str_eq(l.rec[1].tenant, "nope");
	ck_assert_uint_eq(l.rec[1].result, ACCT_ST_NOTFOUND);
	ck_assert_str_ne(l.rec[1].message, "");
	ck_assert_str_eq(l.rec[2].target, "mallory");
	ck_assert_str_eq(l.rec[2].actor, "uid 1000");
	ck_assert_uint_eq(l.rec[2].result, ACCT_ST_DENIED);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 0);
	/* STATUS counts them */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_STATUS, DT_END), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_AUDIT_RECORDS),
			  3);

	/* a request that names only the user: the record names its tenant */
	dt_user(&T, "alice", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Alice"), DT_END),
			 ACCT_ST_OK);
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(l.rec[4].action, "user-update");
	ck_assert_str_eq(l.rec[4].target, "alice");
	ck_assert_str_eq(l.rec[4].tenant, "acme");

	/* a name no one may have is refused, and recorded printable */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "ev\nil\x1b[2J"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_INVALID);
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 6);
	ck_assert_str_eq(l.rec[5].target, "ev?il?[2J");
	ck_assert_uint_eq(l.rec[5].result, ACCT_ST_INVALID);
}
END_TEST

static Suite *dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ping);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_unknown_opcode);
	tcase_add_test(tc, test_malformed_payload);
	tcase_add_test(tc, test_missing_field);
	tcase_add_test(tc, test_table_rows_complete);
	tcase_add_test(tc, test_non_root_denied_management);
	tcase_add_test(tc, test_audit_of_changes);
	tcase_add_test(tc, test_tenant_create_makes_two_groups);
	tcase_add_test(tc, test_tenant_duplicate_and_invalid);
	tcase_add_test(tc, test_tenant_show_list_update);
	tcase_add_test(tc, test_user_create_show);
	tcase_add_test(tc, test_messages_quote_safely);
	tcase_add_test(tc, test_user_duplicates);
	tcase_add_test(tc, test_invalid_inputs_change_nothing);
	tcase_add_test(tc, test_user_update);
	tcase_add_test(tc, test_user_delete_tombstone);
	tcase_add_test(tc, test_last_owner);
	tcase_add_test(tc, test_memberships_follow_roles);
	tcase_add_test(tc, test_custom_groups);
	tcase_add_test(tc, test_pw_enum_batches);
	tcase_add_test(tc, test_gr_enum_batches);
	tcase_add_test(tc, test_enum_skips_hidden_runs);
	tcase_add_test(tc, test_import_all_or_nothing);
	tcase_add_test(tc, test_user_list_paging);
	tcase_add_test(tc, test_management_reply_too_big);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dispatch_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
