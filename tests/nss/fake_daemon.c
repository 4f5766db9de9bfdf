/*
 * fake_daemon.c - see fake_daemon.h.
 *
 * Deliberately simple: blocking sockets, one thread per connection, a
 * mutex around the directory and the knobs, and a stop flag that every
 * loop checks between short polls.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "fake_daemon.h"

#define POLL_SLICE_MS 20
#define MAX_OPCODE 128

struct fake_user {
	char *name, *gecos, *home, *shell;
	uint32_t uid, gid;
};

struct fake_group {
	char *name;
	uint32_t gid;
	char **members;
	size_t nmembers;
};

struct fake_daemon {
	char dir[64];
	char path[108];
	int listen_fd;
	pthread_t accept_thread;

	pthread_mutex_t lock; /* everything below */
	bool stopping;
	unsigned live; /* connection threads still running */
	unsigned connections;
	unsigned requests[MAX_OPCODE];
	long last_cursor[MAX_OPCODE];
	enum fake_mode mode;
	uint16_t status;
	uint8_t *bytes;
	size_t nbytes;
	struct fake_user *users;
	size_t nusers;
	struct fake_group *groups;
	size_t ngroups;
};

struct conn {
	struct fake_daemon *fd;
	int sock;
};

static void die(const char *what)
{
	perror(what);
	abort();
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		die("malloc");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		die("strdup");
	return p;
}

static bool stopping(struct fake_daemon *fd)
{
	bool s;

	pthread_mutex_lock(&fd->lock);
	s = fd->stopping;
	pthread_mutex_unlock(&fd->lock);
	return s;
}

/* Wait until sock is readable; false when the daemon is stopping. */
static bool wait_readable(struct fake_daemon *fd, int sock)
{
	struct pollfd pfd = {.fd = sock, .events = POLLIN};

	for (;;) {
		if (stopping(fd))
			return false;
		int rc = poll(&pfd, 1, POLL_SLICE_MS);

		if (rc > 0)
			return true;
		if (rc < 0 && errno != EINTR)
			return false;
	}
}

/* Read exactly n bytes; false on EOF, error or stop. */
static bool read_exact(struct fake_daemon *fd, int sock, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n > 0) {
		if (!wait_readable(fd, sock))
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

static bool write_exact(int sock, const void *buf, size_t n)
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

/* ---- answers from the directory (called with the lock held) ---- */

static void put_user(struct acct_buf *b, const struct fake_user *u)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, u->name);
	acct_put_u32(b, ACCT_T_UID, u->uid);
	acct_put_u32(b, ACCT_T_GID, u->gid);
	acct_put_str(b, ACCT_T_GECOS, u->gecos);
	acct_put_str(b, ACCT_T_HOME, u->home);
	acct_put_str(b, ACCT_T_SHELL, u->shell);
	acct_end(b, mark);
}

static void put_group(struct acct_buf *b, const struct fake_group *g)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, g->name);
	acct_put_u32(b, ACCT_T_GID, g->gid);
	for (size_t i = 0; i < g->nmembers; i++)
		acct_put_str(b, ACCT_T_MEMBER, g->members[i]);
	acct_end(b, mark);
}

struct request {
	uint16_t opcode;
	const char *name; /* NUL-terminated copy, or NULL */
	bool have_id, have_cursor;
	uint32_t id, cursor, limit;
};

static void parse_request(const uint8_t *p, size_t len, struct request *rq,
			  char *namebuf, size_t namesize)
{
	struct acct_reader r;
	struct acct_field f;

	acct_reader_init(&r, p, len);
	while (acct_next(&r, &f) == 1) {
		switch (f.tag) {
		case ACCT_T_NAME:
			if (acct_get_strcpy(&f, namebuf, namesize) == 0)
				rq->name = namebuf;
			break;
		case ACCT_T_UID:
		case ACCT_T_GID:
			rq->have_id = acct_get_u32(&f, &rq->id) == 0;
			break;
		case ACCT_T_CURSOR:
			rq->have_cursor = acct_get_u32(&f, &rq->cursor) == 0;
			break;
		case ACCT_T_LIMIT:
			acct_get_u32(&f, &rq->limit);
			break;
		default:
			break;
		}
	}
}

static uint16_t answer_pw(struct fake_daemon *fd, const struct request *rq,
			  struct acct_buf *out)
{
	for (size_t i = 0; i < fd->nusers; i++) {
		const struct fake_user *u = &fd->users[i];

		if (rq->opcode == ACCT_OP_PW_BYNAME
			    ? rq->name != NULL && strcmp(rq->name, u->name) == 0
			    : rq->have_id && rq->id == u->uid) {
			put_user(out, u);
			return ACCT_ST_OK;
		}
	}
	return ACCT_ST_NOTFOUND;
}

