/*
 * token_issue.c - tokens with what goes with them, each in one write
 * (see token.h): issuing one with its mail, and using one up to set its
 * user's password.  The caller's guard decides about the user inside the
 * write; the store keeps to it.
 */
#include <stdio.h>

#include <sodium.h>

#include "store/audit.h"
#include "store/priv.h"
#include "store/token.h"

/* The guard's verdict on u of tenant t (NULL guard: nothing to decide). */
static int ask(struct st_wtx *w, const struct ad_token_guard *guard,
	       const struct ad_user *u, const struct ad_tenant *t)
{
	char msg[AD_MSG_MAX] = "";

	if (guard == NULL)
		return ACCT_ST_OK;
	return st_verdict(w->err, guard->fn(guard->arg, u, t, msg, sizeof(msg)),
			  msg);
}

static int issue_in(struct st_wtx *w, const struct ad_token_issue *iss,
		    const struct ad_token_guard *guard, struct ad_user *u)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_token tok;
	struct ad_tenant t;
	int rc;

	rc = st_user_by_name(w->txn, w->st, iss->login, u, w->err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(
			w->err, ACCT_ST_NOTFOUND, "no user '%s'",
			st_show(q, sizeof(q), iss->login.p, iss->login.len));
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, u, &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = ask(w, guard, u, &t);
	if (rc == ACCT_ST_OK && iss->replace)
		rc = st_token_revoke(w, u->uid, iss->kind, NULL, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&tok, 0, sizeof(tok));
	tok.kind = iss->kind;
	tok.uid = u->uid;
	tok.created = iss->now;
	tok.expires = iss->expires;
	if (iss->data != NULL && snprintf(tok.data, sizeof(tok.data), "%s",
					  iss->data) >= (int)sizeof(tok.data))
		return st_fail(w->err, ACCT_ST_INVALID,
			       "the token's data is too long");
	rc = st_token_put(w, iss->key, &tok);
	if (rc == ACCT_ST_OK && iss->mail != NULL)
		rc = st_outbox_put(w, iss->mail);
	return rc;
}

int ad_store_token_issue(struct ad_store *st, const struct ad_token_issue *iss,
			 const struct ad_token_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = st_check_login_field(iss->login, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, issue_in(&w, iss, guard, &u));
	/* the hash has no business outside the store here */
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

/* The token's user, live and as the guard wants it; anything else is the
 * token's one refusal (a token outliving its user tells nothing). */
static int token_user(struct st_wtx *w, const struct ad_token *tok,
		      const struct ad_token_guard *guard, struct ad_user *u)
{
	struct ad_tenant t;
	int rc;

	rc = st_user_by_uid(w->txn, w->st, tok->uid, u, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED))
		return st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, u, &t, w->err);
	if (rc == ACCT_ST_OK && ask(w, guard, u, &t) != ACCT_ST_OK)
		return st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	return rc;
}

/* What using a token up sets besides the password. */
struct token_password {
	uint32_t status;		 /* the user's new status; 0: kept */
	const struct ad_audit_event *ev; /* appended too; NULL: none */
};

static int set_password_in(struct st_wtx *w, const uint8_t *key, uint32_t kind,
			   uint64_t now, const char *hash,
			   const struct ad_token_guard *guard,
			   const struct token_password *tp, struct ad_user *u)
{
	size_t len = strlen(hash);
	struct ad_token tok;
	int rc;

	if (len == 0 || len > AD_MAX_PWHASH)
		return st_fail(w->err, ACCT_ST_INTERNAL, "bad password hash");
	rc = st_token_use(w, key, kind, now, &tok);
	if (rc == ACCT_ST_OK)
		rc = token_user(w, &tok, guard, u);
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(u->password_hash, hash, len + 1);
	(void)ad_user_clear_failures(u);
	if (tp->status != 0) {
		u->status = tp->status;
		u->status_reason[0] = '\0';
	}
	u->updated = w->now;
	rc = st_user_save(w, u);
	/* a new password: every other token of the user is void */
	if (rc == ACCT_ST_OK)
		rc = st_token_revoke(w, u->uid, 0, key, NULL);
	if (rc == ACCT_ST_OK && tp->ev != NULL)
		rc = ad_audit_append_in(w, tp->ev);
	return rc;
}

int ad_store_token_set_password(struct ad_store *st,
				const uint8_t key[AD_TOKEN_KEY_LEN],
				uint32_t kind, uint64_t now, const char *hash,
				const struct ad_token_guard *guard,
				const char *actor, struct ad_user *out,
				struct ad_err *err)
{
	static const struct token_password keep = {0, NULL};
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, set_password_in(&w, key, kind, now, hash, guard,
					      &keep, &u));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

int ad_store_token_activate(struct ad_store *st,
			    const uint8_t key[AD_TOKEN_KEY_LEN], uint64_t now,
			    const char *hash,
			    const struct ad_token_guard *guard,
			    const struct ad_audit_event *ev, const char *actor,
			    struct ad_user *out, struct ad_err *err)
{
	const struct token_password active = {ACCT_USER_ACTIVE, ev};
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, set_password_in(&w, key, AD_TOKEN_INVITE, now,
					      hash, guard, &active, &u));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}
