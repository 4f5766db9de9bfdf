/*
 * me_email.c - a directory user changes its email address (ME_EMAIL) and
 * confirms it (ME_EMAIL_VERIFY).
 *
 * ME_EMAIL takes ME_DISABLE's steps (pw_change.h): the current password
 * checked on a worker, a wrong one counted toward lockout and audited;
 * then one write stores the new address, clears its verification,
 * revokes every token of the user, issues a verification token and
 * queues its mail to the new address.  Once the answer is out, the
 * user's sessions end but the one the caller runs in (procs/sessions.h),
 * so that whoever held the account elsewhere is out, and the accountsctl
 * that asked, and its shell, carry on.
 */
#include <stdio.h>

#include <sodium.h>

#include "acct_text.h"
#include "ops/handlers.h"
#include "ops/me.h"
#include "ops/pw_change.h"
#include "policy/invite.h"
#include "procs/sessions.h"
#include "server/log.h"
#include "store/invite.h"

/* The verification mail of u's new address to. */
static void compose(struct ad_mail *mail, const char *to,
		    const struct ad_user *u, const char *token,
		    uint64_t expires)
{
	char until[ACCT_UTC_TIME_LEN + 1] = "a while";

	(void)acct_utc_time(expires, until, sizeof(until));
	snprintf(mail->to, sizeof(mail->to), "%s", to);
	snprintf(mail->subject, sizeof(mail->subject),
		 "Confirm the email address of %s", u->name);
	snprintf(mail->body, sizeof(mail->body),
		 "Hello %s,\n"
		 "\n"
		 "this address was given to the account %s.  To confirm "
		 "that it is\n"
		 "yours, run, as %s,\n"
		 "\n"
		 "    accountsctl me email verify\n"
		 "\n"
		 "and give it this token:\n"
		 "\n"
		 "    %s\n"
		 "\n"
		 "The token works once, until %s.\n"
		 "If you did not expect this message, tell your "
		 "administrator.\n",
		 u->display_name[0] != '\0' ? u->display_name : u->name,
		 u->name, u->name, token, until);
}

/* Inside the write: may the user take the address? */
static int change_guard(void *arg, const struct ad_user *u, const char *address,
			char *msg, size_t msglen)
{
	(void)arg;
	return ad_policy_email_change(u, address, msg, msglen);
}

/* The current password was right: the new address (arg), its token and
 * its mail, every other token revoked, in one write. */
static int change_now(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const char *login, const char *arg,
		      struct acct_buf *reply, struct ad_err *err)
{
	static const struct ad_email_guard guard = {change_guard, NULL};
	char text[AD_TOKEN_TEXT_MAX + 1], actor[AD_MAX_ACTOR + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	uint64_t now = ad_ctx_now(ctx);
	struct ad_email_change c;
	struct ad_user u, after;
	struct ad_mail mail;
	uint32_t revoked = 0;
	uint64_t mail_id;
	int rc;

	rc = ad_store_user_get(ctx->store, ad_str_c(login), &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (ad_token_new(AD_TOKEN_EMAIL_VERIFY, text, key) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "cannot make a token");
	c = (struct ad_email_change){.uid = u.uid,
				     .email = arg,
				     .key = key,
				     .now = now,
				     .expires =
					     now + ctx->cfg->verify_token_ttl_s,
				     .mail = &mail};
	memset(&mail, 0, sizeof(mail));
	compose(&mail, arg, &u, text, c.expires);
	sodium_memzero(text, sizeof(text));
	ad_actor(peer, actor, sizeof(actor));
	rc = ad_store_email_change(ctx->store, &c, &guard, actor, &after,
				   &revoked, err);
	mail_id = mail.id;
	ad_mail_wipe(&mail);
	sodium_memzero(key, sizeof(key));
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "user '%s' of tenant '%s' changed its email to %s; %u "
		    "token(s) revoked, verification mail %llu queued",
		    after.name, after.tenant, after.email, revoked,
		    (unsigned long long)mail_id);
	ad_wire_user(reply, &after);
	acct_put_u64(reply, ACCT_T_EXPIRES, c.expires);
	acct_put_u32(reply, ACCT_T_REVOKED_TOKENS, revoked);
	return ACCT_ST_OK;
}

/* Once the answer is on its way: the user's other sessions end. */
static void change_later(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const char *login, const char *arg,
			 const struct ad_lineage *caller)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	char why[AD_MSG_MAX];
	struct ad_user u;

	(void)arg;
	if (ctx->sessions == NULL)
		return;
	if (ad_store_user_get(ctx->store, ad_str_c(login), &u, &err) !=
	    ACCT_ST_OK) {
		ad_log_peer(LOG_ERR, peer,
			    "cannot end the other sessions of '%s': %s", login,
			    err.msg);
		return;
	}
	snprintf(why, sizeof(why), "email of %s changed", u.name);
	(void)ad_sessions_end_others(ctx->sessions, &u, caller, why);
}

AD_HANDLER(ad_handle_me_email)
{
	static const struct ad_pw_then change = {change_now, change_later};
	struct ad_pw_change c = {.mode = AD_PW_SELF, .prelim = true};
	char name[ACCT_MAX_NAME + 1], email[AD_MAX_EMAIL + 1], msg[AD_MSG_MAX];
	struct ad_str given;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = ad_me_user(ctx, rq, &u, &t, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_OLD_PASSWORD, true,
				&c.old_pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_EMAIL, true,
				&given, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_email_normal(given, email, err);
	/* what the caller may know already: about its own address */
	if (rc == ACCT_ST_OK) {
		rc = ad_policy_email_change(&u, email, msg, sizeof(msg));
		if (rc != ACCT_ST_OK)
			ad_fail(err, rc, "%s", msg);
	}
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(name, u.name, sizeof(name));
	c.name = ad_str_c(name);
	c.then = &change;
	c.then_arg = email;
	return ad_pw_change_run(ctx, peer, rq, &c, reply, err);
}

/* ---- ME_EMAIL_VERIFY ---- */

/* Inside the write: does the token's address confirm the user's? */
static int verify_guard(void *arg, const struct ad_user *u, const char *address,
			char *msg, size_t msglen)
{
	(void)arg;
	return ad_policy_email_verifiable(u, address, msg, msglen);
}

AD_HANDLER(ad_handle_me_email_verify)
{
	static const struct ad_email_guard guard = {verify_guard, NULL};
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_user u, after;
	struct ad_tenant t;
	struct ad_str token;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = ad_me_user(ctx, rq, &u, &t, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_TOKEN, true,
				&token, err);
	if (rc == ACCT_ST_OK)
		rc = ad_me_may_change(ctx, &u, &t, err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_token_key(AD_TOKEN_EMAIL_VERIFY, token.p, token.len, key) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	rc = ad_store_email_verify(ctx->store, key, u.uid, ad_ctx_now(ctx),
				   &guard, rq->caller.actor, &after, err);
	sodium_memzero(key, sizeof(key));
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "user '%s' of tenant '%s' verified its email %s",
		    after.name, after.tenant, after.email);
	ad_wire_user(reply, &after);
	return ACCT_ST_OK;
}
