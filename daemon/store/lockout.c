/*
 * lockout.c - the failed-login counter and the lock in the user
 * record: counting a wrong password with its audit records (by the
 * caller's rule, policy/lockout.h), resetting after a right one, and
 * USER_UNLOCK.  One durable transaction each.
 */
#include <stdio.h>

#include "acct_text.h"
#include "store/audit.h"
#include "store/priv.h"

/* The live (not deleted) user called name, with its tenant slug. */
static int live_user(struct st_wtx *w, struct ad_str name, struct ad_user *u)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_tenant t;
	int rc;

	rc = st_user_by_name(w->txn, w->st, name, u, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED))
		return st_fail(w->err, ACCT_ST_NOTFOUND, "no user '%s'",
			       st_show(q, sizeof(q), name.p, name.len));
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(w->txn, w->st, u, &t, w->err);
	return rc;
}

/* The lock's own audit record, next to the failure that caused it. */
static int audit_lock(struct st_wtx *w, const struct ad_user *u,
		      const struct ad_audit_event *failure)
{
	char msg[AD_MSG_MAX], when[32] = "later";
	struct ad_audit_event ev = *failure;

	acct_utc_time(u->locked_until, when, sizeof(when));
	snprintf(msg, sizeof(msg), "locked until %s after %u failed logins",
		 when, u->failed_logins);
	ev.action = "account-lock";
	ev.message = msg;
	return ad_audit_append_in(w, &ev);
}

/* Did the count change the failed-login fields (else: nothing to save)? */
static bool failures_changed(const struct ad_user *a, const struct ad_user *b)
{
	return a->failed_logins != b->failed_logins ||
	       a->first_failure != b->first_failure ||
	       a->locked_until != b->locked_until;
}

static int login_failed_in(struct st_wtx *w, struct ad_str name,
			   ad_failure_count_fn count, void *arg, uint64_t now,
			   const struct ad_audit_event *ev,
			   uint64_t *locked_until)
{
	struct ad_audit_event failure = *ev;
	struct ad_user u, before;
	bool locks;
	int rc;

	rc = live_user(w, name, &u);
	if (rc != ACCT_ST_OK)
		return rc;
	failure.tenant = u.tenant;
	before = u;
	locks = count(arg, &u, now);
	if (failures_changed(&before, &u))
		rc = st_user_save(w, &u);
	if (locks)
		*locked_until = u.locked_until;
	if (rc == ACCT_ST_OK)
		rc = ad_audit_append_in(w, &failure);
	if (rc == ACCT_ST_OK && locks)
		rc = audit_lock(w, &u, &failure);
	return rc;
}

int ad_store_login_failed(struct ad_store *st, struct ad_str name,
			  ad_failure_count_fn count, void *arg, uint64_t now,
			  const struct ad_audit_event *ev,
			  uint64_t *locked_until, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*locked_until = 0;
	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_write_begin(st, &w, ev->actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, login_failed_in(&w, name, count, arg, now, ev,
					      locked_until));
	if (rc != ACCT_ST_OK)
		*locked_until = 0;
	return rc;
}

int ad_store_unknown_login(struct ad_store *st, struct ad_err *err)
{
	static const char key[] = "unknown_logins";
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, st_meta_add(&w, key, sizeof(key) - 1, 1));
}

int ad_store_login_succeeded(struct ad_store *st, struct ad_str name,
			     struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	/* the common case, a clean record, costs a read and no write */
	rc = ad_store_user_get(st, name, &u, err);
	if (rc != ACCT_ST_OK || !ad_user_clear_failures(&u))
		return rc;
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = live_user(&w, name, &u);
	if (rc == ACCT_ST_OK && ad_user_clear_failures(&u))
		rc = st_user_save(&w, &u);
	return st_write_end(&w, rc);
}

static int unlock_in(struct st_wtx *w, struct ad_str name, struct ad_user *u,
		     void *arg)
{
	int rc;

	(void)arg;
	rc = live_user(w, name, u);
	if (rc != ACCT_ST_OK || !ad_user_clear_failures(u))
		return rc;
	u->updated = w->now;
	return st_user_save(w, u);
}

int ad_store_user_unlock(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err)
{
	return st_user_change(st, name, actor, unlock_in, NULL, out, err);
}
