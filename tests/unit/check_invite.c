/*
 * check_invite.c - invitations through ad_dispatch: USER_INVITE (a
 * pending user, its hashed token and its mail in one write) by root and
 * by tenant admins of the right and the wrong tenant, each refusal
 * changing nothing; INVITE_ACCEPT with every refusal; the invitation
 * through PAM (AUTH and ACCT_MGMT answer NEW_AUTHTOK_REQD, CHAUTHTOK with
 * the token accepts it, a wrong token is a failed login and locks); and
 * the tokens revoked when a user is disabled, deleted or reset, or its
 * tenant suspended or deprovisioned.  The token is in no audit record.
 * A test clock and the cheapest Argon2id limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "token_testlib.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define WEEK (7u * 86400u)
#define NOBODY 65534
#define NEW_PW "ivys very own secret"
#define REFUSED AD_TOKEN_REFUSED

static struct dt T;
static uint64_t fake_now;
static uint32_t ann, adam, mia, gus; /* acme's owner, admin, member;
					globex's owner */

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
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN);
	mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- requests ---- */

/* USER_INVITE of login with email, as uid; tenant and role may be NULL
 * (left out). */
static int invite(uid_t uid, const char *login, const char *email,
		  const char *tenant, const char *role)
{
	acct_buf_reset(&T.req);
	if (login != NULL)
		acct_put_str(&T.req, ACCT_T_NAME, login);
	if (email != NULL)
		acct_put_str(&T.req, ACCT_T_EMAIL, email);
	if (tenant != NULL)
		acct_put_str(&T.req, ACCT_T_TENANT, tenant);
	if (role != NULL)
		acct_put_str(&T.req, ACCT_T_ROLE_NAME, role);
	return dt_send(&T, uid, ACCT_OP_USER_INVITE);
}

static int accept(uid_t uid, const char *token, const char *password)
{
	return dt_call(&T, uid, ACCT_OP_INVITE_ACCEPT,
		       DT_S(ACCT_T_TOKEN, token),
		       DT_S(ACCT_T_PASSWORD, password), DT_END);
}

/* A PAM request's verdict (the wire status must be OK). */
static uint32_t verdict(void)
{
	ck_assert_msg(T.status == ACCT_ST_OK, "%d %s", T.status, T.msg);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

static uint32_t auth(const char *login, const char *password)
{
	dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, login),
		DT_S(ACCT_T_PASSWORD, password), DT_S(ACCT_T_SERVICE, "login"),
		DT_END);
	return verdict();
}

static uint32_t acct_mgmt(const char *login)
{
	dt_call(&T, 0, ACCT_OP_ACCT_MGMT, DT_S(ACCT_T_NAME, login),
		DT_S(ACCT_T_SERVICE, "login"), DT_END);
	return verdict();
}

/* CHAUTHTOK as uid: old (may be NULL), new (NULL: the PRELIM check). */
static uint32_t chauthtok(uid_t uid, const char *login, const char *old,
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
	dt_send(&T, uid, ACCT_OP_CHAUTHTOK);
	return verdict();
}

static bool user_exists(const char *login)
{
	return dt_call(&T, 0, ACCT_OP_USER_SHOW, DT_S(ACCT_T_NAME, login),
		       DT_END) == ACCT_ST_OK;
}

/* Invite ivy into acme as root; her token (a static copy). */
static const char *invite_ivy(void)
{
	static char token[AD_TOKEN_TEXT_MAX + 1];

	ck_assert_int_eq(invite(0, "ivy", "ivy@example.org", "acme", NULL),
			 ACCT_ST_OK);
	snprintf(token, sizeof(token), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_TOKEN));
	return token;
}

/* Issue a token of kind for login straight into the store (the sign-in
 * kinds have no request yet); its text is not kept. */
