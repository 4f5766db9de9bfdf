/*
 * check_tenant_admin.c - TENANT_SIGNUP, TENANT_RENAME and TENANT_PURGE
 * through ad_dispatch on a temporary store: each success and what it
 * left behind, each refusal and that it changed nothing, who may call
 * them, and their audit records.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon_testlib.h"
#include "policy/access.h"
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

static void append_reply(struct acct_buf *all, uint16_t op)
{
	ck_assert_int_eq(dt_call(&T, 0, op, DT_END), ACCT_ST_OK);
	acct_buf_append(all, T.rep.data, T.rep.len);
}

/* Everything the directory holds, as operators list it: compared before
 * and after a refusal to prove that nothing changed. */
static struct acct_buf state(void)
{
	struct acct_buf all;

	acct_buf_init(&all, ACCT_MAX_REPLY);
	append_reply(&all, ACCT_OP_TENANT_LIST);
	append_reply(&all, ACCT_OP_USER_LIST);
	append_reply(&all, ACCT_OP_GROUP_LIST);
	ck_assert_int_eq(all.err, 0);
	return all;
}

static void assert_same(struct acct_buf *before)
{
	struct acct_buf now = state();

	ck_assert_uint_eq(now.len, before->len);
	ck_assert_msg(memcmp(now.data, before->data, now.len) == 0,
		      "the directory changed after a refusal");
	acct_buf_free(&now);
	acct_buf_free(before);
}

/* Does a name lookup (as anyone) find the group? */
static bool group_resolves(const char *name)
{
	int rc = dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME, DT_S(ACCT_T_NAME, name),
			 DT_END);

	ck_assert(rc == ACCT_ST_OK || rc == ACCT_ST_NOTFOUND);
	return rc == ACCT_ST_OK;
}

static int signup(const char *slug, const char *owner, const char *email)
{
	return dt_call(&T, 0, ACCT_OP_TENANT_SIGNUP, DT_S(ACCT_T_NAME, slug),
		       DT_S(ACCT_T_OWNER, owner), DT_S(ACCT_T_EMAIL, email),
		       DT_END);
}

static int rename_tenant(uid_t uid, const char *from, const char *to,
			 const char *reason)
{
	if (reason == NULL)
		return dt_call(&T, uid, ACCT_OP_TENANT_RENAME,
			       DT_S(ACCT_T_NAME, from),
			       DT_S(ACCT_T_NEW_NAME, to), DT_END);
	return dt_call(&T, uid, ACCT_OP_TENANT_RENAME, DT_S(ACCT_T_NAME, from),
		       DT_S(ACCT_T_NEW_NAME, to),
		       DT_S(ACCT_T_STATUS_REASON, reason), DT_END);
}

static int purge(const char *slug)
{
	return dt_call(&T, 0, ACCT_OP_TENANT_PURGE, DT_S(ACCT_T_NAME, slug),
		       DT_END);
}

/* Take slug to deprovisioned. */
static void retire(const char *slug)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, slug),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, slug), DT_END),
			 ACCT_ST_OK);
}

static const struct dt_audit *last_audit(struct dt_audit_list *l)
{
	dt_audit_read(&T, l);
	ck_assert_uint_gt(l->n, 0);
	return &l->rec[l->n - 1];
}

/* ---- signup ---- */

