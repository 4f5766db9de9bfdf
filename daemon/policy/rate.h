/*
 * rate.h - a token bucket per caller uid, for the requests of callers
 * other than root: a hostile local user may ask, but not fast enough to
 * starve the others, fill the audit log or guess passwords.  Kept in
 * memory on the loop thread; pure: the caller brings the time and the
 * rate (config.h: struct ad_rate_cfg, read at each request so that a
 * reload applies at once).
 *
 * The table is a small set-associative hash: a uid may live only in the
 * AD_RL_WAYS slots of its set, and a new uid takes the slot used least
 * recently, so the memory is bounded whatever the callers do.  An evicted
 * uid starts again with a full bucket: it takes AD_RL_WAYS busier uids in
 * its set to push one out.
 */
#ifndef AD_RATELIMIT_H
#define AD_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "server/config.h"

#define AD_RL_SETS 64u /* hash sets ... */
#define AD_RL_WAYS 8u  /* ... of this many slots each */

struct ad_rl_slot {
	uint32_t uid;
	bool live;
	uint64_t units;	   /* tokens, AD_RL_UNIT per request */
	uint64_t refilled; /* when units were last topped up (ms) */
	uint64_t used;	   /* last request (ms): the eviction order */
};

/* All zeros is an empty table: embed it and go. */
struct ad_ratelimit {
	struct ad_rl_slot slot[AD_RL_SETS][AD_RL_WAYS];
};

/*
 * One request from uid at now_ms (a monotonic clock; one that goes back
 * only delays refills) under rate: a bucket of rate->burst requests,
 * refilled at rate->per_minute.  Returns true when it may go on, false
 * when the caller is over its rate.
 */
bool ad_ratelimit_take(struct ad_ratelimit *rl, uint32_t uid, uint64_t now_ms,
		       const struct ad_rate_cfg *rate);

/* The seconds a caller over rate waits for its next request: one
 * token's refill, rounded up (at least 1). */
uint32_t ad_ratelimit_retry_after(const struct ad_rate_cfg *rate);

#endif
