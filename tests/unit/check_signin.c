/*
 * check_signin.c - sign-in tokens through ad_dispatch: LOGIN (a right
 * password, each refusal and its record, lockout), a request made with
 * an access token acting as its user with that user's permissions and
 * tenant whoever presents it, tokens that are unknown, malformed,
 * expired, revoked, of another kind or of a user that may no longer act
 * (never served as the peer's uid, always recorded), REFRESH's rotation
 * and reuse rule, LOGOUT, the end of every sign-in when a password
 * changes, and the bounds (sign-ins per user, used tokens per sign-in).
 * The pure rules and the actor's name as tables; the config keys.  A test
 * clock (ctx.clock) and the cheapest Argon2id limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "policy/signin.h"
#include "store/audit.h"
#include "store/signin.h"
#include "store/token.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define NOBODY 65534
#define PANEL 33 /* a uid the directory does not know: a web panel */
#define ALICE_PW "alices first password"
#define BOB_PW "bobs first password"
#define CAROL_PW "carols first password"
#define WRONG "wrong login or password"
#define INVALID AD_SIGNIN_INVALID

static struct dt T;
static uint64_t fake_now;
static uint32_t alice, bob, carol; /* uids: acme admin, acme member, globex */

static uint64_t test_clock(void)
{
	return fake_now;
}

static uint64_t test_clock_ms(void)
{
	return fake_now * 1000u;
}

static void set_password(const char *login, const char *pw)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_PASSWD,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_PASSWORD, pw), DT_END),
			 ACCT_ST_OK);
}

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	/* many logins from one uid: the rate is not what is tested here */
	T.cfg.rate[AD_RATE_AUTH] = (struct ad_rate_cfg){100000, 100000};
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);
	bob = dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	carol = dt_user(&T, "carol", "globex", ACCT_ROLE_ADMIN);
	set_password("alice", ALICE_PW);
	set_password("bob", BOB_PW);
	set_password("carol", CAROL_PW);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- looking at things ---- */

static int count_token(void *arg, const struct ad_token *t)
{
	(void)t;
	(*(int *)arg)++;
	return 0;
}

static int tokens_of(uint32_t uid)
{
	struct ad_err err = {0, ""};
	int n = 0;

	ck_assert_int_eq(ad_store_token_list(T.st, uid, count_token, &n, &err),
			 ACCT_ST_OK);
	return n;
}

static struct ad_user stored(const char *login)
{
	struct ad_err err = {0, ""};
	struct ad_user u;

	ck_assert_int_eq(ad_store_user_get(T.st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u;
}

static const struct dt_audit *last_audit(struct dt_audit_list *l)
{
	dt_audit_read(&T, l);
	ck_assert_uint_gt(l->n, 0);
	return &l->rec[l->n - 1];
}

/* Does any audit record hold s anywhere in its bytes? */
struct seek {
	const char *s;
	bool found;
};

static int find_in_record(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct seek *k = arg;

	(void)seq;
	if (memmem(rec, len, k->s, strlen(k->s)) == NULL)
		return 0;
	k->found = true;
	return 1;
}

static bool audited_anywhere(const char *s)
{
	struct ad_err err = {0, ""};
	struct seek k = {s, false};

	ck_assert_int_eq(ad_audit_walk(T.st, find_in_record, &k, &err),
			 ACCT_ST_OK);
	return k.found;
}

/* ---- requests ---- */

struct pair {
	char access[AD_TOKEN_TEXT_MAX + 1];
	char refresh[AD_TOKEN_TEXT_MAX + 1];
	uint64_t access_expires, refresh_expires;
};

/* The pair in the last reply (LOGIN or REFRESH). */
static struct pair reply_pair(void)
{
	struct pair p;

	snprintf(p.access, sizeof(p.access), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_ACCESS_TOKEN));
	snprintf(p.refresh, sizeof(p.refresh), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_REFRESH_TOKEN));
	p.access_expires = dt_u64(T.rep.data, T.rep.len, ACCT_T_ACCESS_EXPIRES);
	p.refresh_expires =
		dt_u64(T.rep.data, T.rep.len, ACCT_T_REFRESH_EXPIRES);
	return p;
}

static int login(uid_t uid, const char *name, const char *pw)
{
	return dt_call(&T, uid, ACCT_OP_LOGIN, DT_S(ACCT_T_NAME, name),
		       DT_S(ACCT_T_PASSWORD, pw), DT_END);
}

