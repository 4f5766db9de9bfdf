/*
 * env.c - the LMDB environment: opening it safely (lock, permissions,
 * schema), the shared read transaction, write transactions and the small
 * helpers every store_*.c file uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "acct_peer.h"
#include "server/log.h"
#include "store/priv.h"

#define AD_MAX_DBS 48 /* room for the databases later issues add */
#define AD_LOCK_FILE "accountsd.lock"

static const char *const db_names[DB__COUNT] = {
	[DB_META] = "meta",
	[DB_TENANTS] = "tenants",
	[DB_TENANT_BY_SLUG] = "tenant_by_slug",
	[DB_USERS] = "users",
	[DB_USER_BY_NAME] = "user_by_name",
	[DB_USER_BY_EMAIL] = "user_by_email",
	[DB_TENANT_USERS] = "tenant_users",
	[DB_GROUPS] = "groups",
	[DB_GROUP_BY_NAME] = "group_by_name",
	[DB_MEMBERS] = "members",
	[DB_MEMBEROF] = "memberof",
	[DB_AUDIT] = "audit",
	[DB_SESSIONS] = "sessions",
	[DB_ROLES] = "roles",
	[DB_ROLE_BY_NAME] = "role_by_name",
	[DB_OUTBOX] = "outbox",
	[DB_TOKENS] = "tokens",
	[DB_TOKEN_BY_UID] = "token_by_uid",
	[DB_TOKEN_EXPIRY] = "token_expiry",
	[DB_SSH_KEYS] = "ssh_keys",
	[DB_PLANS] = "plans",
	[DB_API_KEYS] = "api_keys",
	[DB_API_KEYS_BY_USER] = "api_keys_by_user",
	[DB_API_KEYS_BY_TENANT] = "api_keys_by_tenant",
	[DB_API_USAGE] = "api_usage",
};

/* Databases whose keys hold several values (the rest: 0). */
static const unsigned db_flags[DB__COUNT] = {
	[DB_TOKEN_BY_UID] = MDB_DUPSORT,
};

static const char schema_key[] = "schema";

/* ---- errors ---- */

int st_fail(struct ad_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->status = status;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return status;
}

int st_mdb_fail(struct ad_err *err, int rc, const char *what)
{
	switch (rc) {
	case MDB_MAP_FULL:
		ad_log(LOG_ERR, "store: %s: database full (raise map_size)",
		       what);
		return st_fail(err, ACCT_ST_EXHAUSTED, "database full");
	case MDB_READERS_FULL:
		ad_log(LOG_WARNING, "store: %s: reader table full", what);
		return st_fail(err, ACCT_ST_BUSY,
			       "too many readers, try again");
	default:
		ad_log(LOG_ERR, "store: %s: %s", what, mdb_strerror(rc));
		return st_fail(err, ACCT_ST_INTERNAL,
			       "internal error in the store (see the log)");
	}
}

const char *st_show(char *dst, size_t size, const char *p, size_t len)
{
	size_t i, n = 0;

	if (size == 0)
		return "";
	for (i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = (unsigned char)p[i];

		/* keep messages one line of plain text */
		dst[n++] = (c < 0x20 || c == 0x7f || c == '\'') ? '?' : (char)c;
		if (n >= ST_SHOW_MAX && i + 1 < len && n + 3 < size) {
			memcpy(dst + n, "...", 3);
			n += 3;
			break;
		}
	}
	dst[n] = '\0';
	return dst;
}

/* ---- opening ---- */

__attribute__((format(printf, 3, 4))) static int
open_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int st_prepare_dir(const char *dir, char *err, size_t errlen)
{
	const char *why = "";

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return open_fail(err, errlen, "cannot create %s: %s", dir,
				 strerror(errno));
	/* another user could swap the database or jam its lock file (the
	 * same rule as for the socket's directory, listen.c) */
	if (acct_dir_private(dir, geteuid(), &why) == 0)
		return 0;
	if (errno != EPERM)
		return open_fail(err, errlen, "%s: %s", dir, strerror(errno));
	return open_fail(err, errlen, "%s %s; refusing to use it", dir, why);
}

