/*
 * subscription.c - a tenant's subscription, kept in its tenant record
 * (store/record.c encodes it), changed by the operator's requests and by
 * time (the sweep).  What a change makes
 * of a subscription is the caller's decision (policy/subscription.h); the
 * store keeps the plan it names existing.
 */
#include <stdlib.h>

#include "store/audit.h"
#include "store/priv.h"

int ad_store_tenant_sub_change(struct ad_store *st, struct ad_str slug,
			       struct ad_str plan, ad_sub_change_fn fn,
			       void *arg, const char *actor,
			       struct ad_tenant *out, struct ad_err *err)
{
	struct ad_subscription sub;
	struct ad_tenant t;
	struct ad_plan p;
	struct st_wtx w;
	char msg[AD_MSG_MAX] = "";
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(w.txn, st, slug, &t, err);
	if (rc == ACCT_ST_OK && ad_str_given(plan))
		rc = st_plan_find(w.txn, st, plan, &p, err);
	if (rc == ACCT_ST_OK) {
		sub = t.sub;
		rc = fn(arg, &t, ad_str_given(plan) ? &p : NULL, &sub, msg,
			sizeof(msg));
		if (rc != ACCT_ST_OK)
			st_verdict(err, rc, msg);
	}
	/* the plan it names must exist (fn may only keep or set it) */
	if (rc == ACCT_ST_OK && sub.plan[0] != '\0' && !ad_str_given(plan))
		rc = st_plan_find(w.txn, st, ad_str_c(sub.plan), &p, err);
	if (rc == ACCT_ST_OK) {
		t.sub = sub;
		t.updated = w.now;
		rc = st_tenant_save(&w, &t);
	}
	if (rc == ACCT_ST_OK)
		rc = st_tenant_count(w.txn, st, &t, err);
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = t;
	return rc;
}

/* ---- the sweep ---- */

struct sweep {
	uint64_t now;
	ad_sub_due_fn due;
	uint64_t next_due;
	uint32_t *gids; /* tenants whose subscription changes */
	size_t n, cap;
	struct ad_err *err;
};

static int sweep_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct sweep *s = arg;
	struct ad_tenant t;
	const char *why = "";
	uint32_t status;
	uint64_t next = 0;

	(void)key;
	if (st_tenant_decode(val->mv_data, val->mv_size, &t) < 0)
		return st_fail(s->err, ACCT_ST_INTERNAL,
			       "corrupt tenant record");
	if (s->due(&t.sub, s->now, &status, &next, &why)) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 16;
			uint32_t *g = realloc(s->gids, cap * sizeof(*g));

			if (g == NULL)
				return st_fail(s->err, ACCT_ST_INTERNAL,
					       "out of memory");
			s->gids = g;
			s->cap = cap;
		}
		s->gids[s->n++] = t.gid;
	}
	if (next != 0 && (s->next_due == 0 || next < s->next_due))
		s->next_due = next;
	return ACCT_ST_OK;
}

/* Apply the change to tenant gid, with its audit record. */
static int sweep_apply(struct st_wtx *w, struct sweep *s, uint32_t gid)
{
	struct ad_audit_event ev;
	struct ad_tenant t;
	const char *why = "";
	uint64_t next = 0;
	uint32_t status;
	int rc;

	rc = st_tenant_must(w->txn, w->st, gid, &t, w->err);
	if (rc != ACCT_ST_OK || !s->due(&t.sub, s->now, &status, &next, &why))
		return rc;
	t.sub.status = status;
	t.updated = w->now;
	rc = st_tenant_save(w, &t);
	if (rc != ACCT_ST_OK)
		return rc;
	/* the daemon's own sweep: no process asked, no uid (has_uid) */
	memset(&ev, 0, sizeof(ev));
	ev.actor = w->actor;
	ev.action = "subscription-expire";
	ev.target = t.slug;
	ev.tenant = t.slug;
	ev.result = ACCT_ST_OK;
	ev.message = why;
	return ad_audit_append_in(w, &ev);
}

int ad_store_sub_sweep(struct ad_store *st, uint64_t now, ad_sub_due_fn due,
		       uint64_t *next_due, uint32_t *changed,
		       struct ad_err *err)
{
	struct sweep s = {now, due, 0, NULL, 0, 0, err};
	struct st_range all = {NULL, 0, 0};
	struct st_wtx w;
	MDB_txn *txn;
	int rc;

	*next_due = 0;
	*changed = 0;
	/* what is due, read first: most runs find nothing and write nothing */
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_walk(txn, st, DB_TENANTS, all, sweep_one, &s, err);
	st_read_end(st);
	if (rc == ACCT_ST_OK && s.n > 0) {
		rc = st_write_begin(st, &w, "accountsd", err);
		if (rc == ACCT_ST_OK) {
			/* each asked again inside the write */
			for (size_t i = 0; i < s.n && rc == ACCT_ST_OK; i++)
				rc = sweep_apply(&w, &s, s.gids[i]);
			rc = st_write_end(&w, rc);
		}
	}
	free(s.gids);
	if (rc == ACCT_ST_OK) {
		*next_due = s.next_due;
		*changed = (uint32_t)s.n;
	}
	return rc;
}
