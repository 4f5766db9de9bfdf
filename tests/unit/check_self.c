/*
 * check_self.c - profiles and self-service through ad_dispatch: every
 * profile field through USER_UPDATE and ME_PROFILE (partial, cleared,
 * each bad value refused with nothing changed), the timezone against a
 * tz database, the display name as GECOS; ME_SHOW, ME_PROFILE,
 * ME_PASSWORD and ME_DISABLE as a directory user's uid, as root and as an
 * anonymous uid, a wrong current password (counted and audited once),
 * the last owner, and the audit records.  The cheapest Argon2id limits
 * and a test clock, as check_lockout.c.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "ops/password.h"
#include "ops/refusal.h"

#define T0 UINT64_C(1800000000) /* 2027-01-15 08:00:00 UTC */
#define BOB_PW "bobs old password"
#define ALICE_PW "alices own password"
#define NEW_PW "a brand new secret"
#define ANON 4242 /* a uid the directory does not know */
#define DENIED_SELF                                                            \
	"'me' is for directory users; operators manage users with 'user ...'"
#define IS_DENIED_SELF(msg)                                                    \
	ck_assert_msg(strncmp((msg), "permission denied: me-", 22) == 0 &&     \
			      strstr((msg), ": " DENIED_SELF) != NULL,         \
		      "%s", (msg))

static struct dt T;
static uint64_t fake_now;
static uint32_t alice, bob, carol; /* uids */

static uint64_t test_clock(void)
{
	return fake_now;
}

static uint64_t test_clock_ms(void)
{
	return fake_now * 1000u;
}

static void write_at(const char *rel, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/zoneinfo/%s", T.dir, rel);
	dt_write_file(path, text);
}

static void mkdir_at(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/zoneinfo%s%s", T.dir,
		 rel[0] ? "/" : "", rel);
	ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST, "%s", path);
}

/* A small tz database of our own: two zones (one behind a symlink), a
 * file that is not a zone, and a FIFO. */
static void make_zoneinfo(void)
{
	char path[256], target[256];

	mkdir_at("");
	mkdir_at("Europe");
	mkdir_at("Bad");
	mkdir_at("Link");
	write_at("Europe/Paris", "TZif2\nnot a real zone, but its magic\n");
	write_at("UTC", "TZif\n");
	write_at("Bad/Text", "this is no zone\n");
	write_at("Bad/Short", "TZ");
	snprintf(target, sizeof(target), "%s/zoneinfo/Europe/Paris", T.dir);
	snprintf(path, sizeof(path), "%s/zoneinfo/Link/Paris", T.dir);
	ck_assert_int_eq(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s/zoneinfo/Bad/Fifo", T.dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	snprintf(T.cfg.zoneinfo_dir, sizeof(T.cfg.zoneinfo_dir), "%s/zoneinfo",
		 T.dir);
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
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.ctx.clock_ms = test_clock_ms;
	make_zoneinfo();
	dt_tenant(&T, "acme");
	dt_tenant(&T, "beta");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	bob = dt_user(&T, "bob", "acme", 0);
	carol = dt_user(&T, "carol", "beta", ACCT_ROLE_OWNER);
	set_password("bob", BOB_PW);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- reading users and audit records ---- */

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

/* A string field of the USER rec in the last reply. */
static const char *field(uint16_t tag)
{
	return dt_rec_str(&T, ACCT_T_USER, tag);
}

/* Does the USER rec of the last reply carry tag?  (Unset profile fields
 * are left out.) */
static bool has_field(uint16_t tag)
{
	struct acct_field rec = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);

	return dt_count(rec.val, rec.len, tag) > 0;
}

/* USER_SHOW's reply, whole: what a refused change must leave alone. */
struct snapshot {
	size_t len;
	uint8_t rec[16384];
};

static void snap(struct snapshot *s, const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, login), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_le(T.rep.len, sizeof(s->rec));
	s->len = T.rep.len;
	memcpy(s->rec, T.rep.data, T.rep.len);
}

static void assert_unchanged(const struct snapshot *before, const char *login)
{
	struct snapshot after;

	snap(&after, login);
	ck_assert_uint_eq(after.len, before->len);
	ck_assert_int_eq(memcmp(after.rec, before->rec, after.len), 0);
}

