/*
 * lifecycle.c - suspending, reactivating, deprovisioning and
 * finalizing tenants; disabling and enabling users.  The rules are the
 * caller's (policy/tenant.h, policy/user.h); this applies them.  The
 * audit records are the dispatcher's (ops/audit.h): a change commits
 * with the record of the request that made it (ad_store_audit_next).
 */
#include <stdio.h>

#include "store/lifecycle.h"
#include "store/priv.h"
#include "store/token.h"

/* Copy a reason checked like a display name into dst[AD_MAX_TEXT + 1]. */
int st_check_reason(struct ad_str reason, bool required, const char *what,
		    char *dst, struct ad_err *err)
{
	dst[0] = '\0';
	if (!ad_str_given(reason))
		return required ? st_fail(err, ACCT_ST_BADREQ,
					  "missing field: reason")
				: ACCT_ST_OK;
	if (reason.len == 0 && required)
		return st_fail(err, ACCT_ST_INVALID,
			       "a reason is required to %s", what);
	if (reason.len > AD_MAX_TEXT || !acct_valid_gecos(reason.p, reason.len))
		return st_fail(err, ACCT_ST_INVALID,
			       "reason is not valid: printable UTF-8 text of "
			       "at most 255 bytes without ':'");
	st_copy(dst, reason);
	return ACCT_ST_OK;
}

/* ---- tenants ---- */

static int tenant_lifecycle_in(struct st_wtx *w, struct ad_str slug,
			       enum ad_tenant_action action,
			       ad_tenant_move_fn move, const char *why,
			       struct ad_tenant *t)
{
	char msg[AD_MSG_MAX];
	uint32_t to;
	int rc;

	rc = st_tenant_find(w->txn, w->st, slug, t, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	msg[0] = '\0';
	rc = move(t->status, action, t->slug, &to, msg, sizeof(msg));
	if (rc != ACCT_ST_OK)
		return st_fail(w->err, rc, "%s", msg);
	t->status = to;
	if (action != AD_TENANT_FINALIZE)
		snprintf(t->status_reason, sizeof(t->status_reason), "%s", why);
	t->status_updated_at = t->updated = w->now;
	snprintf(t->status_updated_by, sizeof(t->status_updated_by), "%s",
		 w->actor);
	if (action == AD_TENANT_SUSPEND)
		t->suspended_at = w->now;
	else if (action == AD_TENANT_REACTIVATE)
		t->suspended_at = 0;
	else if (action == AD_TENANT_DEPROVISION)
		t->deprovisioned_at = w->now;
	else if (action == AD_TENANT_FINALIZE)
		t->finalized_at = w->now; /* retention counts from here */
	rc = st_tenant_save(w, t);
	/* users who cannot log in keep no token */
	if (rc == ACCT_ST_OK &&
	    (action == AD_TENANT_SUSPEND || action == AD_TENANT_DEPROVISION))
		rc = st_token_revoke_tenant(w, t->gid, NULL);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w->txn, w->st, t, w->err);
	return rc;
}

int ad_store_tenant_lifecycle(struct ad_store *st, struct ad_str slug,
			      enum ad_tenant_action action,
			      ad_tenant_move_fn move, struct ad_str reason,
			      const char *actor, struct ad_tenant *out,
			      struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1] = "";
	bool needs_reason =
		action == AD_TENANT_SUSPEND || action == AD_TENANT_DEPROVISION;
	char what[32];
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(slug))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_slug(slug, err);
	if (rc != ACCT_ST_OK)
		return rc;
	snprintf(what, sizeof(what), "%s a tenant",
		 action == AD_TENANT_SUSPEND ? "suspend" : "deprovision");
	if (action != AD_TENANT_FINALIZE)
		rc = st_check_reason(reason, needs_reason, what, why, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_end(&w, tenant_lifecycle_in(&w, slug, action,
							  move, why, &t));
	if (rc != ACCT_ST_OK)
		return rc;
	if (out != NULL)
		*out = t;
	return ACCT_ST_OK;
}

/* ---- users ---- */

/* The end of a user's status change: stamped and saved when changed. */
static int user_save_if(struct st_wtx *w, struct ad_user *u, bool changed)
{
	if (!changed)
		return ACCT_ST_OK;
	u->updated = w->now;
	return st_user_save(w, u);
}

struct disable {
	const char *why;
	const struct ad_user_guard *guard;
};

static int user_disable_in(struct st_wtx *w, struct ad_str name,
			   struct ad_user *u, void *arg)
{
	const struct disable *d = arg;
	struct ad_tenant t;
	bool changed;
	int rc;

	rc = st_user_set_status_in(w, name, ACCT_USER_DISABLED, d->guard, u,
				   &t);
	/* a disabled user keeps no token */
	if (rc == ACCT_ST_OK)
		rc = st_token_revoke(w, u->uid, 0, NULL, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	/* disabled for this reason now, not deactivated: reactivate no
	 * longer undoes it */
	changed =
		strcmp(u->status_reason, d->why) != 0 || u->deactivated_at != 0;
	u->deactivated_at = 0;
	if (changed)
		snprintf(u->status_reason, sizeof(u->status_reason), "%s",
			 d->why);
	return user_save_if(w, u, changed);
}

int ad_store_user_disable(struct ad_store *st, struct ad_str name,
			  struct ad_str reason,
			  const struct ad_user_guard *guard, const char *actor,
			  struct ad_user *out, struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1] = "";
	struct disable d = {why, guard};
	int rc;

	rc = st_check_reason(reason, false, "disable a user", why, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_user_change(st, name, actor, user_disable_in, &d, out, err);
}

static int user_enable_in(struct st_wtx *w, struct ad_str name,
			  struct ad_user *u, void *arg)
{
	struct ad_tenant t;
	bool changed;
	int rc;

	(void)arg;
	/* nothing to decide: enabling takes nothing away */
	rc = st_user_set_status_in(w, name, ACCT_USER_ACTIVE, NULL, u, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	changed = u->status_reason[0] != '\0' || u->deactivated_at != 0;
	u->status_reason[0] = '\0';
	u->deactivated_at = 0;
	return user_save_if(w, u, changed);
}

int ad_store_user_enable(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err)
{
	return st_user_change(st, name, actor, user_enable_in, NULL, out, err);
}

int ad_store_user_login_view(struct ad_store *st, struct ad_str name,
			     struct ad_user *u, struct ad_tenant *t,
			     struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(txn, st, name, u, err);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(txn, st, u, t, err);
	st_read_end(st);
	return rc;
}
