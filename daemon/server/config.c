/*
 * config.c - accountsd settings: embedded defaults plus an optional
 * "key = value" file and its drop-ins.  They are parsed into a scratch
 * copy and checked as a whole, so a bad file never leaves a half-applied
 * configuration; parsing goes on past an error, so that one run reports
 * every error (accountsd --check-config).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "acct_proto.h"
#include "acct_shells.h"
#include "server/config.h"
#include "server/config_keys.h"
#include "server/mail_command.h"
#include "server/mail_text.h"

/* Ids below this belong to the system (Debian policy: 0..999). */
#define AD_FIRST_DYNAMIC_ID 1000u
/* (uid_t)-1 and (gid_t)-1 mean "no id" to chown(2) and friends. */
#define AD_MAX_ID 0xfffffffeu
#define AD_MAX_MAP_MB (16u * 1024u * 1024u) /* 16 TiB */
#define AD_MAX_CONNECTIONS 1000000u
#define AD_MIN_TIMEOUT_MS 10u
#define AD_MAX_TIMEOUT_MS 60000u
#define AD_MAX_WORKERS 1024u
#define AD_MAX_WORKER_QUEUE 1000000u
#define AD_MAX_KILL_GRACE_MS 600000u /* ten minutes */
#define AD_MAX_LOCKOUT_ATTEMPTS 1000000u
#define AD_MAX_LOCKOUT_S (366u * 86400u) /* a year */
#define AD_MAX_SESSIONS 1000000u
#define AD_MAX_RATE 60000000u	   /* a million a second */
#define AD_MAX_COALESCE_S 86400u   /* a day */
#define AD_MAX_MAIL_TIMEOUT_S 600u /* ten minutes */
#define AD_MAX_MAIL_QUEUE 1000000u
#define AD_MIN_TOKEN_TTL_S 60u
#define AD_MAX_TOKEN_TTL_S (30u * 86400u)    /* a month */
#define AD_MAX_RATE 60000000u		     /* a million a second */
#define AD_MAX_COALESCE_S 86400u	     /* a day */
#define AD_MAX_RETENTION_DAYS 36500u	     /* a hundred years */
#define AD_MAX_TOKEN_TTL_S (30u * 86400u)    /* a month */
#define AD_MAX_ACCESS_TTL_S 86400u	     /* a day */
#define AD_MAX_REFRESH_TTL_S (365u * 86400u) /* a year */
#define AD_MAX_SIGNINS 4096u
#define AD_MAX_SSH_KEYS 1024u /* SSH keys of one user */
/* API keys and usage (issue 9) */
#define AD_MAX_API_KEYS 1000u
#define AD_MAX_USAGE_FLUSH_S 3600u
/* libsodium's own bounds, and a memlimit that fits size_t */
#define AD_MIN_MEMLIMIT_KB ((crypto_pwhash_MEMLIMIT_MIN + 1023u) / 1024u)
#define AD_MAX_MEMLIMIT_KB                                                     \
	((uint64_t)(crypto_pwhash_MEMLIMIT_MAX < SIZE_MAX                      \
			    ? crypto_pwhash_MEMLIMIT_MAX                       \
			    : SIZE_MAX) /                                      \
	 1024u)
/* Longer lines cannot hold any valid setting. */
#define AD_MAX_LINE (PATH_MAX + 128)

