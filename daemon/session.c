/*
 * session.c - the watches of live sessions (see session.h): one pidfd and
 * one exit event per session, and a kill timer once its termination
 * began.  The store is the record; this is what keeps it true.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "config.h"
#include "log.h"
#include "session.h"
#include "session_proc.h"

#define AD_ACTOR_DAEMON "accountsd"

struct ad_watch {
	struct ad_sessions *ss;
	struct ad_watch *prev, *next;
	uint64_t id;
	uint32_t uid, tenant_gid, pid;
	int pidfd;
	struct event *exited; /* the pidfd became readable */
	struct event *killer; /* SIGKILL after the grace; NULL until then */
	bool closed;	      /* record gone already (closed mid-termination) */
	char why[AD_MSG_MAX]; /* why it is being terminated; "" if not */
};

struct ad_sessions {
	struct event_base *base;
	struct ad_store *st;
	const struct ad_config *cfg;
	struct ad_watch *head;
};

struct ad_sessions *ad_sessions_new(struct event_base *base,
				    struct ad_store *st,
				    const struct ad_config *cfg)
{
	struct ad_sessions *ss = calloc(1, sizeof(*ss));

	if (ss == NULL)
		return NULL;
	ss->base = base;
	ss->st = st;
	ss->cfg = cfg;
	return ss;
}

/* Its events, its pidfd and itself (still linked: the caller's job). */
static void watch_release(struct ad_watch *w)
{
	if (w->exited != NULL)
		event_free(w->exited);
	if (w->killer != NULL)
		event_free(w->killer);
	close(w->pidfd);
	free(w);
}

static void watch_free(struct ad_watch *w)
{
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		w->ss->head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	watch_release(w);
}

void ad_sessions_free(struct ad_sessions *ss)
{
	struct ad_watch *w, *next;

	if (ss == NULL)
		return;
	for (w = ss->head; w != NULL; w = next) {
		next = w->next;
		watch_release(w);
	}
	free(ss);
}

static struct ad_watch *watch_find(struct ad_sessions *ss, uint64_t id)
{
	for (struct ad_watch *w = ss->head; w != NULL; w = w->next)
		if (w->id == id)
			return w;
	return NULL;
}

/* End session id in the store, logging (not returning) a failure: the
 * record then waits for the next restart to be ended. */
static void end_record(struct ad_sessions *ss, uint64_t id, const char *reason)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	int rc;

	rc = ad_store_session_end(ss->st, id, "session-end", AD_ACTOR_DAEMON,
				  reason, &err);
	if (rc == ACCT_ST_OK)
		ad_log(LOG_INFO, "session %" PRIu64 " ended: %s", id, reason);
	else if (rc != ACCT_ST_NOTFOUND)
		ad_log(LOG_ERR, "cannot end session %" PRIu64 ": %s", id,
		       err.msg);
}

/* The process exited: the session is over. */
static void on_process_exit(evutil_socket_t fd, short what, void *arg)
{
	struct ad_watch *w = arg;

	(void)fd;
	(void)what;
	if (!w->closed)
		end_record(w->ss, w->id,
			   w->why[0] != '\0' ? w->why : "process exited");
	watch_free(w);
}

/* The grace is over and the process lives on. */
static void on_grace_over(evutil_socket_t fd, short what, void *arg)
{
	struct ad_watch *w = arg;

	(void)fd;
	(void)what;
	if (ad_pidfd_signal(w->pidfd, SIGKILL) < 0 && errno != ESRCH)
		ad_log(LOG_ERR,
		       "session %" PRIu64 ": SIGKILL to pid %" PRIu32
		       " failed: %s",
		       w->id, w->pid, strerror(errno));
	else
		ad_log(LOG_NOTICE,
		       "session %" PRIu64 ": pid %" PRIu32
		       " outlived its grace: killed",
		       w->id, w->pid);
}

static int watch_add(struct ad_sessions *ss, const struct ad_session *s,
		     int pidfd)
{
	struct ad_watch *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return -1;
	w->ss = ss;
	w->id = s->id;
	w->uid = s->uid;
	w->tenant_gid = s->tenant_gid;
	w->pid = s->pid;
	w->pidfd = pidfd;
	w->exited = event_new(ss->base, pidfd, EV_READ, on_process_exit, w);
	if (w->exited == NULL || event_add(w->exited, NULL) < 0) {
		if (w->exited != NULL)
			event_free(w->exited);
		free(w);
		return -1;
	}
	w->next = ss->head;
	if (ss->head != NULL)
		ss->head->prev = w;
	ss->head = w;
	return 0;
}

/* The one line for a process that cannot be pinned (errno set). */
static int pin_failure(uint32_t pid, struct ad_err *err)
{
	int e = errno;

	err->status = ACCT_ST_CONFLICT;
	if (e == ESRCH)
		snprintf(err->msg, sizeof(err->msg),
			 "process %" PRIu32 " does not exist", pid);
	else if (e == ESTALE)
		snprintf(err->msg, sizeof(err->msg),
			 "process %" PRIu32 " is not the one named (it "
			 "started at another time)",
			 pid);
	else
		snprintf(err->msg, sizeof(err->msg),
			 "process %" PRIu32 " cannot be watched: %s", pid,
			 strerror(e));
	return err->status;
}

