/*
 * acct_client.h - a small blocking client: one request, one reply.
 * Used by the NSS module and accountsctl; libc only, no global state.
 */
#ifndef ACCT_CLIENT_H
#define ACCT_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "acct_codec.h"
#include "acct_io.h" /* struct acct_deadline */

struct acct_reply {
	uint16_t opcode;
	uint16_t status;  /* enum acct_status */
	uint8_t *payload; /* malloc'd (NULL when length is 0) */
	size_t len;
};

/*
 * The socket path to use: explicit if non-NULL, else ACCOUNTSD_SOCKET read
 * through secure_getenv (ignored in setuid/setgid programs), else
 * ACCT_DEFAULT_SOCKET.
 */
const char *acct_socket_path(const char *explicit_path);

/*
 * Connect to path, send one request frame (opcode + payload), read one reply
 * frame (payload <= max_reply bytes, which must be <= ACCT_MAX_REPLY), all
 * within timeout_ms.  When the connection turns out stale (the peer resets
 * or closes before any reply byte arrives), reconnects and retries once.
 * The reply payload is checked with acct_validate().
 *
 * Returns 0 with *rep filled (free with acct_reply_free), or -1 with errno:
 * ENOENT/ECONNREFUSED (no daemon), ETIMEDOUT, EBADMSG (protocol error),
 * EMSGSIZE (reply over max_reply), ENOMEM, or another socket error.
 */
int acct_call(const char *path, int timeout_ms, uint16_t opcode,
	      const uint8_t *payload, size_t len, size_t max_reply,
	      struct acct_reply *rep);

/*
 * Whether the peer of fd, just connected to path, may hear the request and
 * be believed: 0, or -1 with errno (acct_peer_trusted is one).
 */
typedef int (*acct_trust_fn)(int fd, const char *path);

/*
 * As acct_call, but each connection is first checked with trust; when it
 * fails, nothing is sent or read and the call fails at once (no retry)
 * with trust's errno.
 */
int acct_call_trusted(const char *path, int timeout_ms, acct_trust_fn trust,
		      uint16_t opcode, const uint8_t *payload, size_t len,
		      size_t max_reply, struct acct_reply *rep);

/*
 * As acct_call_trusted, with the descriptor pass_fd sent along with the
 * request (SCM_RIGHTS; the caller keeps its own copy open).  Only for
 * the operation that takes one (ACCT_OP_BACKUP).
 */
int acct_call_trusted_fd(const char *path, int timeout_ms, acct_trust_fn trust,
			 int pass_fd, uint16_t opcode, const uint8_t *payload,
			 size_t len, size_t max_reply, struct acct_reply *rep);

/*
 * Read one reply frame on fd, a request for opcode having been sent: the
 * header must be the protocol's and name opcode (else EBADMSG), the
 * payload at most max_reply bytes (else EMSGSIZE) and well formed
 * (acct_validate, else EBADMSG), all before deadline d.  The one reader
 * of replies, used by acct_call and by pam_accounts.
 *
 * Returns 0 with *rep filled (free with acct_reply_free), or -1 with errno
 * (also ETIMEDOUT, ECONNRESET when the peer closed early, ENOMEM).  got
 * (may be NULL) receives how many bytes arrived, so that a caller can
 * tell a connection closed before any reply byte.
 */
int acct_read_reply(int fd, uint16_t opcode, size_t max_reply,
		    const struct acct_deadline *d, struct acct_reply *rep,
		    size_t *got);

void acct_reply_free(struct acct_reply *rep);

#endif
