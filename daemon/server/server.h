/*
 * server.h - the Unix-socket front of accountsd: accepts clients, reads
 * request frames with a deadline and a bounded buffer, hands each whole
 * request to ad_dispatch() and writes the reply frame back, at once or,
 * for a handler that finishes off the loop, later (pending.h).  Sets
 * ctx->defer while it lives.
 */
#ifndef AD_SERVER_H
#define AD_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "server/ctx.h"

struct event_base;
struct ad_server;

/*
 * Create the socket at ctx->cfg->socket_path (its directory 0755 if
 * missing; a stale socket is replaced, a live one is refused), mode 0666,
 * and start accepting on base.  Returns NULL with a message in err.
 */
struct ad_server *ad_server_new(struct event_base *base, struct ad_ctx *ctx,
				char *err, size_t errlen);

/*
 * Deliver a deferred reply (pending.h): the same as ad_pending_reply.  A
 * handler took p while its request was dispatched and returned
 * AD_DISPATCH_PENDING; call this once, on the loop thread.  Sends the frame
 * (status, payload) and resumes reading, or drops it when the client left.
 */
struct ad_pending;
void ad_server_reply(struct ad_pending *p, int status, const uint8_t *payload,
		     size_t len);

/* Apply a reloaded configuration (client timeout, connection limit). */
void ad_server_reconfigure(struct ad_server *srv);

/*
 * Orderly stop: close the listener and unlink the socket, close idle
 * connections, let requests in progress finish, and leave the event loop
 * once none is left or after grace_ms.
 */
void ad_server_shutdown(struct ad_server *srv, unsigned grace_ms);

/* Close every connection and free the server (after the loop ended). */
void ad_server_free(struct ad_server *srv);

#endif
