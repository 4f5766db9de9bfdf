/*
 * session.c - the "sessions" database: one TLV record per live
 * session under its id (u64 BE), ids from the meta counter
 * "next_session", which only grows.  Opening and ending a session write
 * the record and its audit record in one transaction; ending many (their
 * processes exited together) writes them all in one.
 */
#include <inttypes.h>
#include <stdio.h>

#include "store/audit.h"
#include "store/priv.h"

#define ID_LEN 8

static const char next_key[] = "next_session";

/* ---- records ---- */

static void put_opt_str(struct acct_buf *b, uint16_t tag, const char *s)
{
	if (s[0] != '\0')
		acct_put_str(b, tag, s);
}

static void session_encode(struct acct_buf *b, const struct ad_session *s)
{
	acct_put_u64(b, ACCT_T_SESSION_ID, s->id);
	acct_put_str(b, ACCT_T_NAME, s->name);
	acct_put_u32(b, ACCT_T_UID, s->uid);
	acct_put_u32(b, ACCT_T_TENANT_GID, s->tenant_gid);
	acct_put_str(b, ACCT_T_SERVICE, s->service);
	put_opt_str(b, ACCT_T_TTY, s->tty);
	put_opt_str(b, ACCT_T_RHOST, s->rhost);
	acct_put_u32(b, ACCT_T_PID, s->pid);
	acct_put_u64(b, ACCT_T_PROC_START, s->proc_start);
	acct_put_u64(b, ACCT_T_STARTED, s->started);
	acct_put_u32(b, ACCT_T_OPENED_BY, s->opened_by);
}

static int session_decode(const void *p, size_t len, struct ad_session *s)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(s, 0, sizeof(*s));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_SESSION_ID:
			bad |= acct_get_u64(&f, &s->id);
			break;
		case ACCT_T_NAME:
			bad |= acct_get_strcpy(&f, s->name, sizeof(s->name));
			break;
		case ACCT_T_UID:
			bad |= acct_get_u32(&f, &s->uid);
			break;
		case ACCT_T_TENANT_GID:
			bad |= acct_get_u32(&f, &s->tenant_gid);
			break;
		case ACCT_T_SERVICE:
			bad |= acct_get_strcpy(&f, s->service,
					       sizeof(s->service));
			break;
		case ACCT_T_TTY:
			bad |= acct_get_strcpy(&f, s->tty, sizeof(s->tty));
			break;
		case ACCT_T_RHOST:
			bad |= acct_get_strcpy(&f, s->rhost, sizeof(s->rhost));
			break;
		case ACCT_T_PID:
			bad |= acct_get_u32(&f, &s->pid);
			break;
		case ACCT_T_PROC_START:
			bad |= acct_get_u64(&f, &s->proc_start);
			break;
		case ACCT_T_STARTED:
			bad |= acct_get_u64(&f, &s->started);
			break;
		case ACCT_T_OPENED_BY: /* absent (older records): root's */
			bad |= acct_get_u32(&f, &s->opened_by);
			break;
		default: /* a newer version's field */
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

/* Decode a stored record and fill in its tenant's slug. */
static int session_load(MDB_txn *txn, struct ad_store *st,
			struct st_slug_cache *c, const MDB_val *val,
			struct ad_session *s, struct ad_err *err)
{
	if (session_decode(val->mv_data, val->mv_size, s) < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "corrupt session record");
	return st_tenant_slug(txn, st, c, s->tenant_gid, s->tenant, err);
}

/* "session 12, service sshd, pid 4242, tty pts/0, rhost ...": what the
 * audit record says of it. */
static void describe(const struct ad_session *s, char *buf, size_t size)
{
	snprintf(buf, size, "session %" PRIu64 ", service %s, pid %" PRIu32,
		 s->id, s->service, s->pid);
	if (s->tty[0] != '\0')
		snprintf(buf + strlen(buf), size - strlen(buf), ", tty %s",
			 s->tty);
	if (s->rhost[0] != '\0')
		snprintf(buf + strlen(buf), size - strlen(buf), ", rhost %s",
			 s->rhost);
}

/* ---- writes ---- */

static int next_id(struct st_wtx *w, uint64_t *id)
{
	uint8_t buf[ID_LEN];
	MDB_val val;
	int rc;

	rc = st_get(w->txn, w->st->dbi[DB_META], next_key, sizeof(next_key) - 1,
		    &val);
	if (rc == MDB_NOTFOUND) {
		*id = 1;
	} else if (rc != 0) {
		return st_mdb_fail(w->err, rc, "meta");
	} else if (val.mv_size != ID_LEN) {
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "corrupt session counter");
	} else {
		*id = acct_be64_get(val.mv_data) + 1;
	}
	acct_be64_put(buf, *id);
	return st_put(w, DB_META, next_key, sizeof(next_key) - 1, buf,
		      sizeof(buf), 0);
}

