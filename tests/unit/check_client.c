/*
 * check_client.c - acct_call against a scripted server thread on a
 * temporary Unix socket: normal reply, no daemon, refused, hang, stale
 * connection retry, garbage, oversized replies, and the env override;
 * acct_call_trusted and the peer and directory checks of acct_peer.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acct_client.h"
#include "acct_peer.h"
#include "acct_status.h"

#define MAX_REPLY 4096u
#define LONG_TIMEOUT_MS 10000 /* a safety net: tests never reach it */

enum server_mode {
	SRV_ECHO,	    /* reply OK: the request payload plus UID 4242 */
	SRV_SILENT,	    /* read the request, never answer */
	SRV_CLOSE_FIRST,    /* close the 1st connection, echo on the 2nd */
	SRV_CLOSE_ALWAYS,   /* close every connection without a reply */
	SRV_GARBAGE,	    /* 16 bytes of junk */
	SRV_BAD_PAYLOAD,    /* a valid header, a malformed payload */
	SRV_WRONG_OPCODE,   /* a reply for another request */
	SRV_OVERSIZED,	    /* length max_reply + 1 */
	SRV_SHORT_PAYLOAD,  /* header promises more than is sent */
	SRV_STATUS_NOTFOUND /* a non-OK status with a message */
};

struct server {
	char dir[64];
	char path[128];
	int lfd;
	int stop[2];
	enum server_mode mode;
	int accepted;
	int requests; /* requests read whole */
	pthread_t thread;
};

