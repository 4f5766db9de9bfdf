/*
 * check_home.c - USER_DELETE with REMOVE_HOME through ad_dispatch, on
 * real directories in a temporary home root: what the user owns goes,
 * and nothing else: not what a symlink points to, not another's file,
 * not a home outside the root, reached through a symlink, owned by
 * someone else or the root itself.  Chowning needs root; as anyone else
 * the removals are skipped and the refusals still run.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_testlib.h"

#define STRANGER 4242 /* a uid nobody in the directory has */

static struct dt T;
static char base[128];	  /* the home root (home_base) */
static char outside[128]; /* beside it: must survive everything */

static void path_of(char *buf, size_t size, const char *dir, const char *rel)
{
	ck_assert_int_lt(snprintf(buf, size, "%s/%s", dir, rel), (int)size);
}

static void make_dir(const char *dir, const char *rel, uid_t owner)
{
	char p[256];

	path_of(p, sizeof(p), dir, rel);
	ck_assert_msg(mkdir(p, 0755) == 0, "mkdir %s: %s", p, strerror(errno));
	if (geteuid() == 0)
		ck_assert_int_eq(lchown(p, owner, owner), 0);
}

static void make_file(const char *dir, const char *rel, uid_t owner)
{
	char p[256];

	path_of(p, sizeof(p), dir, rel);
	dt_write_file(p, "data\n");
	if (geteuid() == 0)
		ck_assert_int_eq(lchown(p, owner, owner), 0);
}

static void make_link(const char *dir, const char *rel, const char *to,
		      uid_t owner)
{
	char p[256];

	path_of(p, sizeof(p), dir, rel);
	ck_assert_int_eq(symlink(to, p), 0);
	if (geteuid() == 0)
		ck_assert_int_eq(lchown(p, owner, owner), 0);
}

static bool exists(const char *dir, const char *rel)
{
	struct stat st;
	char p[256];

	path_of(p, sizeof(p), dir, rel);
	return lstat(p, &st) == 0;
}

static void setup(void)
{
	dt_setup(&T);
	path_of(base, sizeof(base), T.dir, "home");
	path_of(outside, sizeof(outside), T.dir, "outside");
	ck_assert_int_eq(mkdir(base, 0755), 0);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	make_file(outside, "secret", 0);
	make_dir(outside, "data", 0);
	make_file(outside, "data/keep", 0);
	snprintf(T.cfg.home_base, sizeof(T.cfg.home_base), "%s", base);
	dt_tenant(&T, "acme");
	dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* Delete login with REMOVE_HOME as root; the reply's USER rec. */
static struct acct_field delete_home(const char *login)
{
	dt_call(&T, 0, ACCT_OP_USER_DELETE, DT_S(ACCT_T_NAME, login),
		DT_U(ACCT_T_REMOVE_HOME, 1), DT_END);
	ck_assert_msg(T.status == ACCT_ST_OK, "%s: %d %s", login, T.status,
		      T.msg);
	return dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
}

/* The delete happened; the home is what it says, with this detail. */
static void assert_home(struct acct_field u, uint32_t removal,
			const char *detail)
{
	ck_assert_uint_eq(dt_u32(u.val, u.len, ACCT_T_STATUS),
			  ACCT_USER_DELETED);
	ck_assert_uint_eq(dt_u32(u.val, u.len, ACCT_T_HOME_REMOVAL), removal);
	if (detail == NULL)
		ck_assert_int_eq(dt_count(u.val, u.len, ACCT_T_HOME_DETAIL), 0);
	else
		ck_assert_msg(strstr(dt_str(u.val, u.len, ACCT_T_HOME_DETAIL),
				     detail) != NULL,
			      "detail: %s",
			      dt_str(u.val, u.len, ACCT_T_HOME_DETAIL));
}

static void assert_outside_intact(void)
{
	ck_assert(exists(outside, "secret"));
	ck_assert(exists(outside, "data/keep"));
}

static const char *last_message(void)
{
	static struct dt_audit_list l;

	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 1].action, "user-delete");
	return l.rec[l.n - 1].message;
}

/* Set login's home to dir/rel. */
static void home_at(const char *login, const char *dir, const char *rel)
{
	char home[256];

	path_of(home, sizeof(home), dir, rel);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_HOME, home), DT_END),
			 ACCT_ST_OK);
}

