/*
 * acct_client.c - one request, one reply, one deadline.  Stateless: every
 * call opens its own connection and closes it on every path, so the module
 * is safe in threaded and forking hosts.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "acct_client.h"
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

/* Read and check one reply on fd.  Sets errno on failure. */
static enum attempt_rc read_reply(int fd, uint16_t opcode, size_t max_reply,
				  const struct acct_deadline *d,
				  struct acct_reply *rep)
{
	uint8_t raw[ACCT_HDR_LEN];
	struct acct_hdr hdr;
	uint8_t *payload = NULL;
	size_t got = 0;
	int err;

	if (acct_read_all(fd, raw, sizeof(raw), d, &got) < 0) {
		/* closed before any reply byte: the daemon dropped an idle
		 * or restarting connection, so a fresh one may work */
		if (got == 0 && is_stale_error(errno))
			return ATTEMPT_STALE;
		return ATTEMPT_FAIL;
	}
	if (acct_hdr_decode(raw, UINT32_MAX, &hdr) < 0 ||
	    hdr.opcode != opcode) {
		errno = EBADMSG;
		return ATTEMPT_FAIL;
	}
	if (hdr.length > max_reply) {
		errno = EMSGSIZE;
		return ATTEMPT_FAIL;
	}
	if (hdr.length > 0) {
		payload = malloc(hdr.length);
		if (payload == NULL) {
			errno = ENOMEM;
			return ATTEMPT_FAIL;
		}
		if (acct_read_all(fd, payload, hdr.length, d, NULL) < 0) {
			err = errno;
			free(payload);
			errno = err;
			return ATTEMPT_FAIL;
		}
		if (acct_validate(payload, hdr.length) < 0) {
			free(payload);
			errno = EBADMSG;
			return ATTEMPT_FAIL;
		}
	}
	rep->opcode = hdr.opcode;
	rep->status = hdr.status;
	rep->payload = payload;
	rep->len = hdr.length;
	return ATTEMPT_OK;
}

/* How one call goes: its deadline, and who may answer it. */
struct call_ctx {
	struct acct_deadline d;
	acct_trust_fn trust; /* NULL: anyone */
};

static enum attempt_rc attempt(const char *path, const struct acct_buf *frame,
			       uint16_t opcode, size_t max_reply,
			       const struct call_ctx *c, struct acct_reply *rep)
{
	const struct acct_deadline *d = &c->d;
	enum attempt_rc rc;
	int fd, err;

	/* no retry here: no daemon means fail fast */
	fd = acct_connect_unix(path, d);
	if (fd < 0)
		return ATTEMPT_FAIL;
	/* an untrusted peer gets no request and is not heard */
	if (c->trust != NULL && c->trust(fd, path) < 0)
		rc = ATTEMPT_FAIL;
	else if (acct_write_all(fd, frame->data, frame->len, d) < 0)
		rc = is_stale_error(errno) ? ATTEMPT_STALE : ATTEMPT_FAIL;
	else
		rc = read_reply(fd, opcode, max_reply, d, rep);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

static int call(const char *path, int timeout_ms, acct_clock_fn now,
		acct_trust_fn trust, uint16_t opcode, const uint8_t *payload,
		size_t len, size_t max_reply, struct acct_reply *rep)
{
	struct call_ctx c = {.trust = trust};
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

	acct_deadline_set(&c.d, timeout_ms, now);
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

int acct_call_clock(const char *path, int timeout_ms, acct_clock_fn now,
		    uint16_t opcode, const uint8_t *payload, size_t len,
		    size_t max_reply, struct acct_reply *rep)
{
	return call(path, timeout_ms, now, NULL, opcode, payload, len,
		    max_reply, rep);
}

int acct_call(const char *path, int timeout_ms, uint16_t opcode,
	      const uint8_t *payload, size_t len, size_t max_reply,
	      struct acct_reply *rep)
{
	return call(path, timeout_ms, NULL, NULL, opcode, payload, len,
		    max_reply, rep);
}

int acct_call_trusted(const char *path, int timeout_ms, acct_trust_fn trust,
		      uint16_t opcode, const uint8_t *payload, size_t len,
		      size_t max_reply, struct acct_reply *rep)
{
	if (trust == NULL) {
		errno = EINVAL;
		return -1;
	}
	return call(path, timeout_ms, NULL, trust, opcode, payload, len,
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
