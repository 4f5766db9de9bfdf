/*
 * pa_call.c - one request to the daemon, after making sure it IS the
 * daemon.
 *
 * acct_call() connects and sends in one go; a PAM request carries a
 * password, so this module checks who listens on the socket between the
 * connect and the send (SSSD's check_server_cred): the socket file must
 * belong to root and so must the listening process.  One connection per
 * request, no retry: a password is sent at most once.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "acct_client.h"
#include "acct_io.h"
#include "acct_peer.h"
#include "acct_proto.h"
#include "pa.h"

/* Only root may run the daemon that verifies passwords. */
#define PA_SERVER_UID 0

/* Send the frame and read the answer on a connected, verified fd. */
static int exchange(int fd, uint16_t opcode, const struct acct_buf *req,
		    const struct acct_deadline *d, struct acct_reply *rep)
{
	struct acct_buf frame;
	int rc, err;

	acct_buf_init(&frame, ACCT_HDR_LEN + ACCT_MAX_REQUEST);
	frame.secret = 1; /* a copy of the password */
	rc = acct_frame(&frame, opcode, 0, req->data, req->len);
	if (rc < 0)
		errno = frame.err == ENOMEM ? ENOMEM : EMSGSIZE;
	else
		rc = acct_write_all(fd, frame.data, frame.len, d);
	err = errno;
	acct_buf_free(&frame);
	if (rc < 0) {
		errno = err;
		return -1;
	}
	return acct_read_reply(fd, opcode, PA_MAX_REPLY, d, rep, NULL);
}

int pa_call(const char *path, int timeout_ms, uint16_t opcode,
	    const struct acct_buf *req, struct acct_reply *rep)
{
	struct acct_deadline d;
	uid_t peer;
	int fd, rc, err;

	memset(rep, 0, sizeof(*rep));
	if (req->err != 0 || req->len > ACCT_MAX_REQUEST) {
		errno = req->err == ENOMEM ? ENOMEM : EMSGSIZE;
		return -1;
	}
	/* no socket: fail before spending anything (daemon down at boot) */
	if (acct_socket_owned_by(path, PA_SERVER_UID) < 0)
		return -1;

	acct_deadline_set(&d, timeout_ms, NULL);
	fd = acct_connect_unix(path, &d);
	if (fd < 0)
		return -1;
	if (acct_peer_uid(fd, &peer) < 0)
		rc = -1;
	else if (peer != PA_SERVER_UID) {
		errno = EPERM;
		rc = -1;
	} else
		rc = exchange(fd, opcode, req, &d, rep);
	err = errno;
	close(fd);
	if (rc < 0) {
		acct_reply_free(rep);
		errno = err;
	}
	return rc;
}
