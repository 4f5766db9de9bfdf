/*
 * deferred.c - a handler's slow part on a worker, its reply later (see
 * deferred.h).
 */
#include <errno.h>

#include "acct_status.h"
#include "server/deferred.h"
#include "ops/dispatch.h"
#include "server/log.h"
#include "server/pending.h"
#include "server/worker.h"

void ad_deferred_reply(struct ad_pending *p, const struct ad_peer *peer, int rc,
		       const struct acct_buf *reply, const struct ad_err *err)
{
	uint16_t opcode = p->opcode;
	const char *msg;
	struct acct_buf b;

	if (rc == ACCT_ST_OK && reply->err == 0) {
		ad_pending_reply(p, rc, reply->data, reply->len);
		return;
	}
	if (rc == ACCT_ST_OK)
		rc = ACCT_ST_INTERNAL; /* the verdict did not fit in memory */
	msg = err->status == rc && err->msg[0] != '\0'
		      ? err->msg
		      : acct_status_message(rc);
	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_str(&b, ACCT_T_MESSAGE, msg);
	ad_pending_reply(p, rc, b.data, b.len);
	acct_buf_free(&b);
	ad_log_peer(LOG_NOTICE, peer, "%s failed (%s): %s", ad_op_name(opcode),
		    acct_status_name(rc), msg);
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
		if (cancelled)
			rc = ad_fail(&err, ACCT_ST_BUSY,
				     "accountsd is stopping, try again");
		else
			rc = d->finish(d, &b, &err);
		ad_deferred_reply(d->pending, &d->peer, rc, &b, &err);
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
	if (ctx->workers == NULL) {
		/* no pool (handler unit tests): the same steps, here */
		d->work(d);
		rc = d->finish(d, reply, err);
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
