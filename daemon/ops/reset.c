/*
 * reset.c - USER_RESET: mail a user a single-use password reset token.
 *
 * The token's text exists only here, in the mail queued with it (the
 * outbox, until delivered) and in the recipient's hands: the store keeps
 * its hash, the reply says where the mail went and until when the token
 * works, and the text is wiped before the handler returns.  The rules
 * are policy/reset.h, asked again inside the write that issues the token.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "acct_text.h"
#include "ops/handlers.h"
#include "policy/reset.h"
#include "server/log.h"
#include "store/token.h"

/* The mail that carries the token. */
static void compose(struct ad_mail *mail, const struct ad_user *u,
		    const char *token, uint64_t expires)
{
	char until[ACCT_UTC_TIME_LEN + 1] = "a while";

	(void)acct_utc_time(expires, until, sizeof(until));
	snprintf(mail->to, sizeof(mail->to), "%s", u->email);
	snprintf(mail->subject, sizeof(mail->subject), "Password reset for %s",
		 u->name);
	snprintf(mail->body, sizeof(mail->body),
		 "Hello %s,\n"
		 "\n"
		 "a new password was asked for your account %s.  To choose "
		 "one, run\n"
		 "\n"
		 "    accountsctl reset\n"
		 "\n"
		 "and give it this token, then your new password:\n"
		 "\n"
		 "    %s\n"
		 "\n"
		 "The token works once, until %s.\n"
		 "Your password stays as it is until the token is used; if "
		 "you did\n"
		 "not expect this message, tell your administrator.\n",
		 u->display_name[0] != '\0' ? u->display_name : u->name,
		 u->name, token, until);
}

/* Inside the issuing write: the policy's verdict, and the mail must still
 * go to the address the user has (arg: the one composed with). */
static int reset_guard(void *arg, const struct ad_user *u,
		       const struct ad_tenant *t, char *msg, size_t msglen)
{
	const char *to = arg;
	int rc = ad_policy_may_reset(u, t, msg, msglen);

	if (rc == ACCT_ST_OK && strcmp(u->email, to) != 0) {
		snprintf(msg, msglen,
			 "the email address of user '%s' changed meanwhile; "
			 "try again",
			 u->name);
		return ACCT_ST_CONFLICT;
	}
	return rc;
}

/* Issue the token and queue its mail for user u (as read before). */
static int issue(struct ad_ctx *ctx, const struct ad_request *rq,
		 const struct ad_user *u, struct ad_user *out,
		 uint64_t *expires, uint64_t *mail_id, struct ad_err *err)
{
	char text[AD_TOKEN_TEXT_MAX + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_token_guard guard = {reset_guard, (void *)u->email};
	struct ad_token_issue iss;
	struct ad_mail mail;
	uint64_t now = ad_ctx_now(ctx);
	int rc;

	*expires = now + ctx->cfg->reset_token_ttl_s;
	if (ad_token_new(AD_TOKEN_RESET, text, key) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "cannot make a token");
	memset(&mail, 0, sizeof(mail));
	compose(&mail, u, text, *expires);
	sodium_memzero(text, sizeof(text));
	iss = (struct ad_token_issue){.login = ad_str_c(u->name),
				      .kind = AD_TOKEN_RESET,
				      .key = key,
				      .now = now,
				      .expires = *expires,
				      .data = NULL,
				      .replace = true,
				      .mail = &mail};
	rc = ad_store_token_issue(ctx->store, &iss, &guard, rq->caller.actor,
				  out, err);
	*mail_id = mail.id;
	ad_mail_wipe(&mail);
	sodium_memzero(key, sizeof(key));
	return rc;
}

AD_HANDLER(ad_handle_user_reset)
{
	uint64_t expires = 0, mail_id = 0;
	struct ad_user u, done;
	struct ad_str name;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_get(ctx->store, name, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, u.tenant, NULL);
	rc = issue(ctx, rq, &u, &done, &expires, &mail_id, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "reset token for user '%s' of tenant '%s' issued; mail "
		    "%llu to %s queued",
		    done.name, done.tenant, (unsigned long long)mail_id,
		    done.email);
	acct_put_str(reply, ACCT_T_NAME, done.name);
	acct_put_str(reply, ACCT_T_EMAIL, done.email);
	acct_put_u64(reply, ACCT_T_EXPIRES, expires);
	return ACCT_ST_OK;
}
