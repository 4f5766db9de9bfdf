/* pam_invite.c - the invitation token through PAM (see pam_invite.h). */
#include "ops/pam_invite.h"
#include "server/log.h"

bool ad_pam_invite_key(const struct ad_user *u, struct ad_str pw,
		       uint8_t key[AD_TOKEN_KEY_LEN])
{
	return u->status == ACCT_USER_PENDING && pw.p != NULL &&
	       ad_token_key(AD_TOKEN_INVITE, pw.p, pw.len, key) == 0;
}

bool ad_pam_invite_valid(struct ad_ctx *ctx,
			 const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t uid)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_token t;
	int rc;

	rc = ad_store_token_check(ctx->store, key, AD_TOKEN_INVITE,
				  ad_ctx_now(ctx), &t, &err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_DENIED)
		ad_log(LOG_ERR, "cannot check an invitation token: %s",
		       err.msg);
	return rc == ACCT_ST_OK && t.uid == uid;
}

/* One of the user's tokens: a live invitation stops the walk. */
struct held {
	uint64_t now;
	bool found;
};

static int live_invitation(void *arg, const struct ad_token *t)
{
	struct held *h = arg;

	if (t->kind == AD_TOKEN_INVITE && t->used_at == 0 &&
	    h->now < t->expires)
		h->found = true;
	return h->found ? 1 : 0;
}

bool ad_pam_invite_held(struct ad_ctx *ctx, uint32_t uid)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct held h = {ad_ctx_now(ctx), false};

	if (ad_store_token_list(ctx->store, uid, live_invitation, &h, &err) !=
	    ACCT_ST_OK) {
		ad_log(LOG_ERR, "cannot read the tokens of uid %u: %s", uid,
		       err.msg);
		return false;
	}
	return h.found;
}
