/* ctl_usage.c - `accountsctl tenant usage` and `usage record`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* TENANT_USAGE's and USAGE_RECORD's top-level fields. */
static const struct ctl_field usage_fields[] = {
	{ACCT_T_TENANT, 0, CTL_V_STR, 0, "tenant", "tenant", 0, NULL},
	{ACCT_T_MONTH, 0, CTL_V_U32, 0, "month", "month (YYYYMM)", 0, NULL},
	{ACCT_T_UNITS, 0, CTL_V_U64, 0, "units", "units", 0, NULL},
	{ACCT_T_KEY_USES, 0, CTL_V_U64, CTL_F_OPTIONAL, "key_uses",
	 "API key uses (all months)", 0, NULL},
	{ACCT_T_LIVE_KEYS, 0, CTL_V_U32, CTL_F_OPTIONAL, "live_keys",
	 "live API keys", 0, NULL},
};

static const struct ctl_schema usage_schema = {0, usage_fields,
					       NFIELDS(usage_fields), 0};

/* "2027-01" into 202701.  0, or exit 2. */
static int parse_month(const struct ctl_env *env, const char *s, uint32_t *m)
{
	unsigned y = 0, mo = 0;

	if (strlen(s) != 7 || s[4] != '-' || strspn(s, "0123456789") != 4 ||
	    strspn(s + 5, "0123456789") != 2)
		return ctl_usage(env, "--month wants YYYY-MM, not '%s'", s);
	for (int i = 0; i < 4; i++)
		y = y * 10u + (unsigned)(s[i] - '0');
	mo = (unsigned)(s[5] - '0') * 10u + (unsigned)(s[6] - '0');
	if (y < 1970 || mo < 1 || mo > 12)
		return ctl_usage(env, "--month wants YYYY-MM, not '%s'", s);
	*m = y * 100u + mo;
	return 0;
}

int ctl_cmd_tenant_usage(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *month = a->opt[CTL_OPT_MONTH];
	struct acct_reply rep;
	struct acct_buf req;
	uint32_t m = 0;
	int rc;

	if (a->npos > 0 && (rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	if (month != NULL && (rc = parse_month(env, month, &m)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (a->npos > 0)
		acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	if (month != NULL)
		acct_put_u32(&req, ACCT_T_MONTH, m);
	rc = ctl_request(env, ACCT_OP_TENANT_USAGE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_emit_record(env, &usage_schema, rep.payload, rep.len);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_usage_record(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_reply rep;
	struct acct_buf req;
	unsigned long long units;
	char *end;
	int rc;

	if ((rc = ctl_check_slug(env, a->pos[0])) != 0)
		return rc;
	errno = 0;
	units = strtoull(a->pos[1], &end, 10);
	if (a->pos[1][0] < '0' || a->pos[1][0] > '9' || errno != 0 ||
	    *end != '\0' || units == 0 || units > ACCT_MAX_USAGE_UNITS)
		return ctl_usage(env, "UNITS must be 1 to %u, not '%s'",
				 ACCT_MAX_USAGE_UNITS, a->pos[1]);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	acct_put_u64(&req, ACCT_T_UNITS, units);
	rc = ctl_request(env, ACCT_OP_USAGE_RECORD, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = ctl_emit_record(env, &usage_schema, rep.payload, rep.len);
	acct_reply_free(&rep);
	return rc;
}
