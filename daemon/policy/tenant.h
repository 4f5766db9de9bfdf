/*
 * tenant.h - the tenant rules: where each lifecycle action leads, and
 * whether a tenant still takes new members.  Pure: the caller brings the
 * tenant as it stands (the store asks these inside its write).
 */
#ifndef AD_POLICY_TENANT_H
#define AD_POLICY_TENANT_H

#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/*
 * The status action leads to from a tenant in status from.  Returns
 * ACCT_ST_OK with *to set, or ACCT_ST_CONFLICT (or ACCT_ST_INVALID for an
 * unknown action) with one line in msg ("tenant acme is active;
 * deprovision it first").
 */
int ad_tenant_transition(uint32_t from, enum ad_tenant_action action,
			 const char *slug, uint32_t *to, char *msg,
			 size_t msglen);

/*
 * May t take a new user, group or membership?  Not once it is on its way
 * out: ACCT_ST_CONFLICT "tenant 'acme' is being deprovisioned" or
 * "... is deprovisioned"; otherwise ACCT_ST_OK (msg "").
 */
int ad_policy_tenant_open(const struct ad_tenant *t, char *msg, size_t msglen);

/*
 * May tenant t be purged (its records removed for good) at now?  Only a
 * deprovisioned tenant, and only once retention_days have passed since
 * it was finalized (t->finalized_at; a record from before that field:
 * status_updated_at, which finalize set).  Otherwise ACCT_ST_CONFLICT
 * with one line ("tenant acme is active; deprovision and finalize it
 * first", "tenant acme is kept until 2024-05-31T12:00:00Z
 * (retention_days = 30 after it was finalized on ...)"); else
 * ACCT_ST_OK (msg "").
 */
int ad_policy_tenant_purge(const struct ad_tenant *t, uint64_t now,
			   uint32_t retention_days, char *msg, size_t msglen);

/* When t may be purged (unix time), by the rule above: 0 when it is not
 * deprovisioned. */
uint64_t ad_policy_purge_after(const struct ad_tenant *t,
			       uint32_t retention_days);

#endif
