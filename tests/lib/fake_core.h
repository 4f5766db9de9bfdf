/*
 * fake_core.h - what the in-process stand-ins for accountsd share
 * (tests/nss/fake_daemon.c, tests/pam/fake_pamd.c): a Unix socket in a
 * fresh temporary directory, the accept loop, reading request frames,
 * writing replies, and stopping.
 *
 * Every wait also watches a stop pipe, so stopping never waits for a
 * client.  The stand-in itself decides what a connection gets: its serve
 * function is called once per connection, on a thread of its own
 * (threaded) or in accept order on the accept thread.
 */
#ifndef FAKE_CORE_H
#define FAKE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_codec.h"

struct fake_core;

/* What becomes of a connection once it has been served. */
enum fake_after {
	FAKE_AFTER_CLOSE, /* close it now */
	FAKE_AFTER_KEEP,  /* leave it open, unread, until the core stops */
};

typedef enum fake_after (*fake_serve_fn)(void *arg, struct fake_core *core,
					 int sock);

struct fake_core_conf {
	const char *name; /* in messages and the directory's name */
	bool threaded;	  /* one thread per connection (else in order) */
	int timeout_ms;	  /* how long one read may wait; -1: until stop */
	fake_serve_fn serve;
	void *arg;
};

/* Start serving; aborts the test program on failure. */
struct fake_core *fake_core_start(const struct fake_core_conf *conf);
/* Stop the threads, close what was kept, remove the socket and its
 * directory, free. */
void fake_core_stop(struct fake_core *core);
const char *fake_core_socket(const struct fake_core *core);

/* Connections accepted so far (fake_core_sync's own not counted). */
unsigned fake_core_connections(struct fake_core *core);
/* Wait until every connection accepted so far has been served and closed
 * (kept ones aside). */
void fake_core_wait_idle(struct fake_core *core);
/* Make sure every connection made before now has been accepted and, when
 * not threaded, served: a probe connection goes through the same queue. */
void fake_core_sync(struct fake_core *core);

/* Read exactly n bytes; false on EOF, error, timeout or stop. */
bool fake_read_exact(struct fake_core *core, int sock, void *buf, size_t n);
bool fake_write_exact(int sock, const void *buf, size_t n);
/* Wait until the peer closes (reading and dropping what it sends) or the
 * core stops. */
void fake_wait_hangup(struct fake_core *core, int sock);

enum fake_frame {
	FAKE_FRAME_BAD = -1, /* not a request frame (bad header) */
	FAKE_FRAME_NONE = 0, /* EOF, error, timeout, stop, or a probe */
	FAKE_FRAME_OK = 1,
};
/* Read one request: its header and payload (*payload: malloc'd, the
 * caller frees it; NULL only when not FAKE_FRAME_OK). */
enum fake_frame fake_read_frame(struct fake_core *core, int sock,
				struct acct_hdr *hdr, uint8_t **payload);
/* Build the reply frame and send it; aborts when it cannot be built. */
bool fake_send_frame(int sock, uint16_t opcode, uint16_t status,
		     const void *payload, size_t len);

/* "user-create (22)", for messages: a number that is not an opcode is
 * shown as "unknown (N)". */
const char *fake_op_label(uint16_t opcode, char *buf, size_t size);

__attribute__((noreturn)) void fake_die(const char *what);
void *fake_xmalloc(size_t n);
char *fake_xstrdup(const char *s);

#endif
