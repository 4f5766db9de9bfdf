/*
 * ctl_export.c - `accountsctl export [FILE] [--tenant SLUG]`: the
 * directory as JSON Lines, one object a line with a "type" (tenant, user,
 * group; the format is in accountsctl(8)), password hashes included, so
 * FILE is made 0600 and only root may export.
 *
 * The daemon writes the records (acct_proto.h, EXPORT) into a memfd that
 * comes with the request: no path the sandboxed daemon would need to
 * reach, no size limit of a reply, and one consistent state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct_names.h"
#include "ctl.h"
#include "ctl_output.h"

/* A string field of rec as a JSON member; null when absent or empty. */
static void str_member(struct ctl_json *j, const char *key, const void *rec,
		       size_t len, uint16_t tag)
{
	struct acct_field f;
	const char *s;
	size_t n;

	ctl_json_key(j, key);
	if (acct_find(rec, len, tag, &f) == 1 &&
	    acct_get_str(&f, &s, &n) == 0 && n > 0)
		ctl_json_strn(j, s, n);
	else
		ctl_json_null(j);
}

static uint32_t u32_of(const void *rec, size_t len, uint16_t tag)
{
	uint32_t v = 0;

	ctl_rec_u32(rec, len, tag, &v);
	return v;
}

static void u32_member(struct ctl_json *j, const char *key, const void *rec,
		       size_t len, uint16_t tag)
{
	ctl_json_key(j, key);
	ctl_json_u64(j, u32_of(rec, len, tag));
}

static void name_member(struct ctl_json *j, const char *key, const char *name)
{
	ctl_json_key(j, key);
	if (name != NULL)
		ctl_json_str(j, name);
	else
		ctl_json_null(j);
}

static void tenant_line(struct ctl_json *j, const void *rec, size_t len)
{
	ctl_json_key(j, "type");
	ctl_json_str(j, "tenant");
	str_member(j, "slug", rec, len, ACCT_T_NAME);
	str_member(j, "name", rec, len, ACCT_T_DISPLAY_NAME);
	name_member(j, "state",
		    ctl_tenant_status_name(u32_of(rec, len, ACCT_T_STATUS)));
	u32_member(j, "gid", rec, len, ACCT_T_GID);
	u32_member(j, "admin_gid", rec, len, ACCT_T_ADMIN_GID);
	ctl_json_key(j, "app_passwords");
	ctl_json_bool(j, u32_of(rec, len, ACCT_T_APP_PASSWORDS) != 0);
}

/* An EXPORT_USER: the USER rec and its hash. */
static int user_line(struct ctl_json *j, const void *p, size_t plen)
{
	struct acct_field u;

	if (acct_find(p, plen, ACCT_T_USER, &u) != 1)
		return -1;
	ctl_json_key(j, "type");
	ctl_json_str(j, "user");
	str_member(j, "login", u.val, u.len, ACCT_T_NAME);
	u32_member(j, "uid", u.val, u.len, ACCT_T_UID);
	u32_member(j, "gid", u.val, u.len, ACCT_T_GID);
	str_member(j, "tenant", u.val, u.len, ACCT_T_TENANT);
	name_member(j, "role",
		    acct_role_name(u32_of(u.val, u.len, ACCT_T_ROLE)));
	str_member(j, "role_name", u.val, u.len, ACCT_T_ROLE_NAME);
	name_member(j, "status",
		    ctl_user_status_name(u32_of(u.val, u.len, ACCT_T_STATUS)));
	str_member(j, "display_name", u.val, u.len, ACCT_T_DISPLAY_NAME);
	str_member(j, "email", u.val, u.len, ACCT_T_EMAIL);
	str_member(j, "home", u.val, u.len, ACCT_T_HOME);
	str_member(j, "shell", u.val, u.len, ACCT_T_SHELL);
	str_member(j, "password_hash", p, plen, ACCT_T_PASSWORD_HASH);
	return 0;
}

