/*
 * home_make.c - creating a home directory: built under a temporary name
 * (ops/home_temp.h), filled from the skeleton through descriptors, given
 * to the user, then renamed into place (see home_make.h for the rules).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/home_fs.h"
#include "ops/home_make.h"
#include "ops/home_temp.h"

#define OPEN_DIR (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
/* what a skeleton entry keeps of its mode */
#define SKEL_MODE_KEEP 0755u

__attribute__((format(printf, 3, 4))) static void
set_why(struct ad_home_result *r, enum ad_home_made made, const char *fmt, ...)
{
	va_list ap;

	r->made = made;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

/* A home's parent: root's, and nobody else may write to it. */
static bool safe_parent(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
	       (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/*
 * home_base, the parent of every home made: a home is made only at
 * home_base/LOGIN (rel is the home below home_base).  A home set
 * anywhere else (`user create --home`, an import) is not made: a tenant
 * admin could otherwise give a user of theirs another user's future home
 * (or a directory above it), have it made theirs at their first login,
 * and fill it before its owner logs in.  home_base must be root's alone.
 * Returns its descriptor, or -1 with r set.
 */
static int open_base(const struct ad_home_spec *s, const char *rel,
		     struct ad_home_result *r)
{
	int fd;

	if (strcmp(rel, s->login) != 0) {
		set_why(r, AD_HOME_REFUSED,
			"home %s is not home_base/%s: only a user's default "
			"home is made",
			s->path, s->login);
		return -1;
	}
	fd = open(s->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		set_why(r, AD_HOME_FAILED, "home_base %s cannot be opened: %s",
			s->base, strerror(errno));
		return -1;
	}
	if (!safe_parent(fd)) {
		close(fd);
		set_why(r, AD_HOME_REFUSED,
			"home_base %s is not root's alone (owned by someone "
			"else, or writable by others)",
			s->base);
		return -1;
	}
	return fd;
}

/* ---- the skeleton ---- */

struct copy {
	const struct ad_home_spec *s;
	struct ad_home_result *r;
	unsigned long entries;
	unsigned long long bytes;
};

/* Give the entry (by descriptor) to the user, with mode. */
static int give(const struct copy *c, int fd, mode_t mode)
{
	if (fchown(fd, c->s->uid, c->s->gid) < 0)
		return -1;
	return fchmod(fd, mode & SKEL_MODE_KEEP);
}

/* The regular file name of sdir, copied into ddir. */
static int copy_file(struct copy *c, int sdir, int ddir, const char *name)
{
	char buf[16384];
	struct stat st;
	ssize_t n;
	int in, out, rc = -1;

	/* O_NONBLOCK: a FIFO swapped in meanwhile must not hang the walk */
	in = openat(sdir, name,
		    O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (in < 0)
		return -1;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > AD_SKEL_MAX_BYTES - c->bytes) {
		close(in);
		return -1;
	}
	out = openat(ddir, name,
		     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		     0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (c->bytes + (unsigned long long)n > AD_SKEL_MAX_BYTES ||
		    write(out, buf, (size_t)n) != n)
			break;
		c->bytes += (unsigned long long)n;
	}
	if (n == 0 && give(c, out, st.st_mode) == 0)
		rc = 0;
	close(out);
	close(in);
	if (rc < 0) /* no half copy left behind */
		(void)unlinkat(ddir, name, 0);
	return rc;
}

/* The symlink name of sdir, made again in ddir (its target as written). */
static int copy_link(const struct copy *c, int sdir, int ddir, const char *name)
{
	char target[PATH_MAX];
	ssize_t n;

	n = readlinkat(sdir, name, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	if (symlinkat(target, ddir, name) < 0)
		return -1;
	return fchownat(ddir, name, c->s->uid, c->s->gid, AT_SYMLINK_NOFOLLOW);
}

static void copy_dir(struct copy *c, int sdir, int ddir, unsigned depth);

/* The directory name of sdir, made in ddir and filled. */
static int copy_subdir(struct copy *c, int sdir, int ddir, const char *name,
		       unsigned depth)
{
	struct stat st;
	int sub, dsub, rc = -1;

	if (depth + 1 >= AD_SKEL_MAX_DEPTH)
		return -1;
	sub = openat(sdir, name, OPEN_DIR);
	if (sub < 0)
		return -1;
	if (fstat(sub, &st) == 0 && mkdirat(ddir, name, 0700) == 0) {
		dsub = openat(ddir, name, OPEN_DIR);
		if (dsub >= 0) {
			copy_dir(c, sub, dsub, depth + 1);
			rc = give(c, dsub, st.st_mode);
			close(dsub);
		}
	}
	close(sub);
	return rc;
}

static void copy_dir(struct copy *c, int sdir, int ddir, unsigned depth)
{
	struct dirent *e;
	struct stat st;
	DIR *dir;
	int fd, rc;

	fd = openat(sdir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		if (fd >= 0)
			close(fd);
		c->r->skipped++;
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		const char *name = e->d_name;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (c->entries >= AD_SKEL_MAX_ENTRIES ||
		    fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			c->r->skipped++;
			continue;
		}
		c->entries++;
		if (S_ISREG(st.st_mode))
			rc = copy_file(c, sdir, ddir, name);
		else if (S_ISDIR(st.st_mode))
			rc = copy_subdir(c, sdir, ddir, name, depth);
		else if (S_ISLNK(st.st_mode))
			rc = copy_link(c, sdir, ddir, name);
		else
			rc = -1; /* a device, FIFO or socket: not in a home */
		if (rc == 0)
			c->r->copied++;
		else
			c->r->skipped++;
	}
	closedir(dir);
}

/* The skeleton into hfd, the new home's temporary (a missing skeleton:
 * nothing). */
static void copy_skel(const struct ad_home_spec *s, int hfd,
		      struct ad_home_result *r)
{
	struct copy c = {s, r, 0, 0};
	int sfd;

	sfd = open(s->skel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0)
		return;
	copy_dir(&c, sfd, hfd, 0);
	close(sfd);
}

/* The home's name is taken (in any form), or -1 with r set. */
static int taken(const struct ad_home_spec *s, int parent, const char *leaf,
		 struct ad_home_result *r)
{
	struct stat st;

	if (fstatat(parent, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	set_why(r, AD_HOME_FAILED, "home %s: %s", s->path, strerror(errno));
	return -1;
}

int ad_home_build(const struct ad_home_spec *s, struct ad_home_built *b,
		  struct ad_home_result *r)
{
	char rel[AD_MAX_TEXT + 1] = "";
	const char *leaf = NULL;
	int parent, fd, t;

	memset(r, 0, sizeof(*r));
	memset(b, 0, sizeof(*b));
	b->parent = b->fd = -1;
	b->uid = s->uid;
	snprintf(b->path, sizeof(b->path), "%s", s->path);
	if (ad_home_below(s->base, s->path, rel, sizeof(rel), r->why,
			  sizeof(r->why)) < 0) {
		r->made = AD_HOME_REFUSED;
		return -1;
	}
	parent = open_base(s, rel, r);
	if (parent < 0)
		return -1;
	leaf = rel;
	t = taken(s, parent, leaf, r);
	if (t != 0) {
		if (t > 0)
			r->made = AD_HOME_EXISTED;
		close(parent);
		return -1;
	}
	snprintf(b->leaf, sizeof(b->leaf), "%s", leaf);
	/* what a crash left of an earlier try goes first */
	r->swept = ad_home_temp_sweep(parent, leaf);
	fd = ad_home_temp_make(parent, leaf, b->tmp);
	if (fd < 0) {
		set_why(r, AD_HOME_FAILED,
			"home %s: cannot make a temporary: %s", s->path,
			strerror(errno));
		close(parent);
		return -1;
	}
	b->parent = parent;
	b->fd = fd;
	copy_skel(s, fd, r);
	/* the user's before its name appears: no one sees it root's */
	if (fchown(fd, s->uid, s->gid) < 0 || fchmod(fd, s->mode) < 0) {
		set_why(r, AD_HOME_FAILED,
			"home %s: cannot give it to uid %u: %s", s->path,
			(unsigned)s->uid, strerror(errno));
		ad_home_drop(b);
		return -1;
	}
	return 0;
}

void ad_home_drop(struct ad_home_built *b)
{
	if (b->fd >= 0) {
		(void)ad_home_temp_remove(b->parent, b->tmp, b->fd, b->uid);
		close(b->fd);
	}
	if (b->parent >= 0)
		close(b->parent);
	b->fd = b->parent = -1;
}

void ad_home_place(struct ad_home_built *b, struct ad_home_result *r)
{
	if (renameat2(b->parent, b->tmp, b->parent, b->leaf,
		      RENAME_NOREPLACE) == 0) {
		r->made = AD_HOME_CREATED;
		close(b->fd); /* drops the lock: it is no temporary now */
		close(b->parent);
		b->fd = b->parent = -1;
		return;
	}
	if (errno == EEXIST)
		r->made = AD_HOME_EXISTED; /* another session made it first */
	else
		set_why(r, AD_HOME_FAILED, "home %s: cannot rename %s: %s",
			b->path, b->tmp, strerror(errno));
	ad_home_drop(b);
}

void ad_home_make(const struct ad_home_spec *s, struct ad_home_result *r)
{
	struct ad_home_built b;

	if (ad_home_build(s, &b, r) == 0)
		ad_home_place(&b, r);
}
