/*
 * home_fs.h - the filesystem side of removing a home directory (see
 * ops/home.h for the rules): opening it safely, and emptying it through
 * descriptors.  No path string is trusted past home_base: every step
 * below it is an openat(O_NOFOLLOW | O_DIRECTORY) from the step before.
 */
#ifndef AD_OPS_HOME_FS_H
#define AD_OPS_HOME_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "store/records.h"

/* A home opened for removal. */
struct ad_home_dir {
	int parent_fd, fd;	    /* -1: not open */
	char leaf[AD_MAX_TEXT + 1]; /* its name in parent_fd */
	dev_t dev; /* its filesystem: nothing else is touched */
	ino_t ino;
	uint32_t uid; /* the owner whose entries go */
	/* every owner's entries go: only for a home being made, still
	 * root's 0700, which nobody else could enter (ops/home_temp.h) */
	bool any_owner;
};

/*
 * Open path for removal as uid's home: it lies under base (opened as
 * configured; below it no symlink is followed), is a directory owned by
 * uid, and is not base itself.  Returns 0, or -1 with d closed and one
 * line in why ("home /home/bob is owned by uid 0, not 100003").
 */
int ad_home_open(const char *base, const char *path, uint32_t uid,
		 struct ad_home_dir *d, char *why, size_t whylen);

/* What emptying did. */
struct ad_home_tally {
	unsigned long removed; /* entries removed */
	unsigned long left;    /* entries left: not uid's, on another
				  filesystem, too deep, or not removable */
	bool gone;	       /* the home directory itself was removed */
	int error;	       /* the first unexpected errno, or 0 */
};

/*
 * Remove every entry under d that d->uid owns (any owner's with
 * d->any_owner) on d's filesystem, then d
 * itself when nothing is left (and it is still the directory opened).
 * Slow on a big tree: call it on a worker.
 */
void ad_home_empty(const struct ad_home_dir *d, struct ad_home_tally *t);

/* Close d's descriptors (safe on a closed one). */
void ad_home_close(struct ad_home_dir *d);

/*
 * The part of path below base, into rel: path must lie strictly under
 * base ("/home" holds "/home/bob", not "/homer/bob" nor "/home").
 * Returns 0, or -1 with one line in why.  (Also for creating homes:
 * ops/home_make.h.)
 */
int ad_home_below(const char *base, const char *path, char *rel, size_t relsize,
		  char *why, size_t whylen);

/* Why openat(fd, comp, O_DIRECTORY | O_NOFOLLOW) failed with errno e, in
 * a few words ("is a symlink (not followed)"). */
const char *ad_home_open_error(int fd, const char *comp, int e);

#endif
