/*
 * check_server.c - the daemon's socket server against real clients: a
 * child process runs server.c on its own event loop with a scripted
 * dispatcher, the test talks to it over the Unix socket.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <event2/event.h>

#include "acct_be.h"
#include "acct_codec.h"
#include "server/ctx.h"
#include "ops/dispatch.h"
#include "server/log.h"
#include "server/pending.h"
#include "server/server.h"

#define OP_BIG 250     /* scripted: reply with LIMIT one-byte strings */
#define OP_LATER 251   /* scripted: answer UID=LIMIT once released */
#define OP_RELEASE 252 /* scripted: release every held reply */

static char tmpdir[] = "/tmp/check_server.XXXXXX";
static char sock_path[108];
static pid_t server_pid;

/* ---- the scripted dispatcher the server calls ---- */

/* Replies held back by OP_LATER (in the server child). */
static struct {
	struct ad_pending *p;
	uint32_t value;
} held[16];
static unsigned n_held;

/* Deliver every held reply: from a loop callback, as a worker's done
 * callback would, never from inside a dispatch. */
static void release_held(evutil_socket_t fd, short what, void *arg)
{
	struct ad_pending *p[sizeof(held) / sizeof(held[0])];
	uint32_t value[sizeof(held) / sizeof(held[0])];
	unsigned n = n_held;
	struct acct_buf b;

	/* a delivery may dispatch a pipelined request that holds anew */
	for (unsigned i = 0; i < n; i++) {
		p[i] = held[i].p;
		value[i] = held[i].value;
	}
	n_held = 0;
	for (unsigned i = 0; i < n; i++) {
		acct_buf_init(&b, ACCT_MAX_REPLY);
		acct_put_u32(&b, ACCT_T_UID, value[i]);
		acct_put_str(&b, ACCT_T_GECOS, "late");
		ad_server_reply(p[i], ACCT_ST_OK, b.data, b.len);
		acct_buf_free(&b);
	}
}

static struct event_base *child_base;

static int hold_reply(struct ad_ctx *ctx, const struct ad_peer *peer,
		      uint16_t opcode, const uint8_t *payload, size_t len,
		      struct acct_buf *reply)
{
	struct acct_field f;
	uint32_t n = 0;

	if (acct_find(payload, len, ACCT_T_LIMIT, &f) == 1)
		acct_get_u32(&f, &n);
	if (n_held == sizeof(held) / sizeof(held[0]))
		return ACCT_ST_BUSY;
	held[n_held].p = ad_pending_begin(ctx, peer, opcode);
	if (held[n_held].p == NULL) {
		acct_put_str(reply, ACCT_T_MESSAGE, "no token");
		return ACCT_ST_INTERNAL;
	}
	/* a second token for the same request is refused */
	if (ad_pending_begin(ctx, peer, opcode) != NULL)
		return ACCT_ST_INTERNAL;
	held[n_held++].value = n;
	return AD_DISPATCH_PENDING;
}

int ad_dispatch(struct ad_ctx *ctx, const struct ad_peer *peer, uint16_t opcode,
		const uint8_t *payload, size_t len, struct acct_buf *reply)
{
	struct acct_field f;
	uint32_t n = 0;

	switch (opcode) {
	case ACCT_OP_PING:
		return ACCT_ST_OK;
	case ACCT_OP_STATUS:
		acct_put_u32(reply, ACCT_T_CONNECTIONS, ctx->connections);
		acct_put_u32(reply, ACCT_T_UID, (uint32_t)peer->uid);
		acct_put_u32(reply, ACCT_T_COUNT_USERS, n_held);
		return ACCT_ST_OK;
	case OP_LATER:
		return hold_reply(ctx, peer, opcode, payload, len, reply);
	case OP_RELEASE:
		event_base_once(child_base, -1, EV_TIMEOUT, release_held, NULL,
				NULL);
		return ACCT_ST_OK;
	case OP_BIG:
		if (acct_find(payload, len, ACCT_T_LIMIT, &f) == 1)
			acct_get_u32(&f, &n);
		for (uint32_t i = 0; i < n; i++)
			acct_put_strn(reply, ACCT_T_GECOS, "x", 1);
		return ACCT_ST_OK;
	default:
		acct_put_str(reply, ACCT_T_MESSAGE, "unknown opcode");
		return ACCT_ST_UNSUPPORTED;
	}
}

/* ---- the server child ---- */