void ad_config_defaults(struct ad_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->socket_path, sizeof(cfg->socket_path), "%s",
		 ACCT_DEFAULT_SOCKET);
	snprintf(cfg->state_dir, sizeof(cfg->state_dir), "%s",
		 AD_DEFAULT_STATE_DIR);
	cfg->uid_min = 100000;
	cfg->uid_max = 499999;
	cfg->gid_min = 100000;
	cfg->gid_max = 499999;
	snprintf(cfg->default_shell, sizeof(cfg->default_shell), "%s",
		 "/bin/bash");
	snprintf(cfg->home_base, sizeof(cfg->home_base), "%s", "/home");
	cfg->map_size = UINT64_C(4) << 30;
	cfg->log_debug = 0;
	cfg->max_connections = 4096;
	cfg->client_timeout_ms = 1000;
	cfg->max_connections_per_uid = 64;
	cfg->root_reserved_connections = 256;
	cfg->workers = 0;
	cfg->worker_queue = 1024;
	cfg->argon2_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	cfg->argon2_memlimit = UINT64_C(65536) * 1024u;
	cfg->password_min_length = 10;
	cfg->session_kill_grace_ms = 5000;
	cfg->max_sessions = 16384;
	cfg->max_sessions_per_user = 256;
	cfg->max_sessions_per_caller = 32;
	cfg->rate[AD_RATE_LOOKUP] = (struct ad_rate_cfg){60000, 2000};
	cfg->rate[AD_RATE_AUTH] = (struct ad_rate_cfg){60, 10};
	cfg->rate[AD_RATE_SESSION] = (struct ad_rate_cfg){60, 20};
	cfg->rate[AD_RATE_MANAGE] = (struct ad_rate_cfg){600, 100};
	cfg->audit_coalesce_s = 60;
	cfg->lookup_visibility = AD_VISIBILITY_ALL;
	cfg->operator_gid = AD_NO_GID;
	cfg->support_gid = AD_NO_GID;
	cfg->lockout_attempts = 5;
	cfg->lockout_window_s = 900;
	cfg->lockout_duration_s = 900;
	snprintf(cfg->mail_command, sizeof(cfg->mail_command), "%s",
		 "/usr/sbin/sendmail -t -i");
	cfg->mail_from[0] = '\0';
	cfg->mail_timeout_s = 30;
	cfg->mail_queue_max = 1000;
	cfg->reset_token_ttl_s = 3600;
	cfg->invite_token_ttl_s = 7u * 86400u;
	cfg->verify_token_ttl_s = 86400;
	cfg->access_token_ttl_s = 900;
	cfg->refresh_token_ttl_s = 30u * 86400u;
	cfg->max_signins_per_user = 64;
	snprintf(cfg->zoneinfo_dir, sizeof(cfg->zoneinfo_dir), "%s",
		 "/usr/share/zoneinfo");
	cfg->retention_days = 30;
	cfg->max_ssh_keys_per_user = 32;
	/* API keys and usage (issue 9) */
	cfg->max_api_keys_per_user = 25;
	cfg->usage_flush_s = 30;
	/* homes (issue 10): not created unless asked, private when they are */
	cfg->home_create = 0;
	cfg->home_mode = 0700;
	snprintf(cfg->skel_dir, sizeof(cfg->skel_dir), "%s", "/etc/skel");
}

/* What one parse needs to report errors. */
struct parse {
	const char *path;
	unsigned line;
	struct ad_config_errors *errs;
};

/* One error: to the sink, as "FILE:LINE: what" ("FILE: what" for line 0).
 * Returns -1, so that a parser can return fail_at(...). */
__attribute__((format(printf, 3, 4))) static int
fail_at(const struct parse *ps, unsigned line, const char *fmt, ...)
{
	char msg[512], full[PATH_MAX + 600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ps->errs->count++;
	if (ps->errs->count > AD_CONFIG_MAX_ERRORS)
		return -1;
	if (line > 0)
		snprintf(full, sizeof(full), "%s:%u: %s", ps->path, line, msg);
	else
		snprintf(full, sizeof(full), "%s: %s", ps->path, msg);
	ps->errs->report(ps->errs->arg, full);
	return -1;
}

/* Decimal digits only: no sign, no spaces, no hex, no overflow. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * An absolute path without control characters, short enough for dst, and
 * (unless it is the root itself) without a trailing slash, so that
 * home_base "/" login and dirname(socket) stay simple.
 */
static int parse_path(const struct parse *ps, const char *key, const char *v,
		      char *dst, size_t dstsize)
{
	size_t len = strlen(v);

	if (v[0] != '/')
		return fail_at(ps, ps->line, "%s must be an absolute path",
			       key);
	if (len >= dstsize)
		return fail_at(ps, ps->line,
			       "%s is too long (at most %zu bytes)", key,
			       dstsize - 1);
	if (len > 1 && v[len - 1] == '/')
		return fail_at(ps, ps->line, "%s must not end with '/'", key);
	for (const char *p = v; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fail_at(ps, ps->line,
				       "%s contains a control character", key);
	}
	memcpy(dst, v, len + 1);
	return 0;
}

/* A group of the host's own (/etc/group): "" (none), or a name as
 * shadow-utils would take it: [A-Za-z0-9_.-], not starting with '-'. */
static int parse_group(const struct parse *ps, const char *key, const char *v,
		       char *dst)
{
	size_t len = strlen(v);

	if (len > ACCT_MAX_NAME)
		return fail_at(ps, ps->line,
			       "%s is too long (at most %u bytes)", key,
			       (unsigned)ACCT_MAX_NAME);
	for (size_t i = 0; i < len; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      (c == '-' && i > 0)))
			return fail_at(ps, ps->line,
				       "%s: '%s' is not a group name", key, v);
	}
	memcpy(dst, v, len + 1);
	return 0;
}

static int parse_visibility(const struct parse *ps, const char *key,
			    const char *v, enum ad_lookup_visibility *dst)
{
	if (strcmp(v, "all") == 0)
		*dst = AD_VISIBILITY_ALL;
	else if (strcmp(v, "tenant") == 0)
		*dst = AD_VISIBILITY_TENANT;
	else
		return fail_at(ps, ps->line, "%s: '%s' is not all or tenant",
			       key, v);
	return 0;
}

