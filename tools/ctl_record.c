/* ctl_record.c - the record field tables and their generic renderers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "acct_status.h"
#include "ctl_record.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* USER rec.  TENANT (the slug) may be missing from older daemons, whose
 * records carry only TENANT_GID: text output then shows the gid, which
 * cannot be mistaken for a slug (slugs start with a letter). */
static const struct ctl_field user_fields[] = {
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "login", "login", 1, "LOGIN"},
	{ACCT_T_UID, 0, CTL_V_U32, 0, "uid", "uid", 2, "UID"},
	{ACCT_T_GID, 0, CTL_V_U32, 0, "gid", "gid", 3, "GID"},
	{ACCT_T_TENANT, ACCT_T_TENANT_GID, CTL_V_STR, 0, "tenant", "tenant", 4,
	 "TENANT"},
	{ACCT_T_TENANT_GID, 0, CTL_V_U32, CTL_F_OPTIONAL, "tenant_gid",
	 "tenant gid", 0, NULL},
	{ACCT_T_ROLE, 0, CTL_V_ROLE, 0, "role", "role", 5, "ROLE"},
	{ACCT_T_ROLE_NAME, 0, CTL_V_STR, CTL_F_OPTIONAL, "custom_role",
	 "custom role", 0, NULL},
	/* the daemon's word for where the user stands (USER_STATE: locked,
	 * the tenant's state); an older daemon's record status otherwise */
	{ACCT_T_USER_STATE, ACCT_T_STATUS, CTL_V_STATE, 0, "status", "status",
	 6, "STATUS"},
	{ACCT_T_DISPLAY_NAME, 0, CTL_V_STR, 0, "display_name", "display name",
	 0, NULL},
	{ACCT_T_EMAIL, 0, CTL_V_STR, 0, "email", "email", 7, "EMAIL"},
	{ACCT_T_HOME, 0, CTL_V_STR, 0, "home", "home", 0, NULL},
	{ACCT_T_SHELL, 0, CTL_V_STR, 0, "shell", "shell", 0, NULL},
	{ACCT_T_UUID, 0, CTL_V_UUID, 0, "uuid", "uuid", 0, NULL},
	{ACCT_T_CREATED, 0, CTL_V_TIME, 0, "created_at", "created", 0, NULL},
	{ACCT_T_UPDATED, 0, CTL_V_TIME, 0, "updated_at", "updated", 0, NULL},
	{ACCT_T_DELETED_AT, 0, CTL_V_TIME, 0, "deleted_at", "deleted", 0, NULL},
	{ACCT_T_STATUS_REASON, 0, CTL_V_STR, CTL_F_OPTIONAL, "status_reason",
	 "status reason", 0, NULL},
	{ACCT_T_LOCKED_UNTIL, 0, CTL_V_TIME, CTL_F_OPTIONAL, "locked_until",
	 "locked until", 0, NULL},
	{ACCT_T_FAILED_LOGINS, 0, CTL_V_U32, CTL_F_OPTIONAL, "failed_logins",
	 "failed logins", 0, NULL},
	/* the profile: unset fields are null ("-") */
	{ACCT_T_EMAIL_VERIFIED_AT, 0, CTL_V_TIME, 0, "email_verified_at",
	 "email verified", 0, NULL},
	{ACCT_T_GIVEN_NAME, 0, CTL_V_STR, 0, "given_name", "given name", 0,
	 NULL},
	{ACCT_T_FAMILY_NAME, 0, CTL_V_STR, 0, "family_name", "family name", 0,
	 NULL},
	{ACCT_T_AVATAR_URL, 0, CTL_V_STR, 0, "avatar_url", "avatar url", 0,
	 NULL},
	{ACCT_T_BIO, 0, CTL_V_STR, 0, "bio", "bio", 0, NULL},
	{ACCT_T_TIMEZONE, 0, CTL_V_STR, 0, "timezone", "timezone", 0, NULL},
	{ACCT_T_LOCALE, 0, CTL_V_STR, 0, "locale", "locale", 0, NULL},
	{ACCT_T_DEACTIVATED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL, "deactivated_at",
	 "deactivated", 0, NULL},
	/* only in the reply of `user delete --remove-home` */
	{ACCT_T_HOME_REMOVAL, 0, CTL_V_HOMERM, CTL_F_OPTIONAL, "home_removal",
	 "home removal", 0, NULL},
	{ACCT_T_HOME_DETAIL, 0, CTL_V_STR, CTL_F_OPTIONAL, "home_detail",
	 "home detail", 0, NULL},
};

