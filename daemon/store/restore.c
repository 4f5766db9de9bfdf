/*
 * restore.c - `accountsd --restore FILE`: put a backup in place of the
 * state directory's data, with the daemon stopped (its lock taken, so a
 * running daemon refuses us and a starting one waits for nothing).
 *
 * The copy goes to a new file in the state directory first, is synced
 * and checked there (an LMDB environment with our schema record, not a
 * newer schema), then renamed over data.mdb: at any moment data.mdb is
 * the old data or the new, never a half.  The old data stays as
 * data.mdb.before-restore (a hard link made before the rename).  The id
 * mark (idmark.c) is raised first to every counter seen: the old data's,
 * the backup's and --id-floor, so no id is handed out twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/priv.h"

#define DATA_FILE "data.mdb"
#define LOCK_FILE "lock.mdb"
#define TMP_FILE "data.mdb.restoring"
#define BEFORE_FILE "data.mdb.before-restore"
#define COPY_CHUNK 65536

/* What a data file says of itself. */
struct peek {
	uint32_t schema, next_uid, next_gid;
};

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int path_in(char *dst, size_t size, const char *dir, const char *name)
{
	int n = snprintf(dst, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int meta_u32(MDB_txn *txn, MDB_dbi dbi, const char *k, uint32_t *v)
{
	MDB_val key = {strlen(k), (void *)k}, val;
	int rc = mdb_get(txn, dbi, &key, &val);

	*v = 0;
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (val.mv_size != 4)
		return MDB_CORRUPTED;
	*v = acct_be32_get(val.mv_data);
	return 0;
}

/*
 * Read the schema and id counters of the data file at path, read-only.
 * MDB_NOLOCK: we hold the daemon's lock on the directory, so no daemon
 * writes it, and no "-lock" file is left beside the data.  Returns 0, or
 * -1 with what is wrong (shown names the file).
 */
static int peek(const char *path, const char *shown, struct peek *p, char *err,
		size_t errlen)
{
	unsigned flags = MDB_RDONLY | MDB_NOSUBDIR | MDB_NOLOCK;
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	bool has_schema;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = mdb_env_create(&env);
	if (rc == 0)
		rc = mdb_env_set_maxdbs(env, 2);
	if (rc == 0)
		rc = mdb_env_open(env, path, flags, 0600);
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
		mdb_env_close(env);
		return fail(err, errlen,
			    "%s: not an accountsd backup (not an LMDB "
			    "environment)",
			    shown);
	}
	if (rc == 0)
		rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "meta", 0, &dbi);
	if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE) {
		mdb_txn_abort(txn);
		mdb_env_close(env);
		return fail(err, errlen,
			    "%s: not an accountsd backup (no meta database)",
			    shown);
	}
	if (rc == 0)
		rc = meta_u32(txn, dbi, "schema", &p->schema);
	has_schema = rc == 0 && p->schema != 0;
	if (rc == 0)
		rc = meta_u32(txn, dbi, "next_uid", &p->next_uid);
	if (rc == 0)
		rc = meta_u32(txn, dbi, "next_gid", &p->next_gid);
	if (txn != NULL)
		mdb_txn_abort(txn);
	mdb_env_close(env);
	if (rc != 0)
		return fail(err, errlen, "%s: %s", shown, mdb_strerror(rc));
	if (!has_schema)
		return fail(err, errlen,
			    "%s: not an accountsd backup (no schema record)",
			    shown);
	if (p->schema > AD_SCHEMA_VERSION)
		return fail(err, errlen,
			    "%s: database schema %u is newer than this "
			    "accountsd supports (%u); upgrade accountsd first",
			    shown, p->schema, AD_SCHEMA_VERSION);
	return 0;
}

/* file -> tmp (created 0600), synced. */
static int copy_file(const char *file, const char *tmp, char *err,
		     size_t errlen)
{
	char *buf = malloc(COPY_CHUNK);
	int in, out = -1, rc = -1;
	struct stat sb;
	ssize_t n = 0, w;
	const char *what = "read";

	if (buf == NULL)
		return fail(err, errlen, "out of memory");
	/* O_NONBLOCK: a FIFO at that path must not hang us under the
	 * daemon's lock (it is refused below; reads of a file ignore it) */
	in = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (in < 0 || fstat(in, &sb) < 0) {
		fail(err, errlen, "cannot open %s: %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		fail(err, errlen, "%s: not a regular file", file);
		goto out;
	}
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		   0600);
	if (out < 0) {
		fail(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, COPY_CHUNK)) > 0) {
		for (ssize_t off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0) {
				what = "write";
				n = -1;
				break;
			}
		}
		if (n < 0)
			break;
	}
	if (n == 0 && fsync(out) < 0) {
		what = "sync";
		n = -1;
	}
	if (n < 0)
		fail(err, errlen, "cannot %s the copy of %s: %s", what, file,
		     strerror(errno));
	else
		rc = 0;