START_TEST(test_removes_what_the_user_owns)
{
	uint32_t bob;
	char want[256];

	if (geteuid() != 0) {
		fprintf(stderr, "%s: not root, skipped\n", __func__);
		return;
	}
	bob = dt_user(&T, "bob", "acme", 0);
	make_dir(base, "bob", bob);
	make_file(base, "bob/.profile", bob);
	make_dir(base, "bob/src", bob);
	make_dir(base, "bob/src/deep", bob);
	make_file(base, "bob/src/deep/main.c", bob);
	/* links that lead out: they go, what they point to stays */
	make_link(base, "bob/secret", "../../outside/secret", bob);
	make_link(base, "bob/src/data", "../../../outside/data", bob);
	/* another's file, in a directory of bob's */
	make_dir(base, "bob/shared", bob);
	make_file(base, "bob/shared/theirs", STRANGER);
	make_file(base, "bob/shared/mine", bob);

	assert_home(delete_home("bob"), ACCT_HOME_PARTIAL,
		    "1 left in place (not owned by uid");
	ck_assert(!exists(base, "bob/.profile"));
	ck_assert(!exists(base, "bob/src"));
	ck_assert(!exists(base, "bob/secret"));
	ck_assert(!exists(base, "bob/shared/mine"));
	ck_assert(exists(base, "bob/shared/theirs"));
	assert_outside_intact();
	snprintf(want, sizeof(want), "home %s/bob to be removed", base);
	ck_assert_str_eq(last_message(), want);
	ck_assert(exists(base, "."));
}
END_TEST

START_TEST(test_removes_a_whole_home)
{
	uint32_t cat, dan;

	if (geteuid() != 0) {
		fprintf(stderr, "%s: not root, skipped\n", __func__);
		return;
	}
	cat = dt_user(&T, "cat", "acme", 0);
	make_dir(base, "cat", cat);
	make_dir(base, "cat/a", cat);
	make_dir(base, "cat/a/b", cat);
	make_file(base, "cat/a/b/c", cat);
	make_link(base, "cat/home", base, cat);
	assert_home(delete_home("cat"), ACCT_HOME_REMOVED, NULL);
	ck_assert(!exists(base, "cat"));
	/* the link to the home root took nothing with it */
	ck_assert(exists(base, "."));
	assert_outside_intact();
	/* a home nested deeper is found the same way */
	dan = dt_user(&T, "dan", "acme", 0);
	make_dir(base, "acme", 0);
	make_dir(base, "acme/dan", dan);
	home_at("dan", base, "acme/dan");
	assert_home(delete_home("dan"), ACCT_HOME_REMOVED, NULL);
	ck_assert(!exists(base, "acme/dan"));
	ck_assert(exists(base, "acme"));
}
END_TEST