/* One id of a range: 1000..AD_MAX_ID. */
static int parse_id(const struct parse *ps, const char *key, const char *v,
		    uint32_t *dst)
{
	uint64_t n;

	if (parse_u64(v, UINT64_MAX, &n) < 0)
		return fail_at(ps, ps->line, "%s: '%s' is not a number", key,
			       v);
	if (n < AD_FIRST_DYNAMIC_ID || n > AD_MAX_ID)
		return fail_at(ps, ps->line,
			       "%s: %" PRIu64 " is outside %u..%u (0..%u are "
			       "system ids)",
			       key, n, AD_FIRST_DYNAMIC_ID, AD_MAX_ID,
			       AD_FIRST_DYNAMIC_ID - 1);
	*dst = (uint32_t)n;
	return 0;
}

static int parse_uint(const struct parse *ps, const char *key, const char *v,
		      uint64_t min, uint64_t max, uint64_t *dst)
{
	uint64_t n;

	if (parse_u64(v, UINT64_MAX, &n) < 0)
		return fail_at(ps, ps->line, "%s: '%s' is not a number", key,
			       v);
	if (n < min || n > max)
		return fail_at(ps, ps->line,
			       "%s: %" PRIu64 " is outside %" PRIu64
			       "..%" PRIu64,
			       key, n, min, max);
	*dst = n;
	return 0;
}

/* parse_uint into an unsigned (max fits). */
static int parse_unsigned(const struct parse *ps, const char *key,
			  const char *v, uint64_t min, uint64_t max,
			  unsigned *dst)
{
	uint64_t n = 0;

	if (parse_uint(ps, key, v, min, max, &n) < 0)
		return -1;
	*dst = (unsigned)n;
	return 0;
}

/* The mail command: split as it will be run (mail_command.h). */
static int parse_mail_command(const struct parse *ps, const char *v,
			      struct ad_config *cfg)
{
	char buf[sizeof(cfg->mail_command)];
	char *argv[AD_MAIL_MAX_ARGS + 1];
	const char *why = "";

	if (strlen(v) >= sizeof(cfg->mail_command))
		return fail_at(ps, ps->line,
			       "mail_command is too long (at most %zu bytes)",
			       sizeof(cfg->mail_command) - 1);
	if (ad_mail_split(v, buf, sizeof(buf), argv, &why) < 0)
		return fail_at(ps, ps->line, "%s", why);
	memcpy(cfg->mail_command, v, strlen(v) + 1);
	return 0;
}

/* A home's mode, in octal: the owner may do everything, nobody else may
 * write (a writable home is another tenant's way in), and no set-id or
 * sticky bit. */
static int parse_home_mode(const struct parse *ps, const char *v, unsigned *dst)
{
	unsigned m = 0;
	size_t len = strlen(v);

	if (len < 3 || len > 4)
		return fail_at(
			ps, ps->line,
			"home_mode: '%.16s' is not an octal mode such as "
			"0700",
			v);
	for (const char *p = v; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return fail_at(
				ps, ps->line,
				"home_mode: '%.16s' is not an octal mode "
				"such as 0700",
				v);
		m = m * 8u + (unsigned)(*p - '0');
	}
	if (m > 0777u)
		return fail_at(ps, ps->line,
			       "home_mode: %04o sets a set-id or sticky bit",
			       m);
	if ((m & 0700u) != 0700u || (m & 0022u) != 0)
		return fail_at(ps, ps->line,
			       "home_mode: %04o must give the owner rwx and "
			       "nobody else write (0700, 0750, 0755...)",
			       m);
	*dst = m;
	return 0;
}

