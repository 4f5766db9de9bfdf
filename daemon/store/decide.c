/*
 * decide.c - asking the decisions callers pass in (store.h): the
 * store gathers the facts inside its write transaction, the caller's
 * policy says yes or no, and the store keeps to it.  Nothing is decided
 * here.
 */
#include "store/priv.h"

int st_verdict(struct ad_err *err, int rc, const char *msg)
{
	if (rc == ACCT_ST_OK)
		return rc;
	if (msg[0] == '\0')
		return st_fail(err, rc, "refused");
	return st_fail(err, rc, "%s", msg);
}

int st_tenant_open(struct st_wtx *w, ad_tenant_open_fn open,
		   const struct ad_tenant *t)
{
	char msg[AD_MSG_MAX] = "";

	return st_verdict(w->err, open(t, msg, sizeof(msg)), msg);
}

struct owner_count {
	MDB_txn *txn;
	struct ad_store *st;
	struct ad_err *err;
	uint32_t owners, admins;
	int rc;
};

static int count_owner(void *arg, const char *login, size_t len, uint32_t uid)
{
	struct owner_count *c = arg;
	struct ad_user u;

	c->rc = st_user_by_uid(c->txn, c->st, uid, &u, c->err);
	if (c->rc != ACCT_ST_OK)
		return -1;
	if (u.status != ACCT_USER_ACTIVE)
		return 0;
	c->owners += u.role == ACCT_ROLE_OWNER;
	c->admins += u.role == ACCT_ROLE_ADMIN;
	return 0;
}

/* The tenant's active owners and admins: all in its admins group, a
 * short scan. */
static int count_owners(struct st_wtx *w, const struct ad_tenant *t,
			struct ad_user_change *c)
{
	struct owner_count n = {w->txn, w->st, w->err, 0, 0, ACCT_ST_OK};
	int rc;

	rc = st_member_walk(w->txn, w->st, t->admin_gid, count_owner, &n,
			    w->err);
	if (n.rc != ACCT_ST_OK)
		return n.rc;
	c->active_owners = n.owners;
	c->active_admins = n.admins;
	return rc;
}

int st_user_guard(struct st_wtx *w, const struct ad_user_guard *guard,
		  const struct ad_user *u, const struct ad_tenant *t,
		  uint32_t role, uint32_t status)
{
	struct ad_user_change c = {u, t, role, status, 0, 0};
	char msg[AD_MSG_MAX] = "";
	int rc;

	if (guard == NULL)
		return ACCT_ST_OK;
	if ((u->role == ACCT_ROLE_OWNER || u->role == ACCT_ROLE_ADMIN) &&
	    u->status == ACCT_USER_ACTIVE) {
		rc = count_owners(w, t, &c);
		if (rc != ACCT_ST_OK)
			return rc;
	}
	return st_verdict(w->err, guard->fn(guard->arg, &c, msg, sizeof(msg)),
			  msg);
}
