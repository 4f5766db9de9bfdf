/*
 * ctl_backup.c - `accountsctl backup FILE [--force]`.
 *
 * accountsctl makes FILE itself, mode 0600, in the caller's view of the
 * filesystem, and hands its descriptor to the daemon with the request:
 * the daemon (under ProtectSystem=strict and PrivateTmp) could not open
 * the admin's path, and the copy holds every password hash, so it must
 * never exist with a wider mode.  Without --force an existing FILE is
 * refused (O_EXCL); with it the copy goes to a new file in FILE's
 * directory, renamed over FILE once the daemon has synced it.  Either
 * way a failed backup leaves no file of its own behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"

/* FILE's directory, for the temporary file and the fsync of the entry. */
static void dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/* The new name must survive a crash as the file does. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Create the file the copy goes to: FILE itself, or with --force a new
 * file beside it (tmp gets its name).  The descriptor, or -1 with the
 * exit code in *rc. */
static int create_target(const struct ctl_env *env, const char *path,
			 bool force, char *tmp, size_t size, int *rc)
{
	char dir[PATH_MAX];
	int fd;

	tmp[0] = '\0';
	if (!force) {
		fd = open(path,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0600);
		if (fd >= 0)
			return fd;
		if (errno == EEXIST)
			*rc = ctl_report(env, 1, "EXISTS", -1,
					 "backup: file exists (--force "
					 "replaces it)");
		else
			*rc = ctl_report(env, 1, "IO", -1, strerror(errno));
		return -1;
	}
	dir_of(path, dir, sizeof(dir));
	if ((size_t)snprintf(tmp, size, "%s/.accountsctl-backup.XXXXXX", dir) >=
	    size) {
		*rc = ctl_usage(env, "backup: path too long");
		tmp[0] = '\0';
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC); /* mode 0600 */
	if (fd < 0) {
		*rc = ctl_report(env, 1, "IO", -1, strerror(errno));
		tmp[0] = '\0';
	}
	return fd;
}

int ctl_cmd_backup(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *path = a->pos[0];
	bool force = a->opt[CTL_OPT_FORCE] != NULL;
	char tmp[PATH_MAX], dir[PATH_MAX], msg[PATH_MAX + 64];
	struct acct_reply rep;
	int fd, rc = 0;

	if (path[0] == '\0')
		return ctl_usage(env, "backup: FILE is empty");
	fd = create_target(env, path, force, tmp, sizeof(tmp), &rc);
	if (fd < 0)
		return rc;
	rc = ctl_request_fd(env, ACCT_OP_BACKUP, NULL, fd, &rep);
	close(fd);
	if (rc == 0 && tmp[0] != '\0' && rename(tmp, path) < 0) {
		snprintf(msg, sizeof(msg), "backup: cannot rename to %s: %s",
			 path, strerror(errno));
		acct_reply_free(&rep);
		rc = ctl_report(env, 1, "IO", -1, msg);
	}
	if (rc != 0) {
		/* no half-written copy stays, and a replaced file is kept */
		unlink(tmp[0] != '\0' ? tmp : path);
		return rc;
	}
	dir_of(path, dir, sizeof(dir));
	if (sync_dir(dir) < 0) {
		snprintf(msg, sizeof(msg), "backup: cannot sync %s: %s", dir,
			 strerror(errno));
		acct_reply_free(&rep);
		return ctl_report(env, 1, "IO", -1, msg);
	}
	rc = ctl_emit_record(env, &ctl_backup_schema, rep.payload, rep.len);
	acct_reply_free(&rep);
	return rc;
}
