/*
 * acct_peer.h - who is at the other end of the daemon's socket.
 *
 * A client about to send a password checks that it talks to the real
 * daemon: the socket file belongs to the expected owner, and the process
 * that listens on it runs as that owner (SO_PEERCRED, which the kernel
 * records when the daemon calls listen()).  Either check alone can be
 * fooled by a stale path or a replaced file; together they cannot, unless
 * the attacker already is that owner.
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

#endif
