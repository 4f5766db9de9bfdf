/*
 * check_apikey.c - API keys through ad_dispatch: KEY_ISSUE (the text
 * once, never its hash), KEY_LIST and KEY_LIST_TENANT, KEY_REVOKE,
 * KEY_USAGE; a request made with a key acting as its owner narrowed to
 * its scopes, checked anew every time (revoked, expired, owner disabled,
 * tenant suspended: refused at once); who may issue what (budget:override
 * for operators only, a key no wider than the key that issues it);
 * another tenant's key refused in the words of a missing one; the per-
 * user bound; usage counted in memory, read exactly, flushed, kept over
 * a reopen, lost over a crash (a close without a flush); USAGE_RECORD;
 * the pure rules and the config keys.  A test clock (ctx.clock).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "ops/refusal.h"
#include "policy/apikey.h"
#include "store/apikey.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define MONTH0 202701u
#define PANEL 33 /* a uid the directory does not know: a service */
#define KEY_LEN AD_KEY_TEXT_LEN

static struct dt T;
static uint64_t fake_now;
static uint32_t alice, bob, carol; /* acme admin, acme member, globex admin */

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
	T.cfg.rate[AD_RATE_MANAGE] = (struct ad_rate_cfg){100000, 100000};
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_ADMIN);
	bob = dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	carol = dt_user(&T, "carol", "globex", ACCT_ROLE_ADMIN);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- helpers ---- */

/* Issue a key to login (NULL: the caller's own) as uid with one or two
 * scopes (NULL: none); the key's text into key (may be NULL). */
static int issue(uid_t uid, const char *login, const char *s1, const char *s2,
		 char key[KEY_LEN + 1])
{
	int rc;

	if (login != NULL && s2 != NULL)
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE,
			     DT_S(ACCT_T_NAME, login), DT_S(ACCT_T_SCOPE, s1),
			     DT_S(ACCT_T_SCOPE, s2), DT_END);
	else if (login != NULL)
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE,
			     DT_S(ACCT_T_NAME, login), DT_S(ACCT_T_SCOPE, s1),
			     DT_END);
	else if (s2 != NULL)
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE, DT_S(ACCT_T_SCOPE, s1),
			     DT_S(ACCT_T_SCOPE, s2), DT_END);
	else
		rc = dt_call(&T, uid, ACCT_OP_KEY_ISSUE, DT_S(ACCT_T_SCOPE, s1),
			     DT_END);
	if (rc == ACCT_ST_OK && key != NULL)
		snprintf(key, KEY_LEN + 1, "%s",
			 dt_str(T.rep.data, T.rep.len, ACCT_T_API_KEY));
	return rc;
}

static void issue_ok(uid_t uid, const char *login, const char *s1,
		     const char *s2, char key[KEY_LEN + 1])
{
	ck_assert_int_eq(issue(uid, login, s1, s2, key), ACCT_ST_OK);
}

/* "acd_key_" + the prefix of a key's text. */
static const char *prefix_of(const char *key)
{
	static char p[AD_KEY_PREFIX_TEXT_LEN + 1];

	snprintf(p, sizeof(p), "%.*s", AD_KEY_PREFIX_TEXT_LEN, key);
	return p;
}

/* ME_SHOW made with key from uid. */
static int me_show(uid_t uid, const char *key)
{
	return dt_call(&T, uid, ACCT_OP_ME_SHOW, DT_S(ACCT_T_API_KEY, key),
		       DT_END);
}

static int key_usage(uid_t uid, const char *prefix)
{
	return dt_call(&T, uid, ACCT_OP_KEY_USAGE,
		       DT_S(ACCT_T_KEY_PREFIX, prefix), DT_END);
}

static int revoke_key(uid_t uid, const char *prefix)
{
	return dt_call(&T, uid, ACCT_OP_KEY_REVOKE,
		       DT_S(ACCT_T_KEY_PREFIX, prefix), DT_END);
}

static uint64_t rec_u64(uint16_t tag)
{
	struct acct_field f =
		dt_field(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC, 0);

	return dt_u64(f.val, f.len, tag);
}

static uint64_t uses_of(const char *prefix)
{
	ck_assert_int_eq(key_usage(0, prefix), ACCT_ST_OK);
	return rec_u64(ACCT_T_USE_COUNT);
}

static struct ad_usage tenant_usage(const char *slug)
{
	struct ad_usage u;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_USAGE,
				 DT_S(ACCT_T_NAME, slug), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MONTH), MONTH0);
	u.units = dt_u64(T.rep.data, T.rep.len, ACCT_T_UNITS);
	u.key_uses = dt_u64(T.rep.data, T.rep.len, ACCT_T_KEY_USES);
	return u;
}

