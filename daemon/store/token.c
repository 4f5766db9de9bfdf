/*
 * token.c - the "tokens" database and its two indexes (see token.h):
 * tokens by uid (dupsort: uid -> keys) for revoking a user's tokens, and
 * by expiry (expiry + key) for the sweep.  The three change together.
 */
#include "store/priv.h"
#include "store/token.h"

#define UID_LEN 4
#define EXPIRY_KEY_LEN (8 + AD_TOKEN_KEY_LEN)

/* ---- records ---- */

static void token_encode(struct acct_buf *b, const struct ad_token *t)
{
	acct_put_u32(b, ACCT_T_TOKEN_KIND, t->kind);
	acct_put_u32(b, ACCT_T_UID, t->uid);
	acct_put_u64(b, ACCT_T_CREATED, t->created);
	acct_put_u64(b, ACCT_T_EXPIRES, t->expires);
	if (t->used_at != 0)
		acct_put_u64(b, ACCT_T_USED_AT, t->used_at);
	if (t->data[0] != '\0')
		acct_put_str(b, ACCT_T_TOKEN_DATA, t->data);
}

static int token_decode(const void *p, size_t len, struct ad_token *t)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(t, 0, sizeof(*t));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_TOKEN_KIND:
			bad |= acct_get_u32(&f, &t->kind);
			break;
		case ACCT_T_UID:
			bad |= acct_get_u32(&f, &t->uid);
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &t->created);
			break;
		case ACCT_T_EXPIRES:
			bad |= acct_get_u64(&f, &t->expires);
			break;
		case ACCT_T_USED_AT:
			bad |= acct_get_u64(&f, &t->used_at);
			break;
		case ACCT_T_TOKEN_DATA:
			bad |= acct_get_strcpy(&f, t->data, sizeof(t->data));
			break;
		default: /* a newer version's field */
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

/* The token under key into t: 0, MDB_NOTFOUND, or another LMDB error
 * (MDB_CORRUPTED for a record that does not decode). */
static int token_get(MDB_txn *txn, struct ad_store *st,
		     const uint8_t key[AD_TOKEN_KEY_LEN], struct ad_token *t)
{
	MDB_val val;
	int rc;

	rc = st_get(txn, st->dbi[DB_TOKENS], key, AD_TOKEN_KEY_LEN, &val);
	if (rc == 0 && token_decode(val.mv_data, val.mv_size, t) < 0)
		rc = MDB_CORRUPTED;
	return rc;
}

static int token_save(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		      const struct ad_token *t, unsigned flags)
{
	acct_buf_reset(&w->st->rec);
	token_encode(&w->st->rec, t);
	if (w->st->rec.err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a token");
	return st_put(w, DB_TOKENS, key, AD_TOKEN_KEY_LEN, w->st->rec.data,
		      w->st->rec.len, flags);
}

static void expiry_key(uint8_t k[EXPIRY_KEY_LEN], uint64_t expires,
		       const uint8_t key[AD_TOKEN_KEY_LEN])
{
	acct_be64_put(k, expires);
	memcpy(k + 8, key, AD_TOKEN_KEY_LEN);
}

/* ---- writes ---- */

int st_token_put(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		 const struct ad_token *t)
{
	uint8_t uid[UID_LEN], ek[EXPIRY_KEY_LEN];
	int rc;

	if (ad_token_prefix(t->kind) == NULL || t->uid == 0)
		return st_fail(w->err, ACCT_ST_INTERNAL, "bad token");
	acct_be32_put(uid, t->uid);
	expiry_key(ek, t->expires, key);
	rc = token_save(w, key, t, MDB_NOOVERWRITE);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_TOKEN_BY_UID, uid, sizeof(uid), key,
			    AD_TOKEN_KEY_LEN, MDB_NODUPDATA);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_TOKEN_EXPIRY, ek, sizeof(ek), NULL, 0, 0);
	return rc;
}

/* Remove the token t under key, and its index entries. */
static int token_drop(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		      const struct ad_token *t)
{
	uint8_t uid[UID_LEN], ek[EXPIRY_KEY_LEN];
	MDB_val k = {sizeof(uid), uid}, v = {AD_TOKEN_KEY_LEN, (void *)key};
	int rc;

	acct_be32_put(uid, t->uid);
	expiry_key(ek, t->expires, key);
	rc = st_del(w, DB_TOKENS, key, AD_TOKEN_KEY_LEN);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_TOKEN_EXPIRY, ek, sizeof(ek));
	if (rc == ACCT_ST_OK) {
		int mrc = mdb_del(w->txn, w->st->dbi[DB_TOKEN_BY_UID], &k, &v);

		if (mrc != 0 && mrc != MDB_NOTFOUND)
			rc = st_mdb_fail(w->err, mrc, "token_by_uid");
	}
	return rc;
}

/* Is t good for kind at now?  The one refusal whatever is wrong. */
static int token_usable(const struct ad_token *t, uint32_t kind, uint64_t now,
			struct ad_err *err)
{
	if (t->kind != kind || t->used_at != 0 || now >= t->expires)
		return st_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	return ACCT_ST_OK;
}

