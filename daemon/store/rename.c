/*
 * rename.c - a tenant's new slug (TENANT_RENAME), and the names of its
 * groups with it: "<slug>", "<slug>-admins" and every "<slug>-<name>".
 * Gids, members and users stay as they are (users and members name the
 * tenant by gid).  Every new name is made and checked before anything is
 * written; the old names are let go before the new ones are taken, so a
 * tenant may be renamed into a name it held itself ("acme" to "acme-x"
 * with a group "acme-x").
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/priv.h"
#include "store/tenant_admin.h"

/* One group of the tenant, and what it will be called. */
struct renamed {
	struct ad_group g;
	char name[ACCT_MAX_NAME + 1];
};

struct group_set {
	uint32_t tenant_gid;
	struct renamed *items;
	size_t n, cap;
	struct ad_err *err;
};

static int collect(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct group_set *s = arg;
	struct renamed *p;
	struct ad_group g;

	(void)key;
	if (st_group_decode(val->mv_data, val->mv_size, &g) < 0)
		return st_fail(s->err, ACCT_ST_INTERNAL,
			       "corrupt group record");
	if (g.tenant_gid != s->tenant_gid)
		return ACCT_ST_OK;
	if (s->n == s->cap) {
		p = realloc(s->items,
			    (s->cap ? s->cap * 2 : 8) * sizeof(*s->items));
		if (p == NULL)
			return st_fail(s->err, ACCT_ST_BUSY,
				       "out of memory, try again");
		s->items = p;
		s->cap = s->cap ? s->cap * 2 : 8;
	}
	memset(&s->items[s->n], 0, sizeof(s->items[s->n]));
	s->items[s->n++].g = g;
	return ACCT_ST_OK;
}

/* The new name of r (of tenant old) under new_slug, checked. */
static int new_name(struct st_wtx *w, const char *old, const char *new_slug,
		    struct renamed *r)
{
	size_t olen = strlen(old);
	const char *rest;
	int n;

	/* "<old>" or "<old>-<rest>": the rest carries over */
	if (strncmp(r->g.name, old, olen) != 0 ||
	    (r->g.name[olen] != '\0' && r->g.name[olen] != '-'))
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "group '%s' of tenant '%s' does not carry its "
			       "slug",
			       r->g.name, old);
	rest = r->g.name + olen;
	n = snprintf(r->name, sizeof(r->name), "%s%s", new_slug, rest);
	if (n < 0 || (size_t)n >= sizeof(r->name) ||
	    !acct_valid_group(r->name, (size_t)n))
		return st_fail(w->err, ACCT_ST_INVALID,
			       "group '%s' would become '%s%s', over %u "
			       "characters: choose a shorter slug",
			       r->g.name, new_slug, rest, ACCT_MAX_NAME);
	return ACCT_ST_OK;
}

/* The slug is free (a tenant's, not any group's: those come after). */
static int slug_free(struct st_wtx *w, struct ad_str slug, const char *show)
{
	MDB_val found;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_TENANT_BY_SLUG], slug.p, slug.len,
		    &found);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "tenant slug '%s' is already taken", show);
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "tenant_by_slug");
	return ACCT_ST_OK;
}

/* Let every old name go, then take every new one. */
static int move_groups(struct st_wtx *w, struct group_set *s)
{
	uint8_t val[4];
	size_t i;
	int rc = ACCT_ST_OK;

	for (i = 0; rc == ACCT_ST_OK && i < s->n; i++)
		rc = st_del(w, DB_GROUP_BY_NAME, s->items[i].g.name,
			    strlen(s->items[i].g.name));
	for (i = 0; rc == ACCT_ST_OK && i < s->n; i++) {
		struct renamed *r = &s->items[i];

		rc = st_group_name_unused(w, r->name);
		if (rc == ACCT_ST_EXISTS) { /* as the slug: taken, a conflict */
			char msg[AD_MSG_MAX];

			memcpy(msg, w->err->msg, sizeof(msg));
			rc = st_fail(w->err, ACCT_ST_CONFLICT, "%s", msg);
		}
		if (rc != ACCT_ST_OK)
			break;
		memcpy(r->g.name, r->name, sizeof(r->g.name));
		rc = st_group_save(w, &r->g);
		acct_be32_put(val, r->g.gid);
		if (rc == ACCT_ST_OK)
			rc = st_put(w, DB_GROUP_BY_NAME, r->name,
				    strlen(r->name), val, sizeof(val),
				    MDB_NOOVERWRITE);
	}
	return rc;
}

static int rename_in(struct st_wtx *w, struct ad_str slug,
		     struct ad_str new_slug, struct ad_tenant *t)
{
	char old[ACCT_MAX_SLUG + 1], ns[ACCT_MAX_SLUG + 1];
	struct group_set s = {0, NULL, 0, 0, w->err};
	uint8_t val[4];
	size_t i;
	int rc;

	rc = st_tenant_find(w->txn, w->st, slug, t, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(old, t->slug, sizeof(old));
	st_copy(ns, new_slug);
	if (strcmp(old, ns) == 0)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "tenant '%s' is already called '%s'", old, ns);
	rc = slug_free(w, new_slug, ns);
	s.tenant_gid = t->gid;
	if (rc == ACCT_ST_OK)
		rc = st_walk(w->txn, w->st, DB_GROUPS,
			     (struct st_range){NULL, 0, 0}, collect, &s,
			     w->err);
	/* every name checked before the first write */
	for (i = 0; rc == ACCT_ST_OK && i < s.n; i++)
		rc = new_name(w, old, ns, &s.items[i]);
	if (rc == ACCT_ST_OK)
		rc = move_groups(w, &s);
	free(s.items);
	if (rc != ACCT_ST_OK)
		return rc;
	memcpy(t->slug, ns, sizeof(t->slug));
	t->updated = w->now;
	rc = st_tenant_save(w, t);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_TENANT_BY_SLUG, old, strlen(old));
	acct_be32_put(val, t->gid);
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_TENANT_BY_SLUG, ns, strlen(ns), val,
			    sizeof(val), MDB_NOOVERWRITE);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w->txn, w->st, t, w->err);
	return rc;
}

int ad_store_tenant_rename(struct ad_store *st, struct ad_str slug,
			   struct ad_str new_slug, struct ad_str reason,
			   const char *actor, struct ad_tenant *out,
			   struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1];
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (!ad_str_given(new_slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: new_name");
	rc = st_check_slug(slug, err);
	if (rc == ACCT_ST_OK)
		rc = st_check_slug(new_slug, err);
	if (rc == ACCT_ST_OK)
		rc = st_check_reason(reason, true, "rename a tenant", why, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, rename_in(&w, slug, new_slug, &t));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = t;
	return rc;
}
