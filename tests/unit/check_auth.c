/*
 * check_auth.c - USER_PASSWD through ad_dispatch: the quality rules before
 * anything else, the hash kept in the user record and never in a reply,
 * and the deferred path (a real worker pool, a test deferrer in place of
 * the server).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "daemon_testlib.h"
#include "ops/dispatch.h"
#include "ops/password.h"
#include "server/pending.h"
#include "server/worker.h"

#define NOBODY 65534

static struct dt T;

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	/* the smallest cost libsodium allows: fast tests */
	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static struct ad_user stored_user(const char *login)
{
	struct ad_err err = {0, ""};
	struct ad_user u;

	ck_assert_int_eq(ad_store_user_get(T.st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u;
}

static bool stored_matches(const char *login, const char *password)
{
	struct ad_user u = stored_user(login);
	struct ad_secret s;
	bool ok;

	ck_assert_int_eq(ad_secret_set(&s, password, strlen(password)), 0);
	ok = ad_password_verify(u.password_hash, &s);
	ad_secret_free(&s);
	return ok;
}

/* Does the last reply carry a hash anywhere, in any field? */
static bool reply_leaks_hash(void)
{
	return memmem(T.rep.data, T.rep.len, "$argon2", 7) != NULL;
}

static int passwd(uid_t uid, const char *login, const char *password)
{
	return dt_call(&T, uid, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_PASSWORD, password), DT_END);
}

START_TEST(test_set_and_verify)
{
	char before[AD_MAX_PWHASH + 1];

	ck_assert_str_eq(stored_user("alice").password_hash, "");
	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert(stored_matches("alice", "tr0ub4dor&3x"));
	ck_assert(!stored_matches("alice", "tr0ub4dor&3y"));
	/* a new password replaces the old */
	memcpy(before, stored_user("alice").password_hash, sizeof(before));
	ck_assert_int_eq(passwd(0, "alice", "correct horse"), ACCT_ST_OK);
	ck_assert_str_ne(stored_user("alice").password_hash, before);
	ck_assert(stored_matches("alice", "correct horse"));
	ck_assert(!stored_matches("alice", "tr0ub4dor&3x"));
}
END_TEST

START_TEST(test_hash_never_in_replies)
{
	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!reply_leaks_hash());
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 1);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_LIST, DT_END), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 1);
	ck_assert(!reply_leaks_hash());
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert(!reply_leaks_hash());
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_ENUM, DT_END),
			 ACCT_ST_OK);
	ck_assert(!reply_leaks_hash());
}
END_TEST

START_TEST(test_other_changes_keep_the_hash)
{
	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert(stored_matches("alice", "tr0ub4dor&3x"));
	dt_reopen(&T);
	ck_assert(stored_matches("alice", "tr0ub4dor&3x"));
}
END_TEST

/* Refused passwords: the reason, and nothing changed. */
static const struct {
	const char *pw;
	const char *words;
} weak[] = {
	{"", "empty"},
	{"short", "too short"},
	{"alice", "too short"},
	{"aaaaaaaaaaaaaa", "repeated"},
};

START_TEST(test_quality_first)
{
	ck_assert_int_eq(passwd(0, "alice", weak[_i].pw), ACCT_ST_INVALID);
	ck_assert_msg(strstr(T.msg, weak[_i].words) != NULL, "%s", T.msg);
	ck_assert_str_eq(stored_user("alice").password_hash, "");
	/* quality comes before the user is even looked up */
	ck_assert_int_eq(passwd(0, "nobody-here", weak[_i].pw),
			 ACCT_ST_INVALID);
}
END_TEST

START_TEST(test_login_as_password)
{
	T.cfg.password_min_length = 3;
	ck_assert_int_eq(passwd(0, "alice", "ALICE"), ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "login name"));
	ck_assert_int_eq(passwd(0, "alice", "bob"), ACCT_ST_OK);
}
END_TEST

START_TEST(test_refusals)
{
	char big[ACCT_MAX_PASSWORD + 2];

	ck_assert_int_eq(passwd(0, "nobody-here", "a good password"),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no user 'nobody-here'");
	ck_assert_int_eq(passwd(NOBODY, "alice", "a good password"),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_PASSWD,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: password");
	memset(big, 'x', sizeof(big) - 1);
	big[0] = 'y';
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(passwd(0, "alice", big), ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "too long"));
	/* a deleted user keeps its login, not a password */
	dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(passwd(0, "bob", "a good password"), ACCT_ST_NOTFOUND);
	ck_assert_str_eq(stored_user("bob").password_hash, "");
}
END_TEST

/* ---- AUTH ---- */

static int auth(uid_t uid, const char *login, const char *password)
{
	return dt_call(&T, uid, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_PASSWORD, password),
		       DT_S(ACCT_T_SERVICE, "login"), DT_END);
}

