/*
 * dispatch.c - from a decoded request to a reply, reading the table of
 * operations: rate, caller, policy, payload, audit draft, handler, and
 * one ending for every outcome.
 */
#include <errno.h>
#include <stdio.h>

#include "acct_status.h"
#include "ops/audit.h"
#include "ops/caller.h"
#include "ops/dispatch.h"
#include "ops/handlers.h"
#include "ops/refusal.h"
#include "ops/reply.h"
#include "ops/table.h"
#include "ops/target.h"
#include "policy/permission.h"
#include "server/log.h"

/* Callers other than root spend a token of the operation's class first:
 * a caller over its rate costs one reply and nothing more (no store
 * access, no audit record, a rate-limited log line). */
static bool within_rate(struct ad_ctx *ctx, const struct ad_peer *peer,
			const struct ad_op *op)
{
	if (peer->uid == 0)
		return true;
	return ad_ratelimit_take(&ctx->rate[op->rate], (uint32_t)peer->uid,
				 ad_ctx_now_ms(ctx), &ctx->cfg->rate[op->rate]);
}

static uint32_t retry_after(const struct ad_ctx *ctx)
{
	return ad_ratelimit_retry_after(&ctx->cfg->rate[AD_RATE_MANAGE]);
}

static const char *rate_message(enum ad_rate_class rate)
{
	return rate == AD_RATE_AUTH ? AD_RATE_AUTH_MSG : AD_RATE_MSG;
}

/* Run the handler of an allowed request, with its audit record drafted
 * (and, for a change, handed to the store to commit with it). */
static int run_handler(struct ad_ctx *ctx, const struct ad_peer *peer,
		       struct ad_request *rq, struct acct_buf *reply,
		       struct ad_err *err)
{
	struct ad_audit_draft draft;
	int rc;

	if (rq->op->audit == AD_AUDIT_NONE)
		return rq->op->handler(ctx, peer, rq, reply, err);
	ad_audit_draft(&draft, rq->op->audit, ad_op_label(rq->opcode),
		       &rq->caller, peer, rq->payload, rq->len);
	if (rq->target_tenant[0] != '\0')
		ad_audit_note(&draft, NULL, rq->target_tenant, NULL);
	rq->audit = &draft;
	if (rq->op->audit == AD_AUDIT_CHANGES)
		ad_store_audit_next(ctx->store, &draft.ev);
	rc = rq->op->handler(ctx, peer, rq, reply, err);
	/* a late reply audits itself when it comes (ops/deferred.c) */
	if (rc == AD_DISPATCH_PENDING)
		ad_store_audit_next(ctx->store, NULL);
	else
		ad_audit_outcome(ctx, peer, &draft, rc,
				 err->status == rc ? err->msg : NULL);
	rq->audit = NULL;
	return rc;
}

/* A caller the policy refuses: audited (coalesced) with what it named
 * and, when its target is there, the target's tenant. */
static int refuse(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const struct ad_request *rq, const struct ad_target *t,
		  int status, const char *why, struct ad_err *err)
{
	struct ad_audit_draft draft;

	ad_audit_draft(&draft, rq->op->audit, ad_op_label(rq->opcode),
		       &rq->caller, peer, rq->payload, rq->len);
	if (t != NULL && t->exists)
		ad_audit_note(&draft, NULL, t->tenant, NULL);
	ad_audit_outcome(ctx, peer, &draft, status, why);
	return ad_fail(err, status, "%s", why);
}

/* The one permission check, on each target the request names. */
static int permitted(struct ad_ctx *ctx, const struct ad_peer *peer,
		     struct ad_request *rq, struct ad_err *err)
{
	struct ad_target t[AD_MAX_TARGETS];
	struct ad_action a = {rq->op->access, rq->op->audit == AD_AUDIT_CHANGES,
			      ad_op_label(rq->opcode)};
	char why[AD_MSG_MAX];
	size_t n;
	int rc;

