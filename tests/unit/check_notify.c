/*
 * check_notify.c - the sd_notify datagram protocol (server/notify.h)
 * against real AF_UNIX datagram sockets: a path and an abstract name,
 * each message as the manager receives it, and the values refused.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "server/notify.h"

static char tmpdir[] = "/tmp/check_notify.XXXXXX";

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char path[200];

	snprintf(path, sizeof(path), "%s/notify", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_notify.XXXXXX");
}

/* A manager's socket bound at name (a leading '@': abstract). */
static int manager(const char *name)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		len++;
	ck_assert_int_eq(
		bind(fd, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)),
		0);
	return fd;
}

/* The next datagram on fd, as a string (waits at most a second). */
static void receive(int fd, char *buf, size_t size)
{
	struct timeval tv = {.tv_sec = 1, .tv_usec = 0};
	ssize_t n;

	ck_assert_int_eq(
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	n = recv(fd, buf, size - 1, 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
}

START_TEST(test_path)
{
	struct ad_notify n;
	char path[200], err[200] = "", got[512];
	int fd;

	snprintf(path, sizeof(path), "%s/notify", tmpdir);
	fd = manager(path);
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), 0);
	ck_assert_uint_gt(n.len, 0);

	ck_assert_int_eq(ad_notify_ready(&n, "serving on /run/x"), 0);
	receive(fd, got, sizeof(got));
	ck_assert_str_eq(got, "READY=1\nSTATUS=serving on /run/x");
	ck_assert_int_eq(ad_notify_stopping(&n), 0);
	receive(fd, got, sizeof(got));
	ck_assert_str_eq(got, "STOPPING=1");
	close(fd);
}
END_TEST

/* RELOADING=1 with the monotonic time, in microseconds, of its start. */
START_TEST(test_abstract_reloading)
{
	struct ad_notify n;
	struct timespec before, after;
	const char *reloading = "RELOADING=1\nMONOTONIC_USEC=";
	char name[64], err[200] = "", got[512], *end;
	unsigned long long usec, lo, hi;
	int fd;

	snprintf(name, sizeof(name), "@check_notify.%ld", (long)getpid());
	fd = manager(name);
	ck_assert_int_eq(ad_notify_parse(&n, name, err, sizeof(err)), 0);
	ck_assert_int_eq(n.addr.sun_path[0], '\0');

	ck_assert_int_eq(clock_gettime(CLOCK_MONOTONIC, &before), 0);
	ck_assert_int_eq(ad_notify_reloading(&n), 0);
	ck_assert_int_eq(clock_gettime(CLOCK_MONOTONIC, &after), 0);
	receive(fd, got, sizeof(got));
	ck_assert_int_eq(strncmp(got, reloading, strlen(reloading)), 0);
	ck_assert(got[strlen(reloading)] >= '0' &&
		  got[strlen(reloading)] <= '9');
	usec = strtoull(got + strlen(reloading), &end, 10);
	ck_assert_int_eq(*end, '\0');
	lo = (unsigned long long)before.tv_sec * 1000000ULL +
	     (unsigned long long)before.tv_nsec / 1000ULL;
	hi = (unsigned long long)after.tv_sec * 1000000ULL +
	     (unsigned long long)after.tv_nsec / 1000ULL;
	ck_assert(usec >= lo && usec <= hi);
	close(fd);
}
END_TEST

/* Unset or empty: nothing is sent, and that is not an error. */
START_TEST(test_unset)
{
	struct ad_notify n;
	char err[200] = "";

	ck_assert_int_eq(ad_notify_parse(&n, NULL, err, sizeof(err)), 0);
	ck_assert_uint_eq(n.len, 0);
	ck_assert_int_eq(ad_notify_parse(&n, "", err, sizeof(err)), 0);
	ck_assert_uint_eq(n.len, 0);
	ck_assert_int_eq(ad_notify_ready(&n, "x"), 0);
	ck_assert_int_eq(ad_notify_reloading(&n), 0);
	ck_assert_int_eq(ad_notify_stopping(&n), 0);
	ck_assert_str_eq(err, "");

	ck_assert_int_eq(unsetenv(AD_NOTIFY_ENV), 0);
	ck_assert_int_eq(ad_notify_from_env(&n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n.len, 0);
}
END_TEST

/* The variable is read once and taken out of the environment, so that
 * the daemon's children (the mail command) cannot speak for it. */
START_TEST(test_env_removed)
{
	struct ad_notify n;
	char path[200], err[200] = "", got[64];
	int fd;

	snprintf(path, sizeof(path), "%s/notify", tmpdir);
	fd = manager(path);
	ck_assert_int_eq(setenv(AD_NOTIFY_ENV, path, 1), 0);
	ck_assert_int_eq(ad_notify_from_env(&n, err, sizeof(err)), 0);
	ck_assert_ptr_null(getenv(AD_NOTIFY_ENV));
	ck_assert_int_eq(ad_notify_stopping(&n), 0);
	receive(fd, got, sizeof(got));
	ck_assert_str_eq(got, "STOPPING=1");
	close(fd);
}
END_TEST

/* Values that name no socket are refused, say why, and send nothing. */
START_TEST(test_refused)
{
	char path[200], err[200];
	struct ad_notify n;

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[sizeof(((struct sockaddr_un *)0)->sun_path)] = '\0';
	err[0] = '\0';
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "longer than 107 bytes"));
	ck_assert_uint_eq(n.len, 0);
	ck_assert_int_eq(ad_notify_ready(&n, "x"), 0);

	/* 107 bytes and its NUL fit */
	path[sizeof(((struct sockaddr_un *)0)->sun_path) - 1] = '\0';
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), 0);

	/* an abstract name has no NUL: 108 bytes fit, 109 do not */
	memset(path, 'b', sizeof(path));
	path[0] = '@';
	path[sizeof(((struct sockaddr_un *)0)->sun_path)] = '\0';
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), 0);
	path[sizeof(((struct sockaddr_un *)0)->sun_path)] = 'b';
	path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1] = '\0';
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), -1);

	err[0] = '\0';
	ck_assert_int_eq(ad_notify_parse(&n, "run/notify", err, sizeof(err)),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "neither an absolute path"));
	ck_assert_uint_eq(n.len, 0);
}
END_TEST

/* A manager that went away: the send fails with errno, no crash. */
START_TEST(test_unreachable)
{
	struct ad_notify n;
	char path[200], err[200] = "";

	snprintf(path, sizeof(path), "%s/nobody-listens", tmpdir);
	ck_assert_int_eq(ad_notify_parse(&n, path, err, sizeof(err)), 0);
	errno = 0;
	ck_assert_int_eq(ad_notify_stopping(&n), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("notify");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_abstract_reloading);
	tcase_add_test(tc, test_unset);
	tcase_add_test(tc, test_env_removed);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_unreachable);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
