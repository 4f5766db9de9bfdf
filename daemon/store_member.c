/*
 * store_member.c - group memberships, kept twice so that both questions
 * are one range scan: members (gid + login -> uid) answers "who is in this
 * group" with the names ready for a group entry; memberof (uid + gid)
 * answers "which groups is this user in" for initgroups.
 */
#include <errno.h>
#include <stdlib.h>

#include "store_priv.h"

#define MEMBER_KEY_MAX (4 + ACCT_MAX_NAME)

/* key[MEMBER_KEY_MAX]: gid + login (not NUL-terminated) */
static size_t member_key(uint8_t *key, uint32_t gid, const char *login)
{
	size_t n = strnlen(login, ACCT_MAX_NAME);

	st_be32_put(key, gid);
	memcpy(key + 4, login, n);
	return 4 + n;
}

static void memberof_key(uint8_t key[8], uint32_t uid, uint32_t gid)
{
	st_be32_put(key, uid);
	st_be32_put(key + 4, gid);
}

int st_member_add(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid)
{
	uint8_t key[MEMBER_KEY_MAX], okey[8], val[4];
	size_t klen = member_key(key, gid, login);
	int rc;

	st_be32_put(val, uid);
	memberof_key(okey, uid, gid);
	rc = st_put(w, DB_MEMBERS, key, klen, val, sizeof(val), 0);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_MEMBEROF, okey, sizeof(okey), NULL, 0, 0);
	return rc;
}

int st_member_del(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid)
{
	uint8_t key[MEMBER_KEY_MAX], okey[8];
	size_t klen = member_key(key, gid, login);
	int rc;

	memberof_key(okey, uid, gid);
	rc = st_del(w, DB_MEMBERS, key, klen);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_MEMBEROF, okey, sizeof(okey));
	return rc;
}

int st_member_has(struct st_wtx *w, uint32_t gid, const char *login, bool *has)
{
	uint8_t key[MEMBER_KEY_MAX];
	size_t klen = member_key(key, gid, login);
	MDB_val val;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_MEMBERS], key, klen, &val);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "members");
	*has = rc == 0;
	return ACCT_ST_OK;
}

int st_member_walk(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		   st_member_walk_fn fn, void *arg, struct ad_err *err)
{
	MDB_cursor *cur;
	MDB_val key, val;
	uint8_t prefix[4];
	int rc, stop = 0;

	st_be32_put(prefix, gid);
	rc = mdb_cursor_open(txn, st->dbi[DB_MEMBERS], &cur);
	if (rc != 0)
		return st_mdb_fail(err, rc, "members");
	key.mv_data = prefix;
	key.mv_size = sizeof(prefix);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size <= 4 || memcmp(key.mv_data, prefix, 4) != 0)
			break;
		if (val.mv_size != 4) {
			rc = MDB_CORRUPTED;
			break;
		}
		stop = fn(arg, (const char *)key.mv_data + 4, key.mv_size - 4,
			  st_be32_get(val.mv_data));
		if (stop != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(err, rc, "members");
	if (stop < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "out of memory");
	return ACCT_ST_OK;
}

/* ---- bulk removal: collect first, then delete, never under a cursor ---- */

struct member_list {
	struct {
		char login[ACCT_MAX_NAME + 1];
		uint32_t uid;
	} * items;
	size_t n, cap;
};

static int collect_member(void *arg, const char *login, size_t len,
			  uint32_t uid)
{
	struct member_list *l = arg;
	void *p;

	if (len > ACCT_MAX_NAME)
		return -1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		p = realloc(l->items, l->cap * sizeof(l->items[0]));
		if (p == NULL)
			return -1;
		l->items = p;
	}
	memcpy(l->items[l->n].login, login, len);
	l->items[l->n].login[len] = '\0';
	l->items[l->n].uid = uid;
	l->n++;
	return 0;
}

int st_member_drop_group(struct st_wtx *w, uint32_t gid)
{
	struct member_list l = {NULL, 0, 0};
	size_t i;
	int rc;

	rc = st_member_walk(w->txn, w->st, gid, collect_member, &l, w->err);
	for (i = 0; rc == ACCT_ST_OK && i < l.n; i++)
		rc = st_member_del(w, gid, l.items[i].login, l.items[i].uid);
	free(l.items);
	return rc;
}

int st_member_drop_user(struct st_wtx *w, const char *login, uint32_t uid)
{
	MDB_cursor *cur;
	MDB_val key, val;
	uint8_t prefix[4];
	uint32_t gids[64], *all = gids, *p;
	size_t n = 0, cap = 64, i;
	int rc;

	st_be32_put(prefix, uid);
	rc = mdb_cursor_open(w->txn, w->st->dbi[DB_MEMBEROF], &cur);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "memberof");
	key.mv_data = prefix;
	key.mv_size = sizeof(prefix);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size != 8 || memcmp(key.mv_data, prefix, 4) != 0)
			break;
		if (n == cap) {
			p = all == gids ? malloc(2 * cap * sizeof(*p))
					: realloc(all, 2 * cap * sizeof(*p));
			if (p == NULL) {
				rc = ENOMEM;
				break;
			}
			if (all == gids)
				memcpy(p, gids, sizeof(gids));
			all = p;
			cap *= 2;
		}
		all[n++] = st_be32_get((const uint8_t *)key.mv_data + 4);
	}
	mdb_cursor_close(cur);
	if (rc == ENOMEM)
		rc = st_fail(w->err, ACCT_ST_INTERNAL, "out of memory");
	else if (rc != 0 && rc != MDB_NOTFOUND)
		rc = st_mdb_fail(w->err, rc, "memberof");
	else
		rc = ACCT_ST_OK;
	for (i = 0; rc == ACCT_ST_OK && i < n; i++)
		rc = st_member_del(w, all[i], login, uid);
	if (all != gids)
		free(all);
	return rc;
}
