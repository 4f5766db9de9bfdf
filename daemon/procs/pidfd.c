/*
 * pidfd.c - pidfds and process start times (see procs/pidfd.h).
 * The syscalls are called directly: glibc gained wrappers for them late.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procs/pidfd.h"

/* Fields of /proc/PID/stat after "pid (comm)": the walk below starts at
 * the blank before field 3 (state), and each step reaches the blank
 * before the next field, so field N is N - 3 steps on: the parent's pid
 * (field 4) 1, the start time (field 22) 19. */
#define STAT_FIELDS_TO_PARENT 1
#define STAT_FIELDS_TO_START 19

/* Field skip + 3 of /proc/PID/stat (a number) into *out.  0, or -1 with
 * errno (ESRCH, EBADMSG). */
static int stat_field(pid_t pid, int skip, uint64_t *out)
{
	char path[64], line[1024], *p, *end;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0) {
		errno = n < 0 && errno == ESRCH ? ESRCH : EBADMSG;
		return -1;
	}
	line[n] = '\0';
	/* comm may hold spaces and ')': it ends at the last ')' */
	p = strrchr(line, ')');
	if (p == NULL) {
		errno = EBADMSG;
		return -1;
	}
	p++;
	for (i = 0; i < skip && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL) {
		errno = EBADMSG;
		return -1;
	}
	errno = 0;
	*out = strtoull(p + 1, &end, 10);
	if (errno != 0 || end == p + 1 || (*end != ' ' && *end != '\n')) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int ad_proc_start_time(pid_t pid, uint64_t *ticks)
{
	return stat_field(pid, STAT_FIELDS_TO_START, ticks);
}

int ad_proc_parent(pid_t pid, pid_t *parent)
{
	uint64_t v;

	if (stat_field(pid, STAT_FIELDS_TO_PARENT, &v) < 0)
		return -1;
	*parent = (pid_t)v;
	return 0;
}

bool ad_pidfd_exited(int pidfd)
{
	struct pollfd pfd = {.fd = pidfd, .events = POLLIN};

	return poll(&pfd, 1, 0) > 0;
}

int ad_proc_pin(pid_t pid, uint64_t want, uint64_t *start)
{
	int fd, err;

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	/* PIDFD_NONBLOCK is not wanted: nobody waits on it */
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	/* the pidfd came first: while its process lives, pid is still it,
	 * so the start time read now is that process's */
	if (ad_proc_start_time(pid, start) < 0 || ad_pidfd_exited(fd)) {
		err = ad_pidfd_exited(fd) ? ESRCH : errno;
		close(fd);
		errno = err;
		return -1;
	}
	if (want != 0 && *start != want) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

int ad_pidfd_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}
