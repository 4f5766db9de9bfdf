/*
 * listen.h - create the daemon's listening Unix socket safely.
 */
#ifndef AD_LISTEN_H
#define AD_LISTEN_H

#include <stddef.h>
#include <sys/types.h>

struct ad_listen {
	int fd;	     /* listening socket, CLOEXEC|NONBLOCK */
	int lock_fd; /* flock on "<path>.lock": one daemon per socket */
	dev_t dev;   /* the socket file we bound, so that we never */
	ino_t ino;   /* unlink a successor's */
};

/*
 * Create the socket directory (0755) if missing, refuse it when a user
 * other than root and this process's could write to it (it belongs to
 * another uid, or is group- or world-writable, sticky or not), take the
 * lock, refuse when another daemon answers on path, replace a stale
 * socket, bind, chmod 0666 (lookups are public; requests are authorized
 * by SO_PEERCRED) and listen.  Returns 0, or -1 with a message in err.
 */
int ad_listen_open(struct ad_listen *l, const char *path, char *err,
		   size_t errlen);

/* Close both descriptors (the socket file stays; see ad_listen_unlink). */
void ad_listen_close(struct ad_listen *l);

/* Remove the socket file, if it is still the one this daemon bound. */
void ad_listen_unlink(const struct ad_listen *l, const char *path);

#endif
