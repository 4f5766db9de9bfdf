/*
 * kill.c - the kill jobs of procs/kill.h.  A job goes TERM
 * (one sweep), then after the grace KILL (sweeps until one finds nothing,
 * AD_KILL_SWEEPS at most), then COUNT (signal 0: who survived) when the
 * last SIGKILL sweep still found processes.  Each sweep is one worker
 * job; between them the job waits on a loop timer.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "store/audit.h"
#include "server/config.h"
#include "server/log.h"
#include "procs/kill.h"
#include "procs/sweep.h"
#include "store/store.h"
#include "server/worker.h"

#define AD_ACTOR_DAEMON "accountsd"
#define PROC_DIR "/proc"
#define RETRY_MS 100 /* the pool's queue was full: try again this much later */

enum phase { PH_TERM, PH_KILL, PH_COUNT };

struct kill_job {
	struct ad_killer *k; /* NULL once the killer is gone */
	struct kill_job *prev, *next;
	struct event *timer;
	enum phase phase;
	bool in_pool;	 /* a worker has it: only its done may free it */
	unsigned sweeps; /* SIGKILL sweeps done */
	unsigned termed, killed;
	struct ad_sweep sw; /* the last sweep's outcome */
	char user[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char why[AD_MSG_MAX];
	char who[ACCT_MAX_SLUG + 64]; /* "uid 100001", "the 3 users of acme" */
	size_t n;
	uint32_t uids[];
};

struct ad_killer {
	struct event_base *base;
	struct ad_store *st;
	const struct ad_config *cfg;
	struct ad_workers *wp;
	struct kill_job *head;
};

struct ad_killer *ad_killer_new(struct event_base *base, struct ad_store *st,
				const struct ad_config *cfg)
{
	struct ad_killer *k = calloc(1, sizeof(*k));

	if (k == NULL)
		return NULL;
	k->base = base;
	k->st = st;
	k->cfg = cfg;
	return k;
}

void ad_killer_use_workers(struct ad_killer *k, struct ad_workers *wp)
{
	k->wp = wp;
}

static void job_unlink(struct kill_job *j)
{
	if (j->k == NULL)
		return;
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		j->k->head = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	j->k = NULL;
}

static void job_free(struct kill_job *j)
{
	job_unlink(j);
	if (j->timer != NULL)
		event_free(j->timer);
	free(j);
}

void ad_killer_free(struct ad_killer *k)
{
	struct kill_job *j, *next;

	if (k == NULL)
		return;
	for (j = k->head; j != NULL; j = next) {
		next = j->next;
		if (!j->in_pool) {
			job_free(j);
			continue;
		}
		/* its done callback frees it; its timer goes with the loop */
		event_free(j->timer);
		j->timer = NULL;
		job_unlink(j);
	}
	free(k);
}

/* ---- the steps ---- */

static void audit_step(struct kill_job *j, const char *action,
		       const char *message)
{
	/* the daemon's own doing: no process asked, no uid recorded */
	struct ad_audit_event ev = {
		.actor = AD_ACTOR_DAEMON,
		.action = action,
		.target = j->user[0] != '\0' ? j->user : j->tenant,
		.tenant = j->tenant[0] != '\0' ? j->tenant : NULL,
		.result = ACCT_ST_OK,
		.reason = j->why,
		.message = message,
	};
	struct ad_err err = {ACCT_ST_OK, ""};

	if (ad_audit_append(j->k->st, &ev, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR, "cannot audit %s of %s: %s", action, j->who,
		       err.msg);
}

static void sweep_work(void *arg)
{
	struct kill_job *j = arg;

	j->sw.uids = j->uids;
	j->sw.n = j->n;
	j->sw.sig = j->phase == PH_TERM	  ? SIGTERM
		    : j->phase == PH_KILL ? SIGKILL
					  : 0;
	ad_proc_sweep(PROC_DIR, &j->sw);
}

static void sweep_done(void *arg, bool cancelled);

static void arm(struct kill_job *j, unsigned ms)
{
	struct timeval tv = {.tv_sec = ms / 1000,
			     .tv_usec = (suseconds_t)(ms % 1000) * 1000};

	if (evtimer_add(j->timer, &tv) < 0) {
		ad_log(LOG_ERR, "processes of %s: no timer, giving up", j->who);
		job_free(j);
	}
}

static void submit(struct kill_job *j)
{
	if (j->k->wp == NULL) {
		sweep_work(j);
		sweep_done(j, false);
		return;
	}
	j->in_pool = true;
	if (ad_workers_submit(j->k->wp, sweep_work, sweep_done, j) == 0)
		return;
	j->in_pool = false;
	if (errno == EAGAIN) {
		arm(j, RETRY_MS);
		return;
	}
	ad_log(LOG_ERR, "processes of %s: cannot sweep: %s", j->who,
	       strerror(errno));
	job_free(j);
}

/* A disabled user enabled again during the grace keeps its processes. */
static bool still_wanted(const struct kill_job *j)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_user u;

	if (j->user[0] == '\0' || ad_store_user_get(j->k->st, ad_str_c(j->user),
						    &u, &err) != ACCT_ST_OK)
		return true;
	return u.status != ACCT_USER_ACTIVE;
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct kill_job *j = arg;

	(void)fd;
	(void)what;
	if (j->phase == PH_KILL && j->sweeps == 0 && !still_wanted(j)) {
		ad_log(LOG_NOTICE,
		       "user %s is active again: its processes are spared",
		       j->user);
		job_free(j);
		return;
	}
	submit(j);
}

static void finish(struct kill_job *j, unsigned survivors)
{
	char msg[AD_MSG_MAX];

	snprintf(msg, sizeof(msg),
		 "SIGKILL to %u process(es) of %s after the grace; %s",
		 j->killed, j->who,
		 survivors > 0 ? "some survive" : "none left");
	if (survivors > 0) {
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
			 " (%u after %u sweeps)", survivors, AD_KILL_SWEEPS);
		ad_log(LOG_WARNING, "%s (%s)", msg, j->why);
	} else {
		ad_log(LOG_NOTICE, "%s (%s)", msg, j->why);
	}
	if (j->killed > 0 || survivors > 0)
		audit_step(j, "processes-kill", msg);
	job_free(j);
}