START_TEST(test_signup)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_field f;

	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_TENANT_SIGNUP, DT_S(ACCT_T_NAME, "acme"),
			DT_S(ACCT_T_OWNER, "ann"),
			DT_S(ACCT_T_EMAIL, " Ann@Example.COM "),
			DT_S(ACCT_T_DISPLAY_NAME, "Acme Corp"), DT_END),
		ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_NAME), "acme");
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_DISPLAY_NAME),
			 "Acme Corp");
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_COUNT_USERS), 1);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_NAME), "ann");
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_TENANT), "acme");
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_ROLE), ACCT_ROLE_OWNER);
	ck_assert_uint_eq(dt_u32(f.val, f.len, ACCT_T_STATUS),
			  ACCT_USER_ACTIVE);
	/* normalized: trimmed, the domain lowercased, the local part kept */
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_EMAIL), "Ann@example.com");
	/* the owner is in both of the tenant's groups */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_SHOW,
				 DT_S(ACCT_T_NAME, "acme-admins"), DT_END),
			 ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);
	ck_assert(dt_has_member(&f, "ann"));
	/* and may run its tenant at once */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID),
				 ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "adam"),
				 DT_END),
			 ACCT_ST_OK);
	dt_audit_read(&T, &l);
	a = &l.rec[0];
	ck_assert_str_eq(a->action, "tenant-signup");
	ck_assert_str_eq(a->target, "acme");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "root");
	ck_assert_str_eq(a->message, "first owner ann");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
}
END_TEST

/* Both or neither: whatever stops the owner stops the tenant. */
START_TEST(test_signup_both_or_neither)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_buf before;

	dt_tenant(&T, "globex");
	dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	dt_write_file(T.passwd, "root:x:0:0:root:/root:/bin/sh\n"
				"sysop:x:1001:1001::/home/sysop:/bin/sh\n");
	before = state();
	/* a login taken in another tenant */
	ck_assert_int_eq(signup("acme", "gus", "gus@acme.test"),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "login 'gus' is already taken");
	/* ... or by the host */
	ck_assert_int_eq(signup("acme", "sysop", "x@acme.test"),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "name 'sysop' is already used by a local "
				"account");
	/* an email that is not one, or none */
	ck_assert_int_eq(signup("acme", "ann", "not an email"),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(signup("acme", "ann", "  "), ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "the first owner needs an email address");
	/* a bad owner name, a bad slug, a taken slug */
	ck_assert_int_eq(signup("acme", "Ann", "ann@acme.test"),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(signup("a", "ann", "ann@acme.test"), ACCT_ST_INVALID);
	ck_assert_int_eq(signup("globex", "ann", "ann@acme.test"),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "tenant 'globex' already exists");
	/* missing fields */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SIGNUP,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_EMAIL, "ann@acme.test"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: owner");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SIGNUP,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_OWNER, "ann"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: email");
	assert_same(&before);
	ck_assert(!group_resolves("acme"));
	ck_assert(!group_resolves("acme-admins"));
	/* each refusal was recorded */
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "tenant-signup");
	ck_assert_uint_eq(a->result, ACCT_ST_BADREQ);
	/* and the name is still free for a signup that works */
	ck_assert_int_eq(signup("acme", "ann", "ann@acme.test"), ACCT_ST_OK);
}
END_TEST

START_TEST(test_signup_operators_only)
{
	uint32_t gus;

	dt_tenant(&T, "globex");
	gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	ck_assert_int_eq(dt_call(&T, gus, ACCT_OP_TENANT_SIGNUP,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_OWNER, "ann"),
				 DT_S(ACCT_T_EMAIL, "ann@acme.test"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: tenant-signup: only "
				"platform operators may do this");
	dt_write_file(T.passwd, "root:x:0:0:root:/root:/bin/sh\n"
				"sam:x:1501:1501::/home/sam:/bin/sh\n"
				"olivia:x:1500:1500::/home/olivia:/bin/sh\n");
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(dt_call(&T, 1501, ACCT_OP_TENANT_SIGNUP,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_OWNER, "ann"),
				 DT_S(ACCT_T_EMAIL, "ann@acme.test"), DT_END),
			 ACCT_ST_DENIED);
	T.platform = AD_PLATFORM_OPERATOR;
	ck_assert_int_eq(dt_call(&T, 1500, ACCT_OP_TENANT_SIGNUP,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_OWNER, "ann"),
				 DT_S(ACCT_T_EMAIL, "ann@acme.test"), DT_END),
			 ACCT_ST_OK);
	T.platform = 0;
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 2);
}
END_TEST

/* ---- rename ---- */