/* Wait for fd or the stop pipe; 1 when fd is ready, 0 when stopping. */
static int srv_wait(struct server *s, int fd)
{
	struct pollfd p[2] = {{fd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};

	while (poll(p, 2, -1) < 0) {
		if (errno != EINTR)
			return 0;
	}
	return (p[1].revents & POLLIN) ? 0 : 1;
}

static int srv_read(struct server *s, int fd, void *buf, size_t len)
{
	uint8_t *b = buf;
	ssize_t n;

	while (len > 0) {
		if (!srv_wait(s, fd))
			return -1;
		n = read(fd, b, len);
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static void srv_write(int fd, const void *buf, size_t len)
{
	/* errors show up as a failed acct_call in the test */
	if (send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
		return;
}

static void srv_reply(int fd, uint16_t opcode, uint16_t status, uint32_t length,
		      const void *payload, size_t len)
{
	struct acct_hdr h = {ACCT_PROTO_VERSION, opcode, 0, status, length};
	uint8_t raw[ACCT_HDR_LEN];

	acct_hdr_encode(&h, raw);
	srv_write(fd, raw, sizeof(raw));
	if (len > 0)
		srv_write(fd, payload, len);
}

/* Read one request; returns its payload (malloc'd) or NULL. */
static uint8_t *srv_request(struct server *s, int fd, struct acct_hdr *h)
{
	uint8_t raw[ACCT_HDR_LEN];
	uint8_t *payload;

	if (srv_read(s, fd, raw, sizeof(raw)) < 0 ||
	    acct_hdr_decode(raw, ACCT_MAX_REQUEST, h) < 0 || h->status != 0)
		return NULL;
	payload = malloc(h->length + 1);
	if (payload == NULL || srv_read(s, fd, payload, h->length) < 0 ||
	    acct_validate(payload, h->length) < 0) {
		free(payload);
		return NULL;
	}
	return payload;
}

static void srv_echo(int fd, const struct acct_hdr *h, const uint8_t *req)
{
	struct acct_buf b;

	acct_buf_init(&b, MAX_REPLY);
	acct_buf_append(&b, req, h->length);
	acct_put_u32(&b, ACCT_T_UID, 4242);
	if (b.err == 0)
		srv_reply(fd, h->opcode, ACCT_ST_OK, (uint32_t)b.len, b.data,
			  b.len);
	acct_buf_free(&b);
}

static void srv_handle(struct server *s, int fd)
{
	static const uint8_t junk[] = "HTTP/1.1 400 Bad Request\r\n";
	static const uint8_t bad[] = {0, ACCT_T_UID, 0, 0, 0, 3, 1, 2, 3};
	struct acct_buf b;
	struct acct_hdr h;
	uint8_t *req = srv_request(s, fd, &h);
	char c;

	if (req == NULL)
		return;
	s->requests++;
	switch (s->mode) {
	case SRV_ECHO:
		srv_echo(fd, &h, req);
		break;
	case SRV_SILENT:
		/* hold the connection until the client gives up */
		if (srv_wait(s, fd))
			(void)!read(fd, &c, 1);
		break;
	case SRV_CLOSE_FIRST:
		if (s->accepted > 1)
			srv_echo(fd, &h, req);
		break;
	case SRV_CLOSE_ALWAYS:
		break;
	case SRV_GARBAGE:
		srv_write(fd, junk, ACCT_HDR_LEN);
		break;
	case SRV_BAD_PAYLOAD:
		srv_reply(fd, h.opcode, ACCT_ST_OK, sizeof(bad), bad,
			  sizeof(bad));
		break;
	case SRV_WRONG_OPCODE:
		srv_reply(fd, h.opcode + 1, ACCT_ST_OK, 0, NULL, 0);
		break;
	case SRV_OVERSIZED:
		srv_reply(fd, h.opcode, ACCT_ST_OK, MAX_REPLY + 1, NULL, 0);
		break;
	case SRV_SHORT_PAYLOAD:
		srv_reply(fd, h.opcode, ACCT_ST_OK, 100, bad, sizeof(bad));
		break;
	case SRV_STATUS_NOTFOUND:
		acct_buf_init(&b, MAX_REPLY);
		acct_put_str(&b, ACCT_T_MESSAGE, "no such user");
		srv_reply(fd, h.opcode, ACCT_ST_NOTFOUND, (uint32_t)b.len,
			  b.data, b.len);
		acct_buf_free(&b);
		break;
	}
	free(req);
}

static void *srv_main(void *arg)
{
	struct server *s = arg;
	int fd;

	while (srv_wait(s, s->lfd)) {
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		s->accepted++;
		srv_handle(s, fd);
		close(fd);
	}
	return NULL;
}

static void make_dir(struct server *s)
{
	memset(s, 0, sizeof(*s));
	s->lfd = -1;
	s->stop[0] = s->stop[1] = -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/check_client.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/socket", s->dir);
}

static void bind_socket(struct server *s)
{
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	ck_assert_uint_lt(strlen(s->path), sizeof(sa.sun_path));
	strcpy(sa.sun_path, s->path);
	s->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->lfd, 0);
	ck_assert_int_eq(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
}

static void server_start(struct server *s, enum server_mode mode)
{
	make_dir(s);
	bind_socket(s);
	ck_assert_int_eq(listen(s->lfd, 8), 0);
	/* lets server_stop count pending connections without blocking */
	ck_assert_int_eq(fcntl(s->lfd, F_SETFL, O_NONBLOCK), 0);
	ck_assert_int_eq(pipe(s->stop), 0);
	s->mode = mode;
	ck_assert_int_eq(pthread_create(&s->thread, NULL, srv_main, s), 0);
}

/* Stop the thread; returns how many connections it accepted. */
static int server_stop(struct server *s)
{
	int fd;

	if (s->stop[1] >= 0) {
		ck_assert_int_eq(write(s->stop[1], "x", 1), 1);
		pthread_join(s->thread, NULL);
		close(s->stop[0]);
		close(s->stop[1]);
		/* count connections the thread had no time to accept too */
		while ((fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0 ||
		       errno == EINTR) {
			if (fd >= 0) {
				s->accepted++;
				close(fd);
			}
		}
	}
	if (s->lfd >= 0)
		close(s->lfd);
	unlink(s->path);
	rmdir(s->dir);
	return s->accepted;
}

static int call(const char *path, int timeout_ms, struct acct_reply *rep)
{
	struct acct_buf b;
	int rc;

	acct_buf_init(&b, ACCT_MAX_REQUEST);
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, "alice"), 0);
	rc = acct_call(path, timeout_ms, ACCT_OP_PW_BYNAME, b.data, b.len,
		       MAX_REPLY, rep);
	acct_buf_free(&b);
	return rc;
}

/* The echoed NAME and the server's UID are in the reply. */
static void check_echo_reply(const struct acct_reply *rep)
{
	struct acct_field f;
	uint32_t uid;
	char name[16];

	ck_assert_uint_eq(rep->opcode, ACCT_OP_PW_BYNAME);
	ck_assert_uint_eq(rep->status, ACCT_ST_OK);
	ck_assert_int_eq(acct_find(rep->payload, rep->len, ACCT_T_NAME, &f), 1);
	ck_assert_int_eq(acct_get_strcpy(&f, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "alice");
	ck_assert_int_eq(acct_find(rep->payload, rep->len, ACCT_T_UID, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &uid), 0);
	ck_assert_uint_eq(uid, 4242);
}

START_TEST(test_normal_reply)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_ECHO);
	errno = 1234;
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), 0);
	ck_assert_int_eq(errno, 1234); /* untouched on success */
	check_echo_reply(&rep);
	acct_reply_free(&rep);
	ck_assert_ptr_null(rep.payload);
	ck_assert_int_eq(server_stop(&s), 1);
}
END_TEST

