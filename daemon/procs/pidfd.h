/*
 * pidfd.h - a session's process, named so that a reused pid is
 * never mistaken for it: a pidfd (which stays bound to the one process it
 * was opened for) plus the process's start time (field 22 of
 * /proc/PID/stat, clock ticks after boot), which is kept in the store so
 * that a restarted daemon can tell whether a pid is still the same
 * process.
 */
#ifndef AD_SESSION_PROC_H
#define AD_SESSION_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The start time of pid.  0, or -1 with errno (ESRCH: no such process,
 * EBADMSG: unreadable stat line). */
int ad_proc_start_time(pid_t pid, uint64_t *ticks);

/*
 * A pidfd (O_CLOEXEC) for pid that is known to be the process that
 * started at want (0: whatever started, *start tells when).  Returns the
 * pidfd, or -1 with errno: ESRCH (gone, or exited already), ESTALE (pid
 * now names a process that started at another time), or the failure of
 * pidfd_open (EINVAL for a pid that is not a process leader).
 */
int ad_proc_pin(pid_t pid, uint64_t want, uint64_t *start);

/* The parent of pid (field 4 of /proc/PID/stat).  0, or -1 with errno
 * as ad_proc_start_time. */
int ad_proc_parent(pid_t pid, pid_t *parent);

/* Has the process of pidfd exited (its pidfd is readable)? */
bool ad_pidfd_exited(int pidfd);

/* Signal the process of pidfd, never another one.  0, or -1 with errno
 * (ESRCH once it has exited). */
int ad_pidfd_signal(int pidfd, int sig);

#endif
