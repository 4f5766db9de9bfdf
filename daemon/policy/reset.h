/*
 * reset.h - password reset by mail: who may be sent a reset token, and
 * whose token may still set a password.  Pure: the store asks both inside
 * the write that issues or uses the token.
 */
#ifndef AD_POLICY_RESET_H
#define AD_POLICY_RESET_H

#include <stddef.h>

#include "store/records.h"

/*
 * USER_RESET: may user u (of tenant t) be mailed a reset token?  Refused
 * with ACCT_ST_CONFLICT and one line in msg, in this order:
 *   deleted user                "user 'bob' is deleted"
 *   tenant on its way out       "tenant 'acme' is being deprovisioned",
 *                               "tenant 'acme' is deprovisioned"
 *   no email address            "user 'bob' has no email address to mail
 *                               a reset to (set one with user update
 *                               --email)"
 * Otherwise ACCT_ST_OK (msg "").  Pending, disabled and locked users,
 * and those of a suspended tenant, may be sent one: the password they
 * set still logs in only as the login policy (login.h) allows.
 */
int ad_policy_may_reset(const struct ad_user *u, const struct ad_tenant *t,
			char *msg, size_t msglen);

/*
 * RESET: may the user of a valid reset token still set its password?
 * The same rules without the email (the token was mailed already):
 * ACCT_ST_OK, or ACCT_ST_CONFLICT with msg (RESET answers the token's one
 * refusal whatever it says).
 */
int ad_policy_reset_usable(const struct ad_user *u, const struct ad_tenant *t,
			   char *msg, size_t msglen);

#endif