START_TEST(test_empty_request_and_reply)
{
	struct server s;
	struct acct_reply rep;
	struct acct_field f;

	server_start(&s, SRV_ECHO);
	ck_assert_int_eq(acct_call(s.path, LONG_TIMEOUT_MS, ACCT_OP_PING, NULL,
				   0, MAX_REPLY, &rep),
			 0);
	ck_assert_uint_eq(rep.opcode, ACCT_OP_PING);
	ck_assert_int_eq(acct_find(rep.payload, rep.len, ACCT_T_UID, &f), 1);
	acct_reply_free(&rep);
	server_stop(&s);
}
END_TEST

START_TEST(test_status_passed_through)
{
	struct server s;
	struct acct_reply rep;
	struct acct_field f;
	char msg[64];

	server_start(&s, SRV_STATUS_NOTFOUND);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), 0);
	ck_assert_uint_eq(rep.status, ACCT_ST_NOTFOUND);
	ck_assert_int_eq(acct_find(rep.payload, rep.len, ACCT_T_MESSAGE, &f),
			 1);
	ck_assert_int_eq(acct_get_strcpy(&f, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "no such user");
	acct_reply_free(&rep);
	server_stop(&s);
}
END_TEST

START_TEST(test_no_socket)
{
	struct server s;
	struct acct_reply rep;

	make_dir(&s);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(rep.payload);
	server_stop(&s);
}
END_TEST

START_TEST(test_refused)
{
	struct server s;
	struct acct_reply rep;

	/* bound but not listening */
	make_dir(&s);
	bind_socket(&s);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	/* a socket file whose owner has gone */
	close(s.lfd);
	s.lfd = -1;
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	server_stop(&s);
}
END_TEST

START_TEST(test_timeout_not_retried)
{
	struct server s;
	struct acct_reply rep;
	int64_t start = acct_monotonic_ms();

	server_start(&s, SRV_SILENT);
	ck_assert_int_eq(call(s.path, 200, &rep), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	/* a deadline can end the wait only once it has passed */
	ck_assert_int_ge(acct_monotonic_ms() - start, 190);
	ck_assert_ptr_null(rep.payload);
	ck_assert_int_eq(server_stop(&s), 1);
}
END_TEST

START_TEST(test_stale_connection_retried_once)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_CLOSE_FIRST);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), 0);
	check_echo_reply(&rep);
	acct_reply_free(&rep);
	ck_assert_int_eq(server_stop(&s), 2);
}
END_TEST

START_TEST(test_closed_twice_gives_up)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_CLOSE_ALWAYS);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert(errno == ECONNRESET || errno == EPIPE);
	ck_assert_int_eq(server_stop(&s), 2);
}
END_TEST

/* Once a reply has started, a cut is not a stale connection: no retry. */
START_TEST(test_short_payload_not_retried)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_SHORT_PAYLOAD);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	ck_assert_ptr_null(rep.payload);
	ck_assert_int_eq(server_stop(&s), 1);
}
END_TEST

static void expect_error(enum server_mode mode, int err)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, mode);
	ck_assert_int_eq(call(s.path, LONG_TIMEOUT_MS, &rep), -1);
	ck_assert_int_eq(errno, err);
	ck_assert_ptr_null(rep.payload);
	ck_assert_int_eq(server_stop(&s), 1);
}

START_TEST(test_garbage_reply)
{
	expect_error(SRV_GARBAGE, EBADMSG);
}
END_TEST

START_TEST(test_malformed_payload)
{
	expect_error(SRV_BAD_PAYLOAD, EBADMSG);
}
END_TEST

START_TEST(test_wrong_opcode)
{
	expect_error(SRV_WRONG_OPCODE, EBADMSG);
}
END_TEST

/* A well-formed header announcing more than max_reply: EMSGSIZE. */
START_TEST(test_oversized_reply)
{
	expect_error(SRV_OVERSIZED, EMSGSIZE);
}
END_TEST

