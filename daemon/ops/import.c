/*
 * import.c - IMPORT: what accountsctl read from an export (acct_proto.h
 * says the records), written back in one transaction with its own uids,
 * gids, homes, shells and password hashes: tenants, then users, then
 * groups and members, whatever their order in the file.  A failure names
 * the file's line.  Root only: it sets password hashes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/handlers.h"
#include "ops/shell.h"
#include "policy/password.h"
#include "policy/tenant.h"
#include "store/store.h"

#define IMPORT_MAX_BYTES (1024u * 1024u * 1024u)
/* an imported hash may cost this many times what the daemon's own do */
#define IMPORT_HASH_COST_FACTOR 4u

struct counts {
	uint32_t tenants, users, groups;
};

static struct ad_str str_of(const struct acct_field *rec, uint16_t tag)
{
	struct ad_str s = {NULL, 0};
	struct acct_field f;

	if (acct_find(rec->val, rec->len, tag, &f) == 1 &&
	    acct_get_str(&f, &s.p, &s.len) != 0)
		s.p = NULL;
	if (s.p != NULL && s.len == 0)
		s.p = NULL; /* "": not given */
	return s;
}

static uint32_t u32_of(const struct acct_field *rec, uint16_t tag)
{
	struct acct_field f;
	uint32_t v = 0;

	if (acct_find(rec->val, rec->len, tag, &f) == 1)
		acct_get_u32(&f, &v);
	return v;
}

static int tenant(struct ad_import *im, const struct acct_field *rec)
{
	struct ad_import_tenant t = {
		.slug = str_of(rec, ACCT_T_NAME),
		.name = str_of(rec, ACCT_T_DISPLAY_NAME),
		.gid = u32_of(rec, ACCT_T_GID),
		.admin_gid = u32_of(rec, ACCT_T_ADMIN_GID),
		.status = u32_of(rec, ACCT_T_STATUS),
		.app_passwords = u32_of(rec, ACCT_T_APP_PASSWORDS) != 0,
	};

	return ad_store_import_tenant(im, &t);
}

static int user(struct ad_import *im, const struct acct_field *rec)
{
	struct ad_import_user u;

	memset(&u, 0, sizeof(u));
	u.spec.name = str_of(rec, ACCT_T_NAME);
	u.spec.tenant = str_of(rec, ACCT_T_TENANT);
	u.spec.role = u32_of(rec, ACCT_T_ROLE);
	u.spec.display_name = str_of(rec, ACCT_T_DISPLAY_NAME);
	u.spec.email = str_of(rec, ACCT_T_EMAIL);
	u.spec.home = str_of(rec, ACCT_T_HOME);
	u.spec.shell = str_of(rec, ACCT_T_SHELL);
	u.uid = u32_of(rec, ACCT_T_UID);
	u.gid = u32_of(rec, ACCT_T_GID);
	u.status = u32_of(rec, ACCT_T_STATUS);
	u.hash = str_of(rec, ACCT_T_PASSWORD_HASH);
	return ad_store_import_user(im, &u);
}

static int group(struct ad_import *im, const struct acct_field *rec)
{
	struct ad_str name = str_of(rec, ACCT_T_NAME);
	struct acct_reader r;
	struct acct_field f;
	struct ad_str m;
	int rc = ACCT_ST_OK;

	if (u32_of(rec, ACCT_T_KIND) == ACCT_GROUP_CUSTOM)
		rc = ad_store_import_group(im, name, str_of(rec, ACCT_T_TENANT),
					   u32_of(rec, ACCT_T_GID));
	acct_reader_init(&r, rec->val, rec->len);
	while (rc == ACCT_ST_OK && acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_MEMBER &&
		    acct_get_str(&f, &m.p, &m.len) == 0)
			rc = ad_store_import_member(im, name, m);
	return rc;
}

/* err's message, prefixed with the record's FILE:LINE (or "line N"). */
static int at_line(struct ad_err *err, int rc, struct ad_str file,
		   const struct acct_field *rec)
{
	char msg[AD_MSG_MAX];

	memcpy(msg, err->msg, sizeof(msg));
	msg[sizeof(msg) - 1] = '\0';
	if (file.p == NULL)
		return ad_fail(err, rc, "line %u: %s", u32_of(rec, ACCT_T_LINE),
			       msg);
	return ad_fail(err, rc, "%.*s:%u: %s", (int)file.len, file.p,
		       u32_of(rec, ACCT_T_LINE), msg);
}

/*
 * What the store does not judge, before anything is written: every
 * user's shell is a login shell of the host (as user create asks), and
 * no password hash costs more than IMPORT_HASH_COST_FACTOR times the
 * daemon's own (one login attempt must not pin a worker for hours).
 */
