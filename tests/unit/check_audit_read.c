/*
 * check_audit_read.c - reading the audit log: AUDIT_LIST's filters, its
 * pages and cursor, its bounds and bad input; AUDIT_VERIFY on an intact
 * chain and on one changed, cut or reordered behind the daemon's back
 * (inline and on a real worker pool); the scope policy; and the sink
 * that copies each committed record to syslog, with the lines it writes
 * for hostile values.  Requests go through ad_dispatch.
 */
#include <check.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "daemon_testlib.h"
#include "ops/audit_syslog.h"
#include "ops/dispatch.h"
#include "ops/refusal.h"
#include "policy/audit.h"
#include "server/pending.h"
#include "server/worker.h"
#include "store/audit.h"
#include "store/priv.h"

/* The refusals' clock, far past the records' real time (time(NULL)), so
 * that a window can hold the one and not the other. */
#define T0 UINT64_C(4000000000)
#define MALLORY 4242u
#define NRECS 8

static struct dt T;
static uint64_t fake_now;

static uint64_t test_clock(void)
{
	return fake_now;
}

/*
 * The log every test starts from:
 *   1 tenant-create acme        uid 0     tenant acme    ok
 *   2 tenant-create globex      uid 0     tenant globex  ok
 *   3 user-create alice         uid 0     tenant acme    ok
 *   4 user-create bob           uid 0     tenant globex  ok
 *   5 user-update alice         uid 0     tenant acme    ok
 *   6 tenant-create evil        uid 4242                 denied
 *   7 tenant-create acme        uid 0     tenant acme    exists
 *   8 tenant-create evil        uid 4242                 denied, COUNT 2
 *                               (FIRST_SEEN T0+10, LAST_SEEN T0+20)
 */
static void setup(void)
{
	struct dt_audit_list l;

	dt_setup(&T);
	fake_now = T0;
	T.ctx.clock = test_clock;
	T.cfg.audit_coalesce_s = 60;
	for (int c = 0; c < AD_RATE__COUNT; c++)
		T.cfg.rate[c] = (struct ad_rate_cfg){60000000, 1000000};
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	dt_user(&T, "alice", "acme", 0);
	dt_user(&T, "bob", "globex", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_UPDATE,
				 DT_S(ACCT_T_NAME, "alice"),
				 DT_S(ACCT_T_DISPLAY_NAME, "Alice A."), DT_END),
			 ACCT_ST_OK);
	for (int i = 0; i < 3; i++) {
		fake_now = T0 + 10u * (unsigned)i;
		ck_assert_int_eq(dt_call(&T, MALLORY, ACCT_OP_TENANT_CREATE,
					 DT_S(ACCT_T_NAME, "evil"), DT_END),
				 ACCT_ST_DENIED);
	}
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_EXISTS);
	fake_now = T0 + 100;
	ad_refusals_flush(&T.ctx, false);
	/* the fixture is what the tests believe it is */
	dt_audit_read(&T, &l);
	ck_assert_uint_eq(l.n, NRECS);
	ck_assert_str_eq(l.rec[0].tenant, "acme");
	ck_assert_str_eq(l.rec[4].action, "user-update");
	ck_assert_str_eq(l.rec[5].actor, "uid 4242");
	ck_assert_str_eq(l.rec[6].tenant, "acme");
	ck_assert_uint_eq(l.rec[6].result, ACCT_ST_EXISTS);
	ck_assert_str_eq(l.rec[7].target, "evil");
}

static void teardown(void)
{
	dt_teardown(&T);
}

/* ---- AUDIT_LIST ---- */

struct query {
	const char *tenant, *actor, *action;
	uint64_t since, until, before;
	uint32_t limit;
};

struct page {
	uint64_t seq[1100];
	size_t n;
	uint32_t more;
	uint64_t before;
};

static void put_query(const struct query *q)
{
	acct_buf_reset(&T.req);
	if (q->tenant != NULL)
		acct_put_str(&T.req, ACCT_T_TENANT, q->tenant);
	if (q->actor != NULL)
		acct_put_str(&T.req, ACCT_T_ACTOR, q->actor);
	if (q->action != NULL)
		acct_put_str(&T.req, ACCT_T_ACTION, q->action);
	if (q->since != 0)
		acct_put_u64(&T.req, ACCT_T_SINCE, q->since);
	if (q->until != 0)
		acct_put_u64(&T.req, ACCT_T_UNTIL, q->until);
	if (q->before != 0)
		acct_put_u64(&T.req, ACCT_T_BEFORE, q->before);
	if (q->limit != 0)
		acct_put_u32(&T.req, ACCT_T_LIMIT, q->limit);
}

