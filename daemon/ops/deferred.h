/*
 * deferred.h - a request whose slow part (an Argon2id hash) runs on a
 * worker and whose reply comes later (worker.h, pending.h), written once
 * for every handler that needs it.
 *
 * A job embeds struct ad_deferred first.  work runs on a worker and must
 * touch nothing of the loop; finish runs on the loop with the verdict's
 * reply buffer and returns the reply status (a failure leaves one line in
 * err, as a handler does); after (may be NULL) runs on the loop once the
 * reply is on its way, for writes the client must not wait for (so that
 * their cost does not show in the reply's timing); release frees the job.
 * Without a pool (the handler unit tests) the same steps run at once, in
 * the handler.
 */
#ifndef AD_DEFERRED_H
#define AD_DEFERRED_H

#include <stdbool.h>

#include "acct_codec.h"
#include "ops/audit.h"
#include "server/ctx.h"
#include "ops/handlers.h"

struct ad_deferred;
struct ad_pending;

typedef void (*ad_deferred_work_fn)(struct ad_deferred *d);
typedef int (*ad_deferred_finish_fn)(struct ad_deferred *d,
				     struct acct_buf *reply,
				     struct ad_err *err);
typedef void (*ad_deferred_after_fn)(struct ad_deferred *d);
typedef void (*ad_deferred_release_fn)(struct ad_deferred *d);

struct ad_deferred {
	struct ad_ctx *ctx;
	struct ad_peer peer;
	ad_deferred_work_fn work;
	ad_deferred_finish_fn finish;
	ad_deferred_after_fn after; /* NULL: nothing after the reply */
	ad_deferred_release_fn release;
	struct ad_pending *pending; /* NULL: nobody waits, change nothing */
	const struct ad_op *op;	    /* the request's row (ops/table.h) */
	/* the request's audit record (ops/audit.h), when it has one: it
	 * commits with finish's change */
	bool audited;
	struct ad_audit_draft audit;
};

/* The request's audit record, for finish to note a refusal in; NULL when
 * the request has none. */
static inline struct ad_audit_draft *ad_deferred_audit(struct ad_deferred *d)
{
	return d->audited ? &d->audit : NULL;
}

/*
 * Run d (its ctx, peer and three functions set) for the request rq.
 * Returns AD_DISPATCH_PENDING when the reply comes later, or finish's
 * status (no pool), or BUSY (busy_msg in err) when the pool is full.
 * d is released either way: the caller must not touch it afterwards.
 */
int ad_deferred_run(struct ad_deferred *d, const struct ad_request *rq,
		    struct acct_buf *reply, struct ad_err *err,
		    const char *busy_msg);

#endif
