/*
 * ctl_import.h - the `user import` file: one user per line,
 *
 *     login:tenant[:role[:display name[:email]]]
 *
 * blank lines and lines starting with '#' ignored, blanks around fields
 * trimmed, an empty role/display name/email meaning "not given".  The
 * whole file is read and checked before anything is sent, so a typo on
 * line 9000 cannot leave a half-imported file behind.
 */
#ifndef CTL_IMPORT_H
#define CTL_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "acct_codec.h"

/* Users per USER_IMPORT request (each request is all or nothing). */
#define CTL_IMPORT_BATCH 500u

struct ctl_import_user {
	unsigned line;
	const char *login;
	const char *tenant;
	const char *display_name; /* NULL: not given */
	const char *email;	  /* NULL: not given */
	uint32_t role;		  /* 0: the daemon's default */
};

/*
 * Parse one line in place (fields are cut out of it).  Returns 1 with *u
 * filled (line number left alone), 0 for a blank or comment line, -1 with
 * a message in err.
 */
int ctl_import_parse_line(char *line, struct ctl_import_user *u, char *err,
			  size_t errlen);

struct ctl_import {
	char *text; /* the whole input; users point into it */
	struct ctl_import_user *users;
	size_t n, cap;
};

/*
 * Read all of f and parse it.  A malformed line, a NUL byte or the same
 * login twice is an error "NAME:LINE: what" in err.  Returns 0, -1 (err
 * set), or -2 with errno when reading or allocating failed.  Call
 * ctl_import_free afterwards in every case.
 */
int ctl_import_read(FILE *f, const char *name, struct ctl_import *im, char *err,
		    size_t errlen);
void ctl_import_free(struct ctl_import *im);

/*
 * Append users[from..] to req as USER recs (as for USER_CREATE): at most
 * CTL_IMPORT_BATCH of them, and no more than fit in ACCT_MAX_REQUEST.
 * Returns how many; req->err is set on failure.
 */
size_t ctl_import_batch(const struct ctl_import *im, size_t from,
			struct acct_buf *req);

#endif
