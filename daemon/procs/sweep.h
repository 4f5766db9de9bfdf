/*
 * sweep.h - signal every process that runs as one of a set of
 * uids: one walk over /proc, for the users whose logins end (disable,
 * delete, deprovision).  A process matches when its real, effective or
 * saved uid (/proc/PID/status "Uid:") is in the set.  Each process is
 * pinned with a pidfd before its uid is read, and signalled through that
 * pidfd, so a pid reused meanwhile is never signalled.  Blocking (it
 * reads /proc): run it on a worker, never on the loop.  Thread safe; it
 * logs nothing.
 */
#ifndef AD_SESSION_SWEEP_H
#define AD_SESSION_SWEEP_H

#include <stddef.h>
#include <stdint.h>

struct ad_sweep {
	/* in: uids sorted ascending, none of them 0; the signal */
	const uint32_t *uids;
	size_t n;
	int sig;
	/* out */
	unsigned found;	    /* live matching processes */
	unsigned signalled; /* ... that got sig */
	int error;	    /* errno of a failure that stopped the walk */
};

/* One walk over proc_dir ("/proc"); fills the out fields. */
void ad_proc_sweep(const char *proc_dir, struct ad_sweep *sw);

#endif
