/*
 * lockout.c - the lockout rules (see lockout.h).  Pure: no store, no
 * clock.
 */
#include "policy/lockout.h"

void ad_lockout_from(const struct ad_config *cfg, struct ad_lockout *lo)
{
	lo->attempts = cfg->lockout_attempts;
	lo->window_s = cfg->lockout_window_s;
	lo->duration_s = cfg->lockout_duration_s;
}

bool ad_lockout_active(const struct ad_user *u, uint64_t now)
{
	return u->locked_until > now;
}

/* Does a failure at now belong to the count kept in u? */
static bool same_window(const struct ad_user *u, const struct ad_lockout *lo,
			uint64_t now)
{
	if (u->failed_logins == 0 || now < u->first_failure)
		return false; /* nothing counted, or the clock went back */
	if (u->locked_until != 0 && u->locked_until <= now)
		return false; /* a lock ran out: a clean slate */
	return now - u->first_failure < lo->window_s;
}

bool ad_lockout_count(struct ad_user *u, const struct ad_lockout *lo,
		      uint64_t now)
{
	/* off, or locked already (a verification that raced the lock):
	 * nothing to count, and a lock is never stretched */
	if (lo->attempts == 0 || ad_lockout_active(u, now))
		return false;
	if (!same_window(u, lo, now)) {
		u->failed_logins = 0;
		u->first_failure = now;
		u->locked_until = 0;
	}
	if (u->failed_logins < UINT32_MAX)
		u->failed_logins++;
	if (u->failed_logins < lo->attempts)
		return false;
	u->locked_until = now + lo->duration_s;
	return true;
}
