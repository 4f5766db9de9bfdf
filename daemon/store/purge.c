/*
 * purge.c - a deprovisioned tenant's records leave the store for good
 * (TENANT_PURGE): its users, tombstones included, their memberships and
 * indexes, its groups, its user counter and the tenant itself.  What
 * stays: the id counters (its uids and gids are never handed out again)
 * and the audit log.  Everything is collected first and deleted after,
 * never under a cursor.
 */
#include <stdlib.h>

#include "store/priv.h"
#include "store/tenant_admin.h"

/* What deleting one user needs. */
struct gone_user {
	uint32_t uid;
	bool live; /* not a tombstone: counted in meta "users" */
	char name[ACCT_MAX_NAME + 1];
	char email[AD_MAX_EMAIL + 1];
};

struct gone_group {
	uint32_t gid;
	char name[ACCT_MAX_NAME + 1];
};

/* What a walk collects: the records of one tenant. */
struct gathered {
	uint32_t tenant_gid;
	void *items;
	size_t n, cap, size;
	struct ad_err *err;
};

static void *next_slot(struct gathered *g)
{
	void *p;

	if (g->n == g->cap) {
		p = realloc(g->items, (g->cap ? g->cap * 2 : 64) * g->size);
		if (p == NULL)
			return NULL;
		g->items = p;
		g->cap = g->cap ? g->cap * 2 : 64;
	}
	p = (char *)g->items + g->n++ * g->size;
	memset(p, 0, g->size);
	return p;
}

static int out_of_memory(struct gathered *g)
{
	return st_fail(g->err, ACCT_ST_BUSY, "out of memory, try again");
}

static int collect_user(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct gathered *g = arg;
	struct gone_user *gu;
	struct ad_user u;

	(void)key;
	if (st_user_decode(val->mv_data, val->mv_size, &u) < 0)
		return st_fail(g->err, ACCT_ST_INTERNAL, "corrupt user record");
	if (u.tenant_gid != g->tenant_gid)
		return ACCT_ST_OK;
	gu = next_slot(g);
	if (gu == NULL)
		return out_of_memory(g);
	gu->uid = u.uid;
	gu->live = u.status != ACCT_USER_DELETED;
	memcpy(gu->name, u.name, sizeof(gu->name));
	memcpy(gu->email, u.email, sizeof(gu->email));
	return ACCT_ST_OK;
}

static int collect_group(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct gathered *g = arg;
	struct gone_group *gg;
	struct ad_group grp;

	(void)key;
	if (st_group_decode(val->mv_data, val->mv_size, &grp) < 0)
		return st_fail(g->err, ACCT_ST_INTERNAL,
			       "corrupt group record");
	if (grp.tenant_gid != g->tenant_gid)
		return ACCT_ST_OK;
	gg = next_slot(g);
	if (gg == NULL)
		return out_of_memory(g);
	gg->gid = grp.gid;
	memcpy(gg->name, grp.name, sizeof(gg->name));
	return ACCT_ST_OK;
}

/* Sessions name their tenant by gid; one still there stops the purge
 * (its process is watched, and its end is recorded with its tenant). */
static int count_session(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct gathered *g = arg;
	struct acct_field f;
	uint32_t tgid;

	(void)key;
	if (acct_find(val->mv_data, val->mv_size, ACCT_T_TENANT_GID, &f) == 1 &&
	    acct_get_u32(&f, &tgid) == 0 && tgid == g->tenant_gid)
		g->n++;
	return ACCT_ST_OK;
}

/* Delete a name index entry, but only while it still names id. */
static int del_name(struct st_wtx *w, enum st_db db, const char *name,
		    uint32_t id)
{
	MDB_val v;
	int rc;

	rc = st_get(w->txn, w->st->dbi[db], name, strlen(name), &v);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_OK;
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "name index");
	if (v.mv_size != 4 || acct_be32_get(v.mv_data) != id)
		return ACCT_ST_OK;
	return st_del(w, db, name, strlen(name));
}

static int drop_user(struct st_wtx *w, const struct gone_user *u,
		     uint32_t tenant_gid)
{
	uint8_t key[4 + AD_MAX_EMAIL];
	int rc;

	rc = st_member_drop_user(w, u->name, u->uid);
	if (rc == ACCT_ST_OK)
		rc = st_ssh_key_drop_user(w, u->uid);
	if (rc == ACCT_ST_OK && u->email[0] != '\0')
		rc = st_del(
			w, DB_USER_BY_EMAIL, key,
			st_key_id_str(key, tenant_gid, u->email, AD_MAX_EMAIL));
	if (rc == ACCT_ST_OK) {
		st_key_ids(key, tenant_gid, u->uid);
		rc = st_del(w, DB_TENANT_USERS, key, 8);
	}
	if (rc == ACCT_ST_OK)
		rc = del_name(w, DB_USER_BY_NAME, u->name, u->uid);
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, u->uid);
		rc = st_del(w, DB_USERS, key, 4);
	}
	return rc;
}

