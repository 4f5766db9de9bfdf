/*
 * signin_login.c - LOGIN: a login and its password in, a sign-in out.
 *
 * Open to any uid: the password is the authority.  As AUTH does: the
 * fields and the user on the loop, one Argon2id verification on a worker
 * whoever is named (the dummy hash for an unknown name or a user without
 * a password), back on the loop the verdict.  A wrong password, an
 * unknown name and a user without one read the same (AD_LOGIN_WRONG),
 * are counted and recorded after the reply (lockout.h); a right password
 * then meets the login policy (a locked user hears of its lock only
 * then), and a sign-in begins: its two tokens stored in one write with
 * the request's audit record (the user, its tenant and the sign-in, never
 * a token), their texts in the reply only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/deferred.h"
#include "ops/handlers.h"
#include "ops/pam_common.h"
#include "ops/password.h"
#include "ops/refusal.h"
#include "ops/signin.h"
#include "policy/lockout.h"
#include "policy/login.h"
#include "server/log.h"
#include "store/lifecycle.h"

/* What the worker compares the password with. */
enum login_kind {
	LOGIN_UNKNOWN,	   /* no such user: the dummy hash */
	LOGIN_NO_PASSWORD, /* a user without one: the dummy hash */
	LOGIN_CHECK,	   /* the user's hash */
};

struct login_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	enum login_kind kind;
	bool too_long; /* over ACCT_MAX_PASSWORD: wrong, after the dummy */
	bool locked;   /* when the request came: told a right password only */
	bool failed;   /* a wrong password, recorded after the reply */
	char name[ACCT_MAX_NAME + 1]; /* the user's, or the name as asked */
	char actor[AD_MAX_ACTOR + 1];
	char hash[AD_MAX_PWHASH + 1];
	struct ad_pw_limits lim;
	struct ad_secret pw;
	bool match;
};

static void login_release(struct ad_deferred *d)
{
	struct login_job *j = (struct login_job *)d;

	ad_secret_free(&j->pw);
	sodium_memzero(j->hash, sizeof(j->hash));
	free(j);
}

/* On a worker: one verification whoever is named. */
static void login_work(struct ad_deferred *d)
{
	struct login_job *j = (struct login_job *)d;

	if (j->kind == LOGIN_CHECK && !j->too_long)
		j->match = ad_password_verify(j->hash, &j->pw);
	else
		j->match = ad_password_verify_dummy(&j->pw);
	ad_secret_free(&j->pw);
}

/* The sign-in itself: the pair made and stored, the reply written. */
static int begin(struct login_job *j, struct acct_buf *reply,
		 struct ad_err *err)
{
	struct ad_ctx *ctx = j->d.ctx;
	struct ad_audit_draft *audit = ad_deferred_audit(&j->d);
	char sid[AD_SIGNIN_ID_LEN + 1], label[32];
	struct ad_signin_pair p;
	uint64_t now = ad_ctx_now(ctx);
	struct ad_token_guard guard = {ad_signin_guard, &now};
	uint32_t ended = 0;
	struct ad_user u;
	int rc;

	ad_signin_id_new(sid);
	ad_signin_label(sid, label, sizeof(label));
	if (audit != NULL)
		ad_audit_note(audit, NULL, NULL, label);
	if (ad_signin_pair_new(ctx, &p) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "cannot make a token");
	rc = ad_store_signin_begin(ctx->store, ad_str_c(j->name), sid, &p.keys,
				   ctx->cfg->max_signins_per_user, &guard,
				   j->actor, &u, &ended, err);
	if (rc == ACCT_ST_NOTFOUND) /* deleted meanwhile */
		rc = ad_fail(err, ACCT_ST_DENIED, AD_LOGIN_WRONG);
	if (rc == ACCT_ST_OK) {
		ad_signin_put(reply, &u, &p);
		ad_log_peer(LOG_NOTICE, &j->d.peer,
			    "user '%s' of tenant '%s' signed in (%s)", u.name,
			    u.tenant, label);
		if (ended > 0)
			ad_log_peer(LOG_NOTICE, &j->d.peer,
				    "%u older sign-in(s) of '%s' ended: over "
				    "max_signins_per_user %u",
				    (unsigned)ended, u.name,
				    ctx->cfg->max_signins_per_user);
	}
	ad_signin_pair_wipe(&p);
	return rc;
}

