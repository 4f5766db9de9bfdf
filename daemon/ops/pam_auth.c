/*
 * pam_auth.c - passwords: USER_PASSWD (set a user's password) and AUTH
 * (check one, then the login policy; PAM's authentication).
 *
 * The cheap checks run on the loop (quality rules first, then "does the
 * user exist"); the Argon2id work runs on a worker (deferred.h); the loop
 * then writes what follows in one durable transaction and answers.  The
 * cleartext lives only in the request buffer (which the server wipes) and
 * in an ad_secret (wiped on free), freed right after use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/pam_common.h"
#include "ops/pam_invite.h"
#include "ops/deferred.h"
#include "ops/handlers.h"
#include "policy/lockout.h"
#include "server/log.h"
#include "ops/password.h"
#include "ops/pw_job.h"
#include "ops/signin.h"
#include "ops/usage.h"
#include "policy/apikey.h"
#include "policy/login.h"
#include "store/apikey.h"
#include "store/lifecycle.h"

/* ---- USER_PASSWD ---- */

/* One password set on its way through a worker. */
struct passwd_job {
	struct ad_pw_job pw; /* first: the job is its own ad_pw_job */
	char name[ACCT_MAX_NAME + 1];
};

/* Back on the loop: keep the hash. */
static int passwd_finish(struct ad_deferred *d, struct acct_buf *reply,
			 struct ad_err *err)
{
	struct passwd_job *j = (struct passwd_job *)d;
	int rc;

	(void)reply;
	rc = ad_pw_job_hashed(&j->pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_set_password(d->ctx->store,
						ad_str_c(j->name), j->pw.hash,
						j->pw.actor, err);
	if (rc == ACCT_ST_OK) {
		ad_log_peer(LOG_INFO, &d->peer, "password of user '%s' set",
			    j->name);
		ad_signin_end_user(d->ctx, &d->peer, j->name);
	}
	return rc;
}

/* The request's checks, in order; fills j's name and secret.  (Its
 * tenant is in the audit record already: the row names the user.) */
static int passwd_prepare(struct ad_ctx *ctx, const struct ad_request *rq,
			  struct passwd_job *j, struct ad_err *err)
{
	struct ad_str name, pw;
	char msg[AD_MSG_MAX];
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* quality before anything else, so a weak password costs nothing */
	if (ad_password_check(pw.p, pw.len, name.p, name.len,
			      ctx->cfg->password_min_length, msg,
			      sizeof(msg)) < 0)
		return ad_fail(err, ACCT_ST_INVALID, "%s", msg);
	rc = ad_store_user_get(ctx->store, name, &u, err);
	if (rc == ACCT_ST_OK && u.status == ACCT_USER_DELETED)
		rc = ad_fail(err, ACCT_ST_NOTFOUND, "no user '%s'", u.name);
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(j->name, u.name, sizeof(j->name));
	return ad_pw_job_keep(&j->pw, pw, err);
}

AD_HANDLER(ad_handle_user_passwd)
{
	struct passwd_job *j =
		ad_pw_job_new(sizeof(*j), ctx, peer, rq, passwd_finish);

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ad_pw_job_run(&j->pw, passwd_prepare(ctx, rq, j, err), rq, reply,
			     err);
}

/* ---- AUTH: check a password, then the login policy ---- */

#define AD_DENIED_AUTH "only root may authenticate another user"

/* What the worker is to compare the password with. */
enum auth_kind {
	AUTH_UNKNOWN,	  /* no such user: the dummy hash */
	AUTH_NO_PASSWORD, /* a user without one: the dummy hash */
	AUTH_CHECK,	  /* the user's hash */
	AUTH_INVITE,	  /* a pending user's invitation token (the dummy
			     hash, for the time; pam_invite.h) */
	AUTH_KEY,	  /* an API key as application password: its
			     secret's hash instead of Argon2id (issue 9) */
};

struct auth_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	enum auth_kind kind;
	bool too_long; /* over ACCT_MAX_PASSWORD: wrong, after the dummy */
	bool failed;   /* a wrong password, recorded after the reply */
	char name[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char where[AD_MSG_MAX];	      /* service, rhost, tty: for audits */
	char hash[AD_MAX_PWHASH + 1]; /* the stored one */
	uint32_t uid;		      /* AUTH_INVITE: the user's */
	uint8_t invite_key[AD_TOKEN_KEY_LEN];
	/* AUTH_KEY: the key presented, by prefix and secret hash */
	char key_prefix[AD_KEY_PREFIX_LEN + 1];
	uint8_t key_hash[AD_KEY_HASH_LEN];
	/* locked when the request came: the policy's verdict, told only
	 * to whoever gives the right password (as pam_faillock) */
	bool locked;
	enum acct_pam_result locked_res;
	char locked_msg[AD_MSG_MAX];
	struct ad_pw_limits lim;
	struct ad_secret pw;
	bool match;
	bool rehashed;			  /* new_hash holds a fresh hash */
	char new_hash[AD_MAX_PWHASH + 1]; /* with the current limits */
};

static void auth_release(struct ad_deferred *d)
{
	struct auth_job *j = (struct auth_job *)d;

	ad_secret_free(&j->pw);
	sodium_memzero(j->hash, sizeof(j->hash));
	sodium_memzero(j->new_hash, sizeof(j->new_hash));
	sodium_memzero(j->key_hash, sizeof(j->key_hash));
	free(j);
}

/* On a worker: one Argon2id verification whoever asks (no enumeration by
 * timing, no lock probing by timing), plus one hash when a right
 * password's hash is outdated. */
static void auth_work(struct ad_deferred *d)
{
	struct auth_job *j = (struct auth_job *)d;

	if (j->kind == AUTH_KEY) {
		/* an API key is checked by its hash, on the loop; the dummy
		 * costs it what a password costs, or a key-shaped password
		 * would tell a user that exists from one that does not */
		(void)ad_password_verify_dummy(&j->pw);
	} else if (j->kind == AUTH_CHECK && !j->too_long) {
		j->match = ad_password_verify(j->hash, &j->pw);
		if (j->match && !j->locked &&
		    ad_password_needs_rehash(j->hash, &j->lim))
			j->rehashed = ad_password_hash(&j->pw, &j->lim,
						       j->new_hash) == 0;
	} else {
		j->match = ad_password_verify_dummy(&j->pw);
	}
	ad_secret_free(&j->pw);
}

/* After a right password: what follows for the stored record. */
static void auth_succeeded(struct auth_job *j)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_str name = ad_str_c(j->name);

