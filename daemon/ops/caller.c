/*
 * caller.c - the caller value of a request: its SO_PEERCRED uid, and the
 * directory user that uid belongs to (policy/access.h decides what that
 * makes it).
 */
#include "ops/caller.h"
#include "store/store.h"

int ad_caller_resolve(struct ad_ctx *ctx, const struct ad_peer *peer, bool who,
		      struct ad_caller *c, struct ad_err *err)
{
	struct ad_user u;
	struct ad_tenant t;
	int rc = ACCT_ST_NOTFOUND;

	if (!who) {
		/* a public lookup: no name, no record, nothing to format
		 * (~70 ns of a ~600 ns PW_BYNAME) */
		c->kind = peer->uid == 0 ? AD_CALLER_OPERATOR
					 : AD_CALLER_ANONYMOUS;
		c->uid = (uint32_t)peer->uid;
		c->pid = (int32_t)peer->pid;
		return ACCT_ST_OK;
	}
	if (peer->uid != 0 && ctx->store != NULL)
		rc = ad_store_user_by_uid(ctx->store, (uint32_t)peer->uid, &u,
					  &t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	ad_caller_from(c, (uint32_t)peer->uid, (int32_t)peer->pid,
		       rc == ACCT_ST_OK ? &u : NULL,
		       rc == ACCT_ST_OK ? &t : NULL);
	return ACCT_ST_OK;
}
