/*
 * home_session.h - SESSION_OPEN's home directory (home_create = yes): a
 * user's missing home is made (ops/home_make.h) on a worker before the
 * session's reply goes out, so that the login shell starts in it.
 *
 * A home that cannot be made does not fail the session: the session is
 * already registered, and pam_mkhomedir's way (failing it) would lock a
 * user out for a full disk or a misplaced home, which an administrator
 * then cannot log in to fix; sshd and login start such a session in "/".
 * Every home made, refused (outside home_base, an unsafe parent) or
 * failed is logged and audited as a "home-create" event with the path
 * (the success of SESSION_OPEN itself is not audited).  A home that
 * exists is left alone, silently.
 */
#ifndef AD_OPS_HOME_SESSION_H
#define AD_OPS_HOME_SESSION_H

#include "ops/handlers.h"

/*
 * The reply to a SESSION_OPEN that registered session id for user u of
 * tenant slug: the OK verdict and SESSION_ID, now (home_create = no) or
 * once the home is dealt with (AD_DISPATCH_PENDING).
 */
int ad_home_session_reply(struct ad_ctx *ctx, const struct ad_peer *peer,
			  const struct ad_request *rq, const struct ad_user *u,
			  const char *tenant, uint64_t id,
			  struct acct_buf *reply, struct ad_err *err);

#endif
