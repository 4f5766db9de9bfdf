/*
 * acct_io.h - deadline I/O on non-blocking sockets (in the spirit of
 * nss-pam-ldapd's tio): one CLOCK_MONOTONIC deadline covers a whole request.
 * EINTR and EAGAIN are retried until the deadline; POLLERR/POLLHUP/POLLNVAL
 * end the wait.  send() always uses MSG_NOSIGNAL.
 */
#ifndef ACCT_IO_H
#define ACCT_IO_H

#include <stddef.h>
#include <stdint.h>

/* A clock in milliseconds; tests inject their own.  With an injected clock
 * each poll() waits at most 1 ms of real time before asking the clock again,
 * so a test's deadline passes without really sleeping. */
typedef int64_t (*acct_clock_fn)(void);

struct acct_deadline {
	int64_t end_ms;	   /* absolute, in the clock's time base */
	acct_clock_fn now; /* NULL means acct_monotonic_ms */
};

int64_t acct_monotonic_ms(void);
void acct_deadline_set(struct acct_deadline *d, int timeout_ms,
		       acct_clock_fn now);
/* Milliseconds left (>= 0). */
int acct_deadline_left(const struct acct_deadline *d);

/* Write/read exactly len bytes.  Return 0, or -1 with errno set
 * (ETIMEDOUT at the deadline, EPIPE/ECONNRESET, or ECONNRESET when the peer
 * closed before len bytes came: see acct_read_all's *got). */
int acct_write_all(int fd, const void *buf, size_t len,
		   const struct acct_deadline *d);
/* got (may be NULL) receives how many bytes arrived before a failure. */
int acct_read_all(int fd, void *buf, size_t len, const struct acct_deadline *d,
		  size_t *got);
/* Read at least min and at most max bytes (min <= max), whatever the
 * socket has up to max once min arrived: one recv() for a small message
 * that comes whole.  Returns and *got as acct_read_all. */
int acct_read_some(int fd, void *buf, size_t min, size_t max,
		   const struct acct_deadline *d, size_t *got);

/* Non-blocking connect to a Unix socket path, waiting with poll until the
 * deadline.  The fd is SOCK_CLOEXEC|SOCK_NONBLOCK and never 0..2.  Returns
 * the fd, or -1 with errno (ENOENT, ECONNREFUSED, ETIMEDOUT, ENAMETOOLONG,
 * ...). */
int acct_connect_unix(const char *path, const struct acct_deadline *d);

#endif