static void give_token(const char *login, uint32_t kind)
{
	char text[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_err err = {0, ""};
	struct ad_token_issue iss = {ad_str_c(login), kind, key,   fake_now,
				     fake_now + 600,  NULL, false, NULL};

	ck_assert_int_eq(ad_token_new(kind, text, key), 0);
	ck_assert_int_eq(
		ad_store_token_issue(T.st, &iss, NULL, "test", NULL, &err),
		ACCT_ST_OK);
}

/* ---- USER_INVITE ---- */

START_TEST(test_invite_creates_a_pending_user)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_field rec;
	uint8_t key[AD_TOKEN_KEY_LEN];
	char token[AD_TOKEN_TEXT_MAX + 1];
	struct ad_err err = {0, ""};
	uint32_t users = dt_count_of(&T, ACCT_T_COUNT_USERS), uid;
	struct ad_token tok;
	struct ad_user u;
	struct ad_mail m;

	ck_assert_int_eq(
		invite(0, "ivy", "  Ivy.Green@Example.ORG ", "acme", "viewer"),
		ACCT_ST_OK);
	/* the user, pending, with the address as stored */
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_NAME), "ivy");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TENANT), "acme");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_EMAIL),
			 "Ivy.Green@example.org");
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_STATUS),
			  ACCT_USER_PENDING);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_ROLE),
			  ACCT_ROLE_VIEWER);
	uid = dt_u32(rec.val, rec.len, ACCT_T_UID);
	/* the token, shown once, and its expiry */
	snprintf(token, sizeof(token), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_TOKEN));
	ck_assert_uint_eq(strlen(token), strlen("acd_invite_") + 43);
	ck_assert_int_eq(strncmp(token, "acd_invite_", 11), 0);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_EXPIRES),
			  fake_now + WEEK);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users + 1);
	u = tt_stored(&T, "ivy");
	ck_assert_uint_eq(u.status, ACCT_USER_PENDING);
	ck_assert_str_eq(u.password_hash, "");
	/* the store has its hash alone */
	tok = tt_token_of(&T, uid, AD_TOKEN_INVITE);
	ck_assert_uint_eq(tok.expires, fake_now + WEEK);
	ck_assert_uint_eq(tok.used_at, 0);
	ck_assert_int_eq(
		ad_token_key(AD_TOKEN_INVITE, token, strlen(token), key), 0);
	ck_assert_int_eq(ad_store_token_check(T.st, key, AD_TOKEN_INVITE,
					      fake_now, &tok, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(tok.uid, uid);
	/* the mail: to her, with the same token and what to do with it */
	ck_assert_uint_eq(tt_queued(&T), 1);
	m = tt_last_mail(&T);
	ck_assert_str_eq(m.to, "Ivy.Green@example.org");
	ck_assert_str_eq(m.subject, "Your invitation to acme");
	ck_assert_ptr_nonnull(strstr(m.body, "its login is ivy."));
	ck_assert_ptr_nonnull(
		strstr(m.body, "    accountsctl invite accept\n"));
	ck_assert_ptr_nonnull(strstr(m.body, "until 2027-01-22 08:00:00 UTC"));
	ck_assert_str_eq(tt_mailed_token(&T, AD_TOKEN_INVITE), token);
	ad_mail_wipe(&m);
	/* audited, without the token */
	tt_audit(&T, &l);
	a = tt_last_of(&l, "user-invite");
	ck_assert_str_eq(a->actor, "root");
	ck_assert_str_eq(a->target, "ivy");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert(!tt_audited_anywhere(&T, "acd_invite_"));
	ck_assert(tt_audited_anywhere(&T, "ivy")); /* the search works */
	/* a pending user resolves, but cannot log in yet */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "ivy"), DT_END),
			 ACCT_ST_OK);
	/* the configured lifetime */
	T.cfg.invite_token_ttl_s = 3600;
	ck_assert_int_eq(invite(0, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_EXPIRES),
			  fake_now + 3600);
}
END_TEST

/* A tenant's admin invites into its own tenant without naming it, and
 * into no other: the refusal reads the same for a tenant that exists and
 * one that does not, and changes nothing. */
