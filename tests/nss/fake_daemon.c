/*
 * fake_daemon.c - see fake_daemon.h.
 *
 * Deliberately simple: the socket, the threads and the frames are
 * fake_core's; here are a mutex around the directory and the knobs, and
 * the answers.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "fake_core.h"
#include "fake_daemon.h"

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
	struct fake_core *core;

	pthread_mutex_t lock; /* everything below */
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
	struct request rq = {0};
	char name[ACCT_MAX_STR + 1];
	struct acct_buf payload;
	struct acct_hdr hdr;
	enum fake_mode mode;
	uint16_t status = ACCT_ST_OK;
	uint8_t *req;
	bool ok = false;

	if (fake_read_frame(fd->core, sock, &hdr, &req) != FAKE_FRAME_OK)
		return false;
	rq.opcode = hdr.opcode;
	parse_request(req, hdr.length, &rq, name, sizeof(name));
	free(req);

	/* FAKE_RAW: the set bytes are a whole reply, header and all */
	acct_buf_init(&payload, ACCT_HDR_LEN + ACCT_MAX_REPLY);
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
		break;
	case FAKE_STATUS:
		status = fd->status;
		break;
	case FAKE_PAYLOAD:
	case FAKE_RAW:
		acct_buf_append(&payload, fd->bytes, fd->nbytes);
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&fd->lock);

	switch (mode) {
	case FAKE_HANG:
		/* until the client gives up and closes (or we stop) */
		fake_wait_hangup(fd->core, sock);
		break;
	case FAKE_CLOSE_ON_READ:
	case FAKE_CLOSE_ON_ACCEPT:
		break;
	case FAKE_RAW:
		fake_write_exact(sock, payload.data, payload.len);
		break;
	default:
		ok = fake_send_frame(sock, rq.opcode, status, payload.data,
				     payload.len);
		break;
	}
	acct_buf_free(&payload);
	return ok;
}

static enum fake_after serve(void *arg, struct fake_core *core, int sock)
{
	struct fake_daemon *fd = arg;
	bool close_now;

	(void)core;
	pthread_mutex_lock(&fd->lock);
	close_now = fd->mode == FAKE_CLOSE_ON_ACCEPT;
	pthread_mutex_unlock(&fd->lock);
	if (!close_now) {
		while (serve_one(fd, sock))
			;
	}
	return FAKE_AFTER_CLOSE;
}

/* ---- public ---- */

struct fake_daemon *fake_start(void)
{
	struct fake_daemon *fd = fake_xmalloc(sizeof(*fd));
	struct fake_core_conf conf = {
		.name = "nss-fake",
		.threaded = true, /* concurrent clients, served concurrently */
		.timeout_ms = -1,
		.serve = serve,
		.arg = fd,
	};

	memset(fd, 0, sizeof(*fd));
	pthread_mutex_init(&fd->lock, NULL);
	fd->mode = FAKE_SERVE;
	for (size_t i = 0; i < MAX_OPCODE; i++)
		fd->last_cursor[i] = -1;
	fd->core = fake_core_start(&conf);
	return fd;
}

void fake_wait_idle(struct fake_daemon *fd)
{
	fake_core_wait_idle(fd->core);
}

void fake_stop(struct fake_daemon *fd)
{
	fake_core_stop(fd->core);
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
	return fake_core_socket(fd->core);
}

void fake_add_user(struct fake_daemon *fd, const char *name, uint32_t uid,
		   uint32_t gid, const char *gecos, const char *home,
		   const char *shell)
{
	struct fake_user u = {
		.name = fake_xstrdup(name),
		.gecos = fake_xstrdup(gecos),
		.home = fake_xstrdup(home),
		.shell = fake_xstrdup(shell),
		.uid = uid,
		.gid = gid,
	};
	size_t at;

	pthread_mutex_lock(&fd->lock);
	fd->users = realloc(fd->users, (fd->nusers + 1) * sizeof(u));
	if (fd->users == NULL)
		fake_die("realloc");
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
		.name = fake_xstrdup(name),
		.gid = gid,
		.members = fake_xmalloc(nmembers * sizeof(char *)),
		.nmembers = nmembers,
	};
	size_t at;

	for (size_t i = 0; i < nmembers; i++)
		g.members[i] = fake_xstrdup(members[i]);
	pthread_mutex_lock(&fd->lock);
	fd->groups = realloc(fd->groups, (fd->ngroups + 1) * sizeof(g));
	if (fd->groups == NULL)
		fake_die("realloc");
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
	uint8_t *copy = fake_xmalloc(len);

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
	return fake_core_connections(fd->core);
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
