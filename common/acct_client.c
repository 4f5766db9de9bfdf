/*
 * acct_client.c - one request, one reply, one deadline.  Stateless: every
 * call opens its own connection and closes it on every path, so the module
 * is safe in threaded and forking hosts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acct_client.h"
#include "acct_fdpass.h"
#include "acct_io.h"
#include "acct_wipe.h"

/* Outcome of one attempt: done (ok or final error), or worth one retry. */
enum attempt_rc {
	ATTEMPT_OK = 0,
	ATTEMPT_FAIL = -1,
	ATTEMPT_STALE = -2,
};

const char *acct_socket_path(const char *explicit_path)
{
	const char *env;

	if (explicit_path != NULL)
		return explicit_path;
	/* secure_getenv: a setuid host must not be pointed at a fake daemon */
	env = secure_getenv(ACCT_SOCKET_ENV);
	if (env != NULL && env[0] != '\0')
		return env;
	return ACCT_DEFAULT_SOCKET;
}

static int is_stale_error(int err)
{
	return err == EPIPE || err == ECONNRESET;
}

/* The first read takes the header and this much payload: a lookup's
 * whole reply in one recv(). */
#define REPLY_FIRST_READ 1024

int acct_read_reply(int fd, uint16_t opcode, size_t max_reply,
		    const struct acct_deadline *d, struct acct_reply *rep,
		    size_t *got)
{
	uint8_t first[ACCT_HDR_LEN + REPLY_FIRST_READ];
	struct acct_hdr hdr = {0};
	uint8_t *payload = NULL;
	size_t n = 0, have, more = 0;
	int err = 0;

	if (got != NULL)
		*got = 0;
	if (acct_read_some(fd, first, ACCT_HDR_LEN, sizeof(first), d, &n) < 0)
		err = errno;
	else if (acct_hdr_decode(first, UINT32_MAX, &hdr) < 0 ||
		 hdr.opcode != opcode)
		err = EBADMSG;
	else if (hdr.length > max_reply)
		err = EMSGSIZE;
	else if (hdr.length > 0 && (payload = malloc(hdr.length)) == NULL)
		err = ENOMEM;
	if (err == 0 && hdr.length > 0) {
		/* one reply per connection: bytes past it are ignored */
		have = n - ACCT_HDR_LEN;
		if (have > hdr.length)
			have = hdr.length;
		memcpy(payload, first + ACCT_HDR_LEN, have);
		if (acct_read_all(fd, payload + have, hdr.length - have, d,
				  &more) < 0)
			err = errno;
		else if (acct_validate(payload, hdr.length) < 0)
			err = EBADMSG;
	}
	/* a reply may carry fields that should not linger on the stack */
	acct_wipe(first, n);
	if (got != NULL)
		*got = n + more;
	if (err != 0) {
		if (payload != NULL) {
			acct_wipe(payload, hdr.length);
			free(payload);
		}
		errno = err;
		return -1;
	}
	rep->opcode = hdr.opcode;
	rep->status = hdr.status;
	rep->payload = payload;
	rep->len = hdr.length;
	return 0;
}

/* How one call goes: its deadline, and who may answer it. */
struct call_ctx {
	struct acct_deadline d;
	acct_trust_fn trust; /* NULL: anyone */
	int pass_fd;	     /* sent with the frame's first byte; -1: none */
};

/* The frame, with c's descriptor on its first byte when it has one. */
static int send_frame(int fd, const struct acct_buf *frame,
		      const struct call_ctx *c)
{
	ssize_t n = 0;

	if (c->pass_fd >= 0) {
		/* a fresh connection: its send buffer is empty */
		n = acct_send_fd(fd, frame->data, frame->len, c->pass_fd);
		if (n < 0)
			return -1;
	}
	return acct_write_all(fd, frame->data + n, frame->len - (size_t)n,
			      &c->d);
}

