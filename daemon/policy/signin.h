/*
 * signin.h - sign-in tokens: whether the user of a live access token may
 * act, and what a refresh token presented again is worth.  Pure: the
 * caller brings the records, the token's standing and the time.
 *
 * Who may sign in at all (LOGIN, REFRESH) is the login policy
 * (login.h); this is what a request made with an access token adds.
 */
#ifndef AD_POLICY_SIGNIN_H
#define AD_POLICY_SIGNIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/* The one refusal of a token that is unknown, expired or revoked. */
#define AD_SIGNIN_INVALID "the sign-in token is not valid"

/*
 * May u (of tenant t), the user of a live access token, act now?
 * Refused with ACCT_ST_DENIED and one line in msg, in this order:
 *   deleted user, or one lookups hide    AD_SIGNIN_INVALID
 *   pending user                         AD_SIGNIN_INVALID ": account bob
 *                                        is not activated yet"
 *   disabled user                        "...: account bob is disabled"
 *   tenant deprovisioning                "...: organization acme is being
 *                                        deprovisioned"
 *   tenant deprovisioned                 AD_SIGNIN_INVALID
 * Otherwise ACCT_ST_OK (msg ""): a user of a suspended tenant acts as
 * its uid would (it reads; the permission check refuses its writes), and
 * a lockout, which guards the password, does not stop a token already
 * earned with it (it lives access_token_ttl_s at most; REFRESH asks the
 * login policy, lock included).
 */
int ad_policy_token_user(const struct ad_user *u, const struct ad_tenant *t,
			 char *msg, size_t msglen);

/* What a refresh token found under the key of the text presented is
 * worth at now. */
enum ad_refresh_verdict {
	AD_REFRESH_OK,	    /* unused and live: rotate it */
	AD_REFRESH_REUSED,  /* used up already, not expired: someone else
			       holds the sign-in; end it */
	AD_REFRESH_INVALID, /* expired, or not a refresh token */
};
enum ad_refresh_verdict ad_policy_refresh(bool is_refresh, uint64_t used_at,
					  uint64_t expires, uint64_t now);

#endif