/* AUTH as root; the PAM_RESULT of an OK reply. */
static uint32_t auth_result(const char *login, const char *password)
{
	ck_assert_int_eq(auth(0, login, password), ACCT_ST_OK);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

START_TEST(test_auth_verdicts)
{
	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	ck_assert_uint_eq(auth_result("alice", "tr0ub4dor&3x"), ACCT_PAM_OK);
	ck_assert_str_eq(T.msg, "");
	ck_assert_uint_eq(auth_result("alice", "tr0ub4dor&3y"),
			  ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(auth_result("alice", ""), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(auth_result("mallory", "tr0ub4dor&3x"),
			  ACCT_PAM_USER_UNKNOWN);
	dt_user(&T, "bob", "acme", 0);
	ck_assert_uint_eq(auth_result("bob", "anything at all"),
			  ACCT_PAM_NO_PASSWORD);
	/* the right password of a disabled user: the policy speaks */
	ck_assert_int_eq(passwd(0, "bob", "bobs password"), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(auth_result("bob", "bobs password"),
			  ACCT_PAM_DISABLED);
	ck_assert_ptr_nonnull(strstr(T.msg, "bob"));
	/* a wrong one learns nothing about the account */
	ck_assert_uint_eq(auth_result("bob", "not bobs password"),
			  ACCT_PAM_AUTH_ERR);
	ck_assert_str_eq(T.msg, "");
	/* and a deleted user is unknown */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(auth_result("bob", "bobs password"),
			  ACCT_PAM_USER_UNKNOWN);
}
END_TEST

START_TEST(test_auth_who_may_ask)
{
	uint32_t alice = stored_user("alice").uid;

	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	/* a screen locker running as alice checks alice */
	ck_assert_int_eq(auth(alice, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	/* nobody else may probe alice */
	ck_assert_int_eq(auth(NOBODY, "alice", "tr0ub4dor&3x"), ACCT_ST_DENIED);
	ck_assert_int_eq(auth(alice + 1, "alice", "x"), ACCT_ST_DENIED);
	/* a name the directory does not hold is unknown to anyone (a
	 * program acting for its own local user, postgres, say) */
	ck_assert_int_eq(auth(alice, "postgres", "x"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_USER_UNKNOWN);
	ck_assert_int_eq(auth(NOBODY, "postgres", "x"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_USER_UNKNOWN);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_PASSWORD, "tr0ub4dor&3x"), DT_END),
			 ACCT_ST_BADREQ);
}
END_TEST

START_TEST(test_auth_rehash)
{
	struct ad_pw_limits now;
	char old[AD_MAX_PWHASH + 1];

	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"), ACCT_ST_OK);
	memcpy(old, stored_user("alice").password_hash, sizeof(old));
	T.cfg.argon2_opslimit++;
	ad_pw_limits_from(&T.cfg, &now);
	ck_assert(ad_password_needs_rehash(old, &now));
	/* a failure changes nothing */
	ck_assert_uint_eq(auth_result("alice", "wrong password"),
			  ACCT_PAM_AUTH_ERR);
	ck_assert_str_eq(stored_user("alice").password_hash, old);
	/* a success renews the hash with the current limits */
	ck_assert_uint_eq(auth_result("alice", "tr0ub4dor&3x"), ACCT_PAM_OK);
	ck_assert_str_ne(stored_user("alice").password_hash, old);
	ck_assert(!ad_password_needs_rehash(stored_user("alice").password_hash,
					    &now));
	ck_assert(stored_matches("alice", "tr0ub4dor&3x"));
}
END_TEST

/* ---- the deferred path: a worker pool and a test deferrer ---- */

struct test_deferrer {
	struct ad_deferrer d;
	struct event_base *base;
	int taken, delivered, status;
	uint8_t payload[512];
	size_t len;
	/* alice's failed logins as the reply went out */
	uint32_t failures_at_reply;
};

static void test_deliver(struct ad_pending *p, int status,
			 const uint8_t *payload, size_t len)
{
	struct test_deferrer *td = *(struct test_deferrer **)(p + 1);

	td->delivered++;
	td->status = status;
	td->failures_at_reply = stored_user("alice").failed_logins;
	ck_assert_uint_le(len, sizeof(td->payload));
	if (len > 0)
		memcpy(td->payload, payload, len);
	td->len = len;
	free(p);
	event_base_loopbreak(td->base);
}

static struct ad_pending *
test_begin(struct ad_deferrer *d, const struct ad_peer *peer, uint16_t opcode)
{
	struct test_deferrer *td = (struct test_deferrer *)d;
	/* the token, then a pointer back to us */
	struct ad_pending *p =
		calloc(1, sizeof(*p) + sizeof(struct test_deferrer *));

	ck_assert_ptr_nonnull(p);
	p->conn_id = peer->conn_id;
	p->opcode = opcode;
	p->deliver = test_deliver;
	*(struct test_deferrer **)(p + 1) = td;
	td->taken++;
	return p;
}

START_TEST(test_deferred_through_workers)
{
	struct test_deferrer td = {.d = {test_begin}};
	char err[128];

	td.base = event_base_new();
	ck_assert_ptr_nonnull(td.base);
	T.ctx.workers = ad_workers_new(td.base, 1, 4, err, sizeof(err));
	ck_assert_ptr_nonnull(T.ctx.workers);
	T.ctx.defer = &td.d;

	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"),
			 AD_DISPATCH_PENDING);
	ck_assert_int_eq(td.taken, 1);
	/* nothing is written before the worker is done */
	ck_assert_str_eq(stored_user("alice").password_hash, "");
	while (td.delivered == 0)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	ck_assert_int_eq(td.status, ACCT_ST_OK);
	ck_assert_uint_eq(td.len, 0);
	ck_assert(stored_matches("alice", "tr0ub4dor&3x"));

	/* refusals still answer at once, without a token */
	ck_assert_int_eq(passwd(0, "alice", "short"), ACCT_ST_INVALID);
	ck_assert_int_eq(passwd(0, "nobody-here", "a good password"),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(td.taken, 1);

	/* a job cancelled by a stop answers BUSY and changes nothing */
	ck_assert_int_eq(passwd(0, "alice", "another good one"),
			 AD_DISPATCH_PENDING);
	ad_workers_free(T.ctx.workers);
	T.ctx.workers = NULL;
	ck_assert_int_eq(td.delivered, 2);
	if (td.status != ACCT_ST_OK) {
		/* cancelled before a thread took it */
		ck_assert_int_eq(td.status, ACCT_ST_BUSY);
		ck_assert(stored_matches("alice", "tr0ub4dor&3x"));
	} else {
		ck_assert(stored_matches("alice", "another good one"));
	}

	/* AUTH takes the same way: a verdict from the worker */
	T.ctx.workers = ad_workers_new(td.base, 1, 4, err, sizeof(err));
	ck_assert_ptr_nonnull(T.ctx.workers);
	ck_assert_int_eq(auth(0, "mallory", "whatever"), AD_DISPATCH_PENDING);
	while (td.delivered == 2)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	ck_assert_int_eq(td.status, ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(td.payload, td.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_USER_UNKNOWN);

	/* a wrong password is answered before its count is written: the
	 * write does not show in the reply's timing, so a known user costs
	 * no more than an unknown one */
	ck_assert_int_eq(passwd(0, "alice", "tr0ub4dor&3x"),
			 AD_DISPATCH_PENDING);
	while (td.delivered == 3)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	ck_assert_int_eq(auth(0, "alice", "wrong"), AD_DISPATCH_PENDING);
	while (td.delivered == 4)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	ck_assert_uint_eq(dt_u32(td.payload, td.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(td.failures_at_reply, 0);
	ck_assert_uint_eq(stored_user("alice").failed_logins, 1);
	ad_workers_free(T.ctx.workers);
	T.ctx.workers = NULL;
	T.ctx.defer = NULL;
	event_base_free(td.base);
}
END_TEST

static Suite *auth_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("user-passwd");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_set_and_verify);
	tcase_add_test(tc, test_hash_never_in_replies);
	tcase_add_test(tc, test_other_changes_keep_the_hash);
	tcase_add_loop_test(tc, test_quality_first, 0,
			    (int)(sizeof(weak) / sizeof(weak[0])));
	tcase_add_test(tc, test_login_as_password);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_auth_verdicts);
	tcase_add_test(tc, test_auth_who_may_ask);
	tcase_add_test(tc, test_auth_rehash);
	tcase_add_test(tc, test_deferred_through_workers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(auth_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
