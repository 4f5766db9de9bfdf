/* shells.h - the daemon's copy of /etc/shells, read again when the file
 * changes (its inode, size or mtime) or after SIGHUP. */
#ifndef AD_SERVER_SHELLS_H
#define AD_SERVER_SHELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Zeroed: nothing read yet. */
struct ad_shells {
	char *text;
	size_t len;
	bool loaded;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

/* Is shell listed in path (NULL: /etc/shells)?  1, 0, or -errno. */
int ad_shells_listed(struct ad_shells *c, const char *path, const char *shell);
/* Read the file again at the next check (SIGHUP). */
void ad_shells_forget(struct ad_shells *c);
void ad_shells_free(struct ad_shells *c);

#endif
