/* ctl_tenant.c - `accountsctl tenant create|list|show|update`. */
#include <string.h>

#include "ctl.h"

/*
 * create and update: send op for slug with its display name when given,
 * then confirm with the record (--json) or "VERB tenant SLUG (gid G)".
 */
static int tenant_change(const struct ctl_env *env, uint16_t op,
			 const char *slug, const char *name, const char *verb)
{
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	rc = ctl_request_name(env, op, slug, ACCT_T_DISPLAY_NAME, name, &rep);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_tenant_schema, ACCT_T_GID,
			      "the tenant record lacks slug or gid", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out, "%s tenant %s (gid %u)\n", verb, c.name,
			c.id);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *name = a->opt[CTL_OPT_NAME];
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	if (name != NULL && (rc = ctl_check_gecos(env, "name", name, false)))
		return rc;
	return tenant_change(env, ACCT_OP_TENANT_CREATE, slug, name, "created");
}

int ctl_cmd_tenant_list(const struct ctl_env *env, const struct ctl_args *a)
{
	(void)a;
	return ctl_request_list(env, ACCT_OP_TENANT_LIST, NULL,
				&ctl_tenant_schema);
}

int ctl_cmd_tenant_show(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	/* no SLUG: the caller's own tenant (a tenant's owners and admins) */
	if (a->pos[0] != NULL && (rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	return ctl_show_named(env, ACCT_OP_TENANT_SHOW, a->pos[0],
			      &ctl_tenant_schema);
}

/* tenant update with --app-passwords (issue 9): the switch, and the
 * name if given, in one request. */
static int tenant_update_app(const struct ctl_env *env, const char *slug,
			     const char *name, const char *app)
{
	struct acct_reply rep;
	struct ctl_confirm c;
	struct acct_buf req;
	int rc;

	if (strcmp(app, "on") != 0 && strcmp(app, "off") != 0)
		return ctl_usage(env, "--app-passwords is on or off, not '%s'",
				 app);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (slug != NULL)
		acct_put_str(&req, ACCT_T_NAME, slug);
	if (name != NULL)
		acct_put_str(&req, ACCT_T_DISPLAY_NAME, name);
	acct_put_u32(&req, ACCT_T_APP_PASSWORDS, strcmp(app, "on") == 0);
	rc = ctl_request(env, ACCT_OP_TENANT_UPDATE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_tenant_schema, ACCT_T_GID,
			      "the tenant record lacks slug or gid", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out,
			"updated tenant %s (gid %u): app passwords %s\n",
			c.name, c.id, app);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_tenant_update(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *name = a->opt[CTL_OPT_NAME];
	const char *app = a->opt[CTL_OPT_APP_PASSWORDS];
	int rc;

	if (slug != NULL && (rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	if (name == NULL && app == NULL)
		return ctl_usage(env, "nothing to update: give --name or "
				      "--app-passwords");
	/* An empty --name clears the display name. */
	if (name != NULL &&
	    (rc = ctl_check_gecos(env, "name", name, true)) != 0)
		return rc;
	if (app != NULL)
		return tenant_update_app(env, slug, name, app);
	return tenant_change(env, ACCT_OP_TENANT_UPDATE, slug, name, "updated");
}
