/*
 * signup.c - a tenant and its first owner in one write transaction
 * (TENANT_SIGNUP): a taken login or a refused owner aborts the tenant
 * with it, so there is never a tenant without the owner it was made for.
 */
#include "store/priv.h"
#include "store/tenant_admin.h"

/* Everything checked before the transaction starts. */
static int check_signup(struct ad_store *st, struct ad_str slug,
			struct ad_str display_name,
			const struct ad_user_spec *owner, char *display,
			struct st_user_new *n, struct ad_err *err)
{
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_slug(slug, err);
	if (rc == ACCT_ST_OK && ad_str_given(display_name))
		rc = st_check_display_name(display_name, display, err);
	if (rc == ACCT_ST_OK)
		rc = st_check_user_new(owner, st_cfg(st), n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (n->role != ACCT_ROLE_OWNER || slug.len != strlen(n->tenant) ||
	    memcmp(slug.p, n->tenant, slug.len) != 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "signup: the owner is not the new tenant's");
	if (n->f.email[0] == '\0')
		return st_fail(err, ACCT_ST_INVALID,
			       "the first owner needs an email address");
	return ACCT_ST_OK;
}

int ad_store_tenant_signup(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name,
			   const struct ad_user_spec *owner,
			   ad_tenant_open_fn open, const char *actor,
			   struct ad_tenant *t, struct ad_user *u,
			   struct ad_err *err)
{
	char display[AD_MAX_TEXT + 1] = "";
	struct st_user_new n;
	struct ad_tenant tn;
	struct ad_user un;
	struct st_wtx w;
	int rc;

	rc = check_signup(st, slug, display_name, owner, display, &n, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_create_in(&w, slug, display, &tn);
	if (rc == ACCT_ST_OK)
		rc = st_user_create_in(&w, &n, open, ACCT_USER_ACTIVE, &un);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w.txn, st, &tn, err);
	rc = st_write_end(&w, rc);
	if (rc != ACCT_ST_OK)
		return rc;
	if (t != NULL)
		*t = tn;
	if (u != NULL)
		*u = un;
	return ACCT_ST_OK;
}
