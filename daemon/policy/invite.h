/*
 * invite.h - invitations and email changes: whose invitation may still be
 * accepted, which new address a user may take, and whose verification
 * token confirms what.  Pure: the store asks each inside the write that
 * uses the token or changes the address, with the user as it stands.
 */
#ifndef AD_POLICY_INVITE_H
#define AD_POLICY_INVITE_H

#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/*
 * May pending user u (of tenant t), holding a live invitation, accept it
 * at now?  As the login policy has it (login.h, ad_policy_invited_login):
 * ACCT_ST_OK, or ACCT_ST_CONFLICT with its line in msg: a user that is
 * not pending ("account bob is disabled"), locked, or of a tenant that
 * is not active.
 */
int ad_policy_invite_usable(const struct ad_user *u, const struct ad_tenant *t,
			    uint64_t now, char *msg, size_t msglen);

/*
 * ME_EMAIL: may u take the address email (normalised)?  An address it
 * has and has verified is ACCT_ST_CONFLICT ("email 'a@x.org' is your
 * verified address already"); one it has but has not verified is
 * taken again (a new verification).  Whether another user of the tenant
 * has it is the store's to say.  No address at all is ACCT_ST_INVALID.
 */
int ad_policy_email_change(const struct ad_user *u, const char *email,
			   char *msg, size_t msglen);

/*
 * ME_EMAIL_VERIFY: does a verification token issued for address (its
 * payload) confirm u's email now?  Only while u, not deleted, still has
 * that very address: ACCT_ST_OK, or ACCT_ST_CONFLICT with a line in msg
 * (the request answers the tokens' one refusal whatever it says).
 */
int ad_policy_email_verifiable(const struct ad_user *u, const char *address,
			       char *msg, size_t msglen);

#endif