START_TEST(test_invite_by_tenant_admins)
{
	uint32_t users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_field rec;

	ck_assert_int_eq(invite(adam, "ivy", "ivy@example.org", NULL, NULL),
			 ACCT_ST_OK);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TENANT), "acme");
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_ROLE),
			  ACCT_ROLE_MEMBER);
	tt_audit(&T, &l);
	a = tt_last_of(&l, "user-invite");
	ck_assert_str_eq(a->actor, "adam");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(tt_queued(&T), 1);
	users++;

	/* globex's owner, at acme: refused, unrevealed */
	ck_assert_int_eq(invite(gus, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-invite 'acme': not "
				"in your organization");
	ck_assert_int_eq(invite(gus, "jay", "jay@example.org", "nosuch", NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-invite 'nosuch': not "
				"in your organization");
	/* a member may not invite; an admin not above its own rank */
	ck_assert_int_eq(invite(mia, "jay", "jay@example.org", NULL, NULL),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-invite: your role "
				"(member) does not grant user:invite");
	ck_assert_int_eq(invite(adam, "jay", "jay@example.org", NULL, "owner"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: user-invite: your role "
				"(admin) may not grant a higher role");
	ck_assert_int_eq(invite(NOBODY, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_DENIED);
	/* support reads, and changes nothing */
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(invite(4242, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "support may read but not change"));
	T.platform = 0;
	ck_assert(!user_exists("jay"));
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users);
	ck_assert_uint_eq(tt_queued(&T), 1);
	tt_audit(&T, &l);
	ck_assert_uint_eq(tt_last_of(&l, "user-invite")->result,
			  ACCT_ST_DENIED);
	ck_assert_int_eq(tt_count_of(&l, "user-invite"), 7);

	/* a custom role that may invite, and no more than its rank */
	ck_assert_int_eq(
		dt_call(&T, ann, ACCT_OP_ROLE_CREATE,
			DT_S(ACCT_T_NAME, "recruiter"), DT_U(ACCT_T_RANK, 25),
			DT_S(ACCT_T_PERMISSION, "user:invite"), DT_END),
		ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_S(ACCT_T_ROLE_NAME, "recruiter"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(invite(mia, "jay", "jay@example.org", NULL, "member"),
			 ACCT_ST_OK);
	ck_assert_int_eq(invite(mia, "kim", "kim@example.org", NULL, "admin"),
			 ACCT_ST_DENIED);
	/* but a user:manage verb stays out of its reach */
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "jay"), DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

START_TEST(test_invite_refusals_change_nothing)
{
	static const struct {
		const char *login, *email, *tenant, *role;
		int status;
		const char *msg; /* NULL: any */
	} cases[] = {
		{"ivy", NULL, "acme", NULL, ACCT_ST_BADREQ,
		 "missing field: email"},
		{NULL, "ivy@example.org", "acme", NULL, ACCT_ST_BADREQ,
		 "missing field: name"},
		{"ivy", "", "acme", NULL, ACCT_ST_INVALID,
		 "an invitation needs an email address to go to"},
		{"ivy", "not an address", "acme", NULL, ACCT_ST_INVALID, NULL},
		{"Ivy Bad", "ivy@example.org", "acme", NULL, ACCT_ST_INVALID,
		 NULL},
		{"mia", "ivy@example.org", "acme", NULL, ACCT_ST_EXISTS,
		 "login 'mia' is already taken"},
		{"gone", "ivy@example.org", "acme", NULL, ACCT_ST_EXISTS,
		 "login 'gone' belonged to a deleted user and stays reserved"},
		{"ivy", "MIA@example.com", "acme", NULL, ACCT_ST_CONFLICT,
		 "email 'MIA@example.com' is already used in tenant 'acme'"},
		{"ivy", "ivy@example.org", "nosuch", NULL, ACCT_ST_NOTFOUND,
		 NULL},
		{"ivy", "ivy@example.org", "leaving", NULL, ACCT_ST_CONFLICT,
		 "tenant 'leaving' is being deprovisioned"},
		{"ivy", "ivy@example.org", "acme", "nosuchrole",
		 ACCT_ST_INVALID, NULL},
		{"ivy", "ivy@example.org", NULL, NULL, ACCT_ST_BADREQ,
		 "missing field: tenant"},
	};
	uint32_t users;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_S(ACCT_T_EMAIL, "MIA@EXAMPLE.COM"), DT_END),
			 ACCT_ST_OK);
	dt_user(&T, "gone", "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "gone"), DT_END),
			 ACCT_ST_OK);
	dt_tenant(&T, "leaving");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "leaving"),
				 DT_S(ACCT_T_STATUS_REASON, "contract over"),
				 DT_END),
			 ACCT_ST_OK);
	users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(invite(0, cases[i].login, cases[i].email,
				     cases[i].tenant,
				     cases[i].role) == cases[i].status,
			      "case %zu: %d %s", i, T.status, T.msg);
		if (cases[i].msg != NULL)
			ck_assert_str_eq(T.msg, cases[i].msg);
	}
	ck_assert(!user_exists("ivy"));
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users);
	ck_assert_uint_eq(tt_queued(&T), 0);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);
	/* the same address in another tenant is another tenant's business */
	ck_assert_int_eq(invite(0, "ivy", "mia@example.com", "globex", NULL),
			 ACCT_ST_OK);
	/* a suspended tenant takes no one, not even from an operator */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(invite(0, "jay", "jay@example.org", "globex", NULL),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "tenant 'globex' is suspended: its directory is "
			 "read-only");
	ck_assert(!user_exists("jay"));
}
END_TEST

