/*
 * check_visibility.c - tenant privacy of name lookups (lookup_visibility):
 * the pure view of each kind of caller over a table, then through
 * ad_dispatch and the real table of operations as users of two tenants,
 * root, the operator and support groups, a system uid, a uid nobody owns
 * and a deleted user's; and enumeration paging with hidden entries
 * interleaved.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "policy/lookup.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the policy, pure ---- */

#define ALL AD_VISIBILITY_ALL
#define TEN AD_VISIBILITY_TENANT
#define SEE_ALL AD_LOOKUP_ALL
#define SEE_TENANT AD_LOOKUP_TENANT
#define SEE_NOTHING AD_LOOKUP_NOTHING
#define UID_MIN 100000u

/* The setting, the caller's kind and uid, and the view it gets (a
 * directory user's tenant is 777). */
static const struct {
	unsigned visibility;
	enum ad_caller_kind kind;
	uint32_t uid;
	enum ad_lookup_scope want;
} view_cases[] = {
	/* all: everyone sees everything, as in /etc/passwd */
	{ALL, AD_CALLER_USER, 100500, SEE_ALL},
	{ALL, AD_CALLER_ANONYMOUS, 100500, SEE_ALL},
	{ALL, AD_CALLER_ANONYMOUS, 65534, SEE_ALL},
	{ALL, AD_CALLER_OPERATOR, 0, SEE_ALL},
	/* tenant: the platform sees everything, whatever its uid */
	{TEN, AD_CALLER_OPERATOR, 0, SEE_ALL},
	{TEN, AD_CALLER_OPERATOR, 4801, SEE_ALL},
	{TEN, AD_CALLER_OPERATOR, 200000, SEE_ALL},
	{TEN, AD_CALLER_SUPPORT, 4802, SEE_ALL},
	{TEN, AD_CALLER_SUPPORT, 200000, SEE_ALL},
	/* a directory user its own tenant, even below uid_min */
	{TEN, AD_CALLER_USER, 100500, SEE_TENANT},
	{TEN, AD_CALLER_USER, UID_MIN, SEE_TENANT},
	{TEN, AD_CALLER_USER, 5000, SEE_TENANT},
	/* the system's own uids everything */
	{TEN, AD_CALLER_ANONYMOUS, 1, SEE_ALL},
	{TEN, AD_CALLER_ANONYMOUS, 999, SEE_ALL},
	{TEN, AD_CALLER_ANONYMOUS, 65534, SEE_ALL},
	{TEN, AD_CALLER_ANONYMOUS, UID_MIN - 1, SEE_ALL},
	/* a uid in the directory's range that it does not know: nothing */
	{TEN, AD_CALLER_ANONYMOUS, UID_MIN, SEE_NOTHING},
	{TEN, AD_CALLER_ANONYMOUS, 100500, SEE_NOTHING},
	{TEN, AD_CALLER_ANONYMOUS, 0xfffffffeu, SEE_NOTHING},
	/* a setting the policy does not know is the narrow one */
	{7, AD_CALLER_USER, 100500, SEE_TENANT},
	{7, AD_CALLER_ANONYMOUS, 100500, SEE_NOTHING},
	{7, AD_CALLER_OPERATOR, 0, SEE_ALL},
};

START_TEST(test_view_of_each_caller)
{
	struct ad_caller c;
	struct ad_lookup_view v;

	memset(&c, 0, sizeof(c));
	c.kind = view_cases[_i].kind;
	c.uid = view_cases[_i].uid;
	if (c.kind == AD_CALLER_USER)
		c.tenant_gid = 777;
	v = ad_policy_lookup_view(
		(enum ad_lookup_visibility)view_cases[_i].visibility, UID_MIN,
		&c);
	ck_assert_msg(v.scope == view_cases[_i].want,
		      "case %d: scope %d, want %d", _i, (int)v.scope,
		      (int)view_cases[_i].want);
	if (v.scope == AD_LOOKUP_TENANT)
		ck_assert_uint_eq(v.tenant_gid, 777);
}
END_TEST

