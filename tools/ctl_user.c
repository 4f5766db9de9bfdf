/* ctl_user.c - `accountsctl user create|list|show|update|delete`
 * (import lives in ctl_import.c). */
#include <inttypes.h>

#include "ctl.h"

/* Check the profile options of create/update and add them to req.
 * Updates may clear display name and email with an empty value. */
static int put_profile(const struct ctl_env *env, const struct ctl_args *a,
		       bool update, struct acct_buf *req)
{
	const char *dn = a->opt[CTL_OPT_DISPLAY_NAME];
	const char *email = a->opt[CTL_OPT_EMAIL];
	const char *shell = a->opt[CTL_OPT_SHELL];
	const char *home = a->opt[CTL_OPT_HOME];
	uint32_t role;
	int rc;

	if (a->opt[CTL_OPT_ROLE] != NULL) {
		if ((rc = ctl_check_role(env, a->opt[CTL_OPT_ROLE], &role)))
			return rc;
		acct_put_u32(req, ACCT_T_ROLE, role);
	}
	if (dn != NULL) {
		if ((rc = ctl_check_gecos(env, "display-name", dn, update)))
			return rc;
		acct_put_str(req, ACCT_T_DISPLAY_NAME, dn);
	}
	if (email != NULL) {
		if ((rc = ctl_check_email(env, email, update)))
			return rc;
		acct_put_str(req, ACCT_T_EMAIL, email);
	}
	if (shell != NULL) {
		if ((rc = ctl_check_path(env, "shell", shell)))
			return rc;
		acct_put_str(req, ACCT_T_SHELL, shell);
	}
	if (home != NULL) {
		if ((rc = ctl_check_path(env, "home", home)))
			return rc;
		acct_put_str(req, ACCT_T_HOME, home);
	}
	return 0;
}

/*
 * Print a user reply: the record with --json, else one line such as
 * "created user alice (uid 100003) in tenant acme".
 */
static int user_done(const struct ctl_env *env, const struct acct_reply *rep,
		     const char *verb, const char *prep)
{
	const uint8_t *rec;
	size_t len;
	char login[ACCT_MAX_NAME + 1], tenant[ACCT_MAX_NAME + 1];
	uint32_t uid, tgid;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_USER, &rec, &len);
	if (rc != 0)
		return rc;
	if (env->json)
		return ctl_emit_record(env, &ctl_user_schema, rec, len);
	if (!ctl_rec_str(rec, len, ACCT_T_NAME, login, sizeof(login)) ||
	    !ctl_rec_u32(rec, len, ACCT_T_UID, &uid))
		return ctl_bad_reply(env, "the user record lacks login or uid");
	/* Older records name the tenant by gid only (see ctl_record.c). */
	if (!ctl_rec_str(rec, len, ACCT_T_TENANT, tenant, sizeof(tenant))) {
		if (ctl_rec_u32(rec, len, ACCT_T_TENANT_GID, &tgid))
			snprintf(tenant, sizeof(tenant), "%" PRIu32, tgid);
		else
			snprintf(tenant, sizeof(tenant), "?");
	}
	fprintf(env->out, "%s user %s (uid %" PRIu32 ") %s tenant %s\n", verb,
		login, uid, prep, tenant);
	return CTL_EXIT_OK;
}

/* Send a request naming one user, print the user that comes back. */
static int user_simple(const struct ctl_env *env, uint16_t op,
		       struct acct_buf *req, const char *verb, const char *prep)
{
	struct acct_reply rep;
	const uint8_t *rec;
	size_t len;
	int rc;

	rc = ctl_request(env, op, req, &rep);
	if (rc != 0)
		return rc;
	if (verb != NULL) {
		rc = user_done(env, &rep, verb, prep);
	} else {
		rc = ctl_reply_rec(env, &rep, ACCT_T_USER, &rec, &len);
		if (rc == 0)
			rc = ctl_emit_record(env, &ctl_user_schema, rec, len);
	}
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_user_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct acct_buf req;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (tenant == NULL)
		return ctl_usage(env, "missing --tenant SLUG");
	if ((rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = put_profile(env, a, false, &req);
	if (rc == 0)
		rc = user_simple(env, ACCT_OP_USER_CREATE, &req, "created",
				 "in");
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_user_show(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = user_simple(env, ACCT_OP_USER_SHOW, &req, NULL, NULL);
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_user_update(const struct ctl_env *env, const struct ctl_args *a)
{
	static const enum ctl_opt changes[] = {
		CTL_OPT_ROLE, CTL_OPT_DISPLAY_NAME, CTL_OPT_EMAIL,
		CTL_OPT_SHELL, CTL_OPT_HOME};
	struct acct_buf req;
	bool any = false;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	for (size_t k = 0; k < sizeof(changes) / sizeof(changes[0]); k++)
		any |= a->opt[changes[k]] != NULL;
	if (!any)
		return ctl_usage(env, "nothing to update: give at least one "
				      "of --role, --display-name, --email, "
				      "--shell, --home");
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = put_profile(env, a, true, &req);
	if (rc == 0)
		rc = user_simple(env, ACCT_OP_USER_UPDATE, &req, "updated",
				 "in");
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_user_delete(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = user_simple(env, ACCT_OP_USER_DELETE, &req, "deleted", "from");
	acct_buf_free(&req);
	return rc;
}

/* One USER_LIST page into list; *more and *cursor say where to go on. */
static int user_page(const struct ctl_env *env, const char *tenant,
		     bool have_cursor, uint32_t *cursor, bool *more,
		     struct ctl_list *list)
{
	struct acct_buf req;
	struct acct_reply rep;
	uint32_t m = 0, next;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	if (have_cursor)
		acct_put_u32(&req, ACCT_T_CURSOR, *cursor);
	rc = ctl_request(env, ACCT_OP_USER_LIST, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	if (ctl_list_add(list, rep.payload, rep.len) != 0)
		rc = ctl_local_error(env, "out of memory");
	else if (ctl_rec_u32(rep.payload, rep.len, ACCT_T_MORE, &m) && m) {
		/* A cursor that does not move would page forever. */
		if (!ctl_rec_u32(rep.payload, rep.len, ACCT_T_CURSOR, &next))
			rc = ctl_bad_reply(env, "MORE without CURSOR");
		else if (have_cursor && next <= *cursor)
			rc = ctl_bad_reply(env, "the cursor did not advance");
		else
			*cursor = next;
	}
	*more = m != 0;
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_user_list(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct ctl_list list;
	uint32_t cursor = 0;
	bool more = true, have_cursor = false;
	int rc;

	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	if (ctl_list_begin(&list, env, &ctl_user_schema) != 0) {
		ctl_list_free(&list);
		return ctl_local_error(env, "out of memory");
	}
	rc = 0;
	while (rc == 0 && more) {
		rc = user_page(env, tenant, have_cursor, &cursor, &more, &list);
		have_cursor = true;
	}
	if (rc == 0)
		rc = ctl_list_print(&list, env);
	ctl_list_free(&list);
	return rc;
}
