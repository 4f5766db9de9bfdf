/*
 * plan.c - the operator's plans: the record under its name, kept whole
 * (a valid name, limits within bounds, a bounded number of plans) and
 * not deleted while a tenant uses one.  Which tenant is on which plan is
 * in the tenant's record (store/subscription.c).
 */
#include <stdio.h>

#include "acct_names.h"
#include "store/priv.h"

static const uint16_t limit_tags[ACCT_BUDGET_KINDS] = {
	ACCT_T_SEATS, ACCT_T_SESSIONS, ACCT_T_KEYS, ACCT_T_USAGE};

static int plan_decode(const void *p, size_t len, struct ad_plan *pl)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(pl, 0, sizeof(*pl));
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		pl->limit[k] = ACCT_BUDGET_UNLIMITED;
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
			if (f.tag == limit_tags[k])
				bad |= acct_get_u64(&f, &pl->limit[k]);
		switch (f.tag) {
		case ACCT_T_NAME:
			bad |= acct_get_strcpy(&f, pl->name, sizeof(pl->name));
			break;
		case ACCT_T_TRIAL_DAYS:
			bad |= acct_get_u32(&f, &pl->trial_days);
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &pl->created);
			break;
		case ACCT_T_UPDATED:
			bad |= acct_get_u64(&f, &pl->updated);
			break;
		default:
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

