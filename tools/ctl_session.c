/* ctl_session.c - `accountsctl session list|revoke`. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "ctl.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* SESSION rec. */
static const struct ctl_field session_fields[] = {
	{ACCT_T_SESSION_ID, 0, CTL_V_U64, 0, "id", "id", 1, "ID"},
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "user", "user", 2, "USER"},
	{ACCT_T_UID, 0, CTL_V_U32, 0, "uid", "uid", 0, NULL},
	{ACCT_T_TENANT, ACCT_T_TENANT_GID, CTL_V_STR, 0, "tenant", "tenant", 3,
	 "TENANT"},
	{ACCT_T_SERVICE, 0, CTL_V_STR, 0, "service", "service", 4, "SERVICE"},
	{ACCT_T_TTY, 0, CTL_V_STR, 0, "tty", "tty", 5, "TTY"},
	{ACCT_T_RHOST, 0, CTL_V_STR, 0, "rhost", "rhost", 6, "RHOST"},
	{ACCT_T_PID, 0, CTL_V_U32, 0, "pid", "pid", 7, "PID"},
	{ACCT_T_PROC_START, 0, CTL_V_U64, CTL_F_OPTIONAL, "proc_start",
	 "process start", 0, NULL},
	{ACCT_T_STARTED, 0, CTL_V_TIME, 0, "started_at", "started", 8,
	 "STARTED"},
};

static const struct ctl_schema session_schema = {ACCT_T_SESSION, session_fields,
						 NFIELDS(session_fields), 8};

int ctl_cmd_session_list(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *user = a->opt[CTL_OPT_USER];
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct acct_buf req;
	int rc;

	if (user != NULL && tenant != NULL)
		return ctl_usage(env, "--user and --tenant exclude each other");
	if (user != NULL && (rc = ctl_check_login(env, user)) != 0)
		return rc;
	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (user != NULL)
		acct_put_str(&req, ACCT_T_NAME, user);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = ctl_request_list(env, ACCT_OP_SESSION_LIST, &req, &session_schema);
	acct_buf_free(&req);
	return rc;
}

/* A session id: decimal digits only, at least 1.  0 or exit 2. */
static int parse_id(const struct ctl_env *env, const char *s, uint64_t *id)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return ctl_usage(env, "session id '%s' is not a number", s);
	errno = 0;
	*id = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || *id == 0)
		return ctl_usage(env, "session id '%s' is not valid", s);
	return 0;
}

int ctl_cmd_session_revoke(const struct ctl_env *env, const struct ctl_args *a)
{
	char user[ACCT_MAX_NAME + 1] = "?", service[128] = "?";
	struct acct_reply rep;
	const uint8_t *rec;
	struct acct_buf req;
	uint32_t pid = 0;
	uint64_t id = 0;
	size_t len;
	int rc;

	if ((rc = parse_id(env, a->pos[0], &id)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_u64(&req, ACCT_T_SESSION_ID, id);
	rc = ctl_request(env, ACCT_OP_SESSION_REVOKE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_reply_rec(env, &rep, ACCT_T_SESSION, &rec, &len);
	if (rc == 0 && env->json) {
		rc = ctl_emit_record(env, &session_schema, rec, len);
	} else if (rc == 0) {
		ctl_rec_str(rec, len, ACCT_T_NAME, user, sizeof(user));
		ctl_rec_str(rec, len, ACCT_T_SERVICE, service, sizeof(service));
		ctl_rec_u32(rec, len, ACCT_T_PID, &pid);
		fprintf(env->out,
			"revoked session %" PRIu64 " (%s, %s, pid %" PRIu32
			")\n",
			id, user, service, pid);
	}
	acct_reply_free(&rep);
	return rc;
}
