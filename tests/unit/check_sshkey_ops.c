/*
 * check_sshkey_ops.c - SSH_KEY_ADD, SSH_KEY_LIST, SSH_KEY_REMOVE and
 * SSH_KEYS_AUTHORIZED through ad_dispatch on a temporary store: who may
 * manage whose keys, the bounds, the audit records, and the public answer
 * sshd gets for users who may and may not log in.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "acct_be.h"
#include "acct_sshkey.h"
#include "daemon_testlib.h"
#include "policy/access.h"
#include "store/sshkey.h"

#define NOBODY 65534u
#define SYSTEM_UID 999u /* below the test's uid_min */

static struct dt T;
static uint32_t alice, adam, bob, carol, olga; /* uids */

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	T.cfg.lockout_attempts = 3;
	dt_tenant(&T, "acme");
	dt_tenant(&T, "other");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	bob = dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	carol = dt_user(&T, "carol", "acme", ACCT_ROLE_MEMBER);
	olga = dt_user(&T, "olga", "other", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* A well-formed Ed25519 key line, different for each n. */
static const char *key_line(unsigned n, const char *comment)
{
	static const uint8_t type[] = {'s', 's', 'h', '-', 'e', 'd',
				       '2', '5', '5', '1', '9'};
	static char line[256];
	uint8_t blob[4 + sizeof(type) + 4 + 32];
	char b64[128];

	acct_be32_put(blob, sizeof(type));
	memcpy(blob + 4, type, sizeof(type));
	acct_be32_put(blob + 15, 32);
	memset(blob + 19, (int)n, 32);
	sodium_bin2base64(b64, sizeof(b64), blob, sizeof(blob),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, sizeof(line), "ssh-ed25519 %s%s%s", b64,
		 comment ? " " : "", comment ? comment : "");
	return line;
}

static const char *fingerprint_of(unsigned n)
{
	static struct acct_sshkey k;
	const char *line = key_line(n, NULL);
	char err[128];

	ck_assert_int_eq(
		acct_sshkey_parse(line, strlen(line), &k, err, sizeof(err)), 0);
	return k.fingerprint;
}

static int add(uint32_t uid, const char *login, unsigned n)
{
	if (login == NULL)
		return dt_call(&T, uid, ACCT_OP_SSH_KEY_ADD,
			       DT_S(ACCT_T_SSH_KEY_LINE, key_line(n, "k")),
			       DT_END);
	return dt_call(&T, uid, ACCT_OP_SSH_KEY_ADD, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_SSH_KEY_LINE, key_line(n, "k")), DT_END);
}

static int remove_key(uint32_t uid, const char *login, const char *fp)
{
	return dt_call(&T, uid, ACCT_OP_SSH_KEY_REMOVE,
		       DT_S(ACCT_T_NAME, login), DT_S(ACCT_T_FINGERPRINT, fp),
		       DT_END);
}

/* How many keys LIST shows root for login. */
static int listed(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_SSH_KEY_LIST,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	return dt_count(T.rep.data, T.rep.len, ACCT_T_SSH_KEY);
}

/* What sshd's command hears about login, asked as uid: the keys. */
static int authorized(uint32_t uid, const char *login)
{
	ck_assert_int_eq(dt_call(&T, uid, ACCT_OP_SSH_KEYS_AUTHORIZED,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	if (T.rep.len == 0)
		return 0;
	return dt_count(T.rep.data, T.rep.len, ACCT_T_SSH_KEY);
}

START_TEST(test_own_keys)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_SSH_KEY, ACCT_T_FINGERPRINT),
			 fingerprint_of(1));
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_SSH_KEY, ACCT_T_KEY_COMMENT),
			 "k");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_SSH_KEY, ACCT_T_KEY_BITS), 256);
	/* no NAME: the caller's own */
	ck_assert_int_eq(add(bob, NULL, 2), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_SSH_KEY, ACCT_T_NAME), "bob");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_SSH_KEY_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SSH_KEY), 2);
	ck_assert_int_eq(remove_key(bob, "bob", fingerprint_of(1)), ACCT_ST_OK);
	ck_assert_int_eq(listed("bob"), 1);
	/* an operator names the user */
	ck_assert_int_eq(add(0, NULL, 3), ACCT_ST_BADREQ);
	ck_assert_int_eq(add(0, "bob", 3), ACCT_ST_OK);
	ck_assert_int_eq(listed("bob"), 2);
}
END_TEST

START_TEST(test_admin_on_member)
{
	ck_assert_int_eq(add(adam, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_SSH_KEY_LIST,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SSH_KEY), 1);
	ck_assert_int_eq(remove_key(adam, "bob", fingerprint_of(1)),
			 ACCT_ST_OK);
	ck_assert_int_eq(listed("bob"), 0);
	/* and the owner on an admin */
	ck_assert_int_eq(add(alice, "adam", 1), ACCT_ST_OK);
}
END_TEST