/* How many keys KEY_LIST of login (as root) shows. */
static int keys_of(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_KEY_LIST,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	return dt_count(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC);
}

static const char *bio_of(const char *login)
{
	static struct ad_user u;
	struct ad_err err = {0, ""};

	ck_assert_int_eq(ad_store_user_get(T.st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u.profile.bio;
}

static const struct dt_audit *last_audit(struct dt_audit_list *l)
{
	dt_audit_read(&T, l);
	ck_assert_uint_gt(l->n, 0);
	return &l->rec[l->n - 1];
}

/* ---- issue, list, revoke, usage ---- */

START_TEST(test_issue_list_revoke_usage)
{
	char key[KEY_LEN + 1], prefix[AD_KEY_PREFIX_TEXT_LEN + 1];
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct acct_field f;

	issue_ok(alice, NULL, "directory:read", "self:manage", key);
	ck_assert_uint_eq(strlen(key), KEY_LEN);
	ck_assert(strncmp(key, "acd_key_", 8) == 0);
	snprintf(prefix, sizeof(prefix), "%s", prefix_of(key));
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC, 0);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_KEY_PREFIX), prefix);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_NAME), "alice");
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_TENANT), "acme");
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_SCOPE), 2);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_KEY_STATE), "active");
	ck_assert_uint_eq(dt_u64(f.val, f.len, ACCT_T_CREATED), T0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_EXPIRES), 0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_SECRET_HASH), 0);
	/* audited with its prefix, never its text */
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "key-issue");
	ck_assert_str_eq(a->target, "alice");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);
	ck_assert_ptr_nonnull(strstr(a->message, prefix));
	ck_assert_ptr_null(strstr(a->message, key + 21));

	/* the list: prefix and the rest, never the text or its hash */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_LIST, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC), 1);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_API_KEY), 0);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC, 0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_SECRET_HASH), 0);
	ck_assert_ptr_null(memmem(T.rep.data, T.rep.len, key + 21, 20));

	/* the key acts as alice, whoever presents it, and is counted */
	fake_now = T0 + 60;
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_NAME), "alice");
	ck_assert_int_eq(key_usage(alice, prefix), ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_USE_COUNT), 1);
	ck_assert_uint_eq(rec_u64(ACCT_T_LAST_USED), T0 + 60);

	/* revoked: refused from the very next request */
	ck_assert_int_eq(revoke_key(alice, prefix), ACCT_ST_OK);
	ck_assert_uint_eq(rec_u64(ACCT_T_REVOKED_AT), T0 + 60);
	a = last_audit(&l);
	ck_assert_str_eq(a->action, "key-revoke");
	ck_assert_str_eq(a->target, prefix);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, AD_KEY_INVALID);
	ck_assert_int_eq(revoke_key(alice, prefix), ACCT_ST_CONFLICT);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_LIST, DT_END),
			 ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC, 0);
	ck_assert_str_eq(dt_str(f.val, f.len, ACCT_T_KEY_STATE), "revoked");
	/* the refused use is not counted */
	ck_assert_uint_eq(uses_of(prefix), 1);
}
END_TEST

START_TEST(test_admin_issues_for_its_tenant)
{
	char key[KEY_LEN + 1];

	/* an admin for a member of its tenant */
	issue_ok(alice, "bob", "directory:read", NULL, key);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_USER, ACCT_T_NAME), "bob");
	/* a member has no key:issue: not for others */
	ck_assert_int_eq(issue(bob, "alice", "directory:read", NULL, NULL),
			 ACCT_ST_DENIED);
	/* but its own (self:manage) */
	issue_ok(bob, NULL, "directory:read", NULL, NULL);
	ck_assert_int_eq(keys_of("bob"), 2);
	/* the tenant's list: its admins */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_LIST_TENANT,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC), 2);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_KEY_LIST_TENANT,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_DENIED);
	/* an operator must name the user */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "directory:read"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(keys_of("alice"), 0);
}
END_TEST

/* ---- what a key may do ---- */

START_TEST(test_scopes_enforced)
{
	char rd[KEY_LEN + 1], au[KEY_LEN + 1], um[KEY_LEN + 1];

	issue_ok(alice, NULL, "directory:read", NULL, rd);
	issue_ok(alice, NULL, "audit:read", NULL, au);
	issue_ok(alice, NULL, "user:manage", "directory:read", um);
	/* directory:read reads but changes nobody */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_API_KEY, rd),
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_API_KEY, rd),
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Robert"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "do not include user:manage"));
	/* the audit log needs audit:read */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_AUDIT_LIST,
				 DT_S(ACCT_T_API_KEY, rd), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_AUDIT_LIST,
				 DT_S(ACCT_T_API_KEY, au), DT_END),
			 ACCT_ST_OK);
	/* user:manage changes */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_API_KEY, um),
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Robert"), DT_END),
			 ACCT_ST_OK);
	/* no key acts on PAM rows */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_API_KEY, um),
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

