/*
 * user.h - the guards on changing a user: a tenant keeps an active owner,
 * and nobody disables themself through the admin path meant for others.
 * Pure: the caller brings the facts (the store gathers them inside the
 * write that would make the change).
 */
#ifndef AD_POLICY_USER_H
#define AD_POLICY_USER_H

#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/*
 * May c be made without taking away the last active owner of its tenant?
 * Refused (ACCT_ST_CONFLICT "'alice' is the last active owner of tenant
 * 'acme'") when c->user is an active owner, the change leaves it no
 * active owner (another role, or another status), and c->active_owners
 * is at most 1.  Otherwise ACCT_ST_OK (msg "").
 */
int ad_policy_owner_kept(const struct ad_user_change *c, char *msg,
			 size_t msglen);

/*
 * USER_DISABLE is for others: the caller actor_uid disabling its own
 * account u is refused (ACCT_ST_CONFLICT "use self-service to disable
 * your own account").  Otherwise ACCT_ST_OK (msg "").
 */
int ad_policy_disable_other(const struct ad_user *u, uint32_t actor_uid,
			    char *msg, size_t msglen);

/*
 * USER_DEACTIVATE's guard, over c as the store gathered it (the change:
 * status DISABLED).  Refused with ACCT_ST_CONFLICT and one line when
 * c->user is not active ("user 'bob' is already deactivated", "user 'bob'
 * is disabled, not active: ...", pending, deleted), is the caller's own
 * (actor_uid: "you cannot deactivate your own account"), is the last
 * active owner of its tenant (ad_policy_owner_kept), or is its last
 * active admin (c->active_admins at most 1: "'adam' is the last active
 * admin of tenant 'acme'").  Otherwise ACCT_ST_OK (msg "").
 */
int ad_policy_deactivate(const struct ad_user_change *c, uint32_t actor_uid,
			 char *msg, size_t msglen);

/*
 * USER_REACTIVATE's guard: only a deactivated user (disabled, with
 * deactivated_at set) becomes active again; one disabled by USER_DISABLE
 * or by itself, or not disabled at all, is refused (ACCT_ST_CONFLICT
 * "user 'bob' was not deactivated: ...").  Otherwise ACCT_ST_OK (msg "").
 */
int ad_policy_reactivate(const struct ad_user_change *c, char *msg,
			 size_t msglen);

#endif