/* A sign-in that must work. */
static struct pair signin(const char *name, const char *pw)
{
	ck_assert_msg(login(PANEL, name, pw) == ACCT_ST_OK, "login %s: %s",
		      name, T.msg);
	return reply_pair();
}

static int refresh(uid_t uid, const char *token)
{
	return dt_call(&T, uid, ACCT_OP_REFRESH, DT_S(ACCT_T_TOKEN, token),
		       DT_END);
}

static int logout(uid_t uid, const char *token)
{
	return dt_call(&T, uid, ACCT_OP_LOGOUT, DT_S(ACCT_T_TOKEN, token),
		       DT_END);
}

/* ME_SHOW presenting token: who the daemon takes the caller for. */
static int me_show(uid_t uid, const char *token)
{
	return dt_call(&T, uid, ACCT_OP_ME_SHOW,
		       DT_S(ACCT_T_ACCESS_TOKEN, token), DT_END);
}

static const char *me_login(void)
{
	return dt_rec_str(&T, ACCT_T_USER, ACCT_T_NAME);
}

/* USER_LIST presenting token (tenant NULL: none named); the logins. */
static int user_list(uid_t uid, const char *token, const char *tenant,
		     char *logins, size_t size)
{
	int rc, n;

	if (tenant != NULL)
		rc = dt_call(&T, uid, ACCT_OP_USER_LIST,
			     DT_S(ACCT_T_ACCESS_TOKEN, token),
			     DT_S(ACCT_T_TENANT, tenant), DT_END);
	else
		rc = dt_call(&T, uid, ACCT_OP_USER_LIST,
			     DT_S(ACCT_T_ACCESS_TOKEN, token), DT_END);
	logins[0] = '\0';
	if (rc != ACCT_ST_OK)
		return rc;
	n = dt_count(T.rep.data, T.rep.len, ACCT_T_USER);
	for (int i = 0; i < n; i++) {
		struct acct_field f =
			dt_field(T.rep.data, T.rep.len, ACCT_T_USER, i);

		strncat(logins, i > 0 ? " " : "", size - strlen(logins) - 1);
		strncat(logins, dt_str(f.val, f.len, ACCT_T_NAME),
			size - strlen(logins) - 1);
	}
	return rc;
}

/* ---- LOGIN ---- */

START_TEST(test_login_gives_a_signin)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct pair p;

	ck_assert_int_eq(tokens_of(alice), 0);
	ck_assert_int_eq(login(PANEL, "alice", ALICE_PW), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "alice");
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_TENANT), "acme");
	p = reply_pair();
	ck_assert_uint_eq(strlen(p.access), strlen("acd_access_") + 43);
	ck_assert_int_eq(strncmp(p.access, "acd_access_", 11), 0);
	ck_assert_uint_eq(strlen(p.refresh), strlen("acd_refresh_") + 43);
	ck_assert_int_eq(strncmp(p.refresh, "acd_refresh_", 12), 0);
	ck_assert_uint_eq(p.access_expires, T0 + 900);
	ck_assert_uint_eq(p.refresh_expires, T0 + 30u * 86400u);
	/* the reply is wiped once sent */
	ck_assert_int_eq(T.rep.secret, 1);
	ck_assert_int_eq(tokens_of(alice), 2);
	/* recorded: who asked, for whom, the sign-in; never a token */
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "login");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "uid 33");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert_int_eq(strncmp(a->message, "sign-in ", 8), 0);
	ck_assert_uint_eq(strlen(a->message), strlen("sign-in ") + 8);
	ck_assert(!audited_anywhere(p.access));
	ck_assert(!audited_anywhere(p.refresh));
	ck_assert(!audited_anywhere("acd_"));
	/* the configured lifetimes */
	T.cfg.access_token_ttl_s = 60;
	T.cfg.refresh_token_ttl_s = 3600;
	p = signin("bob", BOB_PW);
	ck_assert_uint_eq(p.access_expires, T0 + 60);
	ck_assert_uint_eq(p.refresh_expires, T0 + 3600);
}
END_TEST

