/*
 * pam_password.c - CHAUTHTOK, PAM's password change, and the steps it
 * shares with the self-service ME_PASSWORD and ME_DISABLE (pw_change.h).
 *
 * Who may ask: root for anyone, without the current password (the
 * platform operator resets passwords); anyone else only for its own user,
 * and then the current password is checked on a worker, where a wrong one
 * counts toward lockout like a failed login.  A user the login policy
 * refuses (disabled, locked, tenant suspended) cannot change its password
 * either.  PRELIM only checks; otherwise the new password passes the
 * quality rules before anything, is hashed on a worker, written with an
 * audit record, and the verdict comes back as PAM_RESULT (or, for
 * self-service, as the reply's status).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/audit.h"
#include "ops/pam_common.h"
#include "ops/pam_invite.h"
#include "ops/deferred.h"
#include "ops/handlers.h"
#include "ops/pw_change.h"
#include "ops/signin.h"
#include "server/log.h"
#include "ops/password.h"
#include "policy/invite.h"
#include "policy/login.h"
#include "store/lifecycle.h"

#define AD_DENIED_CHAUTHTOK "only root may change another user's password"
#define AD_WRONG_CURRENT "wrong current password"

struct chauthtok_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	enum ad_pw_mode mode; /* how the outcome is answered */
	const struct ad_pw_then *then; /* self-service: what it allows */
	char then_arg[AD_PW_THEN_ARG_MAX + 1];
	struct ad_lineage caller; /* for then->later */
	bool prelim;		  /* check only, change nothing */
	bool check_old;		  /* verify old_pw against hash */
	bool old_too_long; /* over ACCT_MAX_PASSWORD: wrong, after a dummy */
	bool done;	   /* then's change was made */
	/* PAM: a pending user's invitation token as the current password
	 * (pam_invite.h); match is known before the worker runs */
	bool invite;
	uint8_t invite_key[AD_TOKEN_KEY_LEN];
	char action[32]; /* the request's name, for its records */
	char name[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char actor[AD_MAX_ACTOR + 1];
	char where[AD_MSG_MAX];
	char hash[AD_MAX_PWHASH + 1]; /* the stored one */
	struct ad_pw_limits lim;
	struct ad_secret old_pw, new_pw;
	bool match;
	int hashed; /* 0: new_hash holds the new password's hash */
	char new_hash[AD_MAX_PWHASH + 1];
};

static void chauthtok_release(struct ad_deferred *d)
{
	struct chauthtok_job *j = (struct chauthtok_job *)d;

	ad_secret_free(&j->old_pw);
	ad_secret_free(&j->new_pw);
	sodium_memzero(j->hash, sizeof(j->hash));
	sodium_memzero(j->new_hash, sizeof(j->new_hash));
	free(j);
}

/* On a worker: the current password, then (unless only checking) the
 * new one's hash; a wrong current password costs no hash. */
static void chauthtok_work(struct ad_deferred *d)
{
	struct chauthtok_job *j = (struct chauthtok_job *)d;

	if (j->invite)
		; /* the token was checked on the loop */
	else if (j->old_too_long)
		j->match = ad_password_verify_dummy(&j->old_pw);
	else
		j->match = !j->check_old ||
			   ad_password_verify(j->hash, &j->old_pw);
	ad_secret_free(&j->old_pw);
	j->hashed = -1;
	if (j->match && !j->prelim)
		j->hashed = ad_password_hash(&j->new_pw, &j->lim, j->new_hash);
	ad_secret_free(&j->new_pw);
}

/*
 * The outcome res (msg: the line for the user) as mode answers it: PAM,
 * a verdict in an OK reply; self-service, a status with its line.
 */
