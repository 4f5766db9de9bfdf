/*
 * check_lockout.c - lockout, USER_UNLOCK, the per-caller rate of PAM
 * requests and CHAUTHTOK, driven through ad_dispatch with a test clock
 * (ctx.clock) and the cheapest Argon2id limits; plus the lockout rules
 * and the token bucket as pure units.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "store/audit.h"
#include "daemon_testlib.h"
#include "ops/dispatch.h"
#include "policy/lockout.h"
#include "ops/password.h"
#include "server/pending.h"
#include "server/worker.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define BOB_PW "bobs old password"
#define NEW_PW "a brand new secret"

static struct dt T;
static uint64_t fake_now;
static uint32_t bob; /* bob's uid */

static uint64_t test_clock(void)
{
	return fake_now;
}

/* The rate's clock: the same time, in milliseconds. */
static uint64_t test_clock_ms(void)
{
	return fake_now * 1000u;
}

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	T.cfg.lockout_attempts = 5;
	T.cfg.lockout_window_s = 900;
	T.cfg.lockout_duration_s = 900;
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	bob = dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_PASSWD,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_OK);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static struct ad_user stored(const char *login)
{
	struct ad_err err = {0, ""};
	struct ad_user u;

	ck_assert_int_eq(ad_store_user_get(T.st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u;
}

static bool password_is(const char *login, const char *password)
{
	struct ad_user u = stored(login);
	struct ad_secret s;
	bool ok;

	ck_assert_int_eq(ad_secret_set(&s, password, strlen(password)), 0);
	ok = ad_password_verify(u.password_hash, &s);
	ad_secret_free(&s);
	return ok;
}

/* AUTH as uid; the PAM_RESULT of the (OK) reply. */
static uint32_t auth_as(uid_t uid, const char *login, const char *password)
{
	ck_assert_int_eq(dt_call(&T, uid, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_PASSWORD, password),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

static uint32_t auth(const char *login, const char *password)
{
	return auth_as(0, login, password);
}

static void fail_times(const char *login, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_uint_eq(auth(login, "wrong password"),
				  ACCT_PAM_AUTH_ERR);
}

/* How many audit records have this action. */
struct action_count {
	const char *action;
	int n;
};

static int count_action(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct action_count *c = arg;
	struct acct_field f;
	char action[64];

	(void)seq;
	ck_assert_int_eq(acct_find(rec, len, ACCT_T_ACTION, &f), 1);
	ck_assert_int_eq(acct_get_strcpy(&f, action, sizeof(action)), 0);
	if (strcmp(action, c->action) == 0)
		c->n++;
	return 0;
}

static int audited(const char *action)
{
	struct action_count c = {action, 0};
	struct ad_err err = {0, ""};
	uint64_t n;

	ck_assert_int_eq(ad_audit_walk(T.st, count_action, &c, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(ad_audit_verify(T.st, &n, &err), ACCT_ST_OK);
	return c.n;
}

/* ---- the rules, pure ---- */

START_TEST(test_rules)
{
	struct ad_lockout lo = {3, 10, 100};
	struct ad_user u;

	memset(&u, 0, sizeof(u));
	ck_assert(!ad_lockout_count(&u, &lo, 1000));
	ck_assert(!ad_lockout_count(&u, &lo, 1001));
	ck_assert_uint_eq(u.failed_logins, 2);
	ck_assert(ad_lockout_count(&u, &lo, 1009));
	ck_assert_uint_eq(u.locked_until, 1109);
	ck_assert(ad_lockout_active(&u, 1108));
	ck_assert(!ad_lockout_active(&u, 1109));
	/* more failures while locked do not stretch the lock */
	ck_assert(!ad_lockout_count(&u, &lo, 1050));
	ck_assert_uint_eq(u.locked_until, 1109);
	/* once it ran out, counting starts afresh */
	ck_assert(!ad_lockout_count(&u, &lo, 1200));
	ck_assert_uint_eq(u.failed_logins, 1);
	ck_assert_uint_eq(u.locked_until, 0);
	/* a window that passed starts afresh too */
	ck_assert(!ad_lockout_count(&u, &lo, 1201));
	ck_assert(!ad_lockout_count(&u, &lo, 1210));
	ck_assert_uint_eq(u.failed_logins, 1);
	ck_assert_uint_eq(u.first_failure, 1210);
	ck_assert(ad_user_clear_failures(&u));
	ck_assert(!ad_user_clear_failures(&u));
	/* attempts 0: lockout off, nothing counted */
	lo.attempts = 0;
	for (int i = 0; i < 10; i++)
		ck_assert(!ad_lockout_count(&u, &lo, 2000));
	ck_assert_uint_eq(u.failed_logins, 0);
}
END_TEST

/* ---- lockout through AUTH ---- */

/* FAILED_LOGINS in the USER_SHOW reply (0 when absent). */
static uint32_t shown_failures(const char *login)
{
	struct acct_field rec, f;
	uint32_t n = 0;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	if (acct_find(rec.val, rec.len, ACCT_T_FAILED_LOGINS, &f) == 1)
		ck_assert_int_eq(acct_get_u32(&f, &n), 0);
	return n;
}

START_TEST(test_below_threshold)
{
	fail_times("bob", 4);
	ck_assert_uint_eq(stored("bob").failed_logins, 4);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
	ck_assert_uint_eq(shown_failures("bob"), 4);
	ck_assert_int_eq(audited("auth"), 4);
	ck_assert_int_eq(audited("account-lock"), 0);
	/* a success resets the count */
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_OK);
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_uint_eq(stored("bob").first_failure, 0);
	ck_assert_uint_eq(shown_failures("bob"), 0);
	/* successes are not audited */
	ck_assert_int_eq(audited("auth"), 4);
	fail_times("bob", 4);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
}
END_TEST

START_TEST(test_nth_locks)
{
	char want[AD_MSG_MAX];

	fail_times("bob", 5);
	ck_assert_uint_eq(stored("bob").locked_until, T0 + 900);
	ck_assert_int_eq(audited("auth"), 5);
	ck_assert_int_eq(audited("account-lock"), 1);
	/* the lock is news only to whoever gives the right password (as
	 * pam_faillock): a wrong one gets the plain wrong-password answer,
	 * with no word of a lock, as an unknown user gets none */
	fake_now += 60;
	snprintf(want, sizeof(want),
		 "account bob is locked until 2027-01-15 08:15:00 UTC");
	ck_assert_uint_eq(auth("bob", "wrong password"), ACCT_PAM_AUTH_ERR);
	ck_assert_str_eq(T.msg, "");
	ck_assert_uint_eq(auth("nobody-here", "wrong password"),
			  ACCT_PAM_USER_UNKNOWN);
	ck_assert_str_eq(T.msg, "");
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_LOCKED);
	ck_assert_str_eq(T.msg, want);
	/* attempts while locked neither count nor stretch the lock, but
	 * the audit log has each, with the lock */
	ck_assert_uint_eq(stored("bob").failed_logins, 5);
	ck_assert_uint_eq(stored("bob").locked_until, T0 + 900);
	ck_assert_int_eq(audited("auth"), 7);
	/* the account phase says the same */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_LOCKED);
	/* others are not affected */
	ck_assert_uint_eq(auth("alice", "whatever"), ACCT_PAM_NO_PASSWORD);
}
END_TEST

START_TEST(test_window_expiry)
{
	fail_times("bob", 4);
	fake_now += 900; /* the window has passed */
	fail_times("bob", 4);
	ck_assert_uint_eq(stored("bob").failed_logins, 4);
	ck_assert_uint_eq(stored("bob").first_failure, T0 + 900);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
	fake_now += 899;
	fail_times("bob", 1);
	ck_assert_uint_eq(stored("bob").locked_until, fake_now + 900);
}
END_TEST

START_TEST(test_lock_expiry)
{
	fail_times("bob", 5);
	fake_now += 899;
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_LOCKED);
	fake_now += 1;
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_OK);
	ck_assert_str_eq(T.msg, "");
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
	/* and after a lock that ran out, a failure starts a new count */
	fail_times("bob", 5);
	fake_now += 900;
	fail_times("bob", 1);
	ck_assert_uint_eq(stored("bob").failed_logins, 1);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
}
END_TEST

START_TEST(test_unlock)
{
	fail_times("bob", 5);
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_LOCKED);
	/* management: the operator only */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_USER_UNLOCK,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UNLOCK,
				 DT_S(ACCT_T_NAME, "nobody-here"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UNLOCK, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UNLOCK,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_NAME), "bob");
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_USER), 1);
	ck_assert_ptr_null(memmem(T.rep.data, T.rep.len, "$argon2", 7));
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
	/* bob's refusal, the unknown name's and the bad request's are
	 * audited too */
	ck_assert_int_eq(audited("user-unlock"), 4);
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_OK);
	/* unlocking an unlocked user is fine */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UNLOCK,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
}
END_TEST

