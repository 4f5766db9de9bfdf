/*
 * identity.c - who a uid is: the user record that owns it, with its
 * tenant, for the dispatcher's caller value (ops/caller.c); and the user
 * or group a request names, with its tenant (ops/target.c).
 */
#include "store/priv.h"

int ad_store_user_by_uid(struct ad_store *st, uint32_t uid, struct ad_user *u,
			 struct ad_tenant *t, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_uid(txn, st, uid, u, err);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(txn, st, u, t, err);
	st_read_end(st);
	return rc;
}

int ad_store_user_named(struct ad_store *st, struct ad_str name,
			struct ad_user *u, struct ad_tenant *t,
			struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(txn, st, name, u, err);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(txn, st, u, t, err);
	st_read_end(st);
	return rc;
}

int ad_store_group_named(struct ad_store *st, struct ad_str name,
			 struct ad_group *g, struct ad_tenant *t,
			 struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_group_by_name(txn, st, name, g, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(txn, st, g->tenant_gid, t, err);
	st_read_end(st);
	return rc;
}