static int session_add_in(struct st_wtx *w, struct ad_session *s,
			  const struct ad_audit_who *who)
{
	struct st_slug_cache cache = {0, ""};
	char what[AD_MSG_MAX];
	struct ad_audit_event ev = {.actor = w->actor,
				    .has_uid = who->has_uid,
				    .uid = who->uid,
				    .action = "session-open",
				    .target = s->name,
				    .tenant = s->tenant,
				    .result = ACCT_ST_OK,
				    .message = what};
	uint8_t key[ID_LEN];
	int rc;

	rc = st_tenant_slug(w->txn, w->st, &cache, s->tenant_gid, s->tenant,
			    w->err);
	if (rc == ACCT_ST_OK)
		rc = next_id(w, &s->id);
	if (rc != ACCT_ST_OK)
		return rc;
	s->started = w->now;
	acct_buf_reset(&w->st->rec);
	session_encode(&w->st->rec, s);
	if (w->st->rec.err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a session");
	acct_be64_put(key, s->id);
	rc = st_put(w, DB_SESSIONS, key, sizeof(key), w->st->rec.data,
		    w->st->rec.len, MDB_NOOVERWRITE);
	if (rc != ACCT_ST_OK)
		return rc;
	describe(s, what, sizeof(what));
	return ad_audit_append_in(w, &ev);
}

int ad_store_session_add(struct ad_store *st, struct ad_session *s,
			 const struct ad_audit_who *who, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, who->actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, session_add_in(&w, s, who));
}

static int session_end_in(struct st_wtx *w, uint64_t id, const char *action,
			  const struct ad_audit_who *who, const char *reason)
{
	struct st_slug_cache cache = {0, ""};
	char what[AD_MSG_MAX];
	struct ad_session s;
	uint8_t key[ID_LEN];
	MDB_val val;
	int rc;

	acct_be64_put(key, id);
	rc = st_get(w->txn, w->st->dbi[DB_SESSIONS], key, sizeof(key), &val);
	if (rc == MDB_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND,
			       "no session %" PRIu64 " (it has ended)", id);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "sessions");
	rc = session_load(w->txn, w->st, &cache, &val, &s, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_del(w, DB_SESSIONS, key, sizeof(key));
	if (rc == ACCT_ST_OK) {
		struct ad_audit_event ev = {.actor = w->actor,
					    .has_uid = who->has_uid,
					    .uid = who->uid,
					    .action = action,
					    .target = s.name,
					    .tenant = s.tenant,
					    .result = ACCT_ST_OK,
					    .reason = reason,
					    .message = what};

		describe(&s, what, sizeof(what));
		rc = ad_audit_append_in(w, &ev);
	}
	return rc;
}

int ad_store_session_end(struct ad_store *st, uint64_t id, const char *action,
			 const struct ad_audit_who *who, const char *reason,
			 struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, who->actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_write_end(&w, session_end_in(&w, id, action, who, reason));
}

/* NOTFOUND entries were closed meanwhile: not an error here. */
static int session_end_batch_in(struct st_wtx *w,
				const struct ad_session_end *ends, size_t n,
				const char *action, size_t *ended)
{
	const struct ad_audit_who daemon = {w->actor, false, 0};

	for (size_t i = 0; i < n; i++) {
		int rc = session_end_in(w, ends[i].id, action, &daemon,
					ends[i].reason);

		if (rc == ACCT_ST_NOTFOUND) {
			w->err->status = ACCT_ST_OK;
			w->err->msg[0] = '\0';
			continue;
		}
		if (rc != ACCT_ST_OK)
			return rc;
		(*ended)++;
	}
	return ACCT_ST_OK;
}

int ad_store_session_end_batch(struct ad_store *st,
			       const struct ad_session_end *ends, size_t n,
			       const char *action, const char *actor,
			       size_t *ended, struct ad_err *err)
{
	struct st_wtx w;
	int rc;

	*ended = 0;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, session_end_batch_in(&w, ends, n, action, ended));
	if (rc != ACCT_ST_OK)
		*ended = 0;
	return rc;
}

/* ---- reads ---- */

int ad_store_session_get(struct ad_store *st, uint64_t id,
			 struct ad_session *out, struct ad_err *err)
{
	struct st_slug_cache cache = {0, ""};
	uint8_t key[ID_LEN];
	MDB_txn *txn;
	MDB_val val;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_be64_put(key, id);
	rc = st_get(txn, st->dbi[DB_SESSIONS], key, sizeof(key), &val);
	if (rc == MDB_NOTFOUND)
		rc = st_fail(err, ACCT_ST_NOTFOUND,
			     "no session %" PRIu64 " (it has ended)", id);
	else if (rc != 0)
		rc = st_mdb_fail(err, rc, "sessions");
	else
		rc = session_load(txn, st, &cache, &val, out, err);
	st_read_end(st);
	return rc;
}

struct session_visit {
	MDB_txn *txn;
	struct ad_store *st;
	struct st_slug_cache cache;
	ad_session_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_session(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct session_visit *v = arg;
	struct ad_session s;
	int rc;

	(void)key;
	rc = session_load(v->txn, v->st, &v->cache, val, &s, v->err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_walk_step(v->fn(v->arg, &s), "cannot list the sessions",
			    v->err);
}

int ad_store_session_list(struct ad_store *st, ad_session_fn fn, void *arg,
			  struct ad_err *err)
{
	struct session_visit v = {NULL, st, {0, ""}, fn, arg, err};
	int rc;

	rc = st_read_begin(st, &v.txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_walk(v.txn, st, DB_SESSIONS, (struct st_range){NULL, 0, 0},
		     visit_session, &v, err);
	st_read_end(st);
	return rc;
}