/* Setting a password (operator) is audited: setup set bob's once. */
START_TEST(test_passwd_audited)
{
	ck_assert_int_eq(audited("user-passwd"), 1);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_PASSWORD, "another good one"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(audited("user-passwd"), 2);
}
END_TEST

START_TEST(test_lockout_off)
{
	T.cfg.lockout_attempts = 0;
	fail_times("bob", 12);
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_uint_eq(stored("bob").locked_until, 0);
	ck_assert_int_eq(audited("auth"), 12); /* still audited */
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_OK);
}
END_TEST

/* CHAUTHTOK as uid: old NULL leaves OLD_PASSWORD out, new_pw NULL asks
 * for PRELIM. */
static int chauthtok(uid_t uid, const char *login, const char *old,
		     const char *new_pw)
{
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, login);
	if (old != NULL)
		acct_put_str(&T.req, ACCT_T_OLD_PASSWORD, old);
	if (new_pw != NULL)
		acct_put_str(&T.req, ACCT_T_PASSWORD, new_pw);
	else
		acct_put_u32(&T.req, ACCT_T_PRELIM, 1);
	return dt_send(&T, uid, ACCT_OP_CHAUTHTOK);
}

static uint32_t verdict(void)
{
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

/* ---- passwords over the length limit ---- */

/* A password over ACCT_MAX_PASSWORD is a wrong one: counted, audited, and
 * no different an answer from any wrong password (not a service error). */
START_TEST(test_too_long_is_wrong)
{
	char pw[ACCT_MAX_STR + 1];

	memset(pw, 'x', sizeof(pw) - 1);
	pw[ACCT_MAX_PASSWORD + 1] = '\0';
	ck_assert_uint_eq(auth("bob", pw), ACCT_PAM_AUTH_ERR);
	ck_assert_str_eq(T.msg, "");
	pw[ACCT_MAX_PASSWORD + 1] = 'x';
	pw[ACCT_MAX_STR] = '\0';
	ck_assert_uint_eq(auth("bob", pw), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(stored("bob").failed_logins, 2);
	ck_assert_int_eq(audited("auth"), 2);
	/* an unknown user stays unknown, whatever the length */
	ck_assert_uint_eq(auth("nobody-here", pw), ACCT_PAM_USER_UNKNOWN);
	/* the same rule when it is the current password of a change */
	ck_assert_int_eq(chauthtok(bob, "bob", pw, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(stored("bob").failed_logins, 3);
	ck_assert(password_is("bob", BOB_PW));
	/* and as the new password, the quality rule refuses it */
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, pw), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTHTOK_ERR);
}
END_TEST

/* ---- a store that cannot count fails closed ---- */

/* The status of an AUTH as root (the verdict, if any, is in T.rep). */
static int auth_status(const char *login, const char *password)
{
	return dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, login),
		       DT_S(ACCT_T_PASSWORD, password),
		       DT_S(ACCT_T_SERVICE, "sshd"), DT_END);
}

