/*
 * fake_daemon.h - an in-process stand-in for accountsd, for the NSS tests.
 *
 * A thread accepts on a Unix socket in a fresh temporary directory and
 * serves each connection on its own thread, so concurrent clients are
 * served concurrently.  It answers the NSS opcodes from a small directory
 * that the test fills (users, groups), or misbehaves as the mode says.
 * Frames are read and written with the common codec.
 */
#ifndef FAKE_DAEMON_H
#define FAKE_DAEMON_H

#include <stddef.h>
#include <stdint.h>

enum fake_mode {
	FAKE_SERVE,	      /* answer from the directory */
	FAKE_STATUS,	      /* reply with the set status, empty payload */
	FAKE_PAYLOAD,	      /* reply OK carrying the set payload verbatim */
	FAKE_RAW,	      /* send the set bytes as the whole reply, close */
	FAKE_HANG,	      /* read the request, never answer */
	FAKE_CLOSE_ON_READ,   /* read the request, close without a reply */
	FAKE_CLOSE_ON_ACCEPT, /* close every connection at once */
};

struct fake_daemon;

/* Start serving; aborts the test program on failure. */
struct fake_daemon *fake_start(void);
/* Stop the threads, remove the socket and its directory, free. */
void fake_stop(struct fake_daemon *fd);
const char *fake_socket(const struct fake_daemon *fd);

/* The directory.  Entries are kept in id order, as the daemon keeps them. */
void fake_add_user(struct fake_daemon *fd, const char *name, uint32_t uid,
		   uint32_t gid, const char *gecos, const char *home,
		   const char *shell);
void fake_add_group(struct fake_daemon *fd, const char *name, uint32_t gid,
		    const char *const *members, size_t nmembers);

void fake_set_mode(struct fake_daemon *fd, enum fake_mode mode);
void fake_set_status(struct fake_daemon *fd, uint16_t status);
/* Bytes for FAKE_PAYLOAD and FAKE_RAW (copied). */
void fake_set_bytes(struct fake_daemon *fd, const void *p, size_t len);

/* Wait until every connection accepted so far has been closed on our side
 * (the client has hung up), e.g. before counting descriptors. */
void fake_wait_idle(struct fake_daemon *fd);

/* Connections accepted so far, and requests seen per opcode. */
unsigned fake_connections(struct fake_daemon *fd);
unsigned fake_requests(struct fake_daemon *fd, uint16_t opcode);
/* The CURSOR of the last request with this opcode, or -1 if it had none. */
long fake_last_cursor(struct fake_daemon *fd, uint16_t opcode);

#endif
