/*
 * outbox.c - the "outbox" database (see outbox.h).  A message lives under
 * its next attempt and its id (both u64 BE), so the first key is the one
 * due first and a retry moves it further back; ids come from the meta
 * counter "next_mail", which only grows.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "server/mail_text.h"
#include "store/outbox.h"
#include "store/priv.h"

#define KEY_LEN 16

static const char next_key[] = "next_mail";

void ad_mail_wipe(struct ad_mail *m)
{
	sodium_memzero(m, sizeof(*m));
}

static void mail_key(uint8_t key[KEY_LEN], uint64_t next_attempt, uint64_t id)
{
	acct_be64_put(key, next_attempt);
	acct_be64_put(key + 8, id);
}

/* ---- records ---- */

static void mail_encode(struct acct_buf *b, const struct ad_mail *m)
{
	acct_put_u64(b, ACCT_T_MAIL_ID, m->id);
	acct_put_str(b, ACCT_T_EMAIL, m->to);
	acct_put_str(b, ACCT_T_SUBJECT, m->subject);
	acct_put_str(b, ACCT_T_BODY, m->body);
	acct_put_u64(b, ACCT_T_CREATED, m->created);
	acct_put_u32(b, ACCT_T_ATTEMPTS, m->attempts);
	acct_put_u64(b, ACCT_T_NEXT_ATTEMPT, m->next_attempt);
	if (m->last_error[0] != '\0')
		acct_put_str(b, ACCT_T_LAST_ERROR, m->last_error);
}

static int mail_decode(const void *p, size_t len, struct ad_mail *m)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(m, 0, sizeof(*m));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_MAIL_ID:
			bad |= acct_get_u64(&f, &m->id);
			break;
		case ACCT_T_EMAIL:
			bad |= acct_get_strcpy(&f, m->to, sizeof(m->to));
			break;
		case ACCT_T_SUBJECT:
			bad |= acct_get_strcpy(&f, m->subject,
					       sizeof(m->subject));
			break;
		case ACCT_T_BODY:
			bad |= acct_get_strcpy(&f, m->body, sizeof(m->body));
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &m->created);
			break;
		case ACCT_T_ATTEMPTS:
			bad |= acct_get_u32(&f, &m->attempts);
			break;
		case ACCT_T_NEXT_ATTEMPT:
			bad |= acct_get_u64(&f, &m->next_attempt);
			break;
		case ACCT_T_LAST_ERROR:
			bad |= acct_get_strcpy(&f, m->last_error,
					       sizeof(m->last_error));
			break;
		default: /* a newer version's field */
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

/* Encode m into the store's record buffer and put it under its key; the
 * buffer is wiped after (the text may hold a token). */
static int mail_save(struct st_wtx *w, const struct ad_mail *m, unsigned flags)
{
	struct acct_buf *b = &w->st->rec;
	uint8_t key[KEY_LEN];
	int rc;

	acct_buf_reset(b);
	mail_encode(b, m);
	if (b->err != 0) {
		rc = st_fail(w->err, ACCT_ST_INTERNAL, "cannot encode a mail");
	} else {
		mail_key(key, m->next_attempt, m->id);
		rc = st_put(w, DB_OUTBOX, key, sizeof(key), b->data, b->len,
			    flags);
	}
	if (b->data != NULL)
		sodium_memzero(b->data, b->cap);
	acct_buf_reset(b);
	return rc;
}

/* ---- queueing ---- */

static int next_id(struct st_wtx *w, uint64_t *id)
{
	uint8_t buf[8];
	MDB_val val;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_META], next_key, sizeof(next_key) - 1,
		    &val);
	if (rc == MDB_NOTFOUND)
		*id = 1;
	else if (rc != 0)
		return st_mdb_fail(w->err, rc, "meta");
	else if (val.mv_size != sizeof(buf))
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "corrupt mail counter");
	else
		*id = acct_be64_get(val.mv_data) + 1;
	acct_be64_put(buf, *id);
	return st_put(w, DB_META, next_key, sizeof(next_key) - 1, buf,
		      sizeof(buf), 0);
}