/* The audit records, refusals flushed first. */
static void audit(struct dt_audit_list *l)
{
	ad_refusals_flush(&T.ctx, true);
	dt_audit_read(&T, l);
}

/* The last record with this action (asserted to exist). */
static const struct dt_audit *last_of(const struct dt_audit_list *l,
				      const char *action)
{
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->rec[i - 1].action, action) == 0)
			return &l->rec[i - 1];
	ck_abort_msg("no audit record '%s'", action);
	return NULL;
}

static int count_of(const struct dt_audit_list *l, const char *action)
{
	int n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += strcmp(l->rec[i].action, action) == 0;
	return n;
}

/* The record names the user by its login, as the caller resolved. */
static void expect_actor(const struct dt_audit *a, uint32_t uid)
{
	ck_assert_str_eq(a->actor, uid == bob	  ? "bob"
				   : uid == carol ? "carol"
						  : "?");
}

/* ---- profile fields (operator path) ---- */

START_TEST(test_profile_fields)
{
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_GIVEN_NAME, "Robert"),
			DT_S(ACCT_T_FAMILY_NAME, "Dupont-Durand"),
			DT_S(ACCT_T_AVATAR_URL, "https://img.example/bob.png"),
			DT_S(ACCT_T_BIO,
			     "Builds things: \xc3\xa9t\xc3\xa9 2026"),
			DT_S(ACCT_T_TIMEZONE, "Europe/Paris"),
			DT_S(ACCT_T_LOCALE, "fr_FR.UTF-8"), DT_END),
		ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_GIVEN_NAME), "Robert");
	ck_assert_str_eq(field(ACCT_T_FAMILY_NAME), "Dupont-Durand");
	ck_assert_str_eq(field(ACCT_T_AVATAR_URL),
			 "https://img.example/bob.png");
	ck_assert_str_eq(field(ACCT_T_BIO),
			 "Builds things: \xc3\xa9t\xc3\xa9 2026");
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "Europe/Paris");
	ck_assert_str_eq(field(ACCT_T_LOCALE), "fr_FR.UTF-8");

	/* kept: read back from the store, after a reopen */
	dt_reopen(&T);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_FAMILY_NAME), "Dupont-Durand");
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "Europe/Paris");
	/* not verified: no EMAIL_VERIFIED_AT */
	ck_assert(!has_field(ACCT_T_EMAIL_VERIFIED_AT));

	/* partial: only what is given changes; empty clears */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_LOCALE, "de_DE@euro"),
				 DT_S(ACCT_T_BIO, ""), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_LOCALE), "de_DE@euro");
	ck_assert(!has_field(ACCT_T_BIO));
	ck_assert_str_eq(field(ACCT_T_GIVEN_NAME), "Robert");
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "Europe/Paris");
	/* a zone behind a symlink of the tz database; clearing needs none */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TIMEZONE, "Link/Paris"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "Link/Paris");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_TIMEZONE, ""), DT_END),
			 ACCT_ST_OK);
	ck_assert(!has_field(ACCT_T_TIMEZONE));

	/* a new user may start with a profile; the GECOS stays the
	 * display name */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, "dave"),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Dave D."),
				 DT_S(ACCT_T_GIVEN_NAME, "David"),
				 DT_S(ACCT_T_TIMEZONE, "UTC"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_GIVEN_NAME), "David");
	ck_assert_int_eq(dt_call(&T, ANON, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "dave"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_GECOS),
			 "Dave D.");
}
END_TEST

/* One bad value, with a good one beside it: refused whole. */
struct bad_value {
	uint16_t tag;
	const char *value;
	const char *msg; /* the start of the one line */
};