int st_lock_dir(const char *dir, int *fd, char *err, size_t errlen)
{
	char path[PATH_MAX];
	int n;

	*fd = -1;
	n = snprintf(path, sizeof(path), "%s/%s", dir, AD_LOCK_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		return open_fail(err, errlen, "%s: path too long", dir);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0)
		return open_fail(err, errlen, "cannot open %s: %s", path,
				 strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return open_fail(err, errlen,
					 "another accountsd is using %s", dir);
		return open_fail(err, errlen, "cannot lock %s: %s", path,
				 strerror(errno));
	}
	return 0;
}

static int take_lock(struct ad_store *st, const char *dir, char *err,
		     size_t errlen)
{
	return st_lock_dir(dir, &st->lock_fd, err, errlen);
}

/* Check or write the schema record, then open every database. */
static int init_dbs(struct ad_store *st, const char *dir, char *err,
		    size_t errlen)
{
	MDB_txn *txn;
	MDB_val key = {sizeof(schema_key) - 1, (void *)schema_key}, val;
	uint8_t buf[4];
	uint32_t schema;
	int rc, i;

	rc = mdb_txn_begin(st->env, NULL, 0, &txn);
	if (rc != 0)
		return open_fail(err, errlen, "%s: %s", dir, mdb_strerror(rc));
	rc = mdb_dbi_open(txn, db_names[DB_META], MDB_CREATE,
			  &st->dbi[DB_META]);
	if (rc != 0)
		goto fail;
	rc = mdb_get(txn, st->dbi[DB_META], &key, &val);
	if (rc == MDB_NOTFOUND) {
		acct_be32_put(buf, AD_SCHEMA_VERSION);
		val.mv_data = buf;
		val.mv_size = sizeof(buf);
		rc = mdb_put(txn, st->dbi[DB_META], &key, &val, 0);
		if (rc != 0)
			goto fail;
	} else if (rc != 0) {
		goto fail;
	} else {
		if (val.mv_size != 4) {
			mdb_txn_abort(txn);
			return open_fail(err, errlen,
					 "%s: corrupt schema record", dir);
		}
		schema = acct_be32_get(val.mv_data);
		if (schema > AD_SCHEMA_VERSION) {
			mdb_txn_abort(txn);
			return open_fail(err, errlen,
					 "database schema %u is newer than "
					 "this accountsd supports (%u); "
					 "upgrade accountsd",
					 schema, AD_SCHEMA_VERSION);
		}
	}
	for (i = 0; i < DB__COUNT; i++) {
		if (i == DB_META)
			continue;
		rc = mdb_dbi_open(txn, db_names[i], MDB_CREATE | db_flags[i],
				  &st->dbi[i]);
		if (rc != 0)
			goto fail;
	}
	rc = mdb_txn_commit(txn);
	if (rc != 0)
		return open_fail(err, errlen, "%s: %s", dir, mdb_strerror(rc));
	return 0;
fail:
	mdb_txn_abort(txn);
	return open_fail(err, errlen, "%s: %s", dir, mdb_strerror(rc));
}

static int open_env(struct ad_store *st, const char *dir, uint64_t map_size,
		    char *err, size_t errlen)
{
	int rc, dead = 0;

	rc = mdb_env_create(&st->env);
	if (rc != 0)
		return open_fail(err, errlen, "lmdb: %s", mdb_strerror(rc));
	rc = mdb_env_set_maxdbs(st->env, AD_MAX_DBS);
	if (rc == 0 && map_size > 0)
		rc = mdb_env_set_mapsize(st->env, (size_t)map_size);
	/* MDB_NOTLS: the one read txn owns its reader slot across resets */
	if (rc == 0)
		rc = mdb_env_open(st->env, dir, MDB_NOTLS, 0600);
	if (rc != 0)
		return open_fail(err, errlen,
				 "cannot open the database in %s: %s", dir,
				 mdb_strerror(rc));
	mdb_reader_check(st->env, &dead);
	if (dead > 0)
		ad_log(LOG_NOTICE, "store: cleared %d stale reader slots",
		       dead);
	if (init_dbs(st, dir, err, errlen) < 0)
		return -1;
	rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &st->rtxn);
	if (rc != 0)
		return open_fail(err, errlen, "%s: %s", dir, mdb_strerror(rc));
	mdb_txn_reset(st->rtxn);
	return 0;
}

