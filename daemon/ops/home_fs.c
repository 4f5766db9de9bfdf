/*
 * home_fs.c - opening a home directory for removal and emptying it
 * through descriptors (see home_fs.h and ops/home.h).
 *
 * Races, and why they lead nowhere: below home_base every directory is
 * reached with openat(O_NOFOLLOW | O_DIRECTORY) from the one before, and
 * is judged by fstat on the descriptor that was opened, never by a path,
 * so swapping a directory for a symlink at any time cannot take the walk
 * out of the tree.  A file is unlinked by name in a directory held open;
 * unlinkat never follows a symlink, so the worst a swap of that name
 * between the look (fstatat) and the unlink can do is remove a directory
 * entry (not the file it names elsewhere) that someone with write access
 * to that very directory put there; the directories entered are the
 * user's own, whose processes are being killed meanwhile.  A directory
 * is removed only while its name still leads to the one emptied (device
 * and inode compared), and rmdir removes nothing but an empty directory.
 * Mount points, and anything on another filesystem, are left alone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/home_fs.h"

/* Deeper trees are left below this depth (each level holds two
 * descriptors while it is emptied). */
#define HOME_MAX_DEPTH 128u
/* Emptying is tried again when something appeared meanwhile (a process
 * of the user's not yet gone); then the home stays. */
#define HOME_PASSES 3u

#define OPEN_DIR (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

__attribute__((format(printf, 3, 4))) static int
refuse(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

void ad_home_close(struct ad_home_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->parent_fd >= 0)
		close(d->parent_fd);
	d->fd = d->parent_fd = -1;
}

/* One component of a path below home_base: a name, not a way around. */
static bool plain(const char *comp)
{
	return comp[0] != '\0' && strcmp(comp, ".") != 0 &&
	       strcmp(comp, "..") != 0;
}

/* Why openat(fd, comp, OPEN_DIR) failed with e, in words (a symlink
 * gives ELOOP or ENOTDIR, as the kernel checks one flag or the other
 * first: a look says which it is, for the message alone). */
