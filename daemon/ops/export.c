/*
 * export.c - EXPORT: tenants, users with their password hashes, groups
 * with their members, written as codec fields into the file that came
 * with the request (acct_proto.h says the layout; accountsctl turns it
 * into JSON Lines).  Root only: it holds every hash.  All of it is read
 * in this one call on the loop, where every write happens, so it is one
 * consistent state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/handlers.h"
#include "store/store.h"
#include "store/wire.h"

struct export
{
	struct ad_store *st;
	int fd;
	struct acct_buf b; /* one record at a time */
	uint32_t tenants, users, groups;
	struct ad_str tenant; /* absent: every tenant */
	int werr;	      /* errno of a failed write, 0 */
	struct ad_group *g;   /* the groups, listed before their members */
	size_t n_groups, cap_groups;
};

/* Write what b holds, then forget it.  0, or -1 (werr set). */
static int flush(struct export *x)
{
	size_t off = 0;
	ssize_t n;

	if (x->b.err != 0) {
		x->werr = x->b.err;
		return -1;
	}
	while (off < x->b.len) {
		n = write(x->fd, x->b.data + off, x->b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			x->werr = n < 0 ? errno : EIO;
			return -1;
		}
		off += (size_t)n;
	}
	acct_buf_reset(&x->b);
	return 0;
}

static int on_tenant(void *arg, const struct ad_tenant *t)
{
	struct export *x = arg;

	if (ad_str_given(x->tenant) &&
	    (strlen(t->slug) != x->tenant.len ||
	     memcmp(t->slug, x->tenant.p, x->tenant.len) != 0))
		return 0;
	ad_wire_tenant(&x->b, t);
	x->tenants++;
	return flush(x);
}

static int on_user(void *arg, const struct ad_user *u)
{
	struct export *x = arg;
	size_t mark;

	/* an invitation is not an account yet (its token cannot move) */
	if (u->status == ACCT_USER_PENDING)
		return 0;
	mark = acct_begin(&x->b, ACCT_T_EXPORT_USER);

	ad_wire_user(&x->b, u);
	if (u->password_hash[0] != '\0')
		acct_put_str(&x->b, ACCT_T_PASSWORD_HASH, u->password_hash);
	acct_end(&x->b, mark);
	x->users++;
	return flush(x);
}

static int on_member(void *arg, const char *login, size_t len)
{
	struct export *x = arg;

	return ad_wire_member(&x->b, login, len) < 0 ? -1 : 0;
}

/* Groups are listed first (the store's read of members cannot run
 * inside its walk of groups), then written with their members. */
static int on_group(void *arg, const struct ad_group *g)
{
	struct export *x = arg;
	struct ad_group *p;

	if (x->n_groups == x->cap_groups) {
		size_t cap = x->cap_groups ? x->cap_groups * 2 : 64;

		p = realloc(x->g, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		x->g = p;
		x->cap_groups = cap;
	}
	x->g[x->n_groups++] = *g;
	return 0;
}

static int write_group(struct export *x, const struct ad_group *g,
		       struct ad_err *err)
{
	struct ad_group full;
	struct ad_str name = {g->name, strlen(g->name)};
	size_t mark = acct_begin(&x->b, ACCT_T_EXPORT_GROUP);
	int rc;

	ad_wire_group(&x->b, g);
	rc = ad_store_group_get(x->st, name, &full, on_member, x, err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_end(&x->b, mark);
	x->groups++;
	return flush(x) < 0 ? ACCT_ST_INTERNAL : ACCT_ST_OK;
}

/* The file must be empty, regular and writable (as for BACKUP); a
 * memfd is one. */
static int check_file(int fd, struct ad_err *err)
{
	struct stat sb;
	int fl = fcntl(fd, F_GETFL);

	if (fstat(fd, &sb) < 0 || fl < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size != 0 || (fl & O_ACCMODE) == O_RDONLY ||
	    (sb.st_mode & 077) != 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "export: the file that came with the request "
			       "is not an empty private regular file open "
			       "for writing");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_export)
{
	struct export x = {.st = ctx->store, .fd = ad_ctx_take_fd(ctx)};
	int rc;

	(void)peer;
	if (x.fd < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "export: no file came with the request "
			       "(accountsctl export sends one)");
	rc = check_file(x.fd, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_TENANT, false,
				&x.tenant, err);
	acct_buf_init(&x.b, ACCT_MAX_REPLY);
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_list(ctx->store, on_tenant, &x, err);
	if (rc == ACCT_ST_OK && ad_str_given(x.tenant) && x.tenants == 0)
		rc = ad_fail(err, ACCT_ST_NOTFOUND, "export: no tenant '%.*s'",
			     (int)x.tenant.len, x.tenant.p);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_list(ctx->store, x.tenant, 0, on_user, &x,
					err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_group_list(ctx->store, x.tenant, on_group, &x,
					 err);
	for (size_t i = 0; rc == ACCT_ST_OK && i < x.n_groups; i++)
		rc = write_group(&x, &x.g[i], err);
	free(x.g);
	if (rc == ACCT_ST_OK && fsync(x.fd) < 0 && errno != EINVAL)
		x.werr = errno;
	acct_buf_free(&x.b);
	close(x.fd);
	if (x.werr != 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "export: cannot write the file: %s",
			       strerror(x.werr));
	if (rc != ACCT_ST_OK)
		return rc;
	acct_put_u32(reply, ACCT_T_COUNT_TENANTS, x.tenants);
	acct_put_u32(reply, ACCT_T_COUNT_USERS, x.users);
	acct_put_u32(reply, ACCT_T_COUNT_GROUPS, x.groups);
	return ACCT_ST_OK;
}
