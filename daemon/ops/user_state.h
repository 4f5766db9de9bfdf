/* user_state.h - USER recs with the word for where the user stands
 * (policy/user_state.h), for lists and `user show`. */
#ifndef AD_OPS_USER_STATE_H
#define AD_OPS_USER_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "server/ctx.h"
#include "store/store.h"

/* Tenants' statuses by gid, read before the users: a store read may not
 * run inside another's callback. */
struct ad_tenant_states {
	struct ad_tenant_state {
		uint32_t gid, status;
	} * v;
	size_t n, cap;
};

/* Read the status of tenant (a slug), or of every tenant when it is
 * empty.  ACCT_ST_OK or the store's error; free with ..._free. */
int ad_tenant_states_load(struct ad_ctx *ctx, struct ad_str tenant,
			  struct ad_tenant_states *ts, struct ad_err *err);
void ad_tenant_states_free(struct ad_tenant_states *ts);

/* Append u's USER rec with its USER_STATE at the ctx's time now (a
 * tenant not in ts counts as active).  Returns ad_wire_user's result. */
int ad_reply_user(struct ad_ctx *ctx, struct acct_buf *out,
		  const struct ad_user *u, const struct ad_tenant_states *ts);

#endif
