/*
 * rate.c - token buckets per caller uid in a bounded table (see
 * policy/rate.h).  Tokens are counted in units of 1/60000 of a request, so
 * that a rate per minute refills a whole number of units per millisecond.
 */
#include "policy/rate.h"

#define AD_RL_UNIT 60000u /* units per request = milliseconds per minute */

/* Knuth's multiplicative hash: neighbouring uids land in different sets. */
static unsigned set_of(uint32_t uid)
{
	return (unsigned)((uid * 2654435761u) >> 26) % AD_RL_SETS;
}

/* uid's slot in its set, or the one to reuse for it: a free slot, else
 * the least recently used. */
static struct ad_rl_slot *find_slot(struct ad_rl_slot *set, uint32_t uid,
				    bool *found)
{
	struct ad_rl_slot *victim = &set[0];

	*found = false;
	for (unsigned i = 0; i < AD_RL_WAYS; i++) {
		if (set[i].live && set[i].uid == uid) {
			*found = true;
			return &set[i];
		}
		if (!victim->live)
			continue;
		if (!set[i].live || set[i].used < victim->used)
			victim = &set[i];
	}
	return victim;
}

static void refill(struct ad_rl_slot *s, uint64_t now, uint64_t per_minute,
		   uint64_t cap)
{
	uint64_t elapsed;

	if (now <= s->refilled)
		return; /* the clock went back: wait until it passes the mark */
	elapsed = now - s->refilled;
	s->refilled = now;
	/* compared first, so that the product below cannot overflow */
	if (elapsed >= cap / per_minute ||
	    cap - s->units <= elapsed * per_minute)
		s->units = cap;
	else
		s->units += elapsed * per_minute;
}

uint32_t ad_ratelimit_retry_after(const struct ad_rate_cfg *rate)
{
	if (rate->per_minute == 0)
		return 60;
	return (60u + rate->per_minute - 1) / rate->per_minute;
}

bool ad_ratelimit_take(struct ad_ratelimit *rl, uint32_t uid, uint64_t now_ms,
		       const struct ad_rate_cfg *rate)
{
	uint64_t cap = (uint64_t)rate->burst * AD_RL_UNIT;
	uint64_t per_minute = rate->per_minute > 0 ? rate->per_minute : 1;
	struct ad_rl_slot *s;
	bool found;

	s = find_slot(rl->slot[set_of(uid)], uid, &found);
	if (!found) {
		s->live = true;
		s->uid = uid;
		s->units = cap;
		s->refilled = now_ms;
	} else {
		if (s->units > cap)
			s->units = cap; /* a reload lowered the burst */
		refill(s, now_ms, per_minute, cap);
	}
	s->used = now_ms;
	if (s->units < AD_RL_UNIT)
		return false;
	s->units -= AD_RL_UNIT;
	return true;
}