static const struct bad_value bad_values[] = {
	{ACCT_T_GIVEN_NAME, "Rob:ert", "given name is not valid: printable"},
	{ACCT_T_FAMILY_NAME, "two\nlines", "family name is not valid"},
	{ACCT_T_AVATAR_URL, "ftp://x.example/a.png",
	 "avatar URL 'ftp://x.example/a.png' is not valid: use an http://"},
	{ACCT_T_AVATAR_URL, "https://a@b.example/", "avatar URL"},
	{ACCT_T_BIO, "line\nbreak", "bio is not valid: at most 500"},
	{ACCT_T_TIMEZONE, "../../etc/shadow",
	 "timezone '../../etc/shadow' is not valid: use a tz database name"},
	{ACCT_T_TIMEZONE, "Mars/Olympus_Mons",
	 "timezone 'Mars/Olympus_Mons' is not valid: no such zone in the tz "
	 "database ("},
	{ACCT_T_TIMEZONE, "Bad/Text", "timezone 'Bad/Text' is not valid: no "},
	{ACCT_T_TIMEZONE, "Bad/Short", "timezone 'Bad/Short' is not valid"},
	{ACCT_T_TIMEZONE, "Bad/Fifo", "timezone 'Bad/Fifo' is not valid"},
	{ACCT_T_TIMEZONE, "Europe", "timezone 'Europe' is not valid: no such"},
	{ACCT_T_LOCALE, "en_us",
	 "locale 'en_us' is not valid: use C, POSIX or language"},
	{ACCT_T_LOCALE, "../x", "locale '../x' is not valid"},
};

static void assert_refused(const struct bad_value *b)
{
	ck_assert_msg(T.status == ACCT_ST_INVALID, "%s: status %d (%s)",
		      b->value, T.status, T.msg);
	ck_assert_msg(strncmp(T.msg, b->msg, strlen(b->msg)) == 0,
		      "%s: message '%s', want '%s...'", b->value, T.msg,
		      b->msg);
}

START_TEST(test_bad_values_change_nothing)
{
	struct snapshot s;
	char bio[502];

	dt_call(&T, 0, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, "bob"),
		DT_S(ACCT_T_GIVEN_NAME, "Bob"), DT_S(ACCT_T_BIO, "hi"),
		DT_S(ACCT_T_TIMEZONE, "UTC"), DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	snap(&s, "bob");
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]);
	     i++) {
		const struct bad_value *b = &bad_values[i];

		/* the operator's path */
		dt_call(&T, 0, ACCT_OP_USER_UPDATE, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_DISPLAY_NAME, "Changed"),
			DT_S(ACCT_T_SHELL, "/bin/zsh"), DT_S(b->tag, b->value),
			DT_END);
		assert_refused(b);
		/* the user's own */
		dt_call(&T, bob, ACCT_OP_ME_PROFILE,
			DT_S(ACCT_T_DISPLAY_NAME, "Changed"),
			DT_S(b->tag, b->value), DT_END);
		assert_refused(b);
		/* and a new user with it is not created */
		dt_call(&T, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, "eve"),
			DT_S(ACCT_T_TENANT, "acme"), DT_S(b->tag, b->value),
			DT_END);
		assert_refused(b);
		assert_unchanged(&s, "bob");
	}
	/* 500 characters of bio, not 501 */
	memset(bio, 'b', 501);
	bio[501] = '\0';
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_BIO, bio), DT_END),
			 ACCT_ST_INVALID);
	assert_unchanged(&s, "bob");
	bio[500] = '\0';
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_BIO, bio), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(strlen(field(ACCT_T_BIO)), 500);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "eve"), DT_END),
			 ACCT_ST_NOTFOUND);
}
END_TEST

/* The real tz database (./dev installs tzdata), at the default path. */
START_TEST(test_real_tz_database)
{
	ck_assert_msg(access("/usr/share/zoneinfo/Europe/Paris", R_OK) == 0,
		      "no tz database in /usr/share/zoneinfo (install "
		      "tzdata: ./dev deps)");
	snprintf(T.cfg.zoneinfo_dir, sizeof(T.cfg.zoneinfo_dir),
		 "/usr/share/zoneinfo");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_TIMEZONE, "America/New_York"),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "America/New_York");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_TIMEZONE, "Europe/Atlantis"),
				 DT_END),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "timezone 'Europe/Atlantis' is not valid: no "
				"such zone in the tz database "
				"(/usr/share/zoneinfo)");
	/* a directory of the database is no zone */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_TIMEZONE, "America"), DT_END),
			 ACCT_ST_INVALID);
}
END_TEST

/* ---- who may call ---- */

