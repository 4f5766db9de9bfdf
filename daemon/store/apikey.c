/*
 * apikey.c - the "api_keys" database and its indexes by user and by
 * tenant (see apikey.h): issuing a key within its user's bound,
 * revoking, reading and listing with the counts not written yet.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "store/priv.h"

#define IDX_LEN (4 + AD_KEY_PREFIX_LEN)

static void idx_key(uint8_t k[IDX_LEN], uint32_t id, const char *prefix)
{
	acct_be32_put(k, id);
	memcpy(k + 4, prefix, AD_KEY_PREFIX_LEN);
}

static bool key_dead(const struct ad_apikey *k, uint64_t now)
{
	return k->revoked_at != 0 || (k->expires != 0 && now >= k->expires);
}

static int key_put(struct st_wtx *w, const struct ad_apikey *k)
{
	uint8_t u[IDX_LEN], t[IDX_LEN];
	int rc;

	idx_key(u, k->uid, k->prefix);
	idx_key(t, k->tenant_gid, k->prefix);
	rc = st_apikey_save(w, k);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_API_KEYS_BY_USER, u, sizeof(u), NULL, 0, 0);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_API_KEYS_BY_TENANT, t, sizeof(t), NULL, 0, 0);
	return rc;
}

static int key_drop(struct st_wtx *w, const struct ad_apikey *k)
{
	uint8_t u[IDX_LEN], t[IDX_LEN];
	int rc;

	idx_key(u, k->uid, k->prefix);
	idx_key(t, k->tenant_gid, k->prefix);
	rc = st_del(w, DB_API_KEYS, k->prefix, AD_KEY_PREFIX_LEN);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_API_KEYS_BY_USER, u, sizeof(u));
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_API_KEYS_BY_TENANT, t, sizeof(t));
	return rc;
}

/* ---- walking an index ---- */

/* fn(arg, k) for every key of id in db (by user or by tenant), read in
 * txn.  fn returns ACCT_ST_OK to go on, ST_WALK_STOP or a failure. */
typedef int (*each_fn)(void *arg, const struct ad_apikey *k);

struct each {
	MDB_txn *txn;
	struct ad_store *st;
	each_fn fn;
	void *arg;
	struct ad_err *err;
};

static int each_step(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct each *e = arg;
	char prefix[AD_KEY_PREFIX_LEN + 1];
	struct ad_apikey k;
	int rc;

	(void)val;
	if (key->mv_size != IDX_LEN)
		return st_mdb_fail(e->err, MDB_CORRUPTED, "api key index");
	memcpy(prefix, (const uint8_t *)key->mv_data + 4, AD_KEY_PREFIX_LEN);
	prefix[AD_KEY_PREFIX_LEN] = '\0';
	rc = st_apikey_get(e->txn, e->st, prefix, &k, e->err);
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_ST_OK; /* an index entry without its key */
	if (rc != ACCT_ST_OK)
		return rc;
	return e->fn(e->arg, &k);
}

static int each_key(MDB_txn *txn, struct ad_store *st, enum st_db db,
		    uint32_t id, each_fn fn, void *arg, struct ad_err *err)
{
	uint8_t from[4];
	struct st_range r = {from, sizeof(from), sizeof(from)};
	struct each e = {txn, st, fn, arg, err};

	acct_be32_put(from, id);
	return st_walk(txn, st, db, r, each_step, &e, err);
}

/* ---- issuing ---- */

/* A user's keys, and the dead one issued first. */
struct census {
	uint64_t now;
	uint32_t n;
	bool have_dead;
	struct ad_apikey oldest_dead;
};

static int census_step(void *arg, const struct ad_apikey *k)
{
	struct census *c = arg;

	c->n++;
	if (key_dead(k, c->now) &&
	    (!c->have_dead || k->created < c->oldest_dead.created)) {
		c->oldest_dead = *k;
		c->have_dead = true;
	}
	return ACCT_ST_OK;
}

/* Make room for one more key of u: dead keys go, the oldest first. */
static int make_room(struct st_wtx *w, const struct ad_user *u, uint64_t now)
{
	uint32_t max = w->st->cfg->max_api_keys_per_user;
	struct census c;
	int rc;

	for (;;) {
		memset(&c, 0, sizeof(c));
		c.now = now;
		rc = each_key(w->txn, w->st, DB_API_KEYS_BY_USER, u->uid,
			      census_step, &c, w->err);
		if (rc != ACCT_ST_OK || c.n < max)
			return rc;
		if (!c.have_dead)
			return st_fail(w->err, ACCT_ST_CONFLICT,
				       "user '%s' has %u live API keys, the "
				       "most max_api_keys_per_user allows: "
				       "revoke one first",
				       u->name, (unsigned)c.n);
		rc = key_drop(w, &c.oldest_dead);
		if (rc != ACCT_ST_OK)
			return rc;
	}
}

