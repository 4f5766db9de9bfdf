/* ctl_lifecycle.c - `accountsctl tenant suspend|reactivate|deprovision|
 * finalize` and `accountsctl user disable|enable|deactivate|reactivate`. */
#include <inttypes.h>

#include "ctl.h"

/* --reason: required (suspend, deprovision) or optional; checked like a
 * display name.  0 or exit 2. */
static int check_reason(const struct ctl_env *env, const char *reason,
			bool required)
{
	if (reason == NULL)
		return required ? ctl_usage(env, "missing --reason TEXT") : 0;
	return ctl_check_gecos(env, "reason", reason, false);
}

/*
 * Send op for name (with --reason when given), then confirm with the
 * record (--json) or "VERB KIND NAME[: reason]".
 */
static int change(const struct ctl_env *env, uint16_t op, const char *name,
		  const char *reason, const struct ctl_schema *s,
		  uint16_t id_tag, const char *verb, const char *kind)
{
	char why[256] = "";
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	rc = ctl_request_name(env, op, name, ACCT_T_STATUS_REASON, reason,
			      &rep);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, s, id_tag,
			      "the reply's record lacks its name", &c);
	if (rc == 0 && !c.printed) {
		/* finalize keeps the reason deprovision gave: not news */
		if (op != ACCT_OP_TENANT_FINALIZE)
			ctl_rec_str(c.rec, c.len, ACCT_T_STATUS_REASON, why,
				    sizeof(why));
		fprintf(env->out, "%s %s %s%s%s\n", verb, kind, c.name,
			why[0] ? ": " : "", why);
	}
	acct_reply_free(&rep);
	return rc;
}

static int tenant_change(const struct ctl_env *env, const struct ctl_args *a,
			 uint16_t op, bool reason_required, const char *verb)
{
	const char *reason = a->opt[CTL_OPT_REASON];
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	if ((rc = check_reason(env, reason, reason_required)) != 0)
		return rc;
	return change(env, op, a->pos[0], reason, &ctl_tenant_schema,
		      ACCT_T_GID, verb, "tenant");
}

int ctl_cmd_tenant_suspend(const struct ctl_env *env, const struct ctl_args *a)
{
	return tenant_change(env, a, ACCT_OP_TENANT_SUSPEND, true, "suspended");
}

int ctl_cmd_tenant_reactivate(const struct ctl_env *env,
			      const struct ctl_args *a)
{
	return tenant_change(env, a, ACCT_OP_TENANT_REACTIVATE, false,
			     "reactivated");
}

int ctl_cmd_tenant_deprovision(const struct ctl_env *env,
			       const struct ctl_args *a)
{
	return tenant_change(env, a, ACCT_OP_TENANT_DEPROVISION, true,
			     "deprovisioning");
}

int ctl_cmd_tenant_finalize(const struct ctl_env *env, const struct ctl_args *a)
{
	return tenant_change(env, a, ACCT_OP_TENANT_FINALIZE, false,
			     "finalized");
}

int ctl_cmd_user_disable(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *reason = a->opt[CTL_OPT_REASON];
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if ((rc = check_reason(env, reason, false)) != 0)
		return rc;
	return change(env, ACCT_OP_USER_DISABLE, a->pos[0], reason,
		      &ctl_user_schema, ACCT_T_UID, "disabled", "user");
}

int ctl_cmd_user_enable(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	return change(env, ACCT_OP_USER_ENABLE, a->pos[0], NULL,
		      &ctl_user_schema, ACCT_T_UID, "enabled", "user");
}

int ctl_cmd_user_deactivate(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *reason = a->opt[CTL_OPT_REASON];
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if ((rc = check_reason(env, reason, false)) != 0)
		return rc;
	return change(env, ACCT_OP_USER_DEACTIVATE, a->pos[0], reason,
		      &ctl_user_schema, ACCT_T_UID, "deactivated", "user");
}

int ctl_cmd_user_reactivate(const struct ctl_env *env, const struct ctl_args *a)
{
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	return change(env, ACCT_OP_USER_REACTIVATE, a->pos[0], NULL,
		      &ctl_user_schema, ACCT_T_UID, "reactivated", "user");
}
