/* caller.h - the one caller value of a request (policy/access.h). */
#ifndef AD_OPS_CALLER_H
#define AD_OPS_CALLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/access.h"
#include "server/ctx.h"

/* Who sent a request, and the request (which may name the human behind
 * root: ACCT_T_SUDO_USER). */
struct ad_request;

struct ad_request_peer {
	const struct ad_peer *peer;
	const uint8_t *payload;
	size_t len;
	struct ad_apikey *key; /* out: the API key accepted (its hash
				  wiped), if the request presents one */
};

/*
 * Fill c for the peer.  who: look the uid up in the directory (every
 * request but public lookups).  Without it only kind (root the operator,
 * anyone else anonymous), uid and pid are set: a public lookup is never
 * refused nor audited, and must stay well under a microsecond.  Under
 * lookup_visibility = tenant a public lookup's caller is looked up too
 * (what it sees depends on its tenant), but not named.
 *
 * A request that carries ACCT_T_ACCESS_TOKEN is made by the token's user
 * (its tenant, role and permissions; actor "alice (token, uid 33)"),
 * whatever the peer's uid and groups.  A token that is not valid, or
 * whose user may not act (policy/signin.h), is DENIED with one line in
 * err, and c is left as the peer makes it, for the refusal's record:
 * never served as the peer.
 *
 * A request that carries ACCT_T_API_KEY is made by the key's owner
 * narrowed to the key's scopes (c->api_key, c->scopes; actor "alice (key
 * acd_key_..., uid 33)"), checked against the store every time
 * (policy/apikey.h); a key that is not valid, or whose owner may not log
 * in now, is DENIED as a token is, and so is a request carrying both a
 * token and a key.  An accepted key is not counted yet: the request
 * must be permitted first (ad_caller_key_used).
 *
 * Returns ACCT_ST_OK, DENIED (a token or key), or the store's failure
 * (err).
 */
int ad_caller_resolve(struct ad_ctx *ctx, const struct ad_request_peer *p,
		      bool who, struct ad_caller *c, struct ad_err *err);

/*
 * rq, made with API key k, is permitted: one use of k, within its
 * tenant's usage budget (ops/usage.h).  Refused requests cost nothing.
 * ACCT_ST_OK, BUDGET_EXCEEDED (err), or the store's failure.
 */
int ad_caller_key_used(struct ad_ctx *ctx, const struct ad_request *rq,
		       const struct ad_apikey *k, struct ad_err *err);

#endif
