/* acct_fd.h - descriptor hygiene for code that runs inside other programs. */
#ifndef ACCT_FD_H
#define ACCT_FD_H

/* If fd is 0..2, move it to >= 3 with F_DUPFD_CLOEXEC and close the old
 * one (a process started with closed stdio must not get our socket as its
 * stdout).  Returns the fd to use, or -1 with errno (fd closed). */
int acct_fd_safe(int fd);

#endif