START_TEST(test_invite_queue_full)
{
	uint32_t users = dt_count_of(&T, ACCT_T_COUNT_USERS);
	struct dt_audit_list l;

	T.cfg.mail_queue_max = 1;
	ck_assert_int_eq(invite(0, "ivy", "ivy@example.org", "acme", NULL),
			 ACCT_ST_OK);
	ck_assert_int_eq(invite(0, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_EXHAUSTED);
	/* all or nothing: no user, no token, the login still free */
	ck_assert(!user_exists("jay"));
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), users + 1);
	ck_assert_uint_eq(tt_queued(&T), 1);
	tt_audit(&T, &l);
	ck_assert_uint_eq(tt_last_of(&l, "user-invite")->result,
			  ACCT_ST_EXHAUSTED);
	T.cfg.mail_queue_max = 10;
	ck_assert_int_eq(invite(0, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_OK);
}
END_TEST

/* ---- INVITE_ACCEPT ---- */

START_TEST(test_accept_activates)
{
	char token[AD_TOKEN_TEXT_MAX + 1];
	struct dt_audit_list l;
	const struct dt_audit *a;
	uint32_t ivy;

	snprintf(token, sizeof(token), "%s", invite_ivy());
	ivy = tt_stored(&T, "ivy").uid;
	/* a weak password first: refused, the token still good */
	ck_assert_int_eq(accept(NOBODY, token, "short"), ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "at least 10 characters"));
	ck_assert_int_eq(accept(NOBODY, token, "ivy"), ACCT_ST_INVALID);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	/* anyone holding the token: here a uid the directory does not know */
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_OK);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_NAME), "ivy");
	ck_assert_ptr_null(
		memmem(T.rep.data, T.rep.len, "acd_", strlen("acd_")));
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_ACTIVE);
	ck_assert(tt_password_is(&T, "ivy", NEW_PW));
	/* the token is used up; it stays only until swept */
	ck_assert_int_eq(tt_tokens_of(&T, ivy, 0), 1);
	ck_assert_uint_eq(tt_token_of(&T, ivy, AD_TOKEN_INVITE).used_at,
			  fake_now);
	/* she logs in */
	ck_assert_uint_eq(auth("ivy", NEW_PW), ACCT_PAM_OK);
	ck_assert_uint_eq(acct_mgmt("ivy"), ACCT_PAM_OK);
	/* once */
	ck_assert_int_eq(accept(NOBODY, token, "another password"),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_int_eq(accept(0, token, "another password"), ACCT_ST_DENIED);
	ck_assert(tt_password_is(&T, "ivy", NEW_PW));
	/* audited: the caller, the user, never the token */
	tt_audit(&T, &l);
	a = NULL;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, "invite-accept") == 0 &&
		    l.rec[i].result == ACCT_ST_OK)
			a = &l.rec[i];
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->actor, "uid 65534");
	ck_assert_str_eq(a->target, "ivy");
	ck_assert_str_eq(a->tenant, "acme");
	/* and the refusals: two weak passwords (hers), two used tokens
	 * (nobody's: a token that is no more tells nothing) */
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.rec[i].action, "invite-accept") != 0 ||
		    l.rec[i].result == ACCT_ST_OK)
			continue;
		if (l.rec[i].result == ACCT_ST_INVALID)
			ck_assert_str_eq(l.rec[i].target, "ivy");
		else
			ck_assert_str_eq(l.rec[i].target, "");
	}
	ck_assert_int_eq(tt_count_of(&l, "invite-accept"), 5);
	ck_assert(!tt_audited_anywhere(&T, "acd_invite_"));
	ck_assert(!tt_audited_anywhere(&T, NEW_PW));
}
END_TEST

