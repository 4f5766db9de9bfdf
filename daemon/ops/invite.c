/*
 * invite.c - USER_INVITE (a pending user, its invitation token and the
 * mail that carries it, in one write) and INVITE_ACCEPT (the token and a
 * new password in: the user active).
 *
 * The token's text exists in the mail (in the outbox until delivered),
 * in the reply to the inviter, who may hand it over without mail, and in
 * the invitee's hands: the store keeps its hash, the audit record and the
 * log never see it, and every copy here is wiped before the handler
 * returns.  The rules are policy/invite.h and policy/login.h, asked again
 * inside the write that uses the token.  Accepting through PAM is
 * ops/pam_invite.h's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "acct_text.h"
#include "ops/budget.h"
#include "ops/deferred.h"
#include "ops/handlers.h"
#include "ops/pw_job.h"
#include "policy/invite.h"
#include "policy/tenant.h"
#include "server/log.h"
#include "store/invite.h"

/* ---- USER_INVITE ---- */

/* The invitation mail of user login in tenant, to address to. */
static void compose(struct ad_mail *mail, const char *to, const char *login,
		    const char *tenant, const char *token, uint64_t expires)
{
	char until[ACCT_UTC_TIME_LEN + 1] = "a while";

	(void)acct_utc_time(expires, until, sizeof(until));
	snprintf(mail->to, sizeof(mail->to), "%s", to);
	snprintf(mail->subject, sizeof(mail->subject), "Your invitation to %s",
		 tenant);
	snprintf(mail->body, sizeof(mail->body),
		 "Hello,\n"
		 "\n"
		 "an account was made for you in %s: its login is %s.  To "
		 "choose\n"
		 "its password and start using it, run\n"
		 "\n"
		 "    accountsctl invite accept\n"
		 "\n"
		 "and give it this token, then your new password:\n"
		 "\n"
		 "    %s\n"
		 "\n"
		 "or log in as %s with the token as the password: you will "
		 "be asked\n"
		 "for the token again, then for your new password.\n"
		 "\n"
		 "The token works once, until %s.\n"
		 "If you did not expect this message, ignore it.\n",
		 tenant, login, token, login, until);
}

/* The request's user (as USER_CREATE reads it), with an address. */
static int read_invite(struct ad_ctx *ctx, const struct ad_request *rq,
		       struct ad_user_spec *s, char *email, struct ad_err *err)
{
	int rc;

	rc = ad_user_spec_read(ctx, rq, true, s, err);
	if (rc == ACCT_ST_OK && !ad_str_given(s->email))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: email");
	if (rc == ACCT_ST_OK)
		rc = ad_store_email_normal(s->email, email, err);
	if (rc == ACCT_ST_OK && email[0] == '\0')
		rc = ad_fail(err, ACCT_ST_INVALID,
			     "an invitation needs an email address to go to");
	return rc;
}

/* The pending user, its token and its mail, in one write; the token's
 * text into text (the caller wipes it). */
static int invite(struct ad_ctx *ctx, const struct ad_request *rq,
		  const struct ad_user_spec *s, const char *email,
		  char text[AD_TOKEN_TEXT_MAX + 1], uint64_t *expires,
		  uint64_t *mail_id, struct ad_user *out, struct ad_err *err)
{
	char login[ACCT_MAX_NAME + 1], slug[ACCT_MAX_SLUG + 1];
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_token_issue iss;
	struct ad_mail mail;
	uint64_t now = ad_ctx_now(ctx);
	int rc;

	*expires = now + ctx->cfg->invite_token_ttl_s;
	if (ad_token_new(AD_TOKEN_INVITE, text, key) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "cannot make a token");
	memset(&mail, 0, sizeof(mail));
	compose(&mail, email, ad_printable(login, sizeof(login), s->name),
		ad_printable(slug, sizeof(slug), s->tenant), text, *expires);
	iss = (struct ad_token_issue){.login = s->name,
				      .kind = AD_TOKEN_INVITE,
				      .key = key,
				      .now = now,
				      .expires = *expires,
				      .data = NULL,
				      .replace = false,
				      .mail = &mail};
	rc = ad_store_user_invite(ctx->store, s, ad_policy_tenant_open, &iss,
				  rq->caller.actor, out, err);
	*mail_id = mail.id;
	ad_mail_wipe(&mail);
	sodium_memzero(key, sizeof(key));
	return rc;
}

