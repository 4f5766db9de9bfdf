/*
 * usage.h - usage of a tenant: counted on every accepted API key use and
 * recorded by USAGE_RECORD (store/apikey.h keeps it).  The two places a
 * tenant's units grow go through here, so that a budget check
 * (policy/) stands in front of both.
 */
#ifndef AD_OPS_USAGE_H
#define AD_OPS_USAGE_H

#include "ops/handlers.h"

/* Key k was accepted for a request at now: count one use (memory only;
 * written by the next flush).  ACCT_ST_OK, or the store's failure. */
int ad_usage_key_used(struct ad_ctx *ctx, const struct ad_apikey *k,
		      uint64_t now, struct ad_err *err);

#endif
