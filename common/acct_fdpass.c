/* acct_fdpass.c - one descriptor with a request (see acct_fdpass.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "acct_fdpass.h"

/* Room for one descriptor, aligned as a cmsghdr wants. */
union fd_cmsg {
	char buf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr align;
};

ssize_t acct_send_fd(int sock, const void *buf, size_t len, int fd)
{
	union fd_cmsg u;
	struct iovec iov = {(void *)buf, 1};
	struct msghdr m;
	struct cmsghdr *c;
	ssize_t n;

	if (len == 0 || fd < 0) {
		errno = EINVAL;
		return -1;
	}
	memset(&u, 0, sizeof(u));
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	do
		n = sendmsg(sock, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Close every descriptor in c; how many there were. */
static size_t close_all(struct cmsghdr *c)
{
	size_t i, n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	int fd;

	for (i = 0; i < n; i++) {
		memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
		close(fd);
	}
	return n;
}

ssize_t acct_recv_fd(int sock, void *buf, size_t len, int *fd)
{
	union fd_cmsg u;
	struct iovec iov = {buf, len};
	struct msghdr m;
	struct cmsghdr *c;
	size_t got = 0;
	ssize_t n;

	*fd = -1;
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	n = recvmsg(sock, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return n;
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		if (got == 0 && c->cmsg_len == CMSG_LEN(sizeof(int))) {
			memcpy(fd, CMSG_DATA(c), sizeof(int));
			got = 1;
			continue;
		}
		got += close_all(c);
	}
	if (got > 1 || (m.msg_flags & MSG_CTRUNC) != 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		errno = EBADMSG;
		return -1;
	}
	return n;
}
