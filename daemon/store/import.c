/*
 * import.c - a whole directory written back in one transaction (issue
 * 10: what `accountsctl export` wrote), keeping every uid, gid, home,
 * shell and password hash.  The records go through the same creation
 * code as a new tenant, user or group, with their own numbers asked of
 * the allocator (alloc.c: in range, not the host's, free, and above
 * what this host handed out before), so the integrity rules are the
 * same.  All or nothing: ad_store_import_end commits, or aborts on any
 * failure before it.
 */
#include <stdlib.h>
#include <string.h>

#include "store/priv.h"

struct ad_import {
	struct st_wtx w;
	ad_tenant_open_fn open;
	int status; /* the first failure, ACCT_ST_OK until one */
	/* tenants suspended once their users are in (a suspended tenant
	 * takes no new user) */
	char (*suspend)[ACCT_MAX_SLUG + 1];
	size_t n_suspend;
};

int ad_store_import_begin(struct ad_store *st, ad_tenant_open_fn open,
			  const char *actor, struct ad_import **out,
			  struct ad_err *err)
{
	struct ad_import *im = calloc(1, sizeof(*im));
	int rc;

	*out = NULL;
	if (im == NULL)
		return st_fail(err, ACCT_ST_INTERNAL, "out of memory");
	rc = st_write_begin(st, &im->w, actor, err);
	if (rc != ACCT_ST_OK) {
		free(im);
		return rc;
	}
	im->open = open;
	*out = im;
	return ACCT_ST_OK;
}

/* Remember the first failure: nothing after it is committed. */
static int step(struct ad_import *im, int rc)
{
	if (im->status == ACCT_ST_OK)
		im->status = rc;
	return rc;
}