static int check_users(struct ad_ctx *ctx, const uint8_t *p, size_t len,
		       struct ad_str file, struct ad_err *err)
{
	const struct ad_config *cfg = ctx->cfg;
	struct acct_reader r;
	struct acct_field f;
	struct ad_str hash;
	char why[AD_MSG_MAX];
	int rc;

	acct_reader_init(&r, p, len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_USER)
			continue;
		rc = ad_shell_check(ctx, str_of(&f, ACCT_T_SHELL), err);
		if (rc != ACCT_ST_OK)
			return at_line(err, rc, file, &f);
		hash = str_of(&f, ACCT_T_PASSWORD_HASH);
		if (hash.p != NULL &&
		    ad_password_hash_cost_check(
			    hash.p, hash.len,
			    IMPORT_HASH_COST_FACTOR * cfg->argon2_opslimit,
			    IMPORT_HASH_COST_FACTOR * cfg->argon2_memlimit, why,
			    sizeof(why)) < 0) {
			ad_fail(err, ACCT_ST_INVALID, "%s", why);
			return at_line(err, ACCT_ST_INVALID, file, &f);
		}
	}
	return ACCT_ST_OK;
}

/* One pass over the stream: the records of tag, each through fn. */
static int pass(struct ad_import *im, const uint8_t *p, size_t len,
		uint16_t tag,
		int (*fn)(struct ad_import *, const struct acct_field *),
		struct ad_str file, uint32_t *count, struct ad_err *err)
{
	struct acct_reader r;
	struct acct_field f;
	int rc = ACCT_ST_OK;

	acct_reader_init(&r, p, len);
	while (rc == ACCT_ST_OK && acct_next(&r, &f) == 1) {
		if (f.tag != tag)
			continue;
		rc = fn(im, &f);
		if (rc != ACCT_ST_OK)
			return at_line(err, rc, file, &f);
		(*count)++;
	}
	return rc;
}

/* The whole stream from the start of fd; NULL with err set. */
static uint8_t *slurp(int fd, size_t *len, struct ad_err *err)
{
	struct stat sb;
	uint8_t *p;
	size_t off = 0;
	ssize_t n;

	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    (uint64_t)sb.st_size > IMPORT_MAX_BYTES) {
		ad_fail(err, ACCT_ST_BADREQ,
			"import: the file that came with the request is not "
			"a regular file of 1 byte to 1 GiB");
		return NULL;
	}
	*len = (size_t)sb.st_size;
	p = malloc(*len);
	while (p != NULL && off < *len) {
		n = pread(fd, p + off, *len - off, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(p);
			p = NULL;
		} else {
			off += (size_t)n;
		}
	}
	if (p == NULL)
		ad_fail(err, ACCT_ST_INTERNAL, "import: cannot read the file");
	return p;
}

AD_HANDLER(ad_handle_import)
{
	struct counts c = {0, 0, 0};
	struct ad_import *im;
	struct ad_str file = {NULL, 0};
	uint8_t *p;
	size_t len = 0;
	int fd = ad_ctx_take_fd(ctx), rc;

	(void)peer;
	if (fd < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "import: no file came with the request "
			       "(accountsctl import sends one)");
	/* NAME: the file's name, for the messages (FILE:LINE: why) */
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, false, &file, err);
	p = rc == ACCT_ST_OK ? slurp(fd, &len, err) : NULL;
	close(fd);
	if (p == NULL)
		return err->status;
	rc = check_users(ctx, p, len, file, err);
	if (rc != ACCT_ST_OK) {
		free(p);
		return rc;
	}
	rc = ad_store_import_begin(ctx->store, ad_policy_tenant_open,
				   rq->caller.actor, &im, err);
	if (rc == ACCT_ST_OK) {
		rc = pass(im, p, len, ACCT_T_TENANT_REC, tenant, file,
			  &c.tenants, err);
		if (rc == ACCT_ST_OK)
			rc = pass(im, p, len, ACCT_T_USER, user, file, &c.users,
				  err);
		if (rc == ACCT_ST_OK)
			rc = pass(im, p, len, ACCT_T_GROUP, group, file,
				  &c.groups, err);
		rc = ad_store_import_end(im, rc);
	}
	free(p);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_put_u32(reply, ACCT_T_COUNT_TENANTS, c.tenants);
	acct_put_u32(reply, ACCT_T_COUNT_USERS, c.users);
	acct_put_u32(reply, ACCT_T_COUNT_GROUPS, c.groups);
	return ACCT_ST_OK;
}
