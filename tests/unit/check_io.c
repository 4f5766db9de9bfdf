/*
 * check_io.c - deadline I/O over socketpair() with a peer thread: partial
 * transfers, early close, EINTR, EPIPE without SIGPIPE, and deadlines driven
 * by an injected clock so no test really waits for them.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "acct_fd.h"
#include "acct_io.h"

#define BIG_LEN (1024 * 1024)
#define REAL_TIMEOUT_MS 10000 /* only a safety net: never reached */

/* ---- the injected clock: every reading moves it on by 50 ms ---- */

static _Atomic int64_t fake_now_ms;

static int64_t fake_clock(void)
{
	return atomic_fetch_add(&fake_now_ms, 50) + 50;
}

/* ---- peer thread ---- */

enum peer_mode {
	PEER_TRICKLE,	 /* write data one byte at a time */
	PEER_READ_SMALL, /* read everything in small chunks, echo the count */
	PEER_SHORT,	 /* write a few bytes, then close */
	PEER_SIGNAL,	 /* interrupt the main thread, then write data */
};

struct peer {
	int fd;
	enum peer_mode mode;
	const uint8_t *data;
	size_t len;
	uint8_t *got; /* PEER_READ_SMALL: what arrived */
	size_t got_len;
	pthread_t main_thread;
	pthread_t thread;
};

static void nap(void)
{
	struct timespec ts = {0, 200 * 1000}; /* 0.2 ms: let the reader wait */

	nanosleep(&ts, NULL);
}

static void *peer_main(void *arg)
{
	struct peer *p = arg;
	ssize_t n;
	size_t i;

	switch (p->mode) {
	case PEER_TRICKLE:
		for (i = 0; i < p->len; i++) {
			if (write(p->fd, p->data + i, 1) != 1)
				break;
			if (i % 8 == 0)
				nap();
		}
		break;
	case PEER_READ_SMALL:
		while (p->got_len < p->len) {
			size_t want = p->len - p->got_len;

			/* an odd size, so the writer sees partial reads */
			n = read(p->fd, p->got + p->got_len,
				 want < 4093 ? want : 4093);
			if (n <= 0)
				break;
			p->got_len += (size_t)n;
		}
		break;
	case PEER_SHORT:
		if (write(p->fd, p->data, p->len) != (ssize_t)p->len)
			break;
		break;
	case PEER_SIGNAL:
		for (i = 0; i < 20; i++) {
			pthread_kill(p->main_thread, SIGUSR1);
			nap();
		}
		if (write(p->fd, p->data, p->len) != (ssize_t)p->len)
			break;
		break;
	}
	close(p->fd);
	return NULL;
}

/* fds[0] stays with the test, fds[1] goes to the peer. */
static void start_peer(struct peer *p, int fds[2], enum peer_mode mode,
		       const uint8_t *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	p->fd = fds[1];
	p->mode = mode;
	p->data = data;
	p->len = len;
	p->main_thread = pthread_self();
	if (mode == PEER_READ_SMALL) {
		p->got = malloc(len);
		ck_assert_ptr_nonnull(p->got);
	}
	ck_assert_int_eq(pthread_create(&p->thread, NULL, peer_main, p), 0);
}

static uint8_t *pattern(size_t len)
{
	uint8_t *b = malloc(len);
	size_t i;

	ck_assert_ptr_nonnull(b);
	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 31 + (i >> 8));
	return b;
}

START_TEST(test_read_trickle)
{
	static const uint8_t msg[] = "a reply that arrives one byte at a time";
	struct acct_deadline d;
	struct peer p;
	uint8_t buf[sizeof(msg)];
	size_t got = 0;
	int fds[2];

	start_peer(&p, fds, PEER_TRICKLE, msg, sizeof(msg));
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	ck_assert_int_eq(acct_read_all(fds[0], buf, sizeof(buf), &d, &got), 0);
	ck_assert_uint_eq(got, sizeof(msg));
	ck_assert_int_eq(memcmp(buf, msg, sizeof(msg)), 0);
	pthread_join(p.thread, NULL);
	close(fds[0]);
}
END_TEST

/* More than a socket buffer holds, read by the peer in small pieces. */
START_TEST(test_write_partial)
{
	struct acct_deadline d;
	struct peer p;
	uint8_t *data = pattern(BIG_LEN);
	int fds[2];

	start_peer(&p, fds, PEER_READ_SMALL, NULL, BIG_LEN);
	/* a non-blocking fd, as acct_connect_unix returns */
	ck_assert_int_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	ck_assert_int_eq(acct_write_all(fds[0], data, BIG_LEN, &d), 0);
	pthread_join(p.thread, NULL);
	ck_assert_uint_eq(p.got_len, BIG_LEN);
	ck_assert_int_eq(memcmp(p.got, data, BIG_LEN), 0);
	free(p.got);
	free(data);
	close(fds[0]);
}
END_TEST