const char *const ad_config_key_names[K__COUNT] = {
	[K_SOCKET] = "socket",
	[K_STATE_DIR] = "state_dir",
	[K_UID_MIN] = "uid_min",
	[K_UID_MAX] = "uid_max",
	[K_GID_MIN] = "gid_min",
	[K_GID_MAX] = "gid_max",
	[K_DEFAULT_SHELL] = "default_shell",
	[K_HOME_BASE] = "home_base",
	[K_MAP_SIZE_MB] = "map_size_mb",
	[K_DEBUG] = "debug",
	[K_MAX_CONNECTIONS] = "max_connections",
	[K_CLIENT_TIMEOUT_MS] = "client_timeout_ms",
	[K_WORKERS] = "workers",
	[K_WORKER_QUEUE] = "worker_queue",
	[K_ARGON2_OPSLIMIT] = "argon2_opslimit",
	[K_ARGON2_MEMLIMIT_KB] = "argon2_memlimit_kb",
	[K_PASSWORD_MIN_LENGTH] = "password_min_length",
	[K_SESSION_KILL_GRACE_MS] = "session_kill_grace_ms",
	[K_LOCKOUT_ATTEMPTS] = "lockout_attempts",
	[K_LOCKOUT_WINDOW_S] = "lockout_window_s",
	[K_LOCKOUT_DURATION_S] = "lockout_duration_s",
	[K_MAX_CONNECTIONS_PER_UID] = "max_connections_per_uid",
	[K_ROOT_RESERVED_CONNECTIONS] = "root_reserved_connections",
	[K_MAX_SESSIONS] = "max_sessions",
	[K_MAX_SESSIONS_PER_USER] = "max_sessions_per_user",
	[K_MAX_SESSIONS_PER_CALLER] = "max_sessions_per_caller",
	[K_LOOKUP_PER_MINUTE] = "lookup_per_minute",
	[K_LOOKUP_BURST] = "lookup_burst",
	[K_AUTH_PER_MINUTE] = "auth_per_minute",
	[K_AUTH_BURST] = "auth_burst",
	[K_SESSION_PER_MINUTE] = "session_per_minute",
	[K_SESSION_BURST] = "session_burst",
	[K_MANAGE_PER_MINUTE] = "rate_limit_per_second",
	[K_MANAGE_BURST] = "rate_limit_burst",
	[K_AUDIT_COALESCE_S] = "audit_coalesce_s",
	[K_LOOKUP_VISIBILITY] = "lookup_visibility",
	[K_OPERATOR_GROUP] = "operator_group",
	[K_SUPPORT_GROUP] = "support_group",
	[K_MAIL_COMMAND] = "mail_command",
	[K_MAIL_FROM] = "mail_from",
	[K_MAIL_TIMEOUT_S] = "mail_timeout_s",
	[K_MAIL_QUEUE_MAX] = "mail_queue_max",
	[K_RESET_TOKEN_TTL_S] = "reset_token_ttl_s",
	[K_INVITE_TOKEN_TTL_S] = "invite_token_ttl_s",
	[K_VERIFY_TOKEN_TTL_S] = "verify_token_ttl_s",
	[K_ACCESS_TOKEN_TTL_S] = "access_token_ttl_s",
	[K_REFRESH_TOKEN_TTL_S] = "refresh_token_ttl_s",
	[K_MAX_SIGNINS_PER_USER] = "max_signins_per_user",
	[K_ZONEINFO_DIR] = "zoneinfo_dir",
	[K_RETENTION_DAYS] = "retention_days",
	[K_MAX_SSH_KEYS_PER_USER] = "max_ssh_keys_per_user",
	[K_MAX_API_KEYS_PER_USER] = "max_api_keys_per_user",
	[K_USAGE_FLUSH_S] = "usage_flush_s",
	[K_HOME_CREATE] = "home_create",
	[K_HOME_MODE] = "home_mode",
	[K_SKEL_DIR] = "skel_dir",
};

static int set_key(const struct parse *ps, struct ad_config *cfg,
		   enum ad_config_key k, const char *v)
{
	const char *name = ad_config_key_names[k];
	uint64_t n = 0;

