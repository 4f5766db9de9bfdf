/*
 * store_lifecycle.c - suspending, reactivating, deprovisioning and
 * finalizing tenants; disabling and enabling users.  Every call leaves an
 * audit record: with the change in its transaction when it succeeds, in a
 * transaction of its own when it is refused.
 */
#include <stdio.h>

#include "store/audit.h"
#include "store/lifecycle.h"
#include "store/priv.h"

/* ---- the transition rules ---- */

static const char *action_name(enum ad_tenant_action action)
{
	switch (action) {
	case AD_TENANT_SUSPEND:
		return "tenant-suspend";
	case AD_TENANT_REACTIVATE:
		return "tenant-reactivate";
	case AD_TENANT_DEPROVISION:
		return "tenant-deprovision";
	case AD_TENANT_FINALIZE:
		return "tenant-finalize";
	default:
		return "tenant-lifecycle";
	}
}

/* "active", "being deprovisioned": what "tenant acme is ..." ends with. */
static const char *status_words(uint32_t status)
{
	switch (status) {
	case ACCT_TENANT_ACTIVE:
		return "active";
	case ACCT_TENANT_SUSPENDED:
		return "suspended";
	case ACCT_TENANT_DEPROVISIONING:
		return "being deprovisioned";
	case ACCT_TENANT_DEPROVISIONED:
		return "deprovisioned";
	default:
		return "in an unknown state";
	}
}

/* The one allowed source status of each action (deprovision: two). */
static bool allowed_from(uint32_t from, enum ad_tenant_action action,
			 uint32_t *to)
{
	switch (action) {
	case AD_TENANT_SUSPEND:
		*to = ACCT_TENANT_SUSPENDED;
		return from == ACCT_TENANT_ACTIVE;
	case AD_TENANT_REACTIVATE:
		*to = ACCT_TENANT_ACTIVE;
		return from == ACCT_TENANT_SUSPENDED;
	case AD_TENANT_DEPROVISION:
		*to = ACCT_TENANT_DEPROVISIONING;
		return from == ACCT_TENANT_ACTIVE ||
		       from == ACCT_TENANT_SUSPENDED;
	case AD_TENANT_FINALIZE:
		*to = ACCT_TENANT_DEPROVISIONED;
		return from == ACCT_TENANT_DEPROVISIONING;
	default:
		*to = from;
		return false;
	}
}

int ad_tenant_transition(uint32_t from, enum ad_tenant_action action,
			 const char *slug, uint32_t *to, char *msg,
			 size_t msglen)
{
	const char *is = status_words(from);

	if (allowed_from(from, action, to))
		return ACCT_ST_OK;
	if (*to == from && action >= AD_TENANT_SUSPEND &&
	    action <= AD_TENANT_FINALIZE) {
		snprintf(msg, msglen, "tenant %s is already %s", slug, is);
		return ACCT_ST_CONFLICT;
	}
	switch (action) {
	case AD_TENANT_SUSPEND:
		snprintf(msg, msglen,
			 "tenant %s is %s; only an active tenant can be "
			 "suspended",
			 slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_REACTIVATE:
		snprintf(msg, msglen,
			 "tenant %s is %s and cannot be reactivated", slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_DEPROVISION: /* only from deprovisioned */
		snprintf(msg, msglen, "tenant %s is already %s", slug, is);
		return ACCT_ST_CONFLICT;
	case AD_TENANT_FINALIZE:
		snprintf(msg, msglen, "tenant %s is %s; deprovision it first",
			 slug, is);
		return ACCT_ST_CONFLICT;
	default:
		snprintf(msg, msglen, "unknown tenant action %d", (int)action);
		return ACCT_ST_INVALID;
	}
}

/* ---- auditing ---- */

int st_audit_refusal(struct ad_store *st, struct ad_audit_event *ev, int rc,
		     const struct ad_err *err)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};

	ev->result = (uint32_t)rc;
	ev->message = err->msg;
	ad_audit_append(st, ev, &scratch);
	return rc;
}

int st_user_save_audited(struct st_wtx *w, struct ad_user *u, bool changed,
			 struct ad_audit_event *ev)
{
	int rc = ACCT_ST_OK;

	ev->tenant = u->tenant;
	if (changed) {
		u->updated = w->now;
		rc = st_user_save(w, u);
	}
	if (rc == ACCT_ST_OK)
		rc = ad_audit_append_in(w, ev);
	return rc;
}

/* Copy a reason checked like a display name into dst[AD_MAX_TEXT + 1]. */
static int check_reason(struct ad_str reason, bool required, const char *what,
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
			       enum ad_tenant_action action, const char *why,
			       struct ad_tenant *t, struct ad_audit_event *ev)
{
	char msg[AD_MSG_MAX];
	uint32_t to;
	int rc;

	rc = st_tenant_find(w->txn, w->st, slug, t, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	ev->tenant = t->slug;
	rc = ad_tenant_transition(t->status, action, t->slug, &to, msg,
				  sizeof(msg));
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
	rc = st_tenant_save(w, t);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w->txn, w->st, t, w->err);
	if (rc == ACCT_ST_OK)
		rc = ad_audit_append_in(w, ev);
	return rc;
}