static struct ad_server *child_srv;

static void on_term(evutil_socket_t sig, short what, void *arg)
{
	ad_server_shutdown(child_srv, 2000);
}

/* Run the server until SIGTERM; report readiness on ready_fd. */
static void run_server(const struct ad_config *cfg, int ready_fd)
{
	struct ad_ctx ctx = {.cfg = cfg};
	struct event_base *base = event_base_new();
	struct event *ev, *usr1;
	char err[256];

	ad_log_open(1, 0);
	child_base = base;
	child_srv = ad_server_new(base, &ctx, err, sizeof(err));
	if (child_srv == NULL) {
		fprintf(stderr, "server: %s\n", err);
		_exit(1);
	}
	ev = evsignal_new(base, SIGTERM, on_term, NULL);
	event_add(ev, NULL);
	/* releases held replies even after the socket is gone */
	usr1 = evsignal_new(base, SIGUSR1, release_held, NULL);
	event_add(usr1, NULL);
	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	close(ready_fd);
	event_base_dispatch(base);
	ad_server_free(child_srv);
	/* tokens of connections that were closed are dropped safely */
	release_held(-1, 0, NULL);
	event_free(usr1);
	event_free(ev);
	event_base_free(base);
	_exit(0);
}

/* Limits of start_server's next server. */
static unsigned next_per_uid, next_reserved;

static void start_server(unsigned max_conn, unsigned timeout_ms)
{
	static struct ad_config cfg;
	int pfd[2];
	char c;

	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(sock_path, sizeof(sock_path), "%s/run/socket", tmpdir);
	ad_config_defaults(&cfg);
	snprintf(cfg.socket_path, sizeof(cfg.socket_path), "%s", sock_path);
	cfg.max_connections = max_conn;
	cfg.client_timeout_ms = timeout_ms;
	cfg.max_connections_per_uid = next_per_uid ? next_per_uid : max_conn;
	cfg.root_reserved_connections = next_reserved;
	next_per_uid = next_reserved = 0;
	ck_assert_int_eq(pipe(pfd), 0);
	server_pid = fork();
	ck_assert_int_ge(server_pid, 0);
	if (server_pid == 0) {
		close(pfd[0]);
		signal(SIGPIPE, SIG_IGN);
		run_server(&cfg, pfd[1]);
	}
	close(pfd[1]);
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
}

/* SIGTERM the server; returns its exit status. */
static int stop_server(void)
{
	int status;

	ck_assert_int_eq(kill(server_pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
	return status;
}

static void cleanup_dir(void)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/run/socket.lock", tmpdir);
	unlink(p);
	unlink(sock_path);
	snprintf(p, sizeof(p), "%s/run", tmpdir);
	rmdir(p);
	rmdir(tmpdir);
	strcpy(tmpdir, "/tmp/check_server.XXXXXX");
}

static void setup_default(void)
{
	start_server(64, 10000);
}

static void teardown(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
		server_pid = 0;
	}
	cleanup_dir();
}

/* ---- client helpers ---- */

