/*
 * ratelimit.h - a token bucket per caller uid, for the PAM requests of
 * callers other than root (a screen locker may check its own user's
 * password, but not fast enough to guess it).  Kept in memory on the loop
 * thread; pure: the caller brings the time.
 *
 * The table is a small set-associative hash: a uid may live only in the
 * AD_RL_WAYS slots of its set, and a new uid takes the slot used least
 * recently, so the memory is bounded whatever the callers do.  An evicted
 * uid starts again with a full bucket: it takes AD_RL_SETS * AD_RL_WAYS
 * busier uids to push one out.
 */
#ifndef AD_RATELIMIT_H
#define AD_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define AD_RL_BURST 10u	  /* requests a caller may send at once */
#define AD_RL_REFILL_S 1u /* one more request every this many seconds */
#define AD_RL_SETS 64u	  /* hash sets ... */
#define AD_RL_WAYS 8u	  /* ... of this many slots each */

struct ad_rl_slot {
	uint32_t uid;
	uint32_t tokens;
	uint64_t refilled; /* when tokens were last topped up */
	uint64_t used;	   /* last request: the eviction order */
	bool live;
};

/* All zeros is an empty table: embed it and go. */
struct ad_ratelimit {
	struct ad_rl_slot slot[AD_RL_SETS][AD_RL_WAYS];
};

/*
 * One request from uid at now (seconds; any clock that does not jump
 * forward much, going backwards only delays refills).  Returns true when
 * it may go on, false when the caller is over its rate.
 */
bool ad_ratelimit_take(struct ad_ratelimit *rl, uint32_t uid, uint64_t now);

#endif
