/*
 * lookup.h - what name lookups (NSS) do not show.  Pure and cheap: the
 * store asks it for every entry it is about to send, enumeration
 * included, on the hot path.
 */
#ifndef AD_POLICY_LOOKUP_H
#define AD_POLICY_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "server/config.h"
#include "store/records.h"

struct ad_caller;

/*
 * Hidden: a deleted user, and the users of a deprovisioned tenant.
 * Disabled and pending users, and those of suspended or deprovisioning
 * tenants, still resolve (their files keep an owner); they cannot log in.
 */
bool ad_policy_user_hidden(uint32_t user_status, uint32_t tenant_status);

/* Hidden: the groups of a deprovisioned tenant. */
bool ad_policy_group_hidden(uint32_t tenant_status);

/*
 * Whose users and groups the lookups of caller c show, under visibility
 * (config lookup_visibility), the directory's uids starting at uid_min:
 *   all                                      every tenant's
 *   tenant: root, operator_group, support    every tenant's
 *   tenant: a known directory user           its own tenant's only
 *   tenant: any other uid below uid_min      every tenant's (the system's
 *                                            own accounts: daemons, nobody)
 *   tenant: any other uid                    none (fail closed: a uid in the
 *                                            directory's range that it does
 *                                            not know, such as a deleted
 *                                            user's leftover process)
 * A directory user is narrowed to its tenant even when its uid is below
 * uid_min (a range moved after it was created).  What is not shown is
 * not found, exactly as a name nobody has.
 */
struct ad_lookup_view
ad_policy_lookup_view(enum ad_lookup_visibility visibility, uint32_t uid_min,
		      const struct ad_caller *c);

#endif