static int connect_server(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void send_all(int fd, const void *p, size_t n)
{
	ck_assert_int_eq(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void send_request(int fd, uint16_t op, const void *payload, size_t len)
{
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = op,
			       .length = (uint32_t)len};
	uint8_t h[ACCT_HDR_LEN];

	acct_hdr_encode(&hdr, h);
	send_all(fd, h, sizeof(h));
	if (len > 0)
		send_all(fd, payload, len);
}

/* Read exactly n bytes; returns how many came before EOF. */
static size_t recv_all(int fd, void *p, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = recv(fd, (uint8_t *)p + got, n - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

/* One reply frame; payload (malloc'd) in *payload. */
static struct acct_hdr recv_reply(int fd, uint8_t **payload)
{
	uint8_t h[ACCT_HDR_LEN];
	struct acct_hdr hdr;

	ck_assert_uint_eq(recv_all(fd, h, sizeof(h)), sizeof(h));
	ck_assert_int_eq(acct_hdr_decode(h, ACCT_MAX_REPLY, &hdr), 0);
	*payload = malloc(hdr.length + 1);
	ck_assert_ptr_nonnull(*payload);
	ck_assert_uint_eq(recv_all(fd, *payload, hdr.length), hdr.length);
	return hdr;
}

static int status_of(int fd, uint16_t op)
{
	uint8_t *payload;
	struct acct_hdr hdr = recv_reply(fd, &payload);

	ck_assert_uint_eq(hdr.opcode, op);
	free(payload);
	return hdr.status;
}

/* True when the server has closed fd (EOF or reset, nothing else). */
static int is_closed(int fd)
{
	uint8_t b;
	ssize_t k = recv(fd, &b, 1, 0);

	return k == 0 || (k < 0 && errno == ECONNRESET);
}

static uint32_t connections_now(void)
{
	int fd = connect_server();
	uint8_t *payload;
	struct acct_hdr hdr;
	struct acct_field f;
	uint32_t n = 0;

	send_request(fd, ACCT_OP_STATUS, NULL, 0);
	hdr = recv_reply(fd, &payload);
	if (hdr.status == ACCT_ST_BUSY) {
		/* callers poll in a loop: the server may still hold many of
		 * our earlier, closed connections; let it catch up */
		free(payload);
		close(fd);
		usleep(1000);
		return UINT32_MAX;
	}
	ck_assert_uint_eq(hdr.status, ACCT_ST_OK);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_CONNECTIONS, &f),
			 1);
	ck_assert_int_eq(acct_get_u32(&f, &n), 0);
	free(payload);
	close(fd);
	return n;
}

/* ---- tests ---- */

START_TEST(test_socket_mode_and_ping)
{
	struct stat st;
	int fd;

	ck_assert_int_eq(stat(sock_path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0666);
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
}
END_TEST

START_TEST(test_keepalive_and_pipelining)
{
	int fd = connect_server();
	uint8_t frames[3 * ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION};

	for (int i = 0; i < 3; i++) {
		hdr.opcode = i == 1 ? 77 : ACCT_OP_PING;
		acct_hdr_encode(&hdr, frames + i * ACCT_HDR_LEN);
	}
	send_all(fd, frames, sizeof(frames));
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	ck_assert_int_eq(status_of(fd, 77), ACCT_ST_UNSUPPORTED);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	/* and once more after the pipeline */
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
}
END_TEST

START_TEST(test_byte_by_byte_request)
{
	int fd = connect_server();
	uint8_t h[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};

	acct_hdr_encode(&hdr, h);
	for (size_t i = 0; i < sizeof(h); i++)
		send_all(fd, h + i, 1);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
}
END_TEST

START_TEST(test_peer_credentials)
{
	int fd = connect_server();
	uint8_t *payload;
	struct acct_hdr hdr;
	struct acct_field f;
	uint32_t uid;

	send_request(fd, ACCT_OP_STATUS, NULL, 0);
	hdr = recv_reply(fd, &payload);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_UID, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &uid), 0);
	ck_assert_uint_eq(uid, getuid());
	free(payload);
	close(fd);
}
END_TEST

/* Each broken header: the status it earns, then the server hangs up. */
static const struct {
	uint32_t magic;
	uint16_t version;
	uint32_t length;
	uint16_t status;
} bad_headers[] = {
	{0x47455420u, ACCT_PROTO_VERSION, 0, ACCT_ST_BADREQ},
	{ACCT_MAGIC, 2, 0, ACCT_ST_UNSUPPORTED},
	{ACCT_MAGIC, ACCT_PROTO_VERSION, ACCT_MAX_REQUEST + 1, ACCT_ST_TOOBIG},
	{ACCT_MAGIC, ACCT_PROTO_VERSION, 0xffffffffu, ACCT_ST_TOOBIG},
};

START_TEST(test_bad_header)
{
	uint8_t h[ACCT_HDR_LEN] = {0};
	struct acct_hdr hdr = {.version = bad_headers[_i].version,
			       .opcode = ACCT_OP_PING,
			       .length = bad_headers[_i].length};
	int fd = connect_server();
	uint8_t *payload;
	struct acct_field f;

	acct_hdr_encode(&hdr, h);
	acct_be32_put(h, bad_headers[_i].magic);
	send_all(fd, h, sizeof(h));
	hdr = recv_reply(fd, &payload);
	ck_assert_uint_eq(hdr.status, bad_headers[_i].status);
	ck_assert_uint_eq(hdr.opcode, ACCT_OP_PING);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_MESSAGE, &f), 1);
	free(payload);
	ck_assert(is_closed(fd));
	close(fd);
	/* nobody else noticed */
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
}
END_TEST

