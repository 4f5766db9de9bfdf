/*
 * budget.c - a tenant's budgets as they stand: the limit that applies to
 * each (its own override, else its plan's, else none), and what it uses
 * of seats (users active or pending: an invitation holds a seat) and
 * sessions (open PAM sessions), counted from the records.  Whether an
 * action may add to them is policy's (policy/budget.h).
 */
#include "store/priv.h"

/* ---- counting ---- */

struct seat_count {
	MDB_txn *txn;
	struct ad_store *st;
	uint64_t n;
	struct ad_err *err;
};

static int count_seat(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct seat_count *c = arg;
	struct ad_user u;
	int rc;

	(void)val;
	if (key->mv_size != 8)
		return ST_WALK_STOP;
	rc = st_user_by_uid(c->txn, c->st,
			    acct_be32_get((const uint8_t *)key->mv_data + 4),
			    &u, c->err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(c->err, ACCT_ST_INTERNAL,
			       "tenant_users points at no user");
	if (rc == ACCT_ST_OK &&
	    (u.status == ACCT_USER_ACTIVE || u.status == ACCT_USER_PENDING))
		c->n++;
	return rc;
}

static int count_seats(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		       uint64_t *n, struct ad_err *err)
{
	struct seat_count c = {txn, st, 0, err};
	uint8_t from[4];
	struct st_range r = {from, sizeof(from), sizeof(from)};
	int rc;

	acct_be32_put(from, gid);
	rc = st_walk(txn, st, DB_TENANT_USERS, r, count_seat, &c, err);
	*n = c.n;
	return rc;
}

struct session_count {
	uint32_t gid;
	uint64_t n;
};

/* A session record's TENANT_GID, read without decoding the rest. */
static int count_session(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct session_count *c = arg;
	struct acct_reader r;
	struct acct_field f;
	uint32_t gid;

	(void)key;
	acct_reader_init(&r, val->mv_data, val->mv_size);
	while (acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_TENANT_GID && acct_get_u32(&f, &gid) == 0 &&
		    gid == c->gid) {
			c->n++;
			break;
		}
	return ACCT_ST_OK;
}

static int count_sessions(MDB_txn *txn, struct ad_store *st, uint32_t gid,
			  uint64_t *n, struct ad_err *err)
{
	struct session_count c = {gid, 0};
	struct st_range all = {NULL, 0, 0};
	int rc = st_walk(txn, st, DB_SESSIONS, all, count_session, &c, err);

	*n = c.n;
	return rc;
}

/* ---- the view ---- */

static int view_in(MDB_txn *txn, struct ad_store *st, struct ad_str slug,
		   uint32_t count, struct ad_budget_view *v, struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_plan p;
	bool have_plan = false;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = st_tenant_find(txn, st, slug, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (t.sub.plan[0] != '\0') {
		rc = st_plan_find(txn, st, ad_str_c(t.sub.plan), &p, err);
		if (rc != ACCT_ST_OK)
			return rc == ACCT_ST_NOTFOUND
				       ? st_fail(err, ACCT_ST_INTERNAL,
						 "tenant '%s' is on a plan "
						 "that does not exist",
						 t.slug)
				       : rc;
		have_plan = true;
	}
	memcpy(v->tenant, t.slug, sizeof(v->tenant));
	memcpy(v->plan, t.sub.plan, sizeof(v->plan));
	v->tenant_gid = t.gid;
	v->policy = t.budget.policy != 0 ? t.budget.policy : ACCT_BUDGET_BLOCK;
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++) {
		struct ad_budget_line *l = &v->line[k];

		l->kind = k + 1;
		l->limit = ACCT_BUDGET_UNLIMITED;
		l->source = ACCT_BUDGET_FROM_NONE;
		if (t.budget.set & (1u << k)) {
			l->limit = t.budget.limit[k];
			l->source = ACCT_BUDGET_FROM_OVERRIDE;
		} else if (have_plan && p.limit[k] != ACCT_BUDGET_UNLIMITED) {
			l->limit = p.limit[k];
			l->source = ACCT_BUDGET_FROM_PLAN;
		}
	}
	rc = ACCT_ST_OK;
	if (count & (1u << (ACCT_BUDGET_SEATS - 1)))
		rc = count_seats(txn, st, t.gid,
				 &v->line[ACCT_BUDGET_SEATS - 1].used, err);
	if (rc == ACCT_ST_OK && (count & (1u << (ACCT_BUDGET_SESSIONS - 1))))
		rc = count_sessions(txn, st, t.gid,
				    &v->line[ACCT_BUDGET_SESSIONS - 1].used,
				    err);
	return rc;
}

int ad_store_budget_view(struct ad_store *st, struct ad_str slug,
			 uint32_t count, struct ad_budget_view *out,
			 struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = view_in(txn, st, slug, count, out, err);
	st_read_end(st);
	return rc;
}

/* ---- overrides ---- */

static int check_change(const struct ad_budget_change *c, struct ad_err *err)
{
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++) {
		uint64_t max = k + 1 == ACCT_BUDGET_USAGE ? ACCT_MAX_USAGE
							  : ACCT_MAX_BUDGET;

		if ((c->set & c->clear & (1u << k)) != 0)
			return st_fail(err, ACCT_ST_INVALID,
				       "the %s budget is both set and cleared",
				       acct_budget_kind_name(k + 1));
		if ((c->set & (1u << k)) && c->limit[k] > max &&
		    c->limit[k] != ACCT_BUDGET_UNLIMITED)
			return st_fail(err, ACCT_ST_INVALID,
				       "%s limit %llu is too large (at most "
				       "%llu, or unlimited)",
				       acct_budget_kind_name(k + 1),
				       (unsigned long long)c->limit[k],
				       (unsigned long long)max);
	}
	if (c->policy != 0 && c->policy != ACCT_BUDGET_BLOCK &&
	    c->policy != ACCT_BUDGET_OVERRIDE)
		return st_fail(err, ACCT_ST_INVALID,
			       "budget policy %lu is not block (1) or "
			       "override (2)",
			       (unsigned long)c->policy);
	return ACCT_ST_OK;
}

int ad_store_budget_set(struct ad_store *st, struct ad_str slug,
			const struct ad_budget_change *c, const char *actor,
			struct ad_err *err)
{
	struct ad_tenant t;
	struct st_wtx w;
	int rc;

	rc = check_change(c, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_find(w.txn, st, slug, &t, err);
	if (rc == ACCT_ST_OK) {
		for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++) {
			if (c->set & (1u << k))
				t.budget.limit[k] = c->limit[k];
			else if (c->clear & (1u << k))
				t.budget.limit[k] = 0;
		}
		t.budget.set = (t.budget.set | c->set) & ~c->clear;
		if (c->policy != 0)
			t.budget.policy = c->policy;
		t.updated = w.now;
		rc = st_tenant_save(&w, &t);
	}
	return st_write_end(&w, rc);
}