	switch (k) {
	case K_SOCKET:
		return parse_path(ps, name, v, cfg->socket_path,
				  sizeof(cfg->socket_path));
	case K_STATE_DIR:
		return parse_path(ps, name, v, cfg->state_dir,
				  sizeof(cfg->state_dir));
	case K_UID_MIN:
		return parse_id(ps, name, v, &cfg->uid_min);
	case K_UID_MAX:
		return parse_id(ps, name, v, &cfg->uid_max);
	case K_GID_MIN:
		return parse_id(ps, name, v, &cfg->gid_min);
	case K_GID_MAX:
		return parse_id(ps, name, v, &cfg->gid_max);
	case K_DEFAULT_SHELL:
		return parse_path(ps, name, v, cfg->default_shell,
				  sizeof(cfg->default_shell));
	case K_HOME_BASE:
		return parse_path(ps, name, v, cfg->home_base,
				  sizeof(cfg->home_base));
	case K_MAP_SIZE_MB:
		if (parse_uint(ps, name, v, 1, AD_MAX_MAP_MB, &n) < 0)
			return -1;
		cfg->map_size = n << 20;
		return 0;
	case K_DEBUG:
		if (parse_bool(v, &cfg->log_debug) < 0)
			return fail_at(ps, ps->line,
				       "debug: '%s' is not yes or no", v);
		return 0;
	case K_MAX_CONNECTIONS:
		if (parse_uint(ps, name, v, 1, AD_MAX_CONNECTIONS, &n) < 0)
			return -1;
		cfg->max_connections = (unsigned)n;
		return 0;
	case K_CLIENT_TIMEOUT_MS:
		if (parse_uint(ps, name, v, AD_MIN_TIMEOUT_MS,
			       AD_MAX_TIMEOUT_MS, &n) < 0)
			return -1;
		cfg->client_timeout_ms = (unsigned)n;
		return 0;
	case K_WORKERS:
		if (parse_uint(ps, name, v, 0, AD_MAX_WORKERS, &n) < 0)
			return -1;
		cfg->workers = (unsigned)n;
		return 0;
	case K_WORKER_QUEUE:
		if (parse_uint(ps, name, v, 1, AD_MAX_WORKER_QUEUE, &n) < 0)
			return -1;
		cfg->worker_queue = (unsigned)n;
		return 0;
	case K_ARGON2_OPSLIMIT:
		return parse_uint(ps, name, v, crypto_pwhash_OPSLIMIT_MIN,
				  crypto_pwhash_OPSLIMIT_MAX,
				  &cfg->argon2_opslimit);
	case K_ARGON2_MEMLIMIT_KB:
		if (parse_uint(ps, name, v, AD_MIN_MEMLIMIT_KB,
			       AD_MAX_MEMLIMIT_KB, &n) < 0)
			return -1;
		cfg->argon2_memlimit = n * 1024u;
		return 0;
	case K_PASSWORD_MIN_LENGTH:
		if (parse_uint(ps, name, v, 1, ACCT_MAX_PASSWORD, &n) < 0)
			return -1;
		cfg->password_min_length = (unsigned)n;
		return 0;
	case K_SESSION_KILL_GRACE_MS:
		if (parse_uint(ps, name, v, 0, AD_MAX_KILL_GRACE_MS, &n) < 0)
			return -1;
		cfg->session_kill_grace_ms = (unsigned)n;
		return 0;
	case K_LOCKOUT_ATTEMPTS:
		if (parse_uint(ps, name, v, 0, AD_MAX_LOCKOUT_ATTEMPTS, &n) < 0)
			return -1;
		cfg->lockout_attempts = (unsigned)n;
		return 0;
	case K_LOCKOUT_WINDOW_S:
		return parse_uint(ps, name, v, 1, AD_MAX_LOCKOUT_S,
				  &cfg->lockout_window_s);
	case K_LOCKOUT_DURATION_S:
		return parse_uint(ps, name, v, 1, AD_MAX_LOCKOUT_S,
				  &cfg->lockout_duration_s);
	case K_MAX_CONNECTIONS_PER_UID:
		return parse_unsigned(ps, name, v, 1, AD_MAX_CONNECTIONS,
				      &cfg->max_connections_per_uid);
	case K_ROOT_RESERVED_CONNECTIONS:
		return parse_unsigned(ps, name, v, 0, AD_MAX_CONNECTIONS,
				      &cfg->root_reserved_connections);
	case K_MAX_SESSIONS:
		return parse_unsigned(ps, name, v, 1, AD_MAX_SESSIONS,
				      &cfg->max_sessions);
	case K_MAX_SESSIONS_PER_USER:
		return parse_unsigned(ps, name, v, 1, AD_MAX_SESSIONS,
				      &cfg->max_sessions_per_user);
	case K_MAX_SESSIONS_PER_CALLER:
		return parse_unsigned(ps, name, v, 1, AD_MAX_SESSIONS,
				      &cfg->max_sessions_per_caller);
	case K_MANAGE_PER_MINUTE: /* management: per second, as the issue
				     that asked for it named it */
		if (parse_uint(ps, name, v, 1, AD_MAX_RATE / 60, &n) < 0)
			return -1;
		cfg->rate[AD_RATE_MANAGE].per_minute = (unsigned)n * 60u;
		return 0;
	case K_LOOKUP_PER_MINUTE:
	case K_AUTH_PER_MINUTE:
	case K_SESSION_PER_MINUTE:
		return parse_unsigned(
			ps, name, v, 1, AD_MAX_RATE,
			&cfg->rate[(k - K_LOOKUP_PER_MINUTE) / 2].per_minute);
	case K_LOOKUP_BURST:
	case K_AUTH_BURST:
	case K_SESSION_BURST:
	case K_MANAGE_BURST:
		return parse_unsigned(
			ps, name, v, 1, AD_MAX_RATE,
			&cfg->rate[(k - K_LOOKUP_PER_MINUTE) / 2].burst);
	case K_AUDIT_COALESCE_S:
		return parse_unsigned(ps, name, v, 0, AD_MAX_COALESCE_S,
				      &cfg->audit_coalesce_s);
	case K_LOOKUP_VISIBILITY:
		return parse_visibility(ps, name, v, &cfg->lookup_visibility);
	case K_OPERATOR_GROUP:
		return parse_group(ps, name, v, cfg->operator_group);
	case K_SUPPORT_GROUP:
		return parse_group(ps, name, v, cfg->support_group);
	case K_MAIL_COMMAND:
		return parse_mail_command(ps, v, cfg);
	case K_MAIL_FROM:
		if (strlen(v) >= sizeof(cfg->mail_from) ||
		    !ad_mail_address_ok(v, strlen(v)))
			return fail_at(ps, ps->line,
				       "mail_from: '%.64s' is not one plain "
				       "address (user@host)",
				       v);
		memcpy(cfg->mail_from, v, strlen(v) + 1);
		return 0;
	case K_MAIL_TIMEOUT_S:
		return parse_unsigned(ps, name, v, 1, AD_MAX_MAIL_TIMEOUT_S,
				      &cfg->mail_timeout_s);
	case K_MAIL_QUEUE_MAX:
		return parse_unsigned(ps, name, v, 1, AD_MAX_MAIL_QUEUE,
				      &cfg->mail_queue_max);
	case K_RESET_TOKEN_TTL_S:
		return parse_uint(ps, name, v, AD_MIN_TOKEN_TTL_S,
				  AD_MAX_TOKEN_TTL_S, &cfg->reset_token_ttl_s);
	case K_INVITE_TOKEN_TTL_S:
		return parse_uint(ps, name, v, AD_MIN_TOKEN_TTL_S,
				  AD_MAX_TOKEN_TTL_S, &cfg->invite_token_ttl_s);
	case K_VERIFY_TOKEN_TTL_S:
		return parse_uint(ps, name, v, AD_MIN_TOKEN_TTL_S,
				  AD_MAX_TOKEN_TTL_S, &cfg->verify_token_ttl_s);
	case K_ACCESS_TOKEN_TTL_S:
		return parse_uint(ps, name, v, AD_MIN_TOKEN_TTL_S,
				  AD_MAX_ACCESS_TTL_S,
				  &cfg->access_token_ttl_s);
	case K_REFRESH_TOKEN_TTL_S:
		return parse_uint(ps, name, v, AD_MIN_TOKEN_TTL_S,
				  AD_MAX_REFRESH_TTL_S,
				  &cfg->refresh_token_ttl_s);
	case K_MAX_SIGNINS_PER_USER:
		return parse_unsigned(ps, name, v, 1, AD_MAX_SIGNINS,
				      &cfg->max_signins_per_user);
	case K_ZONEINFO_DIR:
		return parse_path(ps, name, v, cfg->zoneinfo_dir,
				  sizeof(cfg->zoneinfo_dir));
	case K_RETENTION_DAYS:
		return parse_unsigned(ps, name, v, 0, AD_MAX_RETENTION_DAYS,
				      &cfg->retention_days);
	case K_MAX_SSH_KEYS_PER_USER:
		return parse_unsigned(ps, name, v, 1, AD_MAX_SSH_KEYS,
				      &cfg->max_ssh_keys_per_user);
	case K_MAX_API_KEYS_PER_USER:
		return parse_unsigned(ps, name, v, 1, AD_MAX_API_KEYS,
				      &cfg->max_api_keys_per_user);
	case K_USAGE_FLUSH_S:
		return parse_unsigned(ps, name, v, 1, AD_MAX_USAGE_FLUSH_S,
				      &cfg->usage_flush_s);
	case K_HOME_CREATE:
		if (parse_bool(v, &cfg->home_create) < 0)
			return fail_at(ps, ps->line,
				       "home_create: '%s' is not yes or no", v);
		return 0;
	case K_HOME_MODE:
		return parse_home_mode(ps, v, &cfg->home_mode);
	case K_SKEL_DIR:
		return parse_path(ps, name, v, cfg->skel_dir,
				  sizeof(cfg->skel_dir));
	case K__COUNT:
		break;
	}
	return fail_at(ps, ps->line, "internal error: key %d", (int)k);
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

/* Where each key was last set: its file and line, and a number that grows
 * over the whole load (0: not set), so that the later of two is known
 * across files. */
struct origins {
	const char *file[K__COUNT];
	unsigned line[K__COUNT];
	unsigned long seq[K__COUNT];
	unsigned long next;
};

/* An error about a pair of keys, at the line of the one set later (the
 * first file, line 0, when neither was set: a default against a value). */
__attribute__((format(printf, 5, 6))) static void
fail_pair(const struct parse *ps, const struct origins *o, enum ad_config_key a,
	  enum ad_config_key b, const char *fmt, ...)
{
	enum ad_config_key k = o->seq[a] > o->seq[b] ? a : b;
	struct parse at = *ps;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->file[k] != NULL)
		at.path = o->file[k];
	(void)fail_at(&at, o->line[k], "%s", msg);
}

