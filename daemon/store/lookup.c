/*
 * lookup.c - the NSS path: passwd and group entries, enumeration
 * and initgroups, encoded straight into the reply from the shared read
 * transaction.  Every call here runs per getpwnam() somewhere, so: no heap
 * allocation of our own, a handful of B-tree lookups, one range scan for
 * a group's members or a user's groups.
 *
 * What is hidden is the caller's rule (struct ad_lookup_rules, from
 * policy/lookup.h), asked with the entry's status and its tenant's; an
 * entry of a tenant outside the caller's view is hidden before that.
 */
#include <errno.h>

#include "store/priv.h"
#include "store/wire.h"

/* An enumeration batch that has entries to send stops after examining
 * this many, so a long run of hidden ones costs little per request. */
#define ENUM_SCAN_MAX (16u * ACCT_ENUM_BATCH)

/* Remembers the status of the last tenant looked at: enumeration meets
 * entries of one tenant in runs, so most checks cost nothing. */
struct hide_cache {
	const struct ad_lookup_rules *rules;
	uint32_t gid;
	uint32_t status;
	bool valid;
};

static int tenant_status(MDB_txn *txn, struct ad_store *st,
			 struct hide_cache *c, uint32_t gid, uint32_t *status)
{
	int rc;

	if (c->valid && c->gid == gid) {
		*status = c->status;
		return ACCT_ST_OK;
	}
	rc = st_tenant_status(txn, st, gid, status, NULL);
	if (rc == ACCT_ST_OK) {
		c->gid = gid;
		c->status = *status;
		c->valid = true;
	}
	return rc;
}

static int user_hidden(MDB_txn *txn, struct ad_store *st, struct hide_cache *c,
		       const struct ad_user *u, bool *hidden)
{
	uint32_t status;
	int rc;

	*hidden = true;
	if (!ad_lookup_view_shows(&c->rules->view, u->tenant_gid))
		return ACCT_ST_OK;
	rc = tenant_status(txn, st, c, u->tenant_gid, &status);
	if (rc == ACCT_ST_OK)
		*hidden = c->rules->user_hidden(u->status, status);
	return rc;
}

static int group_hidden(MDB_txn *txn, struct ad_store *st, struct hide_cache *c,
			const struct ad_group *g, bool *hidden)
{
	uint32_t status;
	int rc;

	*hidden = true;
	if (!ad_lookup_view_shows(&c->rules->view, g->tenant_gid))
		return ACCT_ST_OK;
	rc = tenant_status(txn, st, c, g->tenant_gid, &status);
	if (rc == ACCT_ST_OK)
		*hidden = c->rules->group_hidden(status);
	return rc;
}

/* The reply's fate: a full buffer is TOOBIG, whatever else happened. */
static int finish(struct ad_store *st, struct acct_buf *out, int rc)
{
	st_read_end(st);
	if (out->err == E2BIG)
		return ACCT_ST_TOOBIG;
	if (out->err != 0)
		return ACCT_ST_INTERNAL;
	return rc;
}

/* ---- what a lookup sends (a full reply shows in out->err) ---- */

static int put_passwd(MDB_txn *txn, struct ad_store *st,
		      const struct ad_user *u, struct acct_buf *out)
{
	ad_wire_passwd(out, u);
	return ACCT_ST_OK;
}

static int put_member(void *arg, const char *login, size_t len, uint32_t uid)
{
	return ad_wire_member(arg, login, len) < 0 ? -1 : 0;
}

static int put_group(MDB_txn *txn, struct ad_store *st, struct acct_buf *out,
		     const struct ad_group *g)
{
	size_t mark = acct_begin(out, ACCT_T_GROUP);
	int rc;

	ad_wire_group_entry(out, g);
	/* one range scan: the member names are in the keys */
	rc = st_member_walk(txn, st, g->gid, put_member, out, NULL);
	acct_end(out, mark);
	return rc;
}

struct other_gids {
	struct acct_buf *out;
	uint32_t primary; /* sent first, not again */
};

