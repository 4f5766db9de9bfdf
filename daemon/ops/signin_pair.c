/*
 * signin_pair.c - what the sign-in handlers share (see signin.h): new
 * token pairs and sign-in ids, the reply, the login policy as a guard,
 * and the end of a user's sign-ins when its password changes.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ops/signin.h"
#include "policy/login.h"
#include "server/log.h"

int ad_signin_pair_new(const struct ad_ctx *ctx, struct ad_signin_pair *p)
{
	uint64_t now = ad_ctx_now(ctx);

	memset(p, 0, sizeof(*p));
	if (ad_token_new(AD_TOKEN_ACCESS, p->access, p->access_key) < 0 ||
	    ad_token_new(AD_TOKEN_REFRESH, p->refresh, p->refresh_key) < 0) {
		ad_signin_pair_wipe(p);
		return -1;
	}
	p->keys = (struct ad_signin_keys){
		.access = p->access_key,
		.refresh = p->refresh_key,
		.now = now,
		.access_expires = now + ctx->cfg->access_token_ttl_s,
		.refresh_expires = now + ctx->cfg->refresh_token_ttl_s};
	return 0;
}

void ad_signin_pair_wipe(struct ad_signin_pair *p)
{
	sodium_memzero(p, sizeof(*p));
}

void ad_signin_id_new(char sid[AD_SIGNIN_ID_LEN + 1])
{
	unsigned char raw[AD_SIGNIN_ID_LEN / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(sid, AD_SIGNIN_ID_LEN + 1, raw, sizeof(raw));
}

void ad_signin_label(const char *sid, char *buf, size_t size)
{
	snprintf(buf, size, "sign-in %.8s", sid);
}

void ad_signin_put(struct acct_buf *reply, const struct ad_user *u,
		   const struct ad_signin_pair *p)
{
	reply->secret = 1;
	acct_put_str(reply, ACCT_T_NAME, u->name);
	acct_put_str(reply, ACCT_T_TENANT, u->tenant);
	acct_put_str(reply, ACCT_T_ACCESS_TOKEN, p->access);
	acct_put_u64(reply, ACCT_T_ACCESS_EXPIRES, p->keys.access_expires);
	acct_put_str(reply, ACCT_T_REFRESH_TOKEN, p->refresh);
	acct_put_u64(reply, ACCT_T_REFRESH_EXPIRES, p->keys.refresh_expires);
}

int ad_signin_guard(void *arg, const struct ad_user *u,
		    const struct ad_tenant *t, char *msg, size_t msglen)
{
	const uint64_t *now = arg;
	enum acct_pam_result res = ad_policy_may_login(u, t, *now, msg, msglen);

	if (res == ACCT_PAM_OK)
		return ACCT_ST_OK;
	if (msg[0] == '\0') /* deleted: as if it never was */
		snprintf(msg, msglen, "%s", AD_LOGIN_WRONG);
	return ACCT_ST_DENIED;
}

void ad_signin_end_user(struct ad_ctx *ctx, const struct ad_peer *peer,
			const char *login)
{
	char actor[AD_MAX_ACTOR + 1];
	struct ad_err err = {ACCT_ST_OK, ""};
	uint32_t n = 0;

	ad_actor(peer, actor, sizeof(actor));
	if (ad_store_signin_end_user(ctx->store, ad_str_c(login), actor, &n,
				     &err) != ACCT_ST_OK)
		ad_log_peer(LOG_ERR, peer,
			    "cannot end the sign-ins of '%s' after its "
			    "password changed: %s",
			    login, err.msg);
	else if (n > 0)
		ad_log_peer(LOG_NOTICE, peer,
			    "%u sign-in tokens of '%s' revoked: its password "
			    "changed",
			    (unsigned)n, login);
}
