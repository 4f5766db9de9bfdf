/*
 * backup.c - a compacted copy of the whole environment into a file the
 * caller opened (ad_store_backup, store/store.h).  mdb_env_copyfd2 runs
 * its own read transaction, so it may run on a worker while the loop
 * keeps serving; the copy is one consistent snapshot.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/priv.h"

int ad_store_backup(struct ad_store *st, int fd, uint64_t *size,
		    struct ad_err *err)
{
	struct stat sb;
	int rc;

	*size = 0;
	rc = mdb_env_copyfd2(st->env, fd, MDB_CP_COMPACT);
	if (rc != 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "cannot write the copy: %s", mdb_strerror(rc));
	/* "done" means the copy survives a power loss, as a change does */
	if (fsync(fd) < 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "cannot sync the copy: %s", strerror(errno));
	if (fstat(fd, &sb) < 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "cannot stat the copy: %s", strerror(errno));
	*size = (uint64_t)sb.st_size;
	return ACCT_ST_OK;
}
