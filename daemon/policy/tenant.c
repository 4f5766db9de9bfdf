/*
 * tenant.c - the tenant rules (see tenant.h).  Pure: no store, no clock.
 */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "policy/tenant.h"

/* "active", "being deprovisioned": what "tenant acme is ..." ends with. */
static const char *status_words(uint32_t status)
{
	switch (status) {
	case ACCT_TENANT_ACTIVE:
		return "active";
	case ACCT_TENANT_SUSPENDED:
		return "suspended";
	case ACCT_TENANT_DEPROVISIONING:
		return "being deprovisioned";
	case ACCT_TENANT_DEPROVISIONED:
		return "deprovisioned";
	default:
		return "in an unknown state";
	}
}

/* The one allowed source status of each action (deprovision: two). */
static bool allowed_from(uint32_t from, enum ad_tenant_action action,
			 uint32_t *to)
{
	switch (action) {
	case AD_TENANT_SUSPEND:
		*to = ACCT_TENANT_SUSPENDED;
		return from == ACCT_TENANT_ACTIVE;
	case AD_TENANT_REACTIVATE:
		*to = ACCT_TENANT_ACTIVE;
		return from == ACCT_TENANT_SUSPENDED;
	case AD_TENANT_DEPROVISION:
		*to = ACCT_TENANT_DEPROVISIONING;
		return from == ACCT_TENANT_ACTIVE ||
		       from == ACCT_TENANT_SUSPENDED;
	case AD_TENANT_FINALIZE:
		*to = ACCT_TENANT_DEPROVISIONED;
		return from == ACCT_TENANT_DEPROVISIONING;
	default:
		*to = from;
		return false;
	}
}

int ad_tenant_transition(uint32_t from, enum ad_tenant_action action,
			 const char *slug, uint32_t *to, char *msg,
			 size_t msglen)
{
	const char *is = status_words(from);

	if (allowed_from(from, action, to))
		return ACCT_ST_OK;
	if (*to == from && action >= AD_TENANT_SUSPEND &&
	    action <= AD_TENANT_FINALIZE) {
		snprintf(msg, msglen, "tenant %s is already %s", slug, is);
		return ACCT_ST_CONFLICT;
	}
	switch (action) {
	case AD_TENANT_SUSPEND:
		snprintf(msg, msglen,
			 "tenant %s is %s; only an active tenant can be "
			 "suspended",
			 slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_REACTIVATE:
		snprintf(msg, msglen,
			 "tenant %s is %s and cannot be reactivated", slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_DEPROVISION: /* only from deprovisioned */
		snprintf(msg, msglen, "tenant %s is already %s", slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_FINALIZE:
		snprintf(msg, msglen, "tenant %s is %s; deprovision it first",
			 slug, is);
		return ACCT_ST_CONFLICT;
	default:
		snprintf(msg, msglen, "unknown tenant action %d", (int)action);
		return ACCT_ST_INVALID;
	}
}

int ad_policy_tenant_open(const struct ad_tenant *t, char *msg, size_t msglen)
{
	if (msglen > 0)
		msg[0] = '\0';
	if (t->status == ACCT_TENANT_DEPROVISIONING) {
		snprintf(msg, msglen, "tenant '%s' is being deprovisioned",
			 t->slug);
		return ACCT_ST_CONFLICT;
	}
	if (t->status == ACCT_TENANT_DEPROVISIONED) {
		snprintf(msg, msglen, "tenant '%s' is deprovisioned", t->slug);
		return ACCT_ST_CONFLICT;
	}
	return ACCT_ST_OK;
}

uint64_t ad_policy_purge_after(const struct ad_tenant *t,
			       uint32_t retention_days)
{
	uint64_t since =
		t->finalized_at != 0 ? t->finalized_at : t->status_updated_at;

	if (t->status != ACCT_TENANT_DEPROVISIONED)
		return 0;
	/* at most 36500 days: no overflow before the year 292 billion */
	return since + (uint64_t)retention_days * 86400u;
}

/* Unix time as "2024-05-31T12:00:00Z" into buf[32]. */
static void utc(uint64_t when, char *buf, size_t size)
{
	time_t tt = (time_t)when;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "%llu", (unsigned long long)when);
}

int ad_policy_tenant_purge(const struct ad_tenant *t, uint64_t now,
			   uint32_t retention_days, char *msg, size_t msglen)
{
	char until[32], since[32];
	uint64_t after = ad_policy_purge_after(t, retention_days);

	if (msglen > 0)
		msg[0] = '\0';
	switch (t->status) {
	case ACCT_TENANT_DEPROVISIONED:
		break;
	case ACCT_TENANT_DEPROVISIONING:
		snprintf(msg, msglen,
			 "tenant %s is being deprovisioned; finalize it, then "
			 "purge it after retention_days",
			 t->slug);
		return ACCT_ST_CONFLICT;
	default:
		snprintf(msg, msglen,
			 "tenant %s is %s; only a deprovisioned tenant can be "
			 "purged (deprovision and finalize it first)",
			 t->slug, status_words(t->status));
		return ACCT_ST_CONFLICT;
	}
	if (now >= after)
		return ACCT_ST_OK;
	utc(after, until, sizeof(until));
	utc(after - (uint64_t)retention_days * 86400u, since, sizeof(since));
	snprintf(msg, msglen,
		 "tenant %s is kept until %s (retention_days = %u after it "
		 "was finalized on %s); purge it then",
		 t->slug, until, (unsigned)retention_days, since);
	return ACCT_ST_CONFLICT;
}