/* Reopen the store in dir with a map of map_size bytes. */
static void use_store(const char *dir, uint64_t map_size)
{
	char err[256] = "";

	ad_store_close(T.st);
	ck_assert_int_eq(
		ad_store_open(&T.st, dir, map_size, &T.cfg, err, sizeof(err)),
		0);
	ck_assert_int_eq(ad_store_set_local_files(T.st, T.passwd, T.group), 0);
	T.ctx.store = T.st;
}

/*
 * Wrong passwords fill a small database with their audit records until
 * one cannot be counted.  From then on no password check happens, right
 * or wrong, known user or not, login or password change, until the lost
 * failure is written.
 */
START_TEST(test_full_store_fails_closed)
{
	static const char unavailable[] = "authentication is unavailable: "
					  "accountsd cannot record failed "
					  "logins (see its log)";
	char dir[128];
	uint32_t before;
	int i;

	T.cfg.lockout_attempts = 1000000;
	/* bob moves to a small database of his own */
	snprintf(dir, sizeof(dir), "%s/small", T.dir);
	use_store(dir, 256u * 1024u);
	dt_tenant(&T, "acme");
	bob = dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_PASSWD,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_OK);
	for (i = 0; i < 100000; i++) {
		before = stored("bob").failed_logins;
		ck_assert_uint_eq(auth("bob", "wrong password"),
				  ACCT_PAM_AUTH_ERR);
		if (stored("bob").failed_logins == before)
			break; /* this one could not be counted */
	}
	ck_assert_int_lt(i, 100000);
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(auth_status("bob", "guess"), ACCT_ST_INTERNAL);
		ck_assert_str_eq(T.msg, unavailable);
	}
	ck_assert_int_eq(auth_status("bob", BOB_PW), ACCT_ST_INTERNAL);
	ck_assert_int_eq(auth_status("nobody-here", "x"), ACCT_ST_INTERNAL);
	/* a change checks the current password: no more than a login */
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, NEW_PW),
			 ACCT_ST_INTERNAL);
	ck_assert_str_eq(T.msg, unavailable);
	/* the account phase needs no count: it still answers */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	/* room again (the operator raised map_size_mb): the lost failure
	 * is counted first, then the check goes ahead */
	before = stored("bob").failed_logins;
	use_store(dir, 64u << 20);
	ck_assert_uint_eq(auth("bob", "wrong password"), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(stored("bob").failed_logins, before + 2);
	ck_assert_uint_eq(auth("bob", BOB_PW), ACCT_PAM_OK);
	ck_assert(password_is("bob", BOB_PW));
}
END_TEST

