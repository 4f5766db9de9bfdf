/*
 * deactivate.c - deactivating a user (USER_DEACTIVATE) and making a
 * deactivated one active again (USER_REACTIVATE).  A deactivation is a
 * disable the record remembers as such (deactivated_at), so that
 * reactivating undoes it and nothing else: not a disable of another kind
 * (USER_DISABLE, or a user's own), which clear the mark.  The rules are
 * the caller's guards (policy/user.h).
 */
#include <stdio.h>

#include "store/lifecycle.h"
#include "store/priv.h"
#include "store/token.h"

struct deactivation {
	const char *why;
	const struct ad_user_guard *guard;
};

static int deactivate_in(struct st_wtx *w, struct ad_str name,
			 struct ad_user *u, void *arg)
{
	const struct deactivation *d = arg;
	int rc;

	rc = st_user_set_status_in(w, name, ACCT_USER_DISABLED, d->guard, u,
				   NULL);
	/* as any disabled user, it keeps no token */
	if (rc == ACCT_ST_OK)
		rc = st_token_revoke(w, u->uid, 0, NULL, NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	u->deactivated_at = u->updated = w->now;
	snprintf(u->status_reason, sizeof(u->status_reason), "%s", d->why);
	return st_user_save(w, u);
}

int ad_store_user_deactivate(struct ad_store *st, struct ad_str name,
			     struct ad_str reason,
			     const struct ad_user_guard *guard,
			     const char *actor, struct ad_user *out,
			     struct ad_err *err)
{
	char why[AD_MAX_TEXT + 1] = "";
	struct deactivation d = {why, guard};
	int rc;

	rc = st_check_reason(reason, false, "deactivate a user", why, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_user_change(st, name, actor, deactivate_in, &d, out, err);
}

static int reactivate_in(struct st_wtx *w, struct ad_str name,
			 struct ad_user *u, void *arg)
{
	const struct deactivation *d = arg;
	int rc;

	rc = st_user_set_status_in(w, name, ACCT_USER_ACTIVE, d->guard, u,
				   NULL);
	if (rc != ACCT_ST_OK)
		return rc;
	u->deactivated_at = 0;
	u->status_reason[0] = '\0';
	u->updated = w->now;
	return st_user_save(w, u);
}

int ad_store_user_reactivate(struct ad_store *st, struct ad_str name,
			     const struct ad_user_guard *guard,
			     const char *actor, struct ad_user *out,
			     struct ad_err *err)
{
	struct deactivation d = {"", guard};

	return st_user_change(st, name, actor, reactivate_in, &d, out, err);
}
