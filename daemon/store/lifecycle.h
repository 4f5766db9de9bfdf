/*
 * lifecycle.h - tenant lifecycle and user status changes.  The
 * rules are the caller's (policy/); a change commits with the record of
 * the request that made it (ad_store_audit_next, set by the dispatcher).
 */
#ifndef AD_STORE_LIFECYCLE_H
#define AD_STORE_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Apply action to the tenant slug, to the status move (policy/tenant.h)
 * gives or not at all: status, status reason (required for
 * SUSPEND and DEPROVISION, optional for REACTIVATE where absent clears
 * it, kept by FINALIZE), status updated at/by, SUSPENDED_AT (set by
 * SUSPEND, cleared by REACTIVATE) and DEPROVISIONED_AT (set by
 * DEPROVISION).  SUSPEND and DEPROVISION also revoke every token of the
 * tenant's users (token.h).  out gets the tenant with its count.
 */
int ad_store_tenant_lifecycle(struct ad_store *st, struct ad_str slug,
			      enum ad_tenant_action action,
			      ad_tenant_move_fn move, struct ad_str reason,
			      const char *actor, struct ad_tenant *out,
			      struct ad_err *err);

/*
 * USER_DISABLE: CONFLICT when the user is deleted; guard decides on the
 * change (status ACCT_USER_DISABLED; policy/user.h: not oneself, not the
 * last active owner).  reason (optional) is kept in the user's status
 * reason.  The user's tokens of every kind are revoked (token.h).
 * Disabling a disabled user changes nothing more and succeeds.
 */
int ad_store_user_disable(struct ad_store *st, struct ad_str name,
			  struct ad_str reason,
			  const struct ad_user_guard *guard, const char *actor,
			  struct ad_user *out, struct ad_err *err);

/* USER_ENABLE: pending or disabled -> active (clears the status reason);
 * CONFLICT for a deleted user. */
int ad_store_user_enable(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err);

/*
 * USER_DEACTIVATE (store/deactivate.c): guard decides (policy/user.h:
 * only an active user, not oneself, not the last active owner or admin);
 * then the user is disabled and remembered as deactivated
 * (deactivated_at), with reason (optional) as its status reason.
 * CONFLICT for a deleted user.
 */
int ad_store_user_deactivate(struct ad_store *st, struct ad_str name,
			     struct ad_str reason,
			     const struct ad_user_guard *guard,
			     const char *actor, struct ad_user *out,
			     struct ad_err *err);

/* USER_REACTIVATE: guard decides (only a deactivated user); then the user
 * is active again, its status reason and deactivated_at cleared. */
int ad_store_user_reactivate(struct ad_store *st, struct ad_str name,
			     const struct ad_user_guard *guard,
			     const char *actor, struct ad_user *out,
			     struct ad_err *err);

/* The user (deleted ones too) and its tenant from one snapshot, for a
 * login decision.  NOTFOUND (no message) when there is no such login. */
int ad_store_user_login_view(struct ad_store *st, struct ad_str name,
			     struct ad_user *u, struct ad_tenant *t,
			     struct ad_err *err);

#endif
