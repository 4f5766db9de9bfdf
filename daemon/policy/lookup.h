/*
 * lookup.h - what name lookups (NSS) do not show.  Pure and cheap: the
 * store asks it for every entry it is about to send, enumeration
 * included, on the hot path.
 */
#ifndef AD_POLICY_LOOKUP_H
#define AD_POLICY_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "store/records.h"

/*
 * Hidden: a deleted user, and the users of a deprovisioned tenant.
 * Disabled and pending users, and those of suspended or deprovisioning
 * tenants, still resolve (their files keep an owner); they cannot log in.
 */
bool ad_policy_user_hidden(uint32_t user_status, uint32_t tenant_status);

/* Hidden: the groups of a deprovisioned tenant. */
bool ad_policy_group_hidden(uint32_t tenant_status);

#endif