/* token_get with the store's statuses: an absent token is refused. */
static int token_find(MDB_txn *txn, struct ad_store *st,
		      const uint8_t key[AD_TOKEN_KEY_LEN], struct ad_token *t,
		      struct ad_err *err)
{
	int rc = token_get(txn, st, key, t);

	if (rc == MDB_NOTFOUND)
		return st_fail(err, ACCT_ST_DENIED, AD_TOKEN_REFUSED);
	if (rc != 0)
		return st_mdb_fail(err, rc, "tokens");
	return ACCT_ST_OK;
}

int st_token_use(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		 uint32_t kind, uint64_t now, struct ad_token *out)
{
	int rc;

	rc = token_find(w->txn, w->st, key, out, w->err);
	if (rc == ACCT_ST_OK)
		rc = token_usable(out, kind, now, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	out->used_at = now > 0 ? now : 1;
	return token_save(w, key, out, 0);
}

/* The first of uid's tokens to revoke (of kind, not keep) into key and t:
 * 1 found, 0 none, or -1 with the failure in err. */
static int first_to_revoke(struct st_wtx *w, uint32_t uid, uint32_t kind,
			   const uint8_t *keep, uint8_t key[AD_TOKEN_KEY_LEN],
			   struct ad_token *t)
{
	uint8_t k[UID_LEN];
	MDB_val mk = {sizeof(k), k}, mv;
	MDB_cursor *cur;
	int rc, found = 0;

	acct_be32_put(k, uid);
	rc = mdb_cursor_open(w->txn, w->st->dbi[DB_TOKEN_BY_UID], &cur);
	if (rc != 0) {
		st_mdb_fail(w->err, rc, "token_by_uid");
		return -1;
	}
	for (rc = mdb_cursor_get(cur, &mk, &mv, MDB_SET); rc == 0;
	     rc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT_DUP)) {
		if (mv.mv_size != AD_TOKEN_KEY_LEN) {
			rc = MDB_CORRUPTED;
			break;
		}
		if (keep != NULL && memcmp(mv.mv_data, keep, mv.mv_size) == 0)
			continue;
		memcpy(key, mv.mv_data, AD_TOKEN_KEY_LEN);
		rc = token_get(w->txn, w->st, key, t);
		if (rc == MDB_NOTFOUND) {
			/* an index entry without its token: drop it too */
			memset(t, 0, sizeof(*t));
			t->uid = uid;
			rc = 0;
		}
		if (rc != 0)
			break;
		if (kind == 0 || t->kind == kind || t->kind == 0) {
			found = 1;
			break;
		}
	}
	mdb_cursor_close(cur);
	if (found)
		return 1;
	if (rc != 0 && rc != MDB_NOTFOUND) {
		st_mdb_fail(w->err, rc, "token_by_uid");
		return -1;
	}
	return 0;
}

int st_token_revoke(struct st_wtx *w, uint32_t uid, uint32_t kind,
		    const uint8_t *keep, uint32_t *n)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_token t;
	int found, rc = ACCT_ST_OK;

	if (n != NULL)
		*n = 0;
	/* one at a time, from a fresh cursor: a user holds few tokens */
	while (rc == ACCT_ST_OK &&
	       (found = first_to_revoke(w, uid, kind, keep, key, &t)) > 0) {
		rc = token_drop(w, key, &t);
		if (rc == ACCT_ST_OK && n != NULL)
			(*n)++;
	}
	if (rc == ACCT_ST_OK && found < 0)
		rc = w->err->status;
	return rc;
}

/* One live user of a tenant (key: tenant gid + uid): its tokens go. */
struct tenant_revoke {
	struct st_wtx *w;
	uint32_t n;
};

static int revoke_user(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct tenant_revoke *r = arg;
	uint32_t n = 0;
	int rc;

	(void)val;
	if (key->mv_size != 8)
		return st_fail(r->w->err, ACCT_ST_INTERNAL,
			       "corrupt tenant_users key");
	rc = st_token_revoke(r->w,
			     acct_be32_get((const uint8_t *)key->mv_data + 4),
			     0, NULL, &n);
	r->n += n;
	return rc;
}

int st_token_revoke_tenant(struct st_wtx *w, uint32_t tenant_gid, uint32_t *n)
{
	struct tenant_revoke r = {w, 0};
	uint8_t from[4];
	int rc;

	acct_be32_put(from, tenant_gid);
	rc = st_walk(w->txn, w->st, DB_TENANT_USERS,
		     (struct st_range){from, sizeof(from), sizeof(from)},
		     revoke_user, &r, w->err);
	if (n != NULL)
		*n = rc == ACCT_ST_OK ? r.n : 0;
	return rc;
}

/* ---- on their own ---- */

int ad_store_token_check(struct ad_store *st,
			 const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t kind,
			 uint64_t now, struct ad_token *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = token_find(txn, st, key, out, err);
	st_read_end(st);
	if (rc == ACCT_ST_OK)
		rc = token_usable(out, kind, now, err);
	return rc;
}

