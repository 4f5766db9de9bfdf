/*
 * sessions.c - the watches of live sessions (see session.h): one pidfd and
 * one exit event per session, a kill timer once its termination began,
 * and the queue of sessions to end.  The store is the record; this is
 * what keeps it true.
 *
 * A watch is counted (in all, for its user, for its caller) from its
 * open until its record is gone, and is on its user's list meanwhile, so
 * that the caps, closing by pid and terminating a user cost what that
 * user has, not what everyone has.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "server/config.h"
#include "server/log.h"
#include "procs/sessions.h"
#include "procs/kill.h"
#include "server/map.h"
#include "procs/pidfd.h"

#define AD_ACTOR_DAEMON "accountsd"
/* the daemon's own doings: no process asked, so no uid is recorded */
static const struct ad_audit_who daemon_who = {AD_ACTOR_DAEMON, false, 0};

struct ad_watch {
	struct ad_sessions *ss;
	struct ad_watch *prev, *next;	/* every watch */
	struct ad_watch *uprev, *unext; /* its user's, while counted */
	struct ad_watch *qnext;		/* the queue to end */
	uint64_t id;
	uint64_t proc_start;
	uint32_t uid, tenant_gid, pid, opened_by;
	int pidfd;	      /* -1 once the process has exited */
	struct event *exited; /* the pidfd became readable */
	struct event *killer; /* SIGKILL after the grace; NULL until then */
	bool counted;	      /* its record is there: counts for the caps */
	bool queued;	      /* waiting for its record to be ended */
	bool closed;	      /* record closed while terminating or queued */
	char why[AD_MSG_MAX]; /* why it ends (audited); "" until known */
};

/* The counted watches of one user. */
struct user_watches {
	unsigned n;
	struct ad_watch *head;
};

struct ad_sessions {
	struct event_base *base;
	struct ad_store *st;
	const struct ad_config *cfg;
	struct ad_watch *head;
	struct ad_map by_id;	 /* id -> watch */
	struct ad_map by_user;	 /* uid -> struct user_watches * */
	struct ad_map by_caller; /* non-root opener's uid -> count */
	unsigned live;		 /* counted watches */
	uint64_t nofile;	 /* RLIMIT_NOFILE */
	struct ad_watch *qhead, *qtail;
	struct event *ender; /* ends the next batch of the queue */
	struct ad_killer *killer;
};

static void on_end_batch(evutil_socket_t fd, short what, void *arg);

static uint64_t nofile_now(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return UINT32_MAX;
	return rl.rlim_cur;
}

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
	ss->nofile = nofile_now();
	ss->ender = evtimer_new(base, on_end_batch, ss);
	ss->killer = ad_killer_new(base, st, cfg);
	if (ss->ender == NULL || ss->killer == NULL) {
		ad_sessions_free(ss);
		return NULL;
	}
	return ss;
}

void ad_sessions_use_workers(struct ad_sessions *ss, struct ad_workers *wp)
{
	ad_killer_use_workers(ss->killer, wp);
}

/* ---- counting ---- */

/* Sessions the descriptors allow: what connections and the spare leave. */
static uint64_t fd_room(const struct ad_sessions *ss)
{
	uint64_t others =
		(uint64_t)ss->cfg->max_connections + AD_SESSION_FD_SPARE;

	return ss->nofile > others ? ss->nofile - others : 0;
}

static uint64_t host_cap(const struct ad_sessions *ss)
{
	uint64_t room = fd_room(ss);

	return room < ss->cfg->max_sessions ? room : ss->cfg->max_sessions;
}

static struct user_watches *user_of(const struct ad_sessions *ss, uint32_t uid)
{
	uintptr_t v;

	return ad_map_get(&ss->by_user, uid, &v) ? (struct user_watches *)v
						 : NULL;
}

static unsigned caller_count(const struct ad_sessions *ss, uint32_t caller)
{
	uintptr_t v = 0;

	(void)ad_map_get(&ss->by_caller, caller, &v);
	return (unsigned)v;
}