START_TEST(test_peer_closes_early)
{
	static const uint8_t msg[5] = "12345";
	struct acct_deadline d;
	struct peer p;
	uint8_t buf[10];
	size_t got = 99;
	int fds[2];

	start_peer(&p, fds, PEER_SHORT, msg, sizeof(msg));
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	errno = 0;
	ck_assert_int_eq(acct_read_all(fds[0], buf, sizeof(buf), &d, &got), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	ck_assert_uint_eq(got, 5);
	ck_assert_int_eq(memcmp(buf, msg, 5), 0);
	pthread_join(p.thread, NULL);
	close(fds[0]);
}
END_TEST

START_TEST(test_peer_closed_before_anything)
{
	struct acct_deadline d;
	uint8_t buf[4];
	size_t got = 99;
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	close(fds[1]);
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	ck_assert_int_eq(acct_read_all(fds[0], buf, sizeof(buf), &d, &got), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	ck_assert_uint_eq(got, 0);
	close(fds[0]);
}
END_TEST

/* SIGPIPE keeps its default (fatal) action here: only MSG_NOSIGNAL saves
 * the process. */
START_TEST(test_no_sigpipe)
{
	struct sigaction sa;
	struct acct_deadline d;
	uint8_t *data = pattern(BIG_LEN);
	int fds[2];

	ck_assert_int_eq(sigaction(SIGPIPE, NULL, &sa), 0);
	ck_assert_ptr_eq(sa.sa_handler, SIG_DFL);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	close(fds[1]);
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	errno = 0;
	ck_assert_int_eq(acct_write_all(fds[0], data, 10, &d), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(fds[0]);
	free(data);
}
END_TEST

static void on_sigusr1(int sig)
{
	(void)sig;
}

START_TEST(test_eintr)
{
	static const uint8_t msg[] = "after the interruptions";
	struct sigaction sa;
	struct acct_deadline d;
	struct peer p;
	uint8_t buf[sizeof(msg)];
	int fds[2];

	/* no SA_RESTART: poll() really fails with EINTR */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	start_peer(&p, fds, PEER_SIGNAL, msg, sizeof(msg));
	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	ck_assert_int_eq(acct_read_all(fds[0], buf, sizeof(buf), &d, NULL), 0);
	ck_assert_int_eq(memcmp(buf, msg, sizeof(msg)), 0);
	pthread_join(p.thread, NULL);
	close(fds[0]);
}
END_TEST

START_TEST(test_deadline_arithmetic)
{
	struct acct_deadline d;

	atomic_store(&fake_now_ms, 1000);
	acct_deadline_set(&d, 500, fake_clock); /* reads 1050 */
	ck_assert_int_eq(d.end_ms, 1550);
	ck_assert_int_eq(acct_deadline_left(&d), 450); /* reads 1100 */
	atomic_store(&fake_now_ms, 1549);
	ck_assert_int_eq(acct_deadline_left(&d), 0); /* 1599: past */
	atomic_store(&fake_now_ms, 100000);
	ck_assert_int_eq(acct_deadline_left(&d), 0);
	acct_deadline_set(&d, -5, fake_clock);
	ck_assert_int_eq(acct_deadline_left(&d), 0);
}
END_TEST

static int64_t kernel_monotonic_ms(void)
{
	struct timespec ts;

	ck_assert_int_eq(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The real clock is CLOCK_MONOTONIC in milliseconds, and a deadline without
 * an injected clock runs on it: not the wall clock (which may jump), not
 * another unit, and it moves. */
START_TEST(test_monotonic_clock)
{
	struct timespec nap = {0, 30 * 1000 * 1000};
	struct acct_deadline d;
	int64_t before, ours, after;
	int left;

	/* read in this order: each statement is a sequence point */
	before = kernel_monotonic_ms();
	ours = acct_monotonic_ms();
	after = kernel_monotonic_ms();
	ck_assert_int_le(before, ours);
	ck_assert_int_le(ours, after);

	before = kernel_monotonic_ms();
	acct_deadline_set(&d, 60000, NULL);
	after = kernel_monotonic_ms();
	ck_assert_int_ge(d.end_ms, before + 60000);
	ck_assert_int_le(d.end_ms, after + 60000);

	/* 30 ms of real sleep take about 30 ms off the deadline */
	while (nanosleep(&nap, &nap) < 0 && errno == EINTR)
		;
	before = kernel_monotonic_ms();
	left = acct_deadline_left(&d);
	after = kernel_monotonic_ms();
	ck_assert_int_ge(left, d.end_ms - after);
	ck_assert_int_le(left, d.end_ms - before);
	ck_assert_int_le(left, 60000 - 30);
}
END_TEST

/* A silent peer: the injected clock runs out long before real time does. */
START_TEST(test_read_timeout_fake_clock)
{
	struct acct_deadline d;
	uint8_t buf[4];
	size_t got = 99;
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	atomic_store(&fake_now_ms, 0);
	/* an hour of fake time passes in a few ms of real polling */
	acct_deadline_set(&d, 3600 * 1000, fake_clock);
	atomic_store(&fake_now_ms, 3600 * 1000 - 500);
	ck_assert_int_eq(acct_read_all(fds[0], buf, sizeof(buf), &d, &got), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_uint_eq(got, 0);
	ck_assert_int_ge(atomic_load(&fake_now_ms), d.end_ms);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* A peer that never reads: the write times out once the buffer is full. */
START_TEST(test_write_timeout_fake_clock)
{
	struct acct_deadline d;
	uint8_t *data = pattern(BIG_LEN);
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	atomic_store(&fake_now_ms, 0);
	acct_deadline_set(&d, 1000, fake_clock);
	ck_assert_int_eq(acct_write_all(fds[0], data, BIG_LEN, &d), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	close(fds[0]);
	close(fds[1]);
	free(data);
}
END_TEST

/* Nothing to wait for: an expired deadline does not stop ready I/O. */
START_TEST(test_ready_data_despite_expired_deadline)
{
	struct acct_deadline d;
	uint8_t buf[3];
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert_int_eq(write(fds[1], "xyz", 3), 3);
	acct_deadline_set(&d, 0, NULL);
	ck_assert_int_eq(acct_read_all(fds[0], buf, 3, &d, NULL), 0);
	ck_assert_int_eq(memcmp(buf, "xyz", 3), 0);
	ck_assert_int_eq(acct_read_all(fds[0], buf, 0, &d, NULL), 0);
	ck_assert_int_eq(acct_write_all(fds[0], buf, 0, &d), 0);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_connect_errors)
{
	struct acct_deadline d;
	char path[200];

	acct_deadline_set(&d, REAL_TIMEOUT_MS, NULL);
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	ck_assert_int_eq(acct_connect_unix(path, &d), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(acct_connect_unix("/nonexistent/accountsd.sock", &d),
			 -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(acct_connect_unix("", &d), -1);
}
END_TEST

/* A process started with stdin closed must not get our socket as fd 0. */
START_TEST(test_fd_safe)
{
	int fds[2], fd, flags;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert_int_eq(dup2(fds[0], 0), 0);
	fd = acct_fd_safe(0);
	ck_assert_int_ge(fd, 3);
	flags = fcntl(fd, F_GETFD);
	ck_assert_int_ne(flags & FD_CLOEXEC, 0);
	ck_assert_int_eq(fcntl(0, F_GETFD), -1); /* the old one is closed */
	ck_assert_int_eq(errno, EBADF);
	/* still the same socket */
	ck_assert_int_eq(write(fds[1], "k", 1), 1);
	{
		char c = 0;

		ck_assert_int_eq(read(fd, &c, 1), 1);
		ck_assert_int_eq(c, 'k');
	}
	/* fds above 2 are left alone */
	ck_assert_int_eq(acct_fd_safe(fds[1]), fds[1]);
	close(fd);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

static Suite *io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_read_trickle);
	tcase_add_test(tc, test_write_partial);
	tcase_add_test(tc, test_peer_closes_early);
	tcase_add_test(tc, test_peer_closed_before_anything);
	tcase_add_test(tc, test_no_sigpipe);
	tcase_add_test(tc, test_eintr);
	tcase_add_test(tc, test_deadline_arithmetic);
	tcase_add_test(tc, test_monotonic_clock);
	tcase_add_test(tc, test_read_timeout_fake_clock);
	tcase_add_test(tc, test_write_timeout_fake_clock);
	tcase_add_test(tc, test_ready_data_despite_expired_deadline);
	tcase_add_test(tc, test_connect_errors);
	tcase_add_test(tc, test_fd_safe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(io_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