int ad_store_import_tenant(struct ad_import *im,
			   const struct ad_import_tenant *it)
{
	struct st_wtx *w = &im->w;
	char name[AD_MAX_TEXT + 1];
	struct ad_tenant t;
	void *p;
	int rc;

	if (it->status != ACCT_TENANT_ACTIVE &&
	    it->status != ACCT_TENANT_SUSPENDED)
		return step(im, st_fail(w->err, ACCT_ST_INVALID,
					"only an active or suspended tenant "
					"is imported"));
	rc = st_check_slug(it->slug, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_check_display_name(it->name, name, w->err);
	if (rc != ACCT_ST_OK)
		return step(im, rc);
	w->want_gid[0] = it->gid;
	w->want_gid[1] = it->admin_gid;
	rc = st_tenant_create_in(w, it->slug, name, &t);
	w->want_gid[0] = w->want_gid[1] = 0;
	if (rc == ACCT_ST_OK && it->app_passwords != t.app_passwords) {
		t.app_passwords = it->app_passwords;
		rc = st_tenant_save(w, &t);
	}
	if (rc == ACCT_ST_OK && it->status == ACCT_TENANT_SUSPENDED) {
		p = realloc(im->suspend,
			    (im->n_suspend + 1) * sizeof(*im->suspend));
		if (p == NULL)
			return step(im, st_fail(w->err, ACCT_ST_INTERNAL,
						"out of memory"));
		im->suspend = p;
		memcpy(im->suspend[im->n_suspend++], t.slug, sizeof(t.slug));
	}
	return step(im, rc);
}

int ad_store_import_user(struct ad_import *im, const struct ad_import_user *iu)
{
	struct st_wtx *w = &im->w;
	struct st_user_new n;
	struct ad_user u;
	int rc;

	if (iu->status != ACCT_USER_ACTIVE && iu->status != ACCT_USER_DISABLED)
		return step(im, st_fail(w->err, ACCT_ST_INVALID,
					"only an active or disabled user is "
					"imported"));
	if (iu->hash.len > AD_MAX_PWHASH ||
	    (iu->hash.len > 0 &&
	     (iu->hash.len < 10 || memcmp(iu->hash.p, "$argon2id$", 10) != 0 ||
	      memchr(iu->hash.p, ':', iu->hash.len))))
		return step(im, st_fail(w->err, ACCT_ST_INVALID,
					"password_hash is not an Argon2id "
					"hash ($argon2id$...)"));
	rc = st_check_user_new(&iu->spec, st_cfg(w->st), &n, w->err);
	if (rc != ACCT_ST_OK)
		return step(im, rc);
	w->want_uid = iu->uid;
	rc = st_user_create_in(w, &n, im->open, iu->status, &u);
	w->want_uid = 0;
	if (rc == ACCT_ST_OK && iu->gid != u.gid)
		rc = st_fail(w->err, ACCT_ST_INVALID,
			     "gid %u is not its tenant's (%u)", iu->gid, u.gid);
	if (rc == ACCT_ST_OK && iu->hash.len > 0) {
		memcpy(u.password_hash, iu->hash.p, iu->hash.len);
		u.password_hash[iu->hash.len] = '\0';
		rc = st_user_save(w, &u);
	}
	return step(im, rc);
}

int ad_store_import_group(struct ad_import *im, struct ad_str name,
			  struct ad_str tenant, uint32_t gid)
{
	struct st_wtx *w = &im->w;
	char buf[ACCT_MAX_NAME + 1];
	struct ad_tenant t;
	int rc;

	rc = st_check_group_name(name, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_find(w->txn, w->st, tenant, &t, w->err);
	if (rc != ACCT_ST_OK)
		return step(im, rc);
	st_copy(buf, name);
	if (strncmp(buf, t.slug, strlen(t.slug)) != 0 ||
	    buf[strlen(t.slug)] != '-')
		return step(im, st_fail(w->err, ACCT_ST_INVALID,
					"group '%s' is not named for its "
					"tenant ('%s-...')",
					buf, t.slug));
	rc = st_group_name_unused(w, buf);
	w->want_gid[0] = gid;
	if (rc == ACCT_ST_OK)
		rc = st_alloc_gid(w, &gid);
	w->want_gid[0] = 0;
	if (rc == ACCT_ST_OK)
		rc = st_group_insert(w, buf, gid, ACCT_GROUP_CUSTOM, t.gid);
	return step(im, rc);
}

int ad_store_import_member(struct ad_import *im, struct ad_str group,
			   struct ad_str login)
{
	struct st_wtx *w = &im->w;
	struct ad_group g;
	struct ad_user u;
	char q[ST_SHOW_MAX + 4];
	int rc;

	memset(&u, 0, sizeof(u));
	rc = st_group_by_name(w->txn, w->st, group, &g, w->err);
	/* a tenant's own groups follow its users and their roles */
	if (rc == ACCT_ST_OK && g.kind != ACCT_GROUP_CUSTOM)
		return ACCT_ST_OK;
	if (rc == ACCT_ST_OK)
		rc = st_user_by_name(w->txn, w->st, login, &u, w->err);
	if (rc == ACCT_ST_OK && u.tenant_gid != g.tenant_gid)
		rc = st_fail(w->err, ACCT_ST_INVALID,
			     "member '%s' is of another tenant",
			     st_show(q, sizeof(q), login.p, login.len));
	if (rc == ACCT_ST_OK)
		rc = st_member_add(w, g.gid, u.name, u.uid);
	return step(im, rc);
}

int ad_store_import_end(struct ad_import *im, int status)
{
	struct ad_tenant t;
	int rc;

	if (status == ACCT_ST_OK)
		status = im->status;
	for (size_t i = 0; status == ACCT_ST_OK && i < im->n_suspend; i++) {
		status =
			st_tenant_find(im->w.txn, im->w.st,
				       ad_str_c(im->suspend[i]), &t, im->w.err);
		if (status != ACCT_ST_OK)
			break;
		t.status = ACCT_TENANT_SUSPENDED;
		t.suspended_at = t.status_updated_at = im->w.now;
		status = st_tenant_save(&im->w, &t);
	}
	rc = st_write_end(&im->w, status);
	free(im->suspend);
	free(im);
	return rc;
}
