/* ctl_role.c - `accountsctl role list|show|create|delete|grant|revoke`:
 * the built-in roles and a tenant's own (without --tenant: the caller's
 * tenant). */
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "ctl.h"

/* TENANT when --tenant is given, NAME when name is. */
static int role_request(const struct ctl_env *env, const struct ctl_args *a,
			const char *name, struct acct_buf *req)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	int rc;

	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	if (name != NULL && !acct_valid_group(name, strlen(name)))
		return ctl_usage(env, "'%s' is not a role name", name);
	acct_buf_init(req, ACCT_MAX_REQUEST);
	if (tenant != NULL)
		acct_put_str(req, ACCT_T_TENANT, tenant);
	if (name != NULL)
		acct_put_str(req, ACCT_T_NAME, name);
	return 0;
}

/* "user:read,audit:read" as PERMISSION fields, each checked. */
static int put_permissions(const struct ctl_env *env, const char *list,
			   struct acct_buf *req)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (acct_perm_parse(p, n) == 0)
			return ctl_usage(
				env,
				"'%.*s' is not a permission (user:read, "
				"user:invite, user:manage, "
				"group:manage, role:manage, audit:read, "
				"key:issue, tenant:manage, self:manage, "
				"usage:record)",
				(int)n, p);
		acct_put_strn(req, ACCT_T_PERMISSION, p, n);
		if (p[n] == '\0')
			return 0;
		p += n + 1; /* past the comma: a word must follow */
	}
}

/* Send req and print the role it answers with. */
static int one_role(const struct ctl_env *env, uint16_t op,
		    struct acct_buf *req, const char *done)
{
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	rc = ctl_request(env, op, req, &rep);
	acct_buf_free(req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_role_schema, ACCT_T_ROLE,
			      "the role record lacks name or id", &c);
	if (rc == 0 && !c.printed && done != NULL)
		fprintf(env->out, "%s role %s\n", done, c.name);
	else if (rc == 0 && !c.printed)
		rc = ctl_emit_record(env, &ctl_role_schema, c.rec, c.len);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_role_list(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = role_request(env, a, NULL, &req)) != 0)
		return rc;
	rc = ctl_request_list(env, ACCT_OP_ROLE_LIST, &req, &ctl_role_schema);
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_role_show(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = role_request(env, a, a->pos[0], &req)) != 0)
		return rc;
	return one_role(env, ACCT_OP_ROLE_SHOW, &req, NULL);
}

int ctl_cmd_role_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *rank = a->opt[CTL_OPT_RANK];
	const char *perms = a->opt[CTL_OPT_PERMISSIONS];
	struct acct_buf req;
	char *end;
	unsigned long n;
	int rc;

	if (rank == NULL)
		return ctl_usage(env, "missing --rank N (viewer 10, member 20, "
				      "admin 30; a custom role ranks 1-39)");
	n = strtoul(rank, &end, 10);
	if (rank[0] < '0' || rank[0] > '9' || *end != '\0' || n == 0 || n > 39)
		return ctl_usage(env, "--rank '%s' is not 1-39", rank);
	if ((rc = role_request(env, a, a->pos[0], &req)) != 0)
		return rc;
	acct_put_u32(&req, ACCT_T_RANK, (uint32_t)n);
	if (perms != NULL && (rc = put_permissions(env, perms, &req)) != 0) {
		acct_buf_free(&req);
		return rc;
	}
	return one_role(env, ACCT_OP_ROLE_CREATE, &req, "created");
}

int ctl_cmd_role_delete(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = role_request(env, a, a->pos[0], &req)) != 0)
		return rc;
	return one_role(env, ACCT_OP_ROLE_DELETE, &req, "deleted");
}

static int change(const struct ctl_env *env, const struct ctl_args *a,
		  uint16_t op, const char *done)
{
	struct acct_buf req;
	int rc;

	if ((rc = role_request(env, a, a->pos[0], &req)) != 0)
		return rc;
	if ((rc = put_permissions(env, a->pos[1], &req)) != 0) {
		acct_buf_free(&req);
		return rc;
	}
	return one_role(env, op, &req, done);
}

int ctl_cmd_role_grant(const struct ctl_env *env, const struct ctl_args *a)
{
	return change(env, a, ACCT_OP_ROLE_GRANT, "granted to");
}

int ctl_cmd_role_revoke(const struct ctl_env *env, const struct ctl_args *a)
{
	return change(env, a, ACCT_OP_ROLE_REVOKE, "revoked from");
}