START_TEST(test_login_wrong_password)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(login(PANEL, "alice", "not her password"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, WRONG);
	ck_assert_int_eq(tokens_of(alice), 0);
	/* counted toward lockout and recorded as a failed login */
	ck_assert_uint_eq(stored("alice").failed_logins, 1);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "login");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, "wrong password");
	ck_assert(!audited_anywhere("not her password"));
	/* an unknown name reads the same, and is recorded */
	ck_assert_int_eq(login(PANEL, "mallory", ALICE_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, WRONG);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "login");
	ck_assert_str_eq(a->target, "mallory");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, "no such user");
	/* a password over the limit is only ever wrong */
	{
		char big[ACCT_MAX_PASSWORD + 2];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		ck_assert_int_eq(login(PANEL, "alice", big), ACCT_ST_DENIED);
		ck_assert_str_eq(T.msg, WRONG);
	}
	ck_assert_uint_eq(stored("alice").failed_logins, 2);
	/* a right one clears the count */
	(void)signin("alice", ALICE_PW);
	ck_assert_uint_eq(stored("alice").failed_logins, 0);
}
END_TEST

START_TEST(test_login_lockout)
{
	/* lockout_attempts (5) wrong passwords lock the account */
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(login(PANEL, "bob", "guess guess guess"),
				 ACCT_ST_DENIED);
		ck_assert_str_eq(T.msg, WRONG);
	}
	ck_assert_uint_gt(stored("bob").locked_until, fake_now);
	/* locked: a wrong password hears nothing new, the right one the
	 * lock */
	ck_assert_int_eq(login(PANEL, "bob", "guess guess guess"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, WRONG);
	ck_assert_int_eq(login(PANEL, "bob", BOB_PW), ACCT_ST_DENIED);
	ck_assert_msg(strncmp(T.msg, "account bob is locked until ", 28) == 0,
		      "%s", T.msg);
	ck_assert_int_eq(tokens_of(bob), 0);
	/* once it runs out */
	fake_now += T.cfg.lockout_duration_s + 1;
	(void)signin("bob", BOB_PW);
}
END_TEST

START_TEST(test_login_policy_refusals)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(login(PANEL, "bob", BOB_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "account bob is disabled");
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "login");
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, "account bob is disabled");
	/* a right password is no failed login */
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(login(PANEL, "alice", ALICE_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "organization acme is suspended");
	/* a user without a password: a wrong login like any other */
	(void)dt_user(&T, "dave", "globex", 0);
	ck_assert_int_eq(login(PANEL, "dave", "anything at all"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, WRONG);
	ck_assert_uint_eq(stored("dave").failed_logins, 1);
	/* a deleted one too */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(login(PANEL, "carol", CAROL_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, WRONG);
	ck_assert_int_eq(tokens_of(alice) + tokens_of(bob) + tokens_of(carol),
			 0);
}
END_TEST

START_TEST(test_login_bad_requests)
{
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_LOGIN,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: password");
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_LOGIN,
				 DT_S(ACCT_T_PASSWORD, ALICE_PW), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: name");
	ck_assert_int_eq(login(PANEL, "", ALICE_PW), ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: name");
	ck_assert_int_eq(tokens_of(alice), 0);
	ck_assert_uint_eq(stored("alice").failed_logins, 0);
}
END_TEST

/* ---- a request made with an access token ---- */

START_TEST(test_token_acts_as_its_user)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	char logins[256];
	struct pair p = signin("alice", ALICE_PW);

	/* a uid the directory does not know is alice, admin of acme */
	ck_assert_int_eq(me_show(PANEL, p.access), ACCT_ST_OK);
	ck_assert_str_eq(me_login(), "alice");
	ck_assert_int_eq(
		user_list(PANEL, p.access, NULL, logins, sizeof(logins)),
		ACCT_ST_OK);
	ck_assert_str_eq(logins, "alice bob");
	/* and only that: another tenant is not hers */
	ck_assert_int_eq(
		user_list(PANEL, p.access, "globex", logins, sizeof(logins)),
		ACCT_ST_DENIED);
	ck_assert_msg(strstr(T.msg, "not in your organization") != NULL, "%s",
		      T.msg);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_DENIED);
	/* her permissions: she manages her tenant's users */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Bob B"), DT_END),
			 ACCT_ST_OK);
	/* the record names her and the uid that acted for her */
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "user-update");
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->actor, "alice (token, uid 33)");
	ck_assert(!audited_anywhere(p.access));
	/* without the token the same uid is nobody */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_LIST, DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

