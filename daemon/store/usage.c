/*
 * usage.c - usage of API keys and of tenants (see apikey.h): key uses
 * counted in memory (usage_mem.c) and written in one transaction by a
 * flush; units recorded by USAGE_RECORD written at once; reads that add
 * what is not written yet.
 */
#include <stdio.h>

#include "store/priv.h"

int ad_store_usage_key_used(struct ad_store *st, const struct ad_apikey *k,
			    uint64_t now, struct ad_err *err)
{
	if (st_usage_count(&st->usage, k, ad_usage_month(now), now) < 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "out of memory counting a key use");
	return ACCT_ST_OK;
}

/* What memory holds of gid's month (month 0: of every month) added to
 * u. */
static void add_pending(const struct st_usage *m, uint32_t gid, uint32_t month,
			struct ad_usage *u)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct st_usage_delta *e = &m->d[i];

		if (e->prefix[0] != '\0' || e->tenant_gid != gid)
			continue;
		if (month == 0 || e->month == month)
			u->units += e->units;
		u->key_uses += e->uses;
	}
}

struct uses {
	struct ad_err *err;
	uint64_t key_uses;
};

static int uses_step(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct uses *s = arg;
	struct acct_reader r;
	struct acct_field f;
	uint64_t v = 0;

	(void)key;
	acct_reader_init(&r, val->mv_data, val->mv_size);
	while (acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_KEY_USES && acct_get_u64(&f, &v) < 0)
			return st_mdb_fail(s->err, MDB_CORRUPTED, "api_usage");
	s->key_uses += v;
	return ACCT_ST_OK;
}

static int usage_in(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		    uint32_t month, struct ad_usage *out, struct ad_err *err)
{
	uint8_t from[4];
	struct st_range r = {from, sizeof(from), sizeof(from)};
	struct uses s = {err, 0};
	struct ad_usage m;
	int rc;

	acct_be32_put(from, gid);
	rc = st_usage_get(txn, st, gid, month, &m, err);
	if (rc == ACCT_ST_OK)
		rc = st_walk(txn, st, DB_API_USAGE, r, uses_step, &s, err);
	if (rc != ACCT_ST_OK)
		return rc;
	out->units = m.units;
	out->key_uses = s.key_uses;
	return ACCT_ST_OK;
}

int ad_store_usage_of(struct ad_store *st, uint32_t tenant_gid, uint32_t month,
		      struct ad_usage *out, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = usage_in(txn, st, tenant_gid, month, out, err);
	st_read_end(st);
	if (rc == ACCT_ST_OK) {
		struct ad_usage p = {0, 0};

		add_pending(&st->usage, tenant_gid, month, &p);
		out->units += p.units;
		out->key_uses += p.key_uses;
	}
	return rc;
}

int ad_store_usage_units(struct ad_store *st, uint32_t tenant_gid,
			 uint32_t month, uint64_t *units, struct ad_err *err)
{
	const struct st_usage_delta *d;
	struct ad_usage m;
	MDB_txn *txn;
	int rc;

	*units = 0;
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_usage_get(txn, st, tenant_gid, month, &m, err);
	st_read_end(st);
	if (rc != ACCT_ST_OK)
		return rc;
	d = st_usage_tenant_pending(&st->usage, tenant_gid, month);
	*units = m.units + (d != NULL ? d->units : 0);
	return ACCT_ST_OK;
}

static int record_in(struct st_wtx *w, struct ad_str slug, uint64_t units,
		     uint32_t month, uint64_t *total, uint32_t *gid)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_tenant t;
	struct ad_usage u;
	int rc;

	rc = st_tenant_by_slug(w->txn, w->st, slug, &t, w->err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND, "no tenant '%s'",
			       st_show(q, sizeof(q), slug.p, slug.len));
	if (rc == ACCT_ST_OK)
		rc = st_usage_get(w->txn, w->st, t.gid, month, &u, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (u.units > UINT64_MAX - units)
		return st_fail(w->err, ACCT_ST_INVALID,
			       "the month's usage would overflow");
	u.units += units;
	*total = u.units;
	*gid = t.gid;
	return st_usage_put(w, t.gid, month, &u);
}

int ad_store_usage_record(struct ad_store *st, struct ad_str slug,
			  uint64_t units, uint64_t now, const char *actor,
			  uint32_t *month, uint64_t *total, struct ad_err *err)
{
	struct st_wtx w;
	uint32_t gid = 0;
	int rc;

	*month = ad_usage_month(now);
	*total = 0;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, record_in(&w, slug, units, *month, total, &gid));
	if (rc == ACCT_ST_OK) {
		struct ad_usage p = {0, 0};

		add_pending(&st->usage, gid, *month, &p);
		*total += p.units;
	}
	return rc;
}

/* ---- the flush ---- */

static int flush_key(struct st_wtx *w, const struct st_usage_delta *e)
{
	struct ad_apikey k;
	int rc = st_apikey_get(w->txn, w->st, e->prefix, &k, w->err);

	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_ST_OK; /* dropped since: nothing to count on */
	if (rc != ACCT_ST_OK)
		return rc;
	k.use_count += e->uses;
	if (e->last_used > k.last_used)
		k.last_used = e->last_used;
	return st_apikey_save(w, &k);
}

static int flush_tenant(struct st_wtx *w, const struct st_usage_delta *e)
{
	struct ad_tenant t;
	struct ad_usage u;
	int rc;

	rc = st_tenant_by_gid(w->txn, w->st, e->tenant_gid, &t, w->err);
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_ST_OK; /* purged since */
	if (rc == ACCT_ST_OK)
		rc = st_usage_get(w->txn, w->st, e->tenant_gid, e->month, &u,
				  w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	u.units += e->units;
	u.key_uses += e->uses;
	return st_usage_put(w, e->tenant_gid, e->month, &u);
}

static int flush_in(struct st_wtx *w, const struct st_usage *m)
{
	int rc = ACCT_ST_OK;

	for (size_t i = 0; i < m->n && rc == ACCT_ST_OK; i++)
		rc = m->d[i].prefix[0] != '\0' ? flush_key(w, &m->d[i])
					       : flush_tenant(w, &m->d[i]);
	return rc;
}

int ad_store_usage_flush(struct ad_store *st, uint32_t *n, struct ad_err *err)
{
	struct st_wtx w;
	size_t held = st->usage.n;
	int rc;

	if (n != NULL)
		*n = 0;
	if (held == 0)
		return ACCT_ST_OK;
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, flush_in(&w, &st->usage));
	if (rc != ACCT_ST_OK)
		return rc; /* kept for the next flush */
	st_usage_clear(&st->usage);
	if (n != NULL)
		*n = (uint32_t)held;
	return ACCT_ST_OK;
}