const struct ctl_schema ctl_user_schema = {ACCT_T_USER, user_fields,
					   NFIELDS(user_fields), 7};

static const struct ctl_field tenant_fields[] = {
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "slug", "slug", 1, "SLUG"},
	{ACCT_T_DISPLAY_NAME, 0, CTL_V_STR, 0, "display_name", "display name",
	 5, "NAME"},
	{ACCT_T_STATUS, 0, CTL_V_TSTATUS, 0, "status", "status", 3, "STATUS"},
	{ACCT_T_STATUS_REASON, 0, CTL_V_STR, CTL_F_OPTIONAL, "status_reason",
	 "status reason", 0, NULL},
	{ACCT_T_STATUS_UPDATED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL,
	 "status_updated_at", "status updated", 0, NULL},
	{ACCT_T_STATUS_UPDATED_BY, 0, CTL_V_STR, CTL_F_OPTIONAL,
	 "status_updated_by", "status updated by", 0, NULL},
	{ACCT_T_GID, 0, CTL_V_U32, 0, "gid", "gid", 2, "GID"},
	{ACCT_T_ADMIN_GID, 0, CTL_V_U32, 0, "admin_gid", "admins gid", 0, NULL},
	{ACCT_T_COUNT_USERS, 0, CTL_V_U32, 0, "user_count", "users", 4,
	 "USERS"},
	{ACCT_T_UUID, 0, CTL_V_UUID, 0, "uuid", "uuid", 0, NULL},
	{ACCT_T_CREATED, 0, CTL_V_TIME, 0, "created_at", "created", 0, NULL},
	{ACCT_T_UPDATED, 0, CTL_V_TIME, 0, "updated_at", "updated", 0, NULL},
	{ACCT_T_SUSPENDED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL, "suspended_at",
	 "suspended at", 0, NULL},
	{ACCT_T_DEPROVISIONED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL,
	 "deprovisioned_at", "deprovisioned at", 0, NULL},
	{ACCT_T_FINALIZED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL, "finalized_at",
	 "finalized at", 0, NULL},
	/* the subscription (issue 9) */
	{ACCT_T_PLAN, 0, CTL_V_STR, CTL_F_OPTIONAL, "plan", "plan", 0, NULL},
	{ACCT_T_SUB_STATUS, 0, CTL_V_SUBSTATUS, CTL_F_OPTIONAL, "subscription",
	 "subscription", 0, NULL},
	{ACCT_T_TRIAL_ENDS, 0, CTL_V_TIME, CTL_F_OPTIONAL, "trial_ends_at",
	 "trial ends", 0, NULL},
	{ACCT_T_PERIOD_ENDS, 0, CTL_V_TIME, CTL_F_OPTIONAL, "period_ends_at",
	 "period ends", 0, NULL},
	{ACCT_T_APP_PASSWORDS, 0, CTL_V_ONOFF, CTL_F_OPTIONAL | CTL_F_SHOW,
	 "app_passwords", "app passwords", 0, NULL},
};

const struct ctl_schema ctl_tenant_schema = {ACCT_T_TENANT_REC, tenant_fields,
					     NFIELDS(tenant_fields), 5};

static const struct ctl_field group_fields[] = {
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "name", "name", 1, "NAME"},
	{ACCT_T_GID, 0, CTL_V_U32, 0, "gid", "gid", 2, "GID"},
	{ACCT_T_TENANT, ACCT_T_TENANT_GID, CTL_V_STR, 0, "tenant", "tenant", 3,
	 "TENANT"},
	{ACCT_T_KIND, 0, CTL_V_GKIND, 0, "kind", "kind", 4, "KIND"},
	{ACCT_T_UUID, 0, CTL_V_UUID, CTL_F_OPTIONAL, "uuid", "uuid", 0, NULL},
	{ACCT_T_CREATED, 0, CTL_V_TIME, CTL_F_OPTIONAL, "created_at", "created",
	 0, NULL},
	{ACCT_T_UPDATED, 0, CTL_V_TIME, CTL_F_OPTIONAL, "updated_at", "updated",
	 0, NULL},
	{ACCT_T_MEMBER, 0, CTL_V_STRLIST, CTL_F_SHOW, "members", "members", 0,
	 NULL},
};

