/*
 * audit_verify.c - AUDIT_VERIFY: the whole audit chain checked now, and
 * the verdict kept for STATUS.
 *
 * The walk reads every record and hashes it (about a microsecond each):
 * a log of millions would hold the loop for seconds, so it runs on the
 * worker pool (ops/deferred.h), in a read transaction of its own
 * (ad_audit_check), while the loop serves on and keeps appending.  It
 * checks the snapshot it began with; records appended since are the
 * daemon's own.  One walk at a time: it takes a worker from password
 * checks for as long as it lasts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ops/audit_verify.h"
#include "ops/deferred.h"
#include "ops/handlers.h"
#include "server/log.h"

void ad_audit_chain_set(struct ad_ctx *ctx, const struct ad_audit_check *c)
{
	struct ad_err err = {ACCT_ST_OK, ""};

	ctx->audit_verified = c->intact;
	ctx->audit_verified_at = ad_ctx_now(ctx);
	ctx->audit_broken = c->broken;
	if (c->broken == 0) {
		snprintf(ctx->audit_chain, sizeof(ctx->audit_chain), "intact");
		return;
	}
	ad_audit_broken_msg(c, &err);
	snprintf(ctx->audit_chain, sizeof(ctx->audit_chain), "broken: %s",
		 err.msg);
}

struct verify_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	struct ad_store *st;  /* the worker's one use of the daemon */
	int rc;		      /* of the walk */
	struct ad_err err;    /* its failure */
	struct ad_audit_check res;
};

static void verify_release(struct ad_deferred *d)
{
	d->ctx->audit_verifying = false;
	free(d);
}

/* On a worker: the walk. */
static void verify_work(struct ad_deferred *d)
{
	struct verify_job *j = (struct verify_job *)d;

	j->err = (struct ad_err){ACCT_ST_OK, ""};
	j->rc = ad_audit_check(j->st, &j->res, &j->err);
}

/* Back on the loop: the verdict, to the reply, STATUS and the log. */
static int verify_finish(struct ad_deferred *d, struct acct_buf *reply,
			 struct ad_err *err)
{
	struct verify_job *j = (struct verify_job *)d;
	struct ad_err why = {ACCT_ST_OK, "intact"};

	if (j->rc != ACCT_ST_OK) {
		*err = j->err;
		return j->rc;
	}
	ad_audit_chain_set(d->ctx, &j->res);
	if (j->res.broken != 0) {
		ad_audit_broken_msg(&j->res, &why);
		ad_log_peer(LOG_CRIT, &d->peer, "audit chain broken: %s",
			    why.msg);
	} else {
		ad_log_peer(LOG_INFO, &d->peer,
			    "audit chain verified: intact (%llu records)",
			    (unsigned long long)j->res.intact);
	}
	acct_put_u64(reply, ACCT_T_AUDIT_RECORDS, j->res.intact);
	acct_put_u64(reply, ACCT_T_SEQ, j->res.intact);
	acct_put_bytes(reply, ACCT_T_HASH, j->res.last, sizeof(j->res.last));
	acct_put_str(reply, ACCT_T_AUDIT_CHAIN, why.msg);
	if (j->res.broken != 0)
		acct_put_u64(reply, ACCT_T_BROKEN_SEQ, j->res.broken);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_audit_verify)
{
	struct verify_job *j;

	(void)rq;
	if (ctx->audit_verifying)
		return ad_fail(err, ACCT_ST_BUSY,
			       "the audit log is being verified already, try "
			       "again when that ends");
	j = calloc(1, sizeof(*j));
	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = verify_work,
				    .finish = verify_finish,
				    .release = verify_release};
	j->st = ctx->store;
	ctx->audit_verifying = true;
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many requests waiting for a worker, try "
			       "again");
}