START_TEST(test_accept_refusals)
{
	char token[AD_TOKEN_TEXT_MAX + 1], other[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];

	snprintf(token, sizeof(token), "%s", invite_ivy());
	/* what cannot be, or is not, a live invitation: the one refusal */
	ck_assert_int_eq(ad_token_new(AD_TOKEN_INVITE, other, key), 0);
	ck_assert_int_eq(accept(NOBODY, other, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_int_eq(accept(NOBODY, "garbage", NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_int_eq(ad_token_new(AD_TOKEN_RESET, other, key), 0);
	ck_assert_int_eq(accept(NOBODY, other, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	/* the right token as another kind's is no token either */
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_RESET,
				 DT_S(ACCT_T_TOKEN, token),
				 DT_S(ACCT_T_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_INVITE_ACCEPT,
				 DT_S(ACCT_T_TOKEN, token), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: password");
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	/* expired */
	fake_now += WEEK;
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	ck_assert(!tt_password_is(&T, "ivy", NEW_PW));
}
END_TEST

/* An admin who enables the pending user first leaves the invitation
 * nothing to do; one who disables or deletes it revokes it. */
START_TEST(test_accept_after_the_user_changed)
{
	char token[AD_TOKEN_TEXT_MAX + 1];

	snprintf(token, sizeof(token), "%s", invite_ivy());
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "ivy"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert(!tt_password_is(&T, "ivy", NEW_PW));

	ck_assert_int_eq(invite(0, "jay", "jay@example.org", "acme", NULL),
			 ACCT_ST_OK);
	snprintf(token, sizeof(token), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_TOKEN));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "jay"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, tt_stored(&T, "jay").uid, 0), 0);
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, REFUSED);
	ck_assert_uint_eq(tt_stored(&T, "jay").status, ACCT_USER_DISABLED);
}
END_TEST

/* ---- through PAM ---- */

START_TEST(test_pam_invitation)
{
	char token[AD_TOKEN_TEXT_MAX + 1];
	struct dt_audit_list l;
	const struct dt_audit *a;
	uint32_t ivy;

	snprintf(token, sizeof(token), "%s", invite_ivy());
	ivy = tt_stored(&T, "ivy").uid;
	/* pending with a live invitation: only a password to choose */
	ck_assert_uint_eq(acct_mgmt("ivy"), ACCT_PAM_NEW_AUTHTOK_REQD);
	ck_assert_str_eq(T.msg, "account ivy is invited: choose its password "
				"to activate it");
	ck_assert_uint_eq(auth("ivy", token), ACCT_PAM_NEW_AUTHTOK_REQD);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 0);
	/* root changing her password without the token: she is pending */
	ck_assert_uint_eq(chauthtok(0, "ivy", NULL, NEW_PW), ACCT_PAM_DISABLED);
	/* the check, then the change, with the token as the current one */
	ck_assert_uint_eq(chauthtok(0, "ivy", token, NULL), ACCT_PAM_OK);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	ck_assert_uint_eq(chauthtok(0, "ivy", token, "short"),
			  ACCT_PAM_AUTHTOK_ERR);
	ck_assert_uint_eq(chauthtok(0, "ivy", token, NEW_PW), ACCT_PAM_OK);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_ACTIVE);
	ck_assert(tt_password_is(&T, "ivy", NEW_PW));
	ck_assert_uint_eq(tt_token_of(&T, ivy, AD_TOKEN_INVITE).used_at,
			  fake_now);
	/* a normal login now; the token is no password any more */
	ck_assert_uint_eq(acct_mgmt("ivy"), ACCT_PAM_OK);
	ck_assert_uint_eq(auth("ivy", NEW_PW), ACCT_PAM_OK);
	ck_assert_uint_eq(auth("ivy", token), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(chauthtok(0, "ivy", token, "yet another one"),
			  ACCT_PAM_AUTH_ERR);
	ck_assert(tt_password_is(&T, "ivy", NEW_PW));
	/* the change is audited with the request, without the token */
	tt_audit(&T, &l);
	a = NULL;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, "chauthtok") == 0 &&
		    l.rec[i].result == ACCT_ST_OK)
			a = &l.rec[i];
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->target, "ivy");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert(!tt_audited_anywhere(&T, "acd_invite_"));
}
END_TEST