int ad_sessions_open(struct ad_sessions *ss, struct ad_session *s,
		     const char *actor, struct ad_err *err)
{
	int pidfd, rc;

	if (s->pid == 0 || s->pid > INT32_MAX) {
		errno = ESRCH;
		return pin_failure(s->pid, err);
	}
	pidfd = ad_proc_pin((pid_t)s->pid, s->proc_start, &s->proc_start);
	if (pidfd < 0)
		return pin_failure(s->pid, err);
	rc = ad_store_session_add(ss->st, s, actor, err);
	if (rc != ACCT_ST_OK) {
		close(pidfd);
		return rc;
	}
	if (watch_add(ss, s, pidfd) < 0) {
		/* unwatched, it would never end: take it back */
		close(pidfd);
		end_record(ss, s->id, "could not watch its process");
		err->status = ACCT_ST_INTERNAL;
		snprintf(err->msg, sizeof(err->msg),
			 "out of memory watching the session");
		return err->status;
	}
	return ACCT_ST_OK;
}

int ad_sessions_close(struct ad_sessions *ss, uint64_t id, const char *actor,
		      struct ad_err *err)
{
	struct ad_watch *w;
	int rc;

	rc = ad_store_session_end(ss->st, id, "session-close", actor, NULL,
				  err);
	if (rc != ACCT_ST_OK)
		return rc;
	w = watch_find(ss, id);
	/* one being terminated stays watched until SIGKILL is through */
	if (w != NULL && w->killer != NULL)
		w->closed = true;
	else if (w != NULL)
		watch_free(w);
	return ACCT_ST_OK;
}

unsigned ad_sessions_close_pid(struct ad_sessions *ss, uint32_t uid,
			       uint32_t pid, const char *actor)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_watch *w, *next;
	unsigned n = 0;

	for (w = ss->head; w != NULL; w = next) {
		next = w->next; /* closing may free w */
		if (w->uid != uid || w->pid != pid || w->closed)
			continue;
		if (ad_sessions_close(ss, w->id, actor, &err) == ACCT_ST_OK)
			n++;
	}
	return n;
}

static void terminate(struct ad_watch *w, const char *why)
{
	const struct ad_config *cfg = w->ss->cfg;
	struct timeval grace;

	if (w->killer != NULL || w->closed)
		return; /* under way already */
	snprintf(w->why, sizeof(w->why), "%s", why);
	if (ad_pidfd_signal(w->pidfd, SIGTERM) < 0 && errno != ESRCH)
		ad_log(LOG_ERR,
		       "session %" PRIu64 ": SIGTERM to pid %" PRIu32
		       " failed: %s",
		       w->id, w->pid, strerror(errno));
	ad_log(LOG_NOTICE,
	       "session %" PRIu64 " of uid %" PRIu32
	       ": terminating pid %" PRIu32 " (%s)",
	       w->id, w->uid, w->pid, why);
	grace.tv_sec = cfg->session_kill_grace_ms / 1000;
	grace.tv_usec = (suseconds_t)(cfg->session_kill_grace_ms % 1000) * 1000;
	w->killer = evtimer_new(w->ss->base, on_grace_over, w);
	if (w->killer == NULL || evtimer_add(w->killer, &grace) < 0) {
		/* no timer: no grace either */
		ad_log(LOG_ERR,
		       "session %" PRIu64 ": no kill timer, "
		       "killing at once",
		       w->id);
		on_grace_over(-1, 0, w);
	}
}

int ad_sessions_terminate(struct ad_sessions *ss, uint64_t id, const char *why)
{
	struct ad_watch *w = watch_find(ss, id);

	if (w == NULL || w->closed)
		return ACCT_ST_NOTFOUND;
	terminate(w, why);
	return ACCT_ST_OK;
}

unsigned ad_sessions_terminate_user(struct ad_sessions *ss, uint32_t uid,
				    const char *why)
{
	unsigned n = 0;

	for (struct ad_watch *w = ss->head; w != NULL; w = w->next)
		if (w->uid == uid && w->killer == NULL && !w->closed) {
			terminate(w, why);
			n++;
		}
	return n;
}

unsigned ad_sessions_terminate_tenant(struct ad_sessions *ss,
				      uint32_t tenant_gid, const char *why)
{
	unsigned n = 0;

	for (struct ad_watch *w = ss->head; w != NULL; w = w->next)
		if (w->tenant_gid == tenant_gid && w->killer == NULL &&
		    !w->closed) {
			terminate(w, why);
			n++;
		}
	return n;
}

/* ---- restart ---- */

struct stored {
	struct ad_session *v;
	size_t n, cap;
};

static int collect(void *arg, const struct ad_session *s)
{
	struct stored *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct ad_session *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

/* Watch one stored session again, or end it when its process is gone
 * (or the pid is another process's now).  Returns whether it is watched. */
static bool restore_one(struct ad_sessions *ss, const struct ad_session *s)
{
	uint64_t start;
	int pidfd = -1;

	if (s->pid > 0 && s->pid <= INT32_MAX && s->proc_start != 0)
		pidfd = ad_proc_pin((pid_t)s->pid, s->proc_start, &start);
	if (pidfd < 0) {
		end_record(ss, s->id, "process gone while accountsd was down");
		return false;
	}
	if (watch_add(ss, s, pidfd) < 0) {
		close(pidfd);
		end_record(ss, s->id, "could not watch its process");
		return false;
	}
	return true;
}

int ad_sessions_restore(struct ad_sessions *ss, struct ad_err *err)
{
	struct stored l = {NULL, 0, 0};
	size_t watched = 0;
	int rc;

	/* the walk may not write: collect first, then end or watch */
	rc = ad_store_session_list(ss->st, collect, &l, err);
	if (rc == ACCT_ST_OK) {
		for (size_t i = 0; i < l.n; i++)
			watched += restore_one(ss, &l.v[i]);
		ad_log(LOG_INFO, "sessions: %zu watched again, %zu ended",
		       watched, l.n - watched);
	}
	free(l.v);
	return rc;
}