START_TEST(test_malformed_payload)
{
	/* a field claiming 9 bytes with 2 present */
	static const uint8_t bad[] = {0, ACCT_T_NAME, 0, 0, 0, 9, 'a', 'b'};
	int fd = connect_server();

	send_request(fd, ACCT_OP_PING, bad, sizeof(bad));
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_BADREQ);
	ck_assert(is_closed(fd));
	close(fd);
}
END_TEST

START_TEST(test_largest_request)
{
	/* one unknown-tag field filling the request to the limit */
	size_t len = ACCT_MAX_REQUEST;
	uint8_t *p = calloc(1, len);
	int fd = connect_server();

	ck_assert_ptr_nonnull(p);
	p[1] = 200; /* unknown tag: skipped, still valid */
	p[4] = (uint8_t)((len - ACCT_FIELD_HDR_LEN) >> 8);
	p[5] = (uint8_t)(len - ACCT_FIELD_HDR_LEN);
	p[3] = (uint8_t)((len - ACCT_FIELD_HDR_LEN) >> 16);
	send_request(fd, ACCT_OP_PING, p, len);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	free(p);
	close(fd);
}
END_TEST

START_TEST(test_big_reply)
{
	uint8_t req[ACCT_FIELD_HDR_LEN + 4], *payload;
	struct acct_buf b;
	struct acct_hdr hdr;
	int fd = connect_server();

	acct_buf_init(&b, sizeof(req));
	/* 700 kB: more than the socket buffer takes at once */
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_LIMIT, 100000), 0);
	memcpy(req, b.data, b.len);
	acct_buf_free(&b);
	send_request(fd, OP_BIG, req, sizeof(req));
	hdr = recv_reply(fd, &payload);
	ck_assert_uint_eq(hdr.status, ACCT_ST_OK);
	ck_assert_uint_eq(hdr.length, 100000 * (ACCT_FIELD_HDR_LEN + 1));
	ck_assert_int_eq(acct_validate(payload, hdr.length), 0);
	free(payload);
	/* the connection still serves */
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
}
END_TEST

START_TEST(test_connections_counted)
{
	int fds[5];

	uint32_t n;

	ck_assert_uint_eq(connections_now(), 1);
	for (int i = 0; i < 5; i++)
		fds[i] = connect_server();
	/* the STATUS connection plus five idle ones, plus earlier STATUS
	 * connections whose close is not seen yet; an overcount never
	 * settles and the test times out */
	while ((n = connections_now()) != 6)
		ck_assert_uint_gt(n, 6);
	for (int i = 0; i < 5; i++)
		close(fds[i]);
	/* the closes are seen eventually: wait without a timing guess */
	while ((n = connections_now()) != 1)
		ck_assert_uint_gt(n, 1);
}
END_TEST

/* ---- connections per uid (needs root: the holders change uid) ---- */

/* A child process that connects n times as uid, PINGs on each, and holds
 * them open until released. */
struct holder {
	pid_t pid;
	int release; /* write end: a byte there lets the child go */
	unsigned ok, busy;
};

static int ping_as_child(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};
	uint8_t h[ACCT_HDR_LEN];
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	acct_hdr_encode(&hdr, h);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, h, sizeof(h), MSG_NOSIGNAL) != (ssize_t)sizeof(h) ||
	    recv_all(fd, h, sizeof(h)) != sizeof(h) ||
	    acct_hdr_decode(h, ACCT_MAX_REPLY, &hdr) < 0)
		_exit(3);
	/* drain the payload (a BUSY message), keep the connection */
	while (hdr.length-- > 0 && recv_all(fd, h, 1) == 1)
		;
	return hdr.status;
}

static void hold_as(uid_t uid, unsigned n, struct holder *hd)
{
	int res[2], rel[2];
	unsigned counts[2] = {0, 0};
	char c;

	ck_assert_int_eq(pipe(res), 0);
	ck_assert_int_eq(pipe(rel), 0);
	hd->pid = fork();
	ck_assert_int_ge(hd->pid, 0);
	if (hd->pid == 0) {
		close(res[0]);
		close(rel[1]);
		if (setgroups(0, NULL) < 0 || setgid(uid) < 0 ||
		    setuid(uid) < 0)
			_exit(2);
		for (unsigned i = 0; i < n; i++)
			counts[ping_as_child() == ACCT_ST_OK ? 0 : 1]++;
		if (write(res[1], counts, sizeof(counts)) != sizeof(counts))
			_exit(1);
		/* hold until released (later holders share the pipe's
		 * write end, so EOF would never come) */
		_exit(read(rel[0], &c, 1) == 1 ? 0 : 1);
	}
	close(res[1]);
	close(rel[0]);
	ck_assert_int_eq(read(res[0], counts, sizeof(counts)),
			 (ssize_t)sizeof(counts));
	close(res[0]);
	hd->release = rel[1];
	hd->ok = counts[0];
	hd->busy = counts[1];
}