static void step_done(struct kill_job *j)
{
	const struct ad_sweep *sw = &j->sw;
	char msg[AD_MSG_MAX];

	if (sw->error != 0)
		ad_log(LOG_ERR, "processes of %s: cannot walk %s: %s", j->who,
		       PROC_DIR, strerror(sw->error));
	switch (j->phase) {
	case PH_TERM:
		j->termed = sw->signalled;
		snprintf(msg, sizeof(msg), "SIGTERM to %u process(es) of %s",
			 j->termed, j->who);
		ad_log(LOG_NOTICE, "%s (%s)", msg, j->why);
		audit_step(j, "processes-term", msg);
		j->phase = PH_KILL;
		arm(j, j->k->cfg->session_kill_grace_ms);
		return;
	case PH_KILL:
		j->sweeps++;
		j->killed += sw->signalled;
		if (sw->found == 0) {
			finish(j, 0);
		} else {
			/* they may have forked meanwhile: look again */
			if (j->sweeps == AD_KILL_SWEEPS)
				j->phase = PH_COUNT;
			arm(j, AD_KILL_SWEEP_GAP_MS);
		}
		return;
	case PH_COUNT:
		finish(j, sw->found);
		return;
	}
}

/* Back on the loop. */
static void sweep_done(void *arg, bool cancelled)
{
	struct kill_job *j = arg;

	j->in_pool = false;
	if (j->k == NULL || cancelled) {
		job_free(j);
		return;
	}
	step_done(j);
}

/* ---- starting ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The uids a job may sweep, sorted, each once. */
static size_t take_uids(const struct ad_config *cfg, struct kill_job *j,
			const uint32_t *uids, size_t n)
{
	size_t kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (uids[i] != 0 && uids[i] >= cfg->uid_min &&
		    uids[i] <= cfg->uid_max)
			j->uids[kept++] = uids[i];
		else
			ad_log(LOG_WARNING,
			       "uid %" PRIu32 " is outside uid_min..uid_max: "
			       "its processes are left alone",
			       uids[i]);
	}
	qsort(j->uids, kept, sizeof(j->uids[0]), cmp_u32);
	j->n = 0;
	for (size_t i = 0; i < kept; i++)
		if (j->n == 0 || j->uids[j->n - 1] != j->uids[i])
			j->uids[j->n++] = j->uids[i];
	return j->n;
}

size_t ad_killer_start(struct ad_killer *k, const uint32_t *uids, size_t n,
		       const struct ad_kill_whom *whom)
{
	struct kill_job *j;
	size_t swept;

	if (n == 0)
		return 0;
	j = calloc(1, sizeof(*j) + n * sizeof(j->uids[0]));
	if (j == NULL ||
	    (j->timer = evtimer_new(k->base, on_timer, j)) == NULL) {
		ad_log(LOG_ERR, "out of memory: the processes of %s live on",
		       whom->user != NULL ? whom->user : whom->tenant);
		free(j);
		return 0;
	}
	if (take_uids(k->cfg, j, uids, n) == 0) {
		job_free(j);
		return 0;
	}
	snprintf(j->user, sizeof(j->user), "%s",
		 whom->user != NULL ? whom->user : "");
	snprintf(j->tenant, sizeof(j->tenant), "%s",
		 whom->tenant != NULL ? whom->tenant : "");
	snprintf(j->why, sizeof(j->why), "%s", whom->why);
	if (j->n == 1)
		snprintf(j->who, sizeof(j->who), "uid %" PRIu32, j->uids[0]);
	else
		snprintf(j->who, sizeof(j->who), "the %zu users of %s", j->n,
			 j->tenant);
	j->k = k;
	j->next = k->head;
	if (k->head != NULL)
		k->head->prev = j;
	k->head = j;
	j->phase = PH_TERM;
	swept = j->n;
	submit(j); /* may free j */
	return swept;
}
