/* audit_verify.h - the audit chain's verdict as STATUS shows it. */
#ifndef AD_OPS_AUDIT_VERIFY_H
#define AD_OPS_AUDIT_VERIFY_H

#include "server/ctx.h"
#include "store/audit.h"

/* ctx->audit_chain from a walk's verdict c: "intact", or "broken: audit
 * record 2 was changed after it was written (the 1 before it are
 * intact)".  At startup (main.c) and after each AUDIT_VERIFY. */
void ad_audit_chain_set(struct ad_ctx *ctx, const struct ad_audit_check *c);

#endif