static void release_holder(struct holder *hd)
{
	int status;

	ck_assert_int_eq(write(hd->release, "x", 1), 1);
	close(hd->release);
	ck_assert_int_eq(waitpid(hd->pid, &status, 0), hd->pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void setup_per_uid(void)
{
	if (geteuid() != 0)
		return;
	next_per_uid = 3;
	next_reserved = 4;
	start_server(10, 10000);
	/* the holders must reach the socket */
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
}

/* One uid cannot take more than its share, nor all uids together the
 * slots kept for root: root is served while they hold theirs. */
START_TEST(test_per_uid_cap)
{
	struct holder a, b, c;
	int fd;

	if (geteuid() != 0) {
		fprintf(stderr, "test_per_uid_cap: needs root, skipped\n");
		return;
	}
	hold_as(65534, 5, &a);
	ck_assert_uint_eq(a.ok, 3);
	ck_assert_uint_eq(a.busy, 2);
	/* another uid has a cap of its own */
	hold_as(65533, 5, &b);
	ck_assert_uint_eq(b.ok, 3);
	ck_assert_uint_eq(b.busy, 2);
	/* 6 of the 10 - 4 slots others may use are taken: one more each */
	hold_as(65532, 3, &c);
	ck_assert_uint_eq(c.ok, 0);
	ck_assert_uint_eq(c.busy, 3);
	/* root still gets in, up to max_connections */
	for (int i = 0; i < 4; i++) {
		fd = connect_server();
		send_request(fd, ACCT_OP_PING, NULL, 0);
		ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
		/* left open on purpose: root's own slots fill up */
	}
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_BUSY);
	close(fd);
	release_holder(&a);
	release_holder(&b);
	release_holder(&c);
}
END_TEST

START_TEST(test_busy_over_limit)
{
	int fds[3], fd;

	for (int i = 0; i < 3; i++) {
		fds[i] = connect_server();
		send_request(fds[i], ACCT_OP_PING, NULL, 0);
		ck_assert_int_eq(status_of(fds[i], ACCT_OP_PING), ACCT_ST_OK);
	}
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_BUSY);
	ck_assert(is_closed(fd));
	close(fd);
	/* the three admitted clients are unaffected */
	send_request(fds[0], ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fds[0], ACCT_OP_PING), ACCT_ST_OK);
	close(fds[0]);
	/* and a slot is free again once one leaves */
	for (;;) {
		uint8_t *payload;
		struct acct_hdr hdr;

		fd = connect_server();
		send_request(fd, ACCT_OP_PING, NULL, 0);
		hdr = recv_reply(fd, &payload);
		free(payload);
		close(fd);
		if (hdr.status == ACCT_ST_OK)
			break;
		ck_assert_uint_eq(hdr.status, ACCT_ST_BUSY);
		usleep(1000);
	}
	close(fds[1]);
	close(fds[2]);
}
END_TEST

START_TEST(test_stalled_client_dropped)
{
	uint8_t h[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};
	int stalled = connect_server(), idle = connect_server(), fd;

	acct_hdr_encode(&hdr, h);
	send_all(stalled, h, 7);
	/* meanwhile others are served */
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
	/* both are dropped at their deadline, without a reply */
	ck_assert(is_closed(stalled));
	ck_assert(is_closed(idle));
	close(stalled);
	close(idle);
}
END_TEST

START_TEST(test_shutdown_finishes_requests)
{
	uint8_t h[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};
	int idle = connect_server(), busy = connect_server(), status;
	struct stat st;

	/* make sure both are accepted before the signal */
	ck_assert_uint_eq(connections_now(), 3);
	acct_hdr_encode(&hdr, h);
	send_all(busy, h, 5);
	ck_assert_int_eq(kill(server_pid, SIGTERM), 0);
	/* the idle one is closed, the socket goes away */
	ck_assert(is_closed(idle));
	while (stat(sock_path, &st) == 0)
		usleep(1000);
	/* the half-sent request is still answered, then closed */
	send_all(busy, h + 5, sizeof(h) - 5);
	ck_assert_int_eq(status_of(busy, ACCT_OP_PING), ACCT_ST_OK);
	ck_assert(is_closed(busy));
	ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
	server_pid = 0;
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close(idle);
	close(busy);
}
END_TEST

