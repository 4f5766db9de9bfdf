/*
 * notify.c - the sd_notify(3) datagram protocol, written out (see
 * notify.h).  A fresh socket per message: there are four kinds of
 * message in a daemon's life, and no descriptor to keep or leak.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/notify.h"

int ad_notify_parse(struct ad_notify *n, const char *value, char *err,
		    size_t errlen)
{
	size_t len;

	memset(n, 0, sizeof(*n));
	if (value == NULL || value[0] == '\0')
		return 0;
	len = strlen(value);
	if (value[0] != '/' && value[0] != '@') {
		snprintf(err, errlen,
			 "%s=%s is neither an absolute path nor an abstract "
			 "name (@...)",
			 AD_NOTIFY_ENV, value);
		return -1;
	}
	/* a path needs its NUL; an abstract name has none, and len counts
	 * the leading '@' that becomes the leading NUL */
	if (len > sizeof(n->addr.sun_path) - (value[0] == '/')) {
		snprintf(err, errlen, "%s is longer than %zu bytes",
			 AD_NOTIFY_ENV, sizeof(n->addr.sun_path) - 1);
		return -1;
	}
	n->addr.sun_family = AF_UNIX;
	memcpy(n->addr.sun_path, value, len);
	if (value[0] == '@')
		n->addr.sun_path[0] = '\0';
	n->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
			     (value[0] == '/'));
	return 0;
}

int ad_notify_from_env(struct ad_notify *n, char *err, size_t errlen)
{
	int rc = ad_notify_parse(n, getenv(AD_NOTIFY_ENV), err, errlen);

	(void)unsetenv(AD_NOTIFY_ENV);
	return rc;
}

int ad_notify_send(const struct ad_notify *n, const char *msg)
{
	ssize_t sent;
	int fd, err;

	if (n->len == 0)
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	do
		sent = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL,
			      (const struct sockaddr *)&n->addr, n->len);
	while (sent < 0 && errno == EINTR);
	err = errno;
	close(fd);
	if (sent < 0) {
		errno = err;
		return -1;
	}
	return 0;
}

int ad_notify_ready(const struct ad_notify *n, const char *status)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", status);
	return ad_notify_send(n, msg);
}

/* RELOADING=1 carries the monotonic time it began, so that the manager
 * (systemd >= 253, Type=notify-reload) can tell this reload from an
 * earlier one; older managers ignore the field. */
int ad_notify_reloading(const struct ad_notify *n)
{
	struct timespec ts;
	char msg[128];

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -1;
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000ULL +
			 (unsigned long long)ts.tv_nsec / 1000ULL);
	return ad_notify_send(n, msg);
}

int ad_notify_stopping(const struct ad_notify *n)
{
	return ad_notify_send(n, "STOPPING=1");
}