/* default_shell must be a login shell of the host (issue 10); a list
 * that cannot be read is the daemon's problem at the first user, not a
 * reason to refuse the file. */
static int check_default_shell(const struct ad_config *cfg)
{
	const char *path =
		cfg->shells_file ? cfg->shells_file : ACCT_SHELLS_FILE;

	return acct_shell_listed(path, cfg->default_shell) == 0 ? -1 : 0;
}

/* Rules between keys, checked once every file is in; each broken rule
 * is one error. */
static void check_ranges(const struct parse *ps, struct ad_config *cfg,
			 const struct origins *o)
{
	if (cfg->uid_min > cfg->uid_max)
		fail_pair(ps, o, K_UID_MIN, K_UID_MAX,
			  "uid_min %" PRIu32 " is above uid_max %" PRIu32,
			  cfg->uid_min, cfg->uid_max);
	if (cfg->gid_min > cfg->gid_max)
		fail_pair(ps, o, K_GID_MIN, K_GID_MAX,
			  "gid_min %" PRIu32 " is above gid_max %" PRIu32,
			  cfg->gid_min, cfg->gid_max);
	/* the default reserve never takes more than a quarter of a small
	 * max_connections; a reserve set in a file must leave some */
	if (o->seq[K_ROOT_RESERVED_CONNECTIONS] == 0 &&
	    cfg->root_reserved_connections > cfg->max_connections / 4)
		cfg->root_reserved_connections = cfg->max_connections / 4;
	if (cfg->root_reserved_connections >= cfg->max_connections)
		fail_pair(ps, o, K_ROOT_RESERVED_CONNECTIONS, K_MAX_CONNECTIONS,
			  "root_reserved_connections %u leaves no "
			  "connection of max_connections %u to others",
			  cfg->root_reserved_connections, cfg->max_connections);
	if (check_default_shell(cfg) != 0)
		fail_pair(ps, o, K_DEFAULT_SHELL, K_DEFAULT_SHELL,
			  "default_shell %s is not listed in %s",
			  cfg->default_shell,
			  cfg->shells_file ? cfg->shells_file
					   : ACCT_SHELLS_FILE);
	/* a sign-in's access token cannot outlive what renews it */
	if (cfg->access_token_ttl_s > cfg->refresh_token_ttl_s)
		fail_pair(ps, o, K_ACCESS_TOKEN_TTL_S, K_REFRESH_TOKEN_TTL_S,
			  "access_token_ttl_s %llu is longer than "
			  "refresh_token_ttl_s %llu",
			  (unsigned long long)cfg->access_token_ttl_s,
			  (unsigned long long)cfg->refresh_token_ttl_s);
}