START_TEST(test_view_shows)
{
	const struct ad_lookup_view all = {AD_LOOKUP_ALL, 0},
				    one = {AD_LOOKUP_TENANT, 777},
				    none = {AD_LOOKUP_NOTHING, 777};

	ck_assert(ad_lookup_view_shows(&all, 777));
	ck_assert(ad_lookup_view_shows(&all, 778));
	ck_assert(ad_lookup_view_shows(&one, 777));
	ck_assert(!ad_lookup_view_shows(&one, 778));
	ck_assert(!ad_lookup_view_shows(&one, 0));
	ck_assert(!ad_lookup_view_shows(&none, 777));
	ck_assert(!ad_lookup_view_shows(&none, 0));
}
END_TEST

/* ---- through ad_dispatch ---- */

static struct dt T;
/* acme: ann (owner), mia; globex: gus (owner), gina; and their gids */
static uint32_t ann, mia, gus, gina, acme_gid, globex_gid, acme_dev, globex_dev;

#define SYSTEM_UID 500 /* below uid_min (10000 in daemon_testlib) */
#define STRANGER 50001 /* in the range, nobody's */

static uint32_t custom_group(const char *tenant, const char *name,
			     const char *member)
{
	char full[64];
	uint32_t gid;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_CREATE,
				 DT_S(ACCT_T_TENANT, tenant),
				 DT_S(ACCT_T_NAME, name), DT_END),
			 ACCT_ST_OK);
	gid = dt_rec_u32(&T, ACCT_T_GROUP, ACCT_T_GID);
	snprintf(full, sizeof(full), "%s-%s", tenant, name);
	if (member != NULL)
		ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_ADD_MEMBER,
					 DT_S(ACCT_T_NAME, full),
					 DT_S(ACCT_T_MEMBER, member), DT_END),
				 ACCT_ST_OK);
	return gid;
}

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	acme_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	dt_tenant(&T, "globex");
	globex_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	mia = dt_user(&T, "mia", "acme", ACCT_ROLE_MEMBER);
	gina = dt_user(&T, "gina", "globex", ACCT_ROLE_MEMBER);
	acme_dev = custom_group("acme", "dev", "mia");
	globex_dev = custom_group("globex", "dev", "gina");
	T.cfg.lookup_visibility = AD_VISIBILITY_TENANT;
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* Every lookup of one entry, by name or by id. */
enum probe { PW_NAME, PW_UID, GR_NAME, GR_GID, INITGROUPS, PROBES };

static int probe(uint32_t uid, enum probe p, const char *name, uint32_t id)
{
	switch (p) {
	case PW_NAME:
		return dt_call(&T, uid, ACCT_OP_PW_BYNAME,
			       DT_S(ACCT_T_NAME, name), DT_END);
	case PW_UID:
		return dt_call(&T, uid, ACCT_OP_PW_BYUID, DT_U(ACCT_T_UID, id),
			       DT_END);
	case GR_NAME:
		return dt_call(&T, uid, ACCT_OP_GR_BYNAME,
			       DT_S(ACCT_T_NAME, name), DT_END);
	case GR_GID:
		return dt_call(&T, uid, ACCT_OP_GR_BYGID, DT_U(ACCT_T_GID, id),
			       DT_END);
	case INITGROUPS:
		return dt_call(&T, uid, ACCT_OP_INITGROUPS,
			       DT_S(ACCT_T_NAME, name), DT_END);
	case PROBES:
		break;
	}
	ck_abort_msg("probe %d", (int)p);
	return -1;
}

/* An entry of each kind, in acme or in globex. */
struct entry {
	enum probe p;
	const char *name;
	const uint32_t *id;
};

static const struct entry acme_entries[] = {
	{PW_NAME, "ann", NULL},		{PW_NAME, "mia", NULL},
	{PW_UID, NULL, &mia},		{GR_NAME, "acme", NULL},
	{GR_NAME, "acme-admins", NULL}, {GR_NAME, "acme-dev", NULL},
	{GR_GID, NULL, &acme_gid},	{GR_GID, NULL, &acme_dev},
	{INITGROUPS, "mia", NULL},
};
static const struct entry globex_entries[] = {
	{PW_NAME, "gus", NULL},
	{PW_NAME, "gina", NULL},
	{PW_UID, NULL, &gina},
	{GR_NAME, "globex", NULL},
	{GR_NAME, "globex-admins", NULL},
	{GR_NAME, "globex-dev", NULL},
	{GR_GID, NULL, &globex_gid},
	{GR_GID, NULL, &globex_dev},
	{INITGROUPS, "gina", NULL},
};