const char *ad_home_open_error(int fd, const char *comp, int e)
{
	struct stat st;

	switch (e) {
	case ENOENT:
		return "does not exist";
	case ELOOP:
	case ENOTDIR:
		if (fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			return "is a symlink (not followed)";
		return "is not a directory";
	default:
		return strerror(e);
	}
}

/* From base, one component of rel at a time; the last one's parent and
 * itself end up in d. */
static int walk_down(int fd, char *rel, const char *path, struct ad_home_dir *d,
		     char *why, size_t whylen)
{
	char *comp = rel, *slash;
	int next;

	for (;;) {
		slash = strchr(comp, '/');
		if (slash != NULL)
			*slash = '\0';
		if (!plain(comp)) {
			close(fd);
			return refuse(why, whylen,
				      "home %s is not a plain path below "
				      "home_base",
				      path);
		}
		next = openat(fd, comp, OPEN_DIR);
		if (next < 0) {
			const char *what = ad_home_open_error(fd, comp, errno);

			close(fd);
			return refuse(why, whylen, "home %s: '%s' %s", path,
				      comp, what);
		}
		if (slash == NULL) {
			d->parent_fd = fd;
			d->fd = next;
			snprintf(d->leaf, sizeof(d->leaf), "%s", comp);
			return 0;
		}
		close(fd);
		fd = next;
		comp = slash + 1;
	}
}

int ad_home_below(const char *base, const char *path, char *rel, size_t relsize,
		  char *why, size_t whylen)
{
	size_t blen = strcmp(base, "/") == 0 ? 0 : strlen(base);

	/* "/home" holds "/home/bob", not "/homer/bob" nor "/home" */
	if (strncmp(path, base, blen) != 0 || path[blen] != '/')
		return refuse(why, whylen, "home %s is not under home_base %s",
			      path, base);
	if (snprintf(rel, relsize, "%s", path + blen + 1) >= (int)relsize)
		return refuse(why, whylen, "home %s is too long", path);
	if (rel[0] == '\0')
		return refuse(why, whylen, "home %s is home_base itself", path);
	return 0;
}

int ad_home_open(const char *base, const char *path, uint32_t uid,
		 struct ad_home_dir *d, char *why, size_t whylen)
{
	char rel[AD_MAX_TEXT + 1] = "";
	struct stat bst, st;
	int fd;

	memset(d, 0, sizeof(*d));
	d->parent_fd = d->fd = -1;
	d->uid = uid;
	if (ad_home_below(base, path, rel, sizeof(rel), why, whylen) < 0)
		return -1;
	/* home_base is the configuration's (root's); below it, nothing is
	 * followed */
	fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return refuse(why, whylen, "home_base %s cannot be opened: %s",
			      base, strerror(errno));
	if (fstat(fd, &bst) < 0) {
		int e = errno;

		close(fd);
		return refuse(why, whylen, "home_base %s: %s", base,
			      strerror(e));
	}
	if (walk_down(fd, rel, path, d, why, whylen) < 0)
		return -1;
	if (fstat(d->fd, &st) < 0) {
		ad_home_close(d);
		return refuse(why, whylen, "home %s: %s", path,
			      strerror(errno));
	}
	if (st.st_uid != uid) {
		ad_home_close(d);
		return refuse(why, whylen,
			      "home %s is owned by uid %u, not by the user's "
			      "uid %u",
			      path, (unsigned)st.st_uid, (unsigned)uid);
	}
	if (st.st_dev == bst.st_dev && st.st_ino == bst.st_ino) {
		ad_home_close(d);
		return refuse(why, whylen, "home %s is home_base itself", path);
	}
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	return 0;
}

/* ---- emptying ---- */

static void note_error(struct ad_home_tally *t, int e)
{
	if (t->error == 0)
		t->error = e;
}

/* An entry the removal may take: the owner's, on the home's filesystem. */
static bool ours(const struct ad_home_dir *d, const struct stat *st)
{
	return (d->any_owner || st->st_uid == d->uid) && st->st_dev == d->dev;
}

static void empty_dir(const struct ad_home_dir *d, int dfd, unsigned depth,
		      struct ad_home_tally *t);

/* The directory name in dfd: emptied through a descriptor of its own,
 * then removed while its name still leads to it. */
static void remove_subdir(const struct ad_home_dir *d, int dfd,
			  const char *name, unsigned depth,
			  struct ad_home_tally *t)
{
	struct stat st, now;
	int sub;

	if (depth + 1 >= HOME_MAX_DEPTH) {
		t->left++;
		return;
	}
	sub = openat(dfd, name, OPEN_DIR);
	if (sub < 0) {
		if (errno != ENOENT) { /* gone meanwhile: nothing to do */
			t->left++;
			note_error(t, errno);
		}
		return;
	}
	/* what was opened decides, not what was looked at */
	if (fstat(sub, &st) < 0 || !ours(d, &st)) {
		close(sub);
		t->left++;
		return;
	}
	empty_dir(d, sub, depth + 1, t);
	close(sub);
	if (fstatat(dfd, name, &now, AT_SYMLINK_NOFOLLOW) < 0 ||
	    now.st_dev != st.st_dev || now.st_ino != st.st_ino)
		return; /* moved away meanwhile: what is there now stays */
	if (unlinkat(dfd, name, AT_REMOVEDIR) == 0)
		t->removed++;
	else if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOENT) {
		t->left++;
		note_error(t, errno);
	}
}

static void empty_dir(const struct ad_home_dir *d, int dfd, unsigned depth,
		      struct ad_home_tally *t)
{
	struct dirent *e;
	struct stat st;
	DIR *dir;
	int fd;

	/* readdir gets a descriptor of its own; dfd stays for the *at calls */
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		note_error(t, errno);
		if (fd >= 0)
			close(fd);
		t->left++;
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		const char *name = e->d_name;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT) {
				t->left++;
				note_error(t, errno);
			}
			continue;
		}
		if (!ours(d, &st)) {
			t->left++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			remove_subdir(d, dfd, name, depth, t);
			continue;
		}
		/* a symlink goes itself: unlinkat never follows one */
		if (unlinkat(dfd, name, 0) == 0) {
			t->removed++;
		} else if (errno != ENOENT) {
			t->left++;
			note_error(t, errno);
		}
	}
	closedir(dir);
}

void ad_home_empty(const struct ad_home_dir *d, struct ad_home_tally *t)
{
	struct stat now;

	memset(t, 0, sizeof(*t));
	for (unsigned pass = 0; pass < HOME_PASSES; pass++) {
		t->left = 0;
		empty_dir(d, d->fd, 0, t);
		if (t->left > 0)
			return; /* what stays keeps the home */
		if (fstatat(d->parent_fd, d->leaf, &now, AT_SYMLINK_NOFOLLOW) <
			    0 ||
		    now.st_dev != d->dev || now.st_ino != d->ino) {
			note_error(t, ESTALE); /* it moved: it stays */
			return;
		}
		if (unlinkat(d->parent_fd, d->leaf, AT_REMOVEDIR) == 0) {
			t->gone = true;
			return;
		}
		if (errno != ENOTEMPTY && errno != EEXIST) {
			note_error(t, errno);
			return;
		}
	}
}