AD_HANDLER(ad_handle_user_invite)
{
	struct ad_budget_outcome seats;
	struct ad_budget_arm arm;
	char email[AD_MAX_EMAIL + 1], text[AD_TOKEN_TEXT_MAX + 1];
	uint64_t expires = 0, mail_id = 0;
	struct ad_user_spec s;
	struct ad_user u;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = read_invite(ctx, rq, &s, email, err);
	if (rc == ACCT_ST_OK)
		rc = ad_budget_check(ctx, rq, s.tenant, ACCT_BUDGET_SEATS, 1,
				     &seats, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (rq->audit != NULL && ad_str_given(s.tenant)) {
		char slug[ACCT_MAX_SLUG + 1];

		ad_audit_note(rq->audit, NULL,
			      ad_printable(slug, sizeof(slug), s.tenant), NULL);
	}
	s.email = ad_str_c(email);
	arm = (struct ad_budget_arm){rq, &seats, 1};
	ad_budget_arm(ctx, &arm);
	rc = invite(ctx, rq, &s, email, text, &expires, &mail_id, &u, err);
	ad_budget_disarm(ctx);
	if (rc != ACCT_ST_OK) {
		sodium_memzero(text, sizeof(text));
		return rc;
	}
	ad_log_peer(LOG_NOTICE, peer,
		    "invited user '%s' (uid %u) to tenant '%s'; mail %llu to "
		    "%s queued",
		    u.name, u.uid, u.tenant, (unsigned long long)mail_id,
		    u.email);
	/* the reply holds the token: wiped once sent */
	reply->secret = 1;
	ad_wire_user(reply, &u);
	acct_put_str(reply, ACCT_T_TOKEN, text);
	acct_put_u64(reply, ACCT_T_EXPIRES, expires);
	sodium_memzero(text, sizeof(text));
	return ACCT_ST_OK;
}

/* ---- INVITE_ACCEPT ---- */

struct accept_job {
	struct ad_pw_job pw; /* first: the job is its own ad_pw_job */
	uint8_t key[AD_TOKEN_KEY_LEN];
};

/* Inside the write: the invitation may still be accepted (arg: now). */
static int usable_guard(void *arg, const struct ad_user *u,
			const struct ad_tenant *t, char *msg, size_t msglen)
{
	return ad_policy_invite_usable(u, t, *(const uint64_t *)arg, msg,
				       msglen);
}

/* Back on the loop: the token used up, the password set and the user
 * active, in one write with the request's audit record. */
static int accept_finish(struct ad_deferred *d, struct acct_buf *reply,
			 struct ad_err *err)
{
	struct accept_job *j = (struct accept_job *)d;
	uint64_t now = ad_ctx_now(d->ctx);
	struct ad_token_guard guard = {usable_guard, &now};
	struct ad_user u;
	int rc;

	rc = ad_pw_job_hashed(&j->pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_token_activate(d->ctx->store, j->key, now,
					     j->pw.hash, &guard, NULL,
					     j->pw.actor, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, &d->peer,
		    "user '%s' of tenant '%s' accepted its invitation: "
		    "active",
		    u.name, u.tenant);
	acct_put_str(reply, ACCT_T_NAME, u.name);
	return ACCT_ST_OK;
}

/* Before the hash: a user no longer pending makes the token's one
 * refusal; a pending one hears why it cannot accept (locked, tenant
 * suspended: only the token's holder asks). */
static int may_accept(const struct ad_user *u, const struct ad_tenant *t,
		      uint64_t now, char *msg, size_t msglen)
{
	msg[0] = '\0';
	if (u->status != ACCT_USER_PENDING)
		return ACCT_ST_DENIED;
	return ad_policy_invite_usable(u, t, now, msg, msglen) == ACCT_ST_OK
		       ? ACCT_ST_OK
		       : ACCT_ST_DENIED;
}

AD_HANDLER(ad_handle_invite_accept)
{
	struct accept_job *j =
		ad_pw_job_new(sizeof(*j), ctx, peer, rq, accept_finish);

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ad_pw_job_run(&j->pw,
			     ad_pw_job_token(ctx, rq, AD_TOKEN_INVITE,
					     may_accept, &j->pw, j->key, err),
			     rq, reply, err);
}