START_TEST(test_token_has_its_users_permissions_only)
{
	struct pair p = signin("bob", BOB_PW);
	char logins[256];

	/* bob, a member, reads his tenant but manages nobody ... */
	ck_assert_int_eq(
		user_list(PANEL, p.access, NULL, logins, sizeof(logins)),
		ACCT_ST_OK);
	ck_assert_str_eq(logins, "alice bob");
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "eve"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_msg(strstr(T.msg, "does not grant user:manage") != NULL, "%s",
		      T.msg);
	/* ... whoever presents his token: root and the operator group are
	 * bob then, and no more */
	ck_assert_int_eq(me_show(0, p.access), ACCT_ST_OK);
	ck_assert_str_eq(me_login(), "bob");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "eve"),
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_DENIED);
	T.platform = AD_PLATFORM_OPERATOR;
	ck_assert_int_eq(dt_call(&T, 4242, ACCT_OP_TENANT_LIST,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_msg(strstr(T.msg, "only platform operators") != NULL, "%s",
		      T.msg);
	T.platform = 0;
	/* alice's uid presenting bob's token is bob */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(stored("alice").status, ACCT_USER_ACTIVE);
}
END_TEST

START_TEST(test_token_admin_cannot_disable_itself)
{
	struct pair p = signin("alice", ALICE_PW);

	/* through the admin path, with a token as with her uid */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(stored("alice").status, ACCT_USER_ACTIVE);
}
END_TEST

/* A request with token from uid must be refused as not valid, recorded
 * under the uid's own name, and change nothing. */
static void refused(uid_t uid, const char *token, const char *actor)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(dt_call(&T, uid, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_ACCESS_TOKEN, token),
				 DT_S(ACCT_T_BIO, "changed"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "me-profile");
	ck_assert_str_eq(a->actor, actor);
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, INVALID);
	ck_assert_str_eq(stored("alice").profile.bio, "");
	ck_assert_str_eq(stored("bob").profile.bio, "");
}

START_TEST(test_tokens_not_valid)
{
	char forged[AD_TOKEN_TEXT_MAX + 1];
	struct pair p = signin("bob", BOB_PW);

	/* unknown, malformed, empty, of another kind */
	snprintf(forged, sizeof(forged), "acd_access_%s",
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	refused(PANEL, forged, "uid 33");
	refused(PANEL, "hello", "uid 33");
	refused(PANEL, "", "uid 33");
	refused(PANEL, p.refresh, "uid 33");
	/* never the peer's own identity instead: not bob's uid ... */
	refused(bob, forged, "bob");
	/* ... not alice's, who could do it herself ... */
	refused(alice, forged, "alice");
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_USER_LIST,
				 DT_S(ACCT_T_ACCESS_TOKEN, forged), DT_END),
			 ACCT_ST_DENIED);
	/* ... not root's */
	refused(0, forged, "root");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_LIST,
				 DT_S(ACCT_T_ACCESS_TOKEN, forged), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	/* expired: at its expiry, not a second later */
	ck_assert_int_eq(me_show(PANEL, p.access), ACCT_ST_OK);
	fake_now = p.access_expires - 1;
	ck_assert_int_eq(me_show(PANEL, p.access), ACCT_ST_OK);
	fake_now = p.access_expires;
	refused(PANEL, p.access, "uid 33");
	/* name lookups ignore a token, as they ignore the caller */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_ACCESS_TOKEN, forged),
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
}
END_TEST

START_TEST(test_token_of_a_user_that_may_not_act)
{
	struct pair a = signin("alice", ALICE_PW), b = signin("bob", BOB_PW);
	struct pair c = signin("carol", CAROL_PW);

	/* a suspended tenant ends its users' sign-ins (and every token
	 * they hold): the next request is refused, reactivation or not */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, a.access), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_REACTIVATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, a.access), ACCT_ST_DENIED);
	a = signin("alice", ALICE_PW);
	/* a disabled user: refused outright */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, b.access), ACCT_ST_DENIED);
	ck_assert_msg(strncmp(T.msg, INVALID, strlen(INVALID)) == 0, "%s",
		      T.msg);
	/* a deleted one */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, c.access), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	/* alice is still fine */
	ck_assert_int_eq(me_show(PANEL, a.access), ACCT_ST_OK);
}
END_TEST

/* ---- REFRESH ---- */