static uint16_t answer_gr(struct fake_daemon *fd, const struct request *rq,
			  struct acct_buf *out)
{
	for (size_t i = 0; i < fd->ngroups; i++) {
		const struct fake_group *g = &fd->groups[i];

		if (rq->opcode == ACCT_OP_GR_BYNAME
			    ? rq->name != NULL && strcmp(rq->name, g->name) == 0
			    : rq->have_id && rq->id == g->gid) {
			put_group(out, g);
			return ACCT_ST_OK;
		}
	}
	return ACCT_ST_NOTFOUND;
}

/* PW_ENUM / GR_ENUM: entries with id > cursor, at most limit of them. */
static uint16_t answer_enum(struct fake_daemon *fd, const struct request *rq,
			    struct acct_buf *out)
{
	bool pw = rq->opcode == ACCT_OP_PW_ENUM;
	size_t n = pw ? fd->nusers : fd->ngroups, sent = 0, i;
	uint32_t cursor = rq->have_cursor ? rq->cursor : 0, last = cursor;
	uint32_t limit = rq->limit;

	if (limit == 0 || limit > ACCT_ENUM_BATCH)
		limit = ACCT_ENUM_BATCH;
	for (i = 0; i < n && sent < limit; i++) {
		uint32_t id = pw ? fd->users[i].uid : fd->groups[i].gid;

		if (id <= cursor)
			continue;
		if (pw)
			put_user(out, &fd->users[i]);
		else
			put_group(out, &fd->groups[i]);
		last = id;
		sent++;
	}
	acct_put_u32(out, ACCT_T_MORE, i < n ? 1 : 0);
	acct_put_u32(out, ACCT_T_CURSOR, last);
	return ACCT_ST_OK;
}

static uint16_t answer_initgroups(struct fake_daemon *fd,
				  const struct request *rq,
				  struct acct_buf *out)
{
	const struct fake_user *u = NULL;

	for (size_t i = 0; i < fd->nusers && rq->name != NULL; i++) {
		if (strcmp(fd->users[i].name, rq->name) == 0)
			u = &fd->users[i];
	}
	if (u == NULL)
		return ACCT_ST_NOTFOUND;
	acct_put_u32(out, ACCT_T_GID, u->gid);
	for (size_t i = 0; i < fd->ngroups; i++) {
		const struct fake_group *g = &fd->groups[i];

		for (size_t m = 0; m < g->nmembers; m++) {
			if (strcmp(g->members[m], u->name) == 0) {
				acct_put_u32(out, ACCT_T_GID, g->gid);
				break;
			}
		}
	}
	return ACCT_ST_OK;
}

static uint16_t answer(struct fake_daemon *fd, const struct request *rq,
		       struct acct_buf *out)
{
	switch (rq->opcode) {
	case ACCT_OP_PW_BYNAME:
	case ACCT_OP_PW_BYUID:
		return answer_pw(fd, rq, out);
	case ACCT_OP_GR_BYNAME:
	case ACCT_OP_GR_BYGID:
		return answer_gr(fd, rq, out);
	case ACCT_OP_PW_ENUM:
	case ACCT_OP_GR_ENUM:
		return answer_enum(fd, rq, out);
	case ACCT_OP_INITGROUPS:
		return answer_initgroups(fd, rq, out);
	default:
		return ACCT_ST_UNSUPPORTED;
	}
}

/* ---- connections ---- */

