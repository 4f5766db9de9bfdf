/*
 * me.h - what the self-service handlers share (ops/me.c,
 * ops/me_password.c).  Their access class (AD_ACCESS_SELF) admits a known
 * directory user only; they act on that caller's own user, found by its
 * uid, never on a name a request gives.
 */
#ifndef AD_OPS_ME_H
#define AD_OPS_ME_H

#include "ops/handlers.h"

/*
 * The caller's own user and its tenant (u->tenant filled), named in the
 * request's audit record.  A request that names a user (NAME) is BADREQ:
 * it would read as acting on someone else.
 */
int ad_me_user(struct ad_ctx *ctx, const struct ad_request *rq,
	       struct ad_user *u, struct ad_tenant *t, struct ad_err *err);

/* DENIED with the login policy's line ("organization acme is
 * suspended") when u (of tenant t) may not log in now: such a user reads
 * its record but changes nothing. */
int ad_me_may_change(struct ad_ctx *ctx, const struct ad_user *u,
		     const struct ad_tenant *t, struct ad_err *err);

#endif
