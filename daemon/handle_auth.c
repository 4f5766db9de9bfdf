/*
 * handle_auth.c - passwords: USER_PASSWD (set a user's password) and AUTH
 * (check one, then the login policy; PAM's authentication).
 *
 * The cheap checks run on the loop (quality rules first, then "does the
 * user exist"); the Argon2id hash runs on a worker; the loop then writes
 * it in one durable transaction and answers through the reply token
 * (pending.h).  The cleartext lives only in the request buffer (which
 * the server wipes) and in a locked ad_secret, freed right after hashing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "dispatch.h"
#include "handlers.h"
#include "log.h"
#include "password.h"
#include "pending.h"
#include "policy_login.h"
#include "store_lifecycle.h"
#include "worker.h"
#include "acct_status.h"

/* One password change on its way through a worker. */
struct passwd_job {
	struct ad_ctx *ctx;
	struct ad_pending *pending; /* NULL: nobody waits, change nothing */
	struct ad_peer peer;
	uint16_t opcode;
	char name[ACCT_MAX_NAME + 1];
	char actor[AD_MAX_ACTOR + 1];
	struct ad_pw_limits lim;
	struct ad_secret pw;
	int hashed; /* 0: hash holds the result */
	char hash[AD_MAX_PWHASH + 1];
};

static void passwd_job_free(struct passwd_job *j)
{
	ad_secret_free(&j->pw);
	sodium_memzero(j->hash, sizeof(j->hash));
	free(j);
}

/* On a worker: the slow part.  The cleartext goes as soon as it is used. */
static void passwd_work(void *arg)
{
	struct passwd_job *j = arg;

	j->hashed = ad_password_hash(&j->pw, &j->lim, j->hash);
	ad_secret_free(&j->pw);
}

/* Back on the loop: keep the hash. */
static int passwd_store(struct passwd_job *j, bool cancelled,
			struct ad_err *err)
{
	int rc;

