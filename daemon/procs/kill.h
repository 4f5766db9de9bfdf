/*
 * kill.h - end every process of users whose logins are over, not
 * only their registered session leaders: a `setsid` job started inside a
 * session must not outlive `user disable`.
 *
 * A kill job sweeps /proc (procs/sweep.h) on the worker pool: SIGTERM
 * to each process running as one of its uids, then, after
 * session_kill_grace_ms, SIGKILL to whatever is left, sweeping again
 * while processes remain (they may fork meanwhile), at most
 * AD_KILL_SWEEPS times.  What each step did is logged and audited on the
 * loop.  Uids are never reused, so a uid names one user; uid 0 and uids
 * outside uid_min..uid_max are never swept.  A disabled user that is
 * enabled again before the SIGKILL step is left alone from then on.
 */
#ifndef AD_SESSION_KILL_H
#define AD_SESSION_KILL_H

#include <stddef.h>
#include <stdint.h>

/* SIGKILL sweeps after the grace, at most. */
#define AD_KILL_SWEEPS 5u
/* Between two SIGKILL sweeps: a killed process is gone by then. */
#define AD_KILL_SWEEP_GAP_MS 50u

struct event_base;
struct ad_store;
struct ad_config;
struct ad_workers;
struct ad_killer;

/* cfg (grace, uid range) is read at each step.  NULL: out of memory. */
struct ad_killer *ad_killer_new(struct event_base *base, struct ad_store *st,
				const struct ad_config *cfg);

/* Sweep on wp; NULL (the default): sweep on the loop, in the caller. */
void ad_killer_use_workers(struct ad_killer *k, struct ad_workers *wp);

/* Cancel every job (a sweep on a worker finishes and is dropped). */
void ad_killer_free(struct ad_killer *k);

/*
 * Who the processes belong to, for the log and the audit records: user
 * (a login; checked again before SIGKILL: an active user is spared) or
 * NULL for all the users of tenant; why ("account bob disabled").
 */
struct ad_kill_whom {
	const char *user;
	const char *tenant;
	const char *why;
};

/* Start a job for uids[0..n) (copied).  Returns how many uids it
 * sweeps: 0 when none is in the uid range (or out of memory, logged). */
size_t ad_killer_start(struct ad_killer *k, const uint32_t *uids, size_t n,
		       const struct ad_kill_whom *whom);

#endif
