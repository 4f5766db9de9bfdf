/*
 * ctl_key.c - `accountsctl key issue|list|revoke|usage`: API keys.  The
 * key's text is printed once, by `key issue`; nothing else ever shows
 * more than its prefix.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "acct_wipe.h"
#include "ctl.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* APIKEY_REC. */
static const struct ctl_field key_fields[] = {
	{ACCT_T_KEY_PREFIX, 0, CTL_V_STR, 0, "prefix", "prefix", 1, "PREFIX"},
	{ACCT_T_KEY_NAME, 0, CTL_V_STR, CTL_F_OPTIONAL, "name", "name", 2,
	 "NAME"},
	{ACCT_T_NAME, ACCT_T_UID, CTL_V_STR, 0, "user", "user", 3, "USER"},
	{ACCT_T_TENANT, 0, CTL_V_STR, CTL_F_OPTIONAL, "tenant", "tenant", 0,
	 NULL},
	{ACCT_T_SCOPE, 0, CTL_V_STRLIST, 0, "scopes", "scopes", 4, "SCOPES"},
	{ACCT_T_CREATED, 0, CTL_V_TIME, 0, "created_at", "created", 5,
	 "CREATED"},
	{ACCT_T_EXPIRES, 0, CTL_V_TIME, 0, "expires_at", "expires", 6,
	 "EXPIRES"},
	{ACCT_T_LAST_USED, 0, CTL_V_TIME, 0, "last_used_at", "last used", 7,
	 "LAST USED"},
	{ACCT_T_USE_COUNT, 0, CTL_V_U64, 0, "use_count", "uses", 8, "USES"},
	{ACCT_T_REVOKED_AT, 0, CTL_V_TIME, 0, "revoked_at", "revoked", 9,
	 "REVOKED"},
	{ACCT_T_KEY_STATE, 0, CTL_V_STR, 0, "state", "state", 10, "STATE"},
};

static const struct ctl_schema key_schema = {ACCT_T_APIKEY_REC, key_fields,
					     NFIELDS(key_fields), 10};

int ctl_parse_duration(const char *s, uint64_t *secs)
{
	unsigned long long n, unit = 1;
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'd':
		unit = 86400;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'm':
		unit = 60;
		break;
	case 's':
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (n == 0 || n > ACCT_MAX_KEY_TTL / unit)
		return -1;
	*secs = n * unit;
	return 0;
}

/* Every --scope (each may be "S,S") into req, checked.  0 or exit 2. */
static int put_scopes(const struct ctl_env *env, const struct ctl_args *a,
		      struct acct_buf *req)
{
	if (a->nscope == 0)
		return ctl_usage(env, "a key needs at least one --scope "
				      "(directory:read, user:manage, ...)");
	for (unsigned i = 0; i < a->nscope; i++) {
		const char *p = a->scope[i];

		for (;;) {
			size_t n = strcspn(p, ",");

			if (n == 0 || acct_scope_parse(p, n) == 0)
				return ctl_usage(env, "unknown scope '%.*s'",
						 (int)n, p);
			acct_put_strn(req, ACCT_T_SCOPE, p, n);
			if (p[n] == '\0')
				break;
			p += n + 1;
		}
	}
	return 0;
}

static void issued_json(const struct ctl_env *env, const char *key,
			const uint8_t *rec, size_t len)
{
	struct ctl_json j;

	ctl_json_init(&j, env->out);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "key");
	ctl_json_str(&j, key);
	ctl_json_key(&j, "api_key");
	ctl_record_json(&j, &key_schema, rec, len, false);
	ctl_json_end_object(&j);
	fputc('\n', env->out);
}