/* One line: a comment, a blank, or "key = value".  A key set before (in
 * this file or an earlier one) takes the new value. */
static int parse_line(const struct parse *ps, struct ad_config *cfg, char *line,
		      struct origins *o)
{
	char *key, *val, *eq;

	key = trim(line);
	if (*key == '\0' || *key == '#')
		return 0;
	eq = strchr(key, '=');
	if (eq == NULL)
		return fail_at(ps, ps->line, "expected 'key = value'");
	*eq = '\0';
	key = trim(key);
	val = trim(eq + 1);
	for (int k = 0; k < K__COUNT; k++) {
		if (strcmp(key, ad_config_key_names[k]) != 0)
			continue;
		if (*val == '\0')
			return fail_at(ps, ps->line, "%s has no value", key);
		o->file[k] = ps->path;
		o->line[k] = ps->line;
		o->seq[k] = ++o->next;
		return set_key(ps, cfg, (enum ad_config_key)k, val);
	}
	if (*key == '\0')
		return fail_at(ps, ps->line, "expected 'key = value'");
	return fail_at(ps, ps->line, "unknown key '%.64s'", key);
}

/* Every line of f; a bad line is reported and the next one read. */
static void parse_file(const struct parse *pst, FILE *f, struct ad_config *cfg,
		       struct origins *o)
{
	struct parse ps = *pst;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	for (ps.line = 1; (n = getline(&buf, &cap, f)) >= 0; ps.line++) {
		if ((size_t)n != strlen(buf)) {
			(void)fail_at(&ps, ps.line, "NUL byte in line");
			continue;
		}
		if (n > AD_MAX_LINE) {
			(void)fail_at(&ps, ps.line, "line too long");
			continue;
		}
		(void)parse_line(&ps, cfg, buf, o);
	}
	free(buf);
	if (ferror(f))
		(void)fail_at(&ps, 0, "read error: %s", strerror(errno));
}

/* Add path to cfg->config_files ("path\n" each), for STATUS. */
static void note_file(const struct parse *ps, struct ad_config *cfg,
		      const char *path)
{
	size_t used = strlen(cfg->config_files);
	size_t len = strlen(path);

	if (len + 2 > sizeof(cfg->config_files) - used) {
		(void)fail_at(ps, 0, "too many configuration files to list");
		return;
	}
	memcpy(cfg->config_files + used, path, len);
	cfg->config_files[used + len] = '\n';
	cfg->config_files[used + len + 1] = '\0';
}

/* Read path (which outlives the load: errors and origins point at it)
 * into cfg; absent and not required: nothing. */
