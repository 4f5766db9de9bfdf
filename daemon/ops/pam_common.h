/*
 * pam_common.h - what the PAM requests share: who may ask about whom,
 * their verdict replies, the audit records of their refusals, and the
 * counting of wrong passwords, which fails closed.
 */
#ifndef AD_AUTH_COMMON_H
#define AD_AUTH_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "ops/handlers.h"
#include "policy/access.h"
#include "server/ctx.h"
#include "store/store.h"

/* PAM_RESULT, and MESSAGE when msg is not "". */
void ad_pam_put_verdict(struct acct_buf *b, enum acct_pam_result res,
			const char *msg);

/*
 * The user a PAM request (rq) names, and
 * whether this caller may ask: ad_policy_target's verdict.  A name the
 * directory does not show is simply unknown (a program acting for its
 * own /etc/passwd user, a screen locker, must hear USER_UNKNOWN, not a
 * refusal); another directory user's name is DENIED with denial in err,
 * and audited.
 * Returns ACCT_ST_OK with *known (u and t filled when true: a user that is
 * not deleted), DENIED, or the store's failure.
 */
int ad_pam_target(struct ad_ctx *ctx, const struct ad_request *rq,
		  struct ad_str name, const char *where, const char *denial,
		  struct ad_user *u, struct ad_tenant *t, bool *known,
		  struct ad_err *err);

/*
 * A wrong password for login (action "auth" or "chauthtok"; where from
 * ad_describe_pam_request): logged, counted toward lockout and audited
 * (lockout.h).  Called after the reply is sent (deferred.h), so that a
 * wrong password for a known user costs the client no more time than one
 * for an unknown user.  When the store cannot record it, the failure is
 * kept in ctx->lost and ad_pam_guard refuses every password check until
 * it is written: a count that cannot be written lets no guess through.
 */
void ad_pam_record_failure(struct ad_ctx *ctx, const struct ad_peer *peer,
			   const char *action, const char *login,
			   const char *where, const char *message);

/*
 * Before any password check: write the failures the store could not
 * record earlier.  ACCT_ST_OK when there are none (left), or
 * ACCT_ST_INTERNAL with a message: the check must not happen.
 */
int ad_pam_guard(struct ad_ctx *ctx, const struct ad_peer *peer,
		 struct ad_err *err);

#endif