/* ---- the rate of PAM requests ---- */

START_TEST(test_rate_limit)
{
	unsigned i, burst = 10;

	T.cfg.lockout_attempts = 0; /* the rate alone */
	T.cfg.rate[AD_RATE_AUTH] = (struct ad_rate_cfg){60, burst};
	/* bob's screen locker: a burst, then BUSY */
	for (i = 0; i < burst; i++)
		ck_assert_uint_eq(auth_as(bob, "bob", "wrong but fine"),
				  ACCT_PAM_AUTH_ERR);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_SERVICE, "xlock"), DT_END),
			 ACCT_ST_BUSY);
	ck_assert_str_eq(T.msg, "too many authentication attempts, slow down");
	/* CHAUTHTOK draws from the same bucket */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_CHAUTHTOK,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_U(ACCT_T_PRELIM, 1), DT_END),
			 ACCT_ST_BUSY);
	/* root acts for everybody and is never limited */
	ck_assert_uint_eq(auth("alice", "x"), ACCT_PAM_NO_PASSWORD);
	for (i = 0; i < 3 * burst; i++)
		ck_assert_uint_eq(auth("nobody-here", "x"),
				  ACCT_PAM_USER_UNKNOWN);
	/* a second later, one more */
	fake_now += 1;
	ck_assert_uint_eq(auth_as(bob, "bob", BOB_PW), ACCT_PAM_OK);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_SERVICE, "xlock"), DT_END),
			 ACCT_ST_BUSY);
}
END_TEST