static void read_one(const struct parse *ps, struct ad_config *cfg,
		     const char *path, int required, struct origins *o)
{
	struct parse at = {.path = path, .line = 0, .errs = ps->errs};
	FILE *f;

	f = fopen(path, "re");
	if (f == NULL) {
		if (errno != ENOENT || required)
			(void)fail_at(&at, 0, "cannot open: %s",
				      strerror(errno));
		return;
	}
	note_file(&at, cfg, path);
	parse_file(&at, f, cfg, o);
	fclose(f);
}

/* A drop-in: NAME.conf, not hidden (editors' and packagers' leftovers,
 * such as .x.conf.swp or x.conf.dpkg-old, are not read). */
static int is_dropin(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return e->d_name[0] != '.' && len > 5 &&
	       strcmp(e->d_name + len - 5, ".conf") == 0;
}

/* Byte order, whatever the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Their full names, which errors and origins point at until the load
 * ends. */
typedef char dropin_path[PATH_MAX];

/* path's drop-ins, in order, after it; *kept gets their names (free it
 * once the load is over). */
static void read_dropins(const struct parse *ps, struct ad_config *cfg,
			 const char *path, struct origins *o,
			 dropin_path **kept)
{
	struct parse at = *ps;
	char dir[PATH_MAX];
	struct dirent **list = NULL;
	dropin_path *paths = NULL;
	int n;

	if (snprintf(dir, sizeof(dir), "%s" AD_CONFIG_DROPIN_DIR, path) >=
	    (int)sizeof(dir)) {
		(void)fail_at(ps, 0, "its drop-in directory name is too long");
		return;
	}
	at.path = dir;
	n = scandir(dir, &list, is_dropin, by_name);
	if (n < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			(void)fail_at(&at, 0, "cannot read: %s",
				      strerror(errno));
		return;
	}
	if ((unsigned)n > AD_CONFIG_MAX_DROPINS)
		(void)fail_at(&at, 0, "%d drop-ins: at most %u are read", n,
			      AD_CONFIG_MAX_DROPINS);
	else if (n > 0 && (paths = calloc((size_t)n, sizeof(*paths))) == NULL)
		(void)fail_at(&at, 0, "out of memory");
	for (int i = 0; paths != NULL && i < n; i++) {
		if (snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir,
			     list[i]->d_name) >= (int)sizeof(paths[i]))
			(void)fail_at(&at, 0, "'%.64s': name too long",
				      list[i]->d_name);
		else
			read_one(ps, cfg, paths[i], 1, o);
	}
	*kept = paths;
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int ad_config_read(struct ad_config *cfg, const char *path, int required,
		   struct ad_config_errors *errs)
{
	struct ad_config_errors mine = *errs;
	const struct parse ps = {.path = path, .line = 0, .errs = &mine};
	dropin_path *kept = NULL;
	struct ad_config *tmp;
	struct origins o;

	mine.count = 0;
	/* the scratch copy is 20 KiB: not on a reload's stack */
	tmp = malloc(sizeof(*tmp));
	if (tmp == NULL) {
		(void)fail_at(&ps, 0, "out of memory");
		errs->count += mine.count;
		return -1;
	}
	memset(&o, 0, sizeof(o));
	*tmp = *cfg;
	tmp->config_files[0] = '\0';
	read_one(&ps, tmp, path, required, &o);
	read_dropins(&ps, tmp, path, &o, &kept);
	/* rules between keys: with every value in (a key that failed would
	 * only add a confusing second error) */
	if (mine.count == 0)
		check_ranges(&ps, tmp, &o);
	free(kept);
	if (mine.count > AD_CONFIG_MAX_ERRORS) {
		char more[64];

		snprintf(more, sizeof(more), "... and %u more errors",
			 mine.count - AD_CONFIG_MAX_ERRORS);
		mine.report(mine.arg, more);
	}
	errs->count += mine.count;
	if (mine.count == 0)
		*cfg = *tmp;
	free(tmp);
	return mine.count == 0 ? 0 : -1;
}

/* ad_config_load's sink: the messages, one a line, as many as fit. */
struct joined {
	char *buf;
	size_t size;
};

static void join_error(void *arg, const char *msg)
{
	struct joined *j = arg;
	size_t used = strlen(j->buf);

	if (j->size == 0 || used + 1 >= j->size)
		return;
	snprintf(j->buf + used, j->size - used, "%s%s", used > 0 ? "\n" : "",
		 msg);
}

int ad_config_load(struct ad_config *cfg, const char *path, int required,
		   char *err, size_t errlen)
{
	struct joined j = {err, errlen};
	struct ad_config_errors errs = {join_error, &j, 0};

	if (errlen > 0)
		err[0] = '\0';
	return ad_config_read(cfg, path, required, &errs);
}
