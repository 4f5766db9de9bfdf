/*
 * service.c - the daemon's states sent to the service manager (see
 * service.h), with a log line when a notification cannot be sent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/log.h"
#include "server/service.h"

/* A decimal number ending at *end (strtoull, with its errors seen). */
static bool number(const char *s, unsigned long long *v, char **end)
{
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, end, 10);
	return errno == 0;
}

bool ad_service_stderr_is_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char *end;

	if (v == NULL || !number(v, &dev, &end) || *end != ':' ||
	    !number(end + 1, &ino, &end) || *end != '\0' ||
	    fstat(STDERR_FILENO, &st) < 0)
		return false;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void ad_service_notify_open(struct ad_notify *n)
{
	char err[256];

	if (ad_notify_from_env(n, err, sizeof(err)) < 0)
		ad_log(LOG_ERR, "not notifying the service manager: %s", err);
}

static void sent(int rc, const char *what)
{
	if (rc < 0)
		ad_log(LOG_WARNING, "cannot tell the service manager %s: %s",
		       what, strerror(errno));
}

void ad_service_ready(const struct ad_notify *n, const char *socket_path)
{
	char status[256];

	snprintf(status, sizeof(status), "serving on %s", socket_path);
	sent(ad_notify_ready(n, status), "READY=1");
}

void ad_service_reload_begin(const struct ad_notify *n)
{
	sent(ad_notify_reloading(n), "RELOADING=1");
}

void ad_service_stopping(const struct ad_notify *n)
{
	sent(ad_notify_stopping(n), "STOPPING=1");
}