const struct ctl_schema ctl_group_schema = {ACCT_T_GROUP, group_fields,
					    NFIELDS(group_fields), 4};

static const struct ctl_field role_fields[] = {
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "name", "name", 1, "NAME"},
	{ACCT_T_ROLE, 0, CTL_V_U32, 0, "id", "id", 2, "ID"},
	{ACCT_T_RANK, 0, CTL_V_U32, 0, "rank", "rank", 3, "RANK"},
	{ACCT_T_TENANT, 0, CTL_V_STR, CTL_F_OPTIONAL, "tenant", "tenant", 4,
	 "TENANT"},
	{ACCT_T_PERMISSION, 0, CTL_V_STRLIST, 0, "permissions", "permissions",
	 5, "PERMISSIONS"},
	{ACCT_T_BUILTIN, 0, CTL_V_U32, CTL_F_OPTIONAL, "builtin", "built-in", 0,
	 NULL},
};

const struct ctl_schema ctl_role_schema = {ACCT_T_ROLE_REC, role_fields,
					   NFIELDS(role_fields), 5};

/* plans (issue 9): a limit left out is unlimited */
static const struct ctl_field plan_fields[] = {
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "name", "name", 1, "NAME"},
	{ACCT_T_SEATS, 0, CTL_V_LIMIT, 0, "seats", "seats", 2, "SEATS"},
	{ACCT_T_SESSIONS, 0, CTL_V_LIMIT, 0, "sessions", "sessions", 3,
	 "SESSIONS"},
	{ACCT_T_KEYS, 0, CTL_V_LIMIT, 0, "keys", "keys", 4, "KEYS"},
	{ACCT_T_USAGE, 0, CTL_V_LIMIT, 0, "usage", "usage a month", 5, "USAGE"},
	{ACCT_T_TRIAL_DAYS, 0, CTL_V_U32, 0, "trial_days", "trial days", 6,
	 "TRIAL_DAYS"},
	{ACCT_T_PLAN_TENANTS, 0, CTL_V_U32, CTL_F_OPTIONAL, "tenants",
	 "tenants", 0, NULL},
	{ACCT_T_CREATED, 0, CTL_V_TIME, 0, "created_at", "created", 0, NULL},
	{ACCT_T_UPDATED, 0, CTL_V_TIME, 0, "updated_at", "updated", 0, NULL},
};

const struct ctl_schema ctl_plan_schema = {ACCT_T_PLAN_REC, plan_fields,
					   NFIELDS(plan_fields), 6};

