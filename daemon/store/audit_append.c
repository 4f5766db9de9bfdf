/*
 * audit_append.c - audit records in a write transaction of their own:
 * refusals (the change's transaction was aborted or never began) and the
 * daemon's own events.
 */
#include "store/audit.h"
#include "store/priv.h"

int ad_audit_append(struct ad_store *st, const struct ad_audit_event *ev,
		    struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, ev->actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, ad_audit_append_in(&w, ev));
}

int ad_audit_append_repeated(struct ad_store *st,
			     const struct ad_audit_repeated *r, size_t n,
			     struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	for (size_t i = 0; i < n && rc == ACCT_ST_OK; i++)
		rc = ad_audit_append_repeated_in(&w, &r[i]);
	return st_write_end(&w, rc);
}