static int answer(enum ad_pw_mode mode, enum acct_pam_result res,
		  const char *msg, const char *login, struct acct_buf *reply,
		  struct ad_err *err)
{
	if (mode == AD_PW_PAM) {
		ad_pam_put_verdict(reply, res, msg);
		return ACCT_ST_OK;
	}
	switch (res) {
	case ACCT_PAM_OK:
		return ACCT_ST_OK;
	case ACCT_PAM_AUTH_ERR:
		return ad_fail(err, ACCT_ST_DENIED, AD_WRONG_CURRENT);
	case ACCT_PAM_AUTHTOK_ERR:
		return ad_fail(err, ACCT_ST_INVALID, "%s", msg);
	case ACCT_PAM_NO_PASSWORD:
		return ad_fail(err, ACCT_ST_CONFLICT,
			       "account %s has no password to check; the "
			       "operator sets one with 'user passwd'",
			       login);
	case ACCT_PAM_USER_UNKNOWN:
		return ad_fail(err, ACCT_ST_NOTFOUND, "no user '%s'", login);
	default: /* the login policy's refusal */
		return ad_fail(err, ACCT_ST_DENIED, "%s",
			       msg[0] != '\0' ? msg : "refused");
	}
}

/* The login policy on the user as it is now: a change is refused to
 * those who may not log in.  ACCT_PAM_OK, or the refusal (audited). */
static enum acct_pam_result
policy_now(struct ad_ctx *ctx, const struct ad_peer *peer,
	   struct ad_audit_draft *audit, const struct ad_user *u,
	   const struct ad_tenant *t, const char *where, char *msg,
	   size_t msglen)
{
	enum acct_pam_result res;

	res = ad_policy_may_login(u, t, ad_ctx_now(ctx), msg, msglen);
	if (res != ACCT_PAM_OK && res != ACCT_PAM_USER_UNKNOWN) {
		ad_log_peer(LOG_NOTICE, peer,
			    "password change of '%s' refused: %s", u->name,
			    msg);
		ad_audit_refusal(audit, res, u->name, t->slug, where, msg);
	}
	return res;
}