	if (cancelled)
		return ad_fail(err, ACCT_ST_BUSY,
			       "accountsd is stopping, try again");
	if (j->hashed != 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot hash the password: out of memory");
	rc = ad_store_user_set_password(j->ctx->store, ad_str_c(j->name),
					j->hash, j->actor, err);
	if (rc == ACCT_ST_OK)
		ad_log_peer(LOG_INFO, &j->peer, "password of user '%s' set",
			    j->name);
	return rc;
}

/*
 * Answer a deferred request as ad_dispatch answers the others: a failure
 * carries one message and is logged.
 */
static void reply_later(struct ad_pending *p, const struct ad_peer *peer,
			int rc, const struct ad_err *err)
{
	uint16_t opcode = p->opcode;
	const char *msg = NULL;
	struct acct_buf b;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	if (rc != ACCT_ST_OK) {
		msg = err->status == rc && err->msg[0] != '\0'
			      ? err->msg
			      : acct_status_message(rc);
		acct_put_str(&b, ACCT_T_MESSAGE, msg);
	}
	ad_pending_reply(p, rc, b.data, b.len);
	acct_buf_free(&b);
	if (rc != ACCT_ST_OK)
		ad_log_peer(LOG_NOTICE, peer, "%s failed (%s): %s",
			    ad_op_name(opcode), acct_status_name(rc), msg);
}

static void passwd_done(void *arg, bool cancelled)
{
	struct passwd_job *j = arg;
	struct ad_err err = {ACCT_ST_OK, ""};
	int rc;

	if (j->pending != NULL) {
		rc = passwd_store(j, cancelled, &err);
		reply_later(j->pending, &j->peer, rc, &err);
	}
	passwd_job_free(j);
}

/* The request's checks, in order; fills j's name and secret. */
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
	if (ad_secret_set(&j->pw, pw.p, pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_passwd)
{
	struct passwd_job *j = calloc(1, sizeof(*j));
	int rc;

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = passwd_prepare(ctx, rq, j, err);
	if (rc != ACCT_ST_OK) {
		passwd_job_free(j);
		return rc;
	}
	j->ctx = ctx;
	j->peer = *peer;
	j->opcode = rq->opcode;
	memcpy(j->actor, rq->actor, sizeof(j->actor));
	ad_pw_limits_from(ctx->cfg, &j->lim);

	if (ctx->workers == NULL) {
		/* no pool (handler unit tests): the same steps, here */
		passwd_work(j);
		rc = passwd_store(j, false, err);
		passwd_job_free(j);
		return rc;
	}
	if (ad_workers_submit(ctx->workers, passwd_work, passwd_done, j) < 0) {
		rc = errno;
		passwd_job_free(j);
		if (rc == EAGAIN || rc == ESHUTDOWN)
			return ad_fail(err, ACCT_ST_BUSY,
				       "too many password requests at once, "
				       "try again");
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	}
	/* the job cannot finish before we return: its done runs on this
	 * thread, so taking the token after submitting is safe */
	j->pending = ad_pending_begin(ctx, peer, rq->opcode);
	if (j->pending == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot defer the reply (out of memory)");
	return AD_DISPATCH_PENDING;
}

/* ---- AUTH: check a password, then the login policy ---- */

#define AD_DENIED_AUTH "only root may authenticate another user"

/* What the worker is to compare the password with. */
enum auth_kind {
	AUTH_UNKNOWN,	  /* no such user: the dummy hash */
	AUTH_NO_PASSWORD, /* a user without one: the dummy hash */
	AUTH_CHECK,	  /* the user's hash */
};

struct auth_job {
	struct ad_ctx *ctx;
	struct ad_pending *pending; /* NULL: nobody waits, change nothing */
	struct ad_peer peer;
	enum auth_kind kind;
	char name[ACCT_MAX_NAME + 1];
	char hash[AD_MAX_PWHASH + 1]; /* the stored one */
	struct ad_pw_limits lim;
	struct ad_secret pw;
	bool match;
	bool rehashed;			  /* new_hash holds a fresh hash */
	char new_hash[AD_MAX_PWHASH + 1]; /* with the current limits */
};

static void auth_job_free(struct auth_job *j)
{
	ad_secret_free(&j->pw);
	sodium_memzero(j->hash, sizeof(j->hash));
	sodium_memzero(j->new_hash, sizeof(j->new_hash));
	free(j);
}

/* On a worker: one Argon2id verification whoever asks (no enumeration by
 * timing), plus one hash when a right password's hash is outdated. */
static void auth_work(void *arg)
{
	struct auth_job *j = arg;

	if (j->kind == AUTH_CHECK) {
		j->match = ad_password_verify(j->hash, &j->pw);
		if (j->match && ad_password_needs_rehash(j->hash, &j->lim))
			j->rehashed = ad_password_hash(&j->pw, &j->lim,
						       j->new_hash) == 0;
	} else {
		j->match = ad_password_verify_dummy(&j->pw);
	}
	ad_secret_free(&j->pw);
}

/* The verdict, on the loop, from the state of the user now. */
static enum acct_pam_result auth_verdict(struct auth_job *j, char *msg,
					 size_t msglen)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	msg[0] = '\0';
	if (j->kind == AUTH_UNKNOWN)
		return ACCT_PAM_USER_UNKNOWN;
	if (j->kind == AUTH_NO_PASSWORD)
		return ACCT_PAM_NO_PASSWORD;
	if (!j->match) {
		ad_log_peer(LOG_NOTICE, &j->peer,
			    "authentication failure for user '%s'", j->name);
		return ACCT_PAM_AUTH_ERR;
	}
	rc = ad_store_user_login_view(j->ctx->store, ad_str_c(j->name), &u, &t,
				      &err);
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_PAM_USER_UNKNOWN;
	if (rc != ACCT_ST_OK) {
		ad_log_peer(LOG_ERR, &j->peer, "auth of '%s': %s", j->name,
			    err.msg);
		return ACCT_PAM_PERM_DENIED; /* fail closed */
	}
	if (j->rehashed &&
	    ad_store_user_rehash(j->ctx->store, ad_str_c(j->name), j->hash,
				 j->new_hash, &err) == ACCT_ST_OK)
		ad_log_peer(LOG_INFO, &j->peer,
			    "password hash of '%s' renewed with the current "
			    "limits",
			    j->name);
	return ad_policy_may_login(&u, &t, (uint64_t)time(NULL), msg, msglen);
}

static void auth_reply(struct auth_job *j, enum acct_pam_result res,
		       const char *msg)
{
	struct acct_buf b;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_u32(&b, ACCT_T_PAM_RESULT, res);
	if (msg[0] != '\0')
		acct_put_str(&b, ACCT_T_MESSAGE, msg);
	ad_pending_reply(j->pending, ACCT_ST_OK, b.data, b.len);
	acct_buf_free(&b);
}

static void auth_done(void *arg, bool cancelled)
{
	struct auth_job *j = arg;
	struct ad_err err = {ACCT_ST_OK, ""};
	enum acct_pam_result res;
	char msg[AD_MSG_MAX];

	if (j->pending != NULL && cancelled) {
		ad_fail(&err, ACCT_ST_BUSY, "accountsd is stopping, try again");
		reply_later(j->pending, &j->peer, ACCT_ST_BUSY, &err);
	} else if (j->pending != NULL) {
		res = auth_verdict(j, msg, sizeof(msg));
		auth_reply(j, res, msg);
	}
	auth_job_free(j);
}

/* Fields, the caller's right to ask, and what to compare with. */
static int auth_prepare(struct ad_ctx *ctx, const struct ad_peer *peer,
			const struct ad_request *rq, struct auth_job *j,
			struct ad_err *err)
{
	struct ad_str name, pw, service;
	struct ad_tenant t;
	struct ad_user u;
	bool known;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_SERVICE, true,
				&service, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (pw.len > AD_PASSWORD_MAX)
		return ad_fail(err, ACCT_ST_INVALID,
			       "the password is too long (at most %u bytes)",
			       (unsigned)AD_PASSWORD_MAX);
	rc = ad_store_user_login_view(ctx->store, name, &u, &t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	known = rc == ACCT_ST_OK && u.status != ACCT_USER_DELETED;
	/* a screen locker checks its own user; nobody else may probe */
	if (peer->uid != 0 && (!known || u.uid != peer->uid))
		return ad_fail(err, ACCT_ST_DENIED, "%s", AD_DENIED_AUTH);
	/* TODO(issue 3): rate-limit non-root callers; lockout counters */
	if (!known) {
		j->kind = AUTH_UNKNOWN;
	} else if (u.password_hash[0] == '\0') {
		j->kind = AUTH_NO_PASSWORD;
	} else {
		j->kind = AUTH_CHECK;
		memcpy(j->hash, u.password_hash, sizeof(j->hash));
	}
	if (known)
		memcpy(j->name, u.name, sizeof(j->name));
	if (ad_secret_set(&j->pw, pw.p, pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_auth)
{
	struct auth_job *j = calloc(1, sizeof(*j));
	enum acct_pam_result res;
	char msg[AD_MSG_MAX];
	int rc;

	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = auth_prepare(ctx, peer, rq, j, err);
	if (rc != ACCT_ST_OK) {
		auth_job_free(j);
		return rc;
	}
	j->ctx = ctx;
	j->peer = *peer;
	ad_pw_limits_from(ctx->cfg, &j->lim);

	if (ctx->workers == NULL) {
		/* no pool (handler unit tests): the same steps, here */
		auth_work(j);
		res = auth_verdict(j, msg, sizeof(msg));
		acct_put_u32(reply, ACCT_T_PAM_RESULT, res);
		if (msg[0] != '\0')
			acct_put_str(reply, ACCT_T_MESSAGE, msg);
		auth_job_free(j);
		return ACCT_ST_OK;
	}
	if (ad_workers_submit(ctx->workers, auth_work, auth_done, j) < 0) {
		rc = errno;
		auth_job_free(j);
		if (rc == EAGAIN || rc == ESHUTDOWN)
			return ad_fail(err, ACCT_ST_BUSY,
				       "too many logins at once, try again");
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	}
	j->pending = ad_pending_begin(ctx, peer, rq->opcode);
	if (j->pending == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot defer the reply (out of memory)");
	return AD_DISPATCH_PENDING;
}