START_TEST(test_me_callers)
{
	static const uint16_t ops[] = {ACCT_OP_ME_SHOW, ACCT_OP_ME_PROFILE,
				       ACCT_OP_ME_PASSWORD, ACCT_OP_ME_DISABLE};
	struct dt_audit_list l;

	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_SHOW, DT_END), ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_NAME), "bob");
	ck_assert_str_eq(field(ACCT_T_TENANT), "acme");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID), bob);
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_ME_SHOW, DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_NAME), "carol");

	/* root and uids the directory does not know: refused, whatever the
	 * request says */
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		ck_assert_int_eq(dt_call(&T, 0, ops[i],
					 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW),
					 DT_S(ACCT_T_PASSWORD, NEW_PW),
					 DT_S(ACCT_T_BIO, "x"), DT_END),
				 ACCT_ST_DENIED);
		IS_DENIED_SELF(T.msg);
		ck_assert_int_eq(dt_call(&T, ANON, ops[i],
					 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW),
					 DT_S(ACCT_T_PASSWORD, NEW_PW),
					 DT_S(ACCT_T_BIO, "x"), DT_END),
				 ACCT_ST_DENIED);
		IS_DENIED_SELF(T.msg);
	}
	ck_assert(password_is("bob", BOB_PW));
	ck_assert_str_eq(stored("bob").profile.bio, "");

	/* a deleted user's uid is nobody's: anonymous */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_SHOW, DT_END),
			 ACCT_ST_DENIED);

	/* a request that names a user is not taken as naming another */
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_ME_SHOW,
				 DT_S(ACCT_T_NAME, "alice"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "'me' requests name no user: they act on the "
				"caller's own");
	ck_assert_int_eq(dt_call(&T, carol, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_BIO, "pwned"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(stored("alice").profile.bio, "");

	/* refusals are audited: the caller, what it asked */
	audit(&l);
	ck_assert_int_ge(count_of(&l, "me-profile"), 3);
	expect_actor(last_of(&l, "me-profile"), carol);
	ck_assert_uint_eq(last_of(&l, "me-profile")->result, ACCT_ST_BADREQ);
	ck_assert_str_eq(last_of(&l, "me-profile")->target, "carol");
	ck_assert_int_ge(count_of(&l, "me-password"), 2);
	ck_assert_int_ge(count_of(&l, "me-disable"), 2);
	ck_assert_int_ge(count_of(&l, "me-show"), 2);
	ck_assert_uint_eq(last_of(&l, "me-disable")->result, ACCT_ST_DENIED);
	IS_DENIED_SELF(last_of(&l, "me-disable")->message);
}
END_TEST

/* ---- ME_PROFILE ---- */

START_TEST(test_me_profile)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	struct snapshot s;

	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_DISPLAY_NAME, "Bob Builder"),
				 DT_S(ACCT_T_GIVEN_NAME, "Bob"),
				 DT_S(ACCT_T_LOCALE, "en_GB.UTF-8"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_DISPLAY_NAME), "Bob Builder");
	ck_assert_str_eq(field(ACCT_T_NAME), "bob");
	/* the display name is the GECOS */
	ck_assert_int_eq(dt_call(&T, ANON, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_GECOS),
			 "Bob Builder");
	ck_assert_int_eq(dt_call(&T, ANON, ACCT_OP_PW_BYUID,
				 DT_U(ACCT_T_UID, bob), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_GECOS),
			 "Bob Builder");

	/* partial: the rest stays; the same change twice is fine */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_TIMEZONE, "Europe/Paris"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_DISPLAY_NAME), "Bob Builder");
	ck_assert_str_eq(field(ACCT_T_LOCALE), "en_GB.UTF-8");
	ck_assert_str_eq(field(ACCT_T_TIMEZONE), "Europe/Paris");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_TIMEZONE, "Europe/Paris"), DT_END),
			 ACCT_ST_OK);
	/* clearing the display name empties the GECOS */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_DISPLAY_NAME, ""), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, ANON, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_PASSWD, ACCT_T_GECOS), "");
	/* only bob changed */
	ck_assert_str_eq(stored("alice").profile.locale, "");

	/* audited as the user, on the user, in its tenant */
	audit(&l);
	ck_assert_int_eq(count_of(&l, "me-profile"), 4);
	a = last_of(&l, "me-profile");
	expect_actor(a, bob);
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);

	/* what is not the profile's, and nothing at all */
	snap(&s, "bob");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_BIO, "x"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "role cannot be changed with 'me profile': "
				"only the display name and the profile");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_EMAIL, "b@x.org"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_SHELL, "/bin/sh"), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "nothing to change: give the display name or "
				"a profile field");
	assert_unchanged(&s, "bob");
	audit(&l);
	a = last_of(&l, "me-profile");
	ck_assert_uint_eq(a->result, ACCT_ST_BADREQ);
	ck_assert_str_eq(a->target, "bob");
}
END_TEST

