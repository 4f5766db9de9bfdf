/* acct_shells.h - the login shells the host allows: the lines of
 * /etc/shells (shells(5)), read by accountsctl before it sends a --shell
 * and by accountsd, the authority, for every shell it is asked to set. */
#ifndef ACCT_SHELLS_H
#define ACCT_SHELLS_H

#include <stdbool.h>
#include <stddef.h>

#define ACCT_SHELLS_FILE "/etc/shells"
/* a larger file is refused (ENOSPC): no host lists that many shells */
#define ACCT_SHELLS_MAX (64 * 1024)

/* Is shell one of the lines of text (comments and blanks skipped, as
 * getusershell(3))? */
bool acct_shells_has(const char *text, size_t len, const char *shell);

/*
 * Read path into a new NUL-terminated buffer (*text, free() it).  A
 * missing file reads as getusershell(3)'s default, "/bin/sh" and
 * "/bin/csh".  0, or -errno.
 */
int acct_shells_read(const char *path, char **text, size_t *len);

/* Both: 1 listed, 0 not, -errno when path cannot be read. */
int acct_shell_listed(const char *path, const char *shell);

#endif