struct ad_store *st_env_open(const char *dir, uint64_t map_size,
			     const struct ad_config *cfg, char *err,
			     size_t errlen)
{
	struct ad_store *st;

	/* randombytes_buf (uuids) wants it; harmless when done already */
	if (sodium_init() < 0) {
		open_fail(err, errlen, "libsodium failed to initialise");
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		open_fail(err, errlen, "out of memory");
		return NULL;
	}
	st->lock_fd = -1;
	st->cfg = cfg;
	snprintf(st->passwd_path, sizeof(st->passwd_path), "/etc/passwd");
	snprintf(st->group_path, sizeof(st->group_path), "/etc/group");
	acct_buf_init(&st->rec, ACCT_MAX_REPLY);

	if (st_prepare_dir(dir, err, errlen) < 0 ||
	    take_lock(st, dir, err, errlen) < 0 ||
	    open_env(st, dir, map_size, err, errlen) < 0) {
		ad_store_close(st);
		return NULL;
	}
	return st;
}

void ad_store_close(struct ad_store *st)
{
	if (st == NULL)
		return;
	if (st->rtxn != NULL)
		mdb_txn_abort(st->rtxn);
	if (st->env != NULL)
		mdb_env_close(st->env);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	acct_buf_free(&st->rec);
	/* counts not flushed die here (main.c flushes before closing) */
	ad_map_free(&st->usage.idx);
	free(st->usage.d);
	free(st);
}

int ad_store_reader_check(struct ad_store *st)
{
	int dead = 0;

	if (mdb_reader_check(st->env, &dead) != 0)
		return 0;
	return dead;
}

const struct ad_config *st_cfg(const struct ad_store *st)
{
	return st->cfg;
}

int ad_store_set_local_files(struct ad_store *st, const char *passwd_path,
			     const char *group_path)
{
	if (strlen(passwd_path) >= sizeof(st->passwd_path) ||
	    strlen(group_path) >= sizeof(st->group_path))
		return -1;
	snprintf(st->passwd_path, sizeof(st->passwd_path), "%s", passwd_path);
	snprintf(st->group_path, sizeof(st->group_path), "%s", group_path);
	return 0;
}

/* ---- transactions ---- */

int st_read_begin(struct ad_store *st, MDB_txn **txn, struct ad_err *err)
{
	int rc;

	*txn = NULL;
	if (st->rtxn_live) {
		/* a caller forgot st_read_end: never serve an old snapshot */
		mdb_txn_reset(st->rtxn);
		st->rtxn_live = 0;
	}
	rc = mdb_txn_renew(st->rtxn);
	if (rc != 0)
		return st_mdb_fail(err, rc, "read transaction");
	st->rtxn_live = 1;
	*txn = st->rtxn;
	return ACCT_ST_OK;
}

void st_read_end(struct ad_store *st)
{
	if (st->rtxn_live) {
		mdb_txn_reset(st->rtxn);
		st->rtxn_live = 0;
	}
}

int st_get(MDB_txn *txn, MDB_dbi dbi, const void *k, size_t klen, MDB_val *val)
{
	MDB_val key = {klen, (void *)k};

	if (klen == 0 || klen > 511)
		return MDB_NOTFOUND; /* no such key can exist */
	return mdb_get(txn, dbi, &key, val);
}

int st_put(struct st_wtx *w, enum st_db db, const void *k, size_t klen,
	   const void *v, size_t vlen, unsigned flags)
{
	MDB_val key = {klen, (void *)k}, val = {vlen, (void *)v};
	int rc;

	rc = mdb_put(w->txn, w->st->dbi[db], &key, &val, flags);
	if (rc == MDB_KEYEXIST)
		return st_fail(w->err, ACCT_ST_EXISTS, "already exists");
	if (rc != 0)
		return st_mdb_fail(w->err, rc, db_names[db]);
	return ACCT_ST_OK;
}

int st_del(struct st_wtx *w, enum st_db db, const void *k, size_t klen)
{
	MDB_val key = {klen, (void *)k};
	int rc;

	rc = mdb_del(w->txn, w->st->dbi[db], &key, NULL);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, db_names[db]);
	return ACCT_ST_OK;
}

