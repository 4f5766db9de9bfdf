/*
 * target.h - what a management request is about, read from the store for
 * the permission check (policy/permission.h): the row of the table of
 * operations says where the request names it.
 */
#ifndef AD_OPS_TARGET_H
#define AD_OPS_TARGET_H

#include "ops/handlers.h"
#include "policy/permission.h"

/* Where a request names its target: a column of the table. */
enum ad_target_ref {
	AD_REF_NONE = 0,     /* nothing, or the caller itself (SELF) */
	AD_REF_USER,	     /* NAME is a login; ROLE, if any, a grant */
	AD_REF_TENANT,	     /* NAME is a tenant slug; absent: the
				caller's own tenant */
	AD_REF_IN_TENANT,    /* TENANT, if given, is the tenant a record
				is made in or a list is of (absent: the
				handler scopes it: ad_scope_tenant); ROLE,
				if any, a grant */
	AD_REF_GROUP,	     /* NAME is a group */
	AD_REF_GROUP_MEMBER, /* NAME is a group and MEMBER a login */
	AD_REF_SESSION,	     /* SESSION_ID: the session's user */
	AD_REF_KEY,	     /* KEY_PREFIX: the API key's owner (issue 9) */
};

#define AD_MAX_TARGETS 2

/*
 * Read the targets of rq (at most AD_MAX_TARGETS) into t; *n gets how
 * many.  A target that does not exist is one with exists false, not a
 * failure: the permission check decides what the caller may hear.
 * Returns ACCT_ST_OK, BADREQ for a malformed field, or the store's
 * failure.
 */
int ad_target_resolve(struct ad_ctx *ctx, const struct ad_request *rq,
		      enum ad_target_ref ref,
		      struct ad_target t[AD_MAX_TARGETS], size_t *n,
		      struct ad_err *err);

/*
 * The tenant a list or a new record of rq is in: the TENANT it gives, or
 * for a directory user its own tenant (a tenant's users see only their
 * tenant), or absent (every tenant) for operators and support.
 */
int ad_scope_tenant(const struct ad_request *rq, struct ad_str *tenant,
		    struct ad_err *err);

#endif
