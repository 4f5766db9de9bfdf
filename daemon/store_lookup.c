/*
 * store_lookup.c - the NSS path: passwd and group entries, enumeration
 * and initgroups, encoded straight into the reply from the shared read
 * transaction.  Every call here runs per getpwnam() somewhere, so: no heap
 * allocation of our own, a handful of B-tree lookups, one range scan for
 * a group's members or a user's groups.
 *
 * Hidden: deleted users, and users and groups of a deprovisioned tenant.
 */
#include <errno.h>

#include "store_priv.h"

/* An enumeration batch that has entries to send stops after examining
 * this many, so a long run of hidden ones costs little per request. */
#define ENUM_SCAN_MAX (16u * ACCT_ENUM_BATCH)

/* Remembers the last tenant looked at: enumeration meets users of one
 * tenant in runs, so most checks cost nothing. */
struct hide_cache {
	uint32_t gid;
	bool hidden;
	bool valid;
};

static int tenant_hidden(MDB_txn *txn, struct ad_store *st,
			 struct hide_cache *c, uint32_t gid, bool *hidden)
{
	int rc;

	if (c->valid && c->gid == gid) {
		*hidden = c->hidden;
		return ACCT_ST_OK;
	}
	rc = st_tenant_hidden(txn, st, gid, hidden, NULL);
	if (rc == ACCT_ST_OK) {
		c->gid = gid;
		c->hidden = *hidden;
		c->valid = true;
	}
	return rc;
}

