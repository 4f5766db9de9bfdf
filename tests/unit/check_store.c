/*
 * check_store.c - the LMDB store through its own API: opening (lock,
 * permissions, schema), id allocation against the host's local accounts,
 * limits, and what lookups hide.
 */
#include <check.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct_be.h"
#include "daemon_testlib.h"
#include "policy/tenant.h"

#define NOBODY 1000

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* Read or write meta "schema" behind the store's back. */
static uint32_t raw_schema(const char *dir, int set, uint32_t value)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = {6, (void *)"schema"}, val;
	uint8_t buf[4];
	uint32_t v = 0;

	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(mdb_env_set_maxdbs(env, 16), 0);
	ck_assert_int_eq(mdb_env_open(env, dir, 0, 0600), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	if (set) {
		acct_be32_put(buf, value);
		val.mv_data = buf;
		val.mv_size = 4;
		ck_assert_int_eq(mdb_put(txn, dbi, &key, &val, 0), 0);
	}
	ck_assert_int_eq(mdb_get(txn, dbi, &key, &val), 0);
	ck_assert_uint_eq(val.mv_size, 4);
	v = acct_be32_get(val.mv_data);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	return v;
}

/* ---- opening ---- */

START_TEST(test_open_writes_schema)
{
	struct ad_store_stats s;
	struct ad_err err;
	struct stat sb;

	ck_assert_int_eq(ad_store_stats(T.st, &s, &err), ACCT_ST_OK);
	ck_assert_uint_eq(s.schema, AD_SCHEMA_VERSION);
	ck_assert_uint_eq(s.tenants, 0);
	ck_assert_uint_eq(s.users, 0);
	ck_assert_uint_gt(s.map_size, 0);
	ad_store_close(T.st);
	T.st = NULL;
	ck_assert_uint_eq(raw_schema(T.dir, 0, 0), AD_SCHEMA_VERSION);
	ck_assert_int_eq(stat(T.dir, &sb), 0);
	dt_reopen(&T);
	ck_assert_int_eq(ad_store_reader_check(T.st), 0);
}
END_TEST

START_TEST(test_open_creates_dir_0700)
{
	char dir[160], err[256] = "";
	struct ad_store *st = NULL;
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s/state", T.dir);
	ck_assert_int_eq(
		ad_store_open(&st, dir, 1u << 20, &T.cfg, err, sizeof(err)), 0);
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	ad_store_close(st);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	char err[256] = "";
	struct ad_store *st = NULL;

	ad_store_close(T.st);
	T.st = NULL;
	raw_schema(T.dir, 1, AD_SCHEMA_VERSION + 1);
	ck_assert_int_eq(
		ad_store_open(&st, T.dir, 1u << 20, &T.cfg, err, sizeof(err)),
		-1);
	ck_assert_ptr_null(st);
	ck_assert_str_eq(err, "database schema 2 is newer than this accountsd "
			      "supports (1); upgrade accountsd");
	/* and left alone */
	ck_assert_uint_eq(raw_schema(T.dir, 0, 0), AD_SCHEMA_VERSION + 1);
	/* teardown wants a store */
	raw_schema(T.dir, 1, AD_SCHEMA_VERSION);
	dt_reopen(&T);
}
END_TEST

START_TEST(test_second_open_refused)
{
	char err[256] = "", want[256];
	struct ad_store *st = NULL;

	ck_assert_int_eq(
		ad_store_open(&st, T.dir, 1u << 20, &T.cfg, err, sizeof(err)),
		-1);
	ck_assert_ptr_null(st);
	snprintf(want, sizeof(want), "another accountsd is using %s", T.dir);
	ck_assert_str_eq(err, want);
	/* released on close */
	ad_store_close(T.st);
	T.st = NULL;
	ck_assert_int_eq(
		ad_store_open(&st, T.dir, 1u << 20, &T.cfg, err, sizeof(err)),
		0);
	ad_store_close(st);
	dt_reopen(&T);
}
END_TEST

/* The settings the store was opened with apply from the first request
 * on, and a reload (which rewrites them in place) applies at once. */
