/*
 * pam_invite.h - an invitation accepted through PAM (acct_proto.h,
 * USER_INVITE): a pending user logs in with its invitation token as the
 * password (AUTH answers NEW_AUTHTOK_REQD), the account phase tells it to
 * choose a password (ACCT_MGMT: NEW_AUTHTOK_REQD while it holds a live
 * invitation), and the password change that takes the token as the
 * current password accepts the invitation (CHAUTHTOK).  These are the
 * token questions the three handlers share; the verdicts are
 * policy/login.h's (ad_policy_invited_login).
 */
#ifndef AD_OPS_PAM_INVITE_H
#define AD_OPS_PAM_INVITE_H

#include <stdbool.h>
#include <stdint.h>

#include "ops/handlers.h"
#include "store/token.h"

/* Is pw to be taken as u's invitation token: u pending, pw shaped as an
 * invitation token?  Its key into key when so. */
bool ad_pam_invite_key(const struct ad_user *u, struct ad_str pw,
		       uint8_t key[AD_TOKEN_KEY_LEN]);

/* Is the token under key a live invitation of user uid now?  A store
 * that cannot say is a no. */
bool ad_pam_invite_valid(struct ad_ctx *ctx,
			 const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t uid);

/* Does user uid hold a live invitation now?  A store that cannot say is
 * a no (the user then stays refused as not activated). */
bool ad_pam_invite_held(struct ad_ctx *ctx, uint32_t uid);

#endif
