/*
 * notify.h - telling the service manager how the daemon is doing, with
 * the datagram protocol of sd_notify(3) and no libsystemd: one line per
 * state ("READY=1", "RELOADING=1", "STOPPING=1") sent to the AF_UNIX
 * datagram socket named by $NOTIFY_SOCKET.  Without that variable every
 * call does nothing, so the daemon behaves the same outside systemd.
 */
#ifndef AD_NOTIFY_H
#define AD_NOTIFY_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define AD_NOTIFY_ENV "NOTIFY_SOCKET"

/* Where the notifications go; len 0: nowhere. */
struct ad_notify {
	struct sockaddr_un addr;
	socklen_t len;
};

/*
 * Read the address from value: a path ("/run/systemd/notify") or, with a
 * leading '@', a name in the abstract namespace.  NULL or "": no
 * notifications (0).  -1 with a message in err for anything else (a
 * relative path, a name too long for sun_path); then n sends nothing.
 */
int ad_notify_parse(struct ad_notify *n, const char *value, char *err,
		    size_t errlen);

/*
 * ad_notify_parse of $NOTIFY_SOCKET, which is then removed from the
 * environment: the programs the daemon starts (mail_command) must not
 * speak for it.
 */
int ad_notify_from_env(struct ad_notify *n, char *err, size_t errlen);

/* Send msg ("KEY=VALUE" lines) in one datagram: 0, also when there is
 * nowhere to send; -1 with errno when the manager cannot be reached. */
int ad_notify_send(const struct ad_notify *n, const char *msg);

/* The states, each in one datagram (status: a line for humans). */
int ad_notify_ready(const struct ad_notify *n, const char *status);
int ad_notify_reloading(const struct ad_notify *n);
int ad_notify_stopping(const struct ad_notify *n);

#endif