START_TEST(test_refresh_rotates)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct pair p = signin("alice", ALICE_PW), q;

	fake_now += 600;
	T.rep.secret = 0;
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "alice");
	q = reply_pair();
	ck_assert_str_ne(q.access, p.access);
	ck_assert_str_ne(q.refresh, p.refresh);
	ck_assert_uint_eq(q.access_expires, fake_now + 900);
	ck_assert_uint_eq(q.refresh_expires, fake_now + 30u * 86400u);
	ck_assert_int_eq(T.rep.secret, 1);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "refresh");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "uid 33");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert_int_eq(strncmp(a->message, "sign-in ", 8), 0);
	ck_assert(!audited_anywhere(q.refresh));
	ck_assert(!audited_anywhere(p.refresh));
	/* the new access token works; the old one is gone with its
	 * rotation */
	ck_assert_int_eq(me_show(PANEL, q.access), ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, p.access), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	/* new access, new refresh, the used refresh kept to see reuse */
	ck_assert_int_eq(tokens_of(alice), 3);
	/* and again, from the new one */
	ck_assert_int_eq(refresh(PANEL, q.refresh), ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, reply_pair().access), ACCT_ST_OK);
}
END_TEST

START_TEST(test_refresh_reuse_ends_the_signin)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct pair p = signin("alice", ALICE_PW), other, q;

	other = signin("alice", ALICE_PW); /* another sign-in of hers */
	/* someone else rotates a stolen refresh token first ... */
	ck_assert_int_eq(refresh(NOBODY, p.refresh), ACCT_ST_OK);
	q = reply_pair();
	/* ... and when the rightful holder comes with it, the whole
	 * sign-in ends: the thief's tokens too */
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
	ck_assert_msg(
		strncmp(T.msg,
			"the refresh token was used before: someone "
			"else may hold it, so sign-in ",
			strlen("the refresh token was used before: "
			       "someone else may hold it, so sign-in ")) == 0,
		"%s", T.msg);
	ck_assert_msg(strstr(T.msg, " is ended; log in again") != NULL, "%s",
		      T.msg);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "refresh");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "uid 33");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, T.msg);
	ck_assert_int_eq(me_show(NOBODY, q.access), ACCT_ST_DENIED);
	ck_assert_int_eq(refresh(NOBODY, q.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	/* the other sign-in lives on */
	ck_assert_int_eq(me_show(PANEL, other.access), ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 2);
	/* the old token once more: nothing left to end */
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
}
END_TEST

START_TEST(test_refresh_refusals)
{
	struct pair p = signin("bob", BOB_PW);

	ck_assert_int_eq(refresh(PANEL, p.access), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(refresh(PANEL, "acd_refresh_nonsense"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_REFRESH, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: token");
	ck_assert_int_eq(tokens_of(bob), 2);
	/* the login policy again: a disabled user renews nothing */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	if (tokens_of(bob) == 2) { /* unless disabling revoked them */
		ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
		ck_assert_str_eq(T.msg, "account bob is disabled");
	}
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	p = signin("bob", BOB_PW);
	/* expired: at its expiry */
	fake_now = p.refresh_expires;
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
}
END_TEST

START_TEST(test_refresh_refused_when_suspended)
{
	struct pair p = signin("alice", ALICE_PW);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	/* the suspension revoked it: no renewal, now or after */
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	/* nor a new sign-in while suspended */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_LOGIN,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_PASSWORD, ALICE_PW), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_REACTIVATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_DENIED);
}
END_TEST

/* ---- LOGOUT ---- */

START_TEST(test_logout)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct pair one = signin("alice", ALICE_PW);
	struct pair two = signin("alice", ALICE_PW);

	ck_assert_int_eq(tokens_of(alice), 4);
	/* with the access token: both tokens of that sign-in go */
	ck_assert_int_eq(logout(NOBODY, one.access), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "alice");
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT), 2);
	ck_assert_int_eq(me_show(PANEL, one.access), ACCT_ST_DENIED);
	ck_assert_int_eq(refresh(PANEL, one.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "refresh");
	ck_assert_int_eq(me_show(PANEL, two.access), ACCT_ST_OK);
	/* with the refresh token */
	ck_assert_int_eq(logout(PANEL, two.refresh), ACCT_ST_OK);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "logout");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "uid 33");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert_int_eq(strncmp(a->message, "sign-in ", 8), 0);
	ck_assert_int_eq(me_show(PANEL, two.access), ACCT_ST_DENIED);
	ck_assert_int_eq(tokens_of(alice), 0);
	/* twice, or with nonsense: not valid */
	ck_assert_int_eq(logout(PANEL, two.refresh), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(logout(PANEL, "acd_reset_whatever"), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_LOGOUT, DT_END),
			 ACCT_ST_BADREQ);
	/* an expired access token ends nothing */
	one = signin("alice", ALICE_PW);
	fake_now = one.access_expires;
	ck_assert_int_eq(logout(PANEL, one.access), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, INVALID);
	ck_assert_int_eq(logout(PANEL, one.refresh), ACCT_ST_OK);
	ck_assert(!audited_anywhere("acd_"));
}
END_TEST