static int put_other_gid(void *arg, uint32_t gid)
{
	struct other_gids *o = arg;

	if (gid != o->primary)
		acct_put_u32(o->out, ACCT_T_GID, gid);
	return 0;
}

static int put_gids(MDB_txn *txn, struct ad_store *st, const struct ad_user *u,
		    struct acct_buf *out)
{
	struct other_gids o = {out, u->gid};

	acct_put_u32(out, ACCT_T_GID, u->gid);
	return st_memberof_walk(txn, st, u->uid, put_other_gid, &o, NULL);
}

/* ---- one entry ---- */

typedef int (*user_answer_fn)(MDB_txn *txn, struct ad_store *st,
			      const struct ad_user *u, struct acct_buf *out);

/* The user named *name, or (name NULL) with this uid, answered unless it
 * is hidden.  An invalid name is simply not found. */
static int lookup_user(struct ad_store *st, const struct ad_lookup_rules *rules,
		       const struct ad_str *name, uint32_t uid,
		       user_answer_fn answer, struct acct_buf *out)
{
	struct hide_cache cache = {rules, 0, 0, false};
	struct ad_user u;
	bool hidden = true;
	MDB_txn *txn;
	int rc;

	if ((name != NULL && !acct_valid_login(name->p, name->len)) ||
	    rules->view.scope == AD_LOOKUP_NOTHING)
		return ACCT_ST_NOTFOUND;
	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	if (name != NULL)
		rc = st_user_by_name(txn, st, *name, &u, NULL);
	else
		rc = st_user_by_uid(txn, st, uid, &u, NULL);
	if (rc == ACCT_ST_OK)
		rc = user_hidden(txn, st, &cache, &u, &hidden);
	if (rc == ACCT_ST_OK && hidden)
		rc = ACCT_ST_NOTFOUND;
	if (rc == ACCT_ST_OK)
		rc = answer(txn, st, &u, out);
	return finish(st, out, rc);
}

/* As lookup_user, for a group. */
static int lookup_group(struct ad_store *st,
			const struct ad_lookup_rules *rules,
			const struct ad_str *name, uint32_t gid,
			struct acct_buf *out)
{
	struct hide_cache cache = {rules, 0, 0, false};
	struct ad_group g;
	bool hidden = true;
	MDB_txn *txn;
	int rc;

	if ((name != NULL && !acct_valid_group(name->p, name->len)) ||
	    rules->view.scope == AD_LOOKUP_NOTHING)
		return ACCT_ST_NOTFOUND;
	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	if (name != NULL)
		rc = st_group_by_name(txn, st, *name, &g, NULL);
	else
		rc = st_group_by_gid(txn, st, gid, &g, NULL);
	if (rc == ACCT_ST_OK)
		rc = group_hidden(txn, st, &cache, &g, &hidden);
	if (rc == ACCT_ST_OK && hidden)
		rc = ACCT_ST_NOTFOUND;
	if (rc == ACCT_ST_OK)
		rc = put_group(txn, st, out, &g);
	return finish(st, out, rc);
}

int ad_store_pw_byname(struct ad_store *st, const struct ad_lookup_rules *rules,
		       const char *name, size_t len, struct acct_buf *out)
{
	struct ad_str s = {name, len};

	return lookup_user(st, rules, &s, 0, put_passwd, out);
}

int ad_store_pw_byuid(struct ad_store *st, const struct ad_lookup_rules *rules,
		      uint32_t uid, struct acct_buf *out)
{
	return lookup_user(st, rules, NULL, uid, put_passwd, out);
}

int ad_store_initgroups(struct ad_store *st,
			const struct ad_lookup_rules *rules, const char *name,
			size_t len, struct acct_buf *out)
{
	struct ad_str s = {name, len};

	return lookup_user(st, rules, &s, 0, put_gids, out);
}

int ad_store_gr_byname(struct ad_store *st, const struct ad_lookup_rules *rules,
		       const char *name, size_t len, struct acct_buf *out)
{
	struct ad_str s = {name, len};

	return lookup_group(st, rules, &s, 0, out);
}