int ad_store_token_use(struct ad_store *st, const uint8_t key[AD_TOKEN_KEY_LEN],
		       uint32_t kind, uint64_t now, const char *actor,
		       struct ad_token *out, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, st_token_use(&w, key, kind, now, out));
}

int ad_store_token_revoke(struct ad_store *st, uint32_t uid, uint32_t kind,
			  const char *actor, uint32_t *n, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*n = 0;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, st_token_revoke(&w, uid, kind, NULL, n));
	if (rc != ACCT_ST_OK)
		*n = 0;
	return rc;
}

/* The token that expires first, if it has by now: 1 (key and t set), 0
 * none, -1 failed (err). */
static int first_expired(struct st_wtx *w, uint64_t now,
			 uint8_t key[AD_TOKEN_KEY_LEN], struct ad_token *t)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	rc = mdb_cursor_open(w->txn, w->st->dbi[DB_TOKEN_EXPIRY], &cur);
	if (rc == 0) {
		rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
		mdb_cursor_close(cur);
	}
	if (rc == 0 && k.mv_size != EXPIRY_KEY_LEN)
		rc = MDB_CORRUPTED;
	if (rc == MDB_NOTFOUND || (rc == 0 && acct_be64_get(k.mv_data) > now))
		return 0;
	if (rc == 0) {
		memcpy(key, (const uint8_t *)k.mv_data + 8, AD_TOKEN_KEY_LEN);
		rc = token_get(w->txn, w->st, key, t);
		if (rc == MDB_NOTFOUND) {
			/* an index entry without its token */
			memset(t, 0, sizeof(*t));
			t->expires = acct_be64_get(k.mv_data);
			rc = 0;
		}
	}
	if (rc != 0) {
		st_mdb_fail(w->err, rc, "token_expiry");
		return -1;
	}
	return 1;
}

static int sweep_in(struct st_wtx *w, uint64_t now, uint32_t max, uint32_t *n)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	struct ad_token t;
	int found = 0, rc = ACCT_ST_OK;

	while (rc == ACCT_ST_OK && *n < max &&
	       (found = first_expired(w, now, key, &t)) > 0) {
		rc = token_drop(w, key, &t);
		if (rc == ACCT_ST_OK)
			(*n)++;
	}
	if (rc == ACCT_ST_OK && found < 0)
		rc = w->err->status;
	return rc;
}

int ad_store_token_sweep(struct ad_store *st, uint64_t now, uint32_t max,
			 uint32_t *n, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*n = 0;
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, sweep_in(&w, now, max, n));
	if (rc != ACCT_ST_OK)
		*n = 0;
	return rc;
}

/* ---- for the other token files (token.h) ---- */

int st_token_get(MDB_txn *txn, struct ad_store *st,
		 const uint8_t key[AD_TOKEN_KEY_LEN], struct ad_token *t,
		 struct ad_err *err)
{
	int rc = token_get(txn, st, key, t);

	if (rc == MDB_NOTFOUND)
		return st_fail(err, ACCT_ST_NOTFOUND, "no such token");
	if (rc != 0)
		return st_mdb_fail(err, rc, "tokens");
	return ACCT_ST_OK;
}

int st_token_drop(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		  const struct ad_token *t)
{
	return token_drop(w, key, t);
}

int ad_store_token_get(struct ad_store *st, const uint8_t key[AD_TOKEN_KEY_LEN],
		       struct ad_token *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_token_get(txn, st, key, out, err);
	st_read_end(st);
	return rc;
}

/* ---- reads ---- */

int ad_store_token_list(struct ad_store *st, uint32_t uid, ad_token_fn fn,
			void *arg, struct ad_err *err)
{
	uint8_t k[UID_LEN];
	MDB_val mk = {sizeof(k), k}, mv;
	MDB_cursor *cur = NULL;
	struct ad_token t;
	MDB_txn *txn;
	int rc, stop = 0;

	acct_be32_put(k, uid);
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = mdb_cursor_open(txn, st->dbi[DB_TOKEN_BY_UID], &cur);
	for (rc = rc != 0 ? rc : mdb_cursor_get(cur, &mk, &mv, MDB_SET);
	     rc == 0 && stop == 0;
	     rc = mdb_cursor_get(cur, &mk, &mv, MDB_NEXT_DUP)) {
		if (mv.mv_size != AD_TOKEN_KEY_LEN) {
			rc = MDB_CORRUPTED;
			break;
		}
		rc = token_get(txn, st, mv.mv_data, &t);
		if (rc == MDB_NOTFOUND)
			continue; /* an index entry without its token */
		if (rc != 0)
			break;
		stop = fn(arg, &t);
	}
	if (cur != NULL)
		mdb_cursor_close(cur);
	st_read_end(st);
	if (stop < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "cannot list the tokens");
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(err, rc, "tokens");
	return ACCT_ST_OK;
}