/* What a name (or id) nobody has answers: the bytes a hidden entry must
 * answer too. */
static void expect_not_found(uint32_t uid, const struct entry *e)
{
	int rc = probe(uid, e->p, e->name, e->id ? *e->id : 0);

	ck_assert_msg(rc == ACCT_ST_NOTFOUND, "uid %u: probe %d %s: %d",
		      (unsigned)uid, (int)e->p, e->name ? e->name : "(id)", rc);
	ck_assert_uint_eq(T.rep.len, 0); /* not even a MESSAGE */
	ck_assert_int_eq(probe(uid, e->p, "nosuch", 59999), ACCT_ST_NOTFOUND);
	ck_assert_uint_eq(T.rep.len, 0);
}

static void expect_found(uint32_t uid, const struct entry *e)
{
	int rc = probe(uid, e->p, e->name, e->id ? *e->id : 0);

	ck_assert_msg(rc == ACCT_ST_OK, "uid %u: probe %d %s: %d",
		      (unsigned)uid, (int)e->p, e->name ? e->name : "(id)", rc);
}

/* uid's lookups of acme's and globex's entries: found or not. */
static void expect_sees(uint32_t uid, bool acme, bool globex)
{
	for (size_t i = 0; i < N(acme_entries); i++) {
		if (acme)
			expect_found(uid, &acme_entries[i]);
		else
			expect_not_found(uid, &acme_entries[i]);
	}
	for (size_t i = 0; i < N(globex_entries); i++) {
		if (globex)
			expect_found(uid, &globex_entries[i]);
		else
			expect_not_found(uid, &globex_entries[i]);
	}
}

/*
 * Walk PW_ENUM or GR_ENUM as uid with limit to the end, checking every
 * batch (ascending ids, no repeat, within limit, MORE only with entries,
 * CURSOR moving on), and put each entry's id and its primary gid (passwd)
 * or its gid (group) in ids/gids.  Returns the number of entries.
 */
static int walk(uint32_t uid, uint16_t op, uint32_t limit, uint32_t *ids,
		uint32_t *gids, int max)
{
	uint16_t rec = op == ACCT_OP_PW_ENUM ? ACCT_T_PASSWD : ACCT_T_GROUP;
	uint32_t cursor = 0, prev = 0, more;
	int total = 0, batches = 0;

	do {
		int n;

		if (batches == 0)
			dt_call(&T, uid, op, DT_U(ACCT_T_LIMIT, limit), DT_END);
		else
			dt_call(&T, uid, op, DT_U(ACCT_T_CURSOR, cursor),
				DT_U(ACCT_T_LIMIT, limit), DT_END);
		ck_assert_int_eq(T.status, ACCT_ST_OK);
		n = dt_count(T.rep.data, T.rep.len, rec);
		ck_assert_int_le(n, limit ? (int)limit : (int)ACCT_ENUM_BATCH);
		for (int i = 0; i < n; i++) {
			struct acct_field f =
				dt_field(T.rep.data, T.rep.len, rec, i);
			uint32_t id = dt_u32(f.val, f.len,
					     rec == ACCT_T_PASSWD ? ACCT_T_UID
								  : ACCT_T_GID);

			ck_assert_uint_gt(id, prev);
			prev = id;
			ck_assert_int_lt(total, max);
			ids[total] = id;
			gids[total] = dt_u32(f.val, f.len, ACCT_T_GID);
			total++;
		}
		more = dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE);
		if (more) {
			/* a client takes MORE without entries for a broken
			 * walk, and a cursor that does not move would loop */
			ck_assert_int_gt(n, 0);
			ck_assert_uint_gt(
				dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR),
				batches > 0 ? cursor : 0);
		}
		cursor = dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR);
		ck_assert_int_lt(++batches, 100000);
	} while (more);
	return total;
}

