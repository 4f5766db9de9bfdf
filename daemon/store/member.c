/*
 * member.c - group memberships, kept twice so that both questions
 * are one range scan: members (gid + login -> uid) answers "who is in this
 * group" with the names ready for a group entry; memberof (uid + gid)
 * answers "which groups is this user in" for initgroups.
 */
#include <stdlib.h>

#include "store/priv.h"

#define MEMBER_KEY_MAX (4 + ACCT_MAX_NAME)

int st_member_add(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid)
{
	uint8_t key[MEMBER_KEY_MAX], okey[8], val[4];
	size_t klen = st_key_id_str(key, gid, login, ACCT_MAX_NAME);
	int rc;

	acct_be32_put(val, uid);
	st_key_ids(okey, uid, gid);
	rc = st_put(w, DB_MEMBERS, key, klen, val, sizeof(val), 0);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_MEMBEROF, okey, sizeof(okey), NULL, 0, 0);
	return rc;
}

int st_member_del(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid)
{
	uint8_t key[MEMBER_KEY_MAX], okey[8];
	size_t klen = st_key_id_str(key, gid, login, ACCT_MAX_NAME);
	int rc;

	st_key_ids(okey, uid, gid);
	rc = st_del(w, DB_MEMBERS, key, klen);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_MEMBEROF, okey, sizeof(okey));
	return rc;
}

int st_member_has(struct st_wtx *w, uint32_t gid, const char *login, bool *has)
{
	uint8_t key[MEMBER_KEY_MAX];
	size_t klen = st_key_id_str(key, gid, login, ACCT_MAX_NAME);
	MDB_val val;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_MEMBERS], key, klen, &val);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "members");
	*has = rc == 0;
	return ACCT_ST_OK;
}

/* ---- walks ---- */

struct member_visit {
	st_member_walk_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_member(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct member_visit *v = arg;

	if (key->mv_size <= 4)
		return ST_WALK_STOP; /* not a gid + login key */
	if (val->mv_size != 4)
		return st_mdb_fail(v->err, MDB_CORRUPTED, "members");
	return st_walk_step(v->fn(v->arg, (const char *)key->mv_data + 4,
				  key->mv_size - 4,
				  acct_be32_get(val->mv_data)),
			    "out of memory", v->err);
}

int st_member_walk(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		   st_member_walk_fn fn, void *arg, struct ad_err *err)
{
	struct member_visit v = {fn, arg, err};
	uint8_t prefix[4];

	acct_be32_put(prefix, gid);
	return st_walk(txn, st, DB_MEMBERS, (struct st_range){prefix, 4, 4},
		       visit_member, &v, err);
}

struct memberof_visit {
	st_memberof_walk_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_memberof(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct memberof_visit *v = arg;

	if (key->mv_size != 8)
		return ST_WALK_STOP; /* not a uid + gid key */
	return st_walk_step(
		v->fn(v->arg, acct_be32_get((const uint8_t *)key->mv_data + 4)),
		"out of memory", v->err);
}

int st_memberof_walk(MDB_txn *txn, struct ad_store *st, uint32_t uid,
		     st_memberof_walk_fn fn, void *arg, struct ad_err *err)
{
	struct memberof_visit v = {fn, arg, err};
	uint8_t prefix[4];

	acct_be32_put(prefix, uid);
	return st_walk(txn, st, DB_MEMBEROF, (struct st_range){prefix, 4, 4},
		       visit_memberof, &v, err);
}

/* ---- bulk removal: collect first, then delete, never under a cursor ---- */

struct membership {
	uint32_t gid, uid;
	char login[ACCT_MAX_NAME + 1];
};

struct membership_list {
	struct membership *items;
	size_t n, cap;
	struct membership next; /* what the walk does not vary */
};

static int push_next(struct membership_list *l)
{
	struct membership *p;

	if (l->n == l->cap) {
		p = realloc(l->items, (l->cap ? l->cap * 2 : 64) * sizeof(*p));
		if (p == NULL)
			return -1;
		l->items = p;
		l->cap = l->cap ? l->cap * 2 : 64;
	}
	l->items[l->n++] = l->next;
	return 0;
}

static int collect_member(void *arg, const char *login, size_t len,
			  uint32_t uid)
{
	struct membership_list *l = arg;

	if (len > ACCT_MAX_NAME)
		return -1;
	memcpy(l->next.login, login, len);
	l->next.login[len] = '\0';
	l->next.uid = uid;
	return push_next(l);
}

static int collect_group(void *arg, uint32_t gid)
{
	struct membership_list *l = arg;

	l->next.gid = gid;
	return push_next(l);
}

/* Delete what the walk (ending with status rc) collected. */
static int drop_collected(struct st_wtx *w, struct membership_list *l, int rc)
{
	size_t i;

	for (i = 0; rc == ACCT_ST_OK && i < l->n; i++)
		rc = st_member_del(w, l->items[i].gid, l->items[i].login,
				   l->items[i].uid);
	free(l->items);
	return rc;
}

int st_member_drop_group(struct st_wtx *w, uint32_t gid)
{
	struct membership_list l = {.next.gid = gid};

	return drop_collected(
		w, &l,
		st_member_walk(w->txn, w->st, gid, collect_member, &l, w->err));
}

int st_member_drop_user(struct st_wtx *w, const char *login, uint32_t uid)
{
	struct membership_list l = {.next.uid = uid};

	st_copy(l.next.login,
		(struct ad_str){login, strnlen(login, ACCT_MAX_NAME)});
	return drop_collected(w, &l,
			      st_memberof_walk(w->txn, w->st, uid,
					       collect_group, &l, w->err));
}
