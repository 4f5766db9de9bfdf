/*
 * check_reset.c - the token store and password reset: tokens are single
 * use, expire, are revoked by user and kind and swept, and are kept only
 * as the hash of their text; USER_RESET and RESET through ad_dispatch,
 * with every refusal, each refusal changing nothing, and the token in no
 * reply and no audit record.  A test clock (ctx.clock) and the cheapest
 * Argon2id limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "ops/password.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/token.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define NOBODY 65534
#define OLD_PW "alices old password"
#define NEW_PW "a brand new secret"
#define REFUSED AD_TOKEN_REFUSED

static struct dt T;
static uint64_t fake_now;
static uint32_t alice; /* alice's uid */

static uint64_t test_clock(void)
{
	return fake_now;
}

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
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "alice"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_DISPLAY_NAME, "Alice Liddell"),
			DT_S(ACCT_T_EMAIL, "alice@example.com"), DT_END),
		ACCT_ST_OK);
	alice = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_PASSWD,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_PASSWORD, OLD_PW), DT_END),
			 ACCT_ST_OK);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- looking at the store ---- */

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

static int count_token(void *arg, const struct ad_token *t)
{
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

static uint32_t queued(void)
{
	struct ad_err err = {0, ""};
	uint32_t n = 99;

	ck_assert_int_eq(ad_store_outbox_count(T.st, &n, &err), ACCT_ST_OK);
	return n;
}

/* The last queued mail. */
static int keep_last(void *arg, const struct ad_mail *m)
{
	*(struct ad_mail *)arg = *m;
	return 0;
}

static struct ad_mail last_mail(void)
{
	struct ad_err err = {0, ""};
	struct ad_mail m;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(ad_store_outbox_list(T.st, keep_last, &m, &err),
			 ACCT_ST_OK);
	ck_assert_uint_ne(m.id, 0);
	return m;
}

/* The token in the last queued mail. */
static const char *mailed_token(void)
{
	static char token[AD_TOKEN_TEXT_MAX + 1];
	struct ad_mail m = last_mail();
	const char *p = strstr(m.body, "acd_reset_");

	ck_assert_ptr_nonnull(p);
	snprintf(token, sizeof(token), "%.*s", (int)strcspn(p, "\n "), p);
	ck_assert_uint_eq(strlen(token), strlen("acd_reset_") + 43);
	return token;
}

/* Does any audit record hold s anywhere in its bytes? */
struct seek {
	const char *s;
	bool found;
};

static int find_in_record(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct seek *k = arg;

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

static const struct dt_audit *last_audit(struct dt_audit_list *l)
{
	dt_audit_read(&T, l);
	ck_assert_uint_gt(l->n, 0);
	return &l->rec[l->n - 1];
}

/* ---- requests ---- */

static int user_reset(uid_t uid, const char *login)
{
	return dt_call(&T, uid, ACCT_OP_USER_RESET, DT_S(ACCT_T_NAME, login),
		       DT_END);
}

static int reset(uid_t uid, const char *token, const char *password)
{
	return dt_call(&T, uid, ACCT_OP_RESET, DT_S(ACCT_T_TOKEN, token),
		       DT_S(ACCT_T_PASSWORD, password), DT_END);
}

static bool reply_has(const char *s)
{
	return memmem(T.rep.data, T.rep.len, s, strlen(s)) != NULL;
}

/* ---- the token store ---- */

START_TEST(test_token_text)
{
	char text[AD_TOKEN_TEXT_MAX + 1], other[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN], again[AD_TOKEN_KEY_LEN];
	uint8_t hash[crypto_generichash_BYTES];

	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, text, key), 0);
	ck_assert_uint_eq(strlen(text), strlen("acd_reset_") + 43);
	ck_assert_int_eq(strncmp(text, "acd_reset_", 10), 0);
	/* the key is BLAKE2b-256 of the whole text */
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)text,
			   strlen(text), NULL, 0);
	ck_assert_mem_eq(key, hash, sizeof(hash));
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_RESET, text, strlen(text), again), 0);
	ck_assert_mem_eq(key, again, sizeof(key));
	/* another token, another secret */
	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, other, again), 0);
	ck_assert_str_ne(text, other);
	ck_assert_int_ne(memcmp(key, again, sizeof(key)), 0);
	/* every kind shows in its prefix */
	ck_assert_int_eq(ad_token_new(AD_TOKEN_INVITE, other, again), 0);
	ck_assert_int_eq(strncmp(other, "acd_invite_", 11), 0);
	ck_assert_str_eq(ad_token_prefix(AD_TOKEN_EMAIL_VERIFY), "acd_verify_");
	ck_assert_str_eq(ad_token_prefix(AD_TOKEN_ACCESS), "acd_access_");
	ck_assert_str_eq(ad_token_prefix(AD_TOKEN_REFRESH), "acd_refresh_");
	ck_assert_ptr_null(ad_token_prefix(0));
	ck_assert_ptr_null(ad_token_prefix(AD_TOKEN__COUNT));
	ck_assert_int_eq(ad_token_new(0, other, again), -1);
	/* what cannot be a reset token */
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_INVITE, text, strlen(text), again), -1);
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_RESET, text, strlen(text) - 1, again),
		-1);
	text[20] = '*';
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_RESET, text, strlen(text), again), -1);
	ck_assert_int_eq(ad_token_key(AD_TOKEN_RESET, "", 0, again), -1);
}
END_TEST