/* One page of q as the operator; the reply read into p. */
static void list(const struct query *q, struct page *p)
{
	struct acct_reader r;
	struct acct_field f;

	put_query(q);
	ck_assert_msg(dt_send(&T, 0, ACCT_OP_AUDIT_LIST) == ACCT_ST_OK,
		      "audit list: %d %s", T.status, T.msg);
	memset(p, 0, sizeof(*p));
	acct_reader_init(&r, T.rep.data, T.rep.len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_AUDIT)
			continue;
		ck_assert_uint_lt(p->n, sizeof(p->seq) / sizeof(p->seq[0]));
		p->seq[p->n++] = dt_u64(f.val, f.len, ACCT_T_SEQ);
		/* never the chain's hashes */
		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_HASH), 0);
		ck_assert_int_eq(dt_count(f.val, f.len, ACCT_T_PREV_HASH), 0);
	}
	/* what a client will check of the reply, whatever the log holds */
	ck_assert_int_eq(acct_validate(T.rep.data, T.rep.len), 0);
	p->more = dt_u32(T.rep.data, T.rep.len, ACCT_T_MORE);
	p->before = dt_u64(T.rep.data, T.rep.len, ACCT_T_BEFORE);
}

/* "8 7 6" */
static const char *seqs(const struct page *p)
{
	static char buf[256];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n && used < sizeof(buf) - 24; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
					 "%s%llu", i ? " " : "",
					 (unsigned long long)p->seq[i]);
	return buf;
}

START_TEST(test_list_all_newest_first)
{
	struct query q = {0};
	struct page p;
	struct acct_field rec;

	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7 6 5 4 3 2 1");
	ck_assert_uint_eq(p.more, 0);
	ck_assert_uint_eq(p.before, 1);
	/* each record carries its fields: record 7 (the second sent) */
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_AUDIT, 1);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_ACTOR), "root");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_ACTION),
			 "tenant-create");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TARGET), "acme");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TENANT), "acme");
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_RESULT),
			  ACCT_ST_EXISTS);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_MESSAGE),
			 "tenant 'acme' already exists");
	ck_assert_uint_gt(dt_u64(rec.val, rec.len, ACCT_T_TIME), 0);
	/* and the coalesced one (record 8) its count and span */
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_AUDIT, 0);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_COUNT), 2);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_FIRST_SEEN), T0 + 10);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_LAST_SEEN), T0 + 20);
}
END_TEST

/* Each filter, alone and combined, against the fixture's records. */
static const struct {
	struct query q;
	const char *want;
} filters[] = {
	{{.tenant = "acme"}, "7 5 3 1"},
	{{.tenant = "globex"}, "4 2"},
	{{.tenant = "initech"}, ""},
	{{.actor = "uid 4242"}, "8 6"},
	{{.actor = "root"}, "7 5 4 3 2 1"},
	{{.actor = "uid 42"}, ""}, /* exact, not a prefix */
	{{.action = "tenant-create"}, "8 7 6 2 1"},
	{{.action = "user-create", .tenant = "acme"}, "3"},
	{{.action = "tenant-create", .actor = "root", .tenant = "acme"}, "7 1"},
	{{.action = "user-create", .actor = "uid 4242"}, ""},
	/* a coalesced record spans FIRST_SEEN..LAST_SEEN */
	{{.since = T0 + 15, .until = T0 + 16}, "8"},
	{{.since = T0 + 20}, "8"},
	{{.since = T0 + 21}, ""},
	{{.since = T0, .until = T0 + 10}, ""}, /* until is not included */
	{{.since = T0, .until = T0 + 11}, "8"},
	{{.until = T0}, "7 6 5 4 3 2 1"},
	{{.since = T0, .actor = "uid 4242", .action = "tenant-create"}, "8"},
};

START_TEST(test_list_filters)
{
	struct page p;

	list(&filters[_i].q, &p);
	ck_assert_msg(strcmp(seqs(&p), filters[_i].want) == 0,
		      "filter %d: got '%s', want '%s'", _i, seqs(&p),
		      filters[_i].want);
	ck_assert_uint_eq(p.more, 0);
}
END_TEST

/* The records' own times (now) against a window around now. */
START_TEST(test_list_since_until_now)
{
	uint64_t now = (uint64_t)time(NULL);
	struct query q = {.since = now - 3600, .until = now + 3600};
	struct page p;

	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "7 6 5 4 3 2 1");
	q.since = now + 3600;
	q.until = 0;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8"); /* only the span at T0 */
	q.since = 0;
	q.until = now - 3600;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "");
}
END_TEST