	if (ad_store_login_succeeded(j->d.ctx->store, name, &err) != ACCT_ST_OK)
		ad_log_peer(LOG_ERR, &j->d.peer,
			    "cannot reset the failed logins of '%s': %s",
			    j->name, err.msg);
	if (j->rehashed &&
	    ad_store_user_rehash(j->d.ctx->store, name, j->hash, j->new_hash,
				 &err) == ACCT_ST_OK)
		ad_log_peer(LOG_INFO, &j->d.peer,
			    "password hash of '%s' renewed with the current "
			    "limits",
			    j->name);
}

/* A right password: the login policy decides, on the user as it is now
 * (it may have been locked or disabled meanwhile). */
static enum acct_pam_result auth_policy(struct auth_job *j, char *msg,
					size_t msglen)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	enum acct_pam_result res;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_store_user_login_view(j->d.ctx->store, ad_str_c(j->name), &u,
				      &t, &err);
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_PAM_USER_UNKNOWN;
	if (rc != ACCT_ST_OK) {
		ad_log_peer(LOG_ERR, &j->d.peer, "auth of '%s': %s", j->name,
			    err.msg);
		return ACCT_PAM_PERM_DENIED; /* fail closed */
	}
	res = ad_policy_may_login(&u, &t, ad_ctx_now(j->d.ctx), msg, msglen);
	if (res == ACCT_PAM_OK)
		auth_succeeded(j);
	else if (res != ACCT_PAM_USER_UNKNOWN)
		ad_audit_refusal(ad_deferred_audit(&j->d), res, u.name, t.slug,
				 j->where, msg);
	return res;
}

/* A pending user's invitation token for a password: the user's live
 * one lets it only choose its password (NEW_AUTHTOK_REQD), as the login
 * policy has it now; anything else is a wrong password. */
static enum acct_pam_result auth_invite(struct auth_job *j, char *msg,
					size_t msglen)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	enum acct_pam_result res;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	if (!ad_pam_invite_valid(j->d.ctx, j->invite_key, j->uid)) {
		j->failed = true;
		return ACCT_PAM_AUTH_ERR;
	}
	rc = ad_store_user_login_view(j->d.ctx->store, ad_str_c(j->name), &u,
				      &t, &err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_PAM_USER_UNKNOWN;
	if (rc != ACCT_ST_OK) {
		ad_log_peer(LOG_ERR, &j->d.peer, "auth of '%s': %s", j->name,
			    err.msg);
		return ACCT_PAM_PERM_DENIED; /* fail closed */
	}
	/* activated or replaced meanwhile: the token is no password */
	if (u.uid != j->uid || u.status != ACCT_USER_PENDING) {
		j->failed = true;
		return ACCT_PAM_AUTH_ERR;
	}
	res = ad_policy_invited_login(&u, &t, ad_ctx_now(j->d.ctx), msg,
				      msglen);
	if (res == ACCT_PAM_NEW_AUTHTOK_REQD)
		auth_succeeded(j);
	else if (res != ACCT_PAM_USER_UNKNOWN)
		ad_audit_refusal(ad_deferred_audit(&j->d), res, u.name, t.slug,
				 j->where, msg);
	return res;
}