START_TEST(test_member_on_member_refused)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(add(carol, "bob", 2), ACCT_ST_DENIED);
	ck_assert_int_eq(remove_key(carol, "bob", fingerprint_of(1)),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_SSH_KEY_LIST,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_DENIED);
	/* nothing changed */
	ck_assert_int_eq(listed("bob"), 1);
	/* an admin may not touch the owner's keys (rank) */
	ck_assert_int_eq(add(adam, "alice", 3), ACCT_ST_DENIED);
	ck_assert_int_eq(listed("alice"), 0);
}
END_TEST

/* The words after "'NAME': ", the same whatever NAME was. */
static void why_of(const char *msg, const char *name, char *out, size_t size)
{
	char quoted[64];
	const char *p;

	snprintf(quoted, sizeof(quoted), "'%s': ", name);
	p = strstr(msg, quoted);
	ck_assert_msg(p != NULL, "'%s' does not name %s", msg, name);
	snprintf(out, size, "%s", p + strlen(quoted));
}

START_TEST(test_other_tenant_and_missing_alike)
{
	char real[AD_MSG_MAX], missing[AD_MSG_MAX];
	uint16_t ops[] = {ACCT_OP_SSH_KEY_ADD, ACCT_OP_SSH_KEY_LIST,
			  ACCT_OP_SSH_KEY_REMOVE};

	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		ck_assert_int_eq(
			dt_call(&T, olga, ops[i], DT_S(ACCT_T_NAME, "bob"),
				DT_S(ACCT_T_SSH_KEY_LINE, key_line(5, NULL)),
				DT_S(ACCT_T_FINGERPRINT, fingerprint_of(1)),
				DT_END),
			ACCT_ST_DENIED);
		why_of(T.msg, "bob", real, sizeof(real));
		ck_assert_int_eq(
			dt_call(&T, olga, ops[i], DT_S(ACCT_T_NAME, "nosuch"),
				DT_S(ACCT_T_SSH_KEY_LINE, key_line(5, NULL)),
				DT_S(ACCT_T_FINGERPRINT, fingerprint_of(1)),
				DT_END),
			ACCT_ST_DENIED);
		why_of(T.msg, "nosuch", missing, sizeof(missing));
		ck_assert_str_eq(real, missing);
	}
	ck_assert_int_eq(listed("bob"), 1);
}
END_TEST

START_TEST(test_duplicate)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_EXISTS);
	ck_assert_ptr_nonnull(strstr(T.msg, fingerprint_of(1)));
	ck_assert_int_eq(listed("bob"), 1);
	/* the same key for another user is that user's */
	ck_assert_int_eq(add(carol, "carol", 1), ACCT_ST_OK);
}
END_TEST

START_TEST(test_bound)
{
	T.cfg.max_ssh_keys_per_user = 3;
	for (unsigned n = 1; n <= 3; n++)
		ck_assert_int_eq(add(bob, "bob", n), ACCT_ST_OK);
	ck_assert_int_eq(add(bob, "bob", 4), ACCT_ST_CONFLICT);
	ck_assert_ptr_nonnull(strstr(T.msg, "max_ssh_keys_per_user"));
	ck_assert_int_eq(listed("bob"), 3);
	/* per user: carol still has room */
	ck_assert_int_eq(add(carol, "carol", 4), ACCT_ST_OK);
	ck_assert_int_eq(remove_key(bob, "bob", fingerprint_of(2)), ACCT_ST_OK);
	ck_assert_int_eq(add(bob, "bob", 4), ACCT_ST_OK);
}
END_TEST

START_TEST(test_remove_unknown)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(remove_key(bob, "bob", fingerprint_of(9)),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(remove_key(bob, "bob", "SHA256:nope"),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_SSH_KEY_REMOVE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(listed("bob"), 1);
}
END_TEST

START_TEST(test_bad_keys)
{
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_SSH_KEY_ADD,
				 DT_S(ACCT_T_SSH_KEY_LINE, "ssh-dss AAAA x"),
				 DT_END),
			 ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "DSA"));
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_SSH_KEY_ADD,
				 DT_S(ACCT_T_SSH_KEY_LINE, "ssh-ed25519 AAAA"),
				 DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_SSH_KEY_ADD, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(listed("bob"), 0);
}
END_TEST

static const struct dt_audit *find_audit(const struct dt_audit_list *l,
					 const char *action)
{
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->rec[i - 1].action, action) == 0)
			return &l->rec[i - 1];
	return NULL;
}

