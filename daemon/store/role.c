/*
 * role.c - a tenant's custom roles: the record under its id, the name
 * index per tenant, ids from the meta counter "next_role" (from
 * AD_ROLE_CUSTOM_MIN up, never reused).  Integrity only: a role's name is
 * unique in its tenant and not a built-in one, and a role still held by a
 * user is not deleted.  What a role may be given is policy's.
 */
#include <stdio.h>

#include "acct_names.h"
#include "store/priv.h"

static const char next_key[] = "next_role";

static int role_save(struct st_wtx *w, const struct ad_role *r)
{
	struct acct_buf *b = &w->st->rec;
	uint8_t key[4];

	acct_buf_reset(b);
	acct_put_u32(b, ACCT_T_ROLE, r->id);
	acct_put_u32(b, ACCT_T_TENANT_GID, r->tenant_gid);
	acct_put_str(b, ACCT_T_NAME, r->name);
	acct_put_u32(b, ACCT_T_RANK, r->rank);
	acct_put_u32(b, ACCT_T_KIND, r->perms);
	acct_put_u64(b, ACCT_T_CREATED, r->created);
	acct_put_u64(b, ACCT_T_UPDATED, r->updated);
	if (b->err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a role");
	acct_be32_put(key, r->id);
	return st_put(w, DB_ROLES, key, sizeof(key), b->data, b->len, 0);
}

/* The role called name in the tenant gid: NOTFOUND with a message. */
static int role_named(MDB_txn *txn, struct ad_store *st,
		      const struct ad_tenant *t, struct ad_str name,
		      struct ad_role *r, struct ad_err *err)
{
	uint8_t key[4 + ACCT_MAX_NAME];
	char q[ST_SHOW_MAX + 4];
	MDB_val val;
	int rc;

	memset(r, 0, sizeof(*r));
	if (name.len == 0 || name.len > ACCT_MAX_NAME)
		return st_fail(err, ACCT_ST_NOTFOUND,
			       "no role '%s' in tenant "
			       "'%s'",
			       st_show(q, sizeof(q), name.p, name.len),
			       t->slug);
	acct_be32_put(key, t->gid);
	memcpy(key + 4, name.p, name.len);
	rc = st_get(txn, st->dbi[DB_ROLE_BY_NAME], key, 4 + name.len, &val);
	if (rc == MDB_NOTFOUND)
		return st_fail(
			err, ACCT_ST_NOTFOUND, "no role '%s' in tenant '%s'",
			st_show(q, sizeof(q), name.p, name.len), t->slug);
	if (rc != 0)
		return st_mdb_fail(err, rc, "role_by_name");
	if (val.mv_size != 4)
		return st_fail(err, ACCT_ST_INTERNAL, "role_by_name: corrupt");
	rc = st_role_by_id(txn, st, acct_be32_get(val.mv_data), r, err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "role_by_name points at no role");
	if (rc == ACCT_ST_OK)
		memcpy(r->tenant, t->slug, sizeof(r->tenant));
	return rc;
}

int st_role_of_tenant(MDB_txn *txn, struct ad_store *st, uint32_t id,
		      const struct ad_tenant *t, struct ad_err *err)
{
	struct ad_role r;
	int rc;

	if (id >= ACCT_ROLE_VIEWER && id <= ACCT_ROLE_OWNER)
		return ACCT_ST_OK;
	rc = st_role_by_id(txn, st, id, &r, err);
	if (rc == ACCT_ST_OK && r.tenant_gid == t->gid)
		return ACCT_ST_OK;
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	return st_fail(err, ACCT_ST_INVALID,
		       "role %lu is not a role of "
		       "tenant '%s'",
		       (unsigned long)id, t->slug);
}

static int check_name(struct ad_str name, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	char word[ACCT_MAX_NAME + 1];

	if (!acct_valid_group(name.p, name.len))
		return st_fail(
			err, ACCT_ST_INVALID,
			"role name '%s' is not valid: 1-32 characters "
			"of a-z, 0-9, _, . and -, starting with a letter",
			st_show(q, sizeof(q), name.p, name.len));
	snprintf(word, sizeof(word), "%.*s", (int)name.len, name.p);
	if (acct_role_parse(word) != 0)
		return st_fail(err, ACCT_ST_EXISTS, "'%s' is a built-in role",
			       word);
	return ACCT_ST_OK;
}

int ad_store_role_create(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, uint32_t rank, uint32_t perms,
			 const char *actor, struct ad_role *out,
			 struct ad_err *err)
{
	uint8_t key[4 + ACCT_MAX_NAME], val[4];
	struct ad_tenant t;
	struct ad_role r;
	struct st_wtx w;
	uint32_t last;
	int rc;

	rc = check_name(name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (rank == 0 || rank > AD_ROLE_RANK_MAX)
		return st_fail(err, ACCT_ST_INVALID,
			       "rank %lu is not valid: a custom role ranks "
			       "1-%u (viewer 10, member 20, admin 30; owner 40 "
			       "is above every custom role)",
			       (unsigned long)rank, AD_ROLE_RANK_MAX);
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(w.txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK) {
		rc = role_named(w.txn, st, &t, name, &r, err);
		if (rc == ACCT_ST_OK)
			rc = st_fail(err, ACCT_ST_EXISTS,
				     "role '%s' already exists in tenant '%s'",
				     r.name, t.slug);
		else if (rc == ACCT_ST_NOTFOUND)
			rc = ACCT_ST_OK;
	}
	if (rc == ACCT_ST_OK)
		rc = st_meta_get(w.txn, st, next_key, sizeof(next_key) - 1,
				 &last);
	if (rc == ACCT_ST_OK) {
		memset(&r, 0, sizeof(r));
		r.id = last < AD_ROLE_CUSTOM_MIN ? AD_ROLE_CUSTOM_MIN
						 : last + 1;
		r.tenant_gid = t.gid;
		snprintf(r.name, sizeof(r.name), "%.*s", (int)name.len, name.p);
		r.rank = rank;
		r.perms = perms;
		r.created = r.updated = w.now;
		memcpy(r.tenant, t.slug, sizeof(r.tenant));
		rc = st_meta_put(&w, next_key, sizeof(next_key) - 1, r.id);
	}
	if (rc == ACCT_ST_OK)
		rc = role_save(&w, &r);
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, t.gid);
		memcpy(key + 4, name.p, name.len);
		acct_be32_put(val, r.id);
		rc = st_put(&w, DB_ROLE_BY_NAME, key, 4 + name.len, val,
			    sizeof(val), MDB_NOOVERWRITE);
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = r;
	return rc;
}

int ad_store_role_get(struct ad_store *st, struct ad_str tenant,
		      struct ad_str name, struct ad_role *out,
		      struct ad_err *err)
{
	struct ad_tenant t;
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK)
		rc = role_named(txn, st, &t, name, out, err);
	st_read_end(st);
	return rc;
}

