/* caller.h - the one caller value of a request (policy/access.h). */
#ifndef AD_OPS_CALLER_H
#define AD_OPS_CALLER_H

#include <stdbool.h>

#include "policy/access.h"
#include "server/ctx.h"

/*
 * Fill c for the peer.  who: look the uid up in the directory (every
 * request but public lookups, which must stay a couple of microseconds);
 * otherwise a caller other than root is taken as anonymous.  Returns
 * ACCT_ST_OK, or the store's failure (err).
 */
int ad_caller_resolve(struct ad_ctx *ctx, const struct ad_peer *peer, bool who,
		      struct ad_caller *c, struct ad_err *err);

#endif
