/*
 * audit.c - appending audit records to the hash chain, and checking it.
 * See audit.h for the record layout and what the chain proves.
 */
#include <stdlib.h>

#include <sodium.h>

#include "store/audit.h"
#include "server/log.h"
#include "store/priv.h"

#define SEQ_LEN 8

/* HASH = BLAKE2b-256(PREV_HASH || seq BE || the fields before PREV_HASH):
 * the sequence number is in it so that records cannot swap places. */
static void chain_hash(const uint8_t prev[AD_AUDIT_HASH_LEN], uint64_t seq,
		       const void *body, size_t len,
		       uint8_t out[AD_AUDIT_HASH_LEN])
{
	crypto_generichash_state s;
	uint8_t key[SEQ_LEN];

	acct_be64_put(key, seq);
	crypto_generichash_init(&s, NULL, 0, AD_AUDIT_HASH_LEN);
	crypto_generichash_update(&s, prev, AD_AUDIT_HASH_LEN);
	crypto_generichash_update(&s, key, sizeof(key));
	crypto_generichash_update(&s, body, len);
	crypto_generichash_final(&s, out, AD_AUDIT_HASH_LEN);
}

/* Where a stored record's chain fields are. */
struct chain_fields {
	size_t body_len; /* bytes before the PREV_HASH field */
	const uint8_t *prev, *hash;
};

/* A record must end with PREV_HASH then HASH, each 32 bytes. */
static int split_record(const uint8_t *rec, size_t len, struct chain_fields *c)
{
	const size_t field = ACCT_FIELD_HDR_LEN + AD_AUDIT_HASH_LEN;
	struct acct_field prev, hash;
	struct acct_reader r;

	if (len < 2 * field)
		return -1;
	c->body_len = len - 2 * field;
	acct_reader_init(&r, rec + c->body_len, 2 * field);
	if (acct_next(&r, &prev) != 1 || acct_next(&r, &hash) != 1 ||
	    prev.tag != ACCT_T_PREV_HASH || hash.tag != ACCT_T_HASH ||
	    prev.len != AD_AUDIT_HASH_LEN || hash.len != AD_AUDIT_HASH_LEN)
		return -1;
	/* the body itself must be whole fields */
	if (acct_validate(rec, c->body_len) < 0)
		return -1;
	c->prev = prev.val;
	c->hash = hash.val;
	return 0;
}

/* The last record's sequence number and hash (0 and zeros when none). */
static int chain_tail(MDB_txn *txn, struct ad_store *st, uint64_t *seq,
		      uint8_t hash[AD_AUDIT_HASH_LEN], struct ad_err *err)
{
	struct chain_fields c;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	*seq = 0;
	memset(hash, 0, AD_AUDIT_HASH_LEN);
	rc = mdb_cursor_open(txn, st->dbi[DB_AUDIT], &cur);
	if (rc != 0)
		return st_mdb_fail(err, rc, "audit");
	rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_OK;
	if (rc != 0)
		return st_mdb_fail(err, rc, "audit");
	if (k.mv_size != SEQ_LEN ||
	    split_record(v.mv_data, v.mv_size, &c) < 0) {
		ad_log(LOG_ERR, "store: corrupt audit record at the end");
		return st_fail(err, ACCT_ST_INTERNAL,
			       "internal error in the store (see the log)");
	}
	*seq = acct_be64_get(k.mv_data);
	memcpy(hash, c.hash, AD_AUDIT_HASH_LEN);
	return ACCT_ST_OK;
}

static void put_str_or_empty(struct acct_buf *b, uint16_t tag, const char *s)
{
	acct_put_str(b, tag, s != NULL ? s : "");
}

static void put_opt_str(struct acct_buf *b, uint16_t tag, const char *s)
{
	if (s != NULL && s[0] != '\0')
		acct_put_str(b, tag, s);
}