/* ---- password changes ---- */

START_TEST(test_password_change_ends_signins)
{
	struct pair p = signin("bob", BOB_PW), q = signin("bob", BOB_PW);
	struct pair r = signin("alice", ALICE_PW);

	/* the operator sets a password */
	set_password("bob", "bobs second password");
	ck_assert_int_eq(tokens_of(bob), 0);
	ck_assert_int_eq(me_show(PANEL, p.access), ACCT_ST_DENIED);
	ck_assert_int_eq(refresh(PANEL, q.refresh), ACCT_ST_DENIED);
	ck_assert_int_eq(me_show(PANEL, r.access), ACCT_ST_OK);
	/* the user changes its own, with a token: every sign-in ends,
	 * that one's too */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_ME_PASSWORD,
				 DT_S(ACCT_T_ACCESS_TOKEN, r.access),
				 DT_S(ACCT_T_OLD_PASSWORD, ALICE_PW),
				 DT_S(ACCT_T_PASSWORD, "alices next password"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 0);
	ck_assert_int_eq(me_show(PANEL, r.access), ACCT_ST_DENIED);
	/* PAM's chauthtok */
	(void)signin("carol", CAROL_PW);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_CHAUTHTOK, DT_S(ACCT_T_NAME, "carol"),
			DT_S(ACCT_T_PASSWORD, "carols new password"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(carol), 0);
	/* a wrong current password changes nothing, and ends nothing */
	p = signin("bob", "bobs second password");
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_ME_PASSWORD,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_OLD_PASSWORD, "not it"),
				 DT_S(ACCT_T_PASSWORD, "bobs third password"),
				 DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(tokens_of(bob), 2);
}
END_TEST

START_TEST(test_chauthtok_with_token_needs_the_old_password)
{
	struct pair p = signin("bob", BOB_PW);

	/* root needs no current password; root with bob's token is bob */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_CHAUTHTOK,
				 DT_S(ACCT_T_ACCESS_TOKEN, p.access),
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, "taken over, maybe"),
				 DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: old_password");
	(void)signin("bob", BOB_PW);
}
END_TEST

/* ---- bounds ---- */

START_TEST(test_signins_per_user)
{
	struct pair first, second, third;

	T.cfg.max_signins_per_user = 2;
	first = signin("alice", ALICE_PW);
	fake_now++;
	second = signin("alice", ALICE_PW);
	fake_now++;
	/* the third ends the first */
	third = signin("alice", ALICE_PW);
	ck_assert_int_eq(me_show(PANEL, first.access), ACCT_ST_DENIED);
	ck_assert_int_eq(refresh(PANEL, first.refresh), ACCT_ST_DENIED);
	ck_assert_int_eq(me_show(PANEL, second.access), ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, third.access), ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 4);
	/* the one renewed least recently goes first: renewed, the second
	 * outlives the third */
	fake_now++;
	ck_assert_int_eq(refresh(PANEL, second.refresh), ACCT_ST_OK);
	second = reply_pair();
	fake_now++;
	(void)signin("alice", ALICE_PW);
	ck_assert_int_eq(me_show(PANEL, second.access), ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, third.access), ACCT_ST_DENIED);
	third = signin("alice", ALICE_PW);
	/* others' sign-ins are not counted */
	(void)signin("bob", BOB_PW);
	ck_assert_int_eq(me_show(PANEL, third.access), ACCT_ST_OK);
}
END_TEST

