/*
 * check_audit_uid.c - the acting uid in audit records (ACTOR_UID): each
 * kind of caller's record keeps the uid of the process that asked, as
 * AUDIT_LIST sends it (a wrong password's record, written by the lockout
 * count, too); a record written before the field existed still
 * verifies, between new ones; and a uid changed, removed or added behind
 * the daemon's back breaks the chain there.  Requests go through
 * ad_dispatch; the tampering goes straight to LMDB, as mdb_load could.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "store/audit.h"
#include "store/priv.h"

#define MALLORY 4242u
#define OLIVIA 1500u /* an operator by operator_group */

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- LMDB behind the daemon's back ---- */

static void put_stored(uint64_t seq, const void *val, size_t len)
{
	struct ad_err err = {0, ""};
	uint8_t key[8];
	struct st_wtx w;

	acct_be64_put(key, seq);
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(
		st_write_end(&w, st_put(&w, DB_AUDIT, key, 8, val, len, 0)),
		ACCT_ST_OK);
}

/* Record seq as stored, copied into b (hashes included). */
static void get_stored(uint64_t seq, struct acct_buf *b)
{
	MDB_txn *txn;
	MDB_val v;
	uint8_t key[8];

	acct_be64_put(key, seq);
	ck_assert_int_eq(mdb_txn_begin(T.st->env, NULL, MDB_RDONLY, &txn), 0);
	ck_assert_int_eq(st_get(txn, T.st->dbi[DB_AUDIT], key, 8, &v), 0);
	acct_buf_init(b, AD_AUDIT_REC_MAX);
	acct_buf_append(b, v.mv_data, v.mv_size);
	mdb_txn_abort(txn);
	ck_assert_int_eq(b->err, 0);
}

enum uid_edit { UID_CHANGE, UID_DROP, UID_ADD };

/* Record seq rewritten field by field, its hashes kept: its ACTOR_UID
 * changed to uid, dropped, or added after ACTOR. */
static void edit_uid(uint64_t seq, enum uid_edit how, uint32_t uid)
{
	struct acct_buf old, b;
	struct acct_reader r;
	struct acct_field f;
	bool edited = false;

	get_stored(seq, &old);
	acct_buf_init(&b, AD_AUDIT_REC_MAX);
	acct_reader_init(&r, old.data, old.len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag == ACCT_T_ACTOR_UID) {
			edited = true;
			if (how == UID_CHANGE)
				acct_put_u32(&b, ACCT_T_ACTOR_UID, uid);
			continue;
		}
		acct_put_bytes(&b, f.tag, f.val, f.len);
		if (f.tag == ACCT_T_ACTOR && how == UID_ADD) {
			acct_put_u32(&b, ACCT_T_ACTOR_UID, uid);
			edited = true;
		}
	}
	ck_assert(edited);
	ck_assert_int_eq(b.err, 0);
	put_stored(seq, b.data, b.len);
	acct_buf_free(&b);
	acct_buf_free(&old);
}

/* AUDIT_VERIFY as root: the first broken record (0: none), its words. */
static uint64_t broken_at(char *why, size_t size)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 ACCT_ST_OK);
	snprintf(why, size, "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_AUDIT_CHAIN));
	if (dt_count(T.rep.data, T.rep.len, ACCT_T_BROKEN_SEQ) == 0)
		return 0;
	return dt_u64(T.rep.data, T.rep.len, ACCT_T_BROKEN_SEQ);
}

/* ---- each caller's uid ---- */

/* The AUDIT rec of seq in the last AUDIT_LIST reply. */
static struct acct_field listed(uint64_t seq)
{
	struct acct_reader r;
	struct acct_field f;

	acct_reader_init(&r, T.rep.data, T.rep.len);
	while (acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_AUDIT &&
		    dt_u64(f.val, f.len, ACCT_T_SEQ) == seq)
			return f;
	ck_abort_msg("audit record %llu not listed", (unsigned long long)seq);
	return f;
}