START_TEST(test_rename)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;
	uint32_t gid, admin_gid, ann, dev_gid;
	struct acct_field f;

	dt_tenant(&T, "acme");
	gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	admin_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID);
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	dev_gid = dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_OK);

	ck_assert_int_eq(rename_tenant(0, "acme", "initech", "acquired"),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_NAME),
			 "initech");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID), gid);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_COUNT_USERS),
			  2);
	/* the groups follow, with their gids and members */
	ck_assert(!group_resolves("acme"));
	ck_assert(!group_resolves("acme-admins"));
	ck_assert(!group_resolves("acme-dev"));
	ck_assert(group_resolves("initech"));
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), gid);
	ck_assert(group_resolves("initech-admins"));
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), admin_gid);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);
	ck_assert(dt_has_member(&f, "ann"));
	ck_assert(group_resolves("initech-dev"));
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), dev_gid);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);
	ck_assert(dt_has_member(&f, "bob"));
	/* the users are the new slug's, and log in as before */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_TENANT), "initech");
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_SHOW, DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_NAME),
			 "initech");
	/* the old slug is free again */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_NOTFOUND);
	dt_tenant(&T, "acme");
	/* the record keeps the reason and the new name */
	dt_audit_read(&T, &l);
	a = &l.rec[l.n - 2];
	ck_assert_str_eq(a->action, "tenant-rename");
	ck_assert_str_eq(a->target, "acme");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->reason, "acquired");
	ck_assert_str_eq(a->message, "renamed to initech");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	/* and survives a restart */
	dt_reopen(&T);
	ck_assert(group_resolves("initech-dev"));
}
END_TEST

/* A tenant may take a name its own groups held. */
START_TEST(test_rename_into_own_names)
{
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "x"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(rename_tenant(0, "acme", "acme-x", "split"),
			 ACCT_ST_OK);
	ck_assert(group_resolves("acme-x"));
	ck_assert(group_resolves("acme-x-admins"));
	ck_assert(group_resolves("acme-x-x"));
	ck_assert(!group_resolves("acme"));
	ck_assert(!group_resolves("acme-admins"));
}
END_TEST

