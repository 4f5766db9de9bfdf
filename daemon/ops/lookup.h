/*
 * lookup.h - what the NSS lookup handlers share besides handlers.h: the
 * rules of what lookups hide (policy/lookup.h), handed to the store.
 */
#ifndef AD_OPS_LOOKUP_H
#define AD_OPS_LOOKUP_H

#include "store/store.h"

extern const struct ad_lookup_rules ad_lookup_rules;

#endif