static int drop_group(struct st_wtx *w, const struct gone_group *g)
{
	uint8_t key[4];
	int rc;

	rc = st_member_drop_group(w, g->gid);
	if (rc == ACCT_ST_OK)
		rc = del_name(w, DB_GROUP_BY_NAME, g->name, g->gid);
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, g->gid);
		rc = st_del(w, DB_GROUPS, key, sizeof(key));
	}
	return rc;
}

/* The users, then the groups, then the tenant. */
static int drop_all(struct st_wtx *w, const struct ad_tenant *t,
		    struct gathered *users, struct gathered *groups)
{
	const struct gone_user *u = users->items;
	const struct gone_group *g = groups->items;
	uint32_t live = 0;
	uint8_t key[10];
	size_t i;
	int rc = ACCT_ST_OK;

	for (i = 0; rc == ACCT_ST_OK && i < users->n; i++) {
		rc = drop_user(w, &u[i], t->gid);
		live += u[i].live;
	}
	for (i = 0; rc == ACCT_ST_OK && i < groups->n; i++)
		rc = drop_group(w, &g[i]);
	/* its API keys and usage go with it */
	if (rc == ACCT_ST_OK)
		rc = st_apikey_drop_tenant(w, t->gid);
	if (rc == ACCT_ST_OK && live > 0)
		rc = st_meta_add(w, "users", 5, -(int)live);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_META, key, st_tusers_key(key, t->gid));
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_TENANT_BY_SLUG, t->slug, strlen(t->slug));
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, t->gid);
		rc = st_del(w, DB_TENANTS, key, 4);
	}
	return rc;
}

static int purge_in(struct st_wtx *w, struct ad_str slug,
		    const struct ad_purge_guard *guard,
		    struct ad_purge_counts *counts)
{
	struct gathered users = {0,	NULL, 0, 0, sizeof(struct gone_user),
				 w->err};
	struct gathered groups = {0,	 NULL, 0, 0, sizeof(struct gone_group),
				  w->err};
	struct gathered sessions = {0, NULL, 0, 0, 1, w->err};
	char msg[AD_MSG_MAX] = "";
	struct ad_tenant t;
	int rc;

	rc = st_tenant_find(w->txn, w->st, slug, &t, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_verdict(w->err,
			guard->fn(guard->arg, &t, w->now, msg, sizeof(msg)),
			msg);
	sessions.tenant_gid = users.tenant_gid = groups.tenant_gid = t.gid;
	if (rc == ACCT_ST_OK)
		rc = st_walk(w->txn, w->st, DB_SESSIONS,
			     (struct st_range){NULL, 0, 0}, count_session,
			     &sessions, w->err);
	if (rc == ACCT_ST_OK && sessions.n > 0)
		rc = st_fail(w->err, ACCT_ST_CONFLICT,
			     "tenant %s still has %zu live session(s); they "
			     "end with their processes: purge it then",
			     t.slug, sessions.n);
	if (rc == ACCT_ST_OK)
		rc = st_walk(w->txn, w->st, DB_USERS,
			     (struct st_range){NULL, 0, 0}, collect_user,
			     &users, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_walk(w->txn, w->st, DB_GROUPS,
			     (struct st_range){NULL, 0, 0}, collect_group,
			     &groups, w->err);
	if (rc == ACCT_ST_OK)
		rc = drop_all(w, &t, &users, &groups);
	counts->users = (uint32_t)users.n;
	counts->groups = (uint32_t)groups.n;
	free(users.items);
	free(groups.items);
	return rc;
}

int ad_store_tenant_purge(struct ad_store *st, struct ad_str slug,
			  const struct ad_purge_guard *guard, const char *actor,
			  struct ad_purge_counts *counts, struct ad_err *err)
{
	struct ad_purge_counts c = {0, 0};
	struct st_wtx w;
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_slug(slug, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, purge_in(&w, slug, guard, &c));
	if (rc == ACCT_ST_OK && counts != NULL)
		*counts = c;
	return rc;
}