START_TEST(test_store_follows_live_config)
{
	dt_tenant(&T, "acme");
	ck_assert_uint_eq(dt_user(&T, "alice", "acme", 0), 10000);
	T.cfg.uid_min = 20000;
	ck_assert_uint_eq(dt_user(&T, "bob", "acme", 0), 20000);
}
END_TEST

START_TEST(test_world_writable_dir_refused)
{
	char dir[160], err[256] = "";
	struct ad_store *st = NULL;

	snprintf(dir, sizeof(dir), "%s/open", T.dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(chmod(dir, 0777), 0);
	ck_assert_int_eq(
		ad_store_open(&st, dir, 1u << 20, &T.cfg, err, sizeof(err)),
		-1);
	ck_assert_ptr_nonnull(strstr(err, "is world-writable"));
	ck_assert_int_eq(access(dir, F_OK), 0);
}
END_TEST

START_TEST(test_data_survives_reopen)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_reopen(&T);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_PASSWD, ACCT_T_UID), 10000);
}
END_TEST

/* ---- the host's own accounts ---- */

START_TEST(test_alloc_skips_local_ids)
{
	struct ad_tenant t;
	struct ad_user u;
	struct ad_user_spec spec = {0};
	struct ad_err err;

	dt_write_file(T.passwd, "root:x:0:0::/root:/bin/sh\n"
				"svc:x:10000:10000::/:/bin/false\n"
				"svc2:x:10001:10000::/:/bin/false\n"
				"other:x:10003:10000::/:/bin/false\n");
	dt_write_file(T.group, "root:x:0:\nsvc:x:10000:\nsvc2:x:10002:\n");
	ck_assert_int_eq(ad_store_tenant_create(T.st, ad_str_c("acme"),
						ad_str_c("Acme"), "test", &t,
						&err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(t.gid, 10001);
	ck_assert_uint_eq(t.admin_gid, 10003);
	spec.name = ad_str_c("alice");
	spec.tenant = ad_str_c("acme");
	ck_assert_int_eq(ad_store_user_create(T.st, &spec,
					      ad_policy_tenant_open, "test", &u,
					      &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(u.uid, 10002);
	ck_assert_uint_eq(u.gid, 10001);
	spec.name = ad_str_c("bob");
	ck_assert_int_eq(ad_store_user_create(T.st, &spec,
					      ad_policy_tenant_open, "test", &u,
					      &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(u.uid, 10004);
}
END_TEST

START_TEST(test_local_names_refused)
{
	dt_write_file(T.passwd, "root:x:0:0::/root:/bin/sh\n"
				"alice:x:1000:1000::/home/alice:/bin/sh\n");
	dt_write_file(T.group, "root:x:0:\nstaff:x:50:\ndev-admins:x:51:\n");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "staff"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "name 'staff' is already used by a local "
				"group");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "name 'dev-admins' is already used by a local "
				"group");
	dt_tenant(&T, "acme");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_str_eq(T.msg, "name 'alice' is already used by a local "
				"account");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "staff"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 1);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 0);
}
END_TEST

START_TEST(test_missing_local_files_are_empty)
{
	char p[160], g[160];

	snprintf(p, sizeof(p), "%s/no-passwd", T.dir);
	snprintf(g, sizeof(g), "%s/no-group", T.dir);
	ck_assert_int_eq(ad_store_set_local_files(T.st, p, g), 0);
	dt_tenant(&T, "acme");
	ck_assert_uint_eq(dt_user(&T, "alice", "acme", 0), 10000);
}
END_TEST

/* ---- limits ---- */

START_TEST(test_uid_range_exhausted)
{
	T.cfg.uid_min = 20000;
	T.cfg.uid_max = 20001;
	dt_tenant(&T, "acme");
	ck_assert_uint_eq(dt_user(&T, "alice", "acme", 0), 20000);
	ck_assert_uint_eq(dt_user(&T, "bob", "acme", 0), 20001);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_EXHAUSTED);
	ck_assert_str_eq(T.msg, "no free uid left in 20000..20001 "
				"(uid_min..uid_max in accountsd.conf)");
	/* a delete frees no number */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_EXHAUSTED);
	/* a wider range goes on above the old numbers */
	T.cfg.uid_max = 20010;
	ck_assert_uint_eq(dt_user(&T, "carol", "acme", 0), 20002);
}
END_TEST

