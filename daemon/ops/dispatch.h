/*
 * dispatch.h - from a decoded request to a reply payload.  The server owns
 * sockets and framing; everything after "a whole request frame arrived" is
 * here, so the handlers can be unit-tested without sockets.
 */
#ifndef AD_DISPATCH_H
#define AD_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "acct_codec.h"
#include "server/ctx.h"

/*
 * Handle one request.  payload/len is the request payload (already checked
 * against ACCT_MAX_REQUEST).  Writes the reply payload into reply (which the
 * caller initialised with limit ACCT_MAX_REPLY) and returns the reply status
 * (enum acct_status).  On a status other than ACCT_ST_OK the reply holds at
 * most an ACCT_T_MESSAGE.  Never fails silently: every path returns a
 * status.
 */
int ad_dispatch(struct ad_ctx *ctx, const struct ad_peer *peer, uint16_t opcode,
		const uint8_t *payload, size_t len, struct acct_buf *reply);

/*
 * Returned instead of a status by a handler that took a reply token
 * (ad_pending_begin, pending.h) and will answer later through it.  The
 * request payload is gone after the return: copy what the work needs.
 */
#define AD_DISPATCH_PENDING 1000

/* What a caller over its rate is told (BUSY). */
#define AD_RATE_AUTH_MSG "too many authentication attempts, slow down"
#define AD_RATE_MSG "too many requests, slow down"

#endif
