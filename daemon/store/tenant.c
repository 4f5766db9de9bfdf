/*
 * tenant.c - tenants.  Each tenant comes with two groups created in
 * the same transaction: "<slug>" (every user of the tenant, also their
 * primary group, whose gid keys the tenant) and "<slug>-admins" (owners
 * and admins).
 */
#include <stdio.h>

#include "store/priv.h"
#include "store/uuid.h"

int st_tenant_create_in(struct st_wtx *w, struct ad_str slug,
			const char *display_name, struct ad_tenant *t)
{
	char admins[ACCT_MAX_NAME + 1];
	char q[ST_SHOW_MAX + 4];
	uint8_t val[4];
	MDB_val found;
	int rc;

	memset(t, 0, sizeof(*t));
	st_copy(t->slug, slug);
	snprintf(admins, sizeof(admins), "%s" AD_ADMINS_SUFFIX, t->slug);
	rc = st_get(w->txn, w->st->dbi[DB_TENANT_BY_SLUG], slug.p, slug.len,
		    &found);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "tenant '%s' already exists",
			       st_show(q, sizeof(q), slug.p, slug.len));
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "tenant_by_slug");
	rc = st_group_name_unused(w, t->slug);
	if (rc == ACCT_ST_OK)
		rc = st_group_name_unused(w, admins);
	if (rc == ACCT_ST_OK)
		rc = st_alloc_gid(w, &t->gid);
	if (rc == ACCT_ST_OK)
		rc = st_alloc_gid(w, &t->admin_gid);
	if (rc != ACCT_ST_OK)
		return rc;

	st_uuid_new(t->uuid);
	snprintf(t->display_name, sizeof(t->display_name), "%s", display_name);
	t->status = ACCT_TENANT_ACTIVE;
	t->status_updated_at = w->now;
	snprintf(t->status_updated_by, sizeof(t->status_updated_by), "%s",
		 w->actor);
	t->created = t->updated = w->now;
	rc = st_tenant_save(w, t);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_be32_put(val, t->gid);
	rc = st_put(w, DB_TENANT_BY_SLUG, t->slug, strlen(t->slug), val,
		    sizeof(val), MDB_NOOVERWRITE);
	if (rc == ACCT_ST_OK)
		rc = st_group_insert(w, t->slug, t->gid, ACCT_GROUP_TENANT,
				     t->gid);
	if (rc == ACCT_ST_OK)
		rc = st_group_insert(w, admins, t->admin_gid, ACCT_GROUP_ADMINS,
				     t->gid);
	return rc;
}

int ad_store_tenant_create(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name, const char *actor,
			   struct ad_tenant *out, struct ad_err *err)
{
	char display[AD_MAX_TEXT + 1] = "";
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_slug(slug, err);
	if (rc == ACCT_ST_OK && ad_str_given(display_name))
		rc = st_check_display_name(display_name, display, err);
	if (rc != ACCT_ST_OK)
		return rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, st_tenant_create_in(&w, slug, display, &t));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = t;
	return rc;
}

int ad_store_tenant_get(struct ad_store *st, struct ad_str slug,
			struct ad_tenant *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(txn, st, slug, out, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(txn, st, out, err);
	st_read_end(st);
	return rc;
}

/* What a tenant change sets; the rest stays.  (Status changes are the
 * lifecycle's: store/lifecycle.c.) */
struct tenant_edit {
	const char *display_name; /* NULL: unchanged */
	int app_passwords;	  /* 0 or 1; -1: unchanged */
};

static int tenant_change_in(struct st_wtx *w, struct ad_str slug,
			    const struct tenant_edit *e, struct ad_tenant *t)
{
	int rc;

	rc = st_tenant_find(w->txn, w->st, slug, t, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (e->display_name != NULL)
		snprintf(t->display_name, sizeof(t->display_name), "%s",
			 e->display_name);
	if (e->app_passwords >= 0)
		t->app_passwords = (uint32_t)e->app_passwords;
	if (e->display_name != NULL || e->app_passwords >= 0) {
		t->updated = w->now;
		rc = st_tenant_save(w, t);
	}
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w->txn, w->st, t, w->err);
	return rc;
}

/* One checked change to an existing tenant, in its own write. */
static int tenant_change(struct ad_store *st, struct ad_str slug,
			 const struct tenant_edit *e, const char *actor,
			 struct ad_tenant *out, struct ad_err *err)
{
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, tenant_change_in(&w, slug, e, &t));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = t;
	return rc;
}

int ad_store_tenant_update(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name, const char *actor,
			   struct ad_tenant *out, struct ad_err *err)
{
	return ad_store_tenant_edit(st, slug, display_name, -1, actor, out,
				    err);
}

int ad_store_tenant_edit(struct ad_store *st, struct ad_str slug,
			 struct ad_str display_name, int app_passwords,
			 const char *actor, struct ad_tenant *out,
			 struct ad_err *err)
{
	char display[AD_MAX_TEXT + 1] = "";
	struct tenant_edit e = {NULL, app_passwords};
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (ad_str_given(display_name)) {
		rc = st_check_display_name(display_name, display, err);
		if (rc != ACCT_ST_OK)
			return rc;
		e.display_name = display;
	}
	return tenant_change(st, slug, &e, actor, out, err);
}

struct tenant_visit {
	MDB_txn *txn;
	struct ad_store *st;
	ad_tenant_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_tenant(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct tenant_visit *v = arg;
	struct ad_tenant t;
	int rc;

	if (st_tenant_decode(val->mv_data, val->mv_size, &t) < 0)
		return st_fail(v->err, ACCT_ST_INTERNAL,
			       "corrupt tenant record");
	rc = st_tenant_count(v->txn, v->st, &t, v->err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_walk_step(v->fn(v->arg, &t), "cannot list tenants", v->err);
}

int ad_store_tenant_list(struct ad_store *st, ad_tenant_fn fn, void *arg,
			 struct ad_err *err)
{
	struct tenant_visit v = {NULL, st, fn, arg, err};
	int rc;

	rc = st_read_begin(st, &v.txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_walk(v.txn, st, DB_TENANTS, (struct st_range){NULL, 0, 0},
		     visit_tenant, &v, err);
	st_read_end(st);
	return rc;
}
