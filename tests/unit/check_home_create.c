/*
 * check_home_create.c - SESSION_OPEN with home_create = yes, through
 * ad_dispatch, on real directories: a missing home is made (home_mode,
 * the user's, the skeleton copied and given to the user, a FIFO
 * skipped) and audited; a home that exists is left alone and makes no
 * record; homes outside home_base, behind a symlink or under a
 * directory others may write are refused, audited, and the session still
 * opens.  The home is built under a temporary name and renamed into
 * place: two creations interleaved make one home and leave no
 * temporary (the loser finds the name taken); a temporary a "crash" left
 * is swept by the next creation, and nothing else that looks like one.
 * Chowning needs root: as anyone else the test skips.
 */
#include <check.h>
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_testlib.h"
#include "ops/home_make.h"
#include "ops/home_temp.h"
#include "procs/sessions.h"

static struct dt T;
static struct event_base *base;
static char homes[128], skel[128], outside[128];

static void path_of(char *buf, size_t size, const char *dir, const char *rel)
{
	ck_assert_int_lt(snprintf(buf, size, "%s/%s", dir, rel), (int)size);
}

static void write_file(const char *dir, const char *rel, mode_t mode)
{
	char p[256];

	path_of(p, sizeof(p), dir, rel);
	dt_write_file(p, "skeleton\n");
	ck_assert_int_eq(chmod(p, mode), 0);
}

static void setup(void)
{
	char p[256];

	dt_setup(&T);
	path_of(homes, sizeof(homes), T.dir, "homes");
	path_of(skel, sizeof(skel), T.dir, "skel");
	path_of(outside, sizeof(outside), T.dir, "outside");
	ck_assert_int_eq(mkdir(homes, 0755), 0);
	ck_assert_int_eq(mkdir(skel, 0755), 0);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	write_file(skel, ".profile", 0664);
	path_of(p, sizeof(p), skel, "fifo");
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	snprintf(T.cfg.home_base, sizeof(T.cfg.home_base), "%s", homes);
	snprintf(T.cfg.skel_dir, sizeof(T.cfg.skel_dir), "%s", skel);
	T.cfg.home_create = 1;
	T.cfg.home_mode = 0750;
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	dt_tenant(&T, "acme");
}

static void teardown(void)
{
	char cmd[512];

	ad_sessions_free(T.ctx.sessions);
	T.ctx.sessions = NULL;
	event_base_free(base);
	/* dt_teardown removes the store; the homes go with the rest */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s' '%s'", homes, skel,
		 outside);
	ck_assert_int_eq(system(cmd), 0);
	dt_teardown(&T);
}

/* A user of acme; home NULL: home_base/login. */
static uint32_t user(const char *login, const char *home)
{
	if (home == NULL)
		return dt_user(&T, login, "acme", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_CREATE,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_TENANT, "acme"),
				 DT_S(ACCT_T_HOME, home), DT_END),
			 ACCT_ST_OK);
	return dt_rec_u32(&T, ACCT_T_USER, ACCT_T_UID);
}

/* Root opens a session of login for this process: it must open. */
static void open_session(const char *login)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_SESSION_OPEN,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_SERVICE, "sshd"),
				 DT_U(ACCT_T_PID, (unsigned)getpid()), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION_ID), 1);
}

/* The home-create records of login: how many, and the last's result and
 * message. */
static unsigned home_records(const char *login, uint32_t *result, char *msg,
			     size_t size)
{
	static struct dt_audit_list l;
	unsigned n = 0;

	dt_audit_read(&T, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.rec[i].action, "home-create") != 0 ||
		    strcmp(l.rec[i].target, login) != 0)
			continue;
		n++;
		*result = l.rec[i].result;
		snprintf(msg, size, "%s", l.rec[i].message);
		ck_assert_str_eq(l.rec[i].tenant, "acme");
	}
	return n;
}