bool ad_sessions_may_open(const struct ad_sessions *ss, uint32_t uid,
			  const char *name, uint32_t caller, char *msg,
			  size_t size)
{
	const struct user_watches *uw = user_of(ss, uid);
	uint64_t cap = host_cap(ss);

	if (ss->live >= cap) {
		snprintf(msg, size,
			 "too many open sessions on this host (limit %" PRIu64
			 "), try again later",
			 cap);
		return false;
	}
	if (uw != NULL && uw->n >= ss->cfg->max_sessions_per_user) {
		snprintf(msg, size,
			 "user %s has too many open sessions (limit %u)", name,
			 ss->cfg->max_sessions_per_user);
		return false;
	}
	if (caller != 0 &&
	    caller_count(ss, caller) >= ss->cfg->max_sessions_per_caller) {
		snprintf(msg, size,
			 "uid %" PRIu32 " has opened too many sessions "
			 "(limit %u)",
			 caller, ss->cfg->max_sessions_per_caller);
		return false;
	}
	return true;
}

/* Count w for the caps and put it on its user's list.  -1: no memory. */
static int count(struct ad_watch *w)
{
	struct ad_sessions *ss = w->ss;
	struct user_watches *uw = user_of(ss, w->uid);
	bool new_user = uw == NULL;

	if (new_user) {
		uw = calloc(1, sizeof(*uw));
		if (uw == NULL ||
		    ad_map_put(&ss->by_user, w->uid, (uintptr_t)uw) < 0) {
			free(uw);
			return -1;
		}
	}
	if (w->opened_by != 0 &&
	    ad_map_put(&ss->by_caller, w->opened_by,
		       caller_count(ss, w->opened_by) + 1u) < 0) {
		if (new_user) {
			ad_map_del(&ss->by_user, w->uid);
			free(uw);
		}
		return -1;
	}
	w->unext = uw->head;
	if (uw->head != NULL)
		uw->head->uprev = w;
	uw->head = w;
	uw->n++;
	ss->live++;
	w->counted = true;
	return 0;
}

/* Its record is gone: it counts no more. */
static void uncount(struct ad_watch *w)
{
	struct ad_sessions *ss = w->ss;
	struct user_watches *uw;
	unsigned n;

	if (!w->counted)
		return;
	w->counted = false;
	ss->live--;
	if (w->opened_by != 0) {
		n = caller_count(ss, w->opened_by);
		if (n > 1)
			/* replaces a value: cannot fail */
			(void)ad_map_put(&ss->by_caller, w->opened_by, n - 1);
		else
			ad_map_del(&ss->by_caller, w->opened_by);
	}
	uw = user_of(ss, w->uid);
	if (w->uprev != NULL)
		w->uprev->unext = w->unext;
	else
		uw->head = w->unext;
	if (w->unext != NULL)
		w->unext->uprev = w->uprev;
	w->uprev = w->unext = NULL;
	if (--uw->n == 0) {
		ad_map_del(&ss->by_user, w->uid);
		free(uw);
	}
}

/* ---- watches ---- */

/* The process has exited (or the watch goes): its descriptor and events
 * are of no more use. */
static void watch_drop_process(struct ad_watch *w)
{
	if (w->exited != NULL)
		event_free(w->exited);
	if (w->killer != NULL)
		event_free(w->killer);
	w->exited = w->killer = NULL;
	if (w->pidfd >= 0)
		close(w->pidfd);
	w->pidfd = -1;
}

static void watch_free(struct ad_watch *w)
{
	struct ad_sessions *ss = w->ss;

	uncount(w);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		ss->head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	ad_map_del(&ss->by_id, w->id);
	watch_drop_process(w);
	free(w);
}

void ad_sessions_free(struct ad_sessions *ss)
{
	struct ad_watch *w, *next;

	if (ss == NULL)
		return;
	for (w = ss->head; w != NULL; w = next) {
		next = w->next;
		watch_free(w);
	}
	if (ss->ender != NULL)
		event_free(ss->ender);
	ad_killer_free(ss->killer);
	ad_map_free(&ss->by_id);
	ad_map_free(&ss->by_user);
	ad_map_free(&ss->by_caller);
	free(ss);
}

static struct ad_watch *watch_find(struct ad_sessions *ss, uint64_t id)
{
	uintptr_t v;

	return ad_map_get(&ss->by_id, id, &v) ? (struct ad_watch *)v : NULL;
}

static void on_process_exit(evutil_socket_t fd, short what, void *arg);

