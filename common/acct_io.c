/*
 * acct_io.c - deadline I/O on sockets: every wait is a poll() bounded by
 * what is left of one deadline, so a hung peer costs at most the deadline.
 *
 * Sends and receives pass MSG_DONTWAIT, so a descriptor that happens to be
 * blocking (a test's socketpair) still never blocks outside poll().
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "acct_fd.h"
#include "acct_io.h"

/*
 * An injected clock's time base has nothing to do with the kernel's, so
 * with one we poll in short real-time slices and ask the clock again after
 * each: a test's deadline then passes without really waiting for it.
 */
#define ACCT_IO_FAKE_SLICE_MS 1

/* How long to back off when a Unix listener's backlog is full (EAGAIN). */
#define ACCT_IO_BACKLOG_RETRY_MS 10

int64_t acct_monotonic_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t deadline_now(const struct acct_deadline *d)
{
	return d->now != NULL ? d->now() : acct_monotonic_ms();
}

void acct_deadline_set(struct acct_deadline *d, int timeout_ms,
		       acct_clock_fn now)
{
	d->now = now;
	d->end_ms = deadline_now(d) + (timeout_ms > 0 ? timeout_ms : 0);
}

int acct_deadline_left(const struct acct_deadline *d)
{
	int64_t left = d->end_ms - deadline_now(d);

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* The poll timeout for the next wait, or 0 when the deadline has passed. */
static int wait_slice(const struct acct_deadline *d)
{
	int left = acct_deadline_left(d);

	if (left > 0 && d->now != NULL && d->now != acct_monotonic_ms &&
	    left > ACCT_IO_FAKE_SLICE_MS)
		return ACCT_IO_FAKE_SLICE_MS;
	return left;
}

/*
 * Wait until fd is ready for events, or has an error or hang-up (the caller's
 * next read/write then reports what happened).  Returns 0, or -1 with errno
 * ETIMEDOUT, EBADF (POLLNVAL) or poll's error.
 */
static int wait_fd(int fd, short events, const struct acct_deadline *d)
{
	struct pollfd pfd;
	int slice, rc;

	for (;;) {
		slice = wait_slice(d);
		if (slice == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		rc = poll(&pfd, 1, slice);
		if (rc < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (rc == 0)
			continue;
		if (pfd.revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
		if (pfd.revents & (events | POLLERR | POLLHUP))
			return 0;
	}
}

/* Sleep for one slice of the deadline; -1 with ETIMEDOUT when none is left. */
static int wait_time(const struct acct_deadline *d, int max_ms)
{
	int slice = wait_slice(d);

	if (slice == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (slice > max_ms)
		slice = max_ms;
	/* EINTR just ends the nap early; the caller retries anyway */
	(void)poll(NULL, 0, slice);
	return 0;
}

int acct_write_all(int fd, const void *buf, size_t len,
		   const struct acct_deadline *d)
{
	const unsigned char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, p + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLOUT, d) < 0)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

int acct_read_some(int fd, void *buf, size_t min, size_t max,
		   const struct acct_deadline *d, size_t *got)
{
	unsigned char *p = buf;
	size_t done = 0;
	ssize_t n;
	int rc = 0;

	while (done < min) {
		n = recv(fd, p + done, max - done, MSG_DONTWAIT);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == 0) {
			/* the peer closed before we had everything */
			errno = ECONNRESET;
			rc = -1;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLIN, d) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		rc = -1;
		break;
	}
	if (got != NULL)
		*got = done;
	return rc;
}

int acct_read_all(int fd, void *buf, size_t len, const struct acct_deadline *d,
		  size_t *got)
{
	return acct_read_some(fd, buf, len, len, d, got);
}

/* Finish a connect that is in progress: wait, then ask the socket. */
static int connect_finish(int fd, const struct acct_deadline *d)
{
	int err = 0;
	socklen_t errlen = sizeof(err);

	if (wait_fd(fd, POLLOUT, d) < 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

static int connect_path(int fd, const struct sockaddr_un *sa,
			const struct acct_deadline *d)
{
	for (;;) {
		if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
			return 0;
		if (errno == EINPROGRESS || errno == EINTR)
			return connect_finish(fd, d);
		/* a Unix listener with a full backlog: retry until the
		 * deadline instead of failing a busy daemon outright */
		if (errno == EAGAIN) {
			if (wait_time(d, ACCT_IO_BACKLOG_RETRY_MS) < 0)
				return -1;
			continue;
		}
		return -1;
	}
}

int acct_connect_unix(const char *path, const struct acct_deadline *d)
{
	struct sockaddr_un sa;
	size_t len;
	int fd, saved;

	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	len = strlen(path);
	if (len >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len + 1);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	fd = acct_fd_safe(fd);
	if (fd < 0)
		return -1;
	if (connect_path(fd, &sa, d) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}
