/*
 * fake_core.c - see fake_core.h.
 *
 * Deliberately simple: blocking sockets, a mutex around the counters, and
 * a pipe that is written once at stop and never read, so that every poll
 * from then on wakes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "acct_ops.h"
#include "acct_proto.h"
#include "fake_core.h"

/* The first byte of a probe connection (a frame starts with 'A'). */
#define PROBE_BYTE 'P'
#define MAX_KEPT 16

struct fake_core {
	struct fake_core_conf conf;
	char dir[64];
	char path[108];
	int listen_fd;
	int stop[2];
	pthread_t accept_thread;

	pthread_mutex_t lock; /* everything below */
	unsigned connections;
	unsigned probes;
	unsigned live; /* connections accepted and not yet closed or kept */
	int kept[MAX_KEPT];
	unsigned nkept;
};

struct conn {
	struct fake_core *core;
	int sock;
};

void fake_die(const char *what)
{
	perror(what);
	abort();
}

void *fake_xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		fake_die("malloc");
	return p;
}

char *fake_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fake_die("strdup");
	return p;
}

const char *fake_op_label(uint16_t opcode, char *buf, size_t size)
{
	const char *name = acct_op_name(opcode);

	snprintf(buf, size, "%s (%u)", name != NULL ? name : "unknown",
		 (unsigned)opcode);
	return buf;
}

/* Wait until sock is readable: 1; 0 on timeout; -1 on stop or error. */
static int wait_readable(struct fake_core *core, int sock)
{
	struct pollfd pfd[2] = {
		{.fd = sock, .events = POLLIN},
		{.fd = core->stop[0], .events = POLLIN},
	};

	for (;;) {
		int rc = poll(pfd, 2, core->conf.timeout_ms);

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || pfd[1].revents != 0)
			return -1;
		return rc > 0 ? 1 : 0;
	}
}

bool fake_read_exact(struct fake_core *core, int sock, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n > 0) {
		if (wait_readable(core, sock) <= 0)
			return false;
		ssize_t got = recv(sock, p, n, 0);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

bool fake_write_exact(int sock, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n > 0) {
		ssize_t put = send(sock, p, n, MSG_NOSIGNAL);

		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		p += put;
		n -= (size_t)put;
	}
	return true;
}

void fake_wait_hangup(struct fake_core *core, int sock)
{
	uint8_t byte;
	int rc;

	while ((rc = wait_readable(core, sock)) >= 0) {
		if (rc > 0 && recv(sock, &byte, 1, 0) <= 0)
			return;
	}
}

enum fake_frame fake_read_frame(struct fake_core *core, int sock,
				struct acct_hdr *hdr, uint8_t **payload)
{
	uint8_t raw[ACCT_HDR_LEN];

	*payload = NULL;
	if (!fake_read_exact(core, sock, raw, 1))
		return FAKE_FRAME_NONE;
	if (raw[0] == PROBE_BYTE) {
		pthread_mutex_lock(&core->lock);
		core->probes++;
		core->connections--;
		pthread_mutex_unlock(&core->lock);
		return FAKE_FRAME_NONE;
	}
	if (!fake_read_exact(core, sock, raw + 1, sizeof(raw) - 1))
		return FAKE_FRAME_NONE;
	if (acct_hdr_decode(raw, ACCT_MAX_REQUEST, hdr) < 0)
		return FAKE_FRAME_BAD;
	*payload = fake_xmalloc(hdr->length);
	if (!fake_read_exact(core, sock, *payload, hdr->length)) {
		free(*payload);
		*payload = NULL;
		return FAKE_FRAME_NONE;
	}
	return FAKE_FRAME_OK;
}

bool fake_send_frame(int sock, uint16_t opcode, uint16_t status,
		     const void *payload, size_t len)
{
	struct acct_buf frame;
	bool ok;

	acct_buf_init(&frame, ACCT_HDR_LEN + ACCT_MAX_REPLY);
	if (acct_frame(&frame, opcode, status, payload, len) < 0 ||
	    frame.err != 0)
		fake_die("fake daemon: building the reply");
	ok = fake_write_exact(sock, frame.data, frame.len);
	acct_buf_free(&frame);
	return ok;
}