/* Serve one request; false when the connection is over. */
static bool serve_one(struct fake_daemon *fd, int sock)
{
	uint8_t raw[ACCT_HDR_LEN];
	struct acct_hdr hdr;
	struct request rq = {0};
	char name[ACCT_MAX_STR + 1];
	struct acct_buf payload, frame;
	uint8_t *req = NULL;
	enum fake_mode mode;
	uint16_t status;
	bool ok = false;

	if (!read_exact(fd, sock, raw, sizeof(raw)) ||
	    acct_hdr_decode(raw, ACCT_MAX_REQUEST, &hdr) < 0)
		return false;
	req = xmalloc(hdr.length);
	if (!read_exact(fd, sock, req, hdr.length)) {
		free(req);
		return false;
	}
	rq.opcode = hdr.opcode;
	parse_request(req, hdr.length, &rq, name, sizeof(name));
	free(req);

	acct_buf_init(&payload, ACCT_MAX_REPLY);
	acct_buf_init(&frame, ACCT_HDR_LEN + ACCT_MAX_REPLY);
	pthread_mutex_lock(&fd->lock);
	if (rq.opcode < MAX_OPCODE) {
		fd->requests[rq.opcode]++;
		fd->last_cursor[rq.opcode] =
			rq.have_cursor ? (long)rq.cursor : -1;
	}
	mode = fd->mode;
	switch (mode) {
	case FAKE_SERVE:
		status = answer(fd, &rq, &payload);
		acct_frame(&frame, rq.opcode, status, payload.data,
			   payload.len);
		break;
	case FAKE_STATUS:
		acct_frame(&frame, rq.opcode, fd->status, NULL, 0);
		break;
	case FAKE_PAYLOAD:
		acct_frame(&frame, rq.opcode, ACCT_ST_OK, fd->bytes,
			   fd->nbytes);
		break;
	case FAKE_RAW:
		acct_buf_append(&frame, fd->bytes, fd->nbytes);
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&fd->lock);

	switch (mode) {
	case FAKE_HANG:
		/* until the client gives up and closes (or we stop) */
		while (wait_readable(fd, sock) && recv(sock, raw, 1, 0) > 0)
			;
		break;
	case FAKE_CLOSE_ON_READ:
	case FAKE_CLOSE_ON_ACCEPT:
		break;
	case FAKE_RAW:
		write_exact(sock, frame.data, frame.len);
		break;
	default:
		if (frame.err != 0)
			die("fake daemon: building the reply");
		ok = write_exact(sock, frame.data, frame.len);
		break;
	}
	acct_buf_free(&payload);
	acct_buf_free(&frame);
	return ok;
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	struct fake_daemon *fd = c->fd;
	bool close_now;

	pthread_mutex_lock(&fd->lock);
	close_now = fd->mode == FAKE_CLOSE_ON_ACCEPT;
	pthread_mutex_unlock(&fd->lock);
	if (!close_now) {
		while (serve_one(fd, c->sock))
			;
	}
	close(c->sock);
	free(c);
	pthread_mutex_lock(&fd->lock);
	fd->live--;
	pthread_mutex_unlock(&fd->lock);
	return NULL;
}