START_TEST(test_list_limit_and_cursor)
{
	struct query q = {.limit = 3};
	struct page p;

	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7 6");
	ck_assert_uint_eq(p.more, 1);
	ck_assert_uint_eq(p.before, 6);
	q.before = p.before;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "5 4 3");
	ck_assert_uint_eq(p.more, 1);
	q.before = p.before;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "2 1");
	ck_assert_uint_eq(p.more, 0);
	ck_assert_uint_eq(p.before, 1);

	/* filtered: the cursor passes what does not match */
	q = (struct query){.action = "tenant-create", .limit = 2};
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7");
	ck_assert_uint_eq(p.more, 1);
	q.before = p.before;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "6 2");
	ck_assert_uint_eq(p.more, 1); /* record 1 is still unread */
	q.before = p.before;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "1");
	ck_assert_uint_eq(p.more, 0);

	/* the ends */
	q = (struct query){.before = 1};
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "");
	ck_assert_uint_eq(p.more, 0);
	q = (struct query){.before = 1000};
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7 6 5 4 3 2 1");
	q = (struct query){.limit = 1};
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8");
	ck_assert_uint_eq(p.more, 1);
	q = (struct query){.limit = 1000000}; /* capped, not refused */
	list(&q, &p);
	ck_assert_uint_eq(p.n, NRECS);
}
END_TEST

/* Many records: a page sends ACCT_ENUM_BATCH at most and reads
 * ACCT_AUDIT_EXAMINE at most, so a filter that matches only old records
 * answers pages with none and MORE 1 until it reaches them. */
START_TEST(test_list_bounded_pages)
{
	const size_t bulk = ACCT_AUDIT_EXAMINE + 50;
	struct ad_audit_repeated *r = calloc(bulk, sizeof(*r));
	struct ad_err err = {0, ""};
	struct query q = {0};
	struct page p;

	ck_assert_ptr_nonnull(r);
	for (size_t i = 0; i < bulk; i++)
		r[i].ev = (struct ad_audit_event){.actor = "accountsd",
						  .action = "bulk",
						  .target = "x",
						  .result = ACCT_ST_OK};
	ck_assert_int_eq(ad_audit_append_repeated(T.st, r, bulk, &err),
			 ACCT_ST_OK);
	free(r);

	list(&q, &p);
	ck_assert_uint_eq(p.n, ACCT_ENUM_BATCH);
	ck_assert_uint_eq(p.seq[0], NRECS + bulk);
	ck_assert_uint_eq(p.more, 1);

	q.action = "tenant-create";
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "");
	ck_assert_uint_eq(p.more, 1);
	ck_assert_uint_eq(p.before, NRECS + bulk - ACCT_AUDIT_EXAMINE + 1);
	q.before = p.before;
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7 6 2 1");
	ck_assert_uint_eq(p.more, 0);
}
END_TEST

static uint64_t audit_records(void)
{
	struct ad_store_stats s;
	struct ad_err err = {0, ""};

	ck_assert_int_eq(ad_store_stats(T.st, &s, &err), ACCT_ST_OK);
	return s.audit_records;
}

/* Bad input: one clear line, nothing written (reads are not audited). */
START_TEST(test_list_bad_input)
{
	struct query q = {.since = T0 + 5, .until = T0 + 5};

	put_query(&q);
	ck_assert_int_eq(dt_send(&T, 0, ACCT_OP_AUDIT_LIST), ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "since must be before until");
	q.since = T0 + 6;
	put_query(&q);
	ck_assert_int_eq(dt_send(&T, 0, ACCT_OP_AUDIT_LIST), ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST,
				 DT_S(ACCT_T_ACTOR, ""), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "the actor filter is empty");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST,
				 DT_S(ACCT_T_TENANT, ""), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_str_eq(T.msg, "the tenant filter is empty");
	/* a u32 where a u64 belongs, a number where a string does */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST,
				 DT_U(ACCT_T_SINCE, 5), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST,
				 DT_U(ACCT_T_BEFORE, 5), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_LIST,
				 DT_U(ACCT_T_ACTION, 5), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_str_eq(T.msg, "malformed request payload");
	ck_assert_uint_eq(audit_records(), NRECS);
}
END_TEST

/* A caller other than the operator is refused, and the refusal is in
 * the log it could not read. */
START_TEST(test_list_and_verify_refused)
{
	struct query q = {.action = "audit-list"};
	struct acct_field rec;
	struct page p;

	ck_assert_int_eq(dt_call(&T, MALLORY, ACCT_OP_AUDIT_LIST, DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(T.rep.len > 0, 1); /* one line saying why */
	ck_assert_int_eq(dt_call(&T, MALLORY, ACCT_OP_AUDIT_VERIFY, DT_END),
			 ACCT_ST_DENIED);
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "9");
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_AUDIT, 0);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_ACTOR), "uid 4242");
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_RESULT),
			  ACCT_ST_DENIED);
	q.action = "audit-verify";
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "10");
	/* alice, a directory user, is refused the same way */
	ck_assert_int_eq(dt_call(&T, 10000, ACCT_OP_AUDIT_LIST, DT_END),
			 ACCT_ST_DENIED);
}
END_TEST

