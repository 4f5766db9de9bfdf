/*
 * acct_peer.h - who is at the other end of the daemon's socket.
 *
 * A client about to send a password checks that it talks to the real
 * daemon: the socket file belongs to the expected owner, and the process
 * that listens on it runs as that owner (SO_PEERCRED, which the kernel
 * records when the daemon calls listen()).  Either check alone can be
 * fooled by a stale path or a replaced file; together they cannot, unless
 * the attacker already is that owner.
 *
 * A lookup client (the NSS module) carries no secret, but must not believe
 * a server an unprivileged user started: acct_peer_trusted.  The daemon
 * refuses to listen in a directory others could write to: acct_dir_private.
 */
#ifndef ACCT_PEER_H
#define ACCT_PEER_H

#include <sys/types.h>

/* The uid of the peer of the connected Unix socket fd.  Returns 0, or -1
 * with errno. */
int acct_peer_uid(int fd, uid_t *uid);

/*
 * Whether path (symlinks followed, as connect() follows them) is a Unix
 * socket owned by uid.  Returns 0 when it is; -1 with errno from stat()
 * (ENOENT when there is no daemon), or EPERM when it is not a socket or
 * has another owner.
 */
int acct_socket_owned_by(const char *path, uid_t uid);

/*
 * Whether dir (symlinks followed) is a directory that only root and owner
 * can change: owned by root or by owner, and not writable by its group or
 * by others, sticky or not (in a sticky directory anyone may still create
 * a name).  Returns 0 when it is; -1 with errno from stat(), or EPERM with
 * *why (when why is not NULL) saying what is wrong, to follow the
 * directory's name in a message: "is not a directory", "is owned by
 * another user", "is world-writable", "is group-writable".
 */
int acct_dir_private(const char *dir, uid_t owner, const char **why);

/*
 * Whether the peer of fd, connected to the socket at path, may be trusted
 * to answer lookups.  It may when it runs as root; or as the caller's own
 * effective uid (a process that believes a server of its own uid gains
 * nothing; in-process test daemons are such servers); or as the owner of
 * the socket file itself (not a symlink) when the directory holding it is
 * private to root (acct_dir_private(dir, 0, ...)), which leaves room for a
 * daemon with a user of its own.  The usual case, a root daemon, costs
 * one getsockopt().  Returns 0, or -1 with errno: EPERM when the peer is
 * not trusted, or the error of getsockopt().
 */
int acct_peer_trusted(int fd, const char *path);

#endif
