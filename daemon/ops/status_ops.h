/*
 * status_ops.h - STATUS's fields for operating the daemon (issue 10):
 * ready, the audit chain's state, the map's fill level, and (for root,
 * operators and support: policy/status.h) the files and paths in use.
 */
#ifndef AD_OPS_STATUS_OPS_H
#define AD_OPS_STATUS_OPS_H

#include "ops/handlers.h"

void ad_status_operating(const struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_store_stats *s,
			 struct acct_buf *reply);

#endif