static int plan_save(struct st_wtx *w, const struct ad_plan *pl)
{
	struct acct_buf *b = &w->st->rec;

	acct_buf_reset(b);
	acct_put_str(b, ACCT_T_NAME, pl->name);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		if (pl->limit[k] != ACCT_BUDGET_UNLIMITED)
			acct_put_u64(b, limit_tags[k], pl->limit[k]);
	acct_put_u32(b, ACCT_T_TRIAL_DAYS, pl->trial_days);
	acct_put_u64(b, ACCT_T_CREATED, pl->created);
	acct_put_u64(b, ACCT_T_UPDATED, pl->updated);
	if (b->err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a record");
	return st_put(w, DB_PLANS, pl->name, strlen(pl->name), b->data, b->len,
		      0);
}

int st_plan_find(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		 struct ad_plan *p, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	MDB_val val;
	int rc = MDB_NOTFOUND;

	if (name.len > 0 && name.len <= ACCT_MAX_NAME)
		rc = st_get(txn, st->dbi[DB_PLANS], name.p, name.len, &val);
	if (rc == MDB_NOTFOUND)
		return st_fail(err, ACCT_ST_NOTFOUND, "no plan '%s'",
			       st_show(q, sizeof(q), name.p, name.len));
	if (rc != 0)
		return st_mdb_fail(err, rc, "plans");
	if (plan_decode(val.mv_data, val.mv_size, p) < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "corrupt plan record");
	return ACCT_ST_OK;
}

/* ---- checks: the record's integrity ---- */

static int check_name(struct ad_str name, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (!acct_valid_group(name.p, name.len))
		return st_fail(
			err, ACCT_ST_INVALID,
			"plan name '%s' is not valid: 1-32 characters "
			"of a-z, 0-9, _, . and -, starting with a letter",
			st_show(q, sizeof(q), name.p, name.len));
	return ACCT_ST_OK;
}

static int check_limit(unsigned k, uint64_t v, struct ad_err *err)
{
	uint64_t max =
		k + 1 == ACCT_BUDGET_USAGE ? ACCT_MAX_USAGE : ACCT_MAX_BUDGET;

	if (v == ACCT_BUDGET_UNLIMITED || v <= max)
		return ACCT_ST_OK;
	return st_fail(err, ACCT_ST_INVALID,
		       "%s limit %llu is too large (at most %llu, or "
		       "unlimited)",
		       acct_budget_kind_name(k + 1), (unsigned long long)v,
		       (unsigned long long)max);
}

static int check_trial(uint32_t days, struct ad_err *err)
{
	if (days <= ACCT_MAX_TRIAL_DAYS)
		return ACCT_ST_OK;
	return st_fail(err, ACCT_ST_INVALID,
		       "trial of %lu days is too long (at most %u)",
		       (unsigned long)days, ACCT_MAX_TRIAL_DAYS);
}

static int check_plan(const struct ad_plan *p, struct ad_err *err)
{
	int rc = check_name(ad_str_c(p->name), err);

	for (unsigned k = 0; k < ACCT_BUDGET_KINDS && rc == ACCT_ST_OK; k++)
		rc = check_limit(k, p->limit[k], err);
	if (rc == ACCT_ST_OK)
		rc = check_trial(p->trial_days, err);
	return rc;
}

/* ---- create, read, list ---- */

int ad_store_plan_create(struct ad_store *st, const struct ad_plan *p,
			 const char *actor, struct ad_plan *out,
			 struct ad_err *err)
{
	struct ad_plan pl = *p, old;
	struct st_wtx w;
	MDB_stat ms;
	int rc;

	rc = check_plan(&pl, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_plan_find(w.txn, st, ad_str_c(pl.name), &old, err);
	if (rc == ACCT_ST_OK)
		rc = st_fail(err, ACCT_ST_EXISTS, "plan '%s' already exists",
			     pl.name);
	else if (rc == ACCT_ST_NOTFOUND)
		rc = ACCT_ST_OK;
	if (rc == ACCT_ST_OK) {
		int mrc = mdb_stat(w.txn, st->dbi[DB_PLANS], &ms);

		if (mrc != 0)
			rc = st_mdb_fail(err, mrc, "plans");
		else if (ms.ms_entries >= ACCT_MAX_PLANS)
			rc = st_fail(err, ACCT_ST_EXHAUSTED,
				     "there are already %u plans, the most "
				     "allowed",
				     ACCT_MAX_PLANS);
	}
	if (rc == ACCT_ST_OK) {
		pl.created = pl.updated = w.now;
		pl.tenants = 0;
		rc = plan_save(&w, &pl);
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = pl;
	return rc;
}

/* How many tenants are on plan name. */
struct plan_users {
	const char *name;
	uint32_t n;
	struct ad_err *err;
};

static int count_user(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct plan_users *pu = arg;
	struct ad_tenant t;

	(void)key;
	if (st_tenant_decode(val->mv_data, val->mv_size, &t) < 0)
		return st_fail(pu->err, ACCT_ST_INTERNAL,
			       "corrupt tenant record");
	if (strcmp(t.sub.plan, pu->name) == 0)
		pu->n++;
	return ACCT_ST_OK;
}

static int plan_tenants(MDB_txn *txn, struct ad_store *st, const char *name,
			uint32_t *n, struct ad_err *err)
{
	struct plan_users pu = {name, 0, err};
	struct st_range all = {NULL, 0, 0};
	int rc = st_walk(txn, st, DB_TENANTS, all, count_user, &pu, err);

	*n = pu.n;
	return rc;
}

int ad_store_plan_get(struct ad_store *st, struct ad_str name,
		      struct ad_plan *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_plan_find(txn, st, name, out, err);
	if (rc == ACCT_ST_OK)
		rc = plan_tenants(txn, st, out->name, &out->tenants, err);
	st_read_end(st);
	return rc;
}

struct plan_list {
	ad_plan_fn fn;
	void *arg;
	struct ad_err *err;
};

static int list_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct plan_list *pl = arg;
	struct ad_plan p;

	(void)key;
	if (plan_decode(val->mv_data, val->mv_size, &p) < 0)
		return st_fail(pl->err, ACCT_ST_INTERNAL,
			       "corrupt plan record");
	return st_walk_step(pl->fn(pl->arg, &p), "cannot list plans", pl->err);
}

int ad_store_plan_list(struct ad_store *st, ad_plan_fn fn, void *arg,
		       struct ad_err *err)
{
	struct plan_list pl = {fn, arg, err};
	struct st_range all = {NULL, 0, 0};
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_walk(txn, st, DB_PLANS, all, list_one, &pl, err);
	st_read_end(st);
	return rc;
}

/* ---- update, delete ---- */

int ad_store_plan_update(struct ad_store *st, struct ad_str name,
			 const struct ad_plan_change *c, const char *actor,
			 struct ad_plan *out, struct ad_err *err)
{
	struct ad_plan pl;
	struct st_wtx w;
	int rc;

	rc = check_name(name, err);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS && rc == ACCT_ST_OK; k++)
		if (c->set & (1u << k))
			rc = check_limit(k, c->limit[k], err);
	if (rc == ACCT_ST_OK && c->trial_given)
		rc = check_trial(c->trial_days, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_plan_find(w.txn, st, name, &pl, err);
	if (rc == ACCT_ST_OK) {
		for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
			if (c->set & (1u << k))
				pl.limit[k] = c->limit[k];
		if (c->trial_given)
			pl.trial_days = c->trial_days;
		pl.updated = w.now;
		rc = plan_save(&w, &pl);
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = pl;
	return rc;
}

int ad_store_plan_delete(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_plan *out,
			 struct ad_err *err)
{
	struct ad_plan pl;
	struct st_wtx w;
	uint32_t n = 0;
	int rc;

	rc = check_name(name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_plan_find(w.txn, st, name, &pl, err);
	if (rc == ACCT_ST_OK)
		rc = plan_tenants(w.txn, st, pl.name, &n, err);
	if (rc == ACCT_ST_OK && n > 0)
		rc = st_fail(err, ACCT_ST_CONFLICT,
			     "plan '%s' is used by %lu tenant%s", pl.name,
			     (unsigned long)n, n == 1 ? "" : "s");
	if (rc == ACCT_ST_OK)
		rc = st_del(&w, DB_PLANS, pl.name, strlen(pl.name));
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = pl;
	return rc;
}