/* ---- deferred replies ---- */

/* Replies the server child holds back right now. */
static uint32_t held_now(void)
{
	int fd = connect_server();
	uint8_t *payload;
	struct acct_hdr hdr;
	struct acct_field f;
	uint32_t n = 0;

	send_request(fd, ACCT_OP_STATUS, NULL, 0);
	hdr = recv_reply(fd, &payload);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_COUNT_USERS, &f),
			 1);
	ck_assert_int_eq(acct_get_u32(&f, &n), 0);
	free(payload);
	close(fd);
	return n;
}

static void send_later(int fd, uint32_t value)
{
	struct acct_buf b;

	acct_buf_init(&b, 64);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_LIMIT, value), 0);
	send_request(fd, OP_LATER, b.data, b.len);
	acct_buf_free(&b);
}

static void release(void)
{
	int fd = connect_server();

	send_request(fd, OP_RELEASE, NULL, 0);
	ck_assert_int_eq(status_of(fd, OP_RELEASE), ACCT_ST_OK);
	close(fd);
}

/* The late reply to OP_LATER with value: whole and in order. */
static void expect_late(int fd, uint32_t value)
{
	uint8_t *payload;
	struct acct_hdr hdr = recv_reply(fd, &payload);
	struct acct_field f;
	const char *s;
	size_t len;
	uint32_t v = 0;

	ck_assert_uint_eq(hdr.opcode, OP_LATER);
	ck_assert_uint_eq(hdr.status, ACCT_ST_OK);
	ck_assert_int_eq(acct_validate(payload, hdr.length), 0);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_UID, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &v), 0);
	ck_assert_uint_eq(v, value);
	ck_assert_int_eq(acct_find(payload, hdr.length, ACCT_T_GECOS, &f), 1);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_int_eq(memcmp(s, "late", 4), 0);
	free(payload);
}

START_TEST(test_deferred_reply)
{
	int a = connect_server(), b = connect_server();

	send_later(a, 7);
	while (held_now() != 1)
		;
	/* others are served meanwhile, on new and old connections */
	send_request(b, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(b, ACCT_OP_PING), ACCT_ST_OK);
	release();
	expect_late(a, 7);
	/* the connection reads again */
	send_request(a, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(a, ACCT_OP_PING), ACCT_ST_OK);
	close(a);
	close(b);
}
END_TEST

START_TEST(test_deferred_then_pipelined)
{
	uint8_t ping[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};
	int a = connect_server();

	/* a request behind the deferred one waits for it, then is served */
	send_later(a, 1);
	acct_hdr_encode(&hdr, ping);
	send_all(a, ping, sizeof(ping));
	send_later(a, 2);
	while (held_now() != 1)
		;
	release();
	expect_late(a, 1);
	ck_assert_int_eq(status_of(a, ACCT_OP_PING), ACCT_ST_OK);
	while (held_now() != 1)
		;
	release();
	expect_late(a, 2);
	close(a);
}
END_TEST

START_TEST(test_deferred_client_gone)
{
	int a = connect_server(), fd;

	send_later(a, 3);
	while (held_now() != 1)
		;
	close(a);
	/* the server notices the hang-up and closes its side; the token
	 * outlives the connection */
	while (connections_now() != 1)
		;
	release();
	while (held_now() != 0)
		;
	fd = connect_server();
	send_request(fd, ACCT_OP_PING, NULL, 0);
	ck_assert_int_eq(status_of(fd, ACCT_OP_PING), ACCT_ST_OK);
	close(fd);
	/* and nothing went wrong in the server (ASan would abort it) */
	ck_assert_int_eq(WEXITSTATUS(stop_server()), 0);
	server_pid = 0;
}
END_TEST

START_TEST(test_deferred_outlives_read_deadline)
{
	uint8_t h[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = ACCT_OP_PING};
	int a = connect_server(), stalled;

	send_later(a, 9);
	while (held_now() != 1)
		;
	/* a client connected after a's request is dropped at its read
	 * deadline: a's would have passed too */
	stalled = connect_server();
	acct_hdr_encode(&hdr, h);
	send_all(stalled, h, 3);
	ck_assert(is_closed(stalled));
	close(stalled);
	release();
	expect_late(a, 9);
	close(a);
}
END_TEST