/* ---- tampering behind the daemon's back (as mdb_load could) ---- */

static void tamper_put(uint64_t seq, const void *val, size_t len)
{
	struct ad_err err = {0, ""};
	uint8_t key[8];
	struct st_wtx w;

	acct_be64_put(key, seq);
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(
		st_write_end(&w, st_put(&w, DB_AUDIT, key, 8, val, len, 0)),
		ACCT_ST_OK);
}

/* A copy of record seq's stored value (free it). */
static uint8_t *stored(uint64_t seq, size_t *len)
{
	MDB_txn *txn;
	MDB_val v;
	uint8_t key[8], *copy;

	acct_be64_put(key, seq);
	ck_assert_int_eq(mdb_txn_begin(T.st->env, NULL, MDB_RDONLY, &txn), 0);
	ck_assert_int_eq(st_get(txn, T.st->dbi[DB_AUDIT], key, 8, &v), 0);
	copy = malloc(v.mv_size);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, v.mv_data, v.mv_size);
	*len = v.mv_size;
	mdb_txn_abort(txn);
	return copy;
}

static void tamper_flip(uint64_t seq, size_t off)
{
	size_t len;
	uint8_t *v = stored(seq, &len);

	ck_assert_uint_lt(off, len);
	v[off] ^= 0x01;
	tamper_put(seq, v, len);
	free(v);
}

static void tamper_delete(uint64_t seq)
{
	struct ad_err err = {0, ""};
	uint8_t key[8];
	struct st_wtx w;

	acct_be64_put(key, seq);
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(st_write_end(&w, st_del(&w, DB_AUDIT, key, 8)),
			 ACCT_ST_OK);
}

static void tamper_swap(uint64_t a, uint64_t b)
{
	size_t la, lb;
	uint8_t *va = stored(a, &la), *vb = stored(b, &lb);

	tamper_put(a, vb, lb);
	tamper_put(b, va, la);
	free(va);
	free(vb);
}

START_TEST(test_list_shows_an_unreadable_record_bare)
{
	struct query q = {0};
	struct acct_field rec;
	struct page p;

	tamper_put(3, "garbage", 7);
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "8 7 6 5 4 3 2 1");
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_AUDIT, 5);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_SEQ), 3);
	ck_assert_uint_eq(rec.len, ACCT_FIELD_HDR_LEN + 8); /* SEQ alone */
	/* a filter cannot tell what it was: left out */
	q.actor = "root";
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "7 5 4 2 1");
}
END_TEST

/* A record whose own fields read, holding one the codec refuses (a name
 * with a NUL in it): sent bare, never as a reply no client accepts. */
START_TEST(test_list_never_sends_a_malformed_field)
{
	uint8_t zeros[32] = {0};
	struct acct_buf b;
	struct query q = {0};
	struct page p;

	acct_buf_init(&b, 4096);
	acct_put_u64(&b, ACCT_T_TIME, 1);
	acct_put_str(&b, ACCT_T_ACTOR, "uid 0");
	acct_put_str(&b, ACCT_T_ACTION, "x");
	acct_put_str(&b, ACCT_T_TARGET, "y");
	acct_put_u32(&b, ACCT_T_RESULT, 0);
	acct_put_bytes(&b, ACCT_T_NAME, "a\0b", 3);
	acct_put_bytes(&b, ACCT_T_PREV_HASH, zeros, sizeof(zeros));
	acct_put_bytes(&b, ACCT_T_HASH, zeros, sizeof(zeros));
	ck_assert_int_eq(b.err, 0);
	tamper_put(4, b.data, b.len);
	acct_buf_free(&b);
	list(&q, &p); /* list() checks the reply as a client would */
	ck_assert_str_eq(seqs(&p), "8 7 6 5 4 3 2 1");
	q.action = "x";
	list(&q, &p);
	ck_assert_str_eq(seqs(&p), "");
}
END_TEST

/* ---- AUDIT_VERIFY ---- */

struct verdict {
	uint64_t records, seq, broken;
	uint8_t hash[32];
	char chain[AD_MSG_MAX];
};

static struct verdict verdict_of(const void *p, size_t len)
{
	struct verdict v;
	struct acct_field f;

	memset(&v, 0, sizeof(v));
	v.records = dt_u64(p, len, ACCT_T_AUDIT_RECORDS);
	v.seq = dt_u64(p, len, ACCT_T_SEQ);
	f = dt_field(p, len, ACCT_T_HASH, 0);
	ck_assert_uint_eq(f.len, 32);
	memcpy(v.hash, f.val, 32);
	snprintf(v.chain, sizeof(v.chain), "%s",
		 dt_str(p, len, ACCT_T_AUDIT_CHAIN));
	if (dt_count(p, len, ACCT_T_BROKEN_SEQ) == 1)
		v.broken = dt_u64(p, len, ACCT_T_BROKEN_SEQ);
	return v;
}

