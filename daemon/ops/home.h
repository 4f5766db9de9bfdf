/*
 * home.h - USER_DELETE's REMOVE_HOME: removing a deleted user's home
 * directory, and only that.
 *
 * Before the delete, on the loop, the home is checked and opened: it must
 * lie under home_base, reached from there one component at a time with
 * openat(O_NOFOLLOW | O_DIRECTORY) (no symlink is followed below
 * home_base, whatever the path string says), be a directory owned by the
 * user's uid, and not be home_base itself.  After the delete, on a
 * worker (ops/deferred.h), what it holds is removed through the open
 * descriptors: each entry is looked at with fstatat(AT_SYMLINK_NOFOLLOW)
 * and removed with unlinkat (a symlink itself, never what it points to)
 * only when the uid owns it and it is on the home's filesystem; a
 * directory is entered with openat(O_NOFOLLOW | O_DIRECTORY) and checked
 * again through its own descriptor (fstat), so a swap between the look
 * and the open cannot lead out.  Anything else is left where it is, and
 * the reply says so.  The delete stands whatever the home's fate.
 */
#ifndef AD_OPS_HOME_H
#define AD_OPS_HOME_H

#include "ops/handlers.h"

struct ad_home;

/*
 * Read REMOVE_HOME from rq; when it asks, check the home of the user
 * name (as it is before the delete) and note the verdict in the audit
 * record.  *out gets the job (NULL: not asked, or no such user: the
 * delete says what is wrong).  ACCT_ST_OK, BADREQ for a malformed field,
 * or INTERNAL (out of memory).
 */
int ad_home_check(struct ad_ctx *ctx, const struct ad_request *rq,
		  struct ad_str name, struct ad_home **out, struct ad_err *err);

/* A job not run (the delete failed). NULL is fine. */
void ad_home_release(struct ad_home *h);

/*
 * The reply to a delete that committed, u its tombstone: the USER rec
 * alone (h NULL), or with HOME_REMOVAL and HOME_DETAIL once the home is
 * dealt with, which may be later (AD_DISPATCH_PENDING: the removal runs
 * on a worker).  Takes h.
 */
int ad_home_reply(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const struct ad_request *rq, struct ad_home *h,
		  const struct ad_user *u, struct acct_buf *reply,
		  struct ad_err *err);

#endif