START_TEST(test_first_session_makes_the_home)
{
	char p[256], msg[256];
	uint32_t uid, result = 0;
	struct stat st;

	if (geteuid() != 0)
		return; /* chown needs root */
	uid = user("alice", NULL);
	open_session("alice");
	path_of(p, sizeof(p), homes, "alice");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	ck_assert_uint_eq(st.st_uid, uid);
	path_of(p, sizeof(p), homes, "alice/.profile");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644); /* less group write */
	ck_assert_uint_eq(st.st_uid, uid);
	path_of(p, sizeof(p), homes, "alice/fifo");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("alice", &result, msg, sizeof(msg)), 1);
	ck_assert_uint_eq(result, ACCT_ST_OK);
	ck_assert_ptr_nonnull(strstr(msg, homes));
	/* the next session finds it: nothing more */
	open_session("alice");
	ck_assert_uint_eq(home_records("alice", &result, msg, sizeof(msg)), 1);
}
END_TEST

START_TEST(test_existing_home_left_alone)
{
	char p[256], msg[256];
	uint32_t result = 0;
	struct stat st;

	if (geteuid() != 0)
		return;
	user("bob", NULL);
	path_of(p, sizeof(p), homes, "bob");
	ck_assert_int_eq(mkdir(p, 0711), 0); /* root's, as someone left it */
	open_session("bob");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0711);
	ck_assert_uint_eq(st.st_uid, 0);
	path_of(p, sizeof(p), homes, "bob/.profile");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("bob", &result, msg, sizeof(msg)), 0);
}
END_TEST

START_TEST(test_refused_homes)
{
	char home[256], p[256], msg[256];
	uint32_t result = 0, frank;
	struct stat st;

	if (geteuid() != 0)
		return;
	/* outside home_base */
	path_of(home, sizeof(home), outside, "carol");
	user("carol", home);
	open_session("carol");
	ck_assert_int_eq(lstat(home, &st), -1);
	ck_assert_uint_eq(home_records("carol", &result, msg, sizeof(msg)), 1);
	ck_assert_uint_eq(result, ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(msg, "not under home_base"));
	/* behind a symlink planted under home_base: not home_base/LOGIN */
	path_of(p, sizeof(p), homes, "link");
	ck_assert_int_eq(symlink(outside, p), 0);
	path_of(home, sizeof(home), homes, "link/dave");
	user("dave", home);
	open_session("dave");
	path_of(p, sizeof(p), outside, "dave");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("dave", &result, msg, sizeof(msg)), 1);
	ck_assert_uint_eq(result, ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(msg, "only a user's default home"));
	/* another user's future home (a tenant admin's --home): not made,
	 * and its owner's first session makes it theirs */
	path_of(home, sizeof(home), homes, "frank");
	user("erin", home);
	open_session("erin");
	ck_assert_int_eq(lstat(home, &st), -1);
	ck_assert_uint_eq(home_records("erin", &result, msg, sizeof(msg)), 1);
	ck_assert_ptr_nonnull(strstr(msg, "only a user's default home"));
	frank = user("frank", NULL);
	open_session("frank");
	ck_assert_int_eq(lstat(home, &st), 0);
	ck_assert_uint_eq(st.st_uid, frank);
	/* nor a directory above one: no parent is made */
	path_of(home, sizeof(home), homes, "new/gus");
	user("gus", home);
	open_session("gus");
	path_of(p, sizeof(p), homes, "new");
	ck_assert_int_eq(lstat(p, &st), -1);
	/* home_base others may write: nothing is made in it */
	ck_assert_int_eq(chmod(homes, 0777), 0);
	user("hal", NULL);
	open_session("hal");
	path_of(p, sizeof(p), homes, "hal");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("hal", &result, msg, sizeof(msg)), 1);
	ck_assert_ptr_nonnull(strstr(msg, "not root's alone"));
	ck_assert_int_eq(chmod(homes, 0755), 0);
}
END_TEST