/* The user itself may ask (a screen locker's case), and nobody else. */
START_TEST(test_pam_invitation_as_the_user)
{
	char token[AD_TOKEN_TEXT_MAX + 1];
	uint32_t ivy;

	snprintf(token, sizeof(token), "%s", invite_ivy());
	ivy = tt_stored(&T, "ivy").uid;
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_CHAUTHTOK,
				 DT_S(ACCT_T_NAME, "ivy"),
				 DT_S(ACCT_T_OLD_PASSWORD, token),
				 DT_S(ACCT_T_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	ck_assert_uint_eq(chauthtok(ivy, "ivy", token, NULL), ACCT_PAM_OK);
	ck_assert_uint_eq(chauthtok(ivy, "ivy", token, NEW_PW), ACCT_PAM_OK);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_ACTIVE);
}
END_TEST

/* A wrong token is a failed login: counted, audited, and it locks. */
START_TEST(test_pam_wrong_tokens_lock)
{
	char token[AD_TOKEN_TEXT_MAX + 1], other[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct dt_audit_list l;

	snprintf(token, sizeof(token), "%s", invite_ivy());
	ck_assert_int_eq(ad_token_new(AD_TOKEN_INVITE, other, key), 0);
	ck_assert_uint_eq(auth("ivy", other), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 1);
	ck_assert_uint_eq(chauthtok(0, "ivy", other, NULL), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 2);
	/* no token at all: a user without a password, counted the same */
	ck_assert_uint_eq(auth("ivy", "just guessing"), ACCT_PAM_NO_PASSWORD);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 3);
	tt_audit(&T, &l);
	ck_assert_str_eq(tt_last_of(&l, "auth")->message, "no password set");
	ck_assert_uint_eq(auth("ivy", other), ACCT_PAM_AUTH_ERR);
	tt_audit(&T, &l);
	ck_assert_str_eq(tt_last_of(&l, "auth")->message,
			 "wrong invitation token");
	ck_assert_uint_eq(auth("ivy", other), ACCT_PAM_AUTH_ERR);
	/* five: locked; the right token is told so, and accepts nothing */
	ck_assert_uint_eq(tt_stored(&T, "ivy").locked_until, T0 + 900);
	ck_assert_uint_eq(auth("ivy", token), ACCT_PAM_LOCKED);
	ck_assert_str_eq(T.msg,
			 "account ivy is locked until 2027-01-15 08:15:00 UTC");
	ck_assert_uint_eq(acct_mgmt("ivy"), ACCT_PAM_LOCKED);
	ck_assert_uint_eq(chauthtok(0, "ivy", token, NEW_PW), ACCT_PAM_LOCKED);
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg,
			 "account ivy is locked until 2027-01-15 08:15:00 UTC");
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	/* the lock runs out; the invitation still works */
	fake_now += 901;
	ck_assert_uint_eq(auth("ivy", token), ACCT_PAM_NEW_AUTHTOK_REQD);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 0);
	ck_assert_int_eq(accept(NOBODY, token, NEW_PW), ACCT_ST_OK);
}
END_TEST