/* A counted watch of s; pidfd -1: its process is gone already. */
static struct ad_watch *watch_add(struct ad_sessions *ss,
				  const struct ad_session *s, int pidfd)
{
	struct ad_watch *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->ss = ss;
	w->id = s->id;
	w->uid = s->uid;
	w->tenant_gid = s->tenant_gid;
	w->pid = s->pid;
	w->proc_start = s->proc_start;
	w->opened_by = s->opened_by;
	w->pidfd = pidfd;
	if (pidfd >= 0) {
		w->exited =
			event_new(ss->base, pidfd, EV_READ, on_process_exit, w);
		if (w->exited == NULL || event_add(w->exited, NULL) < 0)
			goto fail;
	}
	if (ad_map_put(&ss->by_id, s->id, (uintptr_t)w) < 0)
		goto fail;
	if (count(w) < 0) {
		ad_map_del(&ss->by_id, s->id);
		goto fail;
	}
	w->next = ss->head;
	if (ss->head != NULL)
		ss->head->prev = w;
	ss->head = w;
	return w;
fail:
	if (w->exited != NULL)
		event_free(w->exited);
	free(w);
	return NULL;
}

/* ---- ending, in batches ---- */

/* End w's record soon: from the loop, with others, in one transaction. */
static void queue_end(struct ad_watch *w, const char *why)
{
	struct ad_sessions *ss = w->ss;
	const struct timeval now = {0, 0};

	if (w->queued)
		return;
	if (w->why[0] == '\0')
		snprintf(w->why, sizeof(w->why), "%s", why);
	w->queued = true;
	w->qnext = NULL;
	if (ss->qtail != NULL)
		ss->qtail->qnext = w;
	else
		ss->qhead = w;
	ss->qtail = w;
	/* a timer, not an active event: the loop polls its descriptors
	 * before each batch */
	if (!evtimer_pending(ss->ender, NULL) &&
	    evtimer_add(ss->ender, &now) < 0)
		ad_log(LOG_ERR, "cannot schedule the end of sessions");
}

static struct ad_watch *dequeue(struct ad_sessions *ss)
{
	struct ad_watch *w = ss->qhead;

	if (w != NULL) {
		ss->qhead = w->qnext;
		if (ss->qhead == NULL)
			ss->qtail = NULL;
		w->qnext = NULL;
	}
	return w;
}

static void on_end_batch(evutil_socket_t fd, short what, void *arg)
{
	struct ad_sessions *ss = arg;
	struct ad_session_end ends[AD_SESSION_END_BATCH];
	struct ad_watch *batch[AD_SESSION_END_BATCH], *w;
	struct ad_err err = {ACCT_ST_OK, ""};
	size_t n = 0, ended = 0;
	const struct timeval now = {0, 0};
	struct timespec t0, t1;

	(void)fd;
	(void)what;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n < AD_SESSION_END_BATCH && (w = dequeue(ss)) != NULL) {
		if (w->closed) {
			watch_free(w); /* its record went with the close */
			continue;
		}
		ends[n].id = w->id;
		ends[n].reason = w->why;
		batch[n++] = w;
	}
	if (n > 0 && ad_store_session_end_batch(ss->st, ends, n, "session-end",
						AD_ACTOR_DAEMON, &ended,
						&err) != ACCT_ST_OK)
		/* their records wait for the next restart to be ended */
		ad_log(LOG_ERR, "cannot end %zu sessions: %s", n, err.msg);
	for (size_t i = 0; i < n; i++) {
		ad_log(LOG_DEBUG, "session %" PRIu64 " ended: %s", batch[i]->id,
		       batch[i]->why);
		watch_free(batch[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n > 0)
		ad_log(LOG_INFO, "%zu session(s) ended in %.1f ms, %s", ended,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		       ss->qhead != NULL ? "more to come" : "none waiting");
	if (ss->qhead != NULL && evtimer_add(ss->ender, &now) < 0)
		ad_log(LOG_ERR, "cannot schedule the end of sessions");
}

/* The process exited: the session is over. */
static void on_process_exit(evutil_socket_t fd, short what, void *arg)
{
	struct ad_watch *w = arg;

	(void)fd;
	(void)what;
	watch_drop_process(w);
	if (w->closed)
		watch_free(w);
	else
		queue_end(w, "process exited");
}

/* ---- opening and closing ---- */

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
		     const struct ad_audit_who *who, struct ad_err *err)
{
	int pidfd, rc;

	if (s->pid == 0 || s->pid > INT32_MAX) {
		errno = ESRCH;
		return pin_failure(s->pid, err);
	}
	pidfd = ad_proc_pin((pid_t)s->pid, s->proc_start, &s->proc_start);
	if (pidfd < 0)
		return pin_failure(s->pid, err);
	rc = ad_store_session_add(ss->st, s, who, err);
	if (rc != ACCT_ST_OK) {
		close(pidfd);
		return rc;
	}
	if (watch_add(ss, s, pidfd) == NULL) {
		/* unwatched, it would never end: take it back */
		close(pidfd);
		(void)ad_store_session_end(ss->st, s->id, "session-end",
					   &daemon_who,
					   "could not watch its process", err);
		err->status = ACCT_ST_INTERNAL;
		snprintf(err->msg, sizeof(err->msg),
			 "out of memory watching the session");
		return err->status;
	}
	return ACCT_ST_OK;
}