/*
 * An API key for a password (issue 9): the user's own live key with the
 * login scope, its tenant's app_passwords switch on, then the lockout
 * and the login policy as for a password; anything else about the key
 * is a wrong password (counted toward lockout, its prefix on record).
 * An accepted one counts as a use of the key.
 */
static enum acct_pam_result auth_key(struct auth_job *j, char *msg,
				     size_t msglen)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	uint64_t now = ad_ctx_now(j->d.ctx);
	enum acct_pam_result res;
	struct ad_apikey k;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_store_apikey_get(j->d.ctx->store, j->key_prefix, &k, &err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_login_view(j->d.ctx->store,
					      ad_str_c(j->name), &u, &t, &err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND) {
		ad_log_peer(LOG_ERR, &j->d.peer, "auth of '%s': %s", j->name,
			    err.msg);
		return ACCT_PAM_PERM_DENIED; /* fail closed */
	}
	if (rc != ACCT_ST_OK || !ad_apikey_matches(&k, j->key_hash) ||
	    k.uid != j->uid || u.uid != j->uid ||
	    !ad_policy_app_password(&k, &t, now)) {
		j->failed = true;
		return ACCT_PAM_AUTH_ERR;
	}
	if (j->locked) {
		snprintf(msg, msglen, "%s", j->locked_msg);
		ad_audit_refusal(ad_deferred_audit(&j->d), j->locked_res,
				 j->name, j->tenant, j->where, msg);
		return j->locked_res;
	}
	res = auth_policy(j, msg, msglen);
	if (res == ACCT_PAM_OK) {
		struct ad_key_use use = {
			.tenant = j->tenant,
			.who = {.actor = j->name,
				.has_uid = true,
				.uid = (uint32_t)j->d.peer.uid},
			.pid = j->d.peer.pid};

		rc = ad_usage_key_used(j->d.ctx, &k, &use, now, &err);
		if (rc == ACCT_ST_BUDGET_EXCEEDED) {
			/* the tenant's usage is spent: no login with a key */
			snprintf(msg, msglen, "%s", err.msg);
			ad_audit_refusal(ad_deferred_audit(&j->d),
					 ACCT_PAM_PERM_DENIED, j->name,
					 j->tenant, j->where, msg);
			return ACCT_PAM_PERM_DENIED;
		}
		if (rc != ACCT_ST_OK)
			ad_log_peer(LOG_ERR, &j->d.peer, "%s", err.msg);
		ad_log_peer(
			LOG_INFO, &j->d.peer,
			"'%s' authenticated with API key " ACCT_API_KEY_PREFIX
			"%s (%s)",
			j->name, k.prefix, j->where);
	}
	return res;
}

/* The verdict, on the loop.  Successes are not audited: see lockout.h. */
static enum acct_pam_result auth_verdict(struct auth_job *j, char *msg,
					 size_t msglen)
{
	msg[0] = '\0';
	switch (j->kind) {
	case AUTH_UNKNOWN:
		return ACCT_PAM_USER_UNKNOWN;
	case AUTH_NO_PASSWORD:
		j->failed = true; /* a failed login all the same */
		return ACCT_PAM_NO_PASSWORD;
	case AUTH_INVITE:
		return auth_invite(j, msg, msglen);
	case AUTH_KEY:
		return auth_key(j, msg, msglen);
	case AUTH_CHECK:
		break;
	}
	if (!j->match) {
		/* the same answer locked or not: a lock is news only to
		 * whoever knows the password */
		j->failed = true;
		return ACCT_PAM_AUTH_ERR;
	}
	if (j->locked) {
		snprintf(msg, msglen, "%s", j->locked_msg);
		ad_audit_refusal(ad_deferred_audit(&j->d), j->locked_res,
				 j->name, j->tenant, j->where, msg);
		return j->locked_res;
	}
	return auth_policy(j, msg, msglen);
}

static int auth_finish(struct ad_deferred *d, struct acct_buf *reply,
		       struct ad_err *err)
{
	struct auth_job *j = (struct auth_job *)d;
	enum acct_pam_result res;
	char msg[AD_MSG_MAX];

	(void)err;
	res = auth_verdict(j, msg, sizeof(msg));
	ad_pam_put_verdict(reply, res, msg);
	return ACCT_ST_OK;
}

/* Once the reply is out: count a failed login.  An unknown name costs
 * the same durable write as a known user's failure (lockout.h). */
