/*
 * group.c - groups.  The tenant group "<slug>" and "<slug>-admins"
 * are maintained by the store as users come, go and change roles; custom
 * groups "<slug>-<name>" are created by hand and hold users of their own
 * tenant only.
 */
#include <stdio.h>

#include "store/priv.h"

int st_group_name_unused(struct st_wtx *w, const char *name)
{
	MDB_val val;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_GROUP_BY_NAME], name, strlen(name),
		    &val);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "group '%s' already exists", name);
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "group_by_name");
	return st_local_name_free(w, name);
}

int st_group_insert(struct st_wtx *w, const char *name, uint32_t gid,
		    uint32_t kind, uint32_t tenant_gid)
{
	struct ad_group g;
	uint8_t val[4];
	int rc;

	memset(&g, 0, sizeof(g));
	snprintf(g.name, sizeof(g.name), "%s", name);
	g.gid = gid;
	g.kind = kind;
	g.tenant_gid = tenant_gid;
	rc = st_group_save(w, &g);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_be32_put(val, gid);
	return st_put(w, DB_GROUP_BY_NAME, name, strlen(name), val, sizeof(val),
		      MDB_NOOVERWRITE);
}

/* Find a group for a management request, and its tenant into t:
 * NOTFOUND carries a message. */
static int group_find(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		      struct ad_group *g, struct ad_tenant *t,
		      struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	int rc;

	rc = st_group_by_name(txn, st, name, g, err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(err, ACCT_ST_NOTFOUND, "no group '%s'",
			       st_show(q, sizeof(q), name.p, name.len));
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(txn, st, g->tenant_gid, t, err);
	if (rc == ACCT_ST_OK)
		memcpy(g->tenant, t->slug, sizeof(g->tenant));
	return rc;
}

/* Memberships of the tenant and admins groups follow the users. */
static int custom_only(struct st_wtx *w, const struct ad_group *g,
		       const char *action)
{
	if (g->kind == ACCT_GROUP_TENANT)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "cannot %s '%s': it is the group of every user "
			       "of tenant '%s' and is maintained by accountsd",
			       action, g->name, g->tenant);
	if (g->kind == ACCT_GROUP_ADMINS)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "cannot %s '%s': its members are the owners and "
			       "admins of tenant '%s' (change a user's role "
			       "instead)",
			       action, g->name, g->tenant);
	return ACCT_ST_OK;
}

int ad_store_group_create(struct ad_store *st, struct ad_str tenant,
			  struct ad_str short_name, ad_tenant_open_fn open,
			  const char *actor, struct ad_group *out,
			  struct ad_err *err)
{
	char name[2 * ACCT_MAX_NAME + 2];
	struct ad_tenant t;
	struct ad_group g;
	struct st_wtx w;
	int rc, n;

