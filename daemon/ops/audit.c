/* audit.c - a request's audit record (see audit.h). */
#include <stdio.h>
#include <string.h>

#include "acct_codec.h"
#include "ops/audit.h"
#include "ops/handlers.h"
#include "ops/refusal.h"
#include "server/log.h"

static void copy_field(char *dst, size_t size, const uint8_t *payload,
		       size_t len, uint16_t tag)
{
	struct acct_field f;

	dst[0] = '\0';
	if (acct_find(payload, len, tag, &f) == 1)
		ad_printable(dst, size,
			     (struct ad_str){(const char *)f.val, f.len});
}

static const char *or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

void ad_audit_draft_moved(struct ad_audit_draft *d)
{
	d->ev.actor = d->actor;
	d->ev.action = d->action;
	d->ev.target = d->target;
	d->ev.tenant = or_null(d->tenant);
	d->ev.reason = or_null(d->reason);
	d->ev.message = or_null(d->message);
}

void ad_audit_draft(struct ad_audit_draft *d, enum ad_audit_how how,
		    const char *action, const struct ad_caller *c,
		    const struct ad_peer *peer, const uint8_t *payload,
		    size_t len)
{
	memset(d, 0, sizeof(*d));
	d->how = how;
	snprintf(d->actor, sizeof(d->actor), "%s", c->actor);
	snprintf(d->action, sizeof(d->action), "%s", action);
	copy_field(d->target, sizeof(d->target), payload, len, ACCT_T_NAME);
	copy_field(d->tenant, sizeof(d->tenant), payload, len, ACCT_T_TENANT);
	copy_field(d->reason, sizeof(d->reason), payload, len,
		   ACCT_T_STATUS_REASON);
	d->ev.result = ACCT_ST_OK;
	d->ev.has_uid = true;
	d->ev.uid = (uint32_t)peer->uid;
	d->ev.pid = (uint32_t)c->pid;
	ad_audit_draft_moved(d);
}

struct ad_audit_who ad_audit_who_of(const struct ad_request *rq,
				    const struct ad_peer *peer)
{
	return (struct ad_audit_who){.actor = rq->caller.actor,
				     .has_uid = true,
				     .uid = (uint32_t)peer->uid};
}

void ad_audit_note(struct ad_audit_draft *d, const char *target,
		   const char *tenant, const char *message)
{
	if (target != NULL)
		snprintf(d->target, sizeof(d->target), "%s", target);
	if (tenant != NULL)
		snprintf(d->tenant, sizeof(d->tenant), "%s", tenant);
	if (message != NULL)
		snprintf(d->message, sizeof(d->message), "%s", message);
	ad_audit_draft_moved(d);
}

void ad_audit_refusal(struct ad_audit_draft *d, uint32_t res,
		      const char *target, const char *tenant, const char *where,
		      const char *message)
{
	if (d == NULL)
		return;
	d->refused = true;
	d->ev.result = ACCT_ST_DENIED;
	d->ev.pam_result = res;
	if (where != NULL)
		snprintf(d->reason, sizeof(d->reason), "%s", where);
	ad_audit_note(d, target, tenant, message);
}

/* Is a failure with status rc a refusal to record? */
static bool recorded_failure(const struct ad_audit_draft *d, int rc)
{
	if (rc == ACCT_ST_BUSY)
		return false; /* nothing was asked */
	return d->how == AD_AUDIT_CHANGES || rc == ACCT_ST_DENIED;
}

void ad_audit_outcome(struct ad_ctx *ctx, const struct ad_peer *peer,
		      struct ad_audit_draft *d, int rc, const char *msg)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	bool written = ad_store_audit_written(ctx->store);

	ad_store_audit_next(ctx->store, NULL);
	if (d->recorded)
		return;
	if (rc == ACCT_ST_OK && d->refused) {
		ad_refusal_audit(ctx, peer, &d->ev);
		return;
	}
	if (rc == ACCT_ST_OK) {
		/* a change that wrote nothing of its own (a revoke, a change
		 * to what it was already) is recorded all the same */
		if (d->how == AD_AUDIT_CHANGES && !written &&
		    ad_audit_append(ctx->store, &d->ev, &err) != ACCT_ST_OK)
			ad_log_peer(LOG_ERR, peer,
				    "cannot audit %s of '%s': %s", d->ev.action,
				    d->target, err.msg);
		return;
	}
	if (!recorded_failure(d, rc))
		return;
	d->ev.result = (uint32_t)rc;
	if (msg != NULL)
		ad_audit_note(d, NULL, NULL, msg);
	ad_refusal_audit(ctx, peer, &d->ev);
}
