/*
 * deferred.c - a handler's slow part on a worker, its reply later (see
 * deferred.h).
 */
#include <errno.h>

#include "acct_status.h"
#include "ops/deferred.h"
#include "ops/dispatch.h"
#include "ops/reply.h"
#include "server/log.h"
#include "server/pending.h"
#include "server/worker.h"

/* Answer as ad_dispatch answers the others. */
static void deferred_reply(struct ad_pending *p, const struct ad_peer *peer,
			   const struct ad_op *op, int rc,
			   struct acct_buf *reply, const struct ad_err *err)
{
	rc = ad_reply_finish(peer, p->opcode, op, rc, err, reply);
	ad_pending_reply(p, rc, reply->data, reply->len);
}

/* finish, with the request's record handed to the store when it is a
 * change (ops/audit.h). */
static int finish(struct ad_deferred *d, struct acct_buf *reply,
		  struct ad_err *err)
{
	if (d->audited && d->audit.how == AD_AUDIT_CHANGES)
		ad_store_audit_next(d->ctx->store, &d->audit.ev);
	return d->finish(d, reply, err);
}

/* Back on the loop thread. */
static void deferred_done(void *arg, bool cancelled)
{
	struct ad_deferred *d = arg;
	struct ad_err err = {ACCT_ST_OK, ""};
	struct acct_buf b;
	int rc;

	if (d->pending != NULL) {
		acct_buf_init(&b, ACCT_MAX_REPLY);
		if (cancelled) {
			rc = ad_fail(&err, ACCT_ST_BUSY,
				     "accountsd is stopping, try again");
		} else {
			rc = finish(d, &b, &err);
		}
		if (d->audited)
			ad_audit_outcome(d->ctx, &d->peer, &d->audit, rc,
					 err.status == rc ? err.msg : NULL);
		deferred_reply(d->pending, &d->peer, d->op, rc, &b, &err);
		acct_buf_free(&b);
		if (!cancelled && d->after != NULL)
			d->after(d);
	}
	d->release(d);
}

static void deferred_work(void *arg)
{
	struct ad_deferred *d = arg;

	d->work(d);
}

int ad_deferred_run(struct ad_deferred *d, const struct ad_request *rq,
		    struct acct_buf *reply, struct ad_err *err,
		    const char *busy_msg)
{
	struct ad_ctx *ctx = d->ctx;
	int rc;

	d->pending = NULL;
	d->op = rq->op;
	d->audited = rq->audit != NULL;
	if (d->audited) {
		d->audit = *rq->audit;
		ad_audit_draft_moved(&d->audit);
	}
	if (ctx->workers == NULL) {
		/* no pool (handler unit tests): the same steps, here, and the
		 * dispatcher ends the record */
		d->work(d);
		rc = finish(d, reply, err);
		if (rq->audit != NULL) {
			*rq->audit = d->audit;
			ad_audit_draft_moved(rq->audit);
		}
		if (d->after != NULL)
			d->after(d);
		d->release(d);
		return rc;
	}
	if (ad_workers_submit(ctx->workers, deferred_work, deferred_done, d) <
	    0) {
		rc = errno;
		d->release(d);
		if (rc == EAGAIN || rc == ESHUTDOWN)
			return ad_fail(err, ACCT_ST_BUSY, "%s", busy_msg);
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	}
	/* the job cannot finish before we return: its done runs on this
	 * thread, so taking the token after submitting is safe */
	d->pending = ad_pending_begin(ctx, &d->peer, rq->opcode);
	if (d->pending == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot defer the reply (out of memory)");
	return AD_DISPATCH_PENDING;
}
