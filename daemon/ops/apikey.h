/* apikey.h - what the API key handlers (ops/apikey.c) share. */
#ifndef AD_OPS_APIKEY_H
#define AD_OPS_APIKEY_H

#include "ops/handlers.h"

/* One APIKEY_REC of k (owner and t: NULL when the owner is gone), with
 * its state at now; never the secret's hash. */
void ad_apikey_encode(struct acct_buf *b, const struct ad_apikey *k,
		      const struct ad_user *owner, const struct ad_tenant *t,
		      uint64_t now);

#endif