static const struct ctl_field status_fields[] = {
	{ACCT_T_VERSION, 0, CTL_V_STR, 0, "version", "version", 0, NULL},
	{ACCT_T_UPTIME, 0, CTL_V_DURATION, 0, "uptime_seconds", "uptime", 0,
	 NULL},
	{ACCT_T_SCHEMA, 0, CTL_V_U32, 0, "schema_version", "schema version", 0,
	 NULL},
	{ACCT_T_COUNT_TENANTS, 0, CTL_V_U32, 0, "tenants", "tenants", 0, NULL},
	{ACCT_T_COUNT_USERS, 0, CTL_V_U32, 0, "users", "users", 0, NULL},
	{ACCT_T_COUNT_GROUPS, 0, CTL_V_U32, 0, "groups", "groups", 0, NULL},
	{ACCT_T_DB_SIZE, 0, CTL_V_SIZE, 0, "db_size_bytes", "database size", 0,
	 NULL},
	{ACCT_T_DB_MAPSIZE, 0, CTL_V_SIZE, 0, "db_map_size_bytes", "map size",
	 0, NULL},
	{ACCT_T_CONNECTIONS, 0, CTL_V_U32, 0, "connections", "connections", 0,
	 NULL},
	{ACCT_T_AUDIT_RECORDS, 0, CTL_V_U64, 0, "audit_records",
	 "audit records", 0, NULL},
	{ACCT_T_AUDIT_CHAIN, 0, CTL_V_STR, 0, "audit_chain", "audit chain", 0,
	 NULL},
	{ACCT_T_MAIL_QUEUED, 0, CTL_V_U32, CTL_F_OPTIONAL, "mail_queued",
	 "mail queued", 0, NULL},
	/* operating (issue 10, ops): the paths only for root, operators
	 * and support (left out for others, as by an older daemon) */
	{ACCT_T_READY, 0, CTL_V_YESNO, CTL_F_OPTIONAL, "ready", "ready", 0,
	 NULL},
	{ACCT_T_AUDIT_STATE, 0, CTL_V_STR, CTL_F_OPTIONAL, "audit_state",
	 "audit state", 0, NULL},
	{ACCT_T_AUDIT_VERIFIED, 0, CTL_V_U64, CTL_F_OPTIONAL,
	 "audit_verified_records", "audit verified", 0, NULL},
	{ACCT_T_AUDIT_VERIFIED_AT, 0, CTL_V_TIME, CTL_F_OPTIONAL,
	 "audit_verified_at", "audit verified at", 0, NULL},
	{ACCT_T_AUDIT_BROKEN_AT, 0, CTL_V_U64, CTL_F_OPTIONAL,
	 "audit_broken_at", "audit broken at", 0, NULL},
	{ACCT_T_MAP_USED_PERCENT, 0, CTL_V_U32, CTL_F_OPTIONAL,
	 "map_used_percent", "map used (%)", 0, NULL},
	{ACCT_T_CONFIG_FILE, 0, CTL_V_STRLIST, CTL_F_OPTIONAL, "config_files",
	 "config files", 0, NULL},
	{ACCT_T_SOCKET_PATH, 0, CTL_V_STR, CTL_F_OPTIONAL, "socket", "socket",
	 0, NULL},
	{ACCT_T_STATE_DIR, 0, CTL_V_STR, CTL_F_OPTIONAL, "state_dir",
	 "state dir", 0, NULL},
};

const struct ctl_schema ctl_status_schema = {0, status_fields,
					     NFIELDS(status_fields), 0};

/* backup (issue 10) */
static const struct ctl_field backup_fields[] = {
	{ACCT_T_BACKUP_SIZE, 0, CTL_V_SIZE, 0, "size_bytes", "size", 0, NULL},
	{ACCT_T_SCHEMA, 0, CTL_V_U32, 0, "schema_version", "schema version", 0,
	 NULL},
	{ACCT_T_TIME, 0, CTL_V_TIME, 0, "taken_at", "taken", 0, NULL},
};

const struct ctl_schema ctl_backup_schema = {0, backup_fields,
					     NFIELDS(backup_fields), 0};

/* AUDIT rec (AUDIT_LIST).  The fields every record has are always in the
 * JSON (null when a record cannot be read); a coalesced refusal adds
 * count, first_seen and last_seen. */
static const struct ctl_field audit_fields[] = {
	{ACCT_T_SEQ, 0, CTL_V_U64, 0, "seq", "seq", 1, "SEQ"},
	{ACCT_T_TIME, 0, CTL_V_TIME, 0, "time", "time", 2, "TIME"},
	{ACCT_T_ACTOR, 0, CTL_V_ACTOR, 0, "actor", "actor", 3, "ACTOR"},
	{ACCT_T_ACTION, 0, CTL_V_STR, 0, "action", "action", 4, "ACTION"},
	{ACCT_T_TARGET, 0, CTL_V_STR, 0, "target", "target", 5, "TARGET"},
	{ACCT_T_TENANT, 0, CTL_V_STR, 0, "tenant", "tenant", 6, "TENANT"},
	{ACCT_T_RESULT, 0, CTL_V_RESULT, 0, "result", "result", 7, "RESULT"},
	{ACCT_T_COUNT, 0, CTL_V_U32, CTL_F_OPTIONAL, "count", "count", 8,
	 "COUNT"},
	{ACCT_T_PID, 0, CTL_V_U32, 0, "pid", "pid", 9, "PID"},
	{ACCT_T_REASON, 0, CTL_V_STR, 0, "reason", "reason", 10, "REASON"},
	{ACCT_T_MESSAGE, 0, CTL_V_STR, CTL_F_OPTIONAL, "message", "message", 0,
	 NULL},
	{ACCT_T_PAM_RESULT, 0, CTL_V_U32, CTL_F_OPTIONAL, "pam_result",
	 "pam result", 0, NULL},
	{ACCT_T_FIRST_SEEN, 0, CTL_V_TIME, CTL_F_OPTIONAL, "first_seen",
	 "first seen", 0, NULL},
	{ACCT_T_LAST_SEEN, 0, CTL_V_TIME, CTL_F_OPTIONAL, "last_seen",
	 "last seen", 0, NULL},
};

