/*
 * usage.h - usage of a tenant: counted on every accepted API key use and
 * recorded by USAGE_RECORD (store/apikey.h keeps it).  The two places a
 * tenant's units grow go through here, so that a budget check
 * (policy/) stands in front of both.
 */
#ifndef AD_OPS_USAGE_H
#define AD_OPS_USAGE_H

#include "ops/handlers.h"

/* Who uses a key: its tenant (slug), whether the request asks to go
 * past an override budget, and how records name and place the user. */
struct ad_key_use {
	const char *tenant;
	bool override_asked;
	struct ad_audit_who who; /* its actor and the uid that asked */
	int32_t pid;
};

/* Key k was accepted for a request at now: the tenant's usage budget is
 * asked for one unit (ops/budget.h), then the use counted (memory only;
 * written by the next flush).  ACCT_ST_OK, BUDGET_EXCEEDED (nothing
 * counted), or the store's failure. */
int ad_usage_key_used(struct ad_ctx *ctx, const struct ad_apikey *k,
		      const struct ad_key_use *use, uint64_t now,
		      struct ad_err *err);

#endif
