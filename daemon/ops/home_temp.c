/*
 * home_temp.c - making, removing and sweeping the temporaries homes are
 * built in (see home_temp.h).
 *
 * The lock tells a temporary being filled from one a crash left: a
 * builder locks its temporary right after making it, and a sweep takes
 * only what it can lock without waiting.  Should a sweep lock a new
 * temporary in the instant between its mkdir and its builder's lock, the
 * builder's own lock fails, or its name no longer leads to it: the
 * builder then drops it and makes another.  flock locks belong to an
 * open file description, so two workers of one daemon exclude each other
 * as two processes would.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/home_fs.h"
#include "ops/home_temp.h"

#define OPEN_DIR (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define TEMP_HEX 16u
/* Fresh names tried when a sweep takes the one just made. */
#define TEMP_TRIES 4

/* ".accountsd-home.<leaf>." into buf; false when too long for a name. */
static bool temp_stem(const char *leaf, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s%s.", AD_HOME_TEMP_PREFIX, leaf);

	return n > 0 && (size_t)n + TEMP_HEX <= NAME_MAX;
}

static int temp_name(const char *leaf, char *tmp)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[TEMP_HEX / 2];
	size_t len;

	if (!temp_stem(leaf, tmp, NAME_MAX + 1)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -1;
	len = strlen(tmp);
	for (size_t i = 0; i < sizeof(rnd); i++) {
		tmp[len + 2 * i] = hex[rnd[i] >> 4];
		tmp[len + 2 * i + 1] = hex[rnd[i] & 15];
	}
	tmp[len + TEMP_HEX] = '\0';
	return 0;
}

/* fd is what name in parent leads to (not replaced, not removed). */
static bool still_named(int parent, const char *name, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 &&
	       fstatat(parent, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int ad_home_temp_make(int parent, const char *leaf, char *tmp)
{
	struct stat st;
	int fd;

	for (int i = 0; i < TEMP_TRIES; i++) {
		if (temp_name(leaf, tmp) < 0)
			return -1;
		if (mkdirat(parent, tmp, 0700) < 0) {
			if (errno == EEXIST)
				continue;
			return -1;
		}
		fd = openat(parent, tmp, OPEN_DIR);
		if (fd < 0) {
			int e = errno;

			if (e == ENOENT)
				continue; /* swept already */
			(void)unlinkat(parent, tmp, AT_REMOVEDIR);
			errno = e;
			return -1;
		}
		/* made by us in a parent that is root's alone: root's */
		if (fstat(fd, &st) < 0 || st.st_uid != 0) {
			close(fd);
			errno = EPERM;
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    still_named(parent, tmp, fd))
			return fd;
		close(fd); /* a sweep has it: it is going */
	}
	errno = EAGAIN;
	return -1;
}

int ad_home_temp_remove(int parent, const char *tmp, int fd, uint32_t uid)
{
	struct ad_home_dir d = {.parent_fd = parent, .fd = fd, .uid = uid};
	struct ad_home_tally t;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	/* root's 0700: nobody else could have put anything in it */
	d.any_owner = st.st_uid == 0 && (st.st_mode & 077) == 0;
	d.dev = st.st_dev;
	d.ino = st.st_ino;
	if (snprintf(d.leaf, sizeof(d.leaf), "%s", tmp) >=
	    (int)sizeof(d.leaf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	ad_home_empty(&d, &t);
	if (t.gone)
		return 0;
	errno = t.error != 0 ? t.error : ENOTEMPTY;
	return -1;
}

/* name (in parent) is a temporary of the stem's: stem, then hex digits. */
static bool temp_of(const char *name, const char *stem)
{
	size_t slen = strlen(stem);

	if (strncmp(name, stem, slen) != 0 || strlen(name + slen) != TEMP_HEX)
		return false;
	for (const char *p = name + slen; *p != '\0'; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* The temporary name of parent (on pst's filesystem) removed if a crash
 * left it: root's 0700 directory, and nobody holds its lock. */
static bool sweep_one(int parent, const struct stat *pst, const char *name)
{
	struct stat st;
	bool gone = false;
	int fd;

	fd = openat(parent, name, OPEN_DIR);
	if (fd < 0)
		return false; /* not a directory, a symlink, gone */
	if (fstat(fd, &st) == 0 && st.st_uid == 0 && (st.st_mode & 077) == 0 &&
	    st.st_dev == pst->st_dev && flock(fd, LOCK_EX | LOCK_NB) == 0)
		gone = ad_home_temp_remove(parent, name, fd, 0) == 0;
	close(fd); /* drops the lock */
	return gone;
}

unsigned ad_home_temp_sweep(int parent, const char *leaf)
{
	char stem[NAME_MAX + 1];
	struct dirent *e;
	struct stat pst;
	unsigned gone = 0;
	DIR *dir;
	int fd;

	if (!temp_stem(leaf, stem, sizeof(stem)) || fstat(parent, &pst) < 0)
		return 0;
	fd = openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (gone < AD_HOME_TEMP_SWEEP_MAX && (e = readdir(dir)) != NULL)
		if (temp_of(e->d_name, stem) &&
		    sweep_one(parent, &pst, e->d_name))
			gone++;
	closedir(dir);
	return gone;
}