START_TEST(test_gid_range_exhausted)
{
	T.cfg.gid_min = 30000;
	T.cfg.gid_max = 30002;
	dt_tenant(&T, "acme");
	/* a tenant needs two gids: one left is not enough */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "beta"), DT_END),
			 ACCT_ST_EXHAUSTED);
	ck_assert_str_eq(T.msg, "no free gid left in 30000..30002 "
				"(gid_min..gid_max in accountsd.conf)");
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_GROUPS), 2);
	/* nothing was used up by the failed attempt */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_NAME, "dev"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID), 30002);
}
END_TEST

START_TEST(test_database_full)
{
	char err[256] = "", login[16], dir[160];
	struct ad_store *st;
	struct ad_user_spec spec = {0};
	struct ad_tenant t;
	struct ad_user u;
	struct ad_err e;
	int i, rc = ACCT_ST_OK;

	ad_store_close(T.st);
	T.st = NULL;
	snprintf(dir, sizeof(dir), "%s/small", T.dir);
	ck_assert_int_eq(
		ad_store_open(&st, dir, 256u * 1024u, &T.cfg, err, sizeof(err)),
		0);
	ck_assert_int_eq(ad_store_set_local_files(st, T.passwd, T.group), 0);
	ck_assert_int_eq(ad_store_tenant_create(st, ad_str_c("acme"),
						ad_str_c(""), "test", &t, &e),
			 ACCT_ST_OK);
	spec.tenant = ad_str_c("acme");
	spec.display_name = ad_str_c("A rather long display name to fill "
				     "pages faster than short ones would");
	for (i = 0; i < 100000 && rc == ACCT_ST_OK; i++) {
		snprintf(login, sizeof(login), "user%d", i);
		spec.name = ad_str_c(login);
		rc = ad_store_user_create(st, &spec, ad_policy_tenant_open,
					  "test", &u, &e);
	}
	ck_assert_int_eq(rc, ACCT_ST_EXHAUSTED);
	ck_assert_str_eq(e.msg, "database full");
	/* the failed one left no trace, and reads still work */
	ck_assert_int_eq(ad_store_user_get(st, ad_str_c(login), &u, &e),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(ad_store_user_get(st, ad_str_c("user0"), &u, &e),
			 ACCT_ST_OK);
	ad_store_close(st);
	dt_reopen(&T);
}
END_TEST

/* ---- what lookups hide ---- */

START_TEST(test_deprovisioned_tenant_hidden)
{
	uint32_t uid, gid;
	int i, n, hidden = 0;

	dt_tenant(&T, "acme");
	gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	dt_tenant(&T, "beta");
	uid = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "beta", 0);

	/* the production path: deprovision, then finalize */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(
		dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS_REASON),
		"contract ended");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, uid), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
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
	/* the other tenant is untouched */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_END);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD), 1);
	dt_call(&T, NOBODY, ACCT_OP_GR_ENUM, DT_END);
	n = dt_count(T.rep.data, T.rep.len, ACCT_T_GROUP);
	ck_assert_int_eq(n, 2);
	for (i = 0; i < n; i++) {
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, i);

		hidden += dt_u32(f.val, f.len, ACCT_T_GID) == gid;
	}
	ck_assert_int_eq(hidden, 0);
	/* management still sees it */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_STATUS),
			  ACCT_TENANT_DEPROVISIONED);
	/* and takes no new users */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_CONFLICT);

	/* suspended and deprovisioning tenants still resolve */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "beta"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "beta"),
				 DT_S(ACCT_T_STATUS_REASON, "gone"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_GR_BYNAME,
				 DT_S(ACCT_T_NAME, "beta"), DT_END),
			 ACCT_ST_OK);
}
END_TEST

START_TEST(test_disabled_user_still_resolves)
{
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DISABLED);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INITGROUPS,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	/* the last active owner cannot be disabled either */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "'alice' is the last active owner of tenant 'acme'");
	/* a disabled owner does not count as an active one */
	dt_user(&T, "carol", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_CONFLICT);
}
END_TEST

