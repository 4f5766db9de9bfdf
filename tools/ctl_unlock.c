/* ctl_unlock.c - `accountsctl user unlock LOGIN`: lift a lockout. */
#include "ctl.h"

int ctl_cmd_user_unlock(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_reply rep;
	struct ctl_confirm c;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	rc = ctl_request_name(env, ACCT_OP_USER_UNLOCK, a->pos[0], 0, NULL,
			      &rep);
	if (rc != 0)
		return rc;
	rc = ctl_confirm_read(env, &rep, &ctl_user_schema, ACCT_T_UID,
			      "the reply's record lacks its name", &c);
	if (rc == 0 && !c.printed)
		fprintf(env->out, "unlocked user %s\n", c.name);
	acct_reply_free(&rep);
	return rc;
}