START_TEST(test_off_by_default)
{
	char p[256], msg[256];
	uint32_t result = 0;
	struct stat st;

	T.cfg.home_create = 0;
	user("gina", NULL);
	open_session("gina");
	path_of(p, sizeof(p), homes, "gina");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("gina", &result, msg, sizeof(msg)), 0);
}
END_TEST

/* How many entries of dir have a name starting with prefix. */
static unsigned count_named(const char *dir, const char *prefix)
{
	struct dirent *e;
	unsigned n = 0;
	DIR *d = opendir(dir);

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* A complete home of uid at homes/login: home_mode, the skeleton's. */
static void assert_complete(const char *login, uint32_t uid)
{
	char p[256];
	struct stat st;

	path_of(p, sizeof(p), homes, login);
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	ck_assert_uint_eq(st.st_uid, uid);
	ck_assert_int_lt(snprintf(p, sizeof(p), "%s/%s/.profile", homes, login),
			 (int)sizeof(p));
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, uid);
}

static struct ad_home_spec spec_of(char *path, size_t size, const char *login,
				   uint32_t uid)
{
	path_of(path, size, homes, login);
	return (struct ad_home_spec){.base = homes,
				     .path = path,
				     .login = login,
				     .skel = skel,
				     .uid = uid,
				     .gid = uid,
				     .mode = 0750};
}

START_TEST(test_race_one_rename_wins)
{
	char path[256];
	struct ad_home_built a, b;
	struct ad_home_result ra, rb;
	struct ad_home_spec s;
	uint32_t uid;

	if (geteuid() != 0)
		return;
	uid = user("hank", NULL);
	s = spec_of(path, sizeof(path), "hank", uid);
	/* two first sessions at once: both find no home and build one; the
	 * second's sweep leaves the first's temporary (locked) alone */
	ck_assert_int_eq(ad_home_build(&s, &a, &ra), 0);
	ck_assert_int_eq(ad_home_build(&s, &b, &rb), 0);
	ck_assert_uint_eq(rb.swept, 0);
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX "hank."), 2);
	ck_assert_uint_eq(count_named(homes, "hank"), 0); /* not yet there */
	ad_home_place(&a, &ra);
	ck_assert_int_eq(ra.made, AD_HOME_CREATED);
	ck_assert_int_eq(a.fd, -1);
	assert_complete("hank", uid);
	/* the loser finds the name taken: its temporary goes, the home
	 * stays as the winner made it */
	ad_home_place(&b, &rb);
	ck_assert_int_eq(rb.made, AD_HOME_EXISTED);
	ck_assert_int_eq(b.fd, -1);
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 0);
	assert_complete("hank", uid);
	/* and a session now just finds it */
	open_session("hank");
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 0);
}
END_TEST

START_TEST(test_name_taken_before_the_rename)
{
	char path[256], p[256];
	struct ad_home_built b;
	struct ad_home_result r;
	struct ad_home_spec s;
	struct stat st;
	uint32_t uid;

	if (geteuid() != 0)
		return;
	uid = user("iris", NULL);
	s = spec_of(path, sizeof(path), "iris", uid);
	ck_assert_int_eq(ad_home_build(&s, &b, &r), 0);
	/* someone else's symlink takes the name meanwhile: not replaced,
	 * not followed */
	ck_assert_int_eq(symlink(outside, path), 0);
	ad_home_place(&b, &r);
	ck_assert_int_eq(r.made, AD_HOME_EXISTED);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	path_of(p, sizeof(p), outside, ".profile");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 0);
	/* a home already there: nothing is built at all */
	ck_assert_int_eq(ad_home_build(&s, &b, &r), -1);
	ck_assert_int_eq(r.made, AD_HOME_EXISTED);
	ck_assert_int_eq(b.fd, -1);
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 0);
}
END_TEST

/* homes/name made as a half-filled temporary: root's 0700, a file of
 * uid's and a subdirectory of root's with a file in it. */
