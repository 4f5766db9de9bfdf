/*
 * backup.c - BACKUP: a copy of the store into the file that came with the
 * request (accountsctl made it, 0600, in the admin's view of the
 * filesystem: under ProtectSystem=strict the daemon could not open that
 * path itself).  The copy runs on a worker; the reply says its size, the
 * schema and when it was taken.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/deferred.h"
#include "ops/handlers.h"
#include "store/apikey.h"
#include "store/store.h"

struct backup_job {
	struct ad_deferred d; /* first: converted back by a cast */
	int fd;
	uint32_t schema;
	uint64_t when, size;
	int rc; /* the copy's status, its message in why */
	struct ad_err why;
};

static void release(struct ad_deferred *d)
{
	struct backup_job *j = (struct backup_job *)d;

	if (j->fd >= 0)
		close(j->fd);
	free(j);
}

/* On a worker: the copy (its own read transaction; no loop state). */
static void work(struct ad_deferred *d)
{
	struct backup_job *j = (struct backup_job *)d;

	j->rc = ad_store_backup(d->ctx->store, j->fd, &j->size, &j->why);
}

static int finish(struct ad_deferred *d, struct acct_buf *reply,
		  struct ad_err *err)
{
	struct backup_job *j = (struct backup_job *)d;
	char size[40];

	if (j->rc != ACCT_ST_OK)
		return ad_fail(err, j->rc, "%s", j->why.msg);
	snprintf(size, sizeof(size), "%" PRIu64 " bytes", j->size);
	ad_audit_note(ad_deferred_audit(d), NULL, NULL, size);
	acct_put_u64(reply, ACCT_T_BACKUP_SIZE, j->size);
	acct_put_u32(reply, ACCT_T_SCHEMA, j->schema);
	acct_put_u64(reply, ACCT_T_TIME, j->when);
	return ACCT_ST_OK;
}

/* The file must be what accountsctl makes: a regular file, empty,
 * open for writing, readable by its owner only. */
static int check_file(int fd, struct ad_err *err)
{
	struct stat sb;
	int fl = fcntl(fd, F_GETFL);

	if (fstat(fd, &sb) < 0 || fl < 0)
		return ad_fail(err, ACCT_ST_BADREQ, "backup: bad descriptor");
	if (!S_ISREG(sb.st_mode))
		return ad_fail(err, ACCT_ST_BADREQ,
			       "backup: the file is not a regular file");
	if (sb.st_size != 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "backup: the file is not "
			       "empty");
	if ((fl & O_ACCMODE) == O_RDONLY)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "backup: the file is not open for writing");
	if ((sb.st_mode & 077) != 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "backup: the file is readable by others (it "
			       "would hold every password hash)");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_backup)
{
	struct ad_store_stats s;
	struct backup_job *j;
	int fd = ad_ctx_take_fd(ctx), rc;

	if (fd < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "backup: no file came with the request "
			       "(accountsctl backup FILE sends one)");
	rc = check_file(fd, err);
	/* the copy has the key uses counted in memory; that write is not
	 * this request's change, so its record does not go with it */
	if (rc == ACCT_ST_OK) {
		ad_store_audit_next(ctx->store, NULL);
		rc = ad_store_usage_flush(ctx->store, NULL, err);
	}
	if (rc == ACCT_ST_OK)
		rc = ad_store_stats(ctx->store, &s, err);
	j = rc == ACCT_ST_OK ? calloc(1, sizeof(*j)) : NULL;
	if (j == NULL) {
		close(fd);
		return rc != ACCT_ST_OK ? rc
					: ad_fail(err, ACCT_ST_INTERNAL,
						  "out of memory");
	}
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = work,
				    .finish = finish,
				    .release = release};
	j->fd = fd;
	j->schema = s.schema;
	j->when = ad_ctx_now(ctx);
	return ad_deferred_run(&j->d, rq, reply, err,
			       "too many slow requests at once, try again");
}