/* A user the login policy refuses reads but changes nothing. */
START_TEST(test_me_refused_by_the_login_policy)
{
	struct snapshot s;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	/* after the suspension, which shows in bob's state word */
	snap(&s, "bob");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_SHOW, DT_END), ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_BIO, "x"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		T.msg,
		"tenant 'acme' is suspended: its directory is read-only");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PASSWORD,
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		T.msg,
		"tenant 'acme' is suspended: its directory is read-only");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_CONFLICT);
	assert_unchanged(&s, "bob");
	ck_assert(password_is("bob", BOB_PW));

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_REACTIVATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PROFILE,
				 DT_S(ACCT_T_BIO, "x"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "account bob is disabled");
}
END_TEST

/* ---- ME_PASSWORD ---- */

static int me_password(uid_t uid, const char *old_pw, const char *new_pw)
{
	return dt_call(&T, uid, ACCT_OP_ME_PASSWORD,
		       DT_S(ACCT_T_OLD_PASSWORD, old_pw),
		       DT_S(ACCT_T_PASSWORD, new_pw), DT_END);
}

START_TEST(test_me_password)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	ck_assert_int_eq(me_password(bob, BOB_PW, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(T.rep.len, 0);
	ck_assert(password_is("bob", NEW_PW));
	/* the new one logs in */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, NEW_PW),
				 DT_S(ACCT_T_SERVICE, "login"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	audit(&l);
	ck_assert_int_eq(count_of(&l, "me-password"), 1);
	a = last_of(&l, "me-password");
	expect_actor(a, bob);
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_OK);

	/* the quality rules first: nothing else happens */
	ck_assert_int_eq(me_password(bob, NEW_PW, "short"), ACCT_ST_INVALID);
	ck_assert_ptr_nonnull(strstr(T.msg, "at least 10 characters"));
	ck_assert_int_eq(me_password(bob, NEW_PW, "bob"), ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PASSWORD,
				 DT_S(ACCT_T_PASSWORD, "another new one"),
				 DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: old_password");
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_PASSWORD,
				 DT_S(ACCT_T_OLD_PASSWORD, NEW_PW), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert(password_is("bob", NEW_PW));
	ck_assert_uint_eq(stored("bob").failed_logins, 0);

	/* a user without a password has none to show */
	ck_assert_int_eq(me_password(alice, "anything at all", NEW_PW),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "account alice has no password to check; the "
				"operator sets one with 'user passwd'");
}
END_TEST

START_TEST(test_me_password_wrong)
{
	struct dt_audit_list l;
	const struct dt_audit *a;
	char too_long[ACCT_MAX_PASSWORD + 2];

	ck_assert_int_eq(me_password(bob, "not my password", NEW_PW),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "wrong current password");
	ck_assert(password_is("bob", BOB_PW));
	/* counted as a failed login, and recorded once, with its count */
	ck_assert_uint_eq(stored("bob").failed_logins, 1);
	audit(&l);
	ck_assert_int_eq(count_of(&l, "me-password"), 1);
	a = last_of(&l, "me-password");
	expect_actor(a, bob);
	ck_assert_str_eq(a->target, "bob");
	ck_assert_str_eq(a->tenant, "acme");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	ck_assert_str_eq(a->message, "wrong current password");

	/* over the length limit: wrong, and counted */
	memset(too_long, 'x', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	ck_assert_int_eq(me_password(bob, too_long, NEW_PW), ACCT_ST_DENIED);
	ck_assert_uint_eq(stored("bob").failed_logins, 2);

	/* lockout_attempts (5) wrong passwords lock the account: then even
	 * the right one is refused, with when it ends */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(me_password(bob, "still not it", NEW_PW),
				 ACCT_ST_DENIED);
	ck_assert_uint_eq(stored("bob").locked_until, T0 + 900);
	ck_assert_int_eq(me_password(bob, BOB_PW, NEW_PW), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "account bob is locked until 2027-01-15 "
				"08:15:00 UTC");
	ck_assert(password_is("bob", BOB_PW));
	audit(&l);
	ck_assert_int_eq(count_of(&l, "account-lock"), 1);

	/* once the lock is over, the right password works and resets the
	 * count */
	fake_now += 901;
	ck_assert_int_eq(me_password(bob, BOB_PW, NEW_PW), ACCT_ST_OK);
	ck_assert_uint_eq(stored("bob").failed_logins, 0);
	ck_assert(password_is("bob", NEW_PW));
}
END_TEST

/* ---- ME_DISABLE ---- */

START_TEST(test_me_disable)
{
	struct dt_audit_list l;
	const struct dt_audit *a;

	/* a wrong password: nothing disabled, counted */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, "nope nope nope"),
				 DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "wrong current password");
	ck_assert_uint_eq(stored("bob").status, ACCT_USER_ACTIVE);
	ck_assert_uint_eq(stored("bob").failed_logins, 1);
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_DISABLE, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "missing field: old_password");

	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(field(ACCT_T_NAME), "bob");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_USER, ACCT_T_STATUS),
			  ACCT_USER_DISABLED);
	ck_assert_str_eq(field(ACCT_T_STATUS_REASON), "disabled by the user");
	/* still resolves; logins refused */
	ck_assert_int_eq(dt_call(&T, ANON, ACCT_OP_PW_BYNAME,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUTH, DT_S(ACCT_T_NAME, "bob"),
				 DT_S(ACCT_T_PASSWORD, BOB_PW),
				 DT_S(ACCT_T_SERVICE, "login"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_DISABLED);
	/* and, disabled, bob changes nothing more */
	ck_assert_int_eq(dt_call(&T, bob, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, BOB_PW), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "account bob is disabled");

	/* every outcome recorded: wrong password, missing field, done,
	 * refused */
	audit(&l);
	ck_assert_int_eq(count_of(&l, "me-disable"), 4);
	a = &l.rec[l.n - 1];
	ck_assert_str_eq(a->action, "me-disable");
	ck_assert_uint_eq(a->result, ACCT_ST_DENIED);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, "me-disable") == 0 &&
		    l.rec[i].result == ACCT_ST_OK) {
			expect_actor(&l.rec[i], bob);
			ck_assert_str_eq(l.rec[i].target, "bob");
			ck_assert_str_eq(l.rec[i].tenant, "acme");
			return;
		}
	ck_abort_msg("no successful me-disable record");
}
END_TEST

START_TEST(test_me_disable_last_owner)
{
	set_password("alice", ALICE_PW);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, ALICE_PW), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg,
			 "'alice' is the last active owner of tenant 'acme'");
	ck_assert_uint_eq(stored("alice").status, ACCT_USER_ACTIVE);
	ck_assert_uint_eq(stored("alice").failed_logins, 0);
	/* with a second owner, she may go */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "bob"),
				 DT_U(ACCT_T_ROLE, ACCT_ROLE_OWNER), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_ME_DISABLE,
				 DT_S(ACCT_T_OLD_PASSWORD, ALICE_PW), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(stored("alice").status, ACCT_USER_DISABLED);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("self");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_profile_fields);
	tcase_add_test(tc, test_bad_values_change_nothing);
	tcase_add_test(tc, test_real_tz_database);
	tcase_add_test(tc, test_me_callers);
	tcase_add_test(tc, test_me_profile);
	tcase_add_test(tc, test_me_refused_by_the_login_policy);
	tcase_add_test(tc, test_me_password);
	tcase_add_test(tc, test_me_password_wrong);
	tcase_add_test(tc, test_me_disable);
	tcase_add_test(tc, test_me_disable_last_owner);
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