/*
 * acct_read_reply on a socketpair: a payload longer than the first read
 * (it comes in two reads), bytes after the frame left alone, and the
 * caller's max_reply (pam_accounts passes its own).
 */
START_TEST(test_read_reply_sizes)
{
	static const size_t sizes[] = {0, 10, 1000, 1024, 1025, 4000};
	struct acct_deadline d;
	struct acct_reply rep;
	struct acct_buf payload, frame;
	size_t got;
	int fds[2];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		acct_buf_init(&payload, ACCT_MAX_REPLY);
		acct_buf_init(&frame, ACCT_MAX_REPLY);
		if (sizes[i] > 0) {
			char *msg = malloc(sizes[i] - ACCT_FIELD_HDR_LEN + 1);

			ck_assert_ptr_nonnull(msg);
			memset(msg, 'm', sizes[i] - ACCT_FIELD_HDR_LEN);
			msg[sizes[i] - ACCT_FIELD_HDR_LEN] = '\0';
			acct_put_str(&payload, ACCT_T_MESSAGE, msg);
			free(msg);
		}
		ck_assert_uint_eq(payload.len, sizes[i]);
		ck_assert_int_eq(acct_frame(&frame, ACCT_OP_PING, ACCT_ST_OK,
					    payload.data, payload.len),
				 0);
		ck_assert_int_eq(acct_buf_append(&frame, "junk", 4), 0);
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
		ck_assert_int_eq(write(fds[1], frame.data, frame.len),
				 (ssize_t)frame.len);
		acct_deadline_set(&d, LONG_TIMEOUT_MS, NULL);
		/* one byte under the payload: EMSGSIZE, nothing allocated */
		if (sizes[i] > 0) {
			int dup_fd = dup(fds[0]);

			memset(&rep, 0, sizeof(rep));
			ck_assert_int_eq(acct_read_reply(dup_fd, ACCT_OP_PING,
							 sizes[i] - 1, &d, &rep,
							 NULL),
					 -1);
			ck_assert_int_eq(errno, EMSGSIZE);
			ck_assert_ptr_null(rep.payload);
			close(dup_fd);
			close(fds[0]);
			close(fds[1]);
			ck_assert_int_eq(
				socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
			ck_assert_int_eq(write(fds[1], frame.data, frame.len),
					 (ssize_t)frame.len);
		}
		ck_assert_int_eq(acct_read_reply(fds[0], ACCT_OP_PING, sizes[i],
						 &d, &rep, &got),
				 0);
		ck_assert_uint_eq(rep.status, ACCT_ST_OK);
		ck_assert_uint_eq(rep.len, sizes[i]);
		if (sizes[i] > 0)
			ck_assert_mem_eq(rep.payload, payload.data, sizes[i]);
		ck_assert_uint_ge(got, ACCT_HDR_LEN + sizes[i]);
		acct_reply_free(&rep);
		close(fds[0]);
		close(fds[1]);
		acct_buf_free(&payload);
		acct_buf_free(&frame);
	}
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct acct_reply rep;
	uint8_t *big = calloc(1, ACCT_MAX_REQUEST + 1);

	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(acct_call("/nonexistent", 100, ACCT_OP_PING, big,
				   ACCT_MAX_REQUEST + 1, MAX_REPLY, &rep),
			 -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_int_eq(acct_call("/nonexistent", 100, ACCT_OP_PING, NULL, 0,
				   ACCT_MAX_REPLY + 1, &rep),
			 -1);
	ck_assert_int_eq(errno, EINVAL);
	free(big);
}
END_TEST

START_TEST(test_socket_path_env)
{
	struct server s;
	struct acct_reply rep;

	unsetenv(ACCT_SOCKET_ENV);
	ck_assert_str_eq(acct_socket_path(NULL), ACCT_DEFAULT_SOCKET);
	setenv(ACCT_SOCKET_ENV, "", 1);
	ck_assert_str_eq(acct_socket_path(NULL), ACCT_DEFAULT_SOCKET);

	server_start(&s, SRV_ECHO);
	setenv(ACCT_SOCKET_ENV, s.path, 1);
	ck_assert_str_eq(acct_socket_path(NULL), s.path);
	ck_assert_str_eq(acct_socket_path("/explicit"), "/explicit");
	/* a NULL path means acct_socket_path(NULL) */
	ck_assert_int_eq(call(NULL, LONG_TIMEOUT_MS, &rep), 0);
	check_echo_reply(&rep);
	acct_reply_free(&rep);
	ck_assert_int_eq(server_stop(&s), 1);
	unsetenv(ACCT_SOCKET_ENV);
}
END_TEST

/* ---- acct_call_trusted ---- */

static int trust_calls;

static int trust_nobody(int fd, const char *path)
{
	(void)fd;
	(void)path;
	trust_calls++;
	errno = EPERM;
	return -1;
}

static int trust_anyone(int fd, const char *path)
{
	(void)fd;
	(void)path;
	trust_calls++;
	return 0;
}

static int call_trusted(const char *path, acct_trust_fn trust,
			struct acct_reply *rep)
{
	struct acct_buf b;
	int rc;

	acct_buf_init(&b, ACCT_MAX_REQUEST);
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, "alice"), 0);
	rc = acct_call_trusted(path, LONG_TIMEOUT_MS, trust, ACCT_OP_PW_BYNAME,
			       b.data, b.len, MAX_REPLY, rep);
	acct_buf_free(&b);
	return rc;
}