START_TEST(test_audited)
{
	static struct dt_audit_list l;
	const struct dt_audit *a;
	char fp[ACCT_SSHKEY_FP_LEN + 1];

	snprintf(fp, sizeof(fp), "%s", fingerprint_of(1));
	ck_assert_int_eq(add(adam, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(add(bob, NULL, 1), ACCT_ST_EXISTS);
	ck_assert_int_eq(remove_key(bob, "bob", fp), ACCT_ST_OK);
	dt_audit_read(&T, &l);
	a = find_audit(&l, "ssh-key-remove");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "bob");
	ck_assert_ptr_nonnull(strstr(a->message, fp));
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	a = find_audit(&l, "ssh-key-add");
	ck_assert_ptr_nonnull(a);
	/* the last add: the duplicate, of bob's own (no NAME) */
	ck_assert_str_eq(a->target, "bob");
	ck_assert_uint_eq(a->result, ACCT_ST_EXISTS);
	ck_assert_ptr_nonnull(strstr(a->message, fp));
}
END_TEST

/* n wrong passwords for login through AUTH, as a login would. */
static void fail_logins(const char *login, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH,
					 DT_S(ACCT_T_NAME, login),
					 DT_S(ACCT_T_PASSWORD, "wrong"),
					 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
				 ACCT_ST_OK);
}

START_TEST(test_authorized)
{
	struct acct_field rec;

	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_PASSWORD, "bobs password"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(add(bob, "bob", 2), ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 2);
	/* what sshd needs, and not the managers' details */
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_SSH_KEY, ACCT_T_KEY_TYPE),
			 "ssh-ed25519");
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_SSH_KEY, 0);
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_FINGERPRINT), 0);
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_KEY_DATA), 1);
	/* a disabled user has none, until enabled */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 2);
	/* a locked one neither, until unlocked */
	fail_logins("bob", 3);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UNLOCK,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 2);
	/* a suspended tenant's users neither */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 0);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert_str_eq(T.msg, "");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_REACTIVATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 2);
}
END_TEST

static int count_key(void *arg, const struct ad_ssh_key *k)
{
	(void)k;
	(*(int *)arg)++;
	return 0;
}

/* The keys the store holds for uid. */
static int stored_keys(uint32_t uid)
{
	struct ad_err err = {0, ""};
	int n = 0;

	ck_assert_int_eq(ad_store_ssh_key_list(T.st, uid, count_key, &n, &err),
			 ACCT_ST_OK);
	return n;
}

/* A deleted user: the same empty answer as a name nobody has, and its
 * keys are gone from the store. */
START_TEST(test_authorized_deleted)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(authorized(NOBODY, "bob"), 0);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert_int_eq(authorized(NOBODY, "nosuch"), 0);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert_int_eq(authorized(NOBODY, "Not A Login"), 0);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_SSH_KEY_LIST,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(stored_keys(bob), 0);
}
END_TEST

/* A purged tenant leaves no key of its users behind; the keys of
 * another tenant's users stay. */
START_TEST(test_purge_removes_keys)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	ck_assert_int_eq(add(carol, "carol", 2), ACCT_ST_OK);
	ck_assert_int_eq(add(olga, "olga", 3), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	/* deprovisioning: no login, so no key for sshd */
	ck_assert_int_eq(authorized(NOBODY, "bob"), 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	T.cfg.retention_days = 0;
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(stored_keys(bob), 0);
	ck_assert_int_eq(stored_keys(carol), 0);
	ck_assert_int_eq(stored_keys(olga), 1);
	ck_assert_int_eq(authorized(NOBODY, "olga"), 1);
}
END_TEST

START_TEST(test_authorized_visibility)
{
	T.cfg.lookup_visibility = AD_VISIBILITY_TENANT;
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	/* sshd's nobody is a system uid below uid_min (65534 is, under
	 * the default uid_min; here the range starts at 10000) */
	ck_assert_int_eq(authorized(SYSTEM_UID, "bob"), 1);
	ck_assert_int_eq(authorized(0, "bob"), 1);
	ck_assert_int_eq(authorized(carol, "bob"), 1);
	/* another tenant's user sees nothing, as for a name nobody has */
	ck_assert_int_eq(authorized(olga, "bob"), 0);
	ck_assert_uint_eq(T.rep.len, 0);
	/* a uid in the directory's range that it does not know: nothing */
	ck_assert_int_eq(authorized(50000, "bob"), 0);
}
END_TEST

START_TEST(test_support_reads)
{
	ck_assert_int_eq(add(bob, "bob", 1), ACCT_ST_OK);
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_SSH_KEY_LIST,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SSH_KEY), 1);
	ck_assert_int_eq(add(5000, "bob", 2), ACCT_ST_DENIED);
	T.platform = 0;
	ck_assert_int_eq(listed("bob"), 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sshkey_ops");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_own_keys);
	tcase_add_test(tc, test_admin_on_member);
	tcase_add_test(tc, test_member_on_member_refused);
	tcase_add_test(tc, test_other_tenant_and_missing_alike);
	tcase_add_test(tc, test_duplicate);
	tcase_add_test(tc, test_bound);
	tcase_add_test(tc, test_remove_unknown);
	tcase_add_test(tc, test_bad_keys);
	tcase_add_test(tc, test_audited);
	tcase_add_test(tc, test_authorized);
	tcase_add_test(tc, test_authorized_deleted);
	tcase_add_test(tc, test_purge_removes_keys);
	tcase_add_test(tc, test_authorized_visibility);
	tcase_add_test(tc, test_support_reads);
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
