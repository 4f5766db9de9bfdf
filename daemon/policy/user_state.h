/*
 * user_state.h - the one word that says where a user stands, as lists and
 * `user show` print it (USER_STATE on the wire).
 */
#ifndef AD_POLICY_USER_STATE_H
#define AD_POLICY_USER_STATE_H

#include <stdint.h>

#include "store/records.h"

/*
 * The user's own status when it is not active ("pending", "disabled",
 * "deleted": what an administrator acts on); else, for a tenant that is
 * not active, the tenant's ("suspended", "deprovisioning",
 * "deprovisioned": the user cannot log in, and reading "active" would
 * say it can); else "locked" while a lockout lasts at now; else "active".
 */
const char *ad_policy_user_state(const struct ad_user *u,
				 uint32_t tenant_status, uint64_t now);

#endif
