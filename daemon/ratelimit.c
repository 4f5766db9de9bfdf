/*
 * ratelimit.c - token buckets per caller uid in a bounded table (see
 * ratelimit.h).
 */
#include "ratelimit.h"

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

static void refill(struct ad_rl_slot *s, uint64_t now)
{
	uint64_t earned;

	if (now <= s->refilled) {
		/* the clock went back: wait until it passes the mark again */
		return;
	}
	earned = (now - s->refilled) / AD_RL_REFILL_S;
	if (earned == 0)
		return;
	s->tokens = earned >= AD_RL_BURST - s->tokens
			    ? AD_RL_BURST
			    : s->tokens + (uint32_t)earned;
	s->refilled += earned * AD_RL_REFILL_S;
}

bool ad_ratelimit_take(struct ad_ratelimit *rl, uint32_t uid, uint64_t now)
{
	struct ad_rl_slot *s;
	bool found;

	s = find_slot(rl->slot[set_of(uid)], uid, &found);
	if (!found) {
		s->live = true;
		s->uid = uid;
		s->tokens = AD_RL_BURST;
		s->refilled = now;
	} else {
		refill(s, now);
	}
	s->used = now;
	if (s->tokens == 0)
		return false;
	s->tokens--;
	return true;
}