const struct ctl_schema ctl_audit_schema = {ACCT_T_AUDIT, audit_fields,
					    NFIELDS(audit_fields), 10};

/* ---- field access ---- */

int ctl_rec_u32(const void *rec, size_t len, uint16_t tag, uint32_t *v)
{
	struct acct_field f;

	return acct_find(rec, len, tag, &f) == 1 && acct_get_u32(&f, v) == 0;
}

int ctl_rec_str(const void *rec, size_t len, uint16_t tag, char *buf,
		size_t size)
{
	struct acct_field f;

	return acct_find(rec, len, tag, &f) == 1 &&
	       acct_get_strcpy(&f, buf, size) == 0;
}

static bool is_u64_kind(enum ctl_vkind k)
{
	return k == CTL_V_TIME || k == CTL_V_DURATION || k == CTL_V_SIZE ||
	       k == CTL_V_U64 || k == CTL_V_LIMIT;
}

static const char *enum_word(enum ctl_vkind k, uint32_t v)
{
	switch (k) {
	case CTL_V_ROLE:
		return acct_role_name(v);
	case CTL_V_USTATUS:
		return ctl_user_status_name(v);
	case CTL_V_TSTATUS:
		return ctl_tenant_status_name(v);
	case CTL_V_GKIND:
		return acct_group_kind_name(v);
	case CTL_V_RESULT:
		/* "unknown" is no word: the number shows instead */
		return v < ACCT_ST__COUNT ? acct_status_name((int)v) : NULL;
	case CTL_V_SUBSTATUS:
		return acct_sub_status_name(v);
	case CTL_V_ONOFF:
		return v == 0 ? "off" : v == 1 ? "on" : NULL;
	case CTL_V_YESNO:
		return v == 0 ? "no" : v == 1 ? "yes" : NULL;
	case CTL_V_HOMERM:
		return v == ACCT_HOME_REMOVED	? "removed"
		       : v == ACCT_HOME_PARTIAL ? "partial"
		       : v == ACCT_HOME_KEPT	? "kept"
						: NULL;
	default:
		return NULL;
	}
}

/* All values of a repeated string field, joined with ", ". */
static int strlist_text(uint16_t tag, const void *rec, size_t len, char **out)
{
	struct acct_reader r;
	struct acct_field f;
	size_t total = 0, n = 0;
	char *s, *p;

	acct_reader_init(&r, rec, len);
	while (acct_next(&r, &f) == 1)
		if (f.tag == tag) {
			total += f.len + 2;
			n++;
		}
	if (n == 0)
		return 0;
	s = malloc(total + 1);
	if (s == NULL)
		return -1;
	p = s;
	acct_reader_init(&r, rec, len);
	while (acct_next(&r, &f) == 1)
		if (f.tag == tag) {
			if (p != s) {
				memcpy(p, ", ", 2);
				p += 2;
			}
			memcpy(p, f.val, f.len);
			p += f.len;
		}
	*p = '\0';
	*out = s;
	return 1;
}

