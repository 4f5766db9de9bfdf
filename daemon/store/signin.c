/*
 * signin.c - sign-ins in the token store (see signin.h): a user's tokens
 * found through the tokens-by-uid index, those of one sign-in picked by
 * their DATA, and removed after the scan that found them.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "store/priv.h"
#include "store/signin.h"

/* ---- a user's tokens ---- */

/* fn(arg, key, t) for each of uid's tokens (key lives until the next
 * change).  ACCT_ST_OK, or the store's failure. */
typedef void (*scan_fn)(void *arg, const uint8_t *key,
			const struct ad_token *t);

static int scan(struct st_wtx *w, uint32_t uid, scan_fn fn, void *arg)
{
	uint8_t k[4];
	MDB_val mk = {sizeof(k), k}, mv;
	MDB_cursor *cur;
	struct ad_token t;
	int rc = ACCT_ST_OK, mrc;

	acct_be32_put(k, uid);
	mrc = mdb_cursor_open(w->txn, w->st->dbi[DB_TOKEN_BY_UID], &cur);
	if (mrc != 0)
		return st_mdb_fail(w->err, mrc, "token_by_uid");
	for (mrc = mdb_cursor_get(cur, &mk, &mv, MDB_SET); mrc == 0;
	     mrc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT_DUP)) {
		if (mv.mv_size != AD_TOKEN_KEY_LEN) {
			mrc = MDB_CORRUPTED;
			break;
		}
		rc = st_token_get(w->txn, w->st, mv.mv_data, &t, w->err);
		if (rc == ACCT_ST_NOTFOUND) {
			rc = ACCT_ST_OK; /* an index entry without its token */
			continue;
		}
		if (rc != ACCT_ST_OK)
			break;
		fn(arg, mv.mv_data, &t);
	}
	mdb_cursor_close(cur);
	if (rc == ACCT_ST_OK && mrc != 0 && mrc != MDB_NOTFOUND)
		rc = st_mdb_fail(w->err, mrc, "token_by_uid");
	return rc;
}

/* What one scan picked to remove: keys, with what token_drop needs. */
struct picked {
	uint8_t (*key)[AD_TOKEN_KEY_LEN];
	uint64_t *expires;
	size_t n, cap;
	bool nomem;
};

static void pick(struct picked *p, const uint8_t *key, uint64_t expires)
{
	if (p->n == p->cap) {
		size_t cap = p->cap != 0 ? 2 * p->cap : 8;
		void *k = realloc(p->key, cap * sizeof(p->key[0]));
		void *e = k != NULL
				  ? realloc(p->expires, cap * sizeof(uint64_t))
				  : NULL;

		if (k != NULL)
			p->key = k;
		if (e == NULL) {
			p->nomem = true;
			return;
		}
		p->expires = e;
		p->cap = cap;
	}
	memcpy(p->key[p->n], key, AD_TOKEN_KEY_LEN);
	p->expires[p->n++] = expires;
}

static void picked_free(struct picked *p)
{
	free(p->key);
	free(p->expires);
	memset(p, 0, sizeof(*p));
}

/* Remove the picked tokens of uid; *n (may be NULL) adds how many. */
static int drop_picked(struct st_wtx *w, uint32_t uid, struct picked *p,
		       uint32_t *n)
{
	struct ad_token t;
	int rc = ACCT_ST_OK;

	if (p->nomem)
		rc = st_fail(w->err, ACCT_ST_INTERNAL, "out of memory");
	for (size_t i = 0; i < p->n && rc == ACCT_ST_OK; i++) {
		memset(&t, 0, sizeof(t));
		t.uid = uid;
		t.expires = p->expires[i];
		rc = st_token_drop(w, p->key[i], &t);
		if (rc == ACCT_ST_OK && n != NULL)
			(*n)++;
	}
	picked_free(p);
	return rc;
}

static bool signin_kind(uint32_t kind)
{
	return kind == AD_TOKEN_ACCESS || kind == AD_TOKEN_REFRESH;
}

/* ---- removing a sign-in's tokens ---- */

/* Which of a user's tokens to remove: a sign-in's (sid), or all its
 * sign-ins' (sid NULL); of one kind, or both (kind 0). */
struct which {
	const char *sid;
	uint32_t kind;
	struct picked picked;
};

static void pick_which(void *arg, const uint8_t *key, const struct ad_token *t)
{
	struct which *wh = arg;

	if (signin_kind(t->kind) && (wh->kind == 0 || t->kind == wh->kind) &&
	    (wh->sid == NULL || strcmp(t->data, wh->sid) == 0))
		pick(&wh->picked, key, t->expires);
}

static int drop_which(struct st_wtx *w, uint32_t uid, const char *sid,
		      uint32_t kind, uint32_t *n)
{
	struct which wh = {sid, kind, {0}};
	int rc = scan(w, uid, pick_which, &wh);

	if (rc != ACCT_ST_OK) {
		picked_free(&wh.picked);
		return rc;
	}
	return drop_picked(w, uid, &wh.picked, n);
}