static int count_users(uint32_t uid)
{
	static uint32_t ids[8192], gids[8192];

	return walk(uid, ACCT_OP_PW_ENUM, 0, ids, gids, (int)N(ids));
}

static int count_groups(uint32_t uid)
{
	static uint32_t ids[8192], gids[8192];

	return walk(uid, ACCT_OP_GR_ENUM, 0, ids, gids, (int)N(ids));
}

START_TEST(test_users_see_their_own_tenant)
{
	expect_sees(ann, true, false);
	expect_sees(mia, true, false);
	expect_sees(gus, false, true);
	expect_sees(gina, false, true);
	/* enumeration too: two users and three groups each */
	ck_assert_int_eq(count_users(ann), 2);
	ck_assert_int_eq(count_groups(ann), 3);
	ck_assert_int_eq(count_users(gina), 2);
	ck_assert_int_eq(count_groups(gina), 3);
	/* a visible group's members and a user's groups are whole */
	ck_assert_int_eq(probe(ann, INITGROUPS, "mia", 0), ACCT_ST_OK);
	ck_assert(dt_reply_has_gid(&T, acme_gid));
	ck_assert(dt_reply_has_gid(&T, acme_dev));
	ck_assert_int_eq(probe(mia, GR_NAME, "acme", 0), ACCT_ST_OK);
	{
		struct acct_field g =
			dt_field(T.rep.data, T.rep.len, ACCT_T_GROUP, 0);

		ck_assert_int_eq(dt_count(g.val, g.len, ACCT_T_MEMBER), 2);
		ck_assert(dt_has_member(&g, "ann"));
	}
	/* a bad request is still one, under either view */
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_PW_BYUID, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, STRANGER, ACCT_OP_PW_BYUID, DT_END),
			 ACCT_ST_BADREQ);
}
END_TEST

START_TEST(test_the_platform_and_the_system_see_everything)
{
	expect_sees(0, true, true);
	ck_assert_int_eq(count_users(0), 4);
	ck_assert_int_eq(count_groups(0), 6);
	expect_sees(SYSTEM_UID, true, true);
	ck_assert_int_eq(count_users(SYSTEM_UID), 4);
	/* the operator and support groups, with a uid in the directory's
	 * range that would otherwise see nothing */
	T.platform = AD_PLATFORM_OPERATOR;
	expect_sees(STRANGER, true, true);
	ck_assert_int_eq(count_groups(STRANGER), 6);
	T.platform = AD_PLATFORM_SUPPORT;
	expect_sees(STRANGER, true, true);
	ck_assert_int_eq(count_users(STRANGER), 4);
}
END_TEST

START_TEST(test_unknown_uids_see_nothing)
{
	expect_sees(STRANGER, false, false);
	ck_assert_int_eq(count_users(STRANGER), 0);
	ck_assert_int_eq(count_groups(STRANGER), 0);
	dt_call(&T, STRANGER, ACCT_OP_PW_ENUM, DT_U(ACCT_T_CURSOR, 12345),
		DT_END);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 0);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR), 12345);

	/* a deleted user's leftover processes: nothing, its tenant neither */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "mia"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(probe(mia, PW_NAME, "ann", 0), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(count_users(mia), 0);
	/* a deprovisioned tenant's users: nothing either */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_STATUS_REASON, "closed"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "globex"), DT_END),
			 ACCT_ST_OK);
	expect_sees(gus, false, false);
	ck_assert_int_eq(count_groups(gus), 0);
	/* and the one left sees its own */
	ck_assert_int_eq(count_users(ann), 1);
}
END_TEST

START_TEST(test_suspended_and_disabled_see_their_own)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "gina"),
				 DT_S(ACCT_T_STATUS_REASON, "left"), DT_END),
			 ACCT_ST_OK);
	expect_sees(ann, true, false);
	expect_sees(gina, false, true);
}
END_TEST

/* The setting is read per request: a reload (which rewrites the live
 * configuration) applies from the next lookup on, both ways. */