/* ---- CHAUTHTOK ---- */

START_TEST(test_chauthtok_root)
{
	ck_assert_int_eq(chauthtok(0, "bob", NULL, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	ck_assert(password_is("bob", NEW_PW));
	ck_assert_int_eq(audited("chauthtok"), 1);
	/* a user without a password gets one from root */
	ck_assert_int_eq(chauthtok(0, "alice", NULL, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	ck_assert(password_is("alice", NEW_PW));
	/* a current password root gives is checked all the same */
	ck_assert_int_eq(chauthtok(0, "bob", "not it", "yet another one"),
			 ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTH_ERR);
	ck_assert(password_is("bob", NEW_PW));
	ck_assert_int_eq(chauthtok(0, "nobody-here", NULL, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_USER_UNKNOWN);
}
END_TEST

START_TEST(test_chauthtok_self)
{
	ck_assert_int_eq(chauthtok(bob, "bob", "wrong password", NEW_PW),
			 ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTH_ERR);
	ck_assert(password_is("bob", BOB_PW));
	ck_assert_uint_eq(stored("bob").failed_logins, 1);
	ck_assert_int_eq(audited("chauthtok"), 1);
	/* the current password is required of anyone but root */
	ck_assert_int_eq(chauthtok(bob, "bob", NULL, NEW_PW), ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: old_password");
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	ck_assert(password_is("bob", NEW_PW));
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_uint_eq(auth("bob", NEW_PW), ACCT_PAM_OK);
	/* wrong current passwords lock like failed logins */
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(chauthtok(bob, "bob", "wrong",
					   "whatever it "
					   "is now"),
				 ACCT_ST_OK);
		ck_assert_uint_eq(verdict(), ACCT_PAM_AUTH_ERR);
	}
	ck_assert_uint_eq(stored("bob").locked_until, T0 + 900);
	ck_assert_int_eq(chauthtok(bob, "bob", NEW_PW, "whatever it is now"),
			 ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_LOCKED);
	ck_assert(password_is("bob", NEW_PW));
}
END_TEST

START_TEST(test_chauthtok_prelim)
{
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, NULL), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	ck_assert(password_is("bob", BOB_PW));
	ck_assert_int_eq(chauthtok(bob, "bob", "wrong", NULL), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(stored("bob").failed_logins, 1);
	/* root has nothing to prove */
	ck_assert_int_eq(chauthtok(0, "bob", NULL, NULL), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	ck_assert(password_is("bob", BOB_PW));
}
END_TEST

START_TEST(test_chauthtok_quality)
{
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, "short"), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTHTOK_ERR);
	ck_assert_ptr_nonnull(strstr(T.msg, "too short"));
	/* nothing changed, nothing counted, even with a wrong current one */
	ck_assert_int_eq(chauthtok(bob, "bob", "wrong", "short"), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_AUTHTOK_ERR);
	ck_assert(password_is("bob", BOB_PW));
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_int_eq(audited("chauthtok"), 0);
}
END_TEST

START_TEST(test_chauthtok_refused)
{
	uint32_t alice = stored("alice").uid;

	/* nobody but root speaks for another user; a name the directory
	 * does not hold is not its business */
	ck_assert_int_eq(chauthtok(alice, "bob", BOB_PW, NEW_PW),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(chauthtok(alice, "nobody-here", "x", NEW_PW),
			 ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_USER_UNKNOWN);
	ck_assert(password_is("bob", BOB_PW));
	/* who may not log in may not change a password */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(chauthtok(0, "bob", NULL, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_DISABLED);
	ck_assert_str_eq(T.msg, "account bob is disabled");
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_DISABLED);
	ck_assert(password_is("bob", BOB_PW));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(chauthtok(bob, "bob", BOB_PW, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(T.msg, "organization acme is suspended");
	ck_assert(password_is("bob", BOB_PW));
}
END_TEST

/* ---- the deferred path: a worker pool and a test deferrer ---- */

struct test_deferrer {
	struct ad_deferrer d;
	struct event_base *base;
	int delivered, status;
	uint8_t payload[512];
	size_t len;
};

static void test_deliver(struct ad_pending *p, int status,
			 const uint8_t *payload, size_t len)
{
	struct test_deferrer *td = *(struct test_deferrer **)(p + 1);

	td->delivered++;
	td->status = status;
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
	struct ad_pending *p =
		calloc(1, sizeof(*p) + sizeof(struct test_deferrer *));

	ck_assert_ptr_nonnull(p);
	p->conn_id = peer->conn_id;
	p->opcode = opcode;
	p->deliver = test_deliver;
	*(struct test_deferrer **)(p + 1) = (struct test_deferrer *)d;
	return p;
}

/* Dispatch what T.req holds as uid and wait for the late verdict. */
static uint32_t late_verdict(struct test_deferrer *td, uid_t uid, uint16_t op)
{
	int before = td->delivered;

	ck_assert_int_eq(dt_send(&T, uid, op), AD_DISPATCH_PENDING);
	while (td->delivered == before)
		ck_assert_int_ge(event_base_loop(td->base, EVLOOP_ONCE), 0);
	ck_assert_int_eq(td->status, ACCT_ST_OK);
	return dt_u32(td->payload, td->len, ACCT_T_PAM_RESULT);
}

START_TEST(test_deferred)
{
	struct test_deferrer td = {.d = {test_begin}};
	char err[128];

	td.base = event_base_new();
	ck_assert_ptr_nonnull(td.base);
	T.ctx.workers = ad_workers_new(td.base, 1, 4, err, sizeof(err));
	ck_assert_ptr_nonnull(T.ctx.workers);
	T.ctx.defer = &td.d;

	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "bob");
	acct_put_str(&T.req, ACCT_T_PASSWORD, "wrong password");
	acct_put_str(&T.req, ACCT_T_SERVICE, "sshd");
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(late_verdict(&td, 0, ACCT_OP_AUTH),
				  ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(stored("bob").locked_until, T0 + 900);
	fake_now += 900;

	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "bob");
	acct_put_str(&T.req, ACCT_T_OLD_PASSWORD, BOB_PW);
	acct_put_str(&T.req, ACCT_T_PASSWORD, NEW_PW);
	ck_assert_uint_eq(late_verdict(&td, bob, ACCT_OP_CHAUTHTOK),
			  ACCT_PAM_OK);
	ck_assert(password_is("bob", NEW_PW));
	ck_assert_uint_eq(stored("bob").failed_logins, 0);

	ad_workers_free(T.ctx.workers);
	T.ctx.workers = NULL;
	T.ctx.defer = NULL;
	event_base_free(td.base);
}
END_TEST

static Suite *lockout_suite(void)
{
	Suite *s = suite_create("lockout");
	TCase *pure = tcase_create("pure");
	TCase *tc = tcase_create("requests");

	tcase_add_test(pure, test_rules);
	suite_add_tcase(s, pure);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_below_threshold);
	tcase_add_test(tc, test_nth_locks);
	tcase_add_test(tc, test_window_expiry);
	tcase_add_test(tc, test_lock_expiry);
	tcase_add_test(tc, test_unlock);
	tcase_add_test(tc, test_passwd_audited);
	tcase_add_test(tc, test_lockout_off);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_too_long_is_wrong);
	tcase_add_test(tc, test_full_store_fails_closed);
	tcase_add_test(tc, test_chauthtok_root);
	tcase_add_test(tc, test_chauthtok_self);
	tcase_add_test(tc, test_chauthtok_prelim);
	tcase_add_test(tc, test_chauthtok_quality);
	tcase_add_test(tc, test_chauthtok_refused);
	tcase_add_test(tc, test_deferred);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lockout_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