/* Issue a token of kind for alice, expiring at expires; its key. */
static void issue(uint32_t kind, uint64_t expires, bool replace,
		  uint8_t key[AD_TOKEN_KEY_LEN], int want)
{
	char text[AD_TOKEN_TEXT_MAX + 1];
	struct ad_err err = {0, ""};
	struct ad_token_issue iss = {
		ad_str_c("alice"),
		kind,
		key,
		fake_now,
		expires,
		kind == AD_TOKEN_EMAIL_VERIFY ? "new@example.com" : NULL,
		replace,
		NULL};

	ck_assert_int_eq(ad_token_new(kind, text, key), 0);
	ck_assert_int_eq(
		ad_store_token_issue(T.st, &iss, NULL, "test", NULL, &err),
		want);
}

START_TEST(test_token_used_once)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_err err = {0, ""};
	struct ad_token t;

	issue(AD_TOKEN_EMAIL_VERIFY, fake_now + 60, false, key, ACCT_ST_OK);
	ck_assert_int_eq(ad_store_token_check(T.st, key, AD_TOKEN_EMAIL_VERIFY,
					      fake_now, &t, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(t.uid, alice);
	ck_assert_uint_eq(t.used_at, 0);
	/* another kind's use does not take it */
	ck_assert_int_eq(ad_store_token_use(T.st, key, AD_TOKEN_RESET, fake_now,
					    "test", &t, &err),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(err.msg, REFUSED);
	ck_assert_int_eq(ad_store_token_use(T.st, key, AD_TOKEN_EMAIL_VERIFY,
					    fake_now, "test", &t, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(t.uid, alice);
	ck_assert_uint_eq(t.kind, AD_TOKEN_EMAIL_VERIFY);
	ck_assert_str_eq(t.data, "new@example.com");
	ck_assert_uint_eq(t.created, fake_now);
	ck_assert_uint_eq(t.expires, fake_now + 60);
	ck_assert_uint_eq(t.used_at, fake_now);
	/* once */
	ck_assert_int_eq(ad_store_token_use(T.st, key, AD_TOKEN_EMAIL_VERIFY,
					    fake_now, "test", &t, &err),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(err.msg, REFUSED);
	ck_assert_int_eq(ad_store_token_check(T.st, key, AD_TOKEN_EMAIL_VERIFY,
					      fake_now, &t, &err),
			 ACCT_ST_DENIED);
	/* unknown: the same words */
	key[0] ^= 1;
	ck_assert_int_eq(ad_store_token_use(T.st, key, AD_TOKEN_EMAIL_VERIFY,
					    fake_now, "test", &t, &err),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(err.msg, REFUSED);
}
END_TEST

START_TEST(test_token_expiry_and_sweep)
{
	uint8_t soon[AD_TOKEN_KEY_LEN], later[AD_TOKEN_KEY_LEN];
	struct ad_err err = {0, ""};
	struct ad_token t;
	uint32_t n = 0;

	issue(AD_TOKEN_INVITE, fake_now + 60, false, soon, ACCT_ST_OK);
	issue(AD_TOKEN_INVITE, fake_now + 600, false, later, ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 2);
	ck_assert_int_eq(ad_store_token_check(T.st, soon, AD_TOKEN_INVITE,
					      fake_now + 59, &t, &err),
			 ACCT_ST_OK);
	/* at its expiry it is refused, with the one message */
	ck_assert_int_eq(ad_store_token_use(T.st, soon, AD_TOKEN_INVITE,
					    fake_now + 60, "test", &t, &err),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(err.msg, REFUSED);
	/* the sweep takes the expired one only */
	ck_assert_int_eq(
		ad_store_token_sweep(T.st, fake_now + 59, 100, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(
		ad_store_token_sweep(T.st, fake_now + 60, 100, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tokens_of(alice), 1);
	ck_assert_int_eq(ad_store_token_use(T.st, later, AD_TOKEN_INVITE,
					    fake_now + 60, "test", &t, &err),
			 ACCT_ST_OK);
	/* used ones go when their time is up; a batch at most */
	issue(AD_TOKEN_INVITE, fake_now + 600, false, soon, ACCT_ST_OK);
	ck_assert_int_eq(
		ad_store_token_sweep(T.st, fake_now + 600, 1, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tokens_of(alice), 1);
	ck_assert_int_eq(
		ad_store_token_sweep(T.st, fake_now + 600, 1, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tokens_of(alice), 0);
}
END_TEST

START_TEST(test_token_revoke)
{
	uint8_t a[AD_TOKEN_KEY_LEN], b[AD_TOKEN_KEY_LEN], c[AD_TOKEN_KEY_LEN];
	uint32_t bob = dt_user(&T, "bob", "acme", 0);
	struct ad_err err = {0, ""};
	struct ad_token t;
	uint32_t n = 9;

	issue(AD_TOKEN_RESET, fake_now + 60, false, a, ACCT_ST_OK);
	issue(AD_TOKEN_ACCESS, fake_now + 60, false, b, ACCT_ST_OK);
	issue(AD_TOKEN_REFRESH, fake_now + 60, false, c, ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 3);
	/* another user's revocation touches none of alice's */
	ck_assert_int_eq(ad_store_token_revoke(T.st, bob, 0, "test", &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
	/* of one kind */
	ck_assert_int_eq(ad_store_token_revoke(T.st, alice, AD_TOKEN_ACCESS,
					       "test", &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tokens_of(alice), 2);
	ck_assert_int_eq(ad_store_token_check(T.st, b, AD_TOKEN_ACCESS,
					      fake_now, &t, &err),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(ad_store_token_check(T.st, a, AD_TOKEN_RESET, fake_now,
					      &t, &err),
			 ACCT_ST_OK);
	/* replacing: a new token of a kind revokes the older ones */
	issue(AD_TOKEN_RESET, fake_now + 60, true, b, ACCT_ST_OK);
	ck_assert_int_eq(tokens_of(alice), 2);
	ck_assert_int_eq(ad_store_token_check(T.st, a, AD_TOKEN_RESET, fake_now,
					      &t, &err),
			 ACCT_ST_DENIED);
	/* all kinds */
	ck_assert_int_eq(
		ad_store_token_revoke(T.st, alice, 0, "test", &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(tokens_of(alice), 0);
	ck_assert_int_eq(ad_store_token_check(T.st, c, AD_TOKEN_REFRESH,
					      fake_now, &t, &err),
			 ACCT_ST_DENIED);
	/* and the sweep finds nothing left behind */
	ck_assert_int_eq(ad_store_token_sweep(T.st, UINT64_MAX, 100, &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_token_issue_unknown_user)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	char text[AD_TOKEN_TEXT_MAX + 1];
	struct ad_err err = {0, ""};
	struct ad_token_issue iss = {
		ad_str_c("nobody"), AD_TOKEN_RESET, key,   fake_now,
		fake_now + 60,	    NULL,	    false, NULL};

	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, text, key), 0);
	ck_assert_int_eq(
		ad_store_token_issue(T.st, &iss, NULL, "test", NULL, &err),
		ACCT_ST_NOTFOUND);
	ck_assert_str_eq(err.msg, "no user 'nobody'");
}
END_TEST

/* ---- USER_RESET ---- */

START_TEST(test_user_reset_queues_the_token)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_err err = {0, ""};
	const char *token;
	struct ad_token t;
	struct ad_mail m;

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "alice");
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_EMAIL),
			 "alice@example.com");
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_EXPIRES),
			  fake_now + 3600);
	ck_assert(!reply_has("acd_"));
	/* one mail, to alice, with the token and what to do with it */
	ck_assert_uint_eq(queued(), 1);
	m = last_mail();
	ck_assert_str_eq(m.to, "alice@example.com");
	ck_assert_str_eq(m.subject, "Password reset for alice");
	ck_assert_ptr_nonnull(strstr(m.body, "Hello Alice Liddell,"));
	ck_assert_ptr_nonnull(strstr(m.body, "    accountsctl reset\n"));
	ck_assert_ptr_nonnull(strstr(m.body, "until 2027-01-15 09:00:00 UTC"));
	token = mailed_token();
	/* the store knows it by its hash alone */
	ck_assert_int_eq(tokens_of(alice), 1);
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_RESET, token, strlen(token), key), 0);
	ck_assert_int_eq(ad_store_token_check(T.st, key, AD_TOKEN_RESET,
					      fake_now, &t, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(t.uid, alice);
	ck_assert_uint_eq(t.expires, fake_now + 3600);
	/* audited, without the token */
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "user-reset");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_str_eq(a->actor, "root");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert(!audited_anywhere("acd_"));
	ck_assert(audited_anywhere("alice")); /* the search works */
	/* the configured lifetime */
	T.cfg.reset_token_ttl_s = 600;
	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_EXPIRES),
			  fake_now + 600);
}
END_TEST

/* A tenant's admin resets its own users' passwords, and nobody else's. */
START_TEST(test_user_reset_by_tenant_admin)
{
	uint32_t adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	uint32_t olga;

	dt_tenant(&T, "other");
	olga = dt_user(&T, "olga", "other", ACCT_ROLE_OWNER);
	ck_assert_int_eq(user_reset(adam, "alice"), ACCT_ST_OK);
	ck_assert_uint_eq(queued(), 1);
	ck_assert_int_eq(user_reset(olga, "alice"), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-reset 'alice': not "
				"in your organization");
	ck_assert_uint_eq(queued(), 1);
}
END_TEST

START_TEST(test_user_reset_refusals)
{
	static const struct {
		const char *login;
		const char *msg; /* NULL: any */
		uid_t uid;
		int status;
	} cases[] = {
		{"bob",
		 "user 'bob' has no email address to mail a reset to (set "
		 "one with user update --email)",
		 0, ACCT_ST_CONFLICT},
		{"carol", "user 'carol' is deleted", 0, ACCT_ST_CONFLICT},
		{"dave", "tenant 'gone' is being deprovisioned", 0,
		 ACCT_ST_CONFLICT},
		{"nosuchuser", "no user 'nosuchuser'", 0, ACCT_ST_NOTFOUND},
		{"Bad Name", NULL, 0, ACCT_ST_NOTFOUND},
		{"alice",
		 "permission denied: user-reset: not a directory user or "
		 "platform operator",
		 NOBODY, ACCT_ST_DENIED},
	};
	uint32_t uids[3];
	struct dt_audit_list l;
	size_t before;

	uids[0] = dt_user(&T, "bob", "acme", 0);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "carol"),
			DT_S(ACCT_T_TENANT, "acme"),
			DT_S(ACCT_T_EMAIL, "carol@example.com"), DT_END),
		ACCT_ST_OK);
	uids[1] = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	dt_tenant(&T, "gone");
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "dave"),
			DT_S(ACCT_T_TENANT, "gone"),
			DT_S(ACCT_T_EMAIL, "dave@example.com"), DT_END),
		ACCT_ST_OK);
	uids[2] = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "gone"),
				 DT_S(ACCT_T_STATUS_REASON, "left"), DT_END),
			 ACCT_ST_OK);
	dt_audit_read(&T, &l);
	before = l.n;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(user_reset(cases[i].uid, cases[i].login) ==
				      cases[i].status,
			      "%s: %d %s", cases[i].login, T.status, T.msg);
		if (cases[i].msg != NULL)
			ck_assert_str_eq(T.msg, cases[i].msg);
	}
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_RESET, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: name");
	/* nothing changed: no mail, no token */
	ck_assert_uint_eq(queued(), 0);
	ck_assert_int_eq(tokens_of(alice), 0);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(tokens_of(uids[i]), 0);
	/* every refusal audited, with its tenant where there is one */
	dt_audit_read(&T, &l);
	ck_assert_uint_ge(l.n, before + 4);
	ck_assert_str_eq(l.rec[before].action, "user-reset");
	ck_assert_str_eq(l.rec[before].target, "bob");
	ck_assert_str_eq(l.rec[before].tenant, "acme");
	ck_assert_uint_eq(l.rec[before].result, ACCT_ST_CONFLICT);
	ck_assert_str_eq(l.rec[before + 2].target, "dave");
	ck_assert_str_eq(l.rec[before + 2].tenant, "gone");
}
END_TEST

