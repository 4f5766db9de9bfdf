/*
 * login.h - "may this user log in now?": one pure function that
 * every login path calls (PAM account and authentication, later keys and
 * tokens), so that they all refuse the same people with the same words.
 */
#ifndef AD_POLICY_LOGIN_H
#define AD_POLICY_LOGIN_H

#include <stddef.h>
#include <stdint.h>

#include "acct_proto.h"
#include "store/records.h"

/*
 * The verdict on u (of tenant t) logging in at now (unix seconds), in
 * this order:
 *   deleted user                 ACCT_PAM_USER_UNKNOWN (no message)
 *   pending user                 ACCT_PAM_DISABLED "account bob is not
 *                                activated yet"
 *   disabled user                ACCT_PAM_DISABLED "account bob is
 *                                disabled"
 *   locked_until > now           ACCT_PAM_LOCKED "account bob is locked
 *                                until 2030-01-02 03:04:05 UTC"
 *   tenant suspended             ACCT_PAM_TENANT_INACTIVE "organization
 *                                acme is suspended"
 *   tenant deprovisioning        ... "organization acme is being
 *                                deprovisioned"
 *   tenant deprovisioned         ... "organization acme no longer exists"
 *   subscription expired at now  ... "organization acme's subscription
 *                                has expired" (policy/subscription.h)
 *   anything unknown             ACCT_PAM_PERM_DENIED (fail closed)
 *   otherwise                    ACCT_PAM_OK (msg "")
 * msg gets the one line for the user (msglen 0: none wanted).
 */
enum acct_pam_result ad_policy_may_login(const struct ad_user *u,
					 const struct ad_tenant *t,
					 uint64_t now, char *msg,
					 size_t msglen);

/*
 * The verdict on a pending user u who holds a live invitation (the
 * caller has checked that it does) logging in at now: it may only choose
 * its password, ACCT_PAM_NEW_AUTHTOK_REQD "account bob is invited: choose
 * its password to activate it", unless it is locked or its tenant is
 * not active (the words of ad_policy_may_login).  A user that is not
 * pending gets ad_policy_may_login's verdict.
 */
enum acct_pam_result ad_policy_invited_login(const struct ad_user *u,
					     const struct ad_tenant *t,
					     uint64_t now, char *msg,
					     size_t msglen);

#endif