static struct verdict verify(void)
{
	ck_assert_msg(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END) ==
			      ACCT_ST_OK,
		      "verify: %d %s", T.status, T.msg);
	return verdict_of(T.rep.data, T.rep.len);
}

static const char *status_chain(void)
{
	dt_call(&T, 0, ACCT_OP_STATUS, DT_END);
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	return dt_str(T.rep.data, T.rep.len, ACCT_T_AUDIT_CHAIN);
}

START_TEST(test_verify_intact)
{
	struct verdict v = verify();
	size_t len;
	uint8_t *last = stored(NRECS, &len);

	ck_assert_str_eq(v.chain, "intact");
	ck_assert_uint_eq(v.records, NRECS);
	ck_assert_uint_eq(v.seq, NRECS);
	ck_assert_uint_eq(v.broken, 0);
	/* the hash named is the last record's own: the anchor to keep */
	ck_assert_mem_eq(v.hash, last + len - 32, 32);
	free(last);
	ck_assert_str_eq(status_chain(), "intact");
	/* a verification writes nothing */
	ck_assert_uint_eq(audit_records(), NRECS);
}
END_TEST

START_TEST(test_verify_changed)
{
	struct verdict v;
	size_t len;
	uint8_t *two = stored(2, &len);

	tamper_flip(3, 8); /* inside record 3's TIME */
	v = verify();
	ck_assert_uint_eq(v.broken, 3);
	ck_assert_uint_eq(v.records, 2);
	ck_assert_uint_eq(v.seq, 2);
	ck_assert_mem_eq(v.hash, two + len - 32, 32);
	free(two);
	ck_assert_str_eq(v.chain, "audit record 3 was changed after it was "
				  "written (the 2 before it are intact)");
	/* STATUS says so from now on */
	ck_assert_str_eq(status_chain(),
			 "broken: audit record 3 was changed after it was "
			 "written (the 2 before it are intact)");
}
END_TEST

START_TEST(test_verify_removed)
{
	struct verdict v;

	tamper_delete(5);
	v = verify();
	ck_assert_uint_eq(v.broken, 5);
	ck_assert_uint_eq(v.records, 4);
	ck_assert_str_eq(v.chain,
			 "audit record 5 is missing (the 4 before it are "
			 "intact)");
}
END_TEST

START_TEST(test_verify_reordered)
{
	struct verdict v;

	tamper_swap(4, 5);
	v = verify();
	ck_assert_uint_eq(v.broken, 4);
	ck_assert_uint_eq(v.records, 3);
	ck_assert_str_eq(v.chain, "audit record 4 does not follow the one "
				  "before (the 3 before it are intact)");
}
END_TEST

START_TEST(test_verify_unreadable_and_first)
{
	struct verdict v;

	tamper_put(1, "x", 1);
	v = verify();
	ck_assert_uint_eq(v.broken, 1);
	ck_assert_uint_eq(v.records, 0);
	ck_assert_uint_eq(v.seq, 0);
	ck_assert_str_eq(v.chain, "audit record 1 does not follow the one "
				  "before (the 0 before it are intact)");
}
END_TEST

/* ---- AUDIT_VERIFY on a real worker pool ---- */

struct test_deferrer {
	struct ad_deferrer d;
	struct event_base *base;
	int taken, delivered, status;
	uint8_t payload[1024];
	size_t len;
};

static void test_deliver(struct ad_pending *p, int status,
			 const uint8_t *payload, size_t len)
{
	struct test_deferrer *td = *(struct test_deferrer **)(p + 1);

	td->delivered++;
	td->status = status;
	ck_assert_uint_le(len, sizeof(td->payload));
	if (len > 0)
		memcpy(td->payload, payload, len);
	td->len = len;
	free(p);
	event_base_loopbreak(td->base);
}

static struct ad_pending *
test_begin(struct ad_deferrer *d, const struct ad_peer *peer, uint16_t opcode)
{
	struct test_deferrer *td = (struct test_deferrer *)d;
	struct ad_pending *p =
		calloc(1, sizeof(*p) + sizeof(struct test_deferrer *));

	ck_assert_ptr_nonnull(p);
	p->conn_id = peer->conn_id;
	p->opcode = opcode;
	p->deliver = test_deliver;
	*(struct test_deferrer **)(p + 1) = td;
	td->taken++;
	return p;
}

