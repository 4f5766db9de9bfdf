/* ctl_tenant_admin.c - `accountsctl tenant signup|rename|purge`: the
 * operators' tenant changes beyond its lifecycle. */
#include <inttypes.h>

#include "ctl.h"

/* signup --json: {"tenant": {...}, "owner": {...}}. */
static int signup_json(const struct ctl_env *env, const uint8_t *t, size_t tlen,
		       const uint8_t *u, size_t ulen)
{
	struct ctl_json j;

	ctl_json_init(&j, env->out);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "tenant");
	ctl_record_json(&j, &ctl_tenant_schema, t, tlen, false);
	ctl_json_key(&j, "owner");
	ctl_record_json(&j, &ctl_user_schema, u, ulen, false);
	ctl_json_end_object(&j);
	putc('\n', env->out);
	return j.err != 0 ? ctl_local_error(env, "cannot write JSON") : 0;
}

/* signup's confirmation: "signed up tenant acme (gid G) with owner ann
 * (uid U)". */
static int signup_text(const struct ctl_env *env, const uint8_t *t, size_t tlen,
		       const uint8_t *u, size_t ulen)
{
	char slug[ACCT_MAX_NAME + 1], login[ACCT_MAX_NAME + 1];
	uint32_t gid, uid;

	if (!ctl_rec_str(t, tlen, ACCT_T_NAME, slug, sizeof(slug)) ||
	    !ctl_rec_u32(t, tlen, ACCT_T_GID, &gid) ||
	    !ctl_rec_str(u, ulen, ACCT_T_NAME, login, sizeof(login)) ||
	    !ctl_rec_u32(u, ulen, ACCT_T_UID, &uid))
		return ctl_bad_reply(env,
				     "the records lack slug, gid, login or "
				     "uid");
	fprintf(env->out,
		"signed up tenant %s (gid %" PRIu32
		") with owner %s (uid %" PRIu32 ")\n",
		slug, gid, login, uid);
	return 0;
}

/* The signup's two records, printed. */
static int signup_print(const struct ctl_env *env, const struct acct_reply *rep)
{
	const uint8_t *t = NULL, *u = NULL;
	size_t tlen = 0, ulen = 0;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_TENANT_REC, &t, &tlen);
	if (rc == 0)
		rc = ctl_reply_rec(env, rep, ACCT_T_USER, &u, &ulen);
	if (rc != 0)
		return rc;
	return env->json ? signup_json(env, t, tlen, u, ulen)
			 : signup_text(env, t, tlen, u, ulen);
}

int ctl_cmd_tenant_signup(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *owner = a->opt[CTL_OPT_OWNER];
	const char *email = a->opt[CTL_OPT_EMAIL], *name = a->opt[CTL_OPT_NAME];
	struct acct_buf req;
	struct acct_reply rep;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	if (owner == NULL)
		return ctl_usage(env, "missing --owner LOGIN");
	if (email == NULL)
		return ctl_usage(env, "missing --email EMAIL");
	if ((rc = ctl_check_login(env, owner)) != 0 ||
	    (rc = ctl_check_email(env, email, false)) != 0)
		return rc;
	if (name != NULL && (rc = ctl_check_gecos(env, "name", name, false)))
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, slug);
	acct_put_str(&req, ACCT_T_OWNER, owner);
	acct_put_str(&req, ACCT_T_EMAIL, email);
	if (name != NULL)
		acct_put_str(&req, ACCT_T_DISPLAY_NAME, name);
	rc = ctl_request(env, ACCT_OP_TENANT_SIGNUP, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = signup_print(env, &rep);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_rename(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *to = a->pos[1];
	const char *reason = a->opt[CTL_OPT_REASON];
	struct acct_buf req;
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0 ||
	    (rc = ctl_check_slug(env, to)) != 0)
		return rc;
	if (reason == NULL)
		return ctl_usage(env, "missing --reason TEXT");
	if ((rc = ctl_check_gecos(env, "reason", reason, false)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, slug);
	acct_put_str(&req, ACCT_T_NEW_NAME, to);
	acct_put_str(&req, ACCT_T_STATUS_REASON, reason);
	rc = ctl_request(env, ACCT_OP_TENANT_RENAME, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_tenant_schema, ACCT_T_GID,
			      "the tenant record lacks slug or gid", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out, "renamed tenant %s to %s (gid %" PRIu32 ")\n",
			slug, c.name, c.id);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_purge(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0];
	struct acct_reply rep;
	uint32_t users = 0, groups = 0;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	rc = ctl_request_name(env, ACCT_OP_TENANT_PURGE, slug, 0, NULL, &rep);
	if (rc != 0)
		return rc;
	if (!ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_USERS, &users) ||
	    !ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_GROUPS, &groups)) {
		rc = ctl_bad_reply(env, "the reply lacks its counts");
	} else if (env->json) {
		struct ctl_json j;

		ctl_json_init(&j, env->out);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "slug");
		ctl_json_str(&j, slug);
		ctl_json_key(&j, "users");
		ctl_json_u64(&j, users);
		ctl_json_key(&j, "groups");
		ctl_json_u64(&j, groups);
		ctl_json_end_object(&j);
		putc('\n', env->out);
	} else {
		fprintf(env->out,
			"purged tenant %s: %" PRIu32 " users and %" PRIu32
			" groups removed\n",
			slug, users, groups);
	}
	acct_reply_free(&rep);
	return rc;
}
