/*
 * sessions.h - live sessions and the processes behind them.
 *
 * Each session in the store has a watch here: a pidfd of its process and
 * an event on the loop that fires when the process exits, which ends the
 * session (record removed, "session-end" audited).  Terminating a session
 * signals its process through the pidfd (SIGTERM, then SIGKILL after
 * session_kill_grace_ms), so a process that merely reused the pid is never
 * signalled; the session still ends only when the process has exited.
 *
 * Ending is queued: process exits, terminations and the startup restore
 * put the ids on one queue, and a loop callback ends at most
 * AD_SESSION_END_BATCH of them per transaction, then lets the loop serve
 * other events before the next batch.  The watches also count the live
 * sessions (in all, per user, per non-root caller) for the caps of
 * max_sessions, max_sessions_per_user and max_sessions_per_caller.
 * Everything runs on the loop thread, except the sweeps for a user's
 * other processes (procs/kill.h), which run on the worker pool.
 */
#ifndef AD_SESSION_H
#define AD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "store/store.h"

/* Sessions ended per transaction, at most (a batch costs ~2 ms). */
#define AD_SESSION_END_BATCH 256
/* Descriptors kept for everything but sessions and connections: the
 * listener, the store, the loop, the workers' sweeps, logging. */
#define AD_SESSION_FD_SPARE 64

struct event_base;
struct ad_config;
struct ad_sessions;
struct ad_workers;

/* Watches on base over the sessions of st; cfg (the caps, the grace, the
 * uid range) is read at each use, so a reload applies.  NULL when out of
 * memory. */
struct ad_sessions *ad_sessions_new(struct event_base *base,
				    struct ad_store *st,
				    const struct ad_config *cfg);

/* Sweep for users' processes on wp (NULL: on the loop, in the caller). */
void ad_sessions_use_workers(struct ad_sessions *ss, struct ad_workers *wp);

/*
 * Startup: make room for max_sessions pidfds plus max_connections
 * sockets plus AD_SESSION_FD_SPARE under RLIMIT_NOFILE, raising it if
 * allowed, and log a warning when it does not fit: sessions then get
 * only what connections leave.
 */
void ad_sessions_fit_nofile(struct ad_sessions *ss);

/* Drop every watch and sweep, ending nothing: the sessions stay in the
 * store for the next ad_sessions_restore. */
void ad_sessions_free(struct ad_sessions *ss);

/*
 * At startup: watch each stored session whose process is still the one
 * that started at its PROC_START, and queue the others to be ended (from
 * the loop, in batches).  Returns ACCT_ST_OK or the store's failure (in
 * err).
 */
int ad_sessions_restore(struct ad_sessions *ss, struct ad_err *err);

/*
 * May caller open one more session for user uid (name)?  false with one
 * line for the user in msg when a cap is reached: max_sessions (or what
 * the descriptor limit leaves), max_sessions_per_user, or, for a caller
 * other than root, max_sessions_per_caller.
 */
bool ad_sessions_may_open(const struct ad_sessions *ss, uint32_t uid,
			  const char *name, uint32_t caller, char *msg,
			  size_t size);

/*
 * Open a session for s->pid: pin the process (s->proc_start, when not 0,
 * must be its start time), store s (id, started, tenant and proc_start
 * are filled in; s->opened_by counts against that caller's cap) and watch
 * it.  CONFLICT with a message when the process is gone or is another
 * one.  The caps are ad_sessions_may_open's, asked first.
 */
int ad_sessions_open(struct ad_sessions *ss, struct ad_session *s,
		     const struct ad_audit_who *who, struct ad_err *err);

/* Close session id (no signal: its owner is done with it).  NOTFOUND
 * once it has ended. */
int ad_sessions_close(struct ad_sessions *ss, uint64_t id,
		      const struct ad_audit_who *who, struct ad_err *err);

/* Close the sessions of uid whose process is pid and, unless proc_start
 * is 0, started then.  Returns how many. */
unsigned ad_sessions_close_pid(struct ad_sessions *ss, uint32_t uid,
			       uint32_t pid, uint64_t proc_start,
			       const struct ad_audit_who *who);

/*
 * Terminate session id's process (SIGTERM now, SIGKILL after the grace);
 * why ("revoked by uid 0") goes into the audit record of its end.
 * Returns ACCT_ST_OK, or NOTFOUND when it is not watched.
 */
int ad_sessions_terminate(struct ad_sessions *ss, uint64_t id, const char *why);

/*
 * A user's logins are over (disabled, deleted): terminate its sessions,
 * and every other process running as its uid (procs/kill.h).
 */
void ad_sessions_end_user(struct ad_sessions *ss, const struct ad_user *u,
			  const char *why);

/* A process and its ancestors (up to init, or AD_LINEAGE_MAX of them). */
#define AD_LINEAGE_MAX 64
struct ad_lineage {
	pid_t pid[AD_LINEAGE_MAX];
	size_t n;
};

/* pid's lineage, read from /proc now: while the caller still waits for
 * its answer (once it has exited, its parents cannot be known). */
void ad_lineage_read(pid_t pid, struct ad_lineage *l);

/*
 * Terminate u's sessions (as ad_sessions_terminate) but the one the
 * caller runs in: a session whose process is in spare (the caller's
 * lineage, read while it waited).  The user's other processes are left
 * alone (its logins are not over).  Returns how many are ending.
 */
unsigned ad_sessions_end_others(struct ad_sessions *ss, const struct ad_user *u,
				const struct ad_lineage *spare,
				const char *why);

/* The same for every user of a tenant (deprovisioned). */
void ad_sessions_end_tenant(struct ad_sessions *ss, const struct ad_tenant *t,
			    const char *why);

#endif
