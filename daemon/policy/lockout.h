/*
 * lockout.h - too many wrong passwords lock an account for a while.
 *
 * The rules are pure functions over a user record and the time; the
 * store functions below apply them in one durable transaction each,
 * together with their audit records.  Whether a locked user may log in
 * is still the login policy's call (policy_login.h reads LOCKED_UNTIL).
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

#include "store/audit.h"
#include "server/config.h"
#include "store/store.h"

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

/* Forget failures and any lock.  Returns true when something changed. */
bool ad_lockout_clear(struct ad_user *u);

/* ---- in the store (store_lockout.c) ---- */

/*
 * A wrong password for name at now: count it (ad_lockout_count) and
 * append ev (result and pam_result as given) plus, when this failure
 * locks, an "account-lock" record, all in one durable transaction.
 * *locked_until gets the lock's end (0: not locked by this failure).
 * NOTFOUND when the user is gone or deleted (nothing written).
 */
int ad_store_login_failed(struct ad_store *st, struct ad_str name,
			  const struct ad_lockout *lo, uint64_t now,
			  const struct ad_audit_event *ev,
			  uint64_t *locked_until, struct ad_err *err);

/*
 * A wrong password for a name the directory does not hold: only counted
 * (meta "unknown_logins"), in a durable transaction of its own, so that
 * the daemon does the same I/O as for a known user's failure and neither
 * shows by timing (not even in the delay of a request sent right after).
 */
int ad_store_unknown_login(struct ad_store *st, struct ad_err *err);

/* A right password for name: reset the counter, writing only when there
 * is one to reset. */
int ad_store_login_succeeded(struct ad_store *st, struct ad_str name,
			     struct ad_err *err);

/* USER_UNLOCK: counter and lock cleared, audited ("user-unlock"), also
 * when refused.  out gets the user (with its tenant slug). */
int ad_store_user_unlock(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err);

#endif