START_TEST(test_verify_on_workers)
{
	struct test_deferrer td = {.d = {test_begin}};
	struct verdict v;
	char err[128];

	td.base = event_base_new();
	ck_assert_ptr_nonnull(td.base);
	T.ctx.workers = ad_workers_new(td.base, 1, 4, err, sizeof(err));
	ck_assert_ptr_nonnull(T.ctx.workers);
	T.ctx.defer = &td.d;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 AD_DISPATCH_PENDING);
	/* one walk at a time */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 ACCT_ST_BUSY);
	ck_assert_str_eq(T.msg, "the audit log is being verified already, "
				"try again when that ends");
	/* the loop writes on while the worker reads its snapshot */
	dt_tenant(&T, "initech");
	while (td.delivered == 0)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	ck_assert_int_eq(td.status, ACCT_ST_OK);
	v = verdict_of(td.payload, td.len);
	ck_assert_str_eq(v.chain, "intact");
	ck_assert_uint_ge(v.records, NRECS);
	ck_assert_uint_le(v.records, NRECS + 1);

	/* done: the next one runs, and sees the new record */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 AD_DISPATCH_PENDING);
	while (td.delivered == 1)
		ck_assert_int_ge(event_base_loop(td.base, EVLOOP_ONCE), 0);
	v = verdict_of(td.payload, td.len);
	ck_assert_uint_eq(v.records, NRECS + 1);

	/* a walk cancelled by a stop answers BUSY and frees its slot */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_AUDIT_VERIFY, DT_END),
			 AD_DISPATCH_PENDING);
	ad_workers_free(T.ctx.workers);
	T.ctx.workers = NULL;
	ck_assert_int_eq(td.delivered, 3);
	ck_assert(td.status == ACCT_ST_OK || td.status == ACCT_ST_BUSY);
	T.ctx.defer = NULL;
	event_base_free(td.base);
	ck_assert_str_eq(verify().chain, "intact");
}
END_TEST

/* ---- who reads what ---- */

START_TEST(test_scope_policy)
{
	struct ad_caller c;
	struct ad_audit_scope s;
	struct ad_user u;
	struct ad_tenant t;

	memset(&u, 0, sizeof(u));
	memset(&t, 0, sizeof(t));
	ad_caller_from(&c, 0, 1, 0, NULL, NULL);
	s = ad_policy_audit_scope(&c);
	ck_assert(s.all);

	ad_caller_from(&c, 5000, 1, 0, NULL, NULL); /* anonymous */
	s = ad_policy_audit_scope(&c);
	ck_assert(!s.all);
	ck_assert_ptr_null(s.tenant);

	ad_caller_from(&c, 5000, 1, AD_PLATFORM_SUPPORT, NULL, NULL);
	s = ad_policy_audit_scope(&c);
	ck_assert(s.all);

	ad_caller_from(&c, 5000, 1, 0, NULL, NULL);
	s = ad_policy_audit_scope(&c);
	ck_assert(!s.all);
	ck_assert_ptr_null(s.tenant);

	snprintf(u.name, sizeof(u.name), "alice");
	snprintf(u.tenant, sizeof(u.tenant), "acme");
	snprintf(t.slug, sizeof(t.slug), "acme");
	u.uid = 5001;
	u.status = ACCT_USER_ACTIVE;
	u.role = ACCT_ROLE_ADMIN;
	t.status = ACCT_TENANT_ACTIVE;
	ad_caller_from(&c, 5001, 1, 0, &u, &t);
	ck_assert_int_eq(c.kind, AD_CALLER_USER);
	s = ad_policy_audit_scope(&c);
	ck_assert(!s.all);
	ck_assert_str_eq(s.tenant, "acme");
}
END_TEST

/* ---- the sink: each committed record, once, in order ---- */

struct sunk {
	uint64_t seq[64];
	char line[64][AD_AUDIT_LINE_MAX];
	int prio[64];
	size_t n;
};

static void capture(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct sunk *s = arg;
	struct ad_audit_view v;

	ck_assert_uint_lt(s->n, 64);
	ck_assert_int_eq(ad_audit_view(rec, len, &v), 0);
	s->seq[s->n] = seq;
	s->prio[s->n] = ad_audit_line_prio(&v);
	ad_audit_line(s->line[s->n], seq, &v);
	s->n++;
}

