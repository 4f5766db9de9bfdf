/*
 * acct_local.h - the host's own users: the names in /etc/passwd, read
 * from the file itself (never through NSS, which would recurse into our
 * module).  A name there is never the directory's: the daemon refuses
 * directory users whose names are local, and `passwd: files accounts`
 * answers from the file first.  So both modules leave local users to
 * the host without asking the daemon, which therefore cannot stall
 * root's or any local user's login, su or sudo.
 */
#ifndef ACCT_LOCAL_H
#define ACCT_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

#define ACCT_PASSWD_PATH "/etc/passwd"

/*
 * Hand the first field of each line of path to fn(arg, name, len), in
 * fixed memory whatever the file's size: leading blanks skipped, as
 * glibc's files module does; a field longer than any valid name is no
 * name.  Returns 0, or -1 with errno when the file could not be read (a
 * missing file has no names: 0).
 */
int acct_local_scan(const char *path,
		    void (*fn)(void *arg, const char *name, size_t len),
		    void *arg);

/* Is name[0..len) a user of path?  false when it cannot be read. */
bool acct_local_user(const char *path, const char *name, size_t len);

#endif
