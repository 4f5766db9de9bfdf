/*
 * enum.c - getpwent/getgrent: walk the daemon's entries in batches.
 *
 * The position lives in one process-wide struct under one mutex (glibc
 * serialises set/get/end*ent itself, but a program may call the module's
 * entry points directly).  A batch is kept as the raw reply, and the
 * position moves past a record only after it was copied out whole, so a
 * call that fails with ERANGE returns the same entry when retried with a
 * larger buffer.  The position holds no descriptor, only memory: a forked
 * child goes on from its own copy of it, and the parent is unaffected.
 * (No getpid() per entry: it is a system call, and 100,000 of them were a
 * fifth of a full enumeration.)
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "nss_accounts.h"

struct enum_pos {
	uint8_t *batch; /* the current reply payload (malloc'd) */
	size_t len;
	size_t off;	 /* next field to look at in batch */
	uint32_t cursor; /* the daemon's position after batch */
	bool fetched;	 /* batch holds a reply of this walk */
	bool more;	 /* the daemon has entries after batch */
	bool done;	 /* the walk ended (or broke): NOTFOUND from now on */
};

static struct {
	pthread_mutex_t lock;
	struct enum_pos db[NSS_ACCT_SLOT__COUNT];
} enum_state = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static void pos_clear(struct enum_pos *pos)
{
	free(pos->batch);
	memset(pos, 0, sizeof(*pos));
}

/* A walk that met a protocol error ends rather than repeating the error. */
static enum nss_status pos_broken(struct enum_pos *pos, int *err)
{
	pos_clear(pos);
	pos->done = true;
	*err = EBADMSG;
	return NSS_STATUS_UNAVAIL;
}

/* Count the records in a batch; -1 when the batch is not well-formed. */
static long count_records(const uint8_t *p, size_t len, uint16_t tag)
{
	struct acct_reader r;
	struct acct_field f;
	long n = 0;
	int rc;

	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		if (f.tag == tag)
			n++;
	}
	return rc < 0 ? -1 : n;
}

/* Replace the batch by the next one from the daemon. */
static enum nss_status fetch_batch(struct enum_pos *pos,
				   const struct nss_acct_db *db, int *err)
{
	struct acct_buf req;
	struct acct_reply rep;
	struct acct_field f;
	enum nss_status st;
	uint32_t more = 0, cursor = 0;
	long n;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (pos->fetched)
		acct_put_u32(&req, ACCT_T_CURSOR, pos->cursor);
	acct_put_u32(&req, ACCT_T_LIMIT, ACCT_ENUM_BATCH);
	if (req.err != 0) {
		acct_buf_free(&req);
		*err = ENOMEM;
		return NSS_STATUS_TRYAGAIN;
	}
	/* on failure the position stays: a later call asks again */
	st = nss_acct_lookup(db->enum_op, req.data, req.len, &rep, err);
	acct_buf_free(&req);
	if (st == NSS_STATUS_NOTFOUND) {
		pos_clear(pos);
		pos->done = true;
		return st;
	}
	if (st != NSS_STATUS_SUCCESS)
		return st;

	rc = acct_find(rep.payload, rep.len, ACCT_T_MORE, &f);
	if (rc == 1 && acct_get_u32(&f, &more) < 0)
		rc = -1;
	if (rc >= 0 && more != 0) {
		rc = acct_find(rep.payload, rep.len, ACCT_T_CURSOR, &f);
		/* the walk must move forward, or it would never end */
		if (rc != 1 || acct_get_u32(&f, &cursor) < 0 ||
		    (pos->fetched && cursor <= pos->cursor))
			rc = -1;
	}
	n = count_records(rep.payload, rep.len, db->rec_tag);
	if (rc < 0 || n < 0 || (more != 0 && n == 0)) {
		acct_reply_free(&rep);
		return pos_broken(pos, err);
	}

	free(pos->batch);
	pos->batch = rep.payload; /* ours now */
	pos->len = rep.len;
	pos->off = 0;
	pos->cursor = cursor;
	pos->fetched = true;
	pos->more = more != 0;
	return NSS_STATUS_SUCCESS;
}

static enum nss_status pos_next(struct enum_pos *pos,
				const struct nss_acct_db *db, void *result,
				char *buf, size_t buflen, int *err)
{
	struct acct_reader r;
	struct acct_field f;
	enum nss_status st;
	int rc;

	for (;;) {
		if (pos->done)
			return NSS_STATUS_NOTFOUND;
		if (pos->off < pos->len) {
			acct_reader_init(&r, pos->batch + pos->off,
					 pos->len - pos->off);
			if (acct_next(&r, &f) != 1)
				return pos_broken(pos, err);
			if (f.tag != db->rec_tag) { /* MORE, CURSOR, ... */
				pos->off = pos->len - r.left;
				continue;
			}
			rc = db->fill(&f, NULL, result, buf, buflen);
			if (rc == ERANGE) { /* same entry next time */
				*err = ERANGE;
				return NSS_STATUS_TRYAGAIN;
			}
			if (rc != 0)
				return pos_broken(pos, err);
			pos->off = pos->len - r.left;
			return NSS_STATUS_SUCCESS;
		}
		if (pos->fetched && !pos->more) {
			pos_clear(pos);
			pos->done = true;
			return NSS_STATUS_NOTFOUND;
		}
		st = fetch_batch(pos, db, err);
		if (st != NSS_STATUS_SUCCESS)
			return st;
	}
}

enum nss_status nss_acct_enum_reset(const struct nss_acct_db *db)
{
	int saved = errno;

	if (!nss_acct_enabled())
		return nss_acct_finish(NSS_STATUS_UNAVAIL, 0, saved, NULL);
	pthread_mutex_lock(&enum_state.lock);
	pos_clear(&enum_state.db[db->slot]);
	pthread_mutex_unlock(&enum_state.lock);
	return nss_acct_finish(NSS_STATUS_SUCCESS, 0, saved, NULL);
}

enum nss_status nss_acct_enum_next(const struct nss_acct_db *db, void *result,
				   char *buf, size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if (buf == NULL || buflen == 0) {
		err = ERANGE;
		st = NSS_STATUS_TRYAGAIN;
	} else {
		pthread_mutex_lock(&enum_state.lock);
		st = pos_next(&enum_state.db[db->slot], db, result, buf, buflen,
			      &err);
		pthread_mutex_unlock(&enum_state.lock);
	}
	return nss_acct_finish(st, err, saved, errnop);
}
