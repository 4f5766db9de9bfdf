/*
 * store_lifecycle.h - tenant lifecycle and user status changes, each with
 * its audit record: a change and its record commit in one transaction, a
 * refusal is recorded in a transaction of its own.
 */
#ifndef AD_STORE_LIFECYCLE_H
#define AD_STORE_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum ad_tenant_action {
	AD_TENANT_SUSPEND = 1, /* active -> suspended */
	AD_TENANT_REACTIVATE,  /* suspended -> active */
	AD_TENANT_DEPROVISION, /* active | suspended -> deprovisioning */
	AD_TENANT_FINALIZE,    /* deprovisioning -> deprovisioned */
};

/*
 * The transition rules, pure: the status action leads to from a tenant in
 * status from.  Returns ACCT_ST_OK with *to set, or ACCT_ST_CONFLICT (or
 * ACCT_ST_INVALID for an unknown action) with one line in msg ("tenant
 * acme is active; deprovision it first").
 */
int ad_tenant_transition(uint32_t from, enum ad_tenant_action action,
			 const char *slug, uint32_t *to, char *msg,
			 size_t msglen);

/*
 * Apply action to the tenant slug: status, status reason (required for
 * SUSPEND and DEPROVISION, optional for REACTIVATE where absent clears
 * it, kept by FINALIZE), status updated at/by, SUSPENDED_AT (set by
 * SUSPEND, cleared by REACTIVATE) and DEPROVISIONED_AT (set by
 * DEPROVISION).  Audited either way.  out gets the tenant with its count.
 */
int ad_store_tenant_lifecycle(struct ad_store *st, struct ad_str slug,
			      enum ad_tenant_action action,
			      struct ad_str reason, const char *actor,
			      struct ad_tenant *out, struct ad_err *err);

/*
 * USER_DISABLE: CONFLICT when the user is the caller itself (actor_uid),
 * deleted, or the last active owner of its tenant.  reason (optional) is
 * kept in the user's status reason.  Disabling a disabled user changes
 * nothing and succeeds.  Audited either way.
 */
int ad_store_user_disable(struct ad_store *st, struct ad_str name,
			  struct ad_str reason, const char *actor,
			  uint32_t actor_uid, struct ad_user *out,
			  struct ad_err *err);

/* USER_ENABLE: pending or disabled -> active (clears the status reason);
 * CONFLICT for a deleted user.  Audited either way. */
int ad_store_user_enable(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err);

/* The user (deleted ones too) and its tenant from one snapshot, for a
 * login decision.  NOTFOUND (no message) when there is no such login. */
int ad_store_user_login_view(struct ad_store *st, struct ad_str name,
			     struct ad_user *u, struct ad_tenant *t,
			     struct ad_err *err);

#endif
