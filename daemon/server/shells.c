/* shells.c - /etc/shells, cached (see shells.h).  A stat per check is
 * what keeps the copy honest: an administrator who adds a shell expects
 * the next `user create` to see it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acct_shells.h"
#include "server/shells.h"

static bool same_file(const struct ad_shells *c, const struct stat *st)
{
	return c->loaded && c->dev == st->st_dev && c->ino == st->st_ino &&
	       c->size == st->st_size &&
	       c->mtime.tv_sec == st->st_mtim.tv_sec &&
	       c->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

int ad_shells_listed(struct ad_shells *c, const char *path, const char *shell)
{
	struct stat st;
	char *text;
	size_t len;
	int rc;

	if (path == NULL)
		path = ACCT_SHELLS_FILE;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			return -errno;
		memset(&st, 0, sizeof(st)); /* missing: the default list */
	}
	if (!same_file(c, &st)) {
		rc = acct_shells_read(path, &text, &len);
		if (rc < 0)
			return rc;
		free(c->text);
		c->text = text;
		c->len = len;
		c->loaded = true;
		c->dev = st.st_dev;
		c->ino = st.st_ino;
		c->size = st.st_size;
		c->mtime = st.st_mtim;
	}
	return acct_shells_has(c->text, c->len, shell) ? 1 : 0;
}

void ad_shells_forget(struct ad_shells *c)
{
	c->loaded = false;
}

void ad_shells_free(struct ad_shells *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}