static int issue_in(struct st_wtx *w, const struct ad_apikey_issue *iss,
		    struct ad_apikey *k)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_user u;
	struct ad_apikey old;
	int rc;

	rc = st_user_by_name(w->txn, w->st, iss->login, &u, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u.status == ACCT_USER_DELETED))
		return st_fail(
			w->err, ACCT_ST_NOTFOUND, "no user '%s'",
			st_show(q, sizeof(q), iss->login.p, iss->login.len));
	if (rc != ACCT_ST_OK)
		return rc;
	/* 60 random bits: a clash is all but impossible, never silent */
	rc = st_apikey_get(w->txn, w->st, iss->key.prefix, &old, w->err);
	if (rc == ACCT_ST_OK)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "an API key prefix came up twice: try again");
	if (rc != ACCT_ST_NOTFOUND)
		return rc;
	rc = make_room(w, &u, iss->now);
	if (rc != ACCT_ST_OK)
		return rc;
	*k = iss->key;
	k->uid = u.uid;
	k->tenant_gid = u.tenant_gid;
	k->revoked_at = 0;
	k->last_used = 0;
	k->use_count = 0;
	return key_put(w, k);
}

int ad_store_apikey_issue(struct ad_store *st,
			  const struct ad_apikey_issue *iss, const char *actor,
			  struct ad_apikey *out, struct ad_err *err)
{
	struct ad_apikey k;
	struct st_wtx w;
	int rc;

	rc = st_check_login_field(iss->login, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, issue_in(&w, iss, &k));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = k;
	return rc;
}

/* ---- reading ---- */

int ad_store_apikey_get(struct ad_store *st, const char *prefix,
			struct ad_apikey *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_apikey_get(txn, st, prefix, out, err);
	st_read_end(st);
	if (rc == ACCT_ST_OK)
		st_usage_key_pending(&st->usage, out);
	return rc;
}

struct listing {
	MDB_txn *txn;
	struct ad_store *st;
	ad_apikey_fn fn;
	void *arg;
	struct ad_err *err;
	/* the owner of the last key (a user's keys come in a run) */
	bool have;
	struct ad_user u;
	struct ad_tenant t;
};

static int list_step(void *arg, const struct ad_apikey *k)
{
	struct listing *l = arg;
	struct ad_apikey c = *k;
	int rc = ACCT_ST_OK;

	if (!l->have || l->u.uid != k->uid) {
		l->have = false;
		rc = st_user_by_uid(l->txn, l->st, k->uid, &l->u, l->err);
		if (rc == ACCT_ST_OK)
			rc = st_user_tenant(l->txn, l->st, &l->u, &l->t,
					    l->err);
		if (rc == ACCT_ST_OK) {
			l->have = true;
			l->u.password_hash[0] = '\0';
		}
		if (rc == ACCT_ST_NOTFOUND)
			rc = ACCT_ST_OK;
		if (rc != ACCT_ST_OK)
			return rc;
	}
	st_usage_key_pending(&l->st->usage, &c);
	return st_walk_step(l->fn(l->arg, &c, l->have ? &l->u : NULL,
				  l->have ? &l->t : NULL),
			    "cannot list the API keys", l->err);
}

static int list(struct ad_store *st, enum st_db db, uint32_t id,
		ad_apikey_fn fn, void *arg, struct ad_err *err)
{
	struct listing *l = calloc(1, sizeof(*l));
	MDB_txn *txn;
	int rc;

	if (l == NULL)
		return st_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = st_read_begin(st, &txn, err);
	if (rc == ACCT_ST_OK) {
		*l = (struct listing){
			.txn = txn, .st = st, .fn = fn, .arg = arg, .err = err};
		rc = each_key(txn, st, db, id, list_step, l, err);
		st_read_end(st);
	}
	sodium_memzero(l->u.password_hash, sizeof(l->u.password_hash));
	free(l);
	return rc;
}

int ad_store_apikey_list_user(struct ad_store *st, uint32_t uid,
			      ad_apikey_fn fn, void *arg, struct ad_err *err)
{
	return list(st, DB_API_KEYS_BY_USER, uid, fn, arg, err);
}

int ad_store_apikey_list_tenant(struct ad_store *st, uint32_t tenant_gid,
				ad_apikey_fn fn, void *arg, struct ad_err *err)
{
	return list(st, DB_API_KEYS_BY_TENANT, tenant_gid, fn, arg, err);
}

struct live {
	uint64_t now;
	uint32_t n;
};

static int live_step(void *arg, const struct ad_apikey *k)
{
	struct live *l = arg;

	if (!key_dead(k, l->now))
		l->n++;
	return ACCT_ST_OK;
}