int ad_store_gr_bygid(struct ad_store *st, const struct ad_lookup_rules *rules,
		      uint32_t gid, struct acct_buf *out)
{
	return lookup_group(st, rules, NULL, gid, out);
}

/* ---- enumeration ---- */

struct enum_walk;
/* Emit the entry with this id (its record in val, or, walking an index,
 * to be fetched) if visible: ACCT_ST_OK, with *emitted set. */
typedef int (*enum_emit_fn)(struct enum_walk *e, uint32_t id,
			    const MDB_val *val, bool *emitted);

/* One enumeration batch: what it visits, emits and has seen so far. */
struct enum_walk {
	struct ad_store *st;
	MDB_txn *txn;
	struct acct_buf *out;
	struct hide_cache cache;
	enum_emit_fn emit;
	size_t klen;	   /* 4: keys are ids; 8: a tenant gid, then the id */
	MDB_cursor *users; /* walking tenant_users: where records are read */
	uint32_t limit;
	size_t soft_limit; /* 0: none */
	uint32_t last, emitted, scanned;
	bool more;
};

static int emit_user_rec(struct enum_walk *e, const struct ad_user *u,
			 bool *emitted)
{
	bool hidden;
	int rc;

	rc = user_hidden(e->txn, e->st, &e->cache, u, &hidden);
	if (rc == ACCT_ST_OK && !hidden)
		rc = put_passwd(e->txn, e->st, u, e->out);
	*emitted = rc == ACCT_ST_OK && !hidden;
	return rc;
}

static int emit_user(struct enum_walk *e, uint32_t uid, const MDB_val *val,
		     bool *emitted)
{
	struct ad_user u;

	if (st_user_decode(val->mv_data, val->mv_size, &u) < 0)
		return ACCT_ST_INTERNAL;
	return emit_user_rec(e, &u, emitted);
}

/* The record of uid in users, read through the batch's one cursor: a
 * tenant's uids ascend, and are often one after another, so the record
 * after the last one read is tried first, and otherwise LMDB finds it on
 * the leaf page the cursor is on without descending the tree again.  (A
 * fresh get per user made the walk of a tenant holding almost every user
 * 75% slower than the plain scan; this costs 8% more instructions per
 * user, and no time that shows: bench/README.md.) */
static int tenant_user_record(struct enum_walk *e, uint32_t uid, MDB_val *v)
{
	uint8_t want[4];
	MDB_val k;
	int rc = MDB_NOTFOUND;

	acct_be32_put(want, uid);
	if (e->users == NULL) {
		rc = mdb_cursor_open(e->txn, e->st->dbi[DB_USERS], &e->users);
		if (rc != 0)
			return rc;
		rc = MDB_NOTFOUND;
	} else {
		rc = mdb_cursor_get(e->users, &k, v, MDB_NEXT);
		if (rc == 0 && (k.mv_size != sizeof(want) ||
				memcmp(k.mv_data, want, 4) != 0))
			rc = MDB_NOTFOUND;
	}
	if (rc == MDB_NOTFOUND) {
		k.mv_size = sizeof(want);
		k.mv_data = want;
		rc = mdb_cursor_get(e->users, &k, v, MDB_SET_KEY);
	}
	return rc;
}

/* A key of tenant_users: a live user of the tenant, whose record must be
 * in users (missing, the store is corrupt). */
static int emit_tenant_user(struct enum_walk *e, uint32_t uid,
			    const MDB_val *val, bool *emitted)
{
	struct ad_user u;
	MDB_val v;

	if (tenant_user_record(e, uid, &v) != 0 ||
	    st_user_decode(v.mv_data, v.mv_size, &u) < 0)
		return ACCT_ST_INTERNAL;
	return emit_user_rec(e, &u, emitted);
}

static int emit_group(struct enum_walk *e, uint32_t gid, const MDB_val *val,
		      bool *emitted)
{
	struct ad_group g;
	bool hidden;
	int rc;

	if (st_group_decode(val->mv_data, val->mv_size, &g) < 0)
		return ACCT_ST_INTERNAL;
	rc = group_hidden(e->txn, e->st, &e->cache, &g, &hidden);
	if (rc == ACCT_ST_OK && !hidden)
		rc = put_group(e->txn, e->st, e->out, &g);
	*emitted = rc == ACCT_ST_OK && !hidden;
	return rc;
}

