/*
 * check_data.c - backup and the id mark (issue 10) through ad_dispatch on
 * a temporary store: BACKUP with the file the server hands over (as
 * server.c does: ctx.fd_passed), each refusal (no file, not empty, not
 * private, read-only, not root) and its audit record; the state
 * directory's "ids" mark as a floor of allocation that survives the
 * data; USER_IMPORT with SKIP_EXISTING.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "daemon_testlib.h"
#include "ops/refusal.h"
#include "policy/access.h"
#include "store/store.h"

#define NOBODY 65534u
#define OPERATOR 4801u

static struct dt T;
static uint32_t alice;
static char path[128];

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	dt_setup(&T);
	dt_tenant(&T, "acme");
	alice = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	snprintf(path, sizeof(path), "%s/copy", T.dir);
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* A file as accountsctl makes it (or spoiled as the test says). */
static int target(int flags, mode_t mode, const char *content)
{
	int fd;

	unlink(path);
	fd = open(path, O_CREAT | O_EXCL | O_CLOEXEC | flags, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	if (content != NULL) {
		int wfd = open(path, O_WRONLY | O_CLOEXEC);

		ck_assert_int_eq(write(wfd, content, strlen(content)),
				 (ssize_t)strlen(content));
		close(wfd);
	}
	return fd;
}

/* BACKUP as uid with fd handed over, as the server does. */
static int backup(uid_t uid, int fd)
{
	int rc;

	T.ctx.fd_passed = fd >= 0;
	T.ctx.passed_fd = fd;
	rc = dt_call(&T, uid, ACCT_OP_BACKUP, DT_END);
	/* what the handler did not keep, the server closes */
	fd = ad_ctx_take_fd(&T.ctx);
	if (fd >= 0)
		close(fd);
	return rc;
}

static bool closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0 && errno == EBADF;
}

START_TEST(test_backup_root)
{
	struct dt_audit_list l;
	struct stat sb;
	int fd = target(O_WRONLY, 0600, NULL);

	ck_assert_int_eq(backup(0, fd), ACCT_ST_OK);
	ck_assert(closed(fd));
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_gt(sb.st_size, 0);
	ck_assert_uint_eq(dt_u64(T.rep.data, T.rep.len, ACCT_T_BACKUP_SIZE),
			  (uint64_t)sb.st_size);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_SCHEMA),
			  AD_SCHEMA_VERSION);
	ck_assert_uint_gt(dt_u64(T.rep.data, T.rep.len, ACCT_T_TIME), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	dt_audit_read(&T, &l);
	ck_assert_str_eq(l.rec[l.n - 1].action, "backup");
	ck_assert_str_eq(l.rec[l.n - 1].actor, "root");
	ck_assert_ptr_nonnull(strstr(l.rec[l.n - 1].message, "bytes"));
}
END_TEST

START_TEST(test_backup_bad_files)
{
	static const struct {
		int flags;
		mode_t mode;
		const char *content, *why;
	} bad[] = {
		{O_WRONLY, 0600, "x", "not empty"},
		{O_WRONLY, 0644, NULL, "readable by others"},
		{O_RDONLY, 0600, NULL, "not open for writing"},
	};
	int fd;

	ck_assert_int_eq(backup(0, -1), ACCT_ST_BADREQ);
	ck_assert_ptr_nonnull(strstr(T.msg, "no file came"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fd = target(bad[i].flags, bad[i].mode, bad[i].content);
		ck_assert_int_eq(backup(0, fd), ACCT_ST_BADREQ);
		ck_assert_msg(strstr(T.msg, bad[i].why) != NULL, "%s", T.msg);
		ck_assert(closed(fd));
	}
	/* a directory */
	fd = open(T.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(backup(0, fd), ACCT_ST_BADREQ);
	ck_assert_ptr_nonnull(strstr(T.msg, "not a regular file"));
}
END_TEST

START_TEST(test_backup_not_root)
{
	struct dt_audit_list l;
	size_t before;
	int fd;

	dt_audit_read(&T, &l);
	before = l.n;
	fd = target(O_WRONLY, 0600, NULL);
	ck_assert_int_eq(backup(alice, fd), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: backup: only root may do "
				"this: it holds every password hash");
	T.platform = AD_PLATFORM_OPERATOR;
	ck_assert_int_eq(backup(OPERATOR, fd), ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: backup: only root may do "
				"this: it holds every password hash");
	T.platform = 0;
	ck_assert_int_eq(backup(NOBODY, fd), ACCT_ST_DENIED);
	ck_assert(closed(fd));
	ck_assert_int_eq(access(path, F_OK), 0);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0); /* nothing written */
	ad_refusals_flush(&T.ctx, true);
	dt_audit_read(&T, &l);
	ck_assert_uint_gt(l.n, before);
	ck_assert_str_eq(l.rec[l.n - 1].action, "backup");
}
END_TEST

/* The mark in the state directory is a floor that the data cannot lower,
 * and an allocation raises it before it commits. */
START_TEST(test_id_mark)
{
	char ids[160], buf[512];
	uint32_t uid;
	FILE *f;
	size_t n;

	snprintf(ids, sizeof(ids), "%s/ids", T.dir);
	dt_write_file(ids, "# test\nnext_uid 20000\nnext_gid 30000\n");
	dt_reopen(&T);
	uid = dt_user(&T, "bob", "acme", 0);
	ck_assert_uint_eq(uid, 20000);
	f = fopen(ids, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "next_uid 20001\n"));
	/* deleted: its uid is not handed out again, not even after the
	 * data's own counter is gone (the mark alone remembers it) */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_user(&T, "carol", "acme", 0), 20001);
}
END_TEST

