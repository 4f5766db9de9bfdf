/*
 * worker.c - the thread pool of worker.h.
 *
 * Two FIFO lists under one mutex: todo (jobs waiting for a thread) and
 * done (finished jobs waiting for the loop).  A worker that finishes a job
 * bumps an eventfd; the loop watches it with a plain libevent event (the
 * library is used without thread support, so workers never call it),
 * takes the whole done list at once and runs the done callbacks.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <event2/event.h>

#include "server/log.h"
#include "server/worker.h"

/* niceness of the worker threads, relative to the loop (see worker_main) */
#define WORKER_NICE 10

struct job {
	struct job *next;
	ad_work_fn work;
	ad_done_fn done;
	void *arg;
};

struct jobq {
	struct job *head, *tail;
};

struct ad_workers {
	struct event_base *base;
	struct event *notify_ev;
	int efd;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* todo gained a job, or stopping */
	struct jobq todo, done;
	unsigned queued, queue_max; /* jobs in todo, and the bound */
	bool stopping;		    /* under lock: threads leave */
	bool stopped;		    /* threads joined (loop thread only) */
	pthread_t *threads;
	unsigned n_threads;
};

static void jobq_push(struct jobq *q, struct job *j)
{
	j->next = NULL;
	if (q->tail != NULL)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
}

static struct job *jobq_pop(struct jobq *q)
{
	struct job *j = q->head;

	if (j != NULL) {
		q->head = j->next;
		if (q->head == NULL)
			q->tail = NULL;
	}
	return j;
}

/* Take the whole list. */
static struct jobq jobq_take(struct jobq *q)
{
	struct jobq all = *q;

	q->head = q->tail = NULL;
	return all;
}

/* Run and free every job of q: done callbacks, on the loop thread. */
static void run_done(struct jobq *q, bool cancelled)
{
	struct job *j;

	while ((j = jobq_pop(q)) != NULL) {
		j->done(j->arg, cancelled);
		free(j);
	}
}

static void *worker_main(void *arg)
{
	struct ad_workers *wp = arg;
	const uint64_t one = 1;
	struct job *j;

	/*
	 * Below the event loop in priority: a storm of logins keeps these
	 * threads busy, and name lookups on the loop must not queue behind
	 * them for CPU (Linux nice values are per thread).
	 */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE);
	pthread_mutex_lock(&wp->lock);
	for (;;) {
		while (!wp->stopping && wp->todo.head == NULL)
			pthread_cond_wait(&wp->wake, &wp->lock);
		if (wp->stopping)
			break;
		j = jobq_pop(&wp->todo);
		wp->queued--;
		pthread_mutex_unlock(&wp->lock);
		j->work(j->arg);
		pthread_mutex_lock(&wp->lock);
		jobq_push(&wp->done, j);
		/* only fails when the counter is near 2^64: a wakeup is
		 * pending then anyway */
		if (write(wp->efd, &one, sizeof(one)) < 0 && errno != EAGAIN)
			ad_log(LOG_ERR, "worker: cannot wake the loop: %s",
			       strerror(errno));
	}
	pthread_mutex_unlock(&wp->lock);
	return NULL;
}

static void on_notify(evutil_socket_t fd, short what, void *arg)
{
	struct ad_workers *wp = arg;
	struct jobq finished;
	uint64_t n;

	/* reset the counter; several wakeups are one pass over done */
	if (read(wp->efd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		ad_log(LOG_ERR, "worker: eventfd read: %s", strerror(errno));
	pthread_mutex_lock(&wp->lock);
	finished = jobq_take(&wp->done);
	pthread_mutex_unlock(&wp->lock);
	run_done(&finished, false);
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n >= 1 ? (unsigned)n : 1;
}

/* Threads start with every signal blocked: signals belong to the loop. */
static int start_threads(struct ad_workers *wp, unsigned n, char *err,
			 size_t errlen)
{
	sigset_t all, old;
	int rc = 0;

	wp->threads = calloc(n, sizeof(*wp->threads));
	if (wp->threads == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (wp->n_threads = 0; wp->n_threads < n; wp->n_threads++) {
		rc = pthread_create(&wp->threads[wp->n_threads], NULL,
				    worker_main, wp);
		if (rc != 0)
			break;
		pthread_setname_np(wp->threads[wp->n_threads], "accountsd-wrk");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start worker thread %u: %s",
			 wp->n_threads + 1, strerror(rc));
		return -1;
	}
	return 0;
}

struct ad_workers *ad_workers_new(struct event_base *base, unsigned threads,
				  unsigned queue_max, char *err, size_t errlen)
{
	struct ad_workers *wp = calloc(1, sizeof(*wp));

	if (wp == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	wp->base = base;
	wp->queue_max = queue_max > 0 ? queue_max : 1;
	pthread_mutex_init(&wp->lock, NULL);
	pthread_cond_init(&wp->wake, NULL);
	wp->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (wp->efd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		ad_workers_free(wp);
		return NULL;
	}
	wp->notify_ev =
		event_new(base, wp->efd, EV_READ | EV_PERSIST, on_notify, wp);
	if (wp->notify_ev == NULL || event_add(wp->notify_ev, NULL) < 0) {
		snprintf(err, errlen, "cannot watch the worker eventfd");
		ad_workers_free(wp);
		return NULL;
	}
	if (start_threads(wp, threads > 0 ? threads : online_cpus(), err,
			  errlen) < 0) {
		ad_workers_free(wp);
		return NULL;
	}
	return wp;
}

int ad_workers_submit(struct ad_workers *wp, ad_work_fn work, ad_done_fn done,
		      void *arg)
{
	struct job *j = malloc(sizeof(*j));
	int rc = 0;

	if (j == NULL) {
		errno = ENOMEM;
		return -1;
	}
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&wp->lock);
	if (wp->stopping) {
		rc = ESHUTDOWN;
	} else if (wp->queued >= wp->queue_max) {
		rc = EAGAIN;
	} else {
		jobq_push(&wp->todo, j);
		wp->queued++;
		pthread_cond_signal(&wp->wake);
	}
	pthread_mutex_unlock(&wp->lock);
	if (rc != 0) {
		free(j);
		errno = rc;
		return -1;
	}
	return 0;
}

unsigned ad_workers_threads(const struct ad_workers *wp)
{
	return wp->n_threads;
}

void ad_workers_stop(struct ad_workers *wp)
{
	struct jobq cancelled, finished;

	if (wp->stopped)
		return;
	pthread_mutex_lock(&wp->lock);
	wp->stopping = true;
	cancelled = jobq_take(&wp->todo);
	wp->queued = 0;
	pthread_cond_broadcast(&wp->wake);
	pthread_mutex_unlock(&wp->lock);
	for (unsigned i = 0; i < wp->n_threads; i++)
		pthread_join(wp->threads[i], NULL);
	wp->stopped = true;
	if (wp->notify_ev != NULL)
		event_del(wp->notify_ev);
	/* no thread is left: the lists are ours */
	finished = jobq_take(&wp->done);
	run_done(&finished, false);
	run_done(&cancelled, true);
}

void ad_workers_free(struct ad_workers *wp)
{
	if (wp == NULL)
		return;
	ad_workers_stop(wp);
	if (wp->notify_ev != NULL)
		event_free(wp->notify_ev);
	if (wp->efd >= 0)
		close(wp->efd);
	pthread_cond_destroy(&wp->wake);
	pthread_mutex_destroy(&wp->lock);
	free(wp->threads);
	free(wp);
}