static int count_in(MDB_txn *txn, struct ad_store *st, uint32_t *n,
		    struct ad_err *err)
{
	MDB_stat ms;
	int rc = mdb_stat(txn, st->dbi[DB_OUTBOX], &ms);

	if (rc != 0)
		return st_mdb_fail(err, rc, "outbox");
	*n = ms.ms_entries > UINT32_MAX ? UINT32_MAX : (uint32_t)ms.ms_entries;
	return ACCT_ST_OK;
}

/* What may go into a message at all (the formatter checks again). */
static int check_mail(struct st_wtx *w, const struct ad_mail *m)
{
	char q[ST_SHOW_MAX + 4];
	size_t to_len = strnlen(m->to, sizeof(m->to));

	if (to_len == sizeof(m->to) || !ad_mail_address_ok(m->to, to_len))
		return st_fail(w->err, ACCT_ST_INVALID,
			       "cannot mail '%s': not one plain address",
			       st_show(q, sizeof(q), m->to, to_len));
	if (strnlen(m->subject, sizeof(m->subject)) == sizeof(m->subject) ||
	    strnlen(m->body, sizeof(m->body)) == sizeof(m->body))
		return st_fail(w->err, ACCT_ST_INVALID, "the mail is too long");
	return ACCT_ST_OK;
}

int st_outbox_put(struct st_wtx *w, struct ad_mail *m)
{
	unsigned max = st_cfg(w->st)->mail_queue_max;
	uint32_t n = 0;
	int rc;

	rc = check_mail(w, m);
	if (rc == ACCT_ST_OK)
		rc = count_in(w->txn, w->st, &n, w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (n >= max)
		return st_fail(w->err, ACCT_ST_EXHAUSTED,
			       "the mail queue is full (%u messages wait to "
			       "be delivered); try again later",
			       n);
	rc = next_id(w, &m->id);
	if (rc != ACCT_ST_OK)
		return rc;
	m->created = w->now;
	m->next_attempt = w->now;
	m->attempts = 0;
	m->last_error[0] = '\0';
	return mail_save(w, m, MDB_NOOVERWRITE);
}

/* ---- delivery ---- */

int ad_store_outbox_next(struct ad_store *st, uint64_t now, struct ad_mail *out,
			 struct ad_err *err)
{
	MDB_cursor *cur;
	MDB_val key, val;
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = mdb_cursor_open(txn, st->dbi[DB_OUTBOX], &cur);
	if (rc == 0) {
		rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
		if (rc == 0 && (key.mv_size != KEY_LEN ||
				acct_be64_get(key.mv_data) > now))
			rc = key.mv_size != KEY_LEN ? MDB_CORRUPTED
						    : MDB_NOTFOUND;
		if (rc == 0)
			rc = mail_decode(val.mv_data, val.mv_size, out) < 0
				     ? MDB_CORRUPTED
				     : 0;
		mdb_cursor_close(cur);
	}
	st_read_end(st);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_NOTFOUND;
	if (rc != 0)
		return st_mdb_fail(err, rc, "outbox");
	return ACCT_ST_OK;
}

/* Take m out of the outbox (its key from the record as it was read). */
static int take_out(struct st_wtx *w, const struct ad_mail *m)
{
	uint8_t key[KEY_LEN];
	MDB_val k = {sizeof(key), key};
	int rc;

	mail_key(key, m->next_attempt, m->id);
	rc = mdb_del(w->txn, w->st->dbi[DB_OUTBOX], &k, NULL);
	if (rc == MDB_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND,
			       "mail %llu is not queued",
			       (unsigned long long)m->id);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "outbox");
	return ACCT_ST_OK;
}

int ad_store_outbox_delivered(struct ad_store *st, const struct ad_mail *m,
			      struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, take_out(&w, m));
}

