/*
 * check_email_change.c - a directory user's email change through
 * ad_dispatch: ME_EMAIL with the current password (a wrong one counted
 * and audited), the new address stored unverified, every token revoked,
 * a verification token mailed to the new address, all in one write;
 * every refusal changing nothing (a taken address, a bad one, a full
 * queue, callers without self:manage, a suspended tenant); and
 * ME_EMAIL_VERIFY with the caller's own live token only.  A test clock
 * and the cheapest Argon2id limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "token_testlib.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define DAY 86400u
#define BOB_PW "bobs own password"
#define CAROL_PW "carols own password"
#define ANON 4242
#define REFUSED AD_TOKEN_REFUSED

static struct dt T;
static uint64_t fake_now;
static uint32_t alice, bob, carol, vic; /* uids */

static uint64_t test_clock(void)
{
	return fake_now;
}

static uint64_t test_clock_ms(void)
{
	return fake_now * 1000u;
}

static void user_with(const char *login, unsigned role, const char *email,
		      const char *pw, uint32_t *uid)
{
	*uid = dt_user(&T, login, "acme", role);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_EMAIL, email), DT_END),
			 ACCT_ST_OK);
	if (pw != NULL)
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
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	user_with("alice", ACCT_ROLE_OWNER, "alice@example.com", NULL, &alice);
	user_with("bob", ACCT_ROLE_MEMBER, "bob@example.com", BOB_PW, &bob);
	user_with("carol", ACCT_ROLE_MEMBER, "carol@example.com", CAROL_PW,
		  &carol);
	user_with("vic", ACCT_ROLE_VIEWER, "vic@example.com", "vics password",
		  &vic);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static int me_email(uid_t uid, const char *password, const char *email)
{
	return dt_call(&T, uid, ACCT_OP_ME_EMAIL,
		       DT_S(ACCT_T_OLD_PASSWORD, password),
		       DT_S(ACCT_T_EMAIL, email), DT_END);
}

static int verify(uid_t uid, const char *token)
{
	return dt_call(&T, uid, ACCT_OP_ME_EMAIL_VERIFY,
		       DT_S(ACCT_T_TOKEN, token), DT_END);
}