static bool sid_ok(const char *sid)
{
	size_t n = strlen(sid);

	return n == AD_SIGNIN_ID_LEN &&
	       strspn(sid, "0123456789abcdef") == AD_SIGNIN_ID_LEN;
}

/* ---- bounds ---- */

/* The user's live sign-ins (their unused, unexpired refresh tokens) and
 * the one begun or renewed least recently. */
struct live {
	uint64_t now;
	uint32_t count;
	uint64_t first_created;
	char first_sid[AD_SIGNIN_ID_LEN + 1];
};

static void count_live(void *arg, const uint8_t *key, const struct ad_token *t)
{
	struct live *l = arg;

	(void)key;
	if (t->kind != AD_TOKEN_REFRESH || t->used_at != 0 ||
	    t->expires <= l->now || !sid_ok(t->data))
		return;
	if (l->count++ == 0 || t->created < l->first_created) {
		l->first_created = t->created;
		memcpy(l->first_sid, t->data, AD_SIGNIN_ID_LEN);
		l->first_sid[AD_SIGNIN_ID_LEN] = '\0';
	}
}

/* Room for one more sign-in of uid within max: the stalest ones end. */
static int make_room(struct st_wtx *w, uint32_t uid, uint32_t max, uint64_t now,
		     uint32_t *ended)
{
	struct live l;
	uint32_t gone;
	int rc;

	for (;;) {
		memset(&l, 0, sizeof(l));
		l.now = now;
		rc = scan(w, uid, count_live, &l);
		if (rc != ACCT_ST_OK || l.count < max)
			return rc;
		gone = 0;
		rc = drop_which(w, uid, l.first_sid, 0, &gone);
		if (rc == ACCT_ST_OK && gone == 0)
			rc = st_fail(w->err, ACCT_ST_INTERNAL,
				     "cannot end a sign-in");
		if (rc != ACCT_ST_OK)
			return rc;
		(*ended)++;
	}
}

/* A sign-in's used refresh tokens, and the one used first. */
struct used {
	const char *sid;
	uint32_t count;
	uint64_t first_used, first_expires;
	uint8_t first_key[AD_TOKEN_KEY_LEN];
};

static void count_used(void *arg, const uint8_t *key, const struct ad_token *t)
{
	struct used *u = arg;

	if (t->kind != AD_TOKEN_REFRESH || t->used_at == 0 ||
	    strcmp(t->data, u->sid) != 0)
		return;
	if (u->count++ == 0 || t->used_at < u->first_used) {
		u->first_used = t->used_at;
		u->first_expires = t->expires;
		memcpy(u->first_key, key, AD_TOKEN_KEY_LEN);
	}
}

/* Keep the newest AD_SIGNIN_KEEP_USED used refresh tokens of sid. */
static int trim_used(struct st_wtx *w, uint32_t uid, const char *sid)
{
	struct ad_token t;
	struct used u;
	int rc;

	for (;;) {
		memset(&u, 0, sizeof(u));
		u.sid = sid;
		rc = scan(w, uid, count_used, &u);
		if (rc != ACCT_ST_OK || u.count <= AD_SIGNIN_KEEP_USED)
			return rc;
		memset(&t, 0, sizeof(t));
		t.uid = uid;
		t.expires = u.first_expires;
		rc = st_token_drop(w, u.first_key, &t);
		if (rc != ACCT_ST_OK)
			return rc;
	}
}

/* ---- the pair ---- */

static int put_pair(struct st_wtx *w, uint32_t uid, const char *sid,
		    const struct ad_signin_keys *k)
{
	struct ad_token t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.kind = AD_TOKEN_ACCESS;
	t.uid = uid;
	t.created = k->now;
	t.expires = k->access_expires;
	memcpy(t.data, sid, AD_SIGNIN_ID_LEN);
	rc = st_token_put(w, k->access, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	t.kind = AD_TOKEN_REFRESH;
	t.expires = k->refresh_expires;
	return st_token_put(w, k->refresh, &t);
}

/* The guard's verdict on u (NULL: nothing to decide). */
static int ask(struct st_wtx *w, const struct ad_token_guard *guard,
	       const struct ad_user *u, const struct ad_tenant *t)
{
	char msg[AD_MSG_MAX] = "";

	if (guard == NULL)
		return ACCT_ST_OK;
	return st_verdict(w->err, guard->fn(guard->arg, u, t, msg, sizeof(msg)),
			  msg);
}

/* ---- begin ---- */

struct begin {
	struct ad_str login;
	const char *sid;
	const struct ad_signin_keys *k;
	uint32_t max;
	const struct ad_token_guard *guard;
	struct ad_user *u;
	uint32_t *ended;
};

static int begin_in(struct st_wtx *w, const struct begin *b)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_tenant t;
	int rc;

	rc = st_user_by_name(w->txn, w->st, b->login, b->u, w->err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND, "no user '%s'",
			       st_show(q, sizeof(q), b->login.p, b->login.len));
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, b->u, &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = ask(w, b->guard, b->u, &t);
	if (rc == ACCT_ST_OK && ad_user_clear_failures(b->u)) {
		b->u->updated = w->now;
		rc = st_user_save(w, b->u);
	}
	if (rc == ACCT_ST_OK)
		rc = make_room(w, b->u->uid, b->max, b->k->now, b->ended);
	if (rc == ACCT_ST_OK)
		rc = put_pair(w, b->u->uid, b->sid, b->k);
	return rc;
}