/* A peer the check refuses hears nothing and is not heard. */
START_TEST(test_untrusted_peer_gets_nothing)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_ECHO);
	trust_calls = 0;
	errno = 0;
	ck_assert_int_eq(call_trusted(s.path, trust_nobody, &rep), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_null(rep.payload);
	ck_assert_int_eq(trust_calls, 1); /* no retry */
	ck_assert_int_eq(server_stop(&s), 1);
	ck_assert_int_eq(s.requests, 0);
}
END_TEST

START_TEST(test_trusted_peer_answers)
{
	struct server s;
	struct acct_reply rep;

	server_start(&s, SRV_CLOSE_FIRST);
	trust_calls = 0;
	ck_assert_int_eq(call_trusted(s.path, trust_anyone, &rep), 0);
	check_echo_reply(&rep);
	acct_reply_free(&rep);
	/* the stale first connection is retried, and checked again */
	ck_assert_int_eq(trust_calls, 2);
	ck_assert_int_eq(server_stop(&s), 2);

	/* a server of our own uid passes the real check */
	server_start(&s, SRV_ECHO);
	ck_assert_int_eq(call_trusted(s.path, acct_peer_trusted, &rep), 0);
	check_echo_reply(&rep);
	acct_reply_free(&rep);
	ck_assert_int_eq(server_stop(&s), 1);

	ck_assert_int_eq(call_trusted(s.path, NULL, &rep), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* ---- acct_dir_private ---- */

#define NOBODY 65534

START_TEST(test_dir_private)
{
	char dir[] = "/tmp/check_client.XXXXXX", file[64];
	const char *why = NULL;
	static const struct {
		mode_t mode;
		const char *why;
	} open_modes[] = {
		{0770, "is group-writable"},  {0707, "is world-writable"},
		{01777, "is world-writable"}, {02775, "is group-writable"},
		{0777, "is world-writable"},
	};

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(acct_dir_private(dir, geteuid(), &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(acct_dir_private(dir, geteuid(), NULL), 0);
	for (size_t i = 0; i < sizeof(open_modes) / sizeof(open_modes[0]);
	     i++) {
		ck_assert_int_eq(chmod(dir, open_modes[i].mode), 0);
		ck_assert_int_eq(acct_dir_private(dir, geteuid(), &why), -1);
		ck_assert_int_eq(errno, EPERM);
		ck_assert_str_eq(why, open_modes[i].why);
	}
	ck_assert_int_eq(chmod(dir, 0700), 0);

	if (geteuid() == 0) {
		ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
		ck_assert_int_eq(acct_dir_private(dir, 0, &why), -1);
		ck_assert_int_eq(errno, EPERM);
		ck_assert_str_eq(why, "is owned by another user");
		/* nobody may trust a directory of its own */
		ck_assert_int_eq(acct_dir_private(dir, NOBODY, NULL), 0);
		ck_assert_int_eq(chown(dir, 0, 0), 0);
	} else {
		/* a directory of our own is not root's */
		ck_assert_int_eq(acct_dir_private(dir, 0, &why), -1);
		ck_assert_str_eq(why, "is owned by another user");
	}

	snprintf(file, sizeof(file), "%s/file", dir);
	close(open(file, O_WRONLY | O_CREAT, 0600));
	ck_assert_int_eq(acct_dir_private(file, geteuid(), &why), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_str_eq(why, "is not a directory");
	unlink(file);
	why = NULL;
	ck_assert_int_eq(acct_dir_private(file, geteuid(), &why), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(why);
	rmdir(dir);
}
END_TEST

/* ---- acct_peer_trusted ---- */

/*
 * A socket listening on path in a child that runs as nobody.  It is bound
 * as root, so that it may sit in a directory of root's, then handed to
 * nobody; the kernel records the listener's credentials at listen().
 */
static pid_t nobody_listener(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int ready[2], fd;
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(ready), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 ||
		    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
		    chown(path, NOBODY, NOBODY) < 0 || setgroups(0, NULL) < 0 ||
		    setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0 ||
		    listen(fd, 8) < 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return pid;
}

/* Connect to path and ask acct_peer_trusted: 0, or its errno. */
static int peer_verdict(const char *path, const char *as_path)
{
	struct acct_deadline d;
	int fd, rc;

	acct_deadline_set(&d, LONG_TIMEOUT_MS, NULL);
	fd = acct_connect_unix(path, &d);
	ck_assert_int_ge(fd, 0);
	rc = acct_peer_trusted(fd, as_path) == 0 ? 0 : errno;
	close(fd);
	return rc;
}

START_TEST(test_peer_trusted)
{
	char dir[] = "/tmp/check_client.XXXXXX", sock[64], link[64];
	int sv[2], status;
	pid_t pid;

	/* a peer of our own uid */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(acct_peer_trusted(sv[0], NULL), 0);
	close(sv[0]);
	close(sv[1]);
	if (geteuid() != 0) {
		fprintf(stderr,
			"test_peer_trusted: not root, the rest skipped\n");
		return;
	}

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	pid = nobody_listener(sock);
	/* nobody's socket in root's private directory: a daemon user */
	ck_assert_int_eq(peer_verdict(sock, sock), 0);
	/* not without the path, through a symlink, or in an open directory */
	ck_assert_int_eq(peer_verdict(sock, NULL), EPERM);
	ck_assert_int_eq(symlink(sock, link), 0);
	ck_assert_int_eq(peer_verdict(link, link), EPERM);
	ck_assert_int_eq(chmod(dir, 01777), 0);
	ck_assert_int_eq(peer_verdict(sock, sock), EPERM);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	/* nor when the socket file is another user's than the peer */
	ck_assert_int_eq(chown(sock, 0, 0), 0);
	ck_assert_int_eq(peer_verdict(sock, sock), EPERM);

	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	unlink(link);
	unlink(sock);
	rmdir(dir);
}
END_TEST

START_TEST(test_status_strings)
{
	int st;

	for (st = 0; st < ACCT_ST__COUNT; st++) {
		ck_assert_str_ne(acct_status_message(st), "unknown status");
		ck_assert_str_ne(acct_status_name(st), "unknown");
	}
	ck_assert_str_eq(acct_status_name(ACCT_ST_NOTFOUND), "notfound");
	ck_assert_str_eq(acct_status_message(ACCT_ST_NOTFOUND), "not found");
	ck_assert_str_eq(acct_status_message(ACCT_ST_DENIED),
			 "permission denied");
	ck_assert_str_eq(acct_status_message(ACCT_ST_BUSY),
			 "daemon busy, try again");
	ck_assert_str_eq(acct_status_message(ACCT_ST__COUNT), "unknown status");
	ck_assert_str_eq(acct_status_message(-1), "unknown status");
	ck_assert_str_eq(acct_status_name(65535), "unknown");
}
END_TEST

static Suite *client_suite(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_normal_reply);
	tcase_add_test(tc, test_empty_request_and_reply);
	tcase_add_test(tc, test_status_passed_through);
	tcase_add_test(tc, test_no_socket);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_timeout_not_retried);
	tcase_add_test(tc, test_stale_connection_retried_once);
	tcase_add_test(tc, test_closed_twice_gives_up);
	tcase_add_test(tc, test_short_payload_not_retried);
	tcase_add_test(tc, test_garbage_reply);
	tcase_add_test(tc, test_malformed_payload);
	tcase_add_test(tc, test_wrong_opcode);
	tcase_add_test(tc, test_oversized_reply);
	tcase_add_test(tc, test_read_reply_sizes);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_socket_path_env);
	tcase_add_test(tc, test_status_strings);
	suite_add_tcase(s, tc);

	tc = tcase_create("trust");
	tcase_add_test(tc, test_untrusted_peer_gets_nothing);
	tcase_add_test(tc, test_trusted_peer_answers);
	tcase_add_test(tc, test_dir_private);
	tcase_add_test(tc, test_peer_trusted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(client_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