static int count_member(void *arg, const char *login, size_t len)
{
	(*(int *)arg)++;
	ck_assert(len == 5 && (memcmp(login, "alice", 5) == 0 ||
			       memcmp(login, "carol", 5) == 0));
	return 0;
}

static int count_user(void *arg, const struct ad_user *u)
{
	(*(int *)arg)++;
	ck_assert_str_eq(u->tenant, "acme");
	return 0;
}

START_TEST(test_store_api_lists)
{
	struct ad_group g;
	struct ad_err err;
	int members = 0, users = 0;

	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);
	dt_user(&T, "bob", "acme", 0);
	dt_user(&T, "carol", "acme", ACCT_ROLE_OWNER);
	ck_assert_int_eq(ad_store_group_get(T.st, ad_str_c("acme-admins"), &g,
					    count_member, &members, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(g.kind, ACCT_GROUP_ADMINS);
	ck_assert_str_eq(g.tenant, "acme");
	ck_assert_int_eq(members, 2);
	ck_assert_int_eq(ad_store_user_list(T.st, ad_str_c("acme"), 0,
					    count_user, &users, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(users, 3);
	ck_assert_int_eq(ad_store_group_get(T.st, ad_str_c("nope"), &g, NULL,
					    NULL, &err),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(err.msg, "no group 'nope'");
}
END_TEST

/* Put a group record that names no tenant behind the store's back. */
static void raw_orphan_group(const char *dir, uint32_t gid)
{
	struct acct_buf rec;
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	uint8_t k[4];
	MDB_val key = {sizeof(k), k}, val;

	acct_be32_put(k, gid);
	acct_buf_init(&rec, 4096);
	acct_put_str(&rec, ACCT_T_NAME, "orphan");
	acct_put_u32(&rec, ACCT_T_GID, gid);
	acct_put_u32(&rec, ACCT_T_KIND, ACCT_GROUP_CUSTOM);
	val.mv_data = rec.data;
	val.mv_size = rec.len;
	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(mdb_env_set_maxdbs(env, 16), 0);
	ck_assert_int_eq(mdb_env_open(env, dir, 0, 0600), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "groups", 0, &dbi), 0);
	ck_assert_int_eq(mdb_put(txn, dbi, &key, &val, 0), 0);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	acct_buf_free(&rec);
}

static int count_group(void *arg, const struct ad_group *g)
{
	(*(int *)arg)++;
	return 0;
}

/* A group whose tenant is missing is a corrupt store, reported as such,
 * never listed with whatever its tenant slug happened to be. */
START_TEST(test_group_list_orphan_is_corrupt)
{
	struct ad_err err = {0, ""};
	int groups = 0;

	dt_tenant(&T, "acme");
	ad_store_close(T.st);
	T.st = NULL;
	/* first in gid order: nothing cached about tenants yet */
	raw_orphan_group(T.dir, 9000);
	dt_reopen(&T);
	ck_assert_int_eq(ad_store_group_list(T.st, ad_str_c(NULL), count_group,
					     &groups, &err),
			 ACCT_ST_INTERNAL);
	ck_assert_int_eq(groups, 0);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_open_writes_schema);
	tcase_add_test(tc, test_open_creates_dir_0700);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_second_open_refused);
	tcase_add_test(tc, test_world_writable_dir_refused);
	tcase_add_test(tc, test_store_follows_live_config);
	tcase_add_test(tc, test_data_survives_reopen);
	tcase_add_test(tc, test_alloc_skips_local_ids);
	tcase_add_test(tc, test_local_names_refused);
	tcase_add_test(tc, test_missing_local_files_are_empty);
	tcase_add_test(tc, test_uid_range_exhausted);
	tcase_add_test(tc, test_gid_range_exhausted);
	tcase_add_test(tc, test_database_full);
	tcase_add_test(tc, test_deprovisioned_tenant_hidden);
	tcase_add_test(tc, test_disabled_user_still_resolves);
	tcase_add_test(tc, test_store_api_lists);
	tcase_add_test(tc, test_group_list_orphan_is_corrupt);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