static void encode_body(struct acct_buf *b, uint64_t now,
			const struct ad_audit_repeated *r)
{
	const struct ad_audit_event *ev = &r->ev;

	acct_put_u64(b, ACCT_T_TIME, now);
	put_str_or_empty(b, ACCT_T_ACTOR, ev->actor);
	if (ev->has_uid)
		acct_put_u32(b, ACCT_T_ACTOR_UID, ev->uid);
	put_str_or_empty(b, ACCT_T_ACTION, ev->action);
	put_str_or_empty(b, ACCT_T_TARGET, ev->target);
	put_opt_str(b, ACCT_T_TENANT, ev->tenant);
	acct_put_u32(b, ACCT_T_RESULT, ev->result);
	put_opt_str(b, ACCT_T_REASON, ev->reason);
	put_opt_str(b, ACCT_T_MESSAGE, ev->message);
	if (ev->pam_result != ACCT_PAM_OK)
		acct_put_u32(b, ACCT_T_PAM_RESULT, ev->pam_result);
	if (ev->pid != 0)
		acct_put_u32(b, ACCT_T_PID, ev->pid);
	if (r->count != 0) {
		acct_put_u32(b, ACCT_T_COUNT, r->count);
		acct_put_u64(b, ACCT_T_FIRST_SEEN, r->first_seen);
		acct_put_u64(b, ACCT_T_LAST_SEEN, r->last_seen);
	}
}

/* ---- the sink ---- */

void ad_audit_set_sink(struct ad_store *st, ad_audit_sink_fn fn, void *arg)
{
	st->audit_sink = fn;
	st->audit_sink_arg = arg;
}

/* Keep the record b (seq) for the sink, if there is one: true when b was
 * taken.  Out of memory the record still commits, unforwarded, and the
 * log says so: the chain is the record, the sink a copy. */
static bool keep_for_sink(struct st_wtx *w, uint64_t seq, struct acct_buf *b)
{
	struct st_appended *grown;
	size_t cap;

	if (w->st->audit_sink == NULL)
		return false;
	if (w->n_appended == w->cap_appended) {
		cap = w->cap_appended != 0 ? 2 * w->cap_appended : 4;
		grown = realloc(w->appended, cap * sizeof(*grown));
		if (grown == NULL) {
			ad_log(LOG_ERR,
			       "audit record %llu will not be forwarded: "
			       "out of memory",
			       (unsigned long long)seq);
			return false;
		}
		w->appended = grown;
		w->cap_appended = cap;
	}
	w->appended[w->n_appended].seq = seq;
	w->appended[w->n_appended].rec = *b;
	w->n_appended++;
	return true;
}

void st_audit_hand_on(struct st_wtx *w, bool committed)
{
	struct ad_store *st = w->st;

	for (size_t i = 0; i < w->n_appended; i++) {
		struct st_appended *a = &w->appended[i];

		if (committed && st->audit_sink != NULL)
			st->audit_sink(st->audit_sink_arg, a->seq, a->rec.data,
				       a->rec.len);
		acct_buf_free(&a->rec);
	}
	free(w->appended);
	w->appended = NULL;
	w->n_appended = w->cap_appended = 0;
}

/* ---- appending ---- */

