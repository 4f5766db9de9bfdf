/* daemon_testlib.c - see daemon_testlib.h. */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon_testlib.h"
#include "store/audit.h"
#include "ops/dispatch.h"
#include "server/log.h"
#include "ops/refusal.h"

void dt_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_ge(fputs(text, fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
}

static void open_store(struct dt *t)
{
	char err[512] = "";
	int rc;

	rc = ad_store_open(&t->st, t->dir, 64u << 20, &t->cfg, err,
			   sizeof(err));
	ck_assert_msg(rc == 0, "open: %s", err);
	ck_assert_int_eq(ad_store_set_local_files(t->st, t->passwd, t->group),
			 0);
	t->ctx.store = t->st;
}

void dt_setup(struct dt *t)
{
	memset(t, 0, sizeof(*t));
	ad_log_open(1, 0);
	snprintf(t->dir, sizeof(t->dir), "/tmp/check_daemon.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	/* the local files live next to the store; they are not LMDB's */
	snprintf(t->passwd, sizeof(t->passwd), "%s/passwd", t->dir);
	snprintf(t->group, sizeof(t->group), "%s/group", t->dir);
	dt_write_file(t->passwd, "root:x:0:0:root:/root:/bin/sh\n");
	dt_write_file(t->group, "root:x:0:\n");
	/* the host's login shells (issue 10): what user shells may be */
	snprintf(t->shells, sizeof(t->shells), "%s/shells", t->dir);
	dt_write_file(t->shells, "# /etc/shells\n/bin/sh\n/bin/bash\n"
				 "/bin/zsh\n/usr/bin/zsh\n");

	ad_config_defaults(&t->cfg);
	t->cfg.uid_min = t->cfg.gid_min = 10000;
	t->cfg.uid_max = t->cfg.gid_max = 60000;
	snprintf(t->cfg.home_base, sizeof(t->cfg.home_base), "/home");
	snprintf(t->cfg.default_shell, sizeof(t->cfg.default_shell),
		 "/bin/bash");
	t->cfg.shells_file = t->shells;
	t->ctx.cfg = &t->cfg;
	t->ctx.host_passwd = t->passwd;
	t->ctx.started = time(NULL);
	t->ctx.refusals = ad_refusals_new();
	ck_assert_ptr_nonnull(t->ctx.refusals);
	acct_buf_init(&t->req, ACCT_MAX_REQUEST);
	acct_buf_init(&t->rep, ACCT_MAX_REPLY);
	open_store(t);
}

void dt_reopen(struct dt *t)
{
	ad_store_close(t->st);
	t->st = NULL;
	open_store(t);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

void dt_teardown(struct dt *t)
{
	ad_refusals_flush(&t->ctx, true);
	ad_refusals_free(t->ctx.refusals);
	t->ctx.refusals = NULL;
	ad_shells_free(&t->ctx.shells);
	ad_store_close(t->st);
	t->st = NULL;
	acct_buf_free(&t->req);
	acct_buf_free(&t->rep);
	nftw(t->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int dt_send(struct dt *t, uid_t uid, uint16_t op)
{
	struct ad_peer peer = {.conn_id = 1,
			       .pid = 1,
			       .uid = uid,
			       .gid = uid,
			       .platform = t->platform};
	struct acct_field f;

	ck_assert_int_eq(t->req.err, 0);
	acct_buf_reset(&t->rep);
	t->status = ad_dispatch(&t->ctx, &peer, op, t->req.data, t->req.len,
				&t->rep);
	t->msg[0] = '\0';
	if (acct_find(t->rep.data, t->rep.len, ACCT_T_MESSAGE, &f) == 1)
		ck_assert_int_eq(acct_get_strcpy(&f, t->msg, sizeof(t->msg)),
				 0);
	/* the contract: a failure carries nothing but its message (and a
	 * rate-limited one when to come back) */
	if (t->status != ACCT_ST_OK)
		ck_assert_int_eq(
			t->rep.len,
			(t->msg[0] ? ACCT_FIELD_HDR_LEN + strlen(t->msg) : 0) +
				(t->status == ACCT_ST_RATE_LIMITED
					 ? ACCT_FIELD_HDR_LEN + 4
					 : 0));
	return t->status;
}

int dt_call(struct dt *t, uid_t uid, uint16_t op, ...)
{
	size_t marks[ACCT_MAX_NEST];
	int depth = 0, kind, tag;
	va_list ap;

	acct_buf_reset(&t->req);
	va_start(ap, op);
	while ((kind = va_arg(ap, int)) != DT_END) {
		switch (kind) {
		case 's':
			tag = va_arg(ap, int);
			acct_put_str(&t->req, (uint16_t)tag,
				     va_arg(ap, const char *));
			break;
		case 'u':
			tag = va_arg(ap, int);
			acct_put_u32(&t->req, (uint16_t)tag,
				     va_arg(ap, unsigned));
			break;
		case 'q': /* a u64 (DT_Q) */
			tag = va_arg(ap, int);
			acct_put_u64(&t->req, (uint16_t)tag,
				     va_arg(ap, uint64_t));
			break;
		case 'b':
			ck_assert_int_lt(depth, ACCT_MAX_NEST);
			marks[depth++] =
				acct_begin(&t->req, (uint16_t)va_arg(ap, int));
			break;
		case 'e':
			ck_assert_int_gt(depth, 0);
			acct_end(&t->req, marks[--depth]);
			break;
		default:
			ck_abort_msg("dt_call: bad argument kind %d", kind);
		}
	}
	va_end(ap);
	ck_assert_int_eq(depth, 0);
	return dt_send(t, uid, op);
}

struct acct_field dt_field(const void *p, size_t len, uint16_t tag, int n)
{
	struct acct_reader r;
	struct acct_field f;
	int rc;

	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		if (f.tag == tag && n-- == 0)
			return f;
	}
	ck_abort_msg("no field %u (rc %d)", tag, rc);
	return f;
}

int dt_count(const void *p, size_t len, uint16_t tag)
{
	struct acct_reader r;
	struct acct_field f;
	int n = 0, rc;

	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1)
		n += f.tag == tag;
	ck_assert_int_eq(rc, 0);
	return n;
}

uint32_t dt_u32(const void *p, size_t len, uint16_t tag)
{
	struct acct_field f = dt_field(p, len, tag, 0);
	uint32_t v = 0;

	ck_assert_int_eq(acct_get_u32(&f, &v), 0);
	return v;
}

uint64_t dt_u64(const void *p, size_t len, uint16_t tag)
{
	struct acct_field f = dt_field(p, len, tag, 0);
	uint64_t v = 0;

	ck_assert_int_eq(acct_get_u64(&f, &v), 0);
	return v;
}

const char *dt_str(const void *p, size_t len, uint16_t tag)
{
	static char buf[ACCT_MAX_STR + 1];
	struct acct_field f = dt_field(p, len, tag, 0);

	ck_assert_int_eq(acct_get_strcpy(&f, buf, sizeof(buf)), 0);
	return buf;
}

int dt_has_member(const struct acct_field *rec, const char *login)
{
	struct acct_reader r;
	struct acct_field f;
	size_t n = strlen(login);

	acct_reader_sub(&r, rec);
	while (acct_next(&r, &f) == 1) {
		if (f.tag == ACCT_T_MEMBER && f.len == n &&
		    memcmp(f.val, login, n) == 0)
			return 1;
	}
	return 0;
}

int dt_reply_has_gid(struct dt *t, uint32_t gid)
{
	struct acct_reader r;
	struct acct_field f;
	uint32_t v;

	acct_reader_init(&r, t->rep.data, t->rep.len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag == ACCT_T_GID && acct_get_u32(&f, &v) == 0 &&
		    v == gid)
			return 1;
	}
	return 0;
}

void dt_tenant(struct dt *t, const char *slug)
{
	dt_call(t, 0, ACCT_OP_TENANT_CREATE, DT_S(ACCT_T_NAME, slug), DT_END);
	ck_assert_msg(t->status == ACCT_ST_OK, "tenant %s: %d %s", slug,
		      t->status, t->msg);
}

uint32_t dt_user(struct dt *t, const char *login, const char *tenant,
		 unsigned role)
{
	if (role == 0) /* leave it to the default */
		dt_call(t, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, login),
			DT_S(ACCT_T_TENANT, tenant), DT_END);
	else
		dt_call(t, 0, ACCT_OP_USER_CREATE, DT_S(ACCT_T_NAME, login),
			DT_S(ACCT_T_TENANT, tenant), DT_U(ACCT_T_ROLE, role),
			DT_END);
	ck_assert_msg(t->status == ACCT_ST_OK, "user %s: %d %s", login,
		      t->status, t->msg);
	return dt_rec_u32(t, ACCT_T_USER, ACCT_T_UID);
}

uint32_t dt_rec_u32(struct dt *t, uint16_t rec, uint16_t tag)
{
	struct acct_field f = dt_field(t->rep.data, t->rep.len, rec, 0);

	return dt_u32(f.val, f.len, tag);
}

const char *dt_rec_str(struct dt *t, uint16_t rec, uint16_t tag)
{
	struct acct_field f = dt_field(t->rep.data, t->rep.len, rec, 0);

	return dt_str(f.val, f.len, tag);
}

uint32_t dt_count_of(struct dt *t, uint16_t tag)
{
	struct acct_buf saved = t->rep;
	int status = t->status;
	char msg[sizeof(t->msg)];
	uint32_t v;

	memcpy(msg, t->msg, sizeof(msg));
	/* keep the caller's reply: use a scratch one */
	acct_buf_init(&t->rep, ACCT_MAX_REPLY);
	dt_call(t, 0, ACCT_OP_STATUS, DT_END);
	ck_assert_int_eq(t->status, ACCT_ST_OK);
	v = dt_u32(t->rep.data, t->rep.len, tag);
	acct_buf_free(&t->rep);
	t->rep = saved;
	t->status = status;
	memcpy(t->msg, msg, sizeof(msg));
	return v;
}

/* ---- audit records ---- */

static void audit_str(const void *rec, size_t len, uint16_t tag, char *dst,
		      size_t size)
{
	struct acct_field f;

	dst[0] = '\0';
	if (acct_find(rec, len, tag, &f) == 1)
		ck_assert_int_eq(acct_get_strcpy(&f, dst, size), 0);
}

static uint32_t audit_u32(const void *rec, size_t len, uint16_t tag)
{
	struct acct_field f;
	uint32_t v = 0;

	if (acct_find(rec, len, tag, &f) == 1)
		ck_assert_int_eq(acct_get_u32(&f, &v), 0);
	return v;
}

static int audit_collect(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct dt_audit_list *l = arg;
	struct dt_audit *a;
	struct acct_field f;

	ck_assert_uint_lt(l->n, sizeof(l->rec) / sizeof(l->rec[0]));
	a = &l->rec[l->n++];
	memset(a, 0, sizeof(*a));
	a->seq = seq;
	audit_str(rec, len, ACCT_T_ACTION, a->action, sizeof(a->action));
	audit_str(rec, len, ACCT_T_TARGET, a->target, sizeof(a->target));
	audit_str(rec, len, ACCT_T_TENANT, a->tenant, sizeof(a->tenant));
	audit_str(rec, len, ACCT_T_ACTOR, a->actor, sizeof(a->actor));
	audit_str(rec, len, ACCT_T_REASON, a->reason, sizeof(a->reason));
	audit_str(rec, len, ACCT_T_MESSAGE, a->message, sizeof(a->message));
	ck_assert_int_eq(acct_find(rec, len, ACCT_T_RESULT, &f), 1);
	ck_assert_int_eq(acct_find(rec, len, ACCT_T_TIME, &f), 1);
	ck_assert_int_eq(acct_find(rec, len, ACCT_T_ACTOR, &f), 1);
	a->result = audit_u32(rec, len, ACCT_T_RESULT);
	a->pam_result = audit_u32(rec, len, ACCT_T_PAM_RESULT);
	a->pid = audit_u32(rec, len, ACCT_T_PID);
	a->uid = acct_find(rec, len, ACCT_T_ACTOR_UID, &f) == 1
			 ? (int64_t)audit_u32(rec, len, ACCT_T_ACTOR_UID)
			 : -1;
	return 0;
}

void dt_audit_read(struct dt *t, struct dt_audit_list *l)
{
	struct ad_err err = {0, ""};
	uint64_t n = 0;

	l->n = 0;
	ck_assert_int_eq(ad_audit_walk(t->st, audit_collect, l, &err),
			 ACCT_ST_OK);
	ck_assert_msg(ad_audit_verify(t->st, &n, &err) == ACCT_ST_OK, "%s",
		      err.msg);
	ck_assert_uint_eq(n, l->n);
}