int ad_store_signin_begin(struct ad_store *st, struct ad_str login,
			  const char *sid, const struct ad_signin_keys *k,
			  uint32_t max, const struct ad_token_guard *guard,
			  const char *actor, struct ad_user *out,
			  uint32_t *ended, struct ad_err *err)
{
	struct ad_user u;
	struct begin b = {login, sid, k, max > 0 ? max : 1, guard, &u, ended};
	struct st_wtx w;
	int rc;

	*ended = 0;
	memset(&u, 0, sizeof(u));
	if (!sid_ok(sid))
		return st_fail(err, ACCT_ST_INTERNAL, "bad sign-in id");
	rc = st_check_login_field(login, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, begin_in(&w, &b));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		*ended = 0;
	else if (out != NULL)
		*out = u;
	return rc;
}

/* ---- renew ---- */

/* The token's user, live; anything else is the token's one refusal. */
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
	if (rc == ACCT_ST_OK)
		rc = ask(w, guard, u, &t);
	return rc;
}

static int renew_in(struct st_wtx *w, const uint8_t *old,
		    const struct ad_signin_keys *k,
		    const struct ad_token_guard *guard, struct ad_user *u,
		    char *sid)
{
	struct ad_token tok;
	int rc;

	rc = st_token_use(w, old, AD_TOKEN_REFRESH, k->now, &tok);
	if (rc == ACCT_ST_OK && !sid_ok(tok.data))
		rc = st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc == ACCT_ST_OK)
		rc = token_user(w, &tok, guard, u);
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(sid, tok.data, AD_SIGNIN_ID_LEN + 1);
	rc = drop_which(w, u->uid, sid, AD_TOKEN_ACCESS, NULL);
	if (rc == ACCT_ST_OK)
		rc = trim_used(w, u->uid, sid);
	if (rc == ACCT_ST_OK)
		rc = put_pair(w, u->uid, sid, k);
	return rc;
}

int ad_store_signin_renew(struct ad_store *st,
			  const uint8_t old[AD_TOKEN_KEY_LEN],
			  const struct ad_signin_keys *k,
			  const struct ad_token_guard *guard, const char *actor,
			  struct ad_user *out, char sid[AD_SIGNIN_ID_LEN + 1],
			  struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u));
	sid[0] = '\0';
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, renew_in(&w, old, k, guard, &u, sid));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		sid[0] = '\0';
	else if (out != NULL)
		*out = u;
	return rc;
}

/* ---- end ---- */

static int end_in(struct st_wtx *w, const uint8_t *key, uint64_t now,
		  struct ad_user *u, uint32_t *n)
{
	struct ad_tenant t;
	struct ad_token tok;
	int rc;

	rc = st_token_get(w->txn, w->st, key, &tok, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && (!signin_kind(tok.kind) ||
				  now >= tok.expires || !sid_ok(tok.data))))
		return st_fail(w->err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc == ACCT_ST_OK)
		rc = st_user_by_uid(w->txn, w->st, tok.uid, u, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, u, &t, w->err);
	if (rc == ACCT_ST_NOTFOUND) {
		/* its user is gone: the tokens go all the same */
		memset(u, 0, sizeof(*u));
		u->uid = tok.uid;
	} else if (rc != ACCT_ST_OK) {
		return rc;
	}
	return drop_which(w, tok.uid, tok.data, 0, n);
}

int ad_store_signin_end(struct ad_store *st,
			const uint8_t key[AD_TOKEN_KEY_LEN], uint64_t now,
			const char *actor, struct ad_user *out, uint32_t *n,
			struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	*n = 0;
	memset(&u, 0, sizeof(u));
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, end_in(&w, key, now, &u, n));
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		*n = 0;
	else if (out != NULL)
		*out = u;
	return rc;
}

static int end_user_in(struct st_wtx *w, struct ad_str login, uint32_t *n)
{
	struct ad_user u;
	int rc;

	rc = st_user_by_name(w->txn, w->st, login, &u, w->err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == ACCT_ST_OK)
		rc = drop_which(w, u.uid, NULL, 0, n);
	return rc;
}

int ad_store_signin_end_user(struct ad_store *st, struct ad_str login,
			     const char *actor, uint32_t *n, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*n = 0;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, end_user_in(&w, login, n));
	if (rc != ACCT_ST_OK)
		*n = 0;
	return rc;
}
