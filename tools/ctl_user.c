/* ctl_user.c - `accountsctl user create|list|show|update|delete`
 * (import lives in ctl_import.c). */
#include <inttypes.h>

#include "ctl.h"

/* Check the profile options of create/update and add them to req.
 * Updates may clear display name and email with an empty value (and
 * the profile fields, create or update). */
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
		/* a word that is no built-in role names a custom one */
		if (role != 0)
			acct_put_u32(req, ACCT_T_ROLE, role);
		else
			acct_put_str(req, ACCT_T_ROLE_NAME,
				     a->opt[CTL_OPT_ROLE]);
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
		if ((rc = ctl_check_shell(env, shell)))
			return rc;
		acct_put_str(req, ACCT_T_SHELL, shell);
	}
	if (home != NULL) {
		if ((rc = ctl_check_path(env, "home", home)))
			return rc;
		acct_put_str(req, ACCT_T_HOME, home);
	}
	return ctl_put_profile_opts(env, a, req);
}

/* The tenant of a user record, for a confirmation line.  Older records
 * name it by gid only (see ctl_record.c). */
static void user_tenant(const uint8_t *rec, size_t len, char *buf, size_t size)
{
	uint32_t tgid;

	if (ctl_rec_str(rec, len, ACCT_T_TENANT, buf, size))
		return;
	if (ctl_rec_u32(rec, len, ACCT_T_TENANT_GID, &tgid))
		snprintf(buf, size, "%" PRIu32, tgid);
	else
		snprintf(buf, size, "?");
}

/* After `user delete --remove-home`: what became of the home.  Removed
 * is news on stdout; anything else a warning on stderr (the delete
 * itself succeeded). */
static void home_line(const struct ctl_env *env, const uint8_t *rec, size_t len)
{
	char home[256] = "?", detail[512] = "";
	uint32_t res;

	if (!ctl_rec_u32(rec, len, ACCT_T_HOME_REMOVAL, &res))
		return;
	ctl_rec_str(rec, len, ACCT_T_HOME, home, sizeof(home));
	ctl_rec_str(rec, len, ACCT_T_HOME_DETAIL, detail, sizeof(detail));
	if (res == ACCT_HOME_REMOVED) {
		fputs("removed home ", env->out);
		ctl_put_printable(env->out, home);
		putc('\n', env->out);
		return;
	}
	fprintf(env->err, CTL_PROG ": warning: home %s: ",
		res == ACCT_HOME_PARTIAL ? "partly removed" : "not removed");
	ctl_put_printable(env->err, detail[0] ? detail : home);
	putc('\n', env->err);
}

/*
 * create, update and delete: send op for the user named by the argument,
 * with the tenant and profile options given (the verb table lets each verb
 * take only its own; update may clear fields), then confirm with the
 * record (--json) or a line such as
 * "created user alice (uid 100003) in tenant acme".
 */
static int user_change(const struct ctl_env *env, const struct ctl_args *a,
		       uint16_t op, bool update, const char *verb,
		       const char *prep)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	char tname[ACCT_MAX_NAME + 1];
	struct acct_buf req;
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = put_profile(env, a, update, &req);
	if (a->opt[CTL_OPT_REMOVE_HOME] != NULL)
		acct_put_u32(&req, ACCT_T_REMOVE_HOME, 1);
	if (rc == 0)
		rc = ctl_request(env, op, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_user_schema, ACCT_T_UID,
			      "the user record lacks login or uid", &c);
	if (rc == 0 && !c.printed) {
		user_tenant(c.rec, c.len, tname, sizeof(tname));
		fprintf(env->out, "%s user %s (uid %" PRIu32 ") %s tenant %s\n",
			verb, c.name, c.id, prep, tname);
		home_line(env, c.rec, c.len);
	}
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_user_create(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	bool with_pw = a->opt[CTL_OPT_PASSWORD_STDIN] != NULL;
	struct ctl_password pw = {.len = 0};
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	/* no --tenant: a tenant admin's own (root must name one) */
	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	/* read first: a password that cannot be read creates nothing */
	if (with_pw && (rc = ctl_password_read(env, &pw)) != 0)
		return rc;
	rc = user_change(env, a, ACCT_OP_USER_CREATE, false, "created", "in");
	if (rc == 0 && with_pw)
		rc = ctl_password_send(env, a->pos[0], &pw, env->json);
	ctl_password_wipe(&pw);
	return rc;
}

int ctl_cmd_user_show(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	return ctl_show_named(env, ACCT_OP_USER_SHOW, a->pos[0],
			      &ctl_user_schema);
}

int ctl_cmd_user_update(const struct ctl_env *env, const struct ctl_args *a)
{
	static const enum ctl_opt changes[] = {
		CTL_OPT_ROLE, CTL_OPT_DISPLAY_NAME, CTL_OPT_EMAIL,
		CTL_OPT_SHELL, CTL_OPT_HOME};
	bool any = false;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	for (size_t k = 0; k < sizeof(changes) / sizeof(changes[0]); k++)
		any |= a->opt[changes[k]] != NULL;
	if (!any && !ctl_profile_opts_given(a))
		return ctl_usage(env, "nothing to update: give at least one "
				      "of --role, --display-name, --email, "
				      "--shell, --home or a profile option");
	return user_change(env, a, ACCT_OP_USER_UPDATE, true, "updated", "in");
}

int ctl_cmd_user_delete(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	return user_change(env, a, ACCT_OP_USER_DELETE, false, "deleted",
			   "from");
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
