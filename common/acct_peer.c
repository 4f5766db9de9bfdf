/* acct_peer.c - check the daemon's identity before trusting it. */
#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "acct_peer.h"

int acct_peer_uid(int fd, uid_t *uid)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (uid == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -1;
	/* a short answer would leave uid uninitialised */
	if (len != sizeof(cred)) {
		errno = EPROTO;
		return -1;
	}
	*uid = cred.uid;
	return 0;
}

int acct_socket_owned_by(const char *path, uid_t uid)
{
	struct stat st;

	if (path == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISSOCK(st.st_mode) || st.st_uid != uid) {
		errno = EPERM;
		return -1;
	}
	return 0;
}