START_TEST(test_sink_gets_each_committed_record)
{
	static struct sunk s;
	struct ad_audit_repeated three[3];
	struct ad_err err = {0, ""};
	struct st_wtx w;
	struct ad_audit_event ev = {.actor = "test",
				    .action = "aborted",
				    .target = "x",
				    .result = ACCT_ST_OK};

	memset(&s, 0, sizeof(s));
	ad_audit_set_sink(T.st, capture, &s);
	dt_tenant(&T, "initech");
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.seq[0], NRECS + 1);
	ck_assert_str_eq(s.line[0], "audit seq=9 actor=root uid=0 "
				    "action=tenant-create target=initech "
				    "tenant=initech result=ok pid=1");
	ck_assert_int_eq(s.prio[0], LOG_INFO);

	/* a refusal: its own record, at notice */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CREATE,
				 DT_S(ACCT_T_NAME, "initech"), DT_END),
			 ACCT_ST_EXISTS);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.line[1],
			 "audit seq=10 actor=root uid=0 action=tenant-create "
			 "target=initech tenant=initech result=exists "
			 "message=\"tenant 'initech' already exists\" pid=1");
	ck_assert_int_eq(s.prio[1], LOG_NOTICE);

	/* coalesced refusals: the first at once, the count once */
	fake_now = T0 + 1000;
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(dt_call(&T, MALLORY, ACCT_OP_TENANT_CREATE,
					 DT_S(ACCT_T_NAME, "evil2"), DT_END),
				 ACCT_ST_DENIED);
	ck_assert_uint_eq(s.n, 3);
	fake_now = T0 + 2000;
	ad_refusals_flush(&T.ctx, false);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_ptr_nonnull(strstr(s.line[3],
				     " count=4 first_seen="
				     "2096-10-02T07:23:20Z "
				     "last_seen=2096-10-02T07:23:20Z"));

	/* an aborted transaction: no line, no record */
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", &err), ACCT_ST_OK);
	ck_assert_int_eq(ad_audit_append_in(&w, &ev), ACCT_ST_OK);
	ck_assert_int_eq(st_write_end(&w, ACCT_ST_CONFLICT), ACCT_ST_CONFLICT);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(audit_records(), NRECS + 4);

	/* several records in one commit: each, in order */
	memset(three, 0, sizeof(three));
	for (int i = 0; i < 3; i++)
		three[i].ev = ev;
	ck_assert_int_eq(ad_audit_append_repeated(T.st, three, 3, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.n, 7);
	for (size_t i = 1; i < s.n; i++)
		ck_assert_uint_eq(s.seq[i], s.seq[i - 1] + 1);
	ck_assert_uint_eq(s.seq[6], audit_records());

	/* no sink: nothing handed on */
	ad_audit_set_sink(T.st, NULL, NULL);
	dt_tenant(&T, "umbrella");
	ck_assert_uint_eq(s.n, 7);
}
END_TEST

/* ---- the line, for hostile values ---- */

/* Split a line into key=value pairs as a syslog reader would: spaces
 * outside quotes end a field; quoted values unescaped.  Returns the
 * number of pairs. */
static size_t parse_line(const char *line, char keys[][32], char vals[][1200],
			 size_t max)
{
	const char *p = line;
	size_t n = 0;

	ck_assert(strncmp(p, "audit ", 6) == 0);
	p += 6;
	while (*p != '\0') {
		size_t k = 0, v = 0;

		ck_assert_uint_lt(n, max);
		while (*p != '=') {
			ck_assert_msg(*p != '\0' && *p != ' ' && *p != '"',
				      "bad key in '%s'", line);
			keys[n][k++] = *p++;
		}
		keys[n][k] = '\0';
		p++;
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				ck_assert_msg(*p != '\0', "open quote: %s",
					      line);
				if (*p == '\\' && p[1] == 'x') {
					char hex[3] = {p[2], p[3], '\0'}, *end;
					unsigned long c =
						strtoul(hex, &end, 16);

					ck_assert_ptr_eq(end, hex + 2);
					vals[n][v++] = (char)c;
					p += 3;
				} else if (*p == '\\') {
					p++;
					ck_assert(*p == '"' || *p == '\\');
					vals[n][v++] = *p;
				} else {
					vals[n][v++] = *p;
				}
			}
			p++;
		} else {
			while (*p != ' ' && *p != '\0') {
				ck_assert(*p != '"' && *p != '=');
				vals[n][v++] = *p++;
			}
		}
		vals[n][v] = '\0';
		n++;
		if (*p == ' ')
			p++;
	}
	return n;
}

