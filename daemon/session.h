/*
 * session.h - live sessions and the processes behind them.
 *
 * Each session in the store has a watch here: a pidfd of its process and
 * an event on the loop that fires when the process exits, which ends the
 * session (record removed, "session-end" audited).  Terminating a session
 * signals its process through the pidfd (SIGTERM, then SIGKILL after
 * session_kill_grace_ms), so a process that merely reused the pid is never
 * signalled; the session still ends only when the process has exited.
 * Everything runs on the loop thread.
 */
#ifndef AD_SESSION_H
#define AD_SESSION_H

#include <stdint.h>

#include "store.h"

struct event_base;
struct ad_config;
struct ad_sessions;

/* Watches on base over the sessions of st; cfg (the grace) is read at
 * each termination, so a reload applies.  NULL when out of memory. */
struct ad_sessions *ad_sessions_new(struct event_base *base,
				    struct ad_store *st,
				    const struct ad_config *cfg);

/* Drop every watch, ending nothing: the sessions stay in the store for
 * the next ad_sessions_restore. */
void ad_sessions_free(struct ad_sessions *ss);

/*
 * At startup: end each stored session whose process is gone or is no
 * longer the one that started at its PROC_START, and watch the others
 * again.  Returns ACCT_ST_OK or the store's failure (in err).
 */
int ad_sessions_restore(struct ad_sessions *ss, struct ad_err *err);

/*
 * Open a session for s->pid: pin the process (s->proc_start, when not 0,
 * must be its start time), store s (id, started, tenant and proc_start
 * are filled in) and watch it.  CONFLICT with a message when the process
 * is gone or is another one.
 */
int ad_sessions_open(struct ad_sessions *ss, struct ad_session *s,
		     const char *actor, struct ad_err *err);

/* Close session id (no signal: its owner is done with it).  NOTFOUND
 * once it has ended. */
int ad_sessions_close(struct ad_sessions *ss, uint64_t id, const char *actor,
		      struct ad_err *err);

/* Close the sessions of uid whose process is pid.  Returns how many. */
unsigned ad_sessions_close_pid(struct ad_sessions *ss, uint32_t uid,
			       uint32_t pid, const char *actor);

/*
 * Terminate session id's process (SIGTERM now, SIGKILL after the grace);
 * why ("revoked by uid 0") goes into the audit record of its end.
 * Returns ACCT_ST_OK, or NOTFOUND when it is not watched.
 */
int ad_sessions_terminate(struct ad_sessions *ss, uint64_t id, const char *why);

/* Terminate every session of a user / of a tenant's users.  Returns how
 * many terminations began. */
unsigned ad_sessions_terminate_user(struct ad_sessions *ss, uint32_t uid,
				    const char *why);
unsigned ad_sessions_terminate_tenant(struct ad_sessions *ss,
				      uint32_t tenant_gid, const char *why);

#endif
