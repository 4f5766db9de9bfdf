/* acct_peer.c - check the daemon's identity before trusting it. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

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

int acct_dir_private(const char *dir, uid_t owner, const char **why)
{
	const char *reason = NULL;
	struct stat st;

	if (dir == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (stat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		reason = "is not a directory";
	else if (st.st_uid != 0 && st.st_uid != owner)
		reason = "is owned by another user";
	else if (st.st_mode & S_IWOTH)
		reason = "is world-writable";
	else if (st.st_mode & S_IWGRP)
		reason = "is group-writable";
	if (reason == NULL)
		return 0;
	if (why != NULL)
		*why = reason;
	errno = EPERM;
	return -1;
}

/* The socket file at path is uid's, and nobody but root can replace it. */
static int owned_in_root_dir(const char *path, uid_t uid)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat st;
	size_t len = strlen(path);
	char *slash;

	/* lstat: a symlink would put the socket in a directory not checked */
	if (len >= sizeof(dir) || lstat(path, &st) < 0 ||
	    !S_ISSOCK(st.st_mode) || st.st_uid != uid)
		return -1;
	memcpy(dir, path, len + 1);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		memcpy(dir, ".", 2);
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return acct_dir_private(dir, 0, NULL);
}

int acct_peer_trusted(int fd, const char *path)
{
	uid_t peer;

	if (acct_peer_uid(fd, &peer) < 0)
		return -1;
	if (peer == 0 || peer == geteuid())
		return 0;
	if (path != NULL && owned_in_root_dir(path, peer) == 0)
		return 0;
	errno = EPERM;
	return -1;
}
