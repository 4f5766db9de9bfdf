/*
 * check_home_create.c - SESSION_OPEN with home_create = yes, through
 * ad_dispatch, on real directories: a missing home is made (home_mode,
 * the user's, the skeleton copied and given to the user, a FIFO
 * skipped) and audited; a home that exists is left alone and makes no
 * record; homes outside home_base, behind a symlink or under a
 * directory others may write are refused, audited, and the session still
 * opens.  Chowning needs root: as anyone else the test skips.
 */
#include <check.h>
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_testlib.h"
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
	uint32_t result = 0;
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
	/* behind a symlink planted under home_base */
	path_of(p, sizeof(p), homes, "link");
	ck_assert_int_eq(symlink(outside, p), 0);
	path_of(home, sizeof(home), homes, "link/dave");
	user("dave", home);
	open_session("dave");
	path_of(p, sizeof(p), outside, "dave");
	ck_assert_int_eq(lstat(p, &st), -1);
	ck_assert_uint_eq(home_records("dave", &result, msg, sizeof(msg)), 1);
	ck_assert_ptr_nonnull(strstr(msg, "symlink (not followed)"));
	/* under a directory others may write */
	path_of(p, sizeof(p), homes, "open");
	ck_assert_int_eq(mkdir(p, 0777), 0);
	ck_assert_int_eq(chmod(p, 0777), 0);
	path_of(home, sizeof(home), homes, "open/erin");
	user("erin", home);
	open_session("erin");
	ck_assert_int_eq(lstat(home, &st), -1);
	ck_assert_uint_eq(home_records("erin", &result, msg, sizeof(msg)), 1);
	ck_assert_ptr_nonnull(strstr(msg, "not root's alone"));
	/* a missing parent is made root's, 0755 */
	path_of(home, sizeof(home), homes, "new/frank");
	user("frank", home);
	open_session("frank");
	path_of(p, sizeof(p), homes, "new");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_uint_eq(st.st_uid, 0);
	ck_assert_int_eq(lstat(home, &st), 0);
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

static Suite *home_create_suite(void)
{
	Suite *s = suite_create("home_create");
	TCase *tc = tcase_create("home_create");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first_session_makes_the_home);
	tcase_add_test(tc, test_existing_home_left_alone);
	tcase_add_test(tc, test_refused_homes);
	tcase_add_test(tc, test_off_by_default);
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