START_TEST(test_used_tokens_kept_bounded)
{
	struct pair p = signin("alice", ALICE_PW);
	char last_used[AD_TOKEN_TEXT_MAX + 1] = "";

	for (unsigned i = 0; i < AD_SIGNIN_KEEP_USED + 5; i++) {
		fake_now++;
		snprintf(last_used, sizeof(last_used), "%s", p.refresh);
		ck_assert_int_eq(refresh(PANEL, p.refresh), ACCT_ST_OK);
		p = reply_pair();
	}
	/* the live pair and the newest used ones */
	ck_assert_int_eq(tokens_of(alice), (int)AD_SIGNIN_KEEP_USED + 2);
	/* the newest used one is still known when it comes back */
	ck_assert_int_eq(refresh(PANEL, last_used), ACCT_ST_DENIED);
	ck_assert_msg(strstr(T.msg, "used before") != NULL, "%s", T.msg);
	ck_assert_int_eq(tokens_of(alice), 0);
}
END_TEST

/* ---- the rules, as tables ---- */

START_TEST(test_actor_names)
{
	char buf[AD_MAX_ACTOR + 1];

	ad_actor_token_name("alice", 33, buf, sizeof(buf));
	ck_assert_str_eq(buf, "alice (token, uid 33)");
	ad_actor_token_name("bob", 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "bob (token, uid 0)");
	ad_actor_token_name("a2345678901234567890123456789012", 4294967295u,
			    buf, sizeof(buf));
	ck_assert_str_eq(buf, "a2345678901234567890123456789012 (token, uid "
			      "4294967295)");
}
END_TEST

START_TEST(test_token_user_rule)
{
	static const struct {
		uint32_t user, tenant;
		int want;
		const char *msg;
	} cases[] = {
		{ACCT_USER_ACTIVE, ACCT_TENANT_ACTIVE, ACCT_ST_OK, ""},
		{ACCT_USER_ACTIVE, ACCT_TENANT_SUSPENDED, ACCT_ST_OK, ""},
		{ACCT_USER_ACTIVE, ACCT_TENANT_DEPROVISIONING, ACCT_ST_DENIED,
		 INVALID ": organization acme is being deprovisioned"},
		{ACCT_USER_ACTIVE, ACCT_TENANT_DEPROVISIONED, ACCT_ST_DENIED,
		 INVALID},
		{ACCT_USER_PENDING, ACCT_TENANT_ACTIVE, ACCT_ST_DENIED,
		 INVALID ": account bob is not activated yet"},
		{ACCT_USER_DISABLED, ACCT_TENANT_ACTIVE, ACCT_ST_DENIED,
		 INVALID ": account bob is disabled"},
		{ACCT_USER_DISABLED, ACCT_TENANT_SUSPENDED, ACCT_ST_DENIED,
		 INVALID ": account bob is disabled"},
		{ACCT_USER_DELETED, ACCT_TENANT_ACTIVE, ACCT_ST_DENIED,
		 INVALID},
		{99, ACCT_TENANT_ACTIVE, ACCT_ST_DENIED, INVALID},
		{ACCT_USER_ACTIVE, 99, ACCT_ST_DENIED, INVALID},
	};
	struct ad_user u;
	struct ad_tenant t;
	char msg[AD_MSG_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&u, 0, sizeof(u));
		memset(&t, 0, sizeof(t));
		snprintf(u.name, sizeof(u.name), "bob");
		snprintf(t.slug, sizeof(t.slug), "acme");
		u.status = cases[i].user;
		t.status = cases[i].tenant;
		/* a lockout does not stop a token earned before it */
		u.locked_until = UINT64_MAX;
		ck_assert_int_eq(ad_policy_token_user(&u, &t, msg, sizeof(msg)),
				 cases[i].want);
		ck_assert_str_eq(msg, cases[i].msg);
	}
}
END_TEST

START_TEST(test_refresh_rule)
{
	ck_assert_int_eq(ad_policy_refresh(true, 0, 100, 99), AD_REFRESH_OK);
	ck_assert_int_eq(ad_policy_refresh(true, 50, 100, 99),
			 AD_REFRESH_REUSED);
	ck_assert_int_eq(ad_policy_refresh(true, 0, 100, 100),
			 AD_REFRESH_INVALID);
	ck_assert_int_eq(ad_policy_refresh(true, 50, 100, 100),
			 AD_REFRESH_INVALID);
	ck_assert_int_eq(ad_policy_refresh(false, 0, 100, 99),
			 AD_REFRESH_INVALID);
}
END_TEST