START_TEST(test_user_reset_replaces_the_older_token)
{
	char first[AD_TOKEN_TEXT_MAX + 1];

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	snprintf(first, sizeof(first), "%s", mailed_token());
	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	ck_assert_str_ne(mailed_token(), first);
	ck_assert_int_eq(tokens_of(alice), 1);
	ck_assert_uint_eq(queued(), 2);
	ck_assert_int_eq(reset(NOBODY, first, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert(password_is("alice", OLD_PW));
	ck_assert_int_eq(reset(NOBODY, mailed_token(), NEW_PW), ACCT_ST_OK);
	ck_assert(password_is("alice", NEW_PW));
}
END_TEST

START_TEST(test_user_reset_queue_full)
{
	char first[AD_TOKEN_TEXT_MAX + 1];
	struct dt_audit_list l;

	T.cfg.mail_queue_max = 1;
	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	snprintf(first, sizeof(first), "%s", mailed_token());
	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_EXHAUSTED);
	ck_assert_str_eq(T.msg, "the mail queue is full (1 messages wait to "
				"be delivered); try again later");
	/* all or nothing: the older token was not revoked, no new one */
	ck_assert_uint_eq(queued(), 1);
	ck_assert_int_eq(tokens_of(alice), 1);
	ck_assert_str_eq(mailed_token(), first);
	ck_assert_str_eq(last_audit(&l)->action, "user-reset");
	ck_assert_uint_eq(last_audit(&l)->result, ACCT_ST_EXHAUSTED);
	ck_assert_int_eq(reset(NOBODY, first, NEW_PW), ACCT_ST_OK);
}
END_TEST

/* ---- RESET ---- */

START_TEST(test_reset_sets_the_password)
{
	const struct dt_audit *a;
	struct dt_audit_list l;
	const char *token;

	/* alice locked herself out */
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH,
					 DT_S(ACCT_T_NAME, "alice"),
					 DT_S(ACCT_T_PASSWORD, "wrong"),
					 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
				 ACCT_ST_OK);
	ck_assert_uint_gt(stored("alice").locked_until, fake_now);
	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	token = mailed_token();
	/* anyone holding the token: here a uid the directory does not know */
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "alice");
	ck_assert(!reply_has("acd_"));
	ck_assert(!reply_has("$argon2"));
	ck_assert(password_is("alice", NEW_PW));
	ck_assert(!password_is("alice", OLD_PW));
	ck_assert_uint_eq(stored("alice").locked_until, 0);
	ck_assert_uint_eq(stored("alice").failed_logins, 0);
	/* the lock is gone: the new password logs in */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_PASSWORD, NEW_PW),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	/* audited: the caller, the user, never the token */
	dt_audit_read(&T, &l);
	a = NULL;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, "password-reset") == 0)
			a = &l.rec[i];
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->actor, "uid 65534");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert(!audited_anywhere("acd_"));
	ck_assert(audited_anywhere("alice")); /* the search works */
}
END_TEST

