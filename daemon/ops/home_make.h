/*
 * home_make.h - the filesystem side of creating a home directory at
 * session open (home_create = yes; ops/home_session.h decides when).
 *
 * A home is made only at home_base/LOGIN (a home set elsewhere is left
 * to the administrator: otherwise whoever may set a user's home could
 * have another user's future home made theirs), and home_base must be
 * root's and writable by nobody else, so that no user can swap the name
 * while it is made.  If the home's name exists in
 * any form (a directory, a file, a symlink) it is left alone.  Otherwise
 * the home is built under a temporary name in the same parent
 * (ops/home_temp.h: root's, 0700, locked; the stale ones of an earlier
 * crash swept first), and the skeleton copied into it through
 * descriptors, never following a link: regular files (their bytes),
 * directories and symlinks (as links), each entry given to the user and
 * its mode kept minus group and other write (and set-id bits); anything
 * else is skipped, and so is what lies past the bounds below.  Then it is
 * given to uid:gid with home_mode, and renamed into place with
 * RENAME_NOREPLACE: the home's name only ever leads to a complete home,
 * already the user's.  Two first sessions at once both build, one
 * rename wins; the other finds the name taken, removes its own
 * temporary, and answers as if the home existed.
 */
#ifndef AD_OPS_HOME_MAKE_H
#define AD_OPS_HOME_MAKE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/* A skeleton's bounds: it is root's, so these only guard a mistake. */
#define AD_SKEL_MAX_DEPTH 16u
#define AD_SKEL_MAX_ENTRIES 1000u
#define AD_SKEL_MAX_BYTES (16u << 20)

struct ad_home_spec {
	const char *base; /* home_base */
	const char *path; /* the user's home: made only at base/login */
	const char *login;
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
	unsigned long swept;   /* stale temporaries removed */
	char why[AD_MSG_MAX];  /* refused or failed: why */
};

/* Create s->path as above.  Touches the filesystem only: run it on a
 * worker.  It is ad_home_build, then ad_home_place. */
void ad_home_make(const struct ad_home_spec *s, struct ad_home_result *r);

/* A home built under its temporary name, not yet in place. */
struct ad_home_built {
	int parent; /* the home's parent; -1: nothing held */
	int fd;	    /* the temporary, locked */
	uint32_t uid;
	char leaf[NAME_MAX + 1]; /* the home's name in parent */
	char tmp[NAME_MAX + 1];	 /* the temporary's */
	char path[AD_MAX_TEXT + 1];
};

/* Build s->path's home in a temporary: 0 with b held, or -1 with r's
 * verdict (EXISTED, REFUSED, FAILED) and nothing held or left. */
int ad_home_build(const struct ad_home_spec *s, struct ad_home_built *b,
		  struct ad_home_result *r);

/* Rename b into place (CREATED), or, its name taken meanwhile, remove
 * the temporary (EXISTED); either way b is released. */
void ad_home_place(struct ad_home_built *b, struct ad_home_result *r);

/* Remove b's temporary and release b (safe on a released one). */
void ad_home_drop(struct ad_home_built *b);

#endif
