/*
 * idmark.c - the high-water mark of uid and gid allocation, kept in the
 * file "ids" of the state directory, outside the LMDB data: a restored
 * older copy brings back older counters (meta next_uid, next_gid), and
 * must not make the daemon hand out a number again that a deleted or
 * newer user held.  The mark only grows; it is written durably (a new
 * file, fsync, rename, fsync of the directory) before the transaction
 * that allocated past it commits (txn.c), at most once per transaction.
 *
 * The file is text: "next_uid N" and "next_gid N" lines (the lowest
 * numbers that may still be handed out), and comments.  A file that
 * says anything else stops the daemon: guessing could reuse ids.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/log.h"
#include "store/priv.h"

#define IDMARK_FILE "ids"
#define IDMARK_TMP "ids.new"

static int mark_path(char *dst, size_t size, const char *dir, const char *name)
{
	int n = snprintf(dst, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* One "KEY N" line into m; -1 when it is not one. */
static int parse_line(const char *line, struct st_idmark *m)
{
	char key[16];
	unsigned long v;
	char *end;
	const char *p;

	if (sscanf(line, "%15s", key) != 1)
		return -1;
	p = line + strlen(key);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno != 0 || v > UINT32_MAX || (*end != '\n' && *end != '\0'))
		return -1;
	if (strcmp(key, "next_uid") == 0)
		m->next_uid = (uint32_t)v;
	else if (strcmp(key, "next_gid") == 0)
		m->next_gid = (uint32_t)v;
	else
		return -1;
	return 0;
}

int st_idmark_read(const char *dir, struct st_idmark *m, char *err,
		   size_t errlen)
{
	char path[PATH_MAX], line[128];
	unsigned lineno = 0;
	FILE *fp;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (mark_path(path, sizeof(path), dir, IDMARK_FILE) < 0) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	fp = fopen(path, "re");
	if (fp == NULL) {
		if (errno == ENOENT)
			return 0; /* none yet: the counters in meta say it */
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (strchr(line, '\n') == NULL || parse_line(line, m) < 0) {
			snprintf(err, errlen,
				 "%s:%u: not a \"next_uid N\" or \"next_gid "
				 "N\" line (fix or remove the file; see "
				 "accountsd(8))",
				 path, lineno);
			rc = -1;
		}
	}
	fclose(fp);
	return rc;
}

int st_idmark_write(const char *dir, const struct st_idmark *m, char *err,
		    size_t errlen)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	const char *what = "write";
	int fd, dfd, n, ok;

	if (mark_path(path, sizeof(path), dir, IDMARK_FILE) < 0 ||
	    mark_path(tmp, sizeof(tmp), dir, IDMARK_TMP) < 0) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp,
			 strerror(errno));
		return -1;
	}
	n = dprintf(fd,
		    "# accountsd: the lowest uid and gid it may still hand "
		    "out.\n# Kept apart from the data so that a restore never "
		    "brings an id back.\n# Never lower these.\n"
		    "next_uid %u\nnext_gid %u\n",
		    m->next_uid, m->next_gid);
	ok = n > 0 && fsync(fd) == 0;
	if (close(fd) < 0)
		ok = 0;
	if (ok) {
		what = "rename";
		ok = rename(tmp, path) == 0;
	}
	if (ok) {
		what = "sync the directory of";
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ok = dfd >= 0 && fsync(dfd) == 0;
		if (dfd >= 0)
			close(dfd);
	}
	if (!ok) {
		snprintf(err, errlen, "cannot %s %s: %s", what, path,
			 strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int st_idmark_open(struct ad_store *st, const char *dir, char *err,
		   size_t errlen)
{
	struct st_idmark m;
	uint32_t next_uid = 0, next_gid = 0;
	MDB_txn *txn;
	int rc;

	if (strlen(dir) >= sizeof(st->dir)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if (st_idmark_read(dir, &m, err, errlen) < 0)
		return -1;
	snprintf(st->dir, sizeof(st->dir), "%s", dir);
	rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	if (rc == 0) {
		rc = st_meta_get(txn, st, "next_uid", 8, &next_uid);
		if (rc == 0)
			rc = st_meta_get(txn, st, "next_gid", 8, &next_gid);
		mdb_txn_abort(txn);
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s: id counters: %s", dir,
			 mdb_strerror(rc));
		return -1;
	}
	/* a store older than the file, or the file lost: the data's own
	 * counters are a floor too */
	if (next_uid > m.next_uid || next_gid > m.next_gid) {
		if (next_uid > m.next_uid)
			m.next_uid = next_uid;
		if (next_gid > m.next_gid)
			m.next_gid = next_gid;
		if (st_idmark_write(dir, &m, err, errlen) < 0)
			return -1;
	}
	st->mark = m;
	return 0;
}

int st_idmark_commit(struct st_wtx *w)
{
	char msg[PATH_MAX + 128];

	if (!w->mark_dirty)
		return ACCT_ST_OK;
	if (st_idmark_write(w->st->dir, &w->mark, msg, sizeof(msg)) < 0) {
		ad_log(LOG_ERR, "store: %s", msg);
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot record the ids handed out (see the "
			       "log)");
	}
	w->st->mark = w->mark;
	w->mark_dirty = false;
	return ACCT_ST_OK;
}
