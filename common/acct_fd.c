/* acct_fd.c - keep our sockets off stdin/stdout/stderr. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "acct_fd.h"

int acct_fd_safe(int fd)
{
	int nfd, saved;

	if (fd < 0 || fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	saved = errno;
	close(fd);
	if (nfd < 0) {
		errno = saved;
		return -1;
	}
	return nfd;
}
