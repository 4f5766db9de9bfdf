/*
 * listen.c - the daemon's listening socket: directory, single-instance
 * lock, stale-socket recovery, bind, mode and listen.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "acct_peer.h"
#include "server/listen.h"

/* The kernel caps this at net.core.somaxconn. */
#define AD_LISTEN_BACKLOG 65535

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* mkdir -p of the directory holding path, new levels 0755. */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash, saved;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return fail(err, errlen, "%s is not a directory", dir);
		return 0;
	}
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		saved = *p;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return fail(err, errlen, "cannot create %s: %s", dir,
				    strerror(errno));
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

/*
 * The socket's directory must be one no other user can write to: anyone
 * who could would put a socket of their own in its place and answer the
 * lookups of every process.  Sticky does not help: while the daemon is
 * down, anyone may still create the name.
 */
static int check_dir(const char *path, char *err, size_t errlen)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *why = "";
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if (acct_dir_private(dir, geteuid(), &why) == 0)
		return 0;
	if (errno != EPERM)
		return fail(err, errlen, "cannot stat %s: %s", dir,
			    strerror(errno));
	return fail(err, errlen,
		    "socket directory %s %s; refusing to use it (another "
		    "user could replace the socket)",
		    dir, why);
}

static int take_lock(struct ad_listen *l, const char *path, char *err,
		     size_t errlen)
{
	char lock_path[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];

	snprintf(lock_path, sizeof(lock_path), "%s.lock", path);
	l->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			  0600);
	if (l->lock_fd < 0)
		return fail(err, errlen, "cannot open %s: %s", lock_path,
			    strerror(errno));
	if (flock(l->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return fail(err, errlen,
				    "another accountsd is running on %s", path);
		return fail(err, errlen, "cannot lock %s: %s", lock_path,
			    strerror(errno));
	}
	return 0;
}

/* 1 when a daemon accepts connections on path, 0 when nobody does. */
static int someone_listens(const struct sockaddr_un *sa)
{
	int fd, rc;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return 0;
	rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	/* EAGAIN: the listener's backlog is full, so it is alive. */
	rc = rc == 0 || errno == EAGAIN || errno == EINPROGRESS;
	close(fd);
	return rc;
}

/* Make path free for bind: refuse a live socket, remove a stale one. */
static int clear_path(const struct sockaddr_un *sa, const char *path, char *err,
		      size_t errlen)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return fail(err, errlen, "cannot stat %s: %s", path,
			    strerror(errno));
	}
	if (!S_ISSOCK(st.st_mode))
		return fail(err, errlen, "%s exists and is not a socket", path);
	if (someone_listens(sa))
		return fail(err, errlen, "another accountsd is listening on %s",
			    path);
	if (unlink(path) < 0 && errno != ENOENT)
		return fail(err, errlen, "cannot remove stale socket %s: %s",
			    path, strerror(errno));
	return 0;
}

int ad_listen_open(struct ad_listen *l, const char *path, char *err,
		   size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;

	l->fd = -1;
	l->lock_fd = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (path[0] != '/' || strlen(path) >= sizeof(sa.sun_path))
		return fail(err, errlen, "bad socket path %s", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);

	if (make_parent_dirs(path, err, errlen) < 0 ||
	    check_dir(path, err, errlen) < 0 ||
	    take_lock(l, path, err, errlen) < 0 ||
	    clear_path(&sa, path, err, errlen) < 0)
		goto fail;

	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0) {
		fail(err, errlen, "socket: %s", strerror(errno));
		goto fail;
	}
	if (bind(l->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fail(err, errlen, "cannot bind %s: %s", path, strerror(errno));
		goto fail;
	}
	/* Bound under umask 022 (only root may connect), opened up now. */
	if (chmod(path, 0666) < 0 || stat(path, &st) < 0) {
		fail(err, errlen, "cannot chmod %s: %s", path, strerror(errno));
		goto fail_unlink;
	}
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	if (listen(l->fd, AD_LISTEN_BACKLOG) < 0) {
		fail(err, errlen, "cannot listen on %s: %s", path,
		     strerror(errno));
		goto fail_unlink;
	}
	return 0;

fail_unlink:
	unlink(path);
fail:
	ad_listen_close(l);
	return -1;
}

void ad_listen_close(struct ad_listen *l)
{
	if (l->fd >= 0)
		close(l->fd);
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	l->fd = -1;
	l->lock_fd = -1;
}

void ad_listen_unlink(const struct ad_listen *l, const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && st.st_dev == l->dev && st.st_ino == l->ino)
		unlink(path);
}
