/*
 * dispatch.c - from a decoded request to a reply: find the handler, ask
 * the policy, check the payload, run the handler, and make sure a failure
 * leaves nothing in the reply but one message.
 */
#include <errno.h>

#include "ops/dispatch.h"
#include "ops/handlers.h"
#include "server/log.h"
#include "ops/table.h"
#include "policy/access.h"
#include "ops/refusal.h"
#include "acct_status.h"

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

/* A caller refused by the policy: audited (coalesced, refusal.h) with
 * the name it asked about, if any. */
static void audit_denial(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_op *op, const struct ad_request *rq)
{
	struct ad_audit_event ev = {NULL,
				    op->name,
				    "",
				    NULL,
				    ACCT_ST_DENIED,
				    NULL,
				    ad_policy_denial(rq->opcode),
				    ACCT_PAM_OK};
	char target[ACCT_MAX_NAME + 1];
	struct acct_field f;

	if (acct_validate(rq->payload, rq->len) == 0 &&
	    acct_find(rq->payload, rq->len, ACCT_T_NAME, &f) == 1)
		ev.target = ad_printable(
			target, sizeof(target),
			(struct ad_str){(const char *)f.val, f.len});
	ad_refusal_audit(ctx, peer, &ev);
}

static const char *rate_message(enum ad_rate_class rate)
{
	return rate == AD_RATE_AUTH ? AD_RATE_AUTH_MSG : AD_RATE_MSG;
}

/* A message for failures whose handler had nothing to say. */
static const char *default_message(int status)
{
	switch (status) {
	case ACCT_ST_NOTFOUND:
		return NULL; /* a lookup miss: nothing to explain */
	case ACCT_ST_BUSY:
		return "the daemon is busy, try again";
	case ACCT_ST_INTERNAL:
		return "internal error (see the accountsd log)";
	case ACCT_ST_TOOBIG:
		return "the reply would be too large";
	default:
		return acct_status_message(status);
	}
}

static int run(struct ad_ctx *ctx, const struct ad_peer *peer,
	       struct ad_request *rq, struct acct_buf *reply,
	       struct ad_err *err)
{
	const struct ad_op *op = ad_op_find(rq->opcode);
	bool manage = rq->opcode >= AD_OP_FIRST_MANAGEMENT;
	int rc;

	if (op == NULL)
		return ad_fail(err, ACCT_ST_UNSUPPORTED, "unknown opcode %u",
			       rq->opcode);
	if (!within_rate(ctx, peer, op)) {
		ad_log_peer(LOG_NOTICE, peer, "%s refused: over its rate",
			    op->name);
		return ad_fail(err, ACCT_ST_BUSY, "%s", rate_message(op->rate));
	}
	if (!ad_policy_may_call(peer, rq->opcode)) {
		audit_denial(ctx, peer, op, rq);
		return ad_fail(err, ACCT_ST_DENIED, "%s",
			       ad_policy_denial(rq->opcode));
	}
	if (rq->len > ACCT_MAX_REQUEST)
		return ad_fail(err, ACCT_ST_TOOBIG, "request too large");
	if (acct_validate(rq->payload, rq->len) < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "malformed request payload");
	if (ctx->store == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "no store");
	if (manage)
		ad_actor(peer, rq->actor, sizeof(rq->actor));
	rc = op->handler(ctx, peer, rq, reply, err);
	/* a listing whose next entry did not fit fails in its callback, as
	 * INTERNAL: the full reply is the cause */
	if ((rc == ACCT_ST_OK || rc == ACCT_ST_INTERNAL) && reply->err == E2BIG)
		rc = ad_fail(err, ACCT_ST_TOOBIG,
			     "the reply would be too large");
	else if (rc == ACCT_ST_OK && reply->err != 0)
		rc = ad_fail(err, ACCT_ST_INTERNAL,
			     "out of memory building the reply");
	return rc;
}

int ad_dispatch(struct ad_ctx *ctx, const struct ad_peer *peer, uint16_t opcode,
		const uint8_t *payload, size_t len, struct acct_buf *reply)
{
	struct ad_request rq = {opcode, payload, len, ""};
	struct ad_err err = {ACCT_ST_OK, ""};
	const char *msg;
	int rc;

	rc = run(ctx, peer, &rq, reply, &err);
	if (rc == ACCT_ST_OK || rc == AD_DISPATCH_PENDING)
		return rc;
	if (rc < 0 || rc >= ACCT_ST__COUNT)
		rc = ACCT_ST_INTERNAL;
	/* a failed request answers with at most its message */
	acct_buf_reset(reply);
	msg = err.status == rc && err.msg[0] != '\0' ? err.msg
						     : default_message(rc);
	if (msg != NULL)
		acct_put_str(reply, ACCT_T_MESSAGE, msg);
	if (rc == ACCT_ST_DENIED)
		ad_log_peer(LOG_WARNING, peer, "%s denied: %s",
			    ad_op_name(opcode), msg);
	else if (opcode >= AD_OP_FIRST_MANAGEMENT && ad_op_find(opcode))
		ad_log_peer(LOG_NOTICE, peer, "%s failed (%s): %s",
			    ad_op_name(opcode), acct_status_name(rc),
			    msg != NULL ? msg : "-");
	else if (rc == ACCT_ST_INTERNAL)
		ad_log_peer(LOG_ERR, peer, "%s failed: %s", ad_op_name(opcode),
			    msg);
	return rc;
}
