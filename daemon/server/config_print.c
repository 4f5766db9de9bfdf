/*
 * config_print.c - accountsd --print-config: every key with the value in
 * force, written so that the output is itself a valid accountsd.conf
 * (an empty string, which no file can set, is written with no value).
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include "server/config.h"
#include "server/config_keys.h"

/* The value of key k in cfg, as the file would say it. */
static void value_of(const struct ad_config *cfg, enum ad_config_key k, char *v,
		     size_t size)
{
	const struct ad_rate_cfg *r = cfg->rate;

	switch (k) {
	case K_SOCKET:
		snprintf(v, size, "%s", cfg->socket_path);
		return;
	case K_STATE_DIR:
		snprintf(v, size, "%s", cfg->state_dir);
		return;
	case K_UID_MIN:
		snprintf(v, size, "%" PRIu32, cfg->uid_min);
		return;
	case K_UID_MAX:
		snprintf(v, size, "%" PRIu32, cfg->uid_max);
		return;
	case K_GID_MIN:
		snprintf(v, size, "%" PRIu32, cfg->gid_min);
		return;
	case K_GID_MAX:
		snprintf(v, size, "%" PRIu32, cfg->gid_max);
		return;
	case K_DEFAULT_SHELL:
		snprintf(v, size, "%s", cfg->default_shell);
		return;
	case K_HOME_BASE:
		snprintf(v, size, "%s", cfg->home_base);
		return;
	case K_MAP_SIZE_MB:
		snprintf(v, size, "%" PRIu64, cfg->map_size >> 20);
		return;
	case K_DEBUG:
		snprintf(v, size, "%s", cfg->log_debug ? "yes" : "no");
		return;
	case K_MAX_CONNECTIONS:
		snprintf(v, size, "%u", cfg->max_connections);
		return;
	case K_CLIENT_TIMEOUT_MS:
		snprintf(v, size, "%u", cfg->client_timeout_ms);
		return;
	case K_WORKERS:
		snprintf(v, size, "%u", cfg->workers);
		return;
	case K_WORKER_QUEUE:
		snprintf(v, size, "%u", cfg->worker_queue);
		return;
	case K_ARGON2_OPSLIMIT:
		snprintf(v, size, "%" PRIu64, cfg->argon2_opslimit);
		return;
	case K_ARGON2_MEMLIMIT_KB:
		snprintf(v, size, "%" PRIu64, cfg->argon2_memlimit >> 10);
		return;
	case K_PASSWORD_MIN_LENGTH:
		snprintf(v, size, "%u", cfg->password_min_length);
		return;
	case K_SESSION_KILL_GRACE_MS:
		snprintf(v, size, "%u", cfg->session_kill_grace_ms);
		return;
	case K_LOCKOUT_ATTEMPTS:
		snprintf(v, size, "%u", cfg->lockout_attempts);
		return;
	case K_LOCKOUT_WINDOW_S:
		snprintf(v, size, "%" PRIu64, cfg->lockout_window_s);
		return;
	case K_LOCKOUT_DURATION_S:
		snprintf(v, size, "%" PRIu64, cfg->lockout_duration_s);
		return;
	case K_MAX_CONNECTIONS_PER_UID:
		snprintf(v, size, "%u", cfg->max_connections_per_uid);
		return;
	case K_ROOT_RESERVED_CONNECTIONS:
		snprintf(v, size, "%u", cfg->root_reserved_connections);
		return;
	case K_MAX_SESSIONS:
		snprintf(v, size, "%u", cfg->max_sessions);
		return;
	case K_MAX_SESSIONS_PER_USER:
		snprintf(v, size, "%u", cfg->max_sessions_per_user);
		return;
	case K_MAX_SESSIONS_PER_CALLER:
		snprintf(v, size, "%u", cfg->max_sessions_per_caller);
		return;
	case K_MANAGE_PER_MINUTE: /* named per second in the file */
		snprintf(v, size, "%u", r[AD_RATE_MANAGE].per_minute / 60u);
		return;
	case K_LOOKUP_PER_MINUTE:
	case K_AUTH_PER_MINUTE:
	case K_SESSION_PER_MINUTE:
		snprintf(v, size, "%u",
			 r[(k - K_LOOKUP_PER_MINUTE) / 2].per_minute);
		return;
	case K_LOOKUP_BURST:
	case K_AUTH_BURST:
	case K_SESSION_BURST:
	case K_MANAGE_BURST:
		snprintf(v, size, "%u", r[(k - K_LOOKUP_PER_MINUTE) / 2].burst);
		return;
	case K_AUDIT_COALESCE_S:
		snprintf(v, size, "%u", cfg->audit_coalesce_s);
		return;
	case K_LOOKUP_VISIBILITY:
		snprintf(v, size, "%s",
			 cfg->lookup_visibility == AD_VISIBILITY_TENANT
				 ? "tenant"
				 : "all");
		return;
	case K_OPERATOR_GROUP:
		snprintf(v, size, "%s", cfg->operator_group);
		return;
	case K_SUPPORT_GROUP:
		snprintf(v, size, "%s", cfg->support_group);
		return;
	case K_MAIL_COMMAND:
		snprintf(v, size, "%s", cfg->mail_command);
		return;
	case K_MAIL_FROM:
		snprintf(v, size, "%s", cfg->mail_from);
		return;
	case K_MAIL_TIMEOUT_S:
		snprintf(v, size, "%u", cfg->mail_timeout_s);
		return;
	case K_MAIL_QUEUE_MAX:
		snprintf(v, size, "%u", cfg->mail_queue_max);
		return;
	case K_RESET_TOKEN_TTL_S:
		snprintf(v, size, "%" PRIu64, cfg->reset_token_ttl_s);
		return;
	case K_INVITE_TOKEN_TTL_S:
		snprintf(v, size, "%" PRIu64, cfg->invite_token_ttl_s);
		return;
	case K_VERIFY_TOKEN_TTL_S:
		snprintf(v, size, "%" PRIu64, cfg->verify_token_ttl_s);
		return;
	case K_ACCESS_TOKEN_TTL_S:
		snprintf(v, size, "%" PRIu64, cfg->access_token_ttl_s);
		return;
	case K_REFRESH_TOKEN_TTL_S:
		snprintf(v, size, "%" PRIu64, cfg->refresh_token_ttl_s);
		return;
	case K_MAX_SIGNINS_PER_USER:
		snprintf(v, size, "%u", cfg->max_signins_per_user);
		return;
	case K_ZONEINFO_DIR:
		snprintf(v, size, "%s", cfg->zoneinfo_dir);
		return;
	case K_RETENTION_DAYS:
		snprintf(v, size, "%u", cfg->retention_days);
		return;
	case K_MAX_SSH_KEYS_PER_USER:
		snprintf(v, size, "%u", cfg->max_ssh_keys_per_user);
		return;
	case K_MAX_API_KEYS_PER_USER:
		snprintf(v, size, "%u", cfg->max_api_keys_per_user);
		return;
	case K_USAGE_FLUSH_S:
		snprintf(v, size, "%u", cfg->usage_flush_s);
		return;
	case K_HOME_CREATE:
		snprintf(v, size, "%s", cfg->home_create ? "yes" : "no");
		return;
	case K_HOME_MODE:
		snprintf(v, size, "%04o", cfg->home_mode);
		return;
	case K_SKEL_DIR:
		snprintf(v, size, "%s", cfg->skel_dir);
		return;
	case K__COUNT:
		break;
	}
	v[0] = '\0';
}

void ad_config_print(FILE *out, const struct ad_config *cfg)
{
	char v[PATH_MAX + 64];

	for (int k = 0; k < K__COUNT; k++) {
		value_of(cfg, (enum ad_config_key)k, v, sizeof(v));
		fprintf(out, "%s =%s%s\n", ad_config_key_names[k],
			v[0] != '\0' ? " " : "", v);
	}
}