/* ---- the configuration ---- */

static int load(const char *text, struct ad_config *cfg, char *err,
		size_t errlen)
{
	char path[] = "/tmp/check_signin_conf.XXXXXX";
	int fd = mkstemp(path), rc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = ad_config_load(cfg, path, 1, err, errlen);
	unlink(path);
	return rc;
}

START_TEST(test_config_keys)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.access_token_ttl_s, 900);
	ck_assert_uint_eq(cfg.refresh_token_ttl_s, 30u * 86400u);
	ck_assert_uint_eq(cfg.max_signins_per_user, 64);
	ck_assert_int_eq(load("access_token_ttl_s = 300\n"
			      "refresh_token_ttl_s = 7776000\n"
			      "max_signins_per_user = 5\n",
			      &cfg, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.access_token_ttl_s, 300);
	ck_assert_uint_eq(cfg.refresh_token_ttl_s, 7776000);
	ck_assert_uint_eq(cfg.max_signins_per_user, 5);
	/* out of range, or an access token outliving its refresh token:
	 * refused, nothing changes */
	ck_assert_int_eq(
		load("access_token_ttl_s = 59\n", &cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "access_token_ttl_s") != NULL, "%s", err);
	ck_assert_int_eq(
		load("access_token_ttl_s = 86401\n", &cfg, err, sizeof(err)),
		-1);
	ck_assert_int_eq(
		load("max_signins_per_user = 0\n", &cfg, err, sizeof(err)), -1);
	ck_assert_int_eq(load("refresh_token_ttl_s = 200\n"
			      "access_token_ttl_s = 600\n",
			      &cfg, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, ":2: access_token_ttl_s 600 is longer than "
				  "refresh_token_ttl_s 200") != NULL,
		      "%s", err);
	ck_assert_uint_eq(cfg.access_token_ttl_s, 300);
}
END_TEST

static Suite *signin_suite(void)
{
	Suite *s = suite_create("signin");
	TCase *login_tc = tcase_create("login");
	TCase *token_tc = tcase_create("token");
	TCase *renew_tc = tcase_create("refresh_logout");
	TCase *rules = tcase_create("rules");

	tcase_add_checked_fixture(login_tc, setup, teardown);
	tcase_add_test(login_tc, test_login_gives_a_signin);
	tcase_add_test(login_tc, test_login_wrong_password);
	tcase_add_test(login_tc, test_login_lockout);
	tcase_add_test(login_tc, test_login_policy_refusals);
	tcase_add_test(login_tc, test_login_bad_requests);
	tcase_set_timeout(login_tc, 30);
	suite_add_tcase(s, login_tc);

	tcase_add_checked_fixture(token_tc, setup, teardown);
	tcase_add_test(token_tc, test_token_acts_as_its_user);
	tcase_add_test(token_tc, test_token_has_its_users_permissions_only);
	tcase_add_test(token_tc, test_token_admin_cannot_disable_itself);
	tcase_add_test(token_tc, test_tokens_not_valid);
	tcase_add_test(token_tc, test_token_of_a_user_that_may_not_act);
	tcase_set_timeout(token_tc, 30);
	suite_add_tcase(s, token_tc);

	tcase_add_checked_fixture(renew_tc, setup, teardown);
	tcase_add_test(renew_tc, test_refresh_rotates);
	tcase_add_test(renew_tc, test_refresh_reuse_ends_the_signin);
	tcase_add_test(renew_tc, test_refresh_refusals);
	tcase_add_test(renew_tc, test_refresh_refused_when_suspended);
	tcase_add_test(renew_tc, test_logout);
	tcase_add_test(renew_tc, test_password_change_ends_signins);
	tcase_add_test(renew_tc,
		       test_chauthtok_with_token_needs_the_old_password);
	tcase_add_test(renew_tc, test_signins_per_user);
	tcase_add_test(renew_tc, test_used_tokens_kept_bounded);
	tcase_set_timeout(renew_tc, 60);
	suite_add_tcase(s, renew_tc);

	tcase_add_test(rules, test_actor_names);
	tcase_add_test(rules, test_token_user_rule);
	tcase_add_test(rules, test_refresh_rule);
	tcase_add_test(rules, test_config_keys);
	suite_add_tcase(s, rules);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(signin_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