START_TEST(test_id_mark_corrupt)
{
	struct ad_store *st = NULL;
	char ids[160], err[512];

	snprintf(ids, sizeof(ids), "%s/ids", T.dir);
	ad_store_close(T.st);
	T.st = NULL;
	dt_write_file(ids, "next_uid lots\n");
	ck_assert_int_eq(ad_store_open(&st, T.dir, 0, &T.cfg, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "/ids:1: not a") != NULL, "%s", err);
	dt_write_file(ids, "next_uid 5\nnext_gid 5\n");
	dt_reopen(&T);
}
END_TEST

START_TEST(test_import_skip_existing)
{
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "alice"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "dora"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_END),
		ACCT_ST_EXISTS);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 1);
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_IMPORT, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "alice"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_BEGIN(ACCT_T_USER),
			DT_S(ACCT_T_NAME, "dora"), DT_S(ACCT_T_TENANT, "acme"),
			DT_ENDREC, DT_U(ACCT_T_SKIP_EXISTING, 1), DT_END),
		ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS), 1);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_SKIPPED),
			  1);
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_USERS), 2);
}
END_TEST

/* EXPORT and IMPORT: root only, and only with a file. */
START_TEST(test_export_import_refusals)
{
	int fd;

	fd = target(O_RDWR, 0600, NULL);
	T.platform = AD_PLATFORM_OPERATOR;
	T.ctx.fd_passed = true;
	T.ctx.passed_fd = fd;
	ck_assert_int_eq(dt_call(&T, OPERATOR, ACCT_OP_EXPORT, DT_END),
			 ACCT_ST_DENIED);
	ck_assert_ptr_nonnull(strstr(T.msg, "only root may do this"));
	T.ctx.fd_passed = true;
	T.ctx.passed_fd = fd;
	ck_assert_int_eq(dt_call(&T, alice, ACCT_OP_IMPORT, DT_END),
			 ACCT_ST_DENIED);
	T.platform = 0;
	ck_assert_int_eq(ad_ctx_take_fd(&T.ctx), fd);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_EXPORT, DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_IMPORT, DT_END),
			 ACCT_ST_BADREQ);
	/* an export into the file: tenant, user, groups */
	T.ctx.fd_passed = true;
	T.ctx.passed_fd = fd;
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_EXPORT, DT_END), ACCT_ST_OK);
	ck_assert(closed(fd));
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_TENANTS),
			  1);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_COUNT_USERS), 1);
	/* importing it back into the same store: the tenant exists */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	T.ctx.fd_passed = true;
	T.ctx.passed_fd = fd;
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_IMPORT, DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_ptr_nonnull(strstr(T.msg, "tenant 'acme' already exists"));
	ck_assert(closed(fd));
	ck_assert_uint_eq(dt_count_of(&T, ACCT_T_COUNT_TENANTS), 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("data");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_backup_root);
	tcase_add_test(tc, test_backup_bad_files);
	tcase_add_test(tc, test_backup_not_root);
	tcase_add_test(tc, test_id_mark);
	tcase_add_test(tc, test_id_mark_corrupt);
	tcase_add_test(tc, test_import_skip_existing);
	tcase_add_test(tc, test_export_import_refusals);
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
