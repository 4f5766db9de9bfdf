/*
 * backoff.c - a daemon that hangs costs a process one deadline, not one
 * per lookup.
 *
 * After a request times out (the daemon accepts connections but does not
 * answer: stopped, or stuck; once its listen backlog is full, connect()
 * fails with EAGAIN, which acct_connect_unix retries until the deadline,
 * so that ends as a timeout too), every lookup of this process answers
 * UNAVAIL at once, without connecting, for NSS_ACCT_BACKOFF_MS.  Then one
 * lookup tries the daemon again while the others keep failing fast; its
 * answer ends the back-off, its timeout starts another.
 *
 * The whole state is one 64-bit time, read and written with atomics: no
 * lock to hold across fork() (a child inherits the back-off, which is
 * right: it talks to the same daemon), nothing shared between processes,
 * and a healthy daemon costs one relaxed load per lookup.
 */
#include <errno.h>
#include <stdint.h>

#include "acct_io.h"
#include "nss_accounts.h"

/*
 * 0: no back-off (the daemon answered, or was never asked).  Otherwise
 * the CLOCK_MONOTONIC time in ms until which lookups do not connect.
 */
static int64_t quiet_until_ms;

bool nss_acct_backoff_admit(void)
{
	int64_t until = __atomic_load_n(&quiet_until_ms, __ATOMIC_RELAXED);
	int64_t now, probe_end;

	if (until == 0)
		return true;
	now = acct_monotonic_ms();
	if (now < until)
		return false;
	/*
	 * Over: this lookup becomes the one that probes, if no other got
	 * there first; the others stay quiet for as long as it may wait.
	 */
	probe_end = now + NSS_ACCT_TIMEOUT_MS + NSS_ACCT_BACKOFF_MS;
	return __atomic_compare_exchange_n(&quiet_until_ms, &until, probe_end,
					   false, __ATOMIC_RELAXED,
					   __ATOMIC_RELAXED);
}

void nss_acct_backoff_note(int err)
{
	if (err == ETIMEDOUT) {
		__atomic_store_n(&quiet_until_ms,
				 acct_monotonic_ms() + NSS_ACCT_BACKOFF_MS,
				 __ATOMIC_RELAXED);
		return;
	}
	/* any other outcome means the daemon is not hanging; write only
	 * when there is something to clear, so threads do not fight over
	 * the cache line */
	if (__atomic_load_n(&quiet_until_ms, __ATOMIC_RELAXED) != 0)
		__atomic_store_n(&quiet_until_ms, 0, __ATOMIC_RELAXED);
}