int ad_store_role_by_id(struct ad_store *st, uint32_t id, struct ad_role *out,
			struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_role_by_id(txn, st, id, out, err);
	st_read_end(st);
	return rc;
}

struct role_walk {
	MDB_txn *txn;
	struct ad_store *st;
	const struct ad_tenant *t;
	ad_role_fn fn;
	void *arg;
	struct ad_err *err;
};

static int list_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct role_walk *rw = arg;
	struct ad_role r;
	int rc;

	(void)key;
	if (val->mv_size != 4)
		return st_fail(rw->err, ACCT_ST_INTERNAL,
			       "role_by_name: corrupt");
	rc = st_role_by_id(rw->txn, rw->st, acct_be32_get(val->mv_data), &r,
			   rw->err);
	if (rc != ACCT_ST_OK)
		return rc == ACCT_ST_NOTFOUND
			       ? st_fail(rw->err, ACCT_ST_INTERNAL,
					 "role_by_name points at no role")
			       : rc;
	memcpy(r.tenant, rw->t->slug, sizeof(r.tenant));
	return st_walk_step(rw->fn(rw->arg, &r), "cannot list roles", rw->err);
}

int ad_store_role_list(struct ad_store *st, struct ad_str tenant, ad_role_fn fn,
		       void *arg, struct ad_err *err)
{
	struct ad_tenant t;
	struct role_walk rw = {NULL, st, &t, fn, arg, err};
	uint8_t from[4];
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rw.txn = txn;
	rc = st_tenant_find(txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK) {
		struct st_range r = {from, sizeof(from), sizeof(from)};

		acct_be32_put(from, t.gid);
		rc = st_walk(txn, st, DB_ROLE_BY_NAME, r, list_one, &rw, err);
	}
	st_read_end(st);
	return rc;
}

int ad_store_role_change(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, uint32_t add, uint32_t remove,
			 const char *actor, struct ad_role *out,
			 struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_role r;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(w.txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK)
		rc = role_named(w.txn, st, &t, name, &r, err);
	if (rc == ACCT_ST_OK) {
		r.perms = (r.perms | add) & ~remove;
		r.updated = w.now;
		rc = role_save(&w, &r);
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = r;
	return rc;
}

struct holders {
	MDB_txn *txn;
	struct ad_store *st;
	uint32_t role;
	uint32_t n;
	struct ad_err *err;
};

static int count_holder(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct holders *h = arg;
	struct ad_user u;
	int rc;

	(void)val;
	if (key->mv_size != 8)
		return st_fail(h->err, ACCT_ST_INTERNAL,
			       "tenant_users: corrupt");
	rc = st_user_by_uid(h->txn, h->st,
			    acct_be32_get((const uint8_t *)key->mv_data + 4),
			    &u, h->err);
	if (rc != ACCT_ST_OK)
		return rc;
	h->n += u.role == h->role;
	return ACCT_ST_OK;
}

int ad_store_role_delete(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, const char *actor,
			 struct ad_role *out, struct ad_err *err)
{
	struct holders h = {NULL, st, 0, 0, err};
	uint8_t key[4 + ACCT_MAX_NAME];
	struct ad_tenant t;
	struct ad_role r;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(w.txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK)
		rc = role_named(w.txn, st, &t, name, &r, err);
	if (rc == ACCT_ST_OK) {
		struct st_range range = {key, 4, 4};

		h.txn = w.txn;
		h.role = r.id;
		acct_be32_put(key, t.gid);
		rc = st_walk(w.txn, st, DB_TENANT_USERS, range, count_holder,
			     &h, err);
	}
	if (rc == ACCT_ST_OK && h.n > 0)
		rc = st_fail(err, ACCT_ST_CONFLICT,
			     "role '%s' is held by %lu user(s) of tenant '%s': "
			     "give them another role first",
			     r.name, (unsigned long)h.n, t.slug);
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, r.id);
		rc = st_del(&w, DB_ROLES, key, 4);
	}
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, t.gid);
		memcpy(key + 4, r.name, strlen(r.name));
		rc = st_del(&w, DB_ROLE_BY_NAME, key, 4 + strlen(r.name));
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = r;
	return rc;
}
