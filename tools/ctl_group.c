/* ctl_group.c - `accountsctl group create|list|show|add-member|
 * remove-member|delete`. */
#include <inttypes.h>
#include <string.h>

#include "acct_names.h"
#include "ctl.h"

int ctl_cmd_group_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *slug = a->pos[0], *name = a->pos[1];
	char full[ACCT_MAX_NAME + 2];
	struct acct_buf req;
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	if ((rc = ctl_check_slug(env, slug)) != 0)
		return rc;
	/* The daemon names the group <slug>-<name>; check that whole name,
	 * which is what has to fit the POSIX rules and ACCT_MAX_NAME. */
	if ((size_t)snprintf(full, sizeof(full), "%s-%s", slug, name) >=
		    sizeof(full) ||
	    !acct_valid_group(full, strlen(full)) || name[0] == '\0' ||
	    name[0] == '-')
		return ctl_usage(env,
				 "'%s' is not a valid group name for tenant "
				 "%s ('%s-NAME' must be a valid group name "
				 "of at most %u characters)",
				 name, slug, slug, ACCT_MAX_NAME);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_TENANT, slug);
	acct_put_str(&req, ACCT_T_NAME, name);
	rc = ctl_request(env, ACCT_OP_GROUP_CREATE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_group_schema, ACCT_T_GID,
			      "the group record lacks name or gid", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out,
			"created group %s (gid %" PRIu32 ") in tenant %s\n",
			c.name, c.id, slug);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_group_list(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct acct_buf req;
	int rc;

	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = ctl_request_list(env, ACCT_OP_GROUP_LIST, &req, &ctl_group_schema);
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_group_show(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = ctl_check_group(env, a->pos[0])) != 0)
		return rc;
	return ctl_show_named(env, ACCT_OP_GROUP_SHOW, a->pos[0],
			      &ctl_group_schema);
}

/*
 * The verbs that change a group without a record to show: send, then
 * print `line` or {"group":G,["member":M,]"result":RESULT}.
 */
static int group_change(const struct ctl_env *env, uint16_t op,
			const char *group, const char *member,
			const char *result, const char *line)
{
	struct acct_reply rep;
	struct ctl_json j;
	int rc;

	if ((rc = ctl_check_group(env, group)) != 0)
		return rc;
	if (member != NULL && (rc = ctl_check_login(env, member)) != 0)
		return rc;
	rc = ctl_request_name(env, op, group, ACCT_T_MEMBER, member, &rep);
	if (rc != 0)
		return rc;
	acct_reply_free(&rep);
	if (!env->json) {
		fprintf(env->out, "%s\n", line);
		return CTL_EXIT_OK;
	}
	ctl_json_init(&j, env->out);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "group");
	ctl_json_str(&j, group);
	if (member != NULL) {
		ctl_json_key(&j, "member");
		ctl_json_str(&j, member);
	}
	ctl_json_key(&j, "result");
	ctl_json_str(&j, result);
	ctl_json_end_object(&j);
	putc('\n', env->out);
	return CTL_EXIT_OK;
}

int ctl_cmd_group_add_member(const struct ctl_env *env,
			     const struct ctl_args *a)
{
	char line[128];

	snprintf(line, sizeof(line), "added %s to group %s", a->pos[1],
		 a->pos[0]);
	return group_change(env, ACCT_OP_GROUP_ADD_MEMBER, a->pos[0], a->pos[1],
			    "added", line);
}

int ctl_cmd_group_remove_member(const struct ctl_env *env,
				const struct ctl_args *a)
{
	char line[128];

	snprintf(line, sizeof(line), "removed %s from group %s", a->pos[1],
		 a->pos[0]);
	return group_change(env, ACCT_OP_GROUP_REMOVE_MEMBER, a->pos[0],
			    a->pos[1], "removed", line);
}

int ctl_cmd_group_delete(const struct ctl_env *env, const struct ctl_args *a)
{
	char line[128];

	snprintf(line, sizeof(line), "deleted group %s", a->pos[0]);
	return group_change(env, ACCT_OP_GROUP_DELETE, a->pos[0], NULL,
			    "deleted", line);
}