int ad_audit_append_repeated_in(struct st_wtx *w,
				const struct ad_audit_repeated *r)
{
	uint8_t prev[AD_AUDIT_HASH_LEN], hash[AD_AUDIT_HASH_LEN], key[SEQ_LEN];
	struct acct_buf b;
	uint64_t seq;
	int rc;

	rc = chain_tail(w->txn, w->st, &seq, prev, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_buf_init(&b, AD_AUDIT_REC_MAX);
	encode_body(&b, w->now, r);
	if (b.err == 0) {
		chain_hash(prev, seq + 1, b.data, b.len, hash);
		acct_put_bytes(&b, ACCT_T_PREV_HASH, prev, sizeof(prev));
		acct_put_bytes(&b, ACCT_T_HASH, hash, sizeof(hash));
	}
	if (b.err != 0) {
		rc = st_fail(w->err, ACCT_ST_INTERNAL,
			     "cannot encode an audit record");
	} else {
		acct_be64_put(key, seq + 1);
		rc = st_put(w, DB_AUDIT, key, sizeof(key), b.data, b.len,
			    MDB_APPEND);
	}
	if (rc == ACCT_ST_OK && keep_for_sink(w, seq + 1, &b))
		return rc; /* b is the sink's now */
	acct_buf_free(&b);
	return rc;
}

int ad_audit_append_in(struct st_wtx *w, const struct ad_audit_event *ev)
{
	struct ad_audit_repeated r;

	memset(&r, 0, sizeof(r));
	r.ev = *ev;
	return ad_audit_append_repeated_in(w, &r);
}

/* ---- reading ---- */

struct audit_visit {
	ad_audit_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_record(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct audit_visit *v = arg;

	if (key->mv_size != SEQ_LEN)
		return st_fail(v->err, ACCT_ST_INTERNAL,
			       "corrupt audit record key");
	return st_walk_step(v->fn(v->arg, acct_be64_get(key->mv_data),
				  val->mv_data, val->mv_size),
			    "cannot walk the audit records", v->err);
}

int ad_audit_walk(struct ad_store *st, ad_audit_fn fn, void *arg,
		  struct ad_err *err)
{
	struct audit_visit v = {fn, arg, err};
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_walk(txn, st, DB_AUDIT, (struct st_range){NULL, 0, 0},
		     visit_record, &v, err);
	st_read_end(st);
	return rc;
}

/* ---- verifying ---- */

/* One record of the walk: the next link of the chain, or the first bad
 * one (the walk stops there). */
static int check_record(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct ad_audit_check *cc = arg;
	uint8_t hash[AD_AUDIT_HASH_LEN];
	struct chain_fields c;

	/* a gap means a record was removed */
	if (seq != cc->intact + 1) {
		cc->broken = cc->intact + 1;
		cc->why = "is missing";
		return 1;
	}
	if (split_record(rec, len, &c) < 0 ||
	    sodium_memcmp(c.prev, cc->last, AD_AUDIT_HASH_LEN) != 0) {
		cc->broken = seq;
		cc->why = "does not follow the one before";
		return 1;
	}
	chain_hash(c.prev, seq, rec, c.body_len, hash);
	if (sodium_memcmp(hash, c.hash, AD_AUDIT_HASH_LEN) != 0) {
		cc->broken = seq;
		cc->why = "was changed after it was written";
		return 1;
	}
	memcpy(cc->last, c.hash, AD_AUDIT_HASH_LEN);
	cc->intact = seq;
	return 0;
}

int ad_audit_check(struct ad_store *st, struct ad_audit_check *out,
		   struct ad_err *err)
{
	struct audit_visit v;
	MDB_txn *txn;
	int rc;

	memset(out, 0, sizeof(*out));
	v = (struct audit_visit){check_record, out, err};
	/* not the shared read txn: this may run on a worker (MDB_NOTLS lets
	 * any thread hold a read txn of its own) */
	rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	if (rc != 0)
		return st_mdb_fail(err, rc, "audit read transaction");
	rc = st_walk(txn, st, DB_AUDIT, (struct st_range){NULL, 0, 0},
		     visit_record, &v, err);
	mdb_txn_abort(txn);
	return rc;
}

int ad_audit_broken_msg(const struct ad_audit_check *c, struct ad_err *err)
{
	return st_fail(err, ACCT_ST_INTERNAL,
		       "audit record %llu %s (the %llu before it are intact)",
		       (unsigned long long)c->broken, c->why,
		       (unsigned long long)c->intact);
}

int ad_audit_verify(struct ad_store *st, uint64_t *count, struct ad_err *err)
{
	struct ad_audit_check cc;
	int rc;

	rc = ad_audit_check(st, &cc, err);
	if (count != NULL)
		*count = cc.intact;
	if (rc != ACCT_ST_OK)
		return rc;
	if (cc.broken != 0)
		return ad_audit_broken_msg(&cc, err);
	return ACCT_ST_OK;
}