/* The user as it is now, and the login policy on it. */
static int user_now(struct chauthtok_job *j, enum acct_pam_result *res,
		    char *msg, size_t msglen, struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_store_user_login_view(j->d.ctx->store, ad_str_c(j->name), &u,
				      &t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	*res = rc == ACCT_ST_OK ? policy_now(j->d.ctx, &j->d.peer,
					     ad_deferred_audit(&j->d), &u, &t,
					     j->where, msg, msglen)
				: ACCT_PAM_USER_UNKNOWN;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	return ACCT_ST_OK;
}

/* Inside the write: the invitation may still be accepted (arg: now). */
static int invite_guard(void *arg, const struct ad_user *u,
			const struct ad_tenant *t, char *msg, size_t msglen)
{
	return ad_policy_invite_usable(u, t, *(const uint64_t *)arg, msg,
				       msglen);
}

/* The audit record of a job's write: its caller, its user, a success. */
static struct ad_audit_event job_event(const struct chauthtok_job *j)
{
	return (struct ad_audit_event){.actor = j->actor,
				       .has_uid = true,
				       .uid = (uint32_t)j->d.peer.uid,
				       .action = j->action,
				       .target = j->name,
				       .tenant = j->tenant,
				       .result = ACCT_ST_OK,
				       .reason = j->where,
				       .pid = (uint32_t)j->d.peer.pid};
}

/* Back on the loop, an invitation: the token used up, the new hash
 * stored and the user active, in one write with its audit record. */
static int invite_store(struct chauthtok_job *j, struct acct_buf *reply,
			struct ad_err *err)
{
	struct ad_audit_event ev = job_event(j);
	uint64_t now = ad_ctx_now(j->d.ctx);
	struct ad_token_guard guard = {invite_guard, &now};
	enum acct_pam_result res = ACCT_PAM_OK;
	struct ad_user u;
	int rc;

	rc = ad_store_token_activate(j->d.ctx->store, j->invite_key, now,
				     j->new_hash, &guard, &ev, j->actor, &u,
				     err);
	if (rc == ACCT_ST_DENIED) /* used, or the user changed, meanwhile */
		res = ACCT_PAM_AUTH_ERR;
	else if (rc != ACCT_ST_OK)
		return rc;
	else
		ad_log_peer(LOG_NOTICE, &j->d.peer,
			    "user '%s' of tenant '%s' accepted its invitation "
			    "(password chosen through PAM): active",
			    u.name, u.tenant);
	return answer(j->mode, res, "", j->name, reply, err);
}

/* Back on the loop: write the new hash, unless things changed. */
static int chauthtok_store(struct chauthtok_job *j, struct acct_buf *reply,
			   struct ad_err *err)
{
	struct ad_audit_event ev = job_event(j);
	enum acct_pam_result res;
	char msg[AD_MSG_MAX] = "";
	int rc;

	if (j->hashed != 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot hash the password: out of memory");
	if (j->invite)
		return invite_store(j, reply, err);
	/* the user may have been disabled or locked while we hashed */
	rc = user_now(j, &res, msg, sizeof(msg), err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (res == ACCT_PAM_OK) {
		/* self-service: the request's own record commits with it */
		rc = ad_store_user_change_password(
			j->d.ctx->store, ad_str_c(j->name),
			j->check_old ? j->hash : NULL, j->new_hash,
			j->mode == AD_PW_PAM ? &ev : NULL, err);
		if (rc == ACCT_ST_NOTFOUND)
			res = ACCT_PAM_USER_UNKNOWN;
		else if (rc != ACCT_ST_OK)
			return rc;
		else
			ad_log_peer(LOG_NOTICE, &j->d.peer,
				    "password of user '%s' changed", j->name);
		if (rc == ACCT_ST_OK)
			ad_signin_end_user(j->d.ctx, &j->d.peer, j->name);
	}
	return answer(j->mode, res, msg, j->name, reply, err);
}

/* Self-service: a right current password allows j->then's change, if the
 * login policy still agrees. */
static int then_now(struct chauthtok_job *j, struct acct_buf *reply,
		    struct ad_err *err)
{
	enum acct_pam_result res;
	char msg[AD_MSG_MAX] = "";
	int rc;

	rc = user_now(j, &res, msg, sizeof(msg), err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (res != ACCT_PAM_OK)
		return answer(j->mode, res, msg, j->name, reply, err);
	rc = j->then->then(j->d.ctx, &j->d.peer, j->name, j->then_arg, reply,
			   err);
	j->done = rc == ACCT_ST_OK;
	return rc;
}

/* Self-service: a wrong current password, counted toward lockout and
 * recorded with its count, now.  That record is the request's: the one
 * the dispatcher drafted is not written. */
static int self_wrong_password(struct chauthtok_job *j, struct acct_buf *reply,
			       struct ad_err *err)
{
	struct ad_audit_draft *draft = ad_deferred_audit(&j->d);

	ad_store_audit_next(j->d.ctx->store, NULL);
	if (draft != NULL)
		draft->recorded = true;
	ad_pam_record_failure(j->d.ctx, &j->d.peer, j->action, j->name, NULL,
			      j->old_too_long ? AD_WRONG_CURRENT
				      " (over the length limit)"
					      : AD_WRONG_CURRENT);
	return answer(j->mode, ACCT_PAM_AUTH_ERR, "", j->name, reply, err);
}

static int chauthtok_finish(struct ad_deferred *d, struct acct_buf *reply,
			    struct ad_err *err)
{
	struct chauthtok_job *j = (struct chauthtok_job *)d;

	if (!j->match && j->mode == AD_PW_SELF)
		return self_wrong_password(j, reply, err);
	if (!j->match) {
		/* counted once the reply is out (chauthtok_after) */
		ad_pam_put_verdict(reply, ACCT_PAM_AUTH_ERR, "");
		return ACCT_ST_OK;
	}
	if (j->prelim && j->then != NULL)
		return then_now(j, reply, err);
	if (j->prelim)
		return answer(j->mode, ACCT_PAM_OK, "", j->name, reply, err);
	return chauthtok_store(j, reply, err);
}

/* Once the reply is out: count a wrong current password (PAM), or what
 * follows a self-service change. */
static void chauthtok_after(struct ad_deferred *d)
{
	struct chauthtok_job *j = (struct chauthtok_job *)d;

	if (j->done && j->then->later != NULL)
		j->then->later(d->ctx, &d->peer, j->name, j->then_arg,
			       &j->caller);
	if (!j->match && j->mode == AD_PW_PAM)
		ad_pam_record_failure(d->ctx, &d->peer, j->action, j->name,
				      j->where,
				      j->invite ? "wrong invitation token"
				      : j->old_too_long ? AD_WRONG_CURRENT
					      " (over the length "
					      "limit)"
							: AD_WRONG_CURRENT);
}

/*
 * A pending user's invitation token given as the current password: the
 * token, checked now (a wrong one is answered by the worker's job as a
 * wrong password, and counted), and, when it is the user's live one, the
 * login policy for an invited user.  *res: ACCT_PAM_OK to go on, or the
 * policy's refusal (audited).
 */
static int invite_prepare(struct ad_ctx *ctx, const struct ad_peer *peer,
			  const struct ad_request *rq, struct chauthtok_job *j,
			  const struct ad_user *u, const struct ad_tenant *t,
			  enum acct_pam_result *res, char *msg, size_t msglen,
			  struct ad_err *err)
{
	int rc;

	rc = ad_pam_guard(ctx, peer, err);
	if (rc != ACCT_ST_OK)
		return rc;
	j->invite = true;
	j->check_old = false;
	j->match = ad_pam_invite_valid(ctx, j->invite_key, u->uid);
	*res = ACCT_PAM_OK;
	if (!j->match)
		return ACCT_ST_OK;
	*res = ad_policy_invited_login(u, t, ad_ctx_now(ctx), msg, msglen);
	if (*res == ACCT_PAM_NEW_AUTHTOK_REQD) {
		*res = ACCT_PAM_OK;
		msg[0] = '\0';
	} else if (*res != ACCT_PAM_USER_UNKNOWN) {
		ad_log_peer(LOG_NOTICE, peer,
			    "invitation of '%s' not accepted: %s", u->name,
			    msg);
		ad_audit_refusal(rq->audit, *res, u->name, t->slug, j->where,
				 msg);
	}
	return ACCT_ST_OK;
}

/* The user c names: PAM asks ad_pam_target (another's is DENIED);
 * self-service names the caller's own.  *known: u and t are a live user. */
static int find_user(struct ad_ctx *ctx, const struct ad_request *rq,
		     const struct ad_pw_change *c, const char *where,
		     struct ad_user *u, struct ad_tenant *t, bool *known,
		     struct ad_err *err)
{
	int rc;

	if (c->mode == AD_PW_PAM)
		return ad_pam_target(ctx, rq, c->name, where,
				     AD_DENIED_CHAUTHTOK, u, t, known, err);
	rc = ad_store_user_login_view(ctx->store, c->name, u, t, err);
	*known = rc == ACCT_ST_OK && u->status != ACCT_USER_DELETED;
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

/*
 * Everything decided on the loop before any hashing.  Returns a status;
 * with ACCT_ST_OK, *res is the verdict when one is already due (the job
 * then has nothing to do), or ACCT_PAM_OK with the job ready to run.
 */
static int chauthtok_prepare(struct ad_ctx *ctx, const struct ad_peer *peer,
			     const struct ad_request *rq,
			     const struct ad_pw_change *c,
			     struct chauthtok_job *j, enum acct_pam_result *res,
			     char *msg, size_t msglen, struct ad_err *err)
{
	struct ad_str old_pw = c->old_pw;
	struct ad_tenant t;
	struct ad_user u;
	bool known;
	int rc;

	*res = ACCT_PAM_OK;
	msg[0] = '\0';
	/* quality before anything else, so a weak password costs nothing */
	if (c->new_pw.p != NULL &&
	    ad_password_check(c->new_pw.p, c->new_pw.len, c->name.p,
			      c->name.len, ctx->cfg->password_min_length, msg,
			      msglen) < 0) {
		*res = ACCT_PAM_AUTHTOK_ERR;
		return ACCT_ST_OK;
	}
	if (c->mode == AD_PW_PAM)
		ad_describe_pam_request(rq, j->where, sizeof(j->where));
	rc = find_user(ctx, rq, c, j->where, &u, &t, &known, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!known) {
		*res = ACCT_PAM_USER_UNKNOWN;
		goto done;
	}
	if (c->mode == AD_PW_PAM &&
	    ad_pam_invite_key(&u, old_pw, j->invite_key)) {
		rc = invite_prepare(ctx, peer, rq, j, &u, &t, res, msg, msglen,
				    err);
		if (rc == ACCT_ST_OK && *res == ACCT_PAM_OK)
			goto keep;
		goto done;
	}
	*res = policy_now(ctx, peer, rq->audit, &u, &t, j->where, msg, msglen);
	if (*res != ACCT_PAM_OK)
		goto done;
	/* root needs no current password (not with a user's sign-in token:
	 * then the caller is that user); a given one is checked */
	j->check_old = old_pw.p != NULL || rq->caller.uid != 0 ||
		       c->mode == AD_PW_SELF;
	if (j->check_old && old_pw.p == NULL) {
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: %s",
			     ad_tag_name(ACCT_T_OLD_PASSWORD));
		goto done;
	}
	if (j->check_old && u.password_hash[0] == '\0') {
		*res = ACCT_PAM_NO_PASSWORD;
		goto done;
	}
	if (j->check_old) {
		rc = ad_pam_guard(ctx, peer, err);
		if (rc != ACCT_ST_OK)
			goto done;
	}
	/* over the limit is a wrong password, checked for as long as any */
	j->old_too_long = old_pw.len > ACCT_MAX_PASSWORD;
	if (j->old_too_long)
		old_pw.len = ACCT_MAX_PASSWORD;
keep:
	j->prelim = c->prelim;
	memcpy(j->name, u.name, sizeof(j->name));
	memcpy(j->tenant, t.slug, sizeof(j->tenant));
	memcpy(j->hash, u.password_hash, sizeof(j->hash));
	memcpy(j->actor, rq->caller.actor, sizeof(j->actor));
	if ((old_pw.p != NULL &&
	     ad_secret_set(&j->old_pw, old_pw.p, old_pw.len) < 0) ||
	    (c->new_pw.p != NULL &&
	     ad_secret_set(&j->new_pw, c->new_pw.p, c->new_pw.len) < 0))
		rc = ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
done:
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	return rc;
}

int ad_pw_change_run(struct ad_ctx *ctx, const struct ad_peer *peer,
		     const struct ad_request *rq, const struct ad_pw_change *c,
		     struct acct_buf *reply, struct ad_err *err)
{
	char msg[AD_MSG_MAX], login[ACCT_MAX_NAME + 1];
	struct chauthtok_job *j;
	enum acct_pam_result res;
	int rc;

	j = calloc(1, sizeof(*j));
	if (j == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	j->mode = c->mode;
	j->then = c->then;
	if (c->then_arg != NULL &&
	    snprintf(j->then_arg, sizeof(j->then_arg), "%s", c->then_arg) >=
		    (int)sizeof(j->then_arg)) {
		chauthtok_release(&j->d);
		return ad_fail(err, ACCT_ST_INTERNAL, "then_arg too long");
	}
	if (c->then != NULL && c->then->later != NULL)
		ad_lineage_read((pid_t)peer->pid, &j->caller);
	snprintf(j->action, sizeof(j->action), "%s", ad_op_label(rq->opcode));
	rc = chauthtok_prepare(ctx, peer, rq, c, j, &res, msg, sizeof(msg),
			       err);
	if (rc != ACCT_ST_OK || res != ACCT_PAM_OK ||
	    (j->prelim && !j->check_old && !j->invite)) {
		/* refused, or nothing to verify nor hash */
		if (rc == ACCT_ST_OK)
			rc = answer(c->mode, res, msg,
				    ad_printable(login, sizeof(login), c->name),
				    reply, err);
		chauthtok_release(&j->d);
		return rc;
	}
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = chauthtok_work,
				    .finish = chauthtok_finish,
				    .after = chauthtok_after,
				    .release = chauthtok_release};
	ad_pw_limits_from(ctx->cfg, &j->lim);
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many password requests at once, try "
			       "again");
}

/* The request's fields. */
static int read_args(const struct ad_request *rq, struct ad_pw_change *c,
		     struct ad_err *err)
{
	uint32_t prelim = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	c->mode = AD_PW_PAM;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &c->name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_PRELIM, false,
				&prelim, NULL, err);
	c->prelim = prelim == 1;
	/* pam_accounts.so's PRELIM carries no new password */
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD,
				!c->prelim, &c->new_pw, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_OLD_PASSWORD,
				false, &c->old_pw, err);
	return rc;
}

AD_HANDLER(ad_handle_chauthtok)
{
	struct ad_pw_change c;
	int rc;

	rc = read_args(rq, &c, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_pw_change_run(ctx, peer, rq, &c, reply, err);
}