START_TEST(test_member_key_no_more_than_member)
{
	char key[KEY_LEN + 1];

	/* a member may put any scope on its own key, but the key acts
	 * only as far as the member may */
	issue_ok(bob, NULL, "user:manage", "directory:read", key);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Al"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "your role (member)"));
	/* nor another tenant's user, in the words of no user */
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

START_TEST(test_issue_rules)
{
	char km[KEY_LEN + 1];
	struct acct_field f;

	/* budget:override: operators only */
	ck_assert_int_eq(issue(alice, NULL, "budget:override", NULL, NULL),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "budget:override"));
	ck_assert_int_eq(
		issue(alice, "bob", "budget:override", "directory:read", NULL),
		ACCT_ST_DENIED);
	ck_assert_int_eq(keys_of("alice") + keys_of("bob"), 0);
	issue_ok(0, "alice", "budget:override", "usage:record", NULL);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_APIKEY_REC, 0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_SCOPE), 2);
	/* a key issues keys no wider than itself */
	issue_ok(alice, NULL, "key:manage", "directory:read", km);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_API_KEY, km),
				 DT_S(ACCT_T_SCOPE, "user:manage"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "user:manage"));
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_API_KEY, km),
				 DT_S(ACCT_T_SCOPE, "directory:read"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(keys_of("alice"), 3);
}
END_TEST

START_TEST(test_bad_requests_change_nothing)
{
	ck_assert_int_eq(issue(alice, NULL, "directory:write", NULL, NULL),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "unknown scope 'directory:write'");
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "login"),
				 DT_Q(ACCT_T_KEY_TTL, 0), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(
		dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
			DT_S(ACCT_T_SCOPE, "login"),
			DT_Q(ACCT_T_KEY_TTL, (uint64_t)ACCT_MAX_KEY_TTL + 1),
			DT_END),
		ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "login"),
				 DT_S(ACCT_T_KEY_NAME, "a:b"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "login"),
				 DT_S(ACCT_T_NAME, "nosuch"), DT_END),
			 ACCT_ST_DENIED);
	/* a field of the wrong size: the whole request is malformed */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "login"),
				 DT_U(ACCT_T_KEY_TTL, 3600), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(keys_of("alice"), 0);
	ck_assert_int_eq(revoke_key(0, "acd_key_notaprefix"), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(revoke_key(0, "acd_key_aaaaaaaaaaaa"),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USAGE_RECORD,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_UNITS, 0), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USAGE_RECORD, DT_S(ACCT_T_NAME, "acme"),
			DT_Q(ACCT_T_UNITS, ACCT_MAX_USAGE_UNITS + 1), DT_END),
		ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_USAGE,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_U(ACCT_T_MONTH, 202713), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_uint_eq(tenant_usage("acme").units, 0);
}
END_TEST

/* ---- keys that may not act ---- */

/* ME_SHOW with key from PANEL is refused with msg, recorded under the
 * panel's uid, and is no use of the key. */
static void refused(const char *key, const char *msg)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_BIO, "changed"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, msg);
	/* the newest me-profile record (a refusal repeated may be
	 * coalesced into an earlier one) */
	ad_refusals_flush(&T.ctx, true);
	dt_audit_read(&T, &l);
	a = NULL;
	for (size_t i = l.n; i > 0 && a == NULL; i--)
		if (strcmp(l.rec[i - 1].action, "me-profile") == 0)
			a = &l.rec[i - 1];
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->actor, "uid 33");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
}