	if (!ad_str_given(tenant))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: tenant");
	if (!ad_str_given(short_name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_slug(tenant, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (short_name.len == 0 || short_name.len > ACCT_MAX_NAME)
		return st_fail(err, ACCT_ST_INVALID,
			       "group name is not valid: give 1-%u characters "
			       "after the tenant prefix",
			       ACCT_MAX_NAME);
	n = snprintf(name, sizeof(name), "%.*s-%.*s", (int)tenant.len, tenant.p,
		     (int)short_name.len, short_name.p);
	rc = st_check_group_name(ad_str_c(name), err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (short_name.len == 6 && memcmp(short_name.p, "admins", 6) == 0)
		return st_fail(err, ACCT_ST_INVALID,
			       "group name '%s' is reserved for the tenant's "
			       "owners and admins",
			       name);

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&g, 0, sizeof(g));
	rc = st_tenant_find(w.txn, st, tenant, &t, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_open(&w, open, &t);
	if (rc == ACCT_ST_OK)
		rc = st_group_name_unused(&w, name);
	if (rc == ACCT_ST_OK)
		rc = st_alloc_gid(&w, &g.gid);
	if (rc == ACCT_ST_OK)
		rc = st_group_insert(&w, name, g.gid, ACCT_GROUP_CUSTOM, t.gid);
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL) {
		memcpy(g.name, name, (size_t)n + 1);
		g.kind = ACCT_GROUP_CUSTOM;
		g.tenant_gid = t.gid;
		memcpy(g.tenant, t.slug, sizeof(g.tenant));
		*out = g;
	}
	return rc;
}

struct member_relay {
	ad_member_fn fn;
	void *arg;
};

static int relay_member(void *arg, const char *login, size_t len, uint32_t uid)
{
	struct member_relay *r = arg;

	return r->fn(r->arg, login, len);
}

int ad_store_group_get(struct ad_store *st, struct ad_str name,
		       struct ad_group *out, ad_member_fn member_fn, void *arg,
		       struct ad_err *err)
{
	struct member_relay relay = {member_fn, arg};
	struct ad_tenant t;
	MDB_txn *txn;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = group_find(txn, st, name, out, &t, err);
	if (rc == ACCT_ST_OK && member_fn != NULL)
		rc = st_member_walk(txn, st, out->gid, relay_member, &relay,
				    err);
	st_read_end(st);
	return rc;
}

/* Groups in gid order, of one tenant or (tenant_gid 0: no tenant has it)
 * of all. */
struct group_visit {
	MDB_txn *txn;
	struct ad_store *st;
	uint32_t tenant_gid;
	struct st_slug_cache slugs;
	ad_group_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_group(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct group_visit *v = arg;
	struct ad_group g;
	int rc;

	if (st_group_decode(val->mv_data, val->mv_size, &g) < 0)
		return st_fail(v->err, ACCT_ST_INTERNAL,
			       "corrupt group record");
	if (v->tenant_gid != 0 && g.tenant_gid != v->tenant_gid)
		return ACCT_ST_OK;
	rc = st_tenant_slug(v->txn, v->st, &v->slugs, g.tenant_gid, g.tenant,
			    v->err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_walk_step(v->fn(v->arg, &g), "cannot list groups", v->err);
}

int ad_store_group_list(struct ad_store *st, struct ad_str tenant,
			ad_group_fn fn, void *arg, struct ad_err *err)
{
	struct group_visit v = {NULL, st, 0, {0, ""}, fn, arg, err};
	struct ad_tenant t;
	int rc;

	rc = st_read_begin(st, &v.txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(tenant)) {
		rc = st_tenant_find(v.txn, st, tenant, &t, err);
		v.tenant_gid = rc == ACCT_ST_OK ? t.gid : 0;
	}
	if (rc == ACCT_ST_OK)
		rc = st_walk(v.txn, st, DB_GROUPS,
			     (struct st_range){NULL, 0, 0}, visit_group, &v,
			     err);
	st_read_end(st);
	return rc;
}

/* The group and the user of a membership change, both checked; open
 * (NULL: not asked) decides whether the group's tenant takes members. */
static int membership_find(struct st_wtx *w, struct ad_str group,
			   struct ad_str login, const char *action,
			   ad_tenant_open_fn open, struct ad_group *g,
			   struct ad_user *u)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_tenant t;
	int rc;

	rc = group_find(w->txn, w->st, group, g, &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = custom_only(w, g, action);
	if (rc == ACCT_ST_OK && open != NULL)
		rc = st_tenant_open(w, open, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(w->txn, w->st, login, u, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED))
		return st_fail(w->err, ACCT_ST_NOTFOUND, "no user '%s'",
			       st_show(q, sizeof(q), login.p, login.len));
	if (rc != ACCT_ST_OK)
		return rc;
	if (u->tenant_gid != g->tenant_gid)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "user '%s' is not in tenant '%s', the tenant of "
			       "group '%s'",
			       u->name, g->tenant, g->name);
	return ACCT_ST_OK;
}

static int check_membership_args(struct ad_str group, struct ad_str login,
				 struct ad_err *err)
{
	if (!ad_str_given(group))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (!ad_str_given(login))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: member");
	if (st_check_group_name(group, err) != ACCT_ST_OK)
		return ACCT_ST_INVALID;
	return st_check_login(login, err);
}

/* GROUP_ADD_MEMBER (add) and GROUP_REMOVE_MEMBER: the same checks, then
 * the one membership in or out. */
static int change_membership(struct ad_store *st, struct ad_str group,
			     struct ad_str login, ad_tenant_open_fn open,
			     bool add, const char *actor, struct ad_err *err)
{
	struct ad_group g;
	struct ad_user u;
	struct st_wtx w;
	bool has = false;
	int rc;

	rc = check_membership_args(group, login, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = membership_find(&w, group, login,
			     add ? "add members to" : "remove members from",
			     open, &g, &u);
	if (rc == ACCT_ST_OK)
		rc = st_member_has(&w, g.gid, u.name, &has);
	if (rc == ACCT_ST_OK && add && has)
		rc = st_fail(err, ACCT_ST_EXISTS,
			     "user '%s' is already a member of '%s'", u.name,
			     g.name);
	if (rc == ACCT_ST_OK && !add && !has)
		rc = st_fail(err, ACCT_ST_NOTFOUND,
			     "user '%s' is not a member of '%s'", u.name,
			     g.name);
	if (rc == ACCT_ST_OK)
		rc = add ? st_member_add(&w, g.gid, u.name, u.uid)
			 : st_member_del(&w, g.gid, u.name, u.uid);
	return st_write_end(&w, rc);
}

int ad_store_group_add_member(struct ad_store *st, struct ad_str group,
			      struct ad_str login, ad_tenant_open_fn open,
			      const char *actor, struct ad_err *err)
{
	return change_membership(st, group, login, open, true, actor, err);
}

int ad_store_group_remove_member(struct ad_store *st, struct ad_str group,
				 struct ad_str login, const char *actor,
				 struct ad_err *err)
{
	/* leaving takes nothing new: a tenant on its way out may shrink */
	return change_membership(st, group, login, NULL, false, actor, err);
}

int ad_store_group_delete(struct ad_store *st, struct ad_str name,
			  const char *actor, struct ad_group *out,
			  struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_group g;
	struct st_wtx w;
	uint8_t key[4];
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_group_name(name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = group_find(w.txn, st, name, &g, &t, err);
	if (rc == ACCT_ST_OK)
		rc = custom_only(&w, &g, "delete");
	if (rc == ACCT_ST_OK)
		rc = st_member_drop_group(&w, g.gid);
	if (rc == ACCT_ST_OK) {
		acct_be32_put(key, g.gid);
		rc = st_del(&w, DB_GROUPS, key, sizeof(key));
	}
	/* the gid is not reused: the counter only moves up */
	if (rc == ACCT_ST_OK)
		rc = st_del(&w, DB_GROUP_BY_NAME, g.name, strlen(g.name));
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = g;
	return rc;
}