int ad_store_outbox_failed(struct ad_store *st, const struct ad_mail *m,
			   uint64_t next, const char *why, struct ad_err *err)
{
	struct ad_mail again = *m;
	struct st_wtx w;
	int rc;

	if (again.attempts < UINT32_MAX)
		again.attempts++;
	again.next_attempt = next;
	snprintf(again.last_error, sizeof(again.last_error), "%s", why);
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc == ACCT_ST_OK)
		rc = take_out(&w, m);
	if (rc == ACCT_ST_OK)
		rc = mail_save(&w, &again, MDB_NOOVERWRITE);
	rc = st_write_end(&w, rc);
	ad_mail_wipe(&again);
	return rc;
}

/* ---- the whole queue ---- */

struct mail_visit {
	ad_mail_fn fn;
	void *arg;
	struct ad_err *err;
	struct ad_mail m;
};

static int visit_mail(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct mail_visit *v = arg;

	(void)key;
	if (mail_decode(val->mv_data, val->mv_size, &v->m) < 0)
		return st_fail(v->err, ACCT_ST_INTERNAL, "corrupt mail record");
	return st_walk_step(v->fn(v->arg, &v->m), "cannot list the outbox",
			    v->err);
}

int ad_store_outbox_list(struct ad_store *st, ad_mail_fn fn, void *arg,
			 struct ad_err *err)
{
	struct mail_visit *v = calloc(1, sizeof(*v));
	MDB_txn *txn;
	int rc;

	if (v == NULL)
		return st_fail(err, ACCT_ST_INTERNAL, "out of memory");
	*v = (struct mail_visit){.fn = fn, .arg = arg, .err = err};
	rc = st_read_begin(st, &txn, err);
	if (rc == ACCT_ST_OK) {
		rc = st_walk(txn, st, DB_OUTBOX, (struct st_range){NULL, 0, 0},
			     visit_mail, v, err);
		st_read_end(st);
	}
	ad_mail_wipe(&v->m);
	free(v);
	return rc;
}

int ad_store_outbox_count(struct ad_store *st, uint32_t *n, struct ad_err *err)
{
	MDB_txn *txn;
	int rc;

	*n = 0;
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = count_in(txn, st, n, err);
	st_read_end(st);
	return rc;
}

/* The last message of the outbox (due last) into m; MDB_NOTFOUND when
 * the outbox is empty. */
static int last_mail(struct st_wtx *w, struct ad_mail *m)
{
	MDB_cursor *cur;
	MDB_val key, val;
	int rc;

	rc = mdb_cursor_open(w->txn, w->st->dbi[DB_OUTBOX], &cur);
	if (rc != 0)
		return rc;
	rc = mdb_cursor_get(cur, &key, &val, MDB_LAST);
	if (rc == 0 && (key.mv_size != KEY_LEN ||
			mail_decode(val.mv_data, val.mv_size, m) < 0))
		rc = MDB_CORRUPTED;
	mdb_cursor_close(cur);
	return rc;
}

/* Move every message not yet due to now, in one write: the one due last
 * moves to the front until the last one is due. */
static int wake_in(struct st_wtx *w, uint64_t now, uint32_t *n)
{
	struct ad_mail *m = calloc(1, sizeof(*m));
	int rc;

	if (m == NULL)
		return st_fail(w->err, ACCT_ST_INTERNAL, "out of memory");
	rc = count_in(w->txn, w->st, n, w->err);
	while (rc == ACCT_ST_OK) {
		int mrc = last_mail(w, m);

		if (mrc == MDB_NOTFOUND || (mrc == 0 && m->next_attempt <= now))
			break;
		if (mrc != 0) {
			rc = st_mdb_fail(w->err, mrc, "outbox");
			break;
		}
		rc = take_out(w, m);
		m->next_attempt = now;
		if (rc == ACCT_ST_OK)
			rc = mail_save(w, m, MDB_NOOVERWRITE);
	}
	ad_mail_wipe(m);
	free(m);
	return rc;
}

int ad_store_outbox_wake(struct ad_store *st, uint64_t now, uint32_t *n,
			 struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*n = 0;
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, wake_in(&w, now, n));
}