/* Format one found field (scalar kinds) into a new string. */
static int scalar_text(enum ctl_vkind kind, const struct acct_field *f,
		       char **out)
{
	char buf[64];
	uint32_t v32;
	uint64_t v64;
	const char *s;
	size_t slen;

	buf[0] = '\0';
	if (kind == CTL_V_STR || kind == CTL_V_ACTOR || kind == CTL_V_STATE) {
		if (acct_get_str(f, &s, &slen) != 0)
			return 0;
		*out = strndup(s, slen);
		return *out ? 1 : -1;
	}
	if (kind == CTL_V_UUID) {
		if (f->len != 16)
			return 0;
		ctl_fmt_uuid(f->val, buf);
	} else if (is_u64_kind(kind)) {
		if (acct_get_u64(f, &v64) != 0)
			return 0;
		if (kind == CTL_V_TIME)
			ctl_fmt_time(v64, buf);
		else if (kind == CTL_V_LIMIT && v64 == ACCT_BUDGET_UNLIMITED)
			snprintf(buf, sizeof(buf), "unlimited");
		else if (kind == CTL_V_U64 || kind == CTL_V_LIMIT)
			snprintf(buf, sizeof(buf), "%" PRIu64, v64);
		else if (kind == CTL_V_SIZE)
			ctl_fmt_size(v64, buf);
		else
			ctl_fmt_duration(v64, buf);
	} else {
		if (acct_get_u32(f, &v32) != 0)
			return 0;
		if (kind == CTL_V_U32)
			snprintf(buf, sizeof(buf), "%" PRIu32, v32);
		else if ((s = enum_word(kind, v32)) != NULL)
			snprintf(buf, sizeof(buf), "%s", s);
		else
			snprintf(buf, sizeof(buf), "unknown (%" PRIu32 ")",
				 v32);
	}
	*out = strdup(buf);
	return *out ? 1 : -1;
}

/* How a field's fallback tag is shown: a user's state falls back to its
 * record status word, a slug to the tenant's gid. */
static enum ctl_vkind fallback_kind(enum ctl_vkind k)
{
	return k == CTL_V_STATE ? CTL_V_USTATUS : CTL_V_U32;
}

int ctl_field_text(const struct ctl_field *fd, const void *rec, size_t len,
		   char **out)
{
	struct acct_field f;
	int rc;

	*out = NULL;
	if (fd->kind == CTL_V_STRLIST)
		return strlist_text(fd->tag, rec, len, out);
	if (acct_find(rec, len, fd->tag, &f) == 1) {
		rc = scalar_text(fd->kind, &f, out);
		if (rc != 0)
			return rc;
	}
	if (fd->fallback && acct_find(rec, len, fd->fallback, &f) == 1)
		return scalar_text(fallback_kind(fd->kind), &f, out);
	return 0;
}

/* ---- JSON ---- */

static void strlist_json(struct ctl_json *j, uint16_t tag, const void *rec,
			 size_t len)
{
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t slen;

	ctl_json_begin_array(j);
	acct_reader_init(&r, rec, len);
	while (acct_next(&r, &f) == 1)
		if (f.tag == tag && acct_get_str(&f, &s, &slen) == 0)
			ctl_json_strn(j, s, slen);
	ctl_json_end_array(j);
}

/* Write the value of a found scalar field; false (the caller writes null)
 * if it is malformed or an empty string. */
static bool scalar_json(struct ctl_json *j, enum ctl_vkind kind,
			const struct acct_field *f)
{
	char buf[CTL_UUID_LEN > CTL_TIME_LEN ? CTL_UUID_LEN : CTL_TIME_LEN];
	const char *s;
	size_t slen;
	uint32_t v32;
	uint64_t v64;

	if (kind == CTL_V_STR || kind == CTL_V_STATE) {
		if (acct_get_str(f, &s, &slen) != 0)
			return false;
		if (slen == 0) /* empty is unset: null, as the man page says */
			return false;
		ctl_json_strn(j, s, slen);
	} else if (kind == CTL_V_UUID) {
		if (f->len != 16)
			return false;
		ctl_fmt_uuid(f->val, buf);
		ctl_json_str(j, buf);
	} else if (is_u64_kind(kind)) {
		if (acct_get_u64(f, &v64) != 0)
			return false;
		if (kind == CTL_V_TIME) {
			ctl_fmt_time(v64, buf);
			ctl_json_str(j, buf);
		} else if (kind == CTL_V_LIMIT &&
			   v64 == ACCT_BUDGET_UNLIMITED) {
			ctl_json_null(j);
		} else {
			ctl_json_u64(j, v64);
		}
	} else {
		if (acct_get_u32(f, &v32) != 0)
			return false;
		s = enum_word(kind, v32);
		if (s != NULL)
			ctl_json_str(j, s);
		else
			ctl_json_u64(j, v32); /* unknown enum: the number */
	}
	return true;
}