START_TEST(test_rename_refused)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_buf before;
	char long_name[ACCT_MAX_NAME + 1];

	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	dt_tenant(&T, "foo");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "foo"),
				 DT_S(ACCT_T_NAME, "bar"), DT_END),
			 ACCT_ST_OK);
	/* a custom group as long as a name may be: "ab-" and 29 more */
	dt_tenant(&T, "ab");
	memset(long_name, 'g', 29);
	long_name[29] = '\0';
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "ab"),
				 DT_S(ACCT_T_NAME, long_name), DT_END),
			 ACCT_ST_OK);
	dt_write_file(T.group, "root:x:0:\ninitech-admins:x:2000:\n");
	before = state();
	/* a taken slug */
	ck_assert_int_eq(rename_tenant(0, "acme", "globex", "x"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant slug 'globex' is already taken");
	/* a group name the new slug leads to, taken by another tenant ... */
	ck_assert_int_eq(rename_tenant(0, "acme", "foo-bar", "x"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "group 'foo-bar' already exists");
	/* ... or by the host */
	ck_assert_int_eq(rename_tenant(0, "acme", "initech", "x"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		T.msg,
		"name 'initech-admins' is already used by a local group");
	/* a group name that would grow past 32 characters */
	ck_assert_int_eq(rename_tenant(0, "ab", "abc", "x"), ACCT_ST_INVALID);
	ck_assert_msg(strstr(T.msg, "over 32 characters: choose a shorter "
				    "slug") != NULL,
		      "%s", T.msg);
	/* its own name, no reason, an empty one, a bad slug, no tenant */
	ck_assert_int_eq(rename_tenant(0, "acme", "acme", "x"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant 'acme' is already called 'acme'");
	ck_assert_int_eq(rename_tenant(0, "acme", "initech2", NULL),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: reason");
	ck_assert_int_eq(rename_tenant(0, "acme", "initech2", ""),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "a reason is required to rename a tenant");
	ck_assert_int_eq(rename_tenant(0, "acme", "Initech", "x"),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(rename_tenant(0, "nosuch", "initech2", "x"),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_RENAME,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "x"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: new_name");
	assert_same(&before);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "tenant-rename");
	ck_assert_uint_eq(a->result, ACCT_ST_BADREQ);
}
END_TEST

/* A tenant's own admins cannot rename it: not by RENAME, not by
 * UPDATE. */
START_TEST(test_rename_not_for_tenant_admins)
{
	uint32_t ann;

	dt_tenant(&T, "acme");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(rename_tenant(ann, "acme", "initech", "x"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: tenant-rename: only "
				"platform operators may do this");
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_UPDATE,
				 DT_S(ACCT_T_NEW_NAME, "initech"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Initech"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_NAME),
			 "acme");
	ck_assert(group_resolves("acme"));
	ck_assert(!group_resolves("initech"));
}
END_TEST

/* ---- retention and purge ---- */

START_TEST(test_purge_refused_until_retention)
{
	static struct dt_audit_list l;
	struct acct_buf before;
	char want[160];

	dt_tenant(&T, "acme");
	dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	before = state();
	ck_assert_int_eq(purge("acme"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant acme is active; only a deprovisioned "
				"tenant can be purged (deprovision and "
				"finalize it first)");
	assert_same(&before);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "gone"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(purge("acme"), ACCT_ST_CONFLICT);
	ck_assert_msg(strstr(T.msg, "being deprovisioned; finalize it") != NULL,
		      "%s", T.msg);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
		uint64_t fin = dt_u64(f.val, f.len, ACCT_T_FINALIZED_AT);
		char until[32];
		time_t tt = (time_t)(fin + 30u * 86400u);
		struct tm tm;

		ck_assert_uint_gt(fin, 0);
		gmtime_r(&tt, &tm);
		strftime(until, sizeof(until), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(want, sizeof(want), "tenant acme is kept until %s",
			 until);
	}
	/* the default retention: 30 days from now */
	before = state();
	ck_assert_int_eq(purge("acme"), ACCT_ST_CONFLICT);
	ck_assert_msg(strncmp(T.msg, want, strlen(want)) == 0, "%s", T.msg);
	ck_assert_msg(strstr(T.msg, "(retention_days = 30 after it was "
				    "finalized on ") != NULL,
		      "%s", T.msg);
	assert_same(&before);
	/* meanwhile operators still read it all */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"gone");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 1);
	/* a refusal is recorded with its message */
	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 1].action, "tenant-purge");
	ck_assert_uint_eq(l.rec[l.n - 1].result, ACCT_ST_CONFLICT);
	ck_assert_str_eq(l.rec[l.n - 1].tenant, "acme");
	ck_assert_int_eq(purge("nosuch"), ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no tenant 'nosuch'");
}
END_TEST

START_TEST(test_purge)
{
	static struct dt_audit_list l;
	uint32_t ann, bob, gid, admin_gid, dev_gid, next;
	uint32_t users, groups, tenants;
	size_t records;

	dt_tenant(&T, "globex");
	dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	dt_tenant(&T, "acme");
	gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	admin_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID);
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	bob = dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	dt_user(&T, "cid", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_EMAIL, "bob@acme.test"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	dev_gid = dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
				 DT_S(ACCT_T_NAME, "acme-dev"),
				 DT_S(ACCT_T_MEMBER, "bob"), DT_END),
			 ACCT_ST_OK);
	/* a tombstone goes too */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "cid"), DT_END),
			 ACCT_ST_OK);
	users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	groups = dt_count_of(&T, ACCT_T_COUNT_GROUPS);
	tenants = dt_count_of(&T, ACCT_T_COUNT_TENANTS);
	retire("acme");
	T.cfg.retention_days = 0;
	ck_assert_int_eq(purge("acme"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS), 3);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_GROUPS),
			  3);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users - 2);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_GROUPS), groups - 3);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), tenants - 1);
	/* nothing of it is left to find, by name or by id */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "cid"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, ann), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYGID,
				 DT_U(ACCT_T_GID, dev_gid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert(!group_resolves("acme-admins"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_GROUP), 2);
	/* a uid of it is nobody now */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_DENIED);
	/* globex is untouched */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_SHOW,
				 DT_S(ACCT_T_NAME, "globex-admins"), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);

		ck_assert(dt_has_member(&f, "gus"));
	}
	/* names are free again; ids never come back */
	dt_tenant(&T, "acme");
	next = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	ck_assert_uint_gt(next, dev_gid);
	ck_assert_uint_ne(next, gid);
	ck_assert_uint_ne(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID),
			  admin_gid);
	ck_assert_uint_gt(dt_user(&T, "bob", "acme", 0), bob);
	/* the audit log keeps the purged tenant's history */
	dt_audit_read(&T, &l);
	records = 0;
	for (size_t k = 0; k < l.n; k++) {
		if (strcmp(l.rec[k].action, "tenant-purge") == 0) {
			ck_assert_str_eq(l.rec[k].target, "acme");
			ck_assert_uint_eq(l.rec[k].result, ACCT_ST_OK);
			break;
		}
		records += strcmp(l.rec[k].tenant, "acme") == 0;
	}
	ck_assert_uint_ge(records, 8);
	/* and after a restart, too */
	dt_reopen(&T);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