/* A right password: the login policy on the user as it is now. */
static int right_password(struct login_job *j, struct acct_buf *reply,
			  struct ad_err *err)
{
	char msg[AD_MSG_MAX] = "";
	uint64_t now = ad_ctx_now(j->d.ctx);
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_store_user_login_view(j->d.ctx->store, ad_str_c(j->name), &u,
				      &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_DENIED, AD_LOGIN_WRONG);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (ad_signin_guard(&now, &u, &t, msg, sizeof(msg)) != ACCT_ST_OK) {
		ad_log_peer(LOG_NOTICE, &j->d.peer,
			    "sign-in of '%s' refused: %s", j->name, msg);
		return ad_fail(err, ACCT_ST_DENIED, "%s", msg);
	}
	return begin(j, reply, err);
}

static int login_finish(struct ad_deferred *d, struct acct_buf *reply,
			struct ad_err *err)
{
	struct login_job *j = (struct login_job *)d;
	struct ad_audit_draft *audit = ad_deferred_audit(d);

	if (j->kind == LOGIN_CHECK && j->match)
		return right_password(j, reply, err);
	/* recorded after the reply (login_after), whoever was named, so
	 * that no name shows by the time the answer takes */
	j->failed = true;
	ad_store_audit_next(d->ctx->store, NULL);
	if (audit != NULL)
		audit->recorded = true;
	return ad_fail(err, ACCT_ST_DENIED, AD_LOGIN_WRONG);
}

/* Once the reply is out: count and record a failed sign-in. */
static void login_after(struct ad_deferred *d)
{
	struct login_job *j = (struct login_job *)d;
	struct ad_err err = {ACCT_ST_OK, ""};

	if (!j->failed)
		return;
	if (j->kind != LOGIN_UNKNOWN) {
		ad_pam_record_failure(
			d->ctx, &d->peer, "login", j->name, NULL,
			j->kind == LOGIN_NO_PASSWORD ? "no password set"
			: j->too_long ? "wrong password (over the length "
					"limit)"
			: j->locked   ? "wrong password (account locked)"
				      : "wrong password");
		return;
	}
	if (ad_store_unknown_login(d->ctx->store, &err) != ACCT_ST_OK)
		ad_log_peer(LOG_ERR, &d->peer,
			    "cannot count a login of an unknown name: %s",
			    err.msg);
	if (d->audited) {
		d->audit.ev.result = ACCT_ST_DENIED;
		ad_audit_note(&d->audit, NULL, NULL, "no such user");
		ad_refusal_audit(d->ctx, &d->peer, &d->audit.ev);
	}
}

/* The fields, and what the worker is to compare with. */
static int login_prepare(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_request *rq, struct login_job *j,
			 struct ad_err *err)
{
	struct ad_str name = {NULL, 0}, pw = {NULL, 0};
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc == ACCT_ST_OK && name.len == 0)
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (rc == ACCT_ST_OK)
		rc = ad_pam_guard(ctx, peer, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_login_view(ctx->store, name, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && !ad_policy_known_user(&u, &t))) {
		j->kind = LOGIN_UNKNOWN;
		ad_printable(j->name, sizeof(j->name), name);
		rc = ACCT_ST_OK;
	} else if (rc == ACCT_ST_OK) {
		j->kind = u.password_hash[0] != '\0' ? LOGIN_CHECK
						     : LOGIN_NO_PASSWORD;
		memcpy(j->name, u.name, sizeof(j->name));
		memcpy(j->hash, u.password_hash, sizeof(j->hash));
		j->locked = ad_lockout_active(&u, ad_ctx_now(ctx));
		if (rq->audit != NULL)
			ad_audit_note(rq->audit, u.name, t.slug, NULL);
	}
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		return rc;
	/* over the limit is a wrong password, checked for as long as any */
	j->too_long = pw.len > ACCT_MAX_PASSWORD;
	if (ad_secret_set(&j->pw, pw.p,
			  j->too_long ? ACCT_MAX_PASSWORD : pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_login)
{
	struct login_job *j = calloc(1, sizeof(*j));
	int rc;

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = login_prepare(ctx, peer, rq, j, err);
	if (rc != ACCT_ST_OK) {
		login_release(&j->d);
		return rc;
	}
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = login_work,
				    .finish = login_finish,
				    .after = login_after,
				    .release = login_release};
	memcpy(j->actor, rq->caller.actor, sizeof(j->actor));
	ad_pw_limits_from(ctx->cfg, &j->lim);
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many logins at once, try again");
}