static void *accept_main(void *arg)
{
	struct fake_daemon *fd = arg;
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (wait_readable(fd, fd->listen_fd)) {
		int sock = accept4(fd->listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (sock < 0)
			continue;
		struct conn *c = xmalloc(sizeof(*c));

		c->fd = fd;
		c->sock = sock;
		pthread_mutex_lock(&fd->lock);
		fd->connections++;
		fd->live++;
		pthread_mutex_unlock(&fd->lock);
		if (pthread_create(&t, &attr, conn_main, c) != 0)
			die("pthread_create");
	}
	pthread_attr_destroy(&attr);
	return NULL;
}

/* ---- public ---- */

struct fake_daemon *fake_start(void)
{
	struct fake_daemon *fd = xmalloc(sizeof(*fd));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	memset(fd, 0, sizeof(*fd));
	pthread_mutex_init(&fd->lock, NULL);
	fd->mode = FAKE_SERVE;
	for (size_t i = 0; i < MAX_OPCODE; i++)
		fd->last_cursor[i] = -1;
	snprintf(fd->dir, sizeof(fd->dir), "/tmp/nss-fake-XXXXXX");
	if (mkdtemp(fd->dir) == NULL)
		die("mkdtemp");
	snprintf(fd->path, sizeof(fd->path), "%s/socket", fd->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", fd->path);

	fd->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd->listen_fd < 0 ||
	    bind(fd->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd->listen_fd, 128) < 0)
		die("fake daemon socket");
	if (pthread_create(&fd->accept_thread, NULL, accept_main, fd) != 0)
		die("pthread_create");
	return fd;
}

void fake_wait_idle(struct fake_daemon *fd)
{
	struct timespec slice = {0, 5 * 1000 * 1000};
	unsigned live;

	for (;;) {
		pthread_mutex_lock(&fd->lock);
		live = fd->live;
		pthread_mutex_unlock(&fd->lock);
		if (live == 0)
			return;
		nanosleep(&slice, NULL);
	}
}

void fake_stop(struct fake_daemon *fd)
{
	pthread_mutex_lock(&fd->lock);
	fd->stopping = true;
	pthread_mutex_unlock(&fd->lock);
	pthread_join(fd->accept_thread, NULL);
	/* connection threads see the flag within one poll slice */
	fake_wait_idle(fd);

	close(fd->listen_fd);
	unlink(fd->path);
	rmdir(fd->dir);
	for (size_t i = 0; i < fd->nusers; i++) {
		free(fd->users[i].name);
		free(fd->users[i].gecos);
		free(fd->users[i].home);
		free(fd->users[i].shell);
	}
	free(fd->users);
	for (size_t i = 0; i < fd->ngroups; i++) {
		for (size_t m = 0; m < fd->groups[i].nmembers; m++)
			free(fd->groups[i].members[m]);
		free(fd->groups[i].members);
		free(fd->groups[i].name);
	}
	free(fd->groups);
	free(fd->bytes);
	pthread_mutex_destroy(&fd->lock);
	free(fd);
}

const char *fake_socket(const struct fake_daemon *fd)
{
	return fd->path;
}

void fake_add_user(struct fake_daemon *fd, const char *name, uint32_t uid,
		   uint32_t gid, const char *gecos, const char *home,
		   const char *shell)
{
	struct fake_user u = {
		.name = xstrdup(name),
		.gecos = xstrdup(gecos),
		.home = xstrdup(home),
		.shell = xstrdup(shell),
		.uid = uid,
		.gid = gid,
	};
	size_t at;

	pthread_mutex_lock(&fd->lock);
	fd->users = realloc(fd->users, (fd->nusers + 1) * sizeof(u));
	if (fd->users == NULL)
		die("realloc");
	/* keep uid order, as enumeration hands them out */
	for (at = fd->nusers; at > 0 && fd->users[at - 1].uid > uid; at--)
		fd->users[at] = fd->users[at - 1];
	fd->users[at] = u;
	fd->nusers++;
	pthread_mutex_unlock(&fd->lock);
}

void fake_add_group(struct fake_daemon *fd, const char *name, uint32_t gid,
		    const char *const *members, size_t nmembers)
{
	struct fake_group g = {
		.name = xstrdup(name),
		.gid = gid,
		.members = xmalloc(nmembers * sizeof(char *)),
		.nmembers = nmembers,
	};
	size_t at;

	for (size_t i = 0; i < nmembers; i++)
		g.members[i] = xstrdup(members[i]);
	pthread_mutex_lock(&fd->lock);
	fd->groups = realloc(fd->groups, (fd->ngroups + 1) * sizeof(g));
	if (fd->groups == NULL)
		die("realloc");
	for (at = fd->ngroups; at > 0 && fd->groups[at - 1].gid > gid; at--)
		fd->groups[at] = fd->groups[at - 1];
	fd->groups[at] = g;
	fd->ngroups++;
	pthread_mutex_unlock(&fd->lock);
}

void fake_set_mode(struct fake_daemon *fd, enum fake_mode mode)
{
	pthread_mutex_lock(&fd->lock);
	fd->mode = mode;
	pthread_mutex_unlock(&fd->lock);
}

void fake_set_status(struct fake_daemon *fd, uint16_t status)
{
	pthread_mutex_lock(&fd->lock);
	fd->mode = FAKE_STATUS;
	fd->status = status;
	pthread_mutex_unlock(&fd->lock);
}

void fake_set_bytes(struct fake_daemon *fd, const void *p, size_t len)
{
	uint8_t *copy = xmalloc(len);

	if (len > 0)
		memcpy(copy, p, len);
	pthread_mutex_lock(&fd->lock);
	free(fd->bytes);
	fd->bytes = copy;
	fd->nbytes = len;
	pthread_mutex_unlock(&fd->lock);
}

unsigned fake_connections(struct fake_daemon *fd)
{
	unsigned n;

	pthread_mutex_lock(&fd->lock);
	n = fd->connections;
	pthread_mutex_unlock(&fd->lock);
	return n;
}

unsigned fake_requests(struct fake_daemon *fd, uint16_t opcode)
{
	unsigned n = 0;

	pthread_mutex_lock(&fd->lock);
	if (opcode < MAX_OPCODE)
		n = fd->requests[opcode];
	pthread_mutex_unlock(&fd->lock);
	return n;
}

long fake_last_cursor(struct fake_daemon *fd, uint16_t opcode)
{
	long c = -1;

	pthread_mutex_lock(&fd->lock);
	if (opcode < MAX_OPCODE)
		c = fd->last_cursor[opcode];
	pthread_mutex_unlock(&fd->lock);
	return c;
}