/* bob holds a token of each sign-in kind, and a reset token. */
static void give_bob_tokens(void)
{
	char text[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_err err = {0, ""};

	for (uint32_t k = AD_TOKEN_RESET; k <= AD_TOKEN_REFRESH; k++) {
		struct ad_token_issue iss = {
			ad_str_c("bob"), k,    key,   fake_now,
			fake_now + 600,	 NULL, false, NULL};

		if (k == AD_TOKEN_EMAIL_VERIFY)
			continue;
		ck_assert_int_eq(ad_token_new(k, text, key), 0);
		ck_assert_int_eq(ad_store_token_issue(T.st, &iss, NULL, "test",
						      NULL, &err),
				 ACCT_ST_OK);
	}
	ck_assert_int_eq(tt_tokens_of(&T, bob, 0), 3);
}

START_TEST(test_email_change_and_verify)
{
	char token[AD_TOKEN_TEXT_MAX + 1];
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_field rec;
	struct ad_token tok;
	struct ad_mail m;

	give_bob_tokens();
	ck_assert_int_eq(me_email(bob, BOB_PW, " Bob.New@Example.NET "),
			 ACCT_ST_OK);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_EMAIL),
			 "Bob.New@example.net");
	ck_assert_int_eq(dt_count(rec.val, rec.len, ACCT_T_EMAIL_VERIFIED_AT),
			 0);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_EXPIRES),
			  fake_now + DAY);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_REVOKED_TOKENS),
			  3);
	ck_assert_ptr_null(
		memmem(T.rep.data, T.rep.len, "acd_", strlen("acd_")));
	ck_assert_str_eq(tt_stored(&T, "bob").email, "Bob.New@example.net");
	ck_assert_uint_eq(tt_stored(&T, "bob").email_verified_at, 0);
	/* every other token gone; the new one for the new address */
	ck_assert_int_eq(tt_tokens_of(&T, bob, 0), 1);
	tok = tt_token_of(&T, bob, AD_TOKEN_EMAIL_VERIFY);
	ck_assert_str_eq(tok.data, "Bob.New@example.net");
	ck_assert_uint_eq(tok.expires, fake_now + DAY);
	/* the mail goes to the new address */
	ck_assert_uint_eq(tt_queued(&T), 1);
	m = tt_last_mail(&T);
	ck_assert_str_eq(m.to, "Bob.New@example.net");
	ck_assert_str_eq(m.subject, "Confirm the email address of bob");
	ck_assert_ptr_nonnull(
		strstr(m.body, "    accountsctl me email verify\n"));
	ad_mail_wipe(&m);
	snprintf(token, sizeof(token), "%s",
		 tt_mailed_token(&T, AD_TOKEN_EMAIL_VERIFY));
	/* the old address is free again in the tenant */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_EMAIL, "bob@example.com"), DT_END),
			 ACCT_ST_OK);
	tt_audit(&T, &l);
	a = tt_last_of(&l, "me-email");
	ck_assert_str_eq(a->actor, "bob");
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);

	/* verified by bob, with his token, once */
	fake_now += 60;
	ck_assert_int_eq(verify(bob, token), ACCT_ST_OK);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_EMAIL_VERIFIED_AT),
			  fake_now);
	ck_assert_uint_eq(tt_stored(&T, "bob").email_verified_at, fake_now);
	ck_assert_uint_eq(tt_token_of(&T, bob, AD_TOKEN_EMAIL_VERIFY).used_at,
			  fake_now);
	ck_assert_int_eq(verify(bob, token), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	tt_audit(&T, &l);
	ck_assert_int_eq(tt_count_of(&l, "me-email-verify"), 2);
	ck_assert(!tt_audited_anywhere(&T, "acd_verify_"));
	ck_assert(!tt_audited_anywhere(&T, BOB_PW));

	/* the verified address again: nothing to do */
	ck_assert_int_eq(me_email(bob, BOB_PW, "Bob.New@example.net"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "email 'Bob.New@example.net' is your verified "
				"address already");
	ck_assert_uint_eq(tt_queued(&T), 1);
	/* a new one unverifies it, and the password still logs in */
	ck_assert_int_eq(me_email(bob, BOB_PW, "bob@example.org"), ACCT_ST_OK);
	ck_assert_uint_eq(tt_stored(&T, "bob").email_verified_at, 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_SERVICE, "login"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	/* an unverified address again: a new mail, the older token void */
	snprintf(token, sizeof(token), "%s",
		 tt_mailed_token(&T, AD_TOKEN_EMAIL_VERIFY));
	ck_assert_int_eq(me_email(bob, BOB_PW, "bob@example.org"), ACCT_ST_OK);
	ck_assert_uint_eq(tt_queued(&T), 3);
	ck_assert_int_eq(verify(bob, token), ACCT_ST_DENIED);
	ck_assert_int_eq(
		verify(bob, tt_mailed_token(&T, AD_TOKEN_EMAIL_VERIFY)),
		ACCT_ST_OK);
}
END_TEST

/* The one refusal for a token that is not bob's own live one for the
 * address he has; another's token is not used up by the attempt. */
START_TEST(test_verify_refusals)
{
	char carols[AD_TOKEN_TEXT_MAX + 1], bobs[AD_TOKEN_TEXT_MAX + 1];
	char other[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];

	ck_assert_int_eq(me_email(carol, CAROL_PW, "carol@example.org"),
			 ACCT_ST_OK);
	snprintf(carols, sizeof(carols), "%s",
		 tt_mailed_token(&T, AD_TOKEN_EMAIL_VERIFY));
	ck_assert_int_eq(me_email(bob, BOB_PW, "bob@example.org"), ACCT_ST_OK);
	snprintf(bobs, sizeof(bobs), "%s",
		 tt_mailed_token(&T, AD_TOKEN_EMAIL_VERIFY));
	ck_assert_int_eq(verify(bob, carols), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_int_eq(verify(carol, carols), ACCT_ST_OK);
	/* what cannot be one */
	ck_assert_int_eq(verify(bob, "garbage"), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_int_eq(ad_token_new(AD_TOKEN_EMAIL_VERIFY, other, key), 0);
	ck_assert_int_eq(verify(bob, other), ACCT_ST_DENIED);
	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, other, key), 0);
	ck_assert_int_eq(verify(bob, other), ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_EMAIL_VERIFY, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: token");
	/* an operator changed the address meanwhile: the token confirms
	 * another one */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_EMAIL, "bob@example.net"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(verify(bob, bobs), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_uint_eq(tt_stored(&T, "bob").email_verified_at, 0);
	/* nor once it expired */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_EMAIL, "bob@example.org"), DT_END),
			 ACCT_ST_OK);
	fake_now += DAY;
	ck_assert_int_eq(verify(bob, bobs), ACCT_ST_DENIED);
	ck_assert_uint_eq(tt_stored(&T, "bob").email_verified_at, 0);
	/* root and strangers have no address of their own here */
	ck_assert_int_eq(verify(0, bobs), ACCT_ST_DENIED);
	ck_assert_int_eq(verify(ANON, bobs), ACCT_ST_DENIED);
}
END_TEST

/* A snapshot of what a refused change must leave alone. */
struct state {
	char email[AD_MAX_EMAIL + 1];
	uint64_t verified;
	int tokens;
	uint32_t queued;
};

static struct state state_now(void)
{
	struct ad_user u = tt_stored(&T, "bob");
	struct state s;

	memcpy(s.email, u.email, sizeof(s.email));
	s.verified = u.email_verified_at;
	s.tokens = tt_tokens_of(&T, bob, 0);
	s.queued = tt_queued(&T);
	return s;
}

static void assert_same(const struct state *before)
{
	struct state now = state_now();

	ck_assert_str_eq(now.email, before->email);
	ck_assert_uint_eq(now.verified, before->verified);
	ck_assert_int_eq(now.tokens, before->tokens);
	ck_assert_uint_eq(now.queued, before->queued);
}

START_TEST(test_email_change_refusals)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct state before;

	give_bob_tokens();
	before = state_now();
	/* a wrong password: counted like a failed login, audited */
	ck_assert_int_eq(me_email(bob, "not my password", "b@example.org"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "wrong current password");
	ck_assert_uint_eq(tt_stored(&T, "bob").failed_logins, 1);
	tt_audit(&T, &l);
	a = tt_last_of(&l, "me-email");
	ck_assert_str_eq(a->actor, "bob");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, "wrong current password");
	assert_same(&before);
	/* an address another user of the tenant has */
	ck_assert_int_eq(me_email(bob, BOB_PW, "carol@EXAMPLE.COM"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "email 'carol@example.com' is already used in "
				"tenant 'acme'");
	assert_same(&before);
	/* bad requests */
	ck_assert_int_eq(me_email(bob, BOB_PW, "no address"), ACCT_ST_INVALID);
	ck_assert_int_eq(me_email(bob, BOB_PW, ""), ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "give the new address: an account keeps an "
				"email address");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_EMAIL,
				 DT_S(ACCT_T_EMAIL, "b@example.org"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: old_password");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_EMAIL,
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: email");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_EMAIL,
				 DT_S(ACCT_T_NAME, "carol"),
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_EMAIL, "b@example.org"), DT_END),
			 ACCT_ST_BADREQ);
	assert_same(&before);
	/* the mail queue full */
	T.cfg.mail_queue_max = 1;
	ck_assert_int_eq(me_email(carol, CAROL_PW, "c@example.org"),
			 ACCT_ST_OK);
	before.queued = 1;
	ck_assert_int_eq(me_email(bob, BOB_PW, "b@example.org"),
			 ACCT_ST_EXHAUSTED);
	assert_same(&before);
	T.cfg.mail_queue_max = 100;
	/* who may not: a viewer, root, a stranger */
	ck_assert_int_eq(me_email(vic, "vics password", "v@example.org"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: me-email: your role "
				"(viewer) does not grant self:manage");
	ck_assert_str_eq(tt_stored(&T, "vic").email, "vic@example.com");
	ck_assert_int_eq(me_email(0, BOB_PW, "b@example.org"), ACCT_ST_DENIED);
	ck_assert_int_eq(me_email(ANON, BOB_PW, "b@example.org"),
			 ACCT_ST_DENIED);
	/* a disabled user changes nothing */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_email(carol, CAROL_PW, "c2@example.org"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "account carol is disabled");
	/* nor does one of a suspended tenant */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	before.tokens = 0; /* the suspension revoked them */
	ck_assert_int_eq(me_email(bob, BOB_PW, "b@example.org"),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant 'acme' is suspended: its directory is "
				"read-only");
	assert_same(&before);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("email_change");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_email_change_and_verify);
	tcase_add_test(tc, test_verify_refusals);
	tcase_add_test(tc, test_email_change_refusals);
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