START_TEST(test_setting_applies_at_once)
{
	T.cfg.lookup_visibility = AD_VISIBILITY_ALL;
	expect_sees(ann, true, true);
	expect_sees(STRANGER, true, true);
	ck_assert_int_eq(count_users(gina), 4);
	T.cfg.lookup_visibility = AD_VISIBILITY_TENANT;
	expect_sees(ann, true, false);
	ck_assert_int_eq(count_users(gina), 2);
	T.cfg.lookup_visibility = AD_VISIBILITY_ALL;
	ck_assert_int_eq(count_groups(gina), 6);
}
END_TEST

/* A directory user whose uid is below uid_min (the range moved after it
 * was made) is still its tenant's, not a system uid. */
START_TEST(test_user_below_uid_min)
{
	T.cfg.uid_min = T.cfg.uid_max = 60000;
	ck_assert_uint_lt(ann, T.cfg.uid_min);
	expect_sees(ann, true, false);
	expect_sees(SYSTEM_UID, true, true);
}
END_TEST

/* Lookups are never refused, so never audited, whatever they hide. */
START_TEST(test_hidden_is_not_audited)
{
	struct dt_audit_list before, after;

	dt_audit_read(&T, &before);
	expect_sees(ann, true, false);
	expect_sees(STRANGER, false, false);
	count_users(gina);
	dt_audit_read(&T, &after);
	ck_assert_uint_eq(after.n, before.n);
}
END_TEST

/* ---- enumeration with hidden entries interleaved ---- */

/* n users of each of the tenants, created in turn (one of each, then the
 * next...) so that their uids interleave; logins <tenant><tag><i>. */
static void import_interleaved(const char *const *tenants, int nt,
			       const char *tag, int n)
{
	char login[32];
	int done = 0;

	while (done < n) {
		int batch = 0;

		acct_buf_reset(&T.req);
		for (; done < n && batch < 900; done++) {
			for (int t = 0; t < nt; t++, batch++) {
				size_t m = acct_begin(&T.req, ACCT_T_USER);

				snprintf(login, sizeof(login), "%s%s%d",
					 tenants[t], tag, done);
				acct_put_str(&T.req, ACCT_T_NAME, login);
				acct_put_str(&T.req, ACCT_T_TENANT, tenants[t]);
				acct_end(&T.req, m);
			}
		}
		ck_assert_int_eq(dt_send(&T, 0, ACCT_OP_USER_IMPORT),
				 ACCT_ST_OK);
	}
}

/* uid of login */
static uint32_t uid_of(const char *login)
{
	ck_assert_int_eq(probe(0, PW_NAME, login, 0), ACCT_ST_OK);
	return dt_rec_u32(&T, ACCT_T_PASSWD, ACCT_T_UID);
}

/* What a tenant's user must walk: root's walk, kept to the users whose
 * primary gid is the tenant's. */
static int filtered(uint16_t op, uint32_t tenant_gid, uint32_t *want)
{
	static uint32_t ids[8192], gids[8192];
	int n = walk(0, op, 0, ids, gids, (int)N(ids)), k = 0;

	for (int i = 0; i < n; i++) {
		if (gids[i] == tenant_gid)
			want[k++] = ids[i];
	}
	return k;
}