START_TEST(test_invalid_keys_refused_alike)
{
	char key[KEY_LEN + 1], wrong[KEY_LEN + 1], unknown[KEY_LEN + 1];
	char exp[KEY_LEN + 1];
	uint8_t h[AD_KEY_HASH_LEN];
	char p[AD_KEY_PREFIX_LEN + 1];

	issue_ok(alice, NULL, "self:manage", NULL, key);
	/* the right prefix, another secret */
	ad_apikey_new(wrong, p, h);
	memcpy(wrong, key, AD_KEY_PREFIX_TEXT_LEN);
	ad_apikey_new(unknown, p, h);
	refused(wrong, AD_KEY_INVALID);
	refused(unknown, AD_KEY_INVALID);
	refused("acd_key_short", AD_KEY_INVALID);
	/* a key and a sign-in token in one request: neither acts */
	ck_assert_int_eq(
		dt_call(&T, PANEL, ACCT_OP_ME_SHOW, DT_S(ACCT_T_API_KEY, key),
			DT_S(ACCT_T_ACCESS_TOKEN, "acd_access_x"), DT_END),
		ACCT_ST_DENIED);
	refused("", AD_KEY_INVALID);
	ck_assert_uint_eq(uses_of(prefix_of(key)), 0);
	/* expired */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "self:manage"),
				 DT_Q(ACCT_T_KEY_TTL, 3600), DT_END),
			 ACCT_ST_OK);
	snprintf(exp, sizeof(exp), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_API_KEY));
	ck_assert_uint_eq(rec_u64(ACCT_T_EXPIRES), T0 + 3600);
	ck_assert_int_eq(me_show(PANEL, exp), ACCT_ST_OK);
	fake_now = T0 + 3600;
	refused(exp, AD_KEY_INVALID);
	/* revoked */
	ck_assert_int_eq(revoke_key(0, prefix_of(key)), ACCT_ST_OK);
	refused(key, AD_KEY_INVALID);
	ck_assert_str_eq(bio_of("alice"), "");
}
END_TEST

START_TEST(test_owner_and_tenant_checked_every_time)
{
	char key[KEY_LEN + 1];

	issue_ok(alice, NULL, "directory:read", NULL, key);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg,
			 "the API key cannot be used now: account alice is "
			 "disabled");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_KEY_LIST,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_APIKEY_REC, ACCT_T_KEY_STATE),
			 "account alice is disabled");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "the API key cannot be used now: "
				"organization acme is suspended");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_REACTIVATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
}
END_TEST

START_TEST(test_deleted_owner_keys_revoked)
{
	char key[KEY_LEN + 1];

	issue_ok(alice, "bob", "directory:read", NULL, key);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, AD_KEY_INVALID);
	ck_assert_int_eq(key_usage(0, prefix_of(key)), ACCT_ST_OK);
	/* revoked in the delete's write, at its time */
	ck_assert_uint_gt(rec_u64(ACCT_T_REVOKED_AT), 0);
}
END_TEST

START_TEST(test_purged_tenant_keys_gone)
{
	char key[KEY_LEN + 1], other[KEY_LEN + 1];
	struct ad_err err = {0, ""};
	uint32_t n = 0;

	issue_ok(carol, NULL, "directory:read", NULL, key);
	issue_ok(alice, NULL, "directory:read", NULL, other);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, other), ACCT_ST_OK);
	ck_assert_int_eq(ad_store_usage_flush(T.st, &n, &err), ACCT_ST_OK);
	/* a use not written yet, of a tenant about to go */
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "globex"), DT_END),
			 ACCT_ST_OK);
	T.cfg.retention_days = 0;
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "globex"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(key_usage(0, prefix_of(key)), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, AD_KEY_INVALID);
	/* the flush skips what is gone, and keeps the rest */
	ck_assert_int_eq(ad_store_usage_flush(T.st, &n, &err), ACCT_ST_OK);
	ck_assert_uint_eq(uses_of(prefix_of(other)), 1);
	ck_assert_uint_eq(tenant_usage("acme").units, 1);
}
END_TEST

/* ---- another tenant ---- */

START_TEST(test_other_tenant_refused_as_missing)
{
	char key[KEY_LEN + 1], mine[AD_MSG_MAX + 1], missing[AD_MSG_MAX + 1];
	const char *fake = "acd_key_aaaaaaaaaaaa";

	issue_ok(alice, NULL, "directory:read", NULL, key);
	/* carol (globex admin): alice's prefix and one that does not
	 * exist read the same but for the name */
	ck_assert_int_eq(revoke_key(carol, prefix_of(key)), ACCT_ST_DENIED);
	snprintf(mine, sizeof(mine), "%s", T.msg);
	ck_assert_int_eq(revoke_key(carol, fake), ACCT_ST_DENIED);
	snprintf(missing, sizeof(missing), "%s", T.msg);
	ck_assert_ptr_nonnull(strstr(mine, prefix_of(key)));
	{
		char *at = strstr(mine, prefix_of(key));

		memcpy(at, fake, strlen(fake));
	}
	ck_assert_str_eq(mine, missing);
	ck_assert_int_eq(key_usage(carol, prefix_of(key)), ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_KEY_LIST,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "not in your organization"));
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_KEY_LIST_TENANT,
				 DT_S(ACCT_T_TENANT, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	/* a member cannot revoke its admin's key */
	ck_assert_int_eq(revoke_key(bob, prefix_of(key)), ACCT_ST_DENIED);
	/* support reads, does not revoke: not set up here; root does */
	ck_assert_int_eq(revoke_key(0, prefix_of(key)), ACCT_ST_OK);
}
END_TEST

