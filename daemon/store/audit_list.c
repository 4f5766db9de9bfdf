/*
 * audit_list.c - AUDIT_LIST's read of the chain (audit.h): newest first,
 * filtered, a bounded page per call in one read transaction.
 */
#include "store/audit.h"
#include "store/priv.h"

#define SEQ_LEN 8
/* SEQ and the AUDIT rec's own header, around a record's body */
#define WIRE_OVERHEAD (2u * ACCT_FIELD_HDR_LEN + SEQ_LEN)

/* A full page of the largest records still fits a reply. */
_Static_assert((uint64_t)ACCT_ENUM_BATCH *(AD_AUDIT_REC_MAX + WIRE_OVERHEAD) <
		       ACCT_MAX_REPLY,
	       "a page of audit records must fit ACCT_MAX_REPLY");

static bool same(struct ad_str want, struct ad_str have)
{
	return want.p == NULL || (have.p != NULL && have.len == want.len &&
				  memcmp(have.p, want.p, want.len) == 0);
}

/* Do the record's events (its TIME, or FIRST_SEEN..LAST_SEEN of a
 * coalesced one) meet [since, until)? */
static bool in_window(const struct ad_audit_query *q,
		      const struct ad_audit_view *v)
{
	bool span = v->count != 0 && v->first_seen != 0 && v->last_seen != 0;
	uint64_t lo = span ? v->first_seen : v->time;
	uint64_t hi = span ? v->last_seen : v->time;

	return hi >= q->since && (q->until == 0 || lo < q->until);
}

static bool filtered(const struct ad_audit_query *q)
{
	return q->tenant.p != NULL || q->actor.p != NULL ||
	       q->action.p != NULL || q->since != 0 || q->until != 0;
}

/* The record (seq, value) if it matches q: true when it was sent. */
static bool send_if_wanted(const struct ad_audit_query *q, uint64_t seq,
			   const MDB_val *val, struct acct_buf *out)
{
	struct ad_audit_view v;
	size_t mark;
	bool ok = ad_audit_view(val->mv_data, val->mv_size, &v) == 0;

	if (ok && (!same(q->tenant, v.tenant) || !same(q->actor, v.actor) ||
		   !same(q->action, v.action) || !in_window(q, &v)))
		return false;
	/* unreadable: shown bare when nothing is filtered, never hidden */
	if (!ok && filtered(q))
		return false;
	mark = acct_begin(out, ACCT_T_AUDIT);
	acct_put_u64(out, ACCT_T_SEQ, seq);
	if (ok)
		acct_buf_append(out, val->mv_data, v.body_len);
	acct_end(out, mark);
	return true;
}

/* The cursor on the newest record below before (0: the newest). */
static int seek(MDB_cursor *cur, uint64_t before, MDB_val *k, MDB_val *v)
{
	uint8_t key[SEQ_LEN];
	int rc;

	if (before == 0)
		return mdb_cursor_get(cur, k, v, MDB_LAST);
	acct_be64_put(key, before);
	k->mv_size = sizeof(key);
	k->mv_data = key;
	rc = mdb_cursor_get(cur, k, v, MDB_SET_RANGE);
	if (rc == MDB_NOTFOUND)
		return mdb_cursor_get(cur, k, v, MDB_LAST);
	if (rc != 0)
		return rc;
	return mdb_cursor_get(cur, k, v, MDB_PREV);
}

static int walk_back(MDB_cursor *cur, const struct ad_audit_query *q,
		     struct acct_buf *out, struct ad_audit_page *pg)
{
	uint32_t read = 0;
	MDB_val k, v;
	uint64_t seq;
	int rc;

	for (rc = seek(cur, q->before, &k, &v); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_PREV)) {
		if (k.mv_size != SEQ_LEN)
			return MDB_CORRUPTED;
		seq = acct_be64_get(k.mv_data);
		/* before 1: nothing can follow (and a bad key cannot loop) */
		if (q->before != 0 && seq >= q->before)
			return MDB_CORRUPTED;
		if (pg->sent == q->limit || read == q->examine) {
			pg->more = true;
			return 0;
		}
		read++;
		pg->lowest = seq;
		if (send_if_wanted(q, seq, &v, out))
			pg->sent++;
	}
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int ad_store_audit_list(struct ad_store *st, const struct ad_audit_query *q,
			struct acct_buf *out, struct ad_audit_page *pg,
			struct ad_err *err)
{
	MDB_cursor *cur;
	MDB_txn *txn;
	int rc;

	memset(pg, 0, sizeof(*pg));
	if (q->limit == 0 || q->examine == 0)
		return ACCT_ST_OK;
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = mdb_cursor_open(txn, st->dbi[DB_AUDIT], &cur);
	if (rc == 0) {
		rc = walk_back(cur, q, out, pg);
		mdb_cursor_close(cur);
	}
	st_read_end(st);
	if (rc != 0)
		return st_mdb_fail(err, rc, "audit list");
	if (out->err != 0)
		return st_fail(err, ACCT_ST_TOOBIG, "reply too large");
	return ACCT_ST_OK;
}
