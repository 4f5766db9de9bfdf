/*
 * check_worker.c - the worker pool: work runs on other threads, done
 * callbacks on the loop thread, a full queue refuses, a stop cancels what
 * has not started and delivers what has finished, and nothing is lost.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include <event2/event.h>

#include "server/worker.h"

static struct event_base *base;
static struct ad_workers *wp;
static pthread_t loop_thread;

/* What one job saw. */
struct rec {
	pthread_t work_thread, done_thread;
	int worked, done, cancelled;
	unsigned in, out; /* out = in * 3, computed by the worker */
};

static unsigned done_target, done_count;
static unsigned done_order[64], n_order;
static atomic_uint worked_count;

/* A gate that blocking jobs wait at. */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, blocked_started;

static void setup(void)
{
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	loop_thread = pthread_self();
	done_target = done_count = n_order = 0;
	atomic_store(&worked_count, 0);
	gate_open = blocked_started = 0;
	wp = NULL;
}

static void teardown(void)
{
	ad_workers_free(wp);
	event_base_free(base);
}

static void new_pool(unsigned threads, unsigned queue)
{
	char err[128] = "";

	wp = ad_workers_new(base, threads, queue, err, sizeof(err));
	ck_assert_msg(wp != NULL, "%s", err);
}

static void work_triple(void *arg)
{
	struct rec *r = arg;

	r->work_thread = pthread_self();
	r->out = r->in * 3;
	r->worked++;
	atomic_fetch_add(&worked_count, 1);
}

static void done_record(void *arg, bool cancelled)
{
	struct rec *r = arg;

	r->done_thread = pthread_self();
	r->done++;
	r->cancelled = cancelled;
	if (n_order < sizeof(done_order) / sizeof(done_order[0]))
		done_order[n_order++] = r->in;
	if (++done_count == done_target)
		event_base_loopbreak(base);
}

