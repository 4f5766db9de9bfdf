/*
 * service.h - the daemon's life as the service manager sees it (startup
 * done, reloading, ready again, stopping), through server/notify.h; a
 * manager that cannot be told is logged, never fatal.
 */
#ifndef AD_SERVICE_H
#define AD_SERVICE_H

#include "server/notify.h"

#include <stdbool.h>

/*
 * Is standard error the journal's stream ($JOURNAL_STREAM names its
 * device and inode, as systemd sets it)?  Then a foreground daemon logs
 * through syslog instead: the journal keeps each line's priority, and
 * audit lines keep their authpriv facility (auth.log under rsyslog).
 */
bool ad_service_stderr_is_journal(void);

/* Take $NOTIFY_SOCKET (and remove it from the environment); an unusable
 * value is logged and means no notifications. */
void ad_service_notify_open(struct ad_notify *n);

/* The socket listens and the startup (or reload) work is done. */
void ad_service_ready(const struct ad_notify *n, const char *socket_path);

/* SIGHUP: a reload begins; ad_service_ready follows when it is over. */
void ad_service_reload_begin(const struct ad_notify *n);

/* A stop signal: the daemon drains and exits. */
void ad_service_stopping(const struct ad_notify *n);

#endif
