/* reply.h - how every request ends. */
#ifndef AD_OPS_REPLY_H
#define AD_OPS_REPLY_H

#include <stdint.h>

#include "acct_codec.h"
#include "server/ctx.h"

struct ad_op;
struct ad_err;

/*
 * The ending of a request with status rc (its row op, NULL for an opcode
 * that is not ours), now or later: an unknown status becomes INTERNAL, a
 * reply that did not fit TOOBIG, a failure carries nothing but its one
 * message (err's, or the status's), and is logged.  reply is rewritten in
 * place; returns the final status.
 */
int ad_reply_finish(const struct ad_peer *peer, uint16_t opcode,
		    const struct ad_op *op, int rc, const struct ad_err *err,
		    struct acct_buf *reply);

#endif
