/* ctl_status.c - `accountsctl status`: is the daemon up and ready, and how
 * big is it.  Meant for health checks, so it fails fast. */
#include "ctl.h"

int ctl_cmd_status(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_env e = *env;
	struct acct_reply rep;
	int rc;

	(void)a;
	/* A health check must not hang for the admin default of a minute:
	 * without --timeout, wait no longer than a name lookup would. */
	if (!e.timeout_given && e.timeout_ms > ACCT_NSS_TIMEOUT_MS)
		e.timeout_ms = ACCT_NSS_TIMEOUT_MS;
	rc = ctl_request(&e, ACCT_OP_STATUS, NULL, &rep);
	if (rc != 0)
		return rc;
	rc = ctl_emit_record(&e, &ctl_status_schema, rep.payload, rep.len);
	acct_reply_free(&rep);
	return rc;
}