static void auth_after(struct ad_deferred *d)
{
	struct auth_job *j = (struct auth_job *)d;
	struct ad_err err = {ACCT_ST_OK, ""};

	if (j->kind == AUTH_UNKNOWN) {
		if (ad_store_unknown_login(d->ctx->store, &err) != ACCT_ST_OK)
			ad_log_peer(LOG_ERR, &d->peer,
				    "cannot count a login of an unknown "
				    "name: %s",
				    err.msg);
		return;
	}
	if (!j->failed)
		return;
	if (j->kind == AUTH_KEY) {
		char why[96];

		snprintf(why, sizeof(why),
			 "API key " ACCT_API_KEY_PREFIX "%s refused as "
			 "password",
			 j->key_prefix);
		ad_pam_record_failure(d->ctx, &d->peer, "auth", j->name,
				      j->where, why);
		return;
	}
	ad_pam_record_failure(d->ctx, &d->peer, "auth", j->name, j->where,
			      j->kind == AUTH_NO_PASSWORD ? "no password set"
			      : j->kind == AUTH_INVITE	  ? "wrong invitation "
							    "token"
			      : j->too_long ? "wrong password (over the "
					      "length limit)"
			      : j->locked   ? "wrong password (account locked)"
					    : "wrong password");
}

/*
 * A locked user: the login policy words the refusal (and a user that is
 * also disabled hears that first), for the right password only.  It
 * cannot say OK to a locked user; should it ever, it is still a refusal.
 */
static void auth_lock_verdict(struct auth_job *j, const struct ad_user *u,
			      const struct ad_tenant *t, uint64_t now)
{
	j->locked = true;
	j->locked_res = ad_policy_may_login(u, t, now, j->locked_msg,
					    sizeof(j->locked_msg));
	if (j->locked_res == ACCT_PAM_OK)
		j->locked_res = ACCT_PAM_LOCKED;
}

/*
 * Fields, the caller's right to ask, and what to compare with.  *now_res
 * gets a verdict to give at once, without a password check (a name a
 * non-root caller cannot guess at), else ACCT_PAM_OK.
 */
static int auth_prepare(struct ad_ctx *ctx, const struct ad_peer *peer,
			const struct ad_request *rq, struct auth_job *j,
			enum acct_pam_result *now_res, struct ad_err *err)
{
	struct ad_str name, pw, service;
	uint64_t now = ad_ctx_now(ctx);
	struct ad_tenant t;
	struct ad_user u;
	bool known;
	int rc;

	*now_res = ACCT_PAM_OK;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_SERVICE, true,
				&service, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_describe_pam_request(rq, j->where, sizeof(j->where));
	/* a screen locker checks its own user; nobody else may probe */
	rc = ad_pam_target(ctx, rq, name, j->where, AD_DENIED_AUTH, &u, &t,
			   &known, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!known && peer->uid != 0) {
		/* not its own user: nothing it could learn by timing */
		*now_res = ACCT_PAM_USER_UNKNOWN;
		return ACCT_ST_OK;
	}
	rc = ad_pam_guard(ctx, peer, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!known) {
		j->kind = AUTH_UNKNOWN;
	} else if (ad_pam_invite_key(&u, pw, j->invite_key)) {
		j->kind = AUTH_INVITE;
		j->uid = u.uid;
	} else if (ad_apikey_parse(pw.p, pw.len, j->key_prefix, j->key_hash) ==
		   0) {
		j->kind = AUTH_KEY;
		j->uid = u.uid;
		if (ad_lockout_active(&u, now))
			auth_lock_verdict(j, &u, &t, now);
	} else if (u.password_hash[0] == '\0') {
		j->kind = AUTH_NO_PASSWORD;
	} else {
		j->kind = AUTH_CHECK;
		memcpy(j->hash, u.password_hash, sizeof(j->hash));
		if (ad_lockout_active(&u, now))
			auth_lock_verdict(j, &u, &t, now);
	}
	if (known) {
		memcpy(j->name, u.name, sizeof(j->name));
		memcpy(j->tenant, t.slug, sizeof(j->tenant));
	}
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	/* over the limit is a wrong password, checked for as long as any */
	j->too_long = pw.len > ACCT_MAX_PASSWORD;
	if (ad_secret_set(&j->pw, pw.p,
			  j->too_long ? ACCT_MAX_PASSWORD : pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_auth)
{
	enum acct_pam_result now_res;
	struct auth_job *j;
	int rc;

	j = calloc(1, sizeof(*j));
	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = auth_prepare(ctx, peer, rq, j, &now_res, err);
	if (rc != ACCT_ST_OK || now_res != ACCT_PAM_OK) {
		if (rc == ACCT_ST_OK)
			ad_pam_put_verdict(reply, now_res, "");
		auth_release(&j->d);
		return rc;
	}
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = auth_work,
				    .finish = auth_finish,
				    .after = auth_after,
				    .release = auth_release};
	ad_pw_limits_from(ctx->cfg, &j->lim);
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many logins at once, try again");
}