int st_meta_get(MDB_txn *txn, struct ad_store *st, const void *k, size_t klen,
		uint32_t *v)
{
	MDB_val val;
	int rc;

	rc = st_get(txn, st->dbi[DB_META], k, klen, &val);
	if (rc == MDB_NOTFOUND) {
		*v = 0;
		return 0;
	}
	if (rc != 0)
		return rc;
	if (val.mv_size != 4)
		return MDB_CORRUPTED;
	*v = acct_be32_get(val.mv_data);
	return 0;
}

int st_meta_put(struct st_wtx *w, const void *k, size_t klen, uint32_t v)
{
	uint8_t buf[4];

	acct_be32_put(buf, v);
	return st_put(w, DB_META, k, klen, buf, sizeof(buf), 0);
}

int st_meta_add(struct st_wtx *w, const void *k, size_t klen, int delta)
{
	uint32_t v;
	int rc;

	rc = st_meta_get(w->txn, w->st, k, klen, &v);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "meta");
	if (delta < 0 && v < (uint32_t)-delta)
		v = 0; /* never wrap a counter around */
	else
		v += (uint32_t)delta;
	return st_meta_put(w, k, klen, v);
}

size_t st_tusers_key(uint8_t key[10], uint32_t gid)
{
	static const char prefix[6] = "tusers"; /* no NUL: a key prefix */

	memcpy(key, prefix, sizeof(prefix));
	acct_be32_put(key + 6, gid);
	return 10;
}

/* ---- walking ---- */

int st_walk(MDB_txn *txn, struct ad_store *st, enum st_db db, struct st_range r,
	    st_walk_fn fn, void *arg, struct ad_err *err)
{
	MDB_val key = {r.len, (void *)r.from}, val;
	MDB_cursor_op first = r.len > 0 ? MDB_SET_RANGE : MDB_FIRST;
	MDB_cursor *cur;
	int rc, res = ACCT_ST_OK;

	rc = mdb_cursor_open(txn, st->dbi[db], &cur);
	if (rc != 0)
		return st_mdb_fail(err, rc, db_names[db]);
	for (rc = mdb_cursor_get(cur, &key, &val, first); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (r.prefix > 0 &&
		    (key.mv_size < r.prefix ||
		     memcmp(key.mv_data, r.from, r.prefix) != 0))
			break;
		res = fn(arg, &key, &val);
		if (res != ACCT_ST_OK)
			break;
	}
	mdb_cursor_close(cur);
	if (res == ST_WALK_STOP)
		return ACCT_ST_OK;
	if (res != ACCT_ST_OK)
		return res;
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(err, rc, db_names[db]);
	return ACCT_ST_OK;
}

int st_walk_step(int stop, const char *msg, struct ad_err *err)
{
	if (stop < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "%s", msg);
	return stop > 0 ? ST_WALK_STOP : ACCT_ST_OK;
}

/* ---- status ---- */

int ad_store_stats(struct ad_store *st, struct ad_store_stats *out,
		   struct ad_err *err)
{
	MDB_txn *txn;
	MDB_stat ms;
	MDB_envinfo info;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_meta_get(txn, st, schema_key, sizeof(schema_key) - 1,
			 &out->schema);
	if (rc == 0)
		rc = st_meta_get(txn, st, "users", 5, &out->users);
	if (rc == 0)
		rc = mdb_stat(txn, st->dbi[DB_TENANTS], &ms);
	if (rc == 0) {
		out->tenants = (uint32_t)ms.ms_entries;
		rc = mdb_stat(txn, st->dbi[DB_GROUPS], &ms);
	}
	if (rc == 0) {
		out->groups = (uint32_t)ms.ms_entries;
		rc = mdb_stat(txn, st->dbi[DB_AUDIT], &ms);
	}
	if (rc == 0) {
		out->audit_records = ms.ms_entries;
		rc = mdb_env_info(st->env, &info);
	}
	if (rc == 0)
		rc = mdb_env_stat(st->env, &ms);
	st_read_end(st);
	if (rc != 0)
		return st_mdb_fail(err, rc, "stats");
	out->db_size = ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
	out->map_size = info.me_mapsize;
	return ACCT_ST_OK;
}
