/* ctl_tenant.c - `accountsctl tenant create|list|show|update`. */
#include "ctl.h"

/* Print a tenant reply: the record with --json, else one line. */
static int tenant_done(const struct ctl_env *env, const struct acct_reply *rep,
		       const char *verb)
{
	const uint8_t *rec;
	size_t len;
	char slug[ACCT_MAX_NAME + 1];
	uint32_t gid;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_TENANT_REC, &rec, &len);
	if (rc != 0)
		return rc;
	if (env->json)
		return ctl_emit_record(env, &ctl_tenant_schema, rec, len);
	if (!ctl_rec_str(rec, len, ACCT_T_NAME, slug, sizeof(slug)) ||
	    !ctl_rec_u32(rec, len, ACCT_T_GID, &gid))
		return ctl_bad_reply(env,
				     "the tenant record lacks slug or gid");
	fprintf(env->out, "%s tenant %s (gid %u)\n", verb, slug, gid);
	return CTL_EXIT_OK;
}

int ctl_cmd_tenant_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *name = a->opt[CTL_OPT_NAME];
	struct acct_buf req;
	struct acct_reply rep;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	if (name != NULL && (rc = ctl_check_gecos(env, "name", name, false)))
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, slug);
	if (name != NULL)
		acct_put_str(&req, ACCT_T_DISPLAY_NAME, name);
	rc = ctl_request(env, ACCT_OP_TENANT_CREATE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = tenant_done(env, &rep, "created");
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_list(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_reply rep;
	struct ctl_list list;
	int rc;

	(void)a;
	rc = ctl_request(env, ACCT_OP_TENANT_LIST, NULL, &rep);
	if (rc != 0)
		return rc;
	if (ctl_list_begin(&list, env, &ctl_tenant_schema) != 0 ||
	    ctl_list_add(&list, rep.payload, rep.len) != 0)
		rc = ctl_local_error(env, "out of memory");
	else
		rc = ctl_list_print(&list, env);
	ctl_list_free(&list);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_show(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	struct acct_reply rep;
	const uint8_t *rec;
	size_t len;
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = ctl_request(env, ACCT_OP_TENANT_SHOW, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_reply_rec(env, &rep, ACCT_T_TENANT_REC, &rec, &len);
	if (rc == 0)
		rc = ctl_emit_record(env, &ctl_tenant_schema, rec, len);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_update(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *name = a->opt[CTL_OPT_NAME];
	struct acct_buf req;
	struct acct_reply rep;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	if (name == NULL)
		return ctl_usage(env, "nothing to update: give --name");
	/* An empty --name clears the display name. */
	if ((rc = ctl_check_gecos(env, "name", name, true)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, slug);
	acct_put_str(&req, ACCT_T_DISPLAY_NAME, name);
	rc = ctl_request(env, ACCT_OP_TENANT_UPDATE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = tenant_done(env, &rep, "updated");
	acct_reply_free(&rep);
	return rc;
}