/* ---- the bound ---- */

START_TEST(test_per_user_bound)
{
	char first[KEY_LEN + 1];

	T.cfg.max_api_keys_per_user = 3;
	issue_ok(alice, NULL, "directory:read", NULL, first);
	fake_now++;
	issue_ok(alice, NULL, "directory:read", NULL, NULL);
	fake_now++;
	issue_ok(alice, NULL, "directory:read", NULL, NULL);
	ck_assert_int_eq(issue(alice, NULL, "directory:read", NULL, NULL),
			 ACCT_ST_CONFLICT);
	ck_assert_ptr_nonnull(strstr(T.msg, "max_api_keys_per_user"));
	ck_assert_int_eq(keys_of("alice"), 3);
	/* a dead key makes room: it goes */
	ck_assert_int_eq(revoke_key(alice, prefix_of(first)), ACCT_ST_OK);
	issue_ok(alice, NULL, "directory:read", NULL, NULL);
	ck_assert_int_eq(keys_of("alice"), 3);
	ck_assert_int_eq(key_usage(0, prefix_of(first)), ACCT_ST_NOTFOUND);
	/* another user has its own bound */
	issue_ok(alice, "bob", "directory:read", NULL, NULL);
}
END_TEST

/* ---- usage ---- */

START_TEST(test_usage_counted_flushed_and_kept)
{
	char key[KEY_LEN + 1], prefix[AD_KEY_PREFIX_TEXT_LEN + 1];
	struct ad_err err = {0, ""};
	struct ad_usage u;
	uint32_t n = 0;

	issue_ok(alice, NULL, "directory:read", NULL, key);
	snprintf(prefix, sizeof(prefix), "%s", prefix_of(key));
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	/* exact before any flush */
	ck_assert_uint_eq(uses_of(prefix), 3);
	u = tenant_usage("acme");
	ck_assert_uint_eq(u.units, 3);
	ck_assert_uint_eq(u.key_uses, 3);
	ck_assert_uint_eq(tenant_usage("globex").units, 0);
	/* USAGE_RECORD: at once, durably */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USAGE_RECORD,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_UNITS, 10), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_UNITS), 13);
	/* flushed: one write, then nothing left in memory */
	ck_assert_int_eq(ad_store_usage_flush(T.st, &n, &err), ACCT_ST_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ad_store_usage_flush(T.st, &n, &err), ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(uses_of(prefix), 3);
	/* kept over a reopen */
	dt_reopen(&T);
	ck_assert_uint_eq(uses_of(prefix), 3);
	ck_assert_uint_eq(rec_u64(ACCT_T_LAST_USED), T0);
	u = tenant_usage("acme");
	ck_assert_uint_eq(u.units, 13);
	ck_assert_uint_eq(u.key_uses, 3);
	/* a crash (a close without a flush) loses what was not written */
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_uint_eq(uses_of(prefix), 4);
	dt_reopen(&T);
	ck_assert_uint_eq(uses_of(prefix), 3);
	/* another month: units start again, key uses add up */
	fake_now = T0 + 31u * 86400u;
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_USAGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MONTH), 202702u);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_UNITS), 1);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_KEY_USES), 4);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_LIVE_KEYS), 1);
}
END_TEST

START_TEST(test_usage_access)
{
	char key[KEY_LEN + 1];

	/* a member has no tenant:manage, nor usage:record */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_TENANT_USAGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_TENANT_USAGE, DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_TENANT_USAGE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	/* a service's key with usage:record */
	issue_ok(alice, NULL, "usage:record", NULL, key);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USAGE_RECORD,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_UNITS, 5), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_USAGE_RECORD,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_Q(ACCT_T_UNITS, 5), DT_END),
			 ACCT_ST_DENIED);
	/* 5 recorded, 1 key use: the refused request costs nothing */
	ck_assert_uint_eq(tenant_usage("acme").units, 6);
	ck_assert_uint_eq(tenant_usage("globex").units, 0);
}
END_TEST

/* ---- keys as application passwords ---- */

/* AUTH of login with password as root: the PAM verdict. */
static uint32_t auth(const char *login, const char *password)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_PASSWORD, password),
				 DT_S(ACCT_T_SERVICE, "imap"), DT_END),
			 ACCT_ST_OK);
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