static int user_hidden(MDB_txn *txn, struct ad_store *st, struct hide_cache *c,
		       const struct ad_user *u, bool *hidden)
{
	if (u->status == ACCT_USER_DELETED) {
		*hidden = true;
		return ACCT_ST_OK;
	}
	return tenant_hidden(txn, st, c, u->tenant_gid, hidden);
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

static void put_passwd(struct acct_buf *out, const struct ad_user *u)
{
	size_t mark = acct_begin(out, ACCT_T_PASSWD);

	acct_put_str(out, ACCT_T_NAME, u->name);
	acct_put_u32(out, ACCT_T_UID, u->uid);
	acct_put_u32(out, ACCT_T_GID, u->gid);
	acct_put_str(out, ACCT_T_GECOS, u->display_name);
	acct_put_str(out, ACCT_T_HOME, u->home);
	acct_put_str(out, ACCT_T_SHELL, u->shell);
	acct_end(out, mark);
}

static int put_member(void *arg, const char *login, size_t len, uint32_t uid)
{
	return acct_put_strn(arg, ACCT_T_MEMBER, login, len) < 0 ? -1 : 0;
}

static int put_group(MDB_txn *txn, struct ad_store *st, struct acct_buf *out,
		     const struct ad_group *g)
{
	size_t mark = acct_begin(out, ACCT_T_GROUP);
	int rc;

	acct_put_str(out, ACCT_T_NAME, g->name);
	acct_put_u32(out, ACCT_T_GID, g->gid);
	/* one range scan: the member names are in the keys */
	rc = st_member_walk(txn, st, g->gid, put_member, out, NULL);
	acct_end(out, mark);
	return rc;
}

static int pw_one(struct ad_store *st, MDB_txn *txn, int rc,
		  const struct ad_user *u, struct acct_buf *out)
{
	struct hide_cache cache = {0, false, false};
	bool hidden = true;

	if (rc == ACCT_ST_OK)
		rc = user_hidden(txn, st, &cache, u, &hidden);
	if (rc == ACCT_ST_OK && hidden)
		rc = ACCT_ST_NOTFOUND;
	if (rc == ACCT_ST_OK)
		put_passwd(out, u);
	return finish(st, out, rc);
}

int ad_store_pw_byname(struct ad_store *st, const char *name, size_t len,
		       struct acct_buf *out)
{
	struct ad_str s = {name, len};
	struct ad_user u;
	MDB_txn *txn;
	int rc;

	if (!acct_valid_login(name, len))
		return ACCT_ST_NOTFOUND;
	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(txn, st, s, &u, NULL);
	return pw_one(st, txn, rc, &u, out);
}

int ad_store_pw_byuid(struct ad_store *st, uint32_t uid, struct acct_buf *out)
{
	struct ad_user u;
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_uid(txn, st, uid, &u, NULL);
	return pw_one(st, txn, rc, &u, out);
}

static int gr_one(struct ad_store *st, MDB_txn *txn, int rc,
		  const struct ad_group *g, struct acct_buf *out)
{
	struct hide_cache cache = {0, false, false};
	bool hidden = true;

	if (rc == ACCT_ST_OK)
		rc = tenant_hidden(txn, st, &cache, g->tenant_gid, &hidden);
	if (rc == ACCT_ST_OK && hidden)
		rc = ACCT_ST_NOTFOUND;
	if (rc == ACCT_ST_OK)
		rc = put_group(txn, st, out, g);
	return finish(st, out, rc);
}

int ad_store_gr_byname(struct ad_store *st, const char *name, size_t len,
		       struct acct_buf *out)
{
	struct ad_str s = {name, len};
	struct ad_group g;
	MDB_txn *txn;
	int rc;

	if (!acct_valid_group(name, len))
		return ACCT_ST_NOTFOUND;
	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_group_by_name(txn, st, s, &g, NULL);
	return gr_one(st, txn, rc, &g, out);
}

int ad_store_gr_bygid(struct ad_store *st, uint32_t gid, struct acct_buf *out)
{
	struct ad_group g;
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_group_by_gid(txn, st, gid, &g, NULL);
	return gr_one(st, txn, rc, &g, out);
}

/* ---- enumeration ---- */

/* What one enumeration batch visits and emits. */
struct enum_walk {
	struct ad_store *st;
	MDB_txn *txn;
	struct acct_buf *out;
	struct hide_cache cache;
};

/* Emit the entry in val if visible: ACCT_ST_OK, with *emitted set. */
typedef int (*enum_emit_fn)(struct enum_walk *e, const MDB_val *val,
			    bool *emitted);

static int emit_user(struct enum_walk *e, const MDB_val *val, bool *emitted)
{
	struct ad_user u;
	bool hidden;
	int rc;

	if (st_user_decode(val->mv_data, val->mv_size, &u) < 0)
		return ACCT_ST_INTERNAL;
	rc = user_hidden(e->txn, e->st, &e->cache, &u, &hidden);
	if (rc == ACCT_ST_OK && !hidden)
		put_passwd(e->out, &u);
	*emitted = rc == ACCT_ST_OK && !hidden;
	return rc;
}

static int emit_group(struct enum_walk *e, const MDB_val *val, bool *emitted)
{
	struct ad_group g;
	bool hidden;
	int rc;

	if (st_group_decode(val->mv_data, val->mv_size, &g) < 0)
		return ACCT_ST_INTERNAL;
	rc = tenant_hidden(e->txn, e->st, &e->cache, g.tenant_gid, &hidden);
	if (rc == ACCT_ST_OK && !hidden)
		rc = put_group(e->txn, e->st, e->out, &g);
	*emitted = rc == ACCT_ST_OK && !hidden;
	return rc;
}

/*
 * Entries of db with key > after, up to limit (and, when soft_limit is not
 * 0, until the reply passes it), then MORE and CURSOR.  CURSOR is the last
 * key examined, so the next batch starts right after it.
 */
static int enum_batch(struct ad_store *st, enum st_db db, uint32_t after,
		      uint32_t limit, size_t soft_limit, enum_emit_fn emit,
		      struct acct_buf *out)
{
	struct enum_walk e = {st, NULL, out, {0, false, false}};
	MDB_cursor *cur;
	MDB_val key, val;
	uint8_t start[4];
	uint32_t last = after, emitted = 0, scanned = 0, more = 0;
	bool done;
	int rc, res = ACCT_ST_OK;

	if (limit == 0 || limit > ACCT_ENUM_BATCH)
		limit = ACCT_ENUM_BATCH;
	if (after == UINT32_MAX)
		goto trailer;
	res = st_read_begin(st, &e.txn, NULL);
	if (res != ACCT_ST_OK)
		return res;
	rc = mdb_cursor_open(e.txn, st->dbi[db], &cur);
	if (rc != 0)
		return finish(st, out, st_mdb_fail(NULL, rc, "enumerate"));
	st_be32_put(start, after + 1);
	key.mv_data = start;
	key.mv_size = sizeof(start);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size != 4) {
			res = ACCT_ST_INTERNAL;
			break;
		}
		last = st_be32_get(key.mv_data);
		scanned++;
		res = emit(&e, &val, &done);
		if (res != ACCT_ST_OK)
			break;
		emitted += done;
		/* MORE with no entries would look like a broken walk to a
		 * client: the scan cap applies once something was sent */
		if (emitted >= limit ||
		    (emitted > 0 && scanned >= ENUM_SCAN_MAX) ||
		    (soft_limit != 0 && out->len >= soft_limit)) {
			rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
			more = rc == 0;
			break;
		}
	}
	mdb_cursor_close(cur);
	if (res == ACCT_ST_OK && rc != 0 && rc != MDB_NOTFOUND)
		res = st_mdb_fail(NULL, rc, "enumerate");
	st_read_end(st);