START_TEST(test_pam_invitation_expired)
{
	char token[AD_TOKEN_TEXT_MAX + 1];

	snprintf(token, sizeof(token), "%s", invite_ivy());
	fake_now += WEEK;
	/* no live invitation: not activated, and the token is wrong */
	ck_assert_uint_eq(acct_mgmt("ivy"), ACCT_PAM_DISABLED);
	ck_assert_str_eq(T.msg, "account ivy is not activated yet");
	ck_assert_uint_eq(auth("ivy", token), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(chauthtok(0, "ivy", token, NEW_PW),
			  ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(tt_stored(&T, "ivy").status, ACCT_USER_PENDING);
	ck_assert_uint_eq(tt_stored(&T, "ivy").failed_logins, 2);
}
END_TEST

/* ---- tokens revoked ---- */

/* mia holds one token of each kind. */
static void give_mia_tokens(void)
{
	for (uint32_t k = AD_TOKEN_RESET; k < AD_TOKEN__COUNT; k++)
		give_token("mia", k);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 4);
}

START_TEST(test_revoked_on_disable_and_delete)
{
	/* a disable refused (the last owner) revokes nothing */
	give_token("ann", AD_TOKEN_ACCESS);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(tt_tokens_of(&T, ann, 0), 1);

	give_mia_tokens();
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);
	/* others keep theirs */
	ck_assert_int_eq(tt_tokens_of(&T, ann, 0), 1);
	/* a tenant admin's deactivation takes them as well */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	give_mia_tokens();
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);

	give_mia_tokens();
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);
}
END_TEST

START_TEST(test_revoked_on_self_disable)
{
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "mia"),
			DT_S(ACCT_T_PASSWORD, "mias password 1"), DT_END),
		ACCT_ST_OK);
	give_mia_tokens();
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, "wrong password"),
				 DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 4);
	ck_assert_int_eq(dt_call(&T, mia, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, "mias password 1"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);
}
END_TEST

START_TEST(test_revoked_with_the_tenant)
{
	uint32_t gina = dt_user(&T, "gina", "globex", 0);

	give_mia_tokens();
	give_token("ann", AD_TOKEN_REFRESH);
	give_token("gina", AD_TOKEN_ACCESS);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 0);
	ck_assert_int_eq(tt_tokens_of(&T, ann, 0), 0);
	/* another tenant's users keep theirs */
	ck_assert_int_eq(tt_tokens_of(&T, gina, 0), 1);
	/* a refused move revokes nothing */
	give_token("gina", AD_TOKEN_RESET);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "globex"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_int_eq(tt_tokens_of(&T, gina, 0), 2);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_STATUS_REASON, "gone"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, gina, 0), 0);
	ck_assert_int_eq(tt_tokens_of(&T, gus, 0), 0);
}
END_TEST

/* A password set with a reset token voids every other token. */
START_TEST(test_revoked_on_reset)
{
	const char *token;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "mia"),
				 DT_S(ACCT_T_EMAIL, "mia@example.com"), DT_END),
			 ACCT_ST_OK);
	give_token("mia", AD_TOKEN_ACCESS);
	give_token("mia", AD_TOKEN_REFRESH);
	give_token("mia", AD_TOKEN_EMAIL_VERIFY);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_RESET,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 4);
	token = tt_mailed_token(&T, AD_TOKEN_RESET);
	ck_assert_int_eq(dt_call(&T, NOBODY, ACCT_OP_RESET,
				 DT_S(ACCT_T_TOKEN, token),
				 DT_S(ACCT_T_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_OK);
	/* only the used reset token is left, until swept */
	ck_assert_int_eq(tt_tokens_of(&T, mia, 0), 1);
	ck_assert_uint_ne(tt_token_of(&T, mia, AD_TOKEN_RESET).used_at, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("invite");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_invite_creates_a_pending_user);
	tcase_add_test(tc, test_invite_by_tenant_admins);
	tcase_add_test(tc, test_invite_refusals_change_nothing);
	tcase_add_test(tc, test_invite_queue_full);
	tcase_add_test(tc, test_accept_activates);
	tcase_add_test(tc, test_accept_refusals);
	tcase_add_test(tc, test_accept_after_the_user_changed);
	tcase_add_test(tc, test_pam_invitation);
	tcase_add_test(tc, test_pam_invitation_as_the_user);
	tcase_add_test(tc, test_pam_wrong_tokens_lock);
	tcase_add_test(tc, test_pam_invitation_expired);
	tcase_add_test(tc, test_revoked_on_disable_and_delete);
	tcase_add_test(tc, test_revoked_on_self_disable);
	tcase_add_test(tc, test_revoked_with_the_tenant);
	tcase_add_test(tc, test_revoked_on_reset);
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