static uint32_t failed_logins(const char *login)
{
	struct ad_user u;
	struct ad_err err = {0, ""};

	ck_assert_int_eq(ad_store_user_get(T.st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u.failed_logins;
}

static int app_passwords(uid_t uid, unsigned on)
{
	return dt_call(&T, uid, ACCT_OP_TENANT_UPDATE,
		       DT_S(ACCT_T_NAME, "acme"),
		       DT_U(ACCT_T_APP_PASSWORDS, on), DT_END);
}

START_TEST(test_app_passwords)
{
	char key[KEY_LEN + 1], plain[KEY_LEN + 1], alices[KEY_LEN + 1];
	struct dt_audit_list l;
	bool on_record = false;

	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	issue_ok(alice, "bob", "login", NULL, key);
	issue_ok(alice, "bob", "directory:read", NULL, plain);
	issue_ok(alice, NULL, "login", NULL, alices);
	/* off by default: a wrong password, counted */
	ck_assert_uint_eq(auth("bob", key), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(failed_logins("bob"), 1);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_TENANT_SHOW, DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(
		dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_APP_PASSWORDS), 0);
	/* switched on by the tenant's admin (tenant:manage), not a member */
	ck_assert_int_eq(app_passwords(bob, 1), ACCT_ST_DENIED);
	ck_assert_int_eq(app_passwords(alice, 2), ACCT_ST_INVALID);
	ck_assert_int_eq(app_passwords(alice, 1), ACCT_ST_OK);
	ck_assert_uint_eq(
		dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_APP_PASSWORDS), 1);
	ck_assert_uint_eq(auth("bob", key), ACCT_PAM_OK);
	ck_assert_uint_eq(failed_logins("bob"), 0);
	ck_assert_uint_eq(uses_of(prefix_of(key)), 1);
	/* without the login scope, or another user's key: wrong */
	ck_assert_uint_eq(auth("bob", plain), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(auth("bob", alices), ACCT_PAM_AUTH_ERR);
	ck_assert_uint_eq(failed_logins("bob"), 2);
	/* the login policy still decides */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(auth("bob", key), ACCT_PAM_DISABLED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(auth("bob", key), ACCT_PAM_OK);
	/* revoked: wrong, and the record names the key, never its text */
	ck_assert_int_eq(revoke_key(0, prefix_of(key)), ACCT_ST_OK);
	ck_assert_uint_eq(auth("bob", key), ACCT_PAM_AUTH_ERR);
	ad_refusals_flush(&T.ctx, true);
	dt_audit_read(&T, &l);
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_ptr_null(strstr(l.rec[i].message, key + 21));
		ck_assert_ptr_null(strstr(l.rec[i].reason, key + 21));
		if (strstr(l.rec[i].reason, prefix_of(key)) != NULL ||
		    strstr(l.rec[i].message, prefix_of(key)) != NULL)
			on_record = true;
	}
	ck_assert(on_record);
	/* switched off again */
	ck_assert_int_eq(app_passwords(0, 0), ACCT_ST_OK);
	ck_assert_uint_eq(auth("alice", alices), ACCT_PAM_AUTH_ERR);
}
END_TEST

/* ---- the pure parts ---- */

START_TEST(test_key_text)
{
	char text[KEY_LEN + 1], prefix[AD_KEY_PREFIX_LEN + 1];
	char p2[AD_KEY_PREFIX_LEN + 1];
	uint8_t h[AD_KEY_HASH_LEN], h2[AD_KEY_HASH_LEN];
	struct ad_apikey k;

	ad_apikey_new(text, prefix, h);
	ck_assert_uint_eq(strlen(text), KEY_LEN);
	ck_assert_int_eq(ad_apikey_parse(text, strlen(text), p2, h2), 0);
	ck_assert_str_eq(p2, prefix);
	ck_assert_mem_eq(h, h2, sizeof(h));
	memset(&k, 0, sizeof(k));
	memcpy(k.hash, h, sizeof(h));
	ck_assert(ad_apikey_matches(&k, h2));
	h2[0] ^= 1;
	ck_assert(!ad_apikey_matches(&k, h2));
	ck_assert_int_eq(ad_apikey_parse(text, strlen(text) - 1, p2, h2), -1);
	text[8] = 'A'; /* not base32 */
	ck_assert_int_eq(ad_apikey_parse(text, strlen(text), p2, h2), -1);
	ck_assert_int_eq(ad_apikey_prefix_parse("acd_key_abcdefgh2345", 20, p2),
			 0);
	ck_assert_str_eq(p2, "abcdefgh2345");
	ck_assert_int_eq(ad_apikey_prefix_parse("abcdefgh2345", 12, p2), 0);
	ck_assert_int_eq(ad_apikey_prefix_parse("abcdefgh2341", 12, p2), -1);
	ck_assert_int_eq(ad_apikey_prefix_parse("acd_key_abc", 11, p2), -1);
	ck_assert_uint_eq(ad_usage_month(T0), MONTH0);
	ck_assert_uint_eq(ad_usage_month(0), 197001u);
}
END_TEST

START_TEST(test_policy_rules)
{
	struct ad_caller op, user, keyed;
	struct ad_apikey k;
	struct ad_user u;
	struct ad_tenant t;
	char msg[AD_MSG_MAX], state[AD_MSG_MAX];

	memset(&op, 0, sizeof(op));
	op.kind = AD_CALLER_OPERATOR;
	user = op;
	user.kind = AD_CALLER_USER;
	keyed = user;
	keyed.api_key = true;
	keyed.scopes = ACCT_SCOPE_KEY_MANAGE | ACCT_SCOPE_DIRECTORY_READ;
	ck_assert_int_eq(ad_policy_key_scopes(&op, 0, msg, sizeof(msg)),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(ad_policy_key_scopes(&op, ACCT_SCOPE_BUDGET_OVERRIDE,
					      msg, sizeof(msg)),
			 ACCT_ST_OK);
	ck_assert_int_eq(ad_policy_key_scopes(&user, ACCT_SCOPE_BUDGET_OVERRIDE,
					      msg, sizeof(msg)),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(ad_policy_key_scopes(&keyed, ACCT_SCOPE_DIRECTORY_READ,
					      msg, sizeof(msg)),
			 ACCT_ST_OK);
	ck_assert_int_eq(ad_policy_key_scopes(&keyed, ACCT_SCOPE_LOGIN, msg,
					      sizeof(msg)),
			 ACCT_ST_DENIED);

	memset(&k, 0, sizeof(k));
	memset(&u, 0, sizeof(u));
	memset(&t, 0, sizeof(t));
	k.uid = u.uid = 10001;
	snprintf(u.name, sizeof(u.name), "bob");
	u.status = ACCT_USER_ACTIVE;
	snprintf(t.slug, sizeof(t.slug), "acme");
	t.status = ACCT_TENANT_ACTIVE;
	ck_assert_int_eq(ad_policy_key_use(&k, &u, &t, T0, msg, sizeof(msg)),
			 ACCT_ST_OK);
	ad_policy_key_state(&k, &u, &t, T0, state, sizeof(state));
	ck_assert_str_eq(state, "active");
	k.expires = T0;
	ck_assert_int_eq(ad_policy_key_use(&k, &u, &t, T0, msg, sizeof(msg)),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(msg, AD_POLICY_KEY_INVALID);
	ad_policy_key_state(&k, &u, &t, T0, state, sizeof(state));
	ck_assert_str_eq(state, "expired");
	k.expires = 0;
	u.locked_until = T0 + 1;
	ck_assert_int_eq(ad_policy_key_use(&k, &u, &t, T0, msg, sizeof(msg)),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(msg, "locked"));
	u.locked_until = 0;
	u.status = ACCT_USER_DELETED;
	ck_assert_int_eq(ad_policy_key_use(&k, &u, &t, T0, msg, sizeof(msg)),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(msg, AD_POLICY_KEY_INVALID);
	k.revoked_at = 1;
	ad_policy_key_state(&k, NULL, NULL, T0, state, sizeof(state));
	ck_assert_str_eq(state, "revoked");
	ck_assert_str_eq(AD_POLICY_KEY_INVALID, AD_KEY_INVALID);
}
END_TEST

static int load(const char *text, struct ad_config *cfg, char *err,
		size_t errlen)
{
	char path[] = "/tmp/check_apikey_conf.XXXXXX";
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
	ck_assert_uint_eq(cfg.max_api_keys_per_user, 25);
	ck_assert_uint_eq(cfg.usage_flush_s, 30);
	ck_assert_int_eq(load("max_api_keys_per_user = 5\n"
			      "usage_flush_s = 3600\n",
			      &cfg, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.max_api_keys_per_user, 5);
	ck_assert_uint_eq(cfg.usage_flush_s, 3600);
	ck_assert_int_eq(load("usage_flush_s = 0\n", &cfg, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "usage_flush_s") != NULL, "%s", err);
	ck_assert_int_eq(load("usage_flush_s = 3601\n", &cfg, err, sizeof(err)),
			 -1);
	ck_assert_int_eq(
		load("max_api_keys_per_user = 0\n", &cfg, err, sizeof(err)),
		-1);
	ck_assert_uint_eq(cfg.usage_flush_s, 3600);
}
END_TEST

/* What a key reaches beyond its scopes' words: an SSH key is a login
 * (the key needs login), a key it issues does not outlive it, and a
 * request it is refused costs its tenant no use. */
#define SSH_LINE                                                               \
	"ssh-ed25519 "                                                         \
	"AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g" \
	" "                                                                    \
	"ci@example"

START_TEST(test_key_reach)
{
	char key[KEY_LEN + 1], login[KEY_LEN + 1], prefix[KEY_LEN + 1];

	issue_ok(alice, NULL, "key:manage", NULL, key);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_SSH_KEY_ADD,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_SSH_KEY_LINE, SSH_LINE), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(dt_str(T.rep.data, T.rep.len, ACCT_T_MESSAGE),
			 "permission denied: ssh-key-add: an SSH key is a way "
			 "to log in: the API key needs the login scope");
	issue_ok(alice, NULL, "key:manage", "login", login);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_SSH_KEY_ADD,
				 DT_S(ACCT_T_API_KEY, login),
				 DT_S(ACCT_T_SSH_KEY_LINE, SSH_LINE), DT_END),
			 ACCT_ST_OK);
	/* a key that lapses in an hour makes none that lasts longer */
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_SCOPE, "key:manage"),
				 DT_Q(ACCT_T_KEY_TTL, 3600), DT_END),
			 ACCT_ST_OK);
	snprintf(key, sizeof(key), "%s",
		 dt_str(T.rep.data, T.rep.len, ACCT_T_API_KEY));
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_SCOPE, "key:manage"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_SCOPE, "key:manage"),
				 DT_Q(ACCT_T_KEY_TTL, 7200), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_KEY_ISSUE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_SCOPE, "key:manage"),
				 DT_Q(ACCT_T_KEY_TTL, 1800), DT_END),
			 ACCT_ST_OK);
	/* refused requests are not uses: a directory:read key changing */
	issue_ok(alice, NULL, "directory:read", NULL, key);
	snprintf(prefix, sizeof(prefix), "%s", prefix_of(key));
	ck_assert_int_eq(dt_call(&T, PANEL, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_API_KEY, key),
				 DT_S(ACCT_T_BIO, "x"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_uint_eq(uses_of(prefix), 0);
	ck_assert_int_eq(me_show(PANEL, key), ACCT_ST_OK);
	ck_assert_uint_eq(uses_of(prefix), 1);
}
END_TEST

static Suite *apikey_suite(void)
{
	Suite *s = suite_create("apikey");
	TCase *keys = tcase_create("keys");
	TCase *use = tcase_create("use");
	TCase *usage = tcase_create("usage");
	TCase *rules = tcase_create("rules");

	tcase_add_checked_fixture(keys, setup, teardown);
	tcase_add_test(keys, test_issue_list_revoke_usage);
	tcase_add_test(keys, test_admin_issues_for_its_tenant);
	tcase_add_test(keys, test_issue_rules);
	tcase_add_test(keys, test_bad_requests_change_nothing);
	tcase_add_test(keys, test_other_tenant_refused_as_missing);
	tcase_add_test(keys, test_per_user_bound);
	tcase_set_timeout(keys, 30);
	suite_add_tcase(s, keys);

	tcase_add_checked_fixture(use, setup, teardown);
	tcase_add_test(use, test_scopes_enforced);
	tcase_add_test(use, test_member_key_no_more_than_member);
	tcase_add_test(use, test_invalid_keys_refused_alike);
	tcase_add_test(use, test_owner_and_tenant_checked_every_time);
	tcase_add_test(use, test_deleted_owner_keys_revoked);
	tcase_add_test(use, test_app_passwords);
	tcase_add_test(use, test_purged_tenant_keys_gone);
	tcase_add_test(use, test_key_reach);
	tcase_set_timeout(use, 30);
	suite_add_tcase(s, use);

	tcase_add_checked_fixture(usage, setup, teardown);
	tcase_add_test(usage, test_usage_counted_flushed_and_kept);
	tcase_add_test(usage, test_usage_access);
	tcase_set_timeout(usage, 30);
	suite_add_tcase(s, usage);

	tcase_add_test(rules, test_key_text);
	tcase_add_test(rules, test_policy_rules);
	tcase_add_test(rules, test_config_keys);
	suite_add_tcase(s, rules);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(apikey_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