START_TEST(test_deferred_at_shutdown)
{
	int a = connect_server(), status;
	struct stat st;

	send_later(a, 5);
	while (held_now() != 1)
		;
	ck_assert_int_eq(kill(server_pid, SIGTERM), 0);
	while (stat(sock_path, &st) == 0)
		usleep(1000);
	/* the pending reply is still sent, then the connection closes */
	ck_assert_int_eq(kill(server_pid, SIGUSR1), 0);
	expect_late(a, 5);
	ck_assert(is_closed(a));
	ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
	server_pid = 0;
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close(a);
}
END_TEST

START_TEST(test_second_server_refused)
{
	struct ad_config cfg;
	struct ad_ctx ctx = {.cfg = &cfg};
	struct event_base *base = event_base_new();
	char err[256] = "";

	ad_config_defaults(&cfg);
	snprintf(cfg.socket_path, sizeof(cfg.socket_path), "%s", sock_path);
	ck_assert_ptr_null(ad_server_new(base, &ctx, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "another accountsd"));
	event_base_free(base);
	ck_assert_int_eq(WEXITSTATUS(stop_server()), 0);
	server_pid = 0;
}
END_TEST

START_TEST(test_stale_socket_replaced)
{
	struct ad_config cfg;
	struct ad_ctx ctx = {.cfg = &cfg};
	struct event_base *base;
	struct ad_server *srv;
	char err[256] = "";
	int status;

	/* a daemon killed outright leaves its socket behind */
	kill(server_pid, SIGKILL);
	ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
	server_pid = 0;
	ck_assert_int_eq(access(sock_path, F_OK), 0);
	ad_config_defaults(&cfg);
	snprintf(cfg.socket_path, sizeof(cfg.socket_path), "%s", sock_path);
	base = event_base_new();
	srv = ad_server_new(base, &ctx, err, sizeof(err));
	ck_assert_msg(srv != NULL, "%s", err);
	ad_server_free(srv);
	event_base_free(base);
	/* freed without a shutdown: the socket is removed all the same */
	ck_assert_int_ne(access(sock_path, F_OK), 0);
}
END_TEST

static void setup_limited(void)
{
	start_server(3, 10000);
}

static void setup_short_timeout(void)
{
	start_server(64, 100);
}

static Suite *server_suite(void)
{
	Suite *s = suite_create("server");
	TCase *tc = tcase_create("basic");
	TCase *lim = tcase_create("limits");
	TCase *per_uid = tcase_create("per_uid");
	TCase *tmo = tcase_create("timeouts");

	tcase_add_checked_fixture(tc, setup_default, teardown);
	tcase_add_test(tc, test_socket_mode_and_ping);
	tcase_add_test(tc, test_keepalive_and_pipelining);
	tcase_add_test(tc, test_byte_by_byte_request);
	tcase_add_test(tc, test_peer_credentials);
	tcase_add_loop_test(
		tc, test_bad_header, 0,
		(int)(sizeof(bad_headers) / sizeof(bad_headers[0])));
	tcase_add_test(tc, test_malformed_payload);
	tcase_add_test(tc, test_largest_request);
	tcase_add_test(tc, test_big_reply);
	tcase_add_test(tc, test_connections_counted);
	tcase_add_test(tc, test_shutdown_finishes_requests);
	tcase_add_test(tc, test_second_server_refused);
	tcase_add_test(tc, test_deferred_reply);
	tcase_add_test(tc, test_deferred_then_pipelined);
	tcase_add_test(tc, test_deferred_client_gone);
	tcase_add_test(tc, test_deferred_at_shutdown);
	tcase_add_test(tc, test_stale_socket_replaced);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(lim, setup_limited, teardown);
	tcase_add_test(lim, test_busy_over_limit);
	suite_add_tcase(s, lim);

	tcase_add_checked_fixture(per_uid, setup_per_uid, teardown);
	tcase_add_test(per_uid, test_per_uid_cap);
	suite_add_tcase(s, per_uid);

	tcase_add_checked_fixture(tmo, setup_short_timeout, teardown);
	tcase_add_test(tmo, test_stalled_client_dropped);
	tcase_add_test(tmo, test_deferred_outlives_read_deadline);
	suite_add_tcase(s, tmo);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(server_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