int ctl_cmd_key_issue(const struct ctl_env *env, const struct ctl_args *a)
{
	char key[ACCT_MAX_NAME * 4], prefix[64] = "?", user[64] = "?";
	const char *exp = a->opt[CTL_OPT_EXPIRES];
	const char *name = a->opt[CTL_OPT_NAME];
	struct acct_reply rep;
	struct acct_field f;
	struct acct_buf req;
	const uint8_t *rec;
	uint64_t ttl = 0;
	size_t len;
	int rc;

	if (a->npos > 0 && (rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (exp != NULL && ctl_parse_duration(exp, &ttl) < 0)
		return ctl_usage(env,
				 "--expires wants a lifetime like 90d, 12h, "
				 "30m or seconds, up to %u days, not '%s'",
				 ACCT_MAX_KEY_TTL / 86400u, exp);
	if (name != NULL &&
	    (name[0] == '\0' || strlen(name) > ACCT_MAX_KEY_NAME ||
	     !acct_valid_gecos(name, strlen(name))))
		return ctl_usage(env,
				 "--name wants 1 to %u printable bytes "
				 "without ':'",
				 ACCT_MAX_KEY_NAME);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (a->npos > 0)
		acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	rc = put_scopes(env, a, &req);
	if (rc == 0 && exp != NULL)
		acct_put_u64(&req, ACCT_T_KEY_TTL, ttl);
	if (rc == 0 && name != NULL)
		acct_put_str(&req, ACCT_T_KEY_NAME, name);
	if (rc == 0)
		rc = ctl_request(env, ACCT_OP_KEY_ISSUE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	if (acct_find(rep.payload, rep.len, ACCT_T_API_KEY, &f) != 1 ||
	    acct_get_strcpy(&f, key, sizeof(key)) != 0) {
		acct_reply_free(&rep);
		return ctl_bad_reply(env, "the reply carries no key");
	}
	rc = ctl_reply_rec(env, &rep, ACCT_T_APIKEY_REC, &rec, &len);
	if (rc == 0 && env->json) {
		issued_json(env, key, rec, len);
	} else if (rc == 0) {
		ctl_rec_str(rec, len, ACCT_T_KEY_PREFIX, prefix,
			    sizeof(prefix));
		ctl_rec_str(rec, len, ACCT_T_NAME, user, sizeof(user));
		fprintf(env->out,
			"issued API key %s to %s; it is shown this once "
			"(only its hash is kept):\n%s\n",
			prefix, user, key);
	}
	acct_wipe(key, sizeof(key));
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_key_list(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *tenant = a->opt[CTL_OPT_TENANT];
	struct acct_buf req;
	int rc;

	if (a->npos > 0 && tenant != NULL)
		return ctl_usage(env, "LOGIN and --tenant exclude each other");
	if (a->npos > 0 && (rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (tenant != NULL && (rc = ctl_check_slug(env, tenant)) != 0)
		return rc;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (a->npos > 0)
		acct_put_str(&req, ACCT_T_NAME, a->pos[0]);
	if (tenant != NULL)
		acct_put_str(&req, ACCT_T_TENANT, tenant);
	rc = ctl_request_list(env,
			      tenant != NULL ? ACCT_OP_KEY_LIST_TENANT
					     : ACCT_OP_KEY_LIST,
			      &req, &key_schema);
	acct_buf_free(&req);
	return rc;
}

/* PREFIX: "acd_key_" and 12 of [a-z2-7] (a whole key is refused: it
 * has no business on a command line).  0 or exit 2. */
static int check_prefix(const struct ctl_env *env, const char *s)
{
	size_t n = strlen(CTL_KEY_PREFIX);

	if (strncmp(s, CTL_KEY_PREFIX, n) != 0 || strlen(s) != n + 12 ||
	    strspn(s + n, "abcdefghijklmnopqrstuvwxyz234567") != 12)
		return ctl_usage(env,
				 "'%.40s' is not a key prefix "
				 "(acd_key_ and 12 characters, as 'key list' "
				 "shows it)",
				 s);
	return 0;
}

/* Ask opcode about the key a->pos[0]; its record into the output, or
 * (text) done and its prefix.  An exit code. */
static int about_key(const struct ctl_env *env, const struct ctl_args *a,
		     uint16_t opcode, const char *done)
{
	struct acct_reply rep;
	const uint8_t *rec;
	size_t len;
	int rc;

	if ((rc = check_prefix(env, a->pos[0])) != 0)
		return rc;
	rc = ctl_request_name(env, opcode, NULL, ACCT_T_KEY_PREFIX, a->pos[0],
			      &rep);
	if (rc != 0)
		return rc;
	rc = ctl_reply_rec(env, &rep, ACCT_T_APIKEY_REC, &rec, &len);
	if (rc == 0 && (env->json || done == NULL))
		rc = ctl_emit_record(env, &key_schema, rec, len);
	else if (rc == 0)
		fprintf(env->out, "%s %s\n", done, a->pos[0]);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_key_revoke(const struct ctl_env *env, const struct ctl_args *a)
{
	return about_key(env, a, ACCT_OP_KEY_REVOKE, "revoked API key");
}

int ctl_cmd_key_usage(const struct ctl_env *env, const struct ctl_args *a)
{
	return about_key(env, a, ACCT_OP_KEY_USAGE, NULL);
}