out:
	if (out >= 0 && close(out) < 0 && rc == 0)
		rc = fail(err, errlen, "cannot write %s: %s", tmp,
			  strerror(errno));
	if (in >= 0)
		close(in);
	free(buf);
	return rc;
}

static uint32_t max3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t m = a > b ? a : b;

	return m > c ? m : c;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The checked copy at tmp in place of dir's data. */
static int install(const char *dir, const char *tmp, bool had_data, char *err,
		   size_t errlen)
{
	char data[PATH_MAX], before[PATH_MAX], lock[PATH_MAX];

	if (path_in(data, sizeof(data), dir, DATA_FILE) < 0 ||
	    path_in(before, sizeof(before), dir, BEFORE_FILE) < 0 ||
	    path_in(lock, sizeof(lock), dir, LOCK_FILE) < 0)
		return fail(err, errlen, "%s: path too long", dir);
	if (had_data) {
		if (unlink(before) < 0 && errno != ENOENT)
			return fail(err, errlen, "cannot remove %s: %s", before,
				    strerror(errno));
		if (link(data, before) < 0)
			return fail(err, errlen, "cannot keep %s as %s: %s",
				    data, before, strerror(errno));
	}
	if (rename(tmp, data) < 0)
		return fail(err, errlen, "cannot rename %s to %s: %s", tmp,
			    data, strerror(errno));
	/* the old reader table describes the old file */
	if (unlink(lock) < 0 && errno != ENOENT)
		return fail(err, errlen, "cannot remove the stale %s: %s", lock,
			    strerror(errno));
	if (sync_dir(dir) < 0)
		return fail(err, errlen, "cannot sync %s: %s", dir,
			    strerror(errno));
	return 0;
}

int ad_store_restore(const char *file, const char *dir,
		     const struct ad_restore_floor *floor,
		     struct ad_restore_info *out, char *err, size_t errlen)
{
	char data[PATH_MAX], tmp[PATH_MAX];
	struct peek old = {0, 0, 0}, backup;
	struct st_idmark mark;
	bool had_data;
	int lock_fd = -1, rc = -1;

	memset(out, 0, sizeof(*out));
	if (path_in(data, sizeof(data), dir, DATA_FILE) < 0 ||
	    path_in(tmp, sizeof(tmp), dir, TMP_FILE) < 0)
		return fail(err, errlen, "%s: path too long", dir);
	if (st_prepare_dir(dir, err, errlen) < 0)
		return -1;
	if (st_lock_dir(dir, &lock_fd, err, errlen) < 0) {
		if (lock_fd >= 0)
			close(lock_fd);
		if (strncmp(err, "another accountsd", 17) == 0)
			fail(err, errlen,
			     "accountsd is running on %s: stop it first "
			     "(systemctl stop accountsd)",
			     dir);
		return -1;
	}
	had_data = access(data, F_OK) == 0;
	if (copy_file(file, tmp, err, errlen) < 0 ||
	    peek(tmp, file, &backup, err, errlen) < 0 ||
	    (had_data && peek(data, data, &old, err, errlen) < 0) ||
	    st_idmark_read(dir, &mark, err, errlen) < 0)
		goto out;
	/* every number this host ever handed out stays behind the mark */
	mark.next_uid = max3(mark.next_uid, old.next_uid, backup.next_uid);
	mark.next_gid = max3(mark.next_gid, old.next_gid, backup.next_gid);
	if (floor->uid > mark.next_uid)
		mark.next_uid = floor->uid;
	if (floor->gid > mark.next_gid)
		mark.next_gid = floor->gid;
	if (st_idmark_write(dir, &mark, err, errlen) < 0 ||
	    install(dir, tmp, had_data, err, errlen) < 0)
		goto out;
	out->schema = backup.schema;
	out->kept_before = had_data;
	out->next_uid = mark.next_uid;
	out->next_gid = mark.next_gid;
	rc = 0;
out:
	if (rc < 0)
		unlink(tmp);
	close(lock_fd);
	return rc;
}