/* Waits at the gate, after saying it started. */
static void work_blocked(void *arg)
{
	pthread_mutex_lock(&gate_lock);
	blocked_started = 1;
	pthread_cond_broadcast(&gate_cond);
	while (!gate_open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	work_triple(arg);
}

static void wait_blocked_started(void)
{
	pthread_mutex_lock(&gate_lock);
	while (!blocked_started)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void open_gate(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

/* Run the loop until done_target done callbacks have run. */
static void run_until_done(unsigned target)
{
	done_target = target;
	while (done_count < target)
		ck_assert_int_ge(event_base_loop(base, EVLOOP_ONCE), 0);
}

START_TEST(test_threads)
{
	struct rec r[8] = {{0}};

	new_pool(2, 16);
	ck_assert_uint_eq(ad_workers_threads(wp), 2);
	for (unsigned i = 0; i < 8; i++) {
		r[i].in = i + 1;
		ck_assert_int_eq(
			ad_workers_submit(wp, work_triple, done_record, &r[i]),
			0);
	}
	run_until_done(8);
	for (unsigned i = 0; i < 8; i++) {
		ck_assert_int_eq(r[i].worked, 1);
		ck_assert_int_eq(r[i].done, 1);
		ck_assert_int_eq(r[i].cancelled, 0);
		ck_assert_uint_eq(r[i].out, 3 * (i + 1));
		ck_assert(!pthread_equal(r[i].work_thread, loop_thread));
		ck_assert(pthread_equal(r[i].done_thread, loop_thread));
	}
}
END_TEST

START_TEST(test_default_thread_count)
{
	new_pool(0, 1);
	ck_assert_uint_ge(ad_workers_threads(wp), 1);
}
END_TEST

START_TEST(test_queue_full)
{
	struct rec a = {.in = 1}, b = {.in = 2}, c = {.in = 3}, d = {.in = 4};

	new_pool(1, 2);
	ck_assert_int_eq(ad_workers_submit(wp, work_blocked, done_record, &a),
			 0);
	/* a holds the only thread: two more may wait, a third may not */
	wait_blocked_started();
	ck_assert_int_eq(ad_workers_submit(wp, work_triple, done_record, &b),
			 0);
	ck_assert_int_eq(ad_workers_submit(wp, work_triple, done_record, &c),
			 0);
	errno = 0;
	ck_assert_int_eq(ad_workers_submit(wp, work_triple, done_record, &d),
			 -1);
	ck_assert_int_eq(errno, EAGAIN);
	open_gate();
	run_until_done(3);
	/* one thread: first in, first out */
	ck_assert_uint_eq(done_order[0], 1);
	ck_assert_uint_eq(done_order[1], 2);
	ck_assert_uint_eq(done_order[2], 3);
	ck_assert_int_eq(d.worked + d.done, 0);
	/* room again */
	ck_assert_int_eq(ad_workers_submit(wp, work_triple, done_record, &d),
			 0);
	run_until_done(4);
	ck_assert_uint_eq(d.out, 12);
}
END_TEST

/* Submits until the pool says it is stopping, then opens the gate. */
static void *stopper_watch(void *arg)
{
	static struct rec spare[64];
	unsigned i = 0;

	(void)arg;
	for (;;) {
		/* submit is thread-safe; the pool only asks that libevent
		 * stay on the loop thread, which submit does not touch */
		if (ad_workers_submit(wp, work_triple, done_record,
				      &spare[i % 64]) == 0)
			i++;
		else if (errno == ESHUTDOWN)
			break;
	}
	open_gate();
	return (void *)(uintptr_t)i;
}

START_TEST(test_stop_cancels_queued)
{
	struct rec running = {.in = 1}, queued[5];
	pthread_t helper;
	void *extra;

	new_pool(1, 1000);
	ck_assert_int_eq(
		ad_workers_submit(wp, work_blocked, done_record, &running), 0);
	wait_blocked_started();
	for (unsigned i = 0; i < 5; i++) {
		queued[i] = (struct rec){.in = 10 + i};
		ck_assert_int_eq(ad_workers_submit(wp, work_triple, done_record,
						   &queued[i]),
				 0);
	}
	/* the running job is let go only once the stop has begun */
	ck_assert_int_eq(pthread_create(&helper, NULL, stopper_watch, NULL), 0);
	ad_workers_stop(wp);
	ck_assert_int_eq(pthread_join(helper, &extra), 0);
	/* the running job finished and was delivered, the rest cancelled,
	 * every callback here on this thread */
	ck_assert_int_eq(running.worked, 1);
	ck_assert_int_eq(running.done, 1);
	ck_assert_int_eq(running.cancelled, 0);
	for (unsigned i = 0; i < 5; i++) {
		ck_assert_int_eq(queued[i].worked, 0);
		ck_assert_int_eq(queued[i].done, 1);
		ck_assert_int_eq(queued[i].cancelled, 1);
		ck_assert(pthread_equal(queued[i].done_thread, loop_thread));
	}
	ck_assert_uint_eq(done_count, 6 + (unsigned)(uintptr_t)extra);
	ck_assert_uint_eq(atomic_load(&worked_count), 1);
	/* stopped for good */
	errno = 0;
	ck_assert_int_eq(
		ad_workers_submit(wp, work_triple, done_record, &running), -1);
	ck_assert_int_eq(errno, ESHUTDOWN);
	ad_workers_stop(wp); /* twice is harmless */
}
END_TEST

START_TEST(test_stop_delivers_finished)
{
	struct rec r[4] = {{0}};

	new_pool(2, 16);
	for (unsigned i = 0; i < 4; i++) {
		r[i].in = i;
		ck_assert_int_eq(
			ad_workers_submit(wp, work_triple, done_record, &r[i]),
			0);
	}
	/* finished, but the loop never ran to hand them back */
	while (atomic_load(&worked_count) < 4)
		sched_yield();
	ad_workers_stop(wp);
	ck_assert_uint_eq(done_count, 4);
	for (unsigned i = 0; i < 4; i++) {
		ck_assert_int_eq(r[i].done, 1);
		ck_assert_int_eq(r[i].cancelled, 0);
		ck_assert_uint_eq(r[i].out, 3 * i);
	}
}
END_TEST

START_TEST(test_many_jobs)
{
	enum { N = 20000 };
	struct rec *r = calloc(N, sizeof(*r));
	unsigned submitted = 0;

	ck_assert_ptr_nonnull(r);
	new_pool(4, 256);
	/* more jobs than the queue holds: refused ones wait a loop turn */
	while (submitted < N) {
		r[submitted].in = submitted;
		if (ad_workers_submit(wp, work_triple, done_record,
				      &r[submitted]) == 0) {
			submitted++;
			continue;
		}
		ck_assert_int_eq(errno, EAGAIN);
		ck_assert_int_ge(event_base_loop(base, EVLOOP_ONCE), 0);
	}
	run_until_done(N);
	for (unsigned i = 0; i < N; i++) {
		ck_assert_int_eq(r[i].worked, 1);
		ck_assert_int_eq(r[i].done, 1);
		ck_assert_uint_eq(r[i].out, 3 * i);
	}
	free(r);
}
END_TEST

static Suite *worker_suite(void)
{
	Suite *s = suite_create("worker");
	TCase *tc = tcase_create("pool");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_default_thread_count);
	tcase_add_test(tc, test_queue_full);
	tcase_add_test(tc, test_stop_cancels_queued);
	tcase_add_test(tc, test_stop_delivers_finished);
	tcase_add_test(tc, test_many_jobs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(worker_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
