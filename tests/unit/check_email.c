/*
 * check_email.c - emails through ad_dispatch: normalised on every write,
 * unique within a tenant (CONFLICT on create, import and update, nothing
 * changed), shared across tenants; and the index made again when a store
 * an older accountsd wrote is opened, with a duplicate such a store may
 * hold left working.
 */
#include <check.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct_be.h"
#include "daemon_testlib.h"

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int create(const char *login, const char *tenant, const char *email)
{
	return dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_TENANT, tenant), DT_S(ACCT_T_EMAIL, email),
		       DT_END);
}

static int set_email(const char *login, const char *email)
{
	return dt_call(&T, 0, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_EMAIL, email), DT_END);
}

static const char *email_of(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	return dt_rec_str(&T, ACCT_T_USER, ACCT_T_EMAIL);
}

START_TEST(test_normalised)
{
	ck_assert_int_eq(
		create("alice", "acme", " \tAlice.Smith@Example.COM\n"),
		ACCT_ST_OK);
	/* trimmed, the domain lowercased, the local part kept */
	ck_assert_str_eq(email_of("alice"), "Alice.Smith@example.com");
	ck_assert_int_eq(set_email("alice", "  a@B.Example.ORG "), ACCT_ST_OK);
	ck_assert_str_eq(email_of("alice"), "a@b.example.org");
	/* local parts that differ in case are different addresses */
	ck_assert_int_eq(create("bob", "acme", "A@b.example.org"), ACCT_ST_OK);
	ck_assert_str_eq(email_of("bob"), "A@b.example.org");
	/* all white space is no address */
	ck_assert_int_eq(set_email("bob", "  "), ACCT_ST_OK);
	ck_assert_str_eq(email_of("bob"), "");
}
END_TEST

START_TEST(test_duplicate_within_tenant)
{
	ck_assert_int_eq(create("alice", "acme", "a@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("bob", "acme", "b@x.org"), ACCT_ST_OK);

	/* create */
	ck_assert_int_eq(create("carol", "acme", " a@X.ORG"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "email 'a@x.org' is already used in tenant "
				"'acme'");
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 2);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_NOTFOUND);

	/* update: refused whole, the display name given with it too */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Bob"),
				 DT_S(ACCT_T_EMAIL, "a@x.org"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "email 'a@x.org' is already used in tenant "
				"'acme'");
	ck_assert_str_eq(email_of("bob"), "b@x.org");
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_DISPLAY_NAME), "");
	/* one's own address again is no conflict */
	ck_assert_int_eq(set_email("bob", "b@X.org"), ACCT_ST_OK);

	/* import: all or nothing, the culprit named */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "dave"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "d@x.org"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "erin"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "b@x.org"), DT_ENDREC, DT_END),
		ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "user 'erin': email 'b@x.org' is already used "
				"in tenant 'acme'");
	/* and two of the batch with one address */
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "dave"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "d@x.org"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "erin"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "d@X.org"), DT_ENDREC, DT_END),
		ACCT_ST_CONFLICT);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 2);

	/* a deleted user gives its address back; a changed one its old */
	ck_assert_int_eq(set_email("alice", "new@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("carol", "acme", "a@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(create("dave", "acme", "b@x.org"), ACCT_ST_OK);
}
END_TEST

START_TEST(test_shared_across_tenants)
{
	ck_assert_int_eq(create("alice", "acme", "same@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("bob", "beta", "same@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("carol", "beta", "other@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(set_email("carol", "Same@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(set_email("carol", "same@X.org"), ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "email 'same@x.org' is already used in tenant "
				"'beta'");
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "dave"), DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "other@x.org"), DT_ENDREC,
			DT_BEGIN(ACCT_T_USER), DT_S(ACCT_T_NAME, "erin"),
			DT_S(ACCT_T_TENANT, "beta"),
			DT_S(ACCT_T_EMAIL, "dave@x.org"), DT_ENDREC, DT_END),
		ACCT_ST_OK);
}
END_TEST

/* ---- an older store ---- */

/* Behind the store's back, as an older accountsd (or damage) would have
 * left it: no "email_index" mark, a stale entry in the index and none of
 * the right ones, and user uid holding email. */
