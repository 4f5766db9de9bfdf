/*
 * pending.h - replies that come later.
 *
 * A handler whose work leaves the loop (an Argon2id hash on a worker)
 * takes a token for its request's reply with ad_pending_begin, returns
 * AD_DISPATCH_PENDING (dispatch.h), and answers later, on the loop thread,
 * with ad_pending_reply.  Meanwhile the server reads nothing more from
 * that connection and does not hold its read deadline against it.  A
 * token outlives its connection safely: the reply of a client that left
 * is dropped.  Every token taken must be answered exactly once.
 */
#ifndef AD_PENDING_H
#define AD_PENDING_H

#include <stddef.h>
#include <stdint.h>

#include "server/ctx.h"

struct ad_pending {
	uint64_t conn_id;
	uint16_t opcode;
	/* set by the issuer: send the reply frame (or drop it when the
	 * client is gone), then free p */
	void (*deliver)(struct ad_pending *p, int status,
			const uint8_t *payload, size_t len);
};

/* The issuer of tokens: the server (ctx->defer), or a test. */
struct ad_deferrer {
	/* A token for the request being dispatched now, or NULL. */
	struct ad_pending *(*begin)(struct ad_deferrer *d,
				    const struct ad_peer *peer,
				    uint16_t opcode);
};

/* NULL when replies cannot be deferred here (no server) or no memory. */
static inline struct ad_pending *ad_pending_begin(const struct ad_ctx *ctx,
						  const struct ad_peer *peer,
						  uint16_t opcode)
{
	if (ctx->defer == NULL)
		return NULL;
	return ctx->defer->begin(ctx->defer, peer, opcode);
}

/*
 * Answer (loop thread): status is an enum acct_status, payload/len the
 * reply payload (for a failure, at most an ACCT_T_MESSAGE).  Frees p.
 */
static inline void ad_pending_reply(struct ad_pending *p, int status,
				    const uint8_t *payload, size_t len)
{
	p->deliver(p, status, payload, len);
}

#endif