static void half_filled(const char *name, uint32_t uid)
{
	char d[256], p[256];

	path_of(d, sizeof(d), homes, name);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	path_of(p, sizeof(p), d, ".profile");
	dt_write_file(p, "half\n");
	ck_assert_int_eq(chown(p, uid, uid), 0);
	path_of(p, sizeof(p), d, "sub");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	path_of(p, sizeof(p), d, "sub/file");
	dt_write_file(p, "half\n");
}

START_TEST(test_stale_temporary_swept)
{
	char p[256], q[256], msg[256];
	uint32_t uid, other, result = 0;
	struct stat st;
	int held;

	if (geteuid() != 0)
		return;
	uid = user("jack", NULL);
	other = user("kate", NULL);
	/* what a daemon killed mid-copy left */
	half_filled(AD_HOME_TEMP_PREFIX "jack.0123456789abcdef", uid);
	half_filled(AD_HOME_TEMP_PREFIX "jack.fedcba9876543210", uid);
	/* look-alikes that must stay: still locked (being filled), a
	 * symlink, not root's, not 0700, not our naming, not jack's */
	half_filled(AD_HOME_TEMP_PREFIX "jack.00000000000000aa", uid);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000aa");
	held = open(p, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(held, 0);
	ck_assert_int_eq(flock(held, LOCK_EX | LOCK_NB), 0);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000bb");
	ck_assert_int_eq(symlink(outside, p), 0);
	path_of(q, sizeof(q), outside, "keep");
	dt_write_file(q, "keep\n");
	half_filled(AD_HOME_TEMP_PREFIX "jack.00000000000000cc", uid);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000cc");
	ck_assert_int_eq(chown(p, other, other), 0);
	half_filled(AD_HOME_TEMP_PREFIX "jack.00000000000000dd", uid);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000dd");
	ck_assert_int_eq(chmod(p, 0755), 0);
	half_filled(AD_HOME_TEMP_PREFIX "jack.0123", uid);
	half_filled(AD_HOME_TEMP_PREFIX "kate.0123456789abcdef", other);

	open_session("jack");
	assert_complete("jack", uid);
	ck_assert_uint_eq(home_records("jack", &result, msg, sizeof(msg)), 1);
	ck_assert_uint_eq(result, ACCT_ST_OK);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.0123456789abcdef");
	ck_assert_int_eq(lstat(p, &st), -1);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.fedcba9876543210");
	ck_assert_int_eq(lstat(p, &st), -1);
	/* the six look-alikes, each with what was in it */
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 6);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000aa/sub/file");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_int_eq(lstat(q, &st), 0);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000cc/sub/file");
	ck_assert_int_eq(lstat(p, &st), 0);
	path_of(p, sizeof(p), homes,
		AD_HOME_TEMP_PREFIX "jack.00000000000000dd/sub/file");
	ck_assert_int_eq(lstat(p, &st), 0);
	close(held);
}
END_TEST

START_TEST(test_crash_then_session_gives_a_home)
{
	uint32_t uid;

	if (geteuid() != 0)
		return;
	uid = user("liam", NULL);
	half_filled(AD_HOME_TEMP_PREFIX "liam.0123456789abcdef", uid);
	open_session("liam");
	assert_complete("liam", uid);
	ck_assert_uint_eq(count_named(homes, AD_HOME_TEMP_PREFIX), 0);
}
END_TEST

static Suite *home_create_suite(void)
{
	Suite *s = suite_create("home_create");
	TCase *tc = tcase_create("home_create");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first_session_makes_the_home);
	tcase_add_test(tc, test_existing_home_left_alone);
	tcase_add_test(tc, test_refused_homes);
	tcase_add_test(tc, test_off_by_default);
	tcase_add_test(tc, test_race_one_rename_wins);
	tcase_add_test(tc, test_name_taken_before_the_rename);
	tcase_add_test(tc, test_stale_temporary_swept);
	tcase_add_test(tc, test_crash_then_session_gives_a_home);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(home_create_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