/* Homes that fail a check stay whole; the delete happens all the same. */
START_TEST(test_homes_left_alone)
{
	uint32_t uid;
	char want[256];

	/* outside the root */
	uid = dt_user(&T, "eve", "acme", 0);
	make_dir(outside, "eve", uid);
	make_file(outside, "eve/f", uid);
	home_at("eve", outside, "eve");
	assert_home(delete_home("eve"), ACCT_HOME_KEPT,
		    "is not under home_base");
	ck_assert(exists(outside, "eve/f"));
	/* a symlink where the home should be, to a directory of its own */
	uid = dt_user(&T, "fay", "acme", 0);
	make_dir(outside, "fay", uid);
	make_file(outside, "fay/f", uid);
	make_link(base, "fay", "../outside/fay", uid);
	assert_home(delete_home("fay"), ACCT_HOME_KEPT,
		    "'fay' is a symlink (not followed)");
	ck_assert(exists(outside, "fay/f"));
	ck_assert(exists(base, "fay"));
	/* a symlink on the way */
	uid = dt_user(&T, "gil", "acme", 0);
	make_dir(outside, "gil", uid);
	make_file(outside, "gil/f", uid);
	make_link(base, "via", "../outside", 0);
	home_at("gil", base, "via/gil");
	assert_home(delete_home("gil"), ACCT_HOME_KEPT,
		    "'via' is a symlink (not followed)");
	ck_assert(exists(outside, "gil/f"));
	/* a way round: ".." */
	uid = dt_user(&T, "hal", "acme", 0);
	make_dir(outside, "hal", uid);
	home_at("hal", base, "../outside/hal");
	assert_home(delete_home("hal"), ACCT_HOME_KEPT,
		    "is not a plain path below home_base");
	ck_assert(exists(outside, "hal"));
	/* owned by someone else */
	dt_user(&T, "ivy", "acme", 0);
	make_dir(base, "ivy", STRANGER);
	make_file(base, "ivy/f", STRANGER);
	assert_home(delete_home("ivy"), ACCT_HOME_KEPT, "is owned by uid ");
	ck_assert(exists(base, "ivy/f"));
	snprintf(want, sizeof(want), "home kept: home %s/ivy is owned by uid",
		 base);
	ck_assert_msg(strncmp(last_message(), want, strlen(want)) == 0, "%s",
		      last_message());
	/* the root itself */
	dt_user(&T, "joe", "acme", 0);
	home_at("joe", base, "");
	assert_home(delete_home("joe"), ACCT_HOME_KEPT, "is home_base itself");
	ck_assert(exists(base, "ivy/f"));
	/* a file, or nothing at all */
	uid = dt_user(&T, "kim", "acme", 0);
	make_file(base, "kim", uid);
	assert_home(delete_home("kim"), ACCT_HOME_KEPT,
		    "'kim' is not a directory");
	ck_assert(exists(base, "kim"));
	dt_user(&T, "lou", "acme", 0);
	assert_home(delete_home("lou"), ACCT_HOME_KEPT, "'lou' does not exist");
	assert_outside_intact();
}
END_TEST

/* A delete refused takes no home with it; a delete without the flag
 * says nothing of homes. */
START_TEST(test_no_delete_no_removal)
{
	uint32_t ann, mo;
	struct acct_field f;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "ann"), DT_END),
			 ACCT_ST_OK);
	ann = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
	make_dir(base, "ann", ann);
	make_file(base, "ann/f", ann);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "ann"),
				 DT_U(ACCT_T_REMOVE_HOME, 1), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "'ann' is the last active owner of tenant "
				"'acme'");
	ck_assert(exists(base, "ann/f"));
	ck_assert_str_eq(last_message(),
			 "'ann' is the last active owner of tenant 'acme'");
	/* nor for a user deleted already */
	mo = dt_user(&T, "mo", "acme", 0);
	make_dir(base, "mo", mo);
	make_file(base, "mo/f", mo);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "mo"), DT_END),
			 ACCT_ST_OK);
	f = dt_field(T.rep.data, T.rep.len, ACCT_T_USER, 0);
	ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_HOME_REMOVAL), 0);
	ck_assert(exists(base, "mo/f"));
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "mo"),
				 DT_U(ACCT_T_REMOVE_HOME, 1), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert(exists(base, "mo/f"));
	/* a flag that is not a u32 */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "ann"),
				 DT_S(ACCT_T_REMOVE_HOME, "yes"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert(exists(base, "ann/f"));
}
END_TEST

/* A tenant's admin may remove the homes of its own users, within the
 * same rules. */
START_TEST(test_tenant_admin)
{
	uint32_t adam = dt_user(&T, "adam", "acme", ACCT_ROLE_ADMIN), nia;

	if (geteuid() != 0) {
		fprintf(stderr, "%s: not root, skipped\n", __func__);
		return;
	}
	nia = dt_user(&T, "nia", "acme", 0);
	make_dir(base, "nia", nia);
	make_file(base, "nia/f", nia);
	ck_assert_int_eq(dt_call(&T, adam, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "nia"),
				 DT_U(ACCT_T_REMOVE_HOME, 1), DT_END),
			 ACCT_ST_OK);
	ck_assert(!exists(base, "nia"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("home");
	TCase *tc = tcase_create("remove_home");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_removes_what_the_user_owns);
	tcase_add_test(tc, test_removes_a_whole_home);
	tcase_add_test(tc, test_homes_left_alone);
	tcase_add_test(tc, test_no_delete_no_removal);
	tcase_add_test(tc, test_tenant_admin);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