/* A tenant finalized by a daemon from before FINALIZED_AT: its record
 * has only status_updated_at, which finalize set; retention counts from
 * there.  (Written here as that daemon wrote it.) */
static void as_older_daemon_wrote(const char *slug, uint64_t finalized)
{
	struct ad_err err = {0, ""};
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	rc = st_tenant_by_slug(w.txn, T.st, ad_str_c(slug), &t, &err);
	if (rc == ACCT_ST_OK) {
		t.finalized_at = 0;
		t.status_updated_at = t.updated = finalized;
		rc = st_tenant_save(&w, &t);
	}
	ck_assert_int_eq(st_write_end(&w, rc), ACCT_ST_OK);
}

START_TEST(test_purge_older_record)
{
	struct acct_field f;
	uint64_t now = (uint64_t)time(NULL);

	dt_tenant(&T, "acme");
	dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	retire("acme");
	as_older_daemon_wrote("acme", now - 29u * 86400u);
	dt_reopen(&T);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_FINALIZED_AT), 0);
	ck_assert_int_eq(purge("acme"), ACCT_ST_CONFLICT);
	as_older_daemon_wrote("acme", now - 31u * 86400u);
	ck_assert_int_eq(purge("acme"), ACCT_ST_OK);
}
END_TEST

START_TEST(test_purge_operators_only)
{
	uint32_t gus;

	dt_tenant(&T, "globex");
	gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	dt_tenant(&T, "acme");
	retire("acme");
	T.cfg.retention_days = 0;
	ck_assert_int_eq(dt_call(&T, gus, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	dt_write_file(T.passwd, "root:x:0:0:root:/root:/bin/sh\n"
				"sam:x:1501:1501::/home/sam:/bin/sh\n");
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(dt_call(&T, 1501, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: tenant-purge: support "
				"may read but not change");
	T.platform = 0;
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tenant_admin");
	TCase *tc = tcase_create("tenants");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_signup);
	tcase_add_test(tc, test_signup_both_or_neither);
	tcase_add_test(tc, test_signup_operators_only);
	tcase_add_test(tc, test_rename);
	tcase_add_test(tc, test_rename_into_own_names);
	tcase_add_test(tc, test_rename_refused);
	tcase_add_test(tc, test_rename_not_for_tenant_admins);
	tcase_add_test(tc, test_purge_refused_until_retention);
	tcase_add_test(tc, test_purge);
	tcase_add_test(tc, test_purge_operators_only);
	tcase_add_test(tc, test_purge_older_record);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