START_TEST(test_reset_token_works_once)
{
	char token[AD_TOKEN_TEXT_MAX + 1];

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	snprintf(token, sizeof(token), "%s", mailed_token());
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_OK);
	ck_assert_int_eq(reset(NOBODY, token, "yet another password"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert(password_is("alice", NEW_PW));
	/* even for root */
	ck_assert_int_eq(reset(0, token, "yet another password"),
			 ACCT_ST_DENIED);
	ck_assert(password_is("alice", NEW_PW));
}
END_TEST

START_TEST(test_reset_token_expires)
{
	char token[AD_TOKEN_TEXT_MAX + 1];
	struct ad_err err = {0, ""};
	uint32_t n = 0;

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	snprintf(token, sizeof(token), "%s", mailed_token());
	fake_now += 3600;
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert(password_is("alice", OLD_PW));
	ck_assert_int_eq(ad_store_token_sweep(T.st, fake_now, 100, &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tokens_of(alice), 0);
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
}
END_TEST

START_TEST(test_reset_bad_tokens)
{
	char made_up[AD_TOKEN_TEXT_MAX + 1], invite[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	const char *bad[] = {
		made_up,
		invite,
		"garbage",
		"acd_reset_",
		"acd_reset_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*",
	};

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, made_up, key), 0);
	/* a real token's secret under another kind's prefix */
	snprintf(invite, sizeof(invite), "acd_invite_%s",
		 mailed_token() + strlen("acd_reset_"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(reset(NOBODY, bad[i], NEW_PW), ACCT_ST_DENIED);
		ck_assert_str_eq(T.msg, REFUSED);
	}
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_RESET,
				 DT_S(ACCT_T_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: token");
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_RESET,
				 DT_S(ACCT_T_TOKEN, mailed_token()), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: password");
	/* nothing changed: the real token still works */
	ck_assert(password_is("alice", OLD_PW));
	ck_assert_int_eq(reset(NOBODY, mailed_token(), NEW_PW), ACCT_ST_OK);
}
END_TEST

START_TEST(test_reset_weak_password_keeps_the_token)
{
	const char *token;

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	token = mailed_token();
	ck_assert_int_eq(reset(NOBODY, token, "short"), ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg,
			 "the password is too short (at least 10 characters)");
	ck_assert_int_eq(reset(NOBODY, token, "alice"), ACCT_ST_INVALID);
	ck_assert(password_is("alice", OLD_PW));
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_OK);
	ck_assert(password_is("alice", NEW_PW));
}
END_TEST

START_TEST(test_reset_user_gone)
{
	char token[AD_TOKEN_TEXT_MAX + 1];

	ck_assert_int_eq(user_reset(0, "alice"), ACCT_ST_OK);
	snprintf(token, sizeof(token), "%s", mailed_token());
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	/* a token outliving its user tells nothing about it */
	ck_assert_int_eq(reset(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
}
END_TEST

static Suite *reset_suite(void)
{
	Suite *s = suite_create("reset");
	TCase *tokens = tcase_create("tokens");
	TCase *issue_tc = tcase_create("user_reset");
	TCase *use_tc = tcase_create("reset");

	tcase_add_checked_fixture(tokens, setup, teardown);
	tcase_add_test(tokens, test_token_text);
	tcase_add_test(tokens, test_token_used_once);
	tcase_add_test(tokens, test_token_expiry_and_sweep);
	tcase_add_test(tokens, test_token_revoke);
	tcase_add_test(tokens, test_token_issue_unknown_user);
	suite_add_tcase(s, tokens);

	tcase_add_checked_fixture(issue_tc, setup, teardown);
	tcase_add_test(issue_tc, test_user_reset_queues_the_token);
	tcase_add_test(issue_tc, test_user_reset_by_tenant_admin);
	tcase_add_test(issue_tc, test_user_reset_refusals);
	tcase_add_test(issue_tc, test_user_reset_replaces_the_older_token);
	tcase_add_test(issue_tc, test_user_reset_queue_full);
	suite_add_tcase(s, issue_tc);

	tcase_add_checked_fixture(use_tc, setup, teardown);
	tcase_add_test(use_tc, test_reset_sets_the_password);
	tcase_add_test(use_tc, test_reset_token_works_once);
	tcase_add_test(use_tc, test_reset_token_expires);
	tcase_add_test(use_tc, test_reset_bad_tokens);
	tcase_add_test(use_tc, test_reset_weak_password_keeps_the_token);
	tcase_add_test(use_tc, test_reset_user_gone);
	tcase_set_timeout(use_tc, 20);
	suite_add_tcase(s, use_tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(reset_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
