/*
 * home_make.h - the filesystem side of creating a home directory at
 * session open (home_create = yes; ops/home_session.h decides when).
 *
 * The home must lie under home_base.  Below home_base every component is
 * reached with openat(O_NOFOLLOW | O_DIRECTORY) from the one before; a
 * missing parent is made root's, 0755 (as useradd does), and every
 * parent must be root's and writable by nobody else, so that no user can
 * swap a component while the walk goes on.  The home itself is made with
 * mkdirat: if its name exists in any form (a directory, a file, a
 * symlink) it is left alone.  It stays root's and 0700 while the
 * skeleton is copied into it, through descriptors, never following a
 * link: regular files (their bytes), directories and symlinks (as
 * links), each entry given to the user and its mode kept minus group and
 * other write (and set-id bits); anything else is skipped, and so is
 * what lies past the bounds below.  Then the home is given to uid:gid
 * with home_mode.
 */
#ifndef AD_OPS_HOME_MAKE_H
#define AD_OPS_HOME_MAKE_H

#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/* A skeleton's bounds: it is root's, so these only guard a mistake. */
#define AD_SKEL_MAX_DEPTH 16u
#define AD_SKEL_MAX_ENTRIES 1000u
#define AD_SKEL_MAX_BYTES (16u << 20)

struct ad_home_spec {
	const char *base; /* home_base */
	const char *path; /* the user's home */
	const char *skel; /* skel_dir; a missing one gives an empty home */
	uint32_t uid, gid;
	unsigned mode; /* home_mode */
};

enum ad_home_made {
	AD_HOME_EXISTED, /* its name was taken: left alone */
	AD_HOME_CREATED,
	AD_HOME_REFUSED, /* not under home_base, or a parent not safe */
	AD_HOME_FAILED,	 /* an error on the way */
};

struct ad_home_result {
	enum ad_home_made made;
	unsigned long copied;  /* skeleton entries copied */
	unsigned long skipped; /* skeleton entries not copied */
	char why[AD_MSG_MAX];  /* refused or failed: why */
};

/* Create s->path as above.  Touches the filesystem only: run it on a
 * worker. */
void ad_home_make(const struct ad_home_spec *s, struct ad_home_result *r);

#endif
