/*
 * acct_fdpass.h - one descriptor with a request (SCM_RIGHTS), for the one
 * operation that takes one (BACKUP: the file accountsctl made, written by
 * the daemon, which cannot open the admin's path under its sandbox).
 */
#ifndef ACCT_FDPASS_H
#define ACCT_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Send the first byte of buf (len >= 1) on sock with fd attached, without
 * blocking: 1, or -1 with errno (EAGAIN when the socket is full).  The
 * rest of the frame goes out as usual (acct_write_all).
 */
ssize_t acct_send_fd(int sock, const void *buf, size_t len, int fd);

/*
 * recv(sock, buf, len, MSG_DONTWAIT) that also takes at most one
 * descriptor (close-on-exec) into *fd (-1: none came).  More than one,
 * or a control message cut short, closes what came and fails with
 * EBADMSG: the peer broke the protocol.
 */
ssize_t acct_recv_fd(int sock, void *buf, size_t len, int *fd);

#endif
