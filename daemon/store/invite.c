/*
 * invite.c - invitations and email changes, each in one write (see
 * invite.h): the user, its token and its mail commit together or not at
 * all.
 */
#include <stdio.h>

#include <sodium.h>

#include "store/invite.h"
#include "store/priv.h"

int ad_store_email_normal(struct ad_str s, char *dst, struct ad_err *err)
{
	dst[0] = '\0';
	if (!ad_str_given(s))
		return ACCT_ST_OK;
	return st_check_email(s, dst, err);
}

/* ---- invitations ---- */

static int invite_in(struct st_wtx *w, const struct st_user_new *n,
		     ad_tenant_open_fn open, const struct ad_token_issue *iss,
		     struct ad_user *u)
{
	struct ad_token tok;
	int rc;

	rc = st_user_create_in(w, n, open, ACCT_USER_PENDING, u);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&tok, 0, sizeof(tok));
	tok.kind = iss->kind;
	tok.uid = u->uid;
	tok.created = iss->now;
	tok.expires = iss->expires;
	rc = st_token_put(w, iss->key, &tok);
	if (rc == ACCT_ST_OK && iss->mail != NULL)
		rc = st_outbox_put(w, iss->mail);
	return rc;
}

int ad_store_user_invite(struct ad_store *st, const struct ad_user_spec *spec,
			 ad_tenant_open_fn open,
			 const struct ad_token_issue *iss, const char *actor,
			 struct ad_user *out, struct ad_err *err)
{
	struct st_user_new n;
	struct ad_user u;
	struct st_wtx w;
	int rc;

	if (iss->kind != AD_TOKEN_INVITE)
		return st_fail(err, ACCT_ST_INTERNAL, "not an invitation");
	rc = st_check_user_new(spec, st_cfg(st), &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, invite_in(&w, &n, open, iss, &u));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

/* ---- email changes ---- */

/* guard's verdict on u and address. */
static int ask(struct st_wtx *w, const struct ad_email_guard *guard,
	       const struct ad_user *u, const char *address)
{
	char msg[AD_MSG_MAX] = "";

	if (guard == NULL)
		return ACCT_ST_OK;
	return st_verdict(w->err,
			  guard->fn(guard->arg, u, address, msg, sizeof(msg)),
			  msg);
}

/* The live user uid, with its tenant's slug. */
static int live_user(struct st_wtx *w, uint32_t uid, struct ad_user *u,
		     struct ad_tenant *t)
{
	int rc;

	rc = st_user_by_uid(w->txn, w->st, uid, u, w->err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND, "no user has uid %u",
			       uid);
	if (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED)
		return st_fail(w->err, ACCT_ST_CONFLICT, "user '%s' is deleted",
			       u->name);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, u, t, w->err);
	return rc;
}

static int change_in(struct st_wtx *w, const struct ad_email_change *c,
		     const struct ad_email_guard *guard, struct ad_user *u,
		     uint32_t *revoked)
{
	struct ad_token tok;
	struct ad_tenant t;
	int rc;

	rc = live_user(w, c->uid, u, &t);
	if (rc == ACCT_ST_OK)
		rc = ask(w, guard, u, c->email);
	if (rc == ACCT_ST_OK && strcmp(u->email, c->email) != 0) {
		rc = st_email_del(w, u);
		snprintf(u->email, sizeof(u->email), "%s", c->email);
		if (rc == ACCT_ST_OK)
			rc = st_email_free(w, u, t.slug);
		if (rc == ACCT_ST_OK)
			rc = st_email_put(w, u);
	}
	if (rc != ACCT_ST_OK)
		return rc;
	u->email_verified_at = 0; /* until the new token comes back */
	u->updated = w->now;
	rc = st_user_save(w, u);
	if (rc == ACCT_ST_OK)
		rc = st_token_revoke(w, u->uid, 0, NULL, revoked);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&tok, 0, sizeof(tok));
	tok.kind = AD_TOKEN_EMAIL_VERIFY;
	tok.uid = u->uid;
	tok.created = c->now;
	tok.expires = c->expires;
	snprintf(tok.data, sizeof(tok.data), "%s", u->email);
	rc = st_token_put(w, c->key, &tok);
	if (rc == ACCT_ST_OK && c->mail != NULL)
		rc = st_outbox_put(w, c->mail);
	return rc;
}

int ad_store_email_change(struct ad_store *st, const struct ad_email_change *c,
			  const struct ad_email_guard *guard, const char *actor,
			  struct ad_user *out, uint32_t *revoked,
			  struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	uint32_t n = 0;
	int rc;

	*revoked = 0;
	if (c->email == NULL || strlen(c->email) > AD_MAX_EMAIL)
		return st_fail(err, ACCT_ST_INTERNAL, "bad email");
	memset(&u, 0, sizeof(u));
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, change_in(&w, c, guard, &u, &n));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		return rc;
	*revoked = n;
	if (out != NULL)
		*out = u;
	return ACCT_ST_OK;
}

static int verify_in(struct st_wtx *w, const uint8_t *key, uint32_t uid,
		     uint64_t now, const struct ad_email_guard *guard,
		     struct ad_user *u)
{
	struct ad_token tok;
	struct ad_tenant t;
	int rc;

	rc = st_token_use(w, key, AD_TOKEN_EMAIL_VERIFY, now, &tok);
	/* another's token: refused, and aborted, so not used up either */
	if (rc == ACCT_ST_OK && tok.uid != uid)
		return st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc == ACCT_ST_OK)
		rc = live_user(w, uid, u, &t);
	if (rc == ACCT_ST_OK && ask(w, guard, u, tok.data) != ACCT_ST_OK)
		return st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc != ACCT_ST_OK)
		return rc;
	u->email_verified_at = now > 0 ? now : 1;
	u->updated = w->now;
	return st_user_save(w, u);
}

int ad_store_email_verify(struct ad_store *st,
			  const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t uid,
			  uint64_t now, const struct ad_email_guard *guard,
			  const char *actor, struct ad_user *out,
			  struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, verify_in(&w, key, uid, now, guard, &u));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}
