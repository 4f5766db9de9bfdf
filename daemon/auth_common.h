/*
 * auth_common.h - what the password-checking PAM requests (AUTH and
 * CHAUTHTOK) share: the per-caller rate, their verdict replies, and the
 * audit records of their refusals and wrong passwords.
 */
#ifndef AD_AUTH_COMMON_H
#define AD_AUTH_COMMON_H

#include <stdint.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "ctx.h"
#include "store.h"

#define AD_RATE_MSG "too many authentication attempts, slow down"

/* Root acts for many users (sshd, su) and is not limited: lockout guards
 * the accounts.  Anyone else takes a token (ratelimit.h).  ACCT_ST_OK, or
 * ACCT_ST_BUSY with AD_RATE_MSG in err. */
int ad_pam_rate_check(struct ad_ctx *ctx, const struct ad_peer *peer,
		      struct ad_err *err);

/* A bounded one-line copy of a name from a request, for audit records
 * and logs (control characters become '?').  Returns dst. */
const char *ad_pam_printable(char *dst, size_t size, struct ad_str s);

/* PAM_RESULT, and MESSAGE when msg is not "". */
void ad_pam_put_verdict(struct acct_buf *b, enum acct_pam_result res,
			const char *msg);

/* One audit record in a transaction of its own (a refusal changes
 * nothing); a failure to record is logged. */
void ad_pam_audit(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const char *action, const char *target, const char *tenant,
		  uint32_t result, enum acct_pam_result pam_result,
		  const char *where, const char *message);

/*
 * A wrong password for login (action "auth" or "chauthtok", where from
 * ad_describe_pam_request): logged, counted toward lockout and audited
 * (lockout.h).  Returns ACCT_PAM_AUTH_ERR, the verdict to give.
 */
enum acct_pam_result
ad_pam_wrong_password(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const char *action, const char *login, const char *where);

#endif