/* Asked before each entry, so that MORE means one is left for the next
 * batch.  MORE with no entries would look like a broken walk to a client:
 * the scan cap applies once something was sent. */
static bool batch_full(const struct enum_walk *e)
{
	return e->scanned > 0 &&
	       (e->emitted >= e->limit ||
		(e->emitted > 0 && e->scanned >= ENUM_SCAN_MAX) ||
		(e->soft_limit != 0 && e->out->len >= e->soft_limit));
}

static int enum_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct enum_walk *e = arg;
	bool done;
	int rc;

	if (batch_full(e)) {
		e->more = true;
		return ST_WALK_STOP;
	}
	if (key->mv_size != e->klen)
		return ACCT_ST_INTERNAL;
	e->last = acct_be32_get((const uint8_t *)key->mv_data + e->klen - 4);
	e->scanned++;
	rc = e->emit(e, e->last, val, &done);
	if (rc == ACCT_ST_OK)
		e->emitted += done;
	return rc;
}

/*
 * Entries of db with id > after, up to limit (and, when soft_limit is not
 * 0, until the reply passes it), then MORE and CURSOR.  CURSOR is the last
 * id examined, so the next batch starts right after it.  db is keyed by
 * id, or (DB_TENANT_USERS) by the viewed tenant's gid and the id: the walk
 * stays inside that tenant.  A view of nothing walks nothing.
 */
static int enum_batch(struct ad_store *st, const struct ad_lookup_rules *rules,
		      enum st_db db, uint32_t after, uint32_t limit,
		      size_t soft_limit, enum_emit_fn emit,
		      struct acct_buf *out)
{
	struct enum_walk e = {.st = st,
			      .out = out,
			      .cache = {rules, 0, 0, false},
			      .emit = emit,
			      .klen = db == DB_TENANT_USERS ? 8 : 4,
			      .limit = limit,
			      .soft_limit = soft_limit,
			      .last = after};
	uint8_t from[8];
	int rc = ACCT_ST_OK;

	if (limit == 0 || limit > ACCT_ENUM_BATCH)
		e.limit = ACCT_ENUM_BATCH;
	/* nothing comes after the last possible id */
	if (after != UINT32_MAX && rules->view.scope != AD_LOOKUP_NOTHING) {
		rc = st_read_begin(st, &e.txn, NULL);
		if (rc != ACCT_ST_OK)
			return rc;
		if (e.klen == 8)
			st_key_ids(from, rules->view.tenant_gid, after + 1);
		else
			acct_be32_put(from, after + 1);
		rc = st_walk(e.txn, st, db,
			     (struct st_range){from, e.klen, e.klen - 4},
			     enum_one, &e, NULL);
		if (e.users != NULL)
			mdb_cursor_close(e.users);
	}
	if (rc == ACCT_ST_OK) {
		acct_put_u32(out, ACCT_T_MORE, e.more);
		acct_put_u32(out, ACCT_T_CURSOR, e.last);
	}
	return finish(st, out, rc);
}

int ad_store_pw_enum(struct ad_store *st, const struct ad_lookup_rules *rules,
		     uint32_t after, uint32_t limit, struct acct_buf *out)
{
	/* one tenant's users: the range of its index, whatever the others */
	if (rules->view.scope == AD_LOOKUP_TENANT)
		return enum_batch(st, rules, DB_TENANT_USERS, after, limit, 0,
				  emit_tenant_user, out);
	return enum_batch(st, rules, DB_USERS, after, limit, 0, emit_user, out);
}

int ad_store_gr_enum(struct ad_store *st, const struct ad_lookup_rules *rules,
		     uint32_t after, uint32_t limit, struct acct_buf *out)
{
	/* groups have no index by tenant: another tenant's are skipped */
	return enum_batch(st, rules, DB_GROUPS, after, limit,
			  AD_GR_ENUM_SOFT_LIMIT, emit_group, out);
}