trailer:
	if (res == ACCT_ST_OK) {
		acct_put_u32(out, ACCT_T_MORE, more);
		acct_put_u32(out, ACCT_T_CURSOR, last);
	}
	return finish(st, out, res);
}

int ad_store_pw_enum(struct ad_store *st, uint32_t after, uint32_t limit,
		     struct acct_buf *out)
{
	return enum_batch(st, DB_USERS, after, limit, 0, emit_user, out);
}

int ad_store_gr_enum(struct ad_store *st, uint32_t after, uint32_t limit,
		     struct acct_buf *out)
{
	return enum_batch(st, DB_GROUPS, after, limit, AD_GR_ENUM_SOFT_LIMIT,
			  emit_group, out);
}

/* ---- initgroups ---- */

static int put_memberof(MDB_txn *txn, struct ad_store *st,
			const struct ad_user *u, struct acct_buf *out)
{
	MDB_cursor *cur;
	MDB_val key, val;
	uint8_t prefix[4];
	uint32_t gid;
	int rc;

	acct_put_u32(out, ACCT_T_GID, u->gid);
	st_be32_put(prefix, u->uid);
	rc = mdb_cursor_open(txn, st->dbi[DB_MEMBEROF], &cur);
	if (rc != 0)
		return st_mdb_fail(NULL, rc, "memberof");
	key.mv_data = prefix;
	key.mv_size = sizeof(prefix);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size != 8 || memcmp(key.mv_data, prefix, 4) != 0)
			break;
		gid = st_be32_get((const uint8_t *)key.mv_data + 4);
		if (gid != u->gid)
			acct_put_u32(out, ACCT_T_GID, gid);
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(NULL, rc, "memberof");
	return ACCT_ST_OK;
}

int ad_store_initgroups(struct ad_store *st, const char *name, size_t len,
			struct acct_buf *out)
{
	struct hide_cache cache = {0, false, false};
	struct ad_str s = {name, len};
	struct ad_user u;
	bool hidden = true;
	MDB_txn *txn;
	int rc;

	if (!acct_valid_login(name, len))
		return ACCT_ST_NOTFOUND;
	rc = st_read_begin(st, &txn, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(txn, st, s, &u, NULL);
	if (rc == ACCT_ST_OK)
		rc = user_hidden(txn, st, &cache, &u, &hidden);
	if (rc == ACCT_ST_OK && hidden)
		rc = ACCT_ST_NOTFOUND;
	if (rc == ACCT_ST_OK)
		rc = put_memberof(txn, st, &u, out);
	return finish(st, out, rc);
}