START_TEST(test_line_hostile_values)
{
	static const char actor[] = "root (sudo by \"x\" result=ok)";
	static const char target[] = "bob result=ok\naudit seq=1 x=\"y\"";
	static const char reason[] = "back\\slash \x1b[31m \x7f caf\xc3\xa9 =";
	char line[AD_AUDIT_LINE_MAX], keys[16][32], vals[16][1200];
	struct ad_audit_view v;
	size_t n;

	memset(&v, 0, sizeof(v));
	v.actor = ad_str_c(actor);
	v.action = ad_str_c("user-disable");
	v.target = ad_str_c(target);
	v.tenant = ad_str_c("acme");
	v.reason = ad_str_c(reason);
	v.message = ad_str_c("");
	v.result = ACCT_ST_DENIED;
	v.pid = 77;
	ad_audit_line(line, 5, &v);
	/* printable ASCII only: nothing for a terminal or a log to obey */
	for (const char *p = line; *p != '\0'; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 &&
				      (unsigned char)*p < 0x7f,
			      "raw byte %02x in %s", (unsigned char)*p, line);
	n = parse_line(line, keys, vals, 16);
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(keys[0], "seq");
	ck_assert_str_eq(vals[0], "5");
	ck_assert_str_eq(keys[1], "actor");
	ck_assert_str_eq(vals[1], actor);
	ck_assert_str_eq(keys[2], "action");
	ck_assert_str_eq(vals[2], "user-disable");
	ck_assert_str_eq(keys[3], "target");
	ck_assert_str_eq(vals[3], target);
	ck_assert_str_eq(keys[4], "tenant");
	ck_assert_str_eq(vals[4], "acme");
	ck_assert_str_eq(keys[5], "result");
	ck_assert_str_eq(vals[5], "permission_denied");
	ck_assert_str_eq(keys[6], "reason");
	ck_assert_str_eq(vals[6], reason);
	ck_assert_str_eq(keys[7], "pid"); /* an empty message is left out */
	ck_assert_str_eq(vals[7], "77");
	ck_assert_int_eq(ad_audit_line_prio(&v), LOG_NOTICE);
}
END_TEST

START_TEST(test_line_long_and_empty_values)
{
	char line[AD_AUDIT_LINE_MAX], keys[16][32], vals[16][1200];
	char big[2000];
	struct ad_audit_view v;
	size_t n;

	memset(big, '"', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(&v, 0, sizeof(v));
	v.actor = ad_str_c(big);
	v.action = ad_str_c(big);
	v.target = ad_str_c("");
	v.tenant = ad_str_c(big);
	v.reason = ad_str_c(big);
	v.message = ad_str_c(big);
	v.result = 99; /* a status this daemon has no word for */
	v.count = 3;
	v.first_seen = 1796205600;
	v.last_seen = 1796205660;
	ck_assert_uint_lt(ad_audit_line(line, UINT64_MAX, &v),
			  AD_AUDIT_LINE_MAX);
	n = parse_line(line, keys, vals, 16);
	ck_assert_uint_eq(n, 11);
	ck_assert_str_eq(vals[0], "18446744073709551615");
	/* cut at AD_AUDIT_VALUE_MAX, and said to be */
	ck_assert_uint_eq(strlen(vals[1]), AD_AUDIT_VALUE_MAX + 3);
	ck_assert_str_eq(vals[1] + AD_AUDIT_VALUE_MAX, "...");
	ck_assert_str_eq(keys[3], "target");
	ck_assert_str_eq(vals[3], "");
	ck_assert(strstr(line, " target=\"\" ") != NULL);
	ck_assert_str_eq(keys[5], "result");
	ck_assert_str_eq(vals[5], "unknown");
	ck_assert_str_eq(keys[8], "count");
	ck_assert_str_eq(vals[8], "3");
	ck_assert_str_eq(vals[9], "2026-12-02T10:00:00Z");
	ck_assert_str_eq(vals[10], "2026-12-02T10:01:00Z");
}
END_TEST

static Suite *audit_read_suite(void)
{
	Suite *s = suite_create("audit_read");
	TCase *tc = tcase_create("list");
	TCase *tv = tcase_create("verify");
	TCase *tl = tcase_create("syslog");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_list_all_newest_first);
	tcase_add_loop_test(tc, test_list_filters, 0,
			    (int)(sizeof(filters) / sizeof(filters[0])));
	tcase_add_test(tc, test_list_since_until_now);
	tcase_add_test(tc, test_list_limit_and_cursor);
	tcase_add_test(tc, test_list_bounded_pages);
	tcase_add_test(tc, test_list_bad_input);
	tcase_add_test(tc, test_list_and_verify_refused);
	tcase_add_test(tc, test_list_shows_an_unreadable_record_bare);
	tcase_add_test(tc, test_list_never_sends_a_malformed_field);
	tcase_add_test(tc, test_scope_policy);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(tv, setup, teardown);
	tcase_add_test(tv, test_verify_intact);
	tcase_add_test(tv, test_verify_changed);
	tcase_add_test(tv, test_verify_removed);
	tcase_add_test(tv, test_verify_reordered);
	tcase_add_test(tv, test_verify_unreadable_and_first);
	tcase_add_test(tv, test_verify_on_workers);
	suite_add_tcase(s, tv);

	tcase_add_checked_fixture(tl, setup, teardown);
	tcase_add_test(tl, test_sink_gets_each_committed_record);
	tcase_add_test(tl, test_line_hostile_values);
	tcase_add_test(tl, test_line_long_and_empty_values);
	suite_add_tcase(s, tl);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(audit_read_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