/* Its record is gone (closed by a request). */
static void watch_closed(struct ad_watch *w)
{
	uncount(w);
	/* one being terminated stays watched until SIGKILL is through; a
	 * queued one is freed by the batch */
	if (w->killer != NULL || w->queued)
		w->closed = true;
	else
		watch_free(w);
}

int ad_sessions_close(struct ad_sessions *ss, uint64_t id,
		      const struct ad_audit_who *who, struct ad_err *err)
{
	struct ad_watch *w;
	int rc;

	rc = ad_store_session_end(ss->st, id, "session-close", who, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	w = watch_find(ss, id);
	if (w != NULL)
		watch_closed(w);
	return ACCT_ST_OK;
}

unsigned ad_sessions_close_pid(struct ad_sessions *ss, uint32_t uid,
			       uint32_t pid, uint64_t proc_start,
			       const struct ad_audit_who *who)
{
	const struct user_watches *uw = user_of(ss, uid);
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_watch *w, *next;
	unsigned n = 0;

	for (w = uw != NULL ? uw->head : NULL; w != NULL; w = next) {
		next = w->unext; /* closing takes w off the list */
		if (w->pid != pid ||
		    (proc_start != 0 && w->proc_start != proc_start))
			continue;
		if (ad_sessions_close(ss, w->id, who, &err) == ACCT_ST_OK)
			n++;
	}
	return n;
}

/* ---- terminating ---- */

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

/* Under way already, or nothing left to signal? */
static bool terminating(const struct ad_watch *w)
{
	return w->killer != NULL || w->closed || w->pidfd < 0;
}

static void terminate(struct ad_watch *w, const char *why)
{
	const struct ad_config *cfg = w->ss->cfg;
	struct timeval grace;

	if (terminating(w))
		return;
	snprintf(w->why, sizeof(w->why), "%s", why);
	if (ad_pidfd_signal(w->pidfd, SIGTERM) < 0 && errno != ESRCH)
		ad_log(LOG_ERR,
		       "session %" PRIu64 ": SIGTERM to pid %" PRIu32
		       " failed: %s",
		       w->id, w->pid, strerror(errno));
	ad_log(LOG_DEBUG,
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
	terminate(w, why); /* one whose process exited is ending anyway */
	return ACCT_ST_OK;
}

void ad_sessions_end_user(struct ad_sessions *ss, const struct ad_user *u,
			  const char *why)
{
	const struct user_watches *uw = user_of(ss, u->uid);
	struct ad_kill_whom whom = {u->name, u->tenant, why};
	unsigned n = 0;

	for (struct ad_watch *w = uw != NULL ? uw->head : NULL; w != NULL;
	     w = w->unext)
		if (!terminating(w)) {
			terminate(w, why);
			n++;
		}
	ad_log(LOG_NOTICE, "terminating %u session(s) of %s (%s)", n, u->name,
	       why);
	/* and whatever else runs as the user: a setsid job, a daemon */
	ad_killer_start(ss->killer, &u->uid, 1, &whom);
}

void ad_lineage_read(pid_t pid, struct ad_lineage *l)
{
	l->n = 0;
	while (pid > 1 && l->n < AD_LINEAGE_MAX) {
		l->pid[l->n++] = pid;
		if (ad_proc_parent(pid, &pid) < 0)
			break;
	}
}

static bool among(pid_t pid, const struct ad_lineage *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->pid[i] == pid)
			return true;
	return false;
}

unsigned ad_sessions_end_others(struct ad_sessions *ss, const struct ad_user *u,
				const struct ad_lineage *spare, const char *why)
{
	const struct user_watches *uw = user_of(ss, u->uid);
	unsigned n = 0;

	for (struct ad_watch *w = uw != NULL ? uw->head : NULL; w != NULL;
	     w = w->unext)
		if (!terminating(w) && !among((pid_t)w->pid, spare)) {
			terminate(w, why);
			n++;
		}
	ad_log(LOG_NOTICE, "terminating %u other session(s) of %s (%s)", n,
	       u->name, why);
	return n;
}

struct uid_list {
	uint32_t *v;
	size_t n, cap;
};

static int collect_uid(void *arg, const struct ad_user *u)
{
	struct uid_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		uint32_t *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = u->uid;
	return 0;
}

void ad_sessions_end_tenant(struct ad_sessions *ss, const struct ad_tenant *t,
			    const char *why)
{
	struct ad_kill_whom whom = {NULL, t->slug, why};
	struct ad_err err = {ACCT_ST_OK, ""};
	struct uid_list l = {NULL, 0, 0};
	unsigned n = 0;

	for (struct ad_watch *w = ss->head; w != NULL; w = w->next)
		if (w->tenant_gid == t->gid && w->counted && !terminating(w)) {
			terminate(w, why);
			n++;
		}
	ad_log(LOG_NOTICE, "terminating %u session(s) of tenant %s (%s)", n,
	       t->slug, why);
	if (ad_store_user_list(ss->st, ad_str_c(t->slug), 0, collect_uid, &l,
			       &err) == ACCT_ST_OK)
		ad_killer_start(ss->killer, l.v, l.n, &whom);
	else
		ad_log(LOG_ERR,
		       "cannot list the users of %s: their other processes "
		       "live on: %s",
		       t->slug, err.msg);
	free(l.v);
}

/* ---- restart ---- */

void ad_sessions_fit_nofile(struct ad_sessions *ss)
{
	const struct ad_config *cfg = ss->cfg;
	uint64_t need = (uint64_t)cfg->max_sessions + cfg->max_connections +
			AD_SESSION_FD_SPARE;
	struct rlimit rl;

	/* root may raise the hard limit too (up to fs.nr_open) */
	if (ss->nofile < need && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = (rlim_t)need;
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < (rlim_t)need)
			rl.rlim_max = (rlim_t)need;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			ad_log(LOG_INFO, "open file limit raised to %" PRIu64,
			       need);
	}
	ss->nofile = nofile_now();
	if (ss->nofile < need)
		ad_log(LOG_WARNING,
		       "open file limit %" PRIu64
		       " is below max_sessions %u + max_connections %u + %u "
		       "spare: at most %" PRIu64 " sessions",
		       ss->nofile, cfg->max_sessions, cfg->max_connections,
		       AD_SESSION_FD_SPARE, host_cap(ss));
}

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

/* Watch one stored session again, or queue its end when its process is
 * gone (or the pid is another process's now).  Returns whether it is
 * watched. */
static bool restore_one(struct ad_sessions *ss, const struct ad_session *s)
{
	struct ad_watch *w;
	uint64_t start;
	int pidfd = -1;

	if (s->pid > 0 && s->pid <= INT32_MAX && s->proc_start != 0)
		pidfd = ad_proc_pin((pid_t)s->pid, s->proc_start, &start);
	w = watch_add(ss, s, pidfd);
	if (w == NULL) {
		/* the record waits for the next restart */
		ad_log(LOG_ERR, "session %" PRIu64 ": out of memory", s->id);
		if (pidfd >= 0)
			close(pidfd);
		return false;
	}
	if (pidfd < 0)
		queue_end(w, "process gone while accountsd was down");
	return pidfd >= 0;
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
		ad_log(LOG_INFO, "sessions: %zu watched again, %zu to end",
		       watched, l.n - watched);
	}
	free(l.v);
	return rc;
}