START_TEST(test_each_caller_keeps_its_uid)
{
	static struct dt_audit_list l;
	struct ad_audit_view v;
	struct acct_buf b;
	struct acct_field rec;
	uint32_t alice;

	dt_write_file(T.passwd, "root:x:0:0:root:/root:/bin/sh\n"
				"olivia:x:1500:1500::/home/olivia:/bin/sh\n");
	dt_tenant(&T, "acme");					 /* 1 */
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);	 /* 2 */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_USER_CREATE, /* 3 */
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE, /* 4 */
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_SUDO_USER, "alice"), DT_END),
			 ACCT_ST_OK);
	T.platform = AD_PLATFORM_OPERATOR;
	ck_assert_int_eq(dt_call(&T, OLIVIA, ACCT_OP_USER_ENABLE, /* 5 */
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	T.platform = 0;
	ck_assert_int_eq(dt_call(&T, MALLORY, ACCT_OP_TENANT_CREATE, /* 6 */
				 DT_S(ACCT_T_NAME, "evil"), DT_END),
			 ACCT_ST_DENIED);

	dt_audit_read(&T, &l); /* and the chain verifies */
	ck_assert_uint_eq(l.n, 6);
	ck_assert_str_eq(l.rec[0].actor, "root");
	ck_assert_int_eq(l.rec[0].uid, 0);
	/* a directory user: a plain name, and its uid beside it */
	ck_assert_str_eq(l.rec[2].actor, "alice");
	ck_assert_int_eq(l.rec[2].uid, alice);
	ck_assert_str_eq(l.rec[3].actor, "root (sudo by alice)");
	ck_assert_int_eq(l.rec[3].uid, 0);
	/* an operator's login from the host's passwd */
	ck_assert_str_eq(l.rec[4].actor, "olivia");
	ck_assert_int_eq(l.rec[4].uid, OLIVIA);
	/* a refusal (coalesced or not) is the caller's too */
	ck_assert_str_eq(l.rec[5].actor, "uid 4242");
	ck_assert_uint_eq(l.rec[5].result, ACCT_ST_DENIED);
	ck_assert_int_eq(l.rec[5].uid, MALLORY);

	/* the store's reading of a record has it */
	get_stored(3, &b);
	ck_assert_int_eq(ad_audit_view(b.data, b.len, &v), 0);
	ck_assert(v.has_uid);
	ck_assert_uint_eq(v.uid, alice);
	acct_buf_free(&b);

	/* and AUDIT_LIST sends it, once, in each record */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST, DT_END),
			 ACCT_ST_OK);
	for (uint64_t seq = 1; seq <= 6; seq++) {
		rec = listed(seq);
		ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_ACTOR_UID),
				 1);
	}
	rec = listed(3);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_ACTOR_UID), alice);
	rec = listed(6);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_ACTOR_UID), MALLORY);
}
END_TEST

/* A wrong password: the record the lockout count writes itself (a
 * screen locker asking for its own user: the uid is the user's). */
START_TEST(test_wrong_password_keeps_the_uid)
{
	static struct dt_audit_list l;
	uint32_t bob;

	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	dt_tenant(&T, "acme");
	bob = dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_PASSWORD, "a good long password"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, "not his password"),
				 DT_S(ACCT_T_SERVICE, "xlock"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_AUTH_ERR);
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.rec[3].action, "auth");
	ck_assert_uint_eq(l.rec[3].pam_result, ACCT_PAM_AUTH_ERR);
	ck_assert_str_eq(l.rec[3].actor, "bob");
	ck_assert_int_eq(l.rec[3].uid, bob);
}
END_TEST

/* ---- records written before ACTOR_UID ---- */

/* A record as a daemon before ACTOR_UID wrote it: the body, then
 * PREV_HASH and HASH = BLAKE2b-256(PREV_HASH || seq BE || body), the
 * formula of store/audit.h spelt out here so that it cannot drift. */
static void put_old_record(uint64_t seq, const uint8_t prev[32],
			   uint8_t hash[32])
{
	crypto_generichash_state s;
	uint8_t key[8];
	struct acct_buf b;

	acct_buf_init(&b, AD_AUDIT_REC_MAX);
	acct_put_u64(&b, ACCT_T_TIME, 1796205600);
	acct_put_str(&b, ACCT_T_ACTOR, "alice");
	acct_put_str(&b, ACCT_T_ACTION, "user-update");
	acct_put_str(&b, ACCT_T_TARGET, "alice");
	acct_put_str(&b, ACCT_T_TENANT, "acme");
	acct_put_u32(&b, ACCT_T_RESULT, ACCT_ST_OK);
	acct_put_u32(&b, ACCT_T_PID, 77);
	acct_be64_put(key, seq);
	crypto_generichash_init(&s, NULL, 0, 32);
	crypto_generichash_update(&s, prev, 32);
	crypto_generichash_update(&s, key, sizeof(key));
	crypto_generichash_update(&s, b.data, b.len);
	crypto_generichash_final(&s, hash, 32);
	acct_put_bytes(&b, ACCT_T_PREV_HASH, prev, 32);
	acct_put_bytes(&b, ACCT_T_HASH, hash, 32);
	ck_assert_int_eq(b.err, 0);
	put_stored(seq, b.data, b.len);
	acct_buf_free(&b);
}