START_TEST(test_enum_paging_interleaved)
{
	static const char *const tenants[] = {"acme", "beta", "globex"};
	static const uint32_t limits[] = {0, 1, 7, 999, 1000, 5000};
	static uint32_t want[8192], ids[8192], gids[8192];
	uint32_t beta_gid, beta_user;
	struct acct_field first;
	int nwant, n;

	/* a walk of one entry a request is thousands of requests */
	T.cfg.rate[AD_RATE_LOOKUP].burst = 1000000;
	dt_tenant(&T, "beta");
	beta_gid = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	import_interleaved(tenants, 3, "u", 1500);
	/* then a run of beta's alone, uids one after another */
	import_interleaved(&tenants[1], 1, "d", 1200);
	import_interleaved(tenants, 1, "d", 10);
	beta_user = uid_of("betau0");
	/* a hidden entry among the interleaved and inside the run, too */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "betau700"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "betad600"), DT_END),
			 ACCT_ST_OK);

	nwant = filtered(ACCT_OP_PW_ENUM, beta_gid, want);
	ck_assert_int_eq(nwant, 1499 + 1199);
	for (size_t l = 0; l < N(limits); l++) {
		n = walk(beta_user, ACCT_OP_PW_ENUM, limits[l], ids, gids,
			 (int)N(ids));
		ck_assert_int_eq(n, nwant);
		ck_assert_mem_eq(ids, want, sizeof(want[0]) * (size_t)n);
		for (int i = 0; i < n; i++)
			ck_assert_uint_eq(gids[i], beta_gid);
	}
	/* the other tenants see theirs, of the same size */
	ck_assert_int_eq(count_users(ann), 1512);
	ck_assert_int_eq(count_users(gus), 1502);
	/* a cursor anywhere goes on from there, never into another tenant */
	dt_call(&T, beta_user, ACCT_OP_PW_ENUM, DT_U(ACCT_T_CURSOR, want[100]),
		DT_U(ACCT_T_LIMIT, 3), DT_END);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD), 3);
	first = dt_field(T.rep.data, T.rep.len, ACCT_T_PASSWD, 0);
	ck_assert_uint_eq(dt_u32(first.val, first.len, ACCT_T_UID), want[101]);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_CURSOR),
			  want[103]);
	/* past the tenant's last user: nothing, and the end */
	dt_call(&T, beta_user, ACCT_OP_PW_ENUM,
		DT_U(ACCT_T_CURSOR, want[nwant - 1]), DT_END);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_PASSWD), 0);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE), 0);
}
END_TEST

START_TEST(test_group_paging_interleaved)
{
	static const uint32_t limits[] = {0, 1, 2, 7, 1000};
	static uint32_t ids[1024], gids[1024];
	uint32_t beta_user, want[64];
	char name[16];
	int nwant = 0, others = 0, n;

	dt_tenant(&T, "beta");
	want[nwant++] = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_GID);
	want[nwant++] = dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_ADMIN_GID);
	beta_user = dt_user(&T, "bea", "beta", ACCT_ROLE_MEMBER);
	/* runs of 0 to 3 other tenants' groups between beta's */
	for (int i = 0; i < 40; i++) {
		for (int k = 0; k < i % 4; k++, others++) {
			snprintf(name, sizeof(name), "o%dk%d", i, k);
			custom_group(k % 2 ? "acme" : "globex", name, NULL);
		}
		snprintf(name, sizeof(name), "g%d", i);
		want[nwant++] = custom_group("beta", name, NULL);
	}
	custom_group("acme", "last", NULL);
	others++;
	/* a hidden entry among beta's own: a deleted group (want[2 + 5]) */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_GROUP_DELETE,
				 DT_S(ACCT_T_NAME, "beta-g5"), DT_END),
			 ACCT_ST_OK);
	memmove(&want[7], &want[8], sizeof(want[0]) * (size_t)(nwant - 8));
	nwant--;

	for (size_t l = 0; l < N(limits); l++) {
		n = walk(beta_user, ACCT_OP_GR_ENUM, limits[l], ids, gids,
			 (int)N(ids));
		ck_assert_int_eq(n, nwant);
		ck_assert_mem_eq(ids, want, sizeof(want[0]) * (size_t)n);
	}
	/* root sees all of them: three tenants' two, the two dev groups of
	 * setup, beta's and the others */
	ck_assert_int_eq(count_groups(0), 3 * 2 + 2 + 39 + others);
}
END_TEST

static Suite *visibility_suite(void)
{
	Suite *s = suite_create("visibility");
	TCase *tc = tcase_create("policy");

	tcase_add_loop_test(tc, test_view_of_each_caller, 0,
			    (int)N(view_cases));
	tcase_add_test(tc, test_view_shows);
	suite_add_tcase(s, tc);

	tc = tcase_create("dispatch");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_users_see_their_own_tenant);
	tcase_add_test(tc, test_the_platform_and_the_system_see_everything);
	tcase_add_test(tc, test_unknown_uids_see_nothing);
	tcase_add_test(tc, test_suspended_and_disabled_see_their_own);
	tcase_add_test(tc, test_setting_applies_at_once);
	tcase_add_test(tc, test_user_below_uid_min);
	tcase_add_test(tc, test_hidden_is_not_audited);
	tcase_add_test(tc, test_enum_paging_interleaved);
	tcase_add_test(tc, test_group_paging_interleaved);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(visibility_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