	/* who the caller is decides first: an anonymous uid learns
	 * nothing of the request's target, not even that it is malformed */
	rc = ad_check_permission(&rq->caller, &a, NULL, why, sizeof(why));
	if (rc != ACCT_ST_OK)
		return refuse(ctx, peer, rq, NULL, rc, why, err);
	rc = ad_target_resolve(ctx, rq, rq->op->target, t, &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* a directory user naming nothing works in its own tenant */
	if ((n == 0 || !t[0].named) && rq->caller.kind == AD_CALLER_USER)
		memcpy(rq->target_tenant, rq->caller.tenant,
		       sizeof(rq->target_tenant));
	if (n == 0)
		return ACCT_ST_OK;
	for (size_t i = 0; i < n; i++) {
		rc = ad_check_permission(&rq->caller, &a, &t[i], why,
					 sizeof(why));
		if (rc != ACCT_ST_OK)
			return refuse(ctx, peer, rq, &t[i], rc, why, err);
	}
	if (t[0].exists)
		memcpy(rq->target_tenant, t[0].tenant,
		       sizeof(rq->target_tenant));
	return ACCT_ST_OK;
}

static int run(struct ad_ctx *ctx, const struct ad_peer *peer,
	       struct ad_request *rq, struct acct_buf *reply,
	       struct ad_err *err)
{
	struct ad_request_peer rp = {peer, rq->payload, rq->len, &rq->key};
	int rc;

	if (rq->op == NULL)
		return ad_fail(err, ACCT_ST_UNSUPPORTED, "unknown opcode %u",
			       rq->opcode);
	if (!within_rate(ctx, peer, rq->op)) {
		ad_log_peer(LOG_NOTICE, peer, "%s refused: over its rate",
			    ad_op_label(rq->opcode));
		if (rq->op->rate != AD_RATE_MANAGE)
			return ad_fail(err, ACCT_ST_BUSY, "%s",
				       rate_message(rq->op->rate));
		return ad_fail(err, ACCT_ST_RATE_LIMITED,
			       "too many requests: try again in %u s",
			       (unsigned)retry_after(ctx));
	}
	if (rq->len > ACCT_MAX_REQUEST)
		return ad_fail(err, ACCT_ST_TOOBIG, "request too large");
	if (acct_validate(rq->payload, rq->len) < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "malformed request payload");
	if (ctx->store == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "no store");
	rc = ad_caller_resolve(ctx, &rp, rq->op->access != AD_ACCESS_PUBLIC,
			       &rq->caller, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_DENIED)
		return rc;
	if (rq->op->access == AD_ACCESS_PUBLIC)
		return rq->op->handler(ctx, peer, rq, reply, err);
	/* from here on, log lines name the caller as the audit does */
	rq->peer = *peer;
	snprintf(rq->peer.actor, sizeof(rq->peer.actor), "%s",
		 rq->caller.actor);
	if (rc == ACCT_ST_DENIED) {
		/* a sign-in token that is not valid: refused at once */
		char why[AD_MSG_MAX];

		snprintf(why, sizeof(why), "%s", err->msg);
		return refuse(ctx, &rq->peer, rq, NULL, rc, why, err);
	}
	rc = permitted(ctx, &rq->peer, rq, err);
	if (rc == ACCT_ST_OK && rq->caller.api_key)
		rc = ad_caller_key_used(ctx, rq, &rq->key, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return run_handler(ctx, &rq->peer, rq, reply, err);
}

int ad_dispatch(struct ad_ctx *ctx, const struct ad_peer *peer, uint16_t opcode,
		const uint8_t *payload, size_t len, struct acct_buf *reply)
{
	struct ad_request rq = {.opcode = opcode,
				.payload = payload,
				.len = len,
				.op = ad_op_find(opcode)};
	struct ad_err err = {ACCT_ST_OK, ""};
	int rc;

	rc = run(ctx, peer, &rq, reply, &err);
	if (rc == AD_DISPATCH_PENDING)
		return rc;
	rc = ad_reply_finish(rq.peer.actor[0] != '\0' ? &rq.peer : peer, opcode,
			     rq.op, rc, &err, reply);
	if (rc == ACCT_ST_RATE_LIMITED)
		acct_put_u32(reply, ACCT_T_RETRY_AFTER, retry_after(ctx));
	return rc;
}
