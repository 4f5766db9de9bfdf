/*
 * refusal.h - the audit records of refused requests, coalesced.
 *
 * A refusal changes nothing, so a caller can provoke as many as it likes:
 * written one by one, they would fill the disk and slow every write.  The
 * first refusal of a kind from one caller (same uid, action, target,
 * tenant, result, verdict, reason and message) is written at once; the
 * identical ones that follow within audit_coalesce_s are only counted,
 * and written as one record with COUNT, FIRST_SEEN and LAST_SEEN when the
 * window closes.  Per caller and kind that is at most two records a
 * window, and the caller's rate (policy/rate.h) bounds the kinds.
 *
 * The table is bounded (AD_REFUSAL_SLOTS); when it is full, the oldest
 * entry is written out early.  Everything runs on the loop thread.
 */
#ifndef AD_REFUSAL_H
#define AD_REFUSAL_H

#include <stdbool.h>

#include "store/audit.h"
#include "server/ctx.h"

#define AD_REFUSAL_SLOTS 1024u

struct ad_refusals;

struct ad_refusals *ad_refusals_new(void);
/* Write what is still counted (ad_refusals_flush(all)) first. */
void ad_refusals_free(struct ad_refusals *r);

/*
 * Audit one refusal of peer's request (ev->actor and its uid are
 * ignored: the caller's own name and peer's uid are used).  Without a table (ctx->refusals NULL) it is written
 * at once.  A failure to write is logged.
 */
void ad_refusal_audit(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const struct ad_audit_event *ev);

/*
 * Write the counts of the windows that have closed by now, in one
 * transaction; all: every count, window closed or not (at shutdown).
 * The loop calls it every second.
 */
void ad_refusals_flush(struct ad_ctx *ctx, bool all);

#endif