/* Serve sock, then close or keep it. */
static void serve(struct fake_core *core, int sock)
{
	enum fake_after after = core->conf.serve(core->conf.arg, core, sock);

	pthread_mutex_lock(&core->lock);
	if (after == FAKE_AFTER_KEEP && core->nkept < MAX_KEPT) {
		core->kept[core->nkept++] = sock;
		sock = -1;
	}
	core->live--;
	pthread_mutex_unlock(&core->lock);
	if (sock >= 0)
		close(sock);
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;

	serve(c->core, c->sock);
	free(c);
	return NULL;
}

static void *accept_main(void *arg)
{
	struct fake_core *core = arg;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* the listening socket waits for clients, not for a timeout */
	while ((rc = wait_readable(core, core->listen_fd)) >= 0) {
		if (rc == 0)
			continue;
		int sock = accept4(core->listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (sock < 0)
			continue;
		pthread_mutex_lock(&core->lock);
		core->connections++;
		core->live++;
		pthread_mutex_unlock(&core->lock);
		if (!core->conf.threaded) {
			serve(core, sock);
			continue;
		}
		struct conn *c = fake_xmalloc(sizeof(*c));

		c->core = core;
		c->sock = sock;
		if (pthread_create(&t, &attr, conn_main, c) != 0)
			fake_die("pthread_create");
	}
	pthread_attr_destroy(&attr);
	return NULL;
}

struct fake_core *fake_core_start(const struct fake_core_conf *conf)
{
	struct fake_core *core = calloc(1, sizeof(*core));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (core == NULL)
		fake_die("calloc");
	core->conf = *conf;
	pthread_mutex_init(&core->lock, NULL);
	snprintf(core->dir, sizeof(core->dir), "/tmp/%s.XXXXXX", conf->name);
	if (mkdtemp(core->dir) == NULL)
		fake_die("mkdtemp");
	snprintf(core->path, sizeof(core->path), "%s/socket", core->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", core->path);

	core->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (core->listen_fd < 0 ||
	    bind(core->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(core->listen_fd, 128) < 0)
		fake_die("fake daemon socket");
	if (pipe2(core->stop, O_CLOEXEC) < 0)
		fake_die("pipe2");
	if (pthread_create(&core->accept_thread, NULL, accept_main, core) != 0)
		fake_die("pthread_create");
	return core;
}

void fake_core_wait_idle(struct fake_core *core)
{
	struct timespec slice = {0, 5 * 1000 * 1000};
	unsigned live;

	for (;;) {
		pthread_mutex_lock(&core->lock);
		live = core->live;
		pthread_mutex_unlock(&core->lock);
		if (live == 0)
			return;
		nanosleep(&slice, NULL);
	}
}

void fake_core_stop(struct fake_core *core)
{
	if (core == NULL)
		return;
	if (write(core->stop[1], "x", 1) != 1)
		fake_die("write");
	pthread_join(core->accept_thread, NULL);
	/* connection threads see the stop pipe at their next wait */
	fake_core_wait_idle(core);
	for (unsigned i = 0; i < core->nkept; i++)
		close(core->kept[i]);
	close(core->stop[0]);
	close(core->stop[1]);
	close(core->listen_fd);
	unlink(core->path);
	rmdir(core->dir);
	pthread_mutex_destroy(&core->lock);
	free(core);
}

const char *fake_core_socket(const struct fake_core *core)
{
	return core->path;
}

unsigned fake_core_connections(struct fake_core *core)
{
	unsigned n;

	pthread_mutex_lock(&core->lock);
	n = core->connections;
	pthread_mutex_unlock(&core->lock);
	return n;
}

void fake_core_sync(struct fake_core *core)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct timespec slice = {0, 1000 * 1000};
	unsigned before, now;
	int sock;

	pthread_mutex_lock(&core->lock);
	before = core->probes;
	pthread_mutex_unlock(&core->lock);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		fake_die("socket");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", core->path);
	if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    !fake_write_exact(sock, (const uint8_t[]){PROBE_BYTE}, 1))
		fake_die("fake daemon: probe");
	close(sock);
	do {
		nanosleep(&slice, NULL);
		pthread_mutex_lock(&core->lock);
		now = core->probes;
		pthread_mutex_unlock(&core->lock);
	} while (now == before);
}
