/*
 * sweep.c - the /proc walk of procs/sweep.h.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procs/pidfd.h"
#include "procs/sweep.h"

/* The Uid line comes early in /proc/PID/status (after Name, Umask,
 * State, Tgid, Ngid, Pid, PPid, TracerPid). */
#define STATUS_HEAD 2048

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static bool wanted(const struct ad_sweep *sw, uint32_t uid)
{
	return uid != 0 &&
	       bsearch(&uid, sw->uids, sw->n, sizeof(uid), cmp_u32) != NULL;
}

/* "Uid:\treal\teffective\tsaved\tfs" of pid into ids[3].  0, or -1 when
 * the process is gone or the line is not there. */
static int read_uids(const char *proc_dir, pid_t pid, uint32_t ids[3])
{
	char path[128], buf[STATUS_HEAD + 1], *p, *end;
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%ld/status", proc_dir, (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	errno = n < 0 ? err : EBADMSG; /* for the failures below */
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nUid:");
	if (p == NULL)
		return -1;
	p += 5;
	for (int i = 0; i < 3; i++) {
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p || v > UINT32_MAX) {
			errno = EBADMSG;
			return -1;
		}
		ids[i] = (uint32_t)v;
		p = end;
	}
	return 0;
}

/* A /proc entry that names a process: its pid, or 0. */
static pid_t entry_pid(const struct dirent *de)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)de->d_name[0]))
		return 0;
	errno = 0;
	v = strtol(de->d_name, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || v > INT32_MAX)
		return 0;
	return (pid_t)v;
}

/* A failure that may hide a process (out of descriptors or memory), as
 * opposed to one that exited meanwhile. */
static void note_failure(struct ad_sweep *sw, int err)
{
	if (err != ESRCH && err != ENOENT && err != 0)
		sw->error = err;
}

/* Pin pid, then read its uids: while the pidfd's process lives, pid is
 * still it, so a status read before it is seen exited was its own. */
static void visit(const char *proc_dir, pid_t pid, struct ad_sweep *sw)
{
	uint32_t ids[3];
	int pidfd;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		note_failure(sw, errno);
		return;
	}
	errno = 0;
	if (read_uids(proc_dir, pid, ids) < 0) {
		if (!ad_pidfd_exited(pidfd))
			note_failure(sw, errno);
	} else if (!ad_pidfd_exited(pidfd) &&
		   (wanted(sw, ids[0]) || wanted(sw, ids[1]) ||
		    wanted(sw, ids[2]))) {
		sw->found++;
		if (ad_pidfd_signal(pidfd, sw->sig) == 0)
			sw->signalled++;
	}
	close(pidfd);
}

void ad_proc_sweep(const char *proc_dir, struct ad_sweep *sw)
{
	pid_t self = getpid();
	struct dirent *de;
	DIR *d;

	sw->found = sw->signalled = 0;
	sw->error = 0;
	if (sw->n == 0)
		return;
	d = opendir(proc_dir);
	if (d == NULL) {
		sw->error = errno;
		return;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		pid_t pid = entry_pid(de);

		if (pid > 0 && pid != self)
			visit(proc_dir, pid, sw);
	}
	if (errno != 0)
		sw->error = errno;
	closedir(d);
}
