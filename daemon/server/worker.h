/*
 * worker.h - a small thread pool for the slow work of the daemon (Argon2id
 * hashing), so that the event loop keeps serving lookups meanwhile.
 *
 * A job is two functions and an argument: work(arg) runs on a worker
 * thread and must not touch libevent, the store or anything else of the
 * loop; done(arg, cancelled) then runs on the loop thread, where it may
 * use all of those (write the result, send the reply) and frees arg.
 * Every accepted job gets exactly one done call.
 */
#ifndef AD_WORKER_H
#define AD_WORKER_H

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct ad_workers;

typedef void (*ad_work_fn)(void *arg);
/* cancelled: work never ran (the pool stopped first). */
typedef void (*ad_done_fn)(void *arg, bool cancelled);

/*
 * Start threads workers (0: one per online CPU) whose finished jobs are
 * handed back on base.  At most queue_max jobs wait for a thread; more are
 * refused.  Returns NULL with a message in err.
 */
struct ad_workers *ad_workers_new(struct event_base *base, unsigned threads,
				  unsigned queue_max, char *err, size_t errlen);

/*
 * Queue a job (loop thread only).  Returns 0, or -1 with errno EAGAIN
 * when the queue is full (answer ACCT_ST_BUSY), ENOMEM, or ESHUTDOWN once
 * the pool is stopping; done is then not called.
 */
int ad_workers_submit(struct ad_workers *wp, ad_work_fn work, ad_done_fn done,
		      void *arg);

/* Threads running (after ad_workers_new: the resolved count). */
unsigned ad_workers_threads(const struct ad_workers *wp);

/*
 * Orderly stop (loop thread, usually after the loop ended): jobs not yet
 * started are cancelled, running ones finish, the threads are joined, and
 * every outstanding done callback runs here before this returns.
 */
void ad_workers_stop(struct ad_workers *wp);

/* Stop (if not yet stopped) and free. */
void ad_workers_free(struct ad_workers *wp);

#endif