int ad_store_tenant_lifecycle(struct ad_store *st, struct ad_str slug,
			      enum ad_tenant_action action,
			      struct ad_str reason, const char *actor,
			      struct ad_tenant *out, struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1] = "", target[ACCT_MAX_SLUG + 1] = "";
	struct ad_audit_event ev = {actor, action_name(action), target,
				    NULL,  ACCT_ST_OK,		why,
				    NULL,  ACCT_PAM_OK};
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
		return rc; /* nothing it could name: not audited */
	st_copy(target, slug);
	snprintf(what, sizeof(what), "%s a tenant",
		 action == AD_TENANT_SUSPEND ? "suspend" : "deprovision");
	if (action != AD_TENANT_FINALIZE)
		rc = check_reason(reason, needs_reason, what, why, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_end(&w, tenant_lifecycle_in(&w, slug, action, why,
							  &t, &ev));
	if (rc != ACCT_ST_OK)
		return st_audit_refusal(st, &ev, rc, err);
	if (out != NULL)
		*out = t;
	return ACCT_ST_OK;
}

/* ---- users ---- */

static int user_disable_in(struct st_wtx *w, struct ad_str name,
			   const char *why, uint32_t actor_uid,
			   struct ad_user *u, struct ad_audit_event *ev)
{
	struct ad_tenant t;
	bool changed;
	int rc;

	rc = st_user_by_name(w->txn, w->st, name, u, w->err);
	if (rc == ACCT_ST_OK && u->uid == actor_uid)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "use self-service to disable your own account");
	/* a missing user gets its message from the shared setter */
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	rc = st_user_set_status_in(w, name, ACCT_USER_DISABLED, u, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	changed = strcmp(u->status_reason, why) != 0;
	if (changed)
		snprintf(u->status_reason, sizeof(u->status_reason), "%s", why);
	return st_user_save_audited(w, u, changed, ev);
}

/* The end of a user change: a refusal audited with the user's tenant when
 * the user exists, a success copied out. */
static int user_change_done(struct ad_store *st, struct ad_str name, int rc,
			    struct ad_audit_event *ev, const struct ad_user *u,
			    struct ad_user *out, const struct ad_err *err)
{
	char slug[ACCT_MAX_SLUG + 1] = "";
	struct ad_tenant t;
	struct ad_user found;

	if (rc != ACCT_ST_OK) {
		if (ad_store_user_login_view(st, name, &found, &t, NULL) ==
		    ACCT_ST_OK)
			memcpy(slug, t.slug, sizeof(slug));
		ev->tenant = slug;
		rc = st_audit_refusal(st, ev, rc, err);
		ev->tenant = NULL; /* slug ends here */
		return rc;
	}
	if (out != NULL)
		*out = *u;
	return ACCT_ST_OK;
}

int ad_store_user_disable(struct ad_store *st, struct ad_str name,
			  struct ad_str reason, const char *actor,
			  uint32_t actor_uid, struct ad_user *out,
			  struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1] = "", target[ACCT_MAX_NAME + 1] = "";
	struct ad_audit_event ev = {actor, "user-disable", target,
				    NULL,  ACCT_ST_OK,	   why,
				    NULL,  ACCT_PAM_OK};
	struct ad_user u;
	struct st_wtx w;
	int rc;

	rc = st_check_login_field(name, err);
	if (rc != ACCT_ST_OK)
		return rc; /* nothing it could name: not audited */
	st_copy(target, name);
	rc = check_reason(reason, false, "disable a user", why, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_end(
			&w, user_disable_in(&w, name, why, actor_uid, &u, &ev));
	return user_change_done(st, name, rc, &ev, &u, out, err);
}

static int user_enable_in(struct st_wtx *w, struct ad_str name,
			  struct ad_user *u, struct ad_audit_event *ev)
{
	struct ad_tenant t;
	bool changed;
	int rc;

	rc = st_user_set_status_in(w, name, ACCT_USER_ACTIVE, u, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	changed = u->status_reason[0] != '\0';
	u->status_reason[0] = '\0';
	return st_user_save_audited(w, u, changed, ev);
}

int ad_store_user_enable(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err)
{
	char target[ACCT_MAX_NAME + 1] = "";
	struct ad_audit_event ev = {actor, "user-enable", target,
				    NULL,  ACCT_ST_OK,	  NULL,
				    NULL,  ACCT_PAM_OK};
	struct ad_user u;
	struct st_wtx w;
	int rc;

	rc = st_check_login_field(name, err);
	if (rc != ACCT_ST_OK)
		return rc; /* nothing it could name: not audited */
	st_copy(target, name);
	rc = st_write_begin(st, &w, actor, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_end(&w, user_enable_in(&w, name, &u, &ev));
	return user_change_done(st, name, rc, &ev, &u, out, err);
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