/* An audit actor as its object: the text's parts, with the uid the
 * record keeps (ACTOR_UID) over the one its text gives; false (the
 * caller writes null) when the text is malformed or empty. */
static bool actor_json(struct ctl_json *j, const struct acct_field *f,
		       const void *rec, size_t len)
{
	struct acct_field uf;
	long long uid = -1;
	const char *s;
	uint32_t v32;
	size_t slen;

	if (acct_get_str(f, &s, &slen) != 0 || slen == 0)
		return false;
	if (acct_find(rec, len, ACCT_T_ACTOR_UID, &uf) == 1 &&
	    acct_get_u32(&uf, &v32) == 0)
		uid = v32;
	ctl_actor_json(j, s, slen, uid);
	return true;
}

void ctl_record_json(struct ctl_json *j, const struct ctl_schema *s,
		     const void *rec, size_t len, bool list)
{
	ctl_json_begin_object(j);
	for (size_t i = 0; i < s->nfields; i++) {
		const struct ctl_field *fd = &s->fields[i];
		struct acct_field f;
		bool found;

		/* every field of the schema, always: null when the daemon
		 * did not send it (unset, or not part of a list's rows) */
		ctl_json_key(j, fd->key);
		if (list && (fd->flags & CTL_F_SHOW)) {
			ctl_json_null(j);
			continue;
		}
		if (fd->kind == CTL_V_STRLIST) {
			strlist_json(j, fd->tag, rec, len);
			continue;
		}
		found = acct_find(rec, len, fd->tag, &f) == 1;
		if (found && fd->kind == CTL_V_ACTOR)
			found = actor_json(j, &f, rec, len);
		else if (found)
			found = scalar_json(j, fd->kind, &f);
		if (found)
			continue;
		if (fd->kind == CTL_V_STATE && fd->fallback &&
		    acct_find(rec, len, fd->fallback, &f) == 1 &&
		    scalar_json(j, fallback_kind(fd->kind), &f))
			continue;
		ctl_json_null(j);
	}
	ctl_json_end_object(j);
}

/* ---- text ---- */

int ctl_record_show(FILE *f, const struct ctl_schema *s, const void *rec,
		    size_t len)
{
	const char **labels = calloc(s->nfields, sizeof(*labels));
	char **values = calloc(s->nfields, sizeof(*values));
	size_t n = 0;
	int rc = -1;

	if (labels == NULL || values == NULL)
		goto out;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct ctl_field *fd = &s->fields[i];
		int found = ctl_field_text(fd, rec, len, &values[n]);

		if (found < 0)
			goto out;
		if (found == 0 && (fd->flags & CTL_F_OPTIONAL))
			continue;
		labels[n++] = fd->label; /* absent: printed as "-" */
	}
	ctl_print_kv(f, labels, (const char *const *)values, n);
	rc = 0;
out:
	if (values != NULL)
		for (size_t i = 0; i < s->nfields; i++)
			free(values[i]);
	free(values);
	free(labels);
	return rc;
}

int ctl_record_table_init(struct ctl_table *t, const struct ctl_schema *s)
{
	const char *hdr[16] = {NULL};

	if (s->ncolumns == 0 || s->ncolumns > 16)
		return -1;
	ctl_table_init(t, s->ncolumns);
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].column)
			hdr[s->fields[i].column - 1] = s->fields[i].header;
	return ctl_table_add(t, hdr);
}

int ctl_record_table_add(struct ctl_table *t, const struct ctl_schema *s,
			 const void *rec, size_t len)
{
	char *cells[16] = {NULL};
	int rc = 0;

	for (size_t i = 0; i < s->nfields && rc == 0; i++) {
		const struct ctl_field *fd = &s->fields[i];

		if (fd->column == 0 || fd->column > t->ncols || fd->column > 16)
			continue;
		char *text = NULL;
		if (ctl_field_text(fd, rec, len, &text) < 0)
			rc = -1;
		free(cells[fd->column - 1]); /* a later field for it wins */
		cells[fd->column - 1] = text;
	}
	if (rc == 0)
		rc = ctl_table_add(t, (const char *const *)cells);
	for (size_t c = 0; c < 16; c++)
		free(cells[c]);
	return rc;
}
