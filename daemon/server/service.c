/*
 * service.c - the daemon's states sent to the service manager (see
 * service.h), with a log line when a notification cannot be sent.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "server/log.h"
#include "server/service.h"

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