/* An EXPORT_GROUP: the GROUP rec and its members. */
static int group_line(struct ctl_json *j, const void *p, size_t plen)
{
	struct acct_reader r;
	struct acct_field g, f;
	const char *s;
	size_t n;

	if (acct_find(p, plen, ACCT_T_GROUP, &g) != 1)
		return -1;
	ctl_json_key(j, "type");
	ctl_json_str(j, "group");
	str_member(j, "name", g.val, g.len, ACCT_T_NAME);
	u32_member(j, "gid", g.val, g.len, ACCT_T_GID);
	str_member(j, "tenant", g.val, g.len, ACCT_T_TENANT);
	name_member(j, "kind",
		    acct_group_kind_name(u32_of(g.val, g.len, ACCT_T_KIND)));
	ctl_json_key(j, "members");
	ctl_json_begin_array(j);
	acct_reader_init(&r, p, plen);
	while (acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_MEMBER && acct_get_str(&f, &s, &n) == 0)
			ctl_json_strn(j, s, n);
	ctl_json_end_array(j);
	return 0;
}

/* Every record of the daemon's stream as a line of out. */
static int write_lines(FILE *out, const uint8_t *p, size_t len)
{
	struct acct_reader r;
	struct acct_field f;
	struct ctl_json j;
	int rc = 0;

	acct_reader_init(&r, p, len);
	while (rc == 0 && acct_next(&r, &f) == 1) {
		ctl_json_init(&j, out);
		ctl_json_begin_object(&j);
		if (f.tag == ACCT_T_TENANT_REC)
			tenant_line(&j, f.val, f.len);
		else if (f.tag == ACCT_T_EXPORT_USER)
			rc = user_line(&j, f.val, f.len);
		else if (f.tag == ACCT_T_EXPORT_GROUP)
			rc = group_line(&j, f.val, f.len);
		else
			rc = -1;
		ctl_json_end_object(&j);
		putc('\n', out);
	}
	return rc;
}

/* The stream the daemon wrote into fd, in memory. */
static uint8_t *slurp(int fd, size_t *len)
{
	struct stat sb;
	uint8_t *p;
	size_t off = 0;
	ssize_t n;

	if (fstat(fd, &sb) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return NULL;
	*len = (size_t)sb.st_size;
	p = malloc(*len > 0 ? *len : 1);
	while (p != NULL && off < *len) {
		n = read(fd, p + off, *len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(p);
			return NULL;
		}
		off += (size_t)n;
	}
	return p;
}

int ctl_cmd_export(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *path = a->npos > 0 ? a->pos[0] : NULL;
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct acct_reply rep;
	struct acct_buf req;
	FILE *out = env->out;
	uint8_t *data = NULL;
	size_t len = 0;
	int mfd, ofd = -1, rc;

	if (path != NULL) {
		ofd = open(path,
			   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			   0600);
		if (ofd < 0)
			return ctl_report(env, 1, "IO", -1,
					  errno == EEXIST
						  ? "export: file exists"
						  : strerror(errno));
		out = fdopen(ofd, "w");
		if (out == NULL) {
			close(ofd);
			unlink(path);
			return ctl_local_error(env, "out of memory");
		}
	}
	mfd = memfd_create("accountsctl-export", MFD_CLOEXEC);
	if (mfd < 0 || fchmod(mfd, 0600) < 0) {
		rc = ctl_local_error(env, "memfd: %s", strerror(errno));
		goto out;
	}
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = ctl_request_fd(env, ACCT_OP_EXPORT, &req, mfd, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		goto out;
	acct_reply_free(&rep);
	data = slurp(mfd, &len);
	if (data == NULL)
		rc = ctl_local_error(env, "cannot read the export: %s",
				     strerror(errno));
	else if (write_lines(out, data, len) < 0)
		rc = ctl_bad_reply(env, "the export holds an unknown record");
	if (rc == 0 &&
	    (fflush(out) != 0 || ferror(out) || (ofd >= 0 && fsync(ofd) < 0)))
		rc = ctl_local_error(env, "cannot write the export: %s",
				     strerror(errno));
out:
	free(data);
	if (mfd >= 0)
		close(mfd);
	if (ofd >= 0) {
		fclose(out);
		if (rc != 0)
			unlink(path); /* no partial export stays */
	}
	return rc;
}