START_TEST(test_old_records_still_verify)
{
	static struct dt_audit_list l;
	uint8_t zeros[32] = {0}, h1[32], h2[32];
	struct ad_audit_view v;
	struct acct_buf b;
	struct acct_field rec;
	char why[AD_MSG_MAX];

	/* an upgraded store: two records from before, then new ones */
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 0);
	put_old_record(1, zeros, h1);
	put_old_record(2, h1, h2);
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", 0);

	ck_assert_uint_eq(broken_at(why, sizeof(why)), 0);
	ck_assert_str_eq(why, "intact");
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_int_eq(l.rec[0].uid, -1);
	ck_assert_int_eq(l.rec[1].uid, -1);
	ck_assert_int_eq(l.rec[2].uid, 0);
	ck_assert_int_eq(l.rec[3].uid, 0);
	/* the first new record follows the old one's hash */
	get_stored(3, &b);
	ck_assert_mem_eq(b.data + b.len - 2 * 32 - ACCT_FIELD_HDR_LEN, h2, 32);
	acct_buf_free(&b);
	/* read as one without a uid, and listed without one */
	get_stored(1, &b);
	ck_assert_int_eq(ad_audit_view(b.data, b.len, &v), 0);
	ck_assert(!v.has_uid);
	ck_assert_str_eq(dt_str(b.data, b.len, ACCT_T_ACTOR), "alice");
	acct_buf_free(&b);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST, DT_END),
			 ACCT_ST_OK);
	rec = listed(1);
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_ACTOR_UID), 0);
	rec = listed(3);
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_ACTOR_UID), 1);
}
END_TEST

/* ---- the uid is under the hash ---- */

/* Four records by root, alice, root, root: record 2 is alice's. */
static uint32_t four_records(void)
{
	uint32_t alice;
	char why[AD_MSG_MAX];

	dt_tenant(&T, "acme");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(broken_at(why, sizeof(why)), 0);
	return alice;
}

START_TEST(test_uid_changed_breaks_the_chain)
{
	char why[AD_MSG_MAX];

	(void)four_records();
	/* alice's change made to look like root's */
	edit_uid(3, UID_CHANGE, 0);
	ck_assert_uint_eq(broken_at(why, sizeof(why)), 3);
	ck_assert_str_eq(why, "audit record 3 was changed after it was "
			      "written (the 2 before it are intact)");
}
END_TEST

START_TEST(test_uid_removed_breaks_the_chain)
{
	char why[AD_MSG_MAX];

	(void)four_records();
	/* made to look like a record from before ACTOR_UID */
	edit_uid(3, UID_DROP, 0);
	ck_assert_uint_eq(broken_at(why, sizeof(why)), 3);
	ck_assert_str_eq(why, "audit record 3 was changed after it was "
			      "written (the 2 before it are intact)");
}
END_TEST

START_TEST(test_uid_added_breaks_the_chain)
{
	uint8_t zeros[32] = {0}, h1[32];
	char why[AD_MSG_MAX];

	/* an old record given a uid it never had */
	put_old_record(1, zeros, h1);
	dt_tenant(&T, "acme");
	ck_assert_uint_eq(broken_at(why, sizeof(why)), 0);
	edit_uid(1, UID_ADD, 1005);
	ck_assert_uint_eq(broken_at(why, sizeof(why)), 1);
	ck_assert_str_eq(why, "audit record 1 was changed after it was "
			      "written (the 0 before it are intact)");
}
END_TEST

static Suite *audit_uid_suite(void)
{
	Suite *s = suite_create("audit_uid");
	TCase *tc = tcase_create("audit_uid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_each_caller_keeps_its_uid);
	tcase_add_test(tc, test_wrong_password_keeps_the_uid);
	tcase_add_test(tc, test_old_records_still_verify);
	tcase_add_test(tc, test_uid_changed_breaks_the_chain);
	tcase_add_test(tc, test_uid_removed_breaks_the_chain);
	tcase_add_test(tc, test_uid_added_breaks_the_chain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(audit_uid_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
