/*
 * lockout.h - too many wrong passwords lock an account for a while.
 *
 * The rules are pure functions over a user record and the time; the
 * ops layer hands them to the store (ad_store_login_failed, store.h),
 * which applies them in one durable transaction with the audit records.
 * Whether a locked user may log in is still the login policy's call
 * (login.h reads LOCKED_UNTIL); a right password clears the counter
 * (ad_user_clear_failures, records.h).
 *
 * Audited: every wrong password (action "auth", or "chauthtok" for a
 * wrong current password) and every lock ("account-lock").  Successful
 * logins are not: there are far more of them, they change nothing, and
 * the session records (and the system's own logs) already say who came
 * in; a success writes only when it resets a non-zero counter.
 */
#ifndef AD_LOCKOUT_H
#define AD_LOCKOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "server/config.h"
#include "store/records.h"

struct ad_lockout {
	uint32_t attempts;   /* wrong passwords that lock; 0: never lock */
	uint64_t window_s;   /* ... counted within this many seconds */
	uint64_t duration_s; /* how long a lock lasts */
};

void ad_lockout_from(const struct ad_config *cfg, struct ad_lockout *lo);

/* Is u locked at now? */
bool ad_lockout_active(const struct ad_user *u, uint64_t now);

/*
 * Count one wrong password of u at now: a failure after the window (or
 * after a lock that has run out) starts a new count.  Returns true when
 * this failure locks the account (locked_until set).  Nothing happens
 * when lockout is off or u is locked already.
 */
bool ad_lockout_count(struct ad_user *u, const struct ad_lockout *lo,
		      uint64_t now);

#endif