static enum attempt_rc attempt(const char *path, const struct acct_buf *frame,
			       uint16_t opcode, size_t max_reply,
			       const struct call_ctx *c, struct acct_reply *rep)
{
	const struct acct_deadline *d = &c->d;
	enum attempt_rc rc;
	size_t got = 0;
	int fd, err;

	/* no retry here: no daemon means fail fast */
	fd = acct_connect_unix(path, d);
	if (fd < 0)
		return ATTEMPT_FAIL;
	/* an untrusted peer gets no request and is not heard */
	if (c->trust != NULL && c->trust(fd, path) < 0)
		rc = ATTEMPT_FAIL;
	else if (send_frame(fd, frame, c) < 0)
		rc = is_stale_error(errno) ? ATTEMPT_STALE : ATTEMPT_FAIL;
	else if (acct_read_reply(fd, opcode, max_reply, d, rep, &got) < 0)
		/* closed before any reply byte: the daemon dropped an idle
		 * or restarting connection, so a fresh one may work */
		rc = got == 0 && is_stale_error(errno) ? ATTEMPT_STALE
						       : ATTEMPT_FAIL;
	else
		rc = ATTEMPT_OK;
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

static int call(const char *path, int timeout_ms, acct_trust_fn trust,
		int pass_fd, uint16_t opcode, const uint8_t *payload,
		size_t len, size_t max_reply, struct acct_reply *rep)
{
	struct call_ctx c = {.trust = trust, .pass_fd = pass_fd};
	struct acct_buf frame;
	enum attempt_rc rc;
	int saved = errno, err;

	if (rep == NULL || max_reply > ACCT_MAX_REPLY ||
	    (payload == NULL && len > 0)) {
		errno = EINVAL;
		return -1;
	}
	rep->opcode = 0;
	rep->status = 0;
	rep->payload = NULL;
	rep->len = 0;
	if (len > ACCT_MAX_REQUEST) {
		errno = EMSGSIZE;
		return -1;
	}
	if (path == NULL)
		path = acct_socket_path(NULL);

	acct_deadline_set(&c.d, timeout_ms, NULL);
	acct_buf_init(&frame, ACCT_HDR_LEN + ACCT_MAX_REQUEST);
	frame.secret = 1; /* the payload may hold a password */
	if (acct_frame(&frame, opcode, 0, payload, len) < 0) {
		err = frame.err;
		acct_buf_free(&frame);
		errno = err;
		return -1;
	}

	/* ETIMEDOUT is never STALE, so a retry only spends time left over */
	rc = attempt(path, &frame, opcode, max_reply, &c, rep);
	if (rc == ATTEMPT_STALE)
		rc = attempt(path, &frame, opcode, max_reply, &c, rep);
	err = errno;
	acct_buf_free(&frame);
	if (rc != ATTEMPT_OK) {
		errno = err;
		return -1;
	}
	errno = saved;
	return 0;
}

int acct_call(const char *path, int timeout_ms, uint16_t opcode,
	      const uint8_t *payload, size_t len, size_t max_reply,
	      struct acct_reply *rep)
{
	return call(path, timeout_ms, NULL, -1, opcode, payload, len, max_reply,
		    rep);
}

int acct_call_trusted(const char *path, int timeout_ms, acct_trust_fn trust,
		      uint16_t opcode, const uint8_t *payload, size_t len,
		      size_t max_reply, struct acct_reply *rep)
{
	if (trust == NULL) {
		errno = EINVAL;
		return -1;
	}
	return call(path, timeout_ms, trust, -1, opcode, payload, len,
		    max_reply, rep);
}

int acct_call_trusted_fd(const char *path, int timeout_ms, acct_trust_fn trust,
			 int pass_fd, uint16_t opcode, const uint8_t *payload,
			 size_t len, size_t max_reply, struct acct_reply *rep)
{
	if (trust == NULL || pass_fd < 0) {
		errno = EINVAL;
		return -1;
	}
	return call(path, timeout_ms, trust, pass_fd, opcode, payload, len,
		    max_reply, rep);
}

void acct_reply_free(struct acct_reply *rep)
{
	if (rep == NULL)
		return;
	if (rep->payload != NULL) {
		/* replies can carry sensitive fields; don't leave them in
		 * freed heap */
		acct_wipe(rep->payload, rep->len);
		free(rep->payload);
	}
	rep->payload = NULL;
	rep->len = 0;
}