int ad_store_apikey_live(struct ad_store *st, uint32_t tenant_gid, uint64_t now,
			 uint32_t *n, struct ad_err *err)
{
	struct live l = {now, 0};
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = each_key(txn, st, DB_API_KEYS_BY_TENANT, tenant_gid, live_step, &l,
		      err);
	st_read_end(st);
	*n = rc == ACCT_ST_OK ? l.n : 0;
	return rc;
}

/* ---- revoking ---- */

static int revoke_in(struct st_wtx *w, const char *prefix, uint64_t now,
		     struct ad_apikey *k)
{
	int rc = st_apikey_get(w->txn, w->st, prefix, k, w->err);

	if (rc != ACCT_ST_OK)
		return rc;
	if (k->revoked_at != 0)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "API key " ACCT_API_KEY_PREFIX
			       "%s is revoked already",
			       prefix);
	k->revoked_at = now > 0 ? now : 1;
	return st_apikey_save(w, k);
}

int ad_store_apikey_revoke(struct ad_store *st, const char *prefix,
			   uint64_t now, const char *actor,
			   struct ad_apikey *out, struct ad_err *err)
{
	struct ad_apikey k;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, revoke_in(&w, prefix, now, &k));
	if (rc == ACCT_ST_OK) {
		st_usage_key_pending(&st->usage, &k);
		if (out != NULL)
			*out = k;
	}
	return rc;
}

/* Keys to change after the walk that found them (a cursor's database
 * must not change under it). */
struct picked {
	struct st_wtx *w;
	bool drop; /* drop them; else revoke the live ones */
	struct ad_apikey k[64];
	size_t n;
	bool more;
};

static int pick_step(void *arg, const struct ad_apikey *k)
{
	struct picked *p = arg;

	if (!p->drop && k->revoked_at != 0)
		return ACCT_ST_OK;
	if (p->n == sizeof(p->k) / sizeof(p->k[0])) {
		p->more = true;
		return ST_WALK_STOP;
	}
	p->k[p->n++] = *k;
	return ACCT_ST_OK;
}

/* Revoke (or drop) every key of id in db, a batch of picks at a time. */
static int change_all(struct st_wtx *w, enum st_db db, uint32_t id, bool drop)
{
	struct picked *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL)
		return st_fail(w->err, ACCT_ST_INTERNAL, "out of memory");
	p->w = w;
	p->drop = drop;
	do {
		p->n = 0;
		p->more = false;
		rc = each_key(w->txn, w->st, db, id, pick_step, p, w->err);
		for (size_t i = 0; i < p->n && rc == ACCT_ST_OK; i++) {
			if (drop) {
				rc = key_drop(w, &p->k[i]);
			} else {
				p->k[i].revoked_at = w->now > 0 ? w->now : 1;
				rc = st_apikey_save(w, &p->k[i]);
			}
		}
	} while (rc == ACCT_ST_OK && p->more);
	free(p);
	return rc;
}

int st_apikey_revoke_user(struct st_wtx *w, uint32_t uid)
{
	return change_all(w, DB_API_KEYS_BY_USER, uid, false);
}

static int usage_pick(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct picked *p = arg;

	(void)val;
	if (key->mv_size != 8)
		return st_mdb_fail(p->w->err, MDB_CORRUPTED, "api_usage");
	/* the month of the tenant's usage record, in prefix's place */
	memcpy(p->k[p->n].prefix, (const uint8_t *)key->mv_data + 4, 4);
	if (++p->n == sizeof(p->k) / sizeof(p->k[0])) {
		p->more = true;
		return ST_WALK_STOP;
	}
	return ACCT_ST_OK;
}

/* A purged tenant's usage records. */
static int drop_usage(struct st_wtx *w, uint32_t gid)
{
	struct picked *p = calloc(1, sizeof(*p));
	uint8_t from[4], k[8];
	struct st_range r = {from, sizeof(from), sizeof(from)};
	int rc;

	if (p == NULL)
		return st_fail(w->err, ACCT_ST_INTERNAL, "out of memory");
	p->w = w;
	acct_be32_put(from, gid);
	do {
		p->n = 0;
		p->more = false;
		rc = st_walk(w->txn, w->st, DB_API_USAGE, r, usage_pick, p,
			     w->err);
		for (size_t i = 0; i < p->n && rc == ACCT_ST_OK; i++) {
			memcpy(k, from, 4);
			memcpy(k + 4, p->k[i].prefix, 4);
			rc = st_del(w, DB_API_USAGE, k, sizeof(k));
		}
	} while (rc == ACCT_ST_OK && p->more);
	free(p);
	return rc;
}

int st_apikey_drop_tenant(struct st_wtx *w, uint32_t tenant_gid)
{
	int rc = change_all(w, DB_API_KEYS_BY_TENANT, tenant_gid, true);

	return rc == ACCT_ST_OK ? drop_usage(w, tenant_gid) : rc;
}
