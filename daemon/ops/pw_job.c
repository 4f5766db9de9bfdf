/* pw_job.c - a new password hashed on a worker (see pw_job.h). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/pw_job.h"
#include "store/token.h"

static void release(struct ad_deferred *d)
{
	struct ad_pw_job *j = (struct ad_pw_job *)d;

	ad_secret_free(&j->pw);
	sodium_memzero(j, j->size);
	free(j);
}

/* On a worker: the hash.  The cleartext goes as soon as it is used. */
static void work(struct ad_deferred *d)
{
	struct ad_pw_job *j = (struct ad_pw_job *)d;

	j->hashed = ad_password_hash(&j->pw, &j->lim, j->hash);
	ad_secret_free(&j->pw);
}

void *ad_pw_job_new(size_t size, struct ad_ctx *ctx, const struct ad_peer *peer,
		    const struct ad_request *rq, ad_deferred_finish_fn finish)
{
	struct ad_pw_job *j = calloc(1, size);

	if (j == NULL)
		return NULL;
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = work,
				    .finish = finish,
				    .release = release};
	j->size = size;
	memcpy(j->actor, rq->caller.actor, sizeof(j->actor));
	ad_pw_limits_from(ctx->cfg, &j->lim);
	return j;
}

int ad_pw_job_keep(struct ad_pw_job *j, struct ad_str pw, struct ad_err *err)
{
	if (ad_secret_set(&j->pw, pw.p, pw.len) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

int ad_pw_job_run(struct ad_pw_job *j, int status, const struct ad_request *rq,
		  struct acct_buf *reply, struct ad_err *err)
{
	if (status != ACCT_ST_OK) {
		release(&j->d);
		return status;
	}
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many password requests at once, try "
			       "again");
}

int ad_pw_job_hashed(const struct ad_pw_job *j, struct ad_err *err)
{
	if (j->hashed != 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot hash the password: out of memory");
	return ACCT_ST_OK;
}

int ad_pw_job_token(struct ad_ctx *ctx, const struct ad_request *rq,
		    uint32_t kind, ad_token_user_fn usable, struct ad_pw_job *j,
		    uint8_t *key, struct ad_err *err)
{
	char msg[AD_MSG_MAX] = "";
	struct ad_str token, pw;
	struct ad_token tok;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_TOKEN, true, &token, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_PASSWORD, true,
				&pw, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_token_key(kind, token.p, token.len, key) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	rc = ad_store_token_check(ctx->store, key, kind, ad_ctx_now(ctx), &tok,
				  err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, tok.uid, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	rc = usable(&u, &t, ad_ctx_now(ctx), msg, sizeof(msg));
	if (rc != ACCT_ST_OK)
		return msg[0] != '\0'
			       ? ad_fail(err, rc, "%s", msg)
			       : ad_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, u.name, t.slug, NULL);
	if (ad_password_check(pw.p, pw.len, u.name, strlen(u.name),
			      ctx->cfg->password_min_length, msg,
			      sizeof(msg)) < 0)
		return ad_fail(err, ACCT_ST_INVALID, "%s", msg);
	return ad_pw_job_keep(j, pw, err);
}