static void age_store(uint32_t tenant_gid, uint32_t uid, const char *email)
{
	static const char stale[] = "stale@x.org";
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta, users, index;
	MDB_val key = {11, (void *)"email_index"}, val;
	uint8_t k[4 + sizeof(stale)], ukey[4], bogus[4];
	struct acct_reader r;
	struct acct_field f;
	struct acct_buf b;

	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(mdb_env_set_maxdbs(env, 16), 0);
	ck_assert_int_eq(mdb_env_open(env, T.dir, 0, 0600), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "users", 0, &users), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "user_by_email", 0, &index), 0);
	/* the mark a new store gets */
	ck_assert_int_eq(mdb_get(txn, meta, &key, &val), 0);
	ck_assert_uint_eq(val.mv_size, 4);
	ck_assert_uint_eq(acct_be32_get(val.mv_data), 2);
	ck_assert_int_eq(mdb_del(txn, meta, &key, NULL), 0);
	ck_assert_int_eq(mdb_drop(txn, index, 0), 0);
	acct_be32_put(k, tenant_gid);
	memcpy(k + 4, stale, sizeof(stale) - 1);
	acct_be32_put(bogus, 999999);
	key = (MDB_val){4 + sizeof(stale) - 1, k};
	val = (MDB_val){4, bogus};
	ck_assert_int_eq(mdb_put(txn, index, &key, &val, 0), 0);

	/* the user record with its EMAIL replaced */
	acct_be32_put(ukey, uid);
	key = (MDB_val){4, ukey};
	ck_assert_int_eq(mdb_get(txn, users, &key, &val), 0);
	acct_buf_init(&b, 1u << 20);
	acct_reader_init(&r, val.mv_data, val.mv_size);
	while (acct_next(&r, &f) == 1)
		if (f.tag != ACCT_T_EMAIL)
			acct_put_bytes(&b, f.tag, f.val, f.len);
	acct_put_str(&b, ACCT_T_EMAIL, email);
	ck_assert_int_eq(b.err, 0);
	val = (MDB_val){b.len, b.data};
	ck_assert_int_eq(mdb_put(txn, users, &key, &val, 0), 0);
	acct_buf_free(&b);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

/* The mark, read while the store is closed (LMDB: one open per process). */
static uint32_t index_mark(void)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta;
	MDB_val key = {11, (void *)"email_index"}, val;
	uint32_t v;

	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(mdb_env_set_maxdbs(env, 16), 0);
	ck_assert_int_eq(mdb_env_open(env, T.dir, MDB_RDONLY, 0600), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	ck_assert_int_eq(mdb_get(txn, meta, &key, &val), 0);
	ck_assert_uint_eq(val.mv_size, 4);
	v = acct_be32_get(val.mv_data);
	mdb_txn_abort(txn);
	mdb_env_close(env);
	return v;
}

START_TEST(test_index_made_again_on_an_old_store)
{
	uint32_t acme_gid, second;

	ck_assert_int_eq(create("first", "acme", "dup@x.org"), ACCT_ST_OK);
	acme_gid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_TENANT_GID);
	ck_assert_int_eq(create("second", "acme", "own@x.org"), ACCT_ST_OK);
	second = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_int_eq(create("other", "beta", "dup@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("gone", "acme", "gone@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "gone"), DT_END),
			 ACCT_ST_OK);
	ad_store_close(T.st);
	T.st = NULL;
	age_store(acme_gid, second, "dup@x.org");

	dt_reopen(&T); /* the index is made from the users */
	/* every live address is found again, in its tenant */
	ck_assert_int_eq(create("third", "acme", "dup@x.org"),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(create("third", "beta", "dup@x.org"),
			 ACCT_ST_CONFLICT);
	/* the stale entry and the second's old address are gone, and so is
	 * the tombstone's */
	ck_assert_int_eq(create("third", "acme", "stale@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("fourth", "acme", "own@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("fifth", "acme", "gone@x.org"), ACCT_ST_OK);

	/* the duplicate works on: both keep the address, the first (lowest
	 * uid) is the one the index names */
	ck_assert_str_eq(email_of("second"), "dup@x.org");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "second"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Second"),
				 DT_S(ACCT_T_EMAIL, "dup@x.org"), DT_END),
			 ACCT_ST_OK);
	/* moving the second away leaves the first's entry alone */
	ck_assert_int_eq(set_email("second", "moved@x.org"), ACCT_ST_OK);
	ck_assert_int_eq(create("sixth", "acme", "dup@x.org"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(email_of("first"), "dup@x.org");

	/* marked made; opened again, it stays as it is */
	ad_store_close(T.st);
	T.st = NULL;
	ck_assert_uint_eq(index_mark(), 2);
	dt_reopen(&T);
	ck_assert_int_eq(create("sixth", "acme", "moved@x.org"),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(create("sixth", "acme", "dup@x.org"),
			 ACCT_ST_CONFLICT);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("email");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_normalised);
	tcase_add_test(tc, test_duplicate_within_tenant);
	tcase_add_test(tc, test_shared_across_tenants);
	tcase_add_test(tc, test_index_made_again_on_an_old_store);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
