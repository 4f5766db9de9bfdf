/*
 * txn.c - write transactions: one per change, committed durably, with the
 * audit record of the request that made the change (ad_store_audit_next)
 * in the same commit, so that a change never lands without its record.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/audit.h"
#include "store/priv.h"

void ad_store_audit_next(struct ad_store *st, const struct ad_audit_event *ev)
{
	st->audit_next = ev;
	st->audit_written = false;
}

bool ad_store_audit_written(const struct ad_store *st)
{
	return st->audit_written;
}

void ad_store_audit_also(struct ad_store *st, ad_audit_also_fn fn, void *arg)
{
	st->audit_also = fn;
	st->audit_also_arg = arg;
}

int st_write_begin(struct ad_store *st, struct st_wtx *w, const char *actor,
		   struct ad_err *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->st = st;
	w->err = err;
	w->actor = actor != NULL ? actor : "accountsd";
	w->now = (uint64_t)time(NULL);
	w->mark = st->mark;
	st_read_end(st);
	rc = mdb_txn_begin(st->env, NULL, 0, &w->txn);
	if (rc != 0) {
		w->txn = NULL;
		return st_mdb_fail(err, rc, "write transaction");
	}
	return ACCT_ST_OK;
}

int st_write_end(struct st_wtx *w, int status)
{
	int rc;

	if (w->local != NULL) {
		st_local_free(w->local);
		free(w->local);
		w->local = NULL;
	}
	if (w->txn == NULL) {
		st_audit_hand_on(w, false);
		return status;
	}
	/* the request's record goes with its first change */
	if (status == ACCT_ST_OK && w->st->audit_next != NULL &&
	    !w->st->audit_written)
		status = ad_audit_append_in(w, w->st->audit_next);
	if (status == ACCT_ST_OK && w->st->audit_also != NULL)
		status = w->st->audit_also(w->st->audit_also_arg, w);
	/* the ids handed out are on disk before the data that uses them */
	if (status == ACCT_ST_OK)
		status = st_idmark_commit(w);
	if (status != ACCT_ST_OK) {
		mdb_txn_abort(w->txn);
		w->txn = NULL;
		st_audit_hand_on(w, false);
		return status;
	}
	rc = mdb_txn_commit(w->txn);
	w->txn = NULL;
	st_audit_hand_on(w, rc == 0);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "commit");
	if (w->st->audit_next != NULL)
		w->st->audit_written = true;
	w->st->audit_also = NULL; /* spent */
	return ACCT_ST_OK;
}

int st_user_change(struct ad_store *st, struct ad_str name, const char *actor,
		   st_user_change_fn fn, void *arg, struct ad_user *out,
		   struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	memset(&u, 0, sizeof(u)); /* fn fills it, but not on every failure */
	rc = st_check_login_field(name, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_begin(st, &w, actor, err);
	if (rc == ACCT_ST_OK)
		rc = st_write_end(&w, fn(&w, name, &u, arg));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}
