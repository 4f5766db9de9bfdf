/* status_ops.c - STATUS's fields for operating the daemon (see
 * status_ops.h and acct_proto.h, tags 360..). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ops/status_ops.h"
#include "policy/status.h"

/* "2026-12-03T09:55:00Z" */
static void iso_time(uint64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "%" PRIu64, t);
}

/* The chain as last verified, in a line. */
static void audit_state(const struct ad_ctx *ctx, struct acct_buf *reply)
{
	char when[32], line[AD_AUDIT_CHAIN_MAX + 96];

	if (ctx->audit_verified_at == 0) {
		/* never walked (the walk itself failed at startup): say why */
		snprintf(line, sizeof(line), "%s",
			 ctx->audit_chain[0] != '\0' ? ctx->audit_chain
						     : "not verified");
		acct_put_str(reply, ACCT_T_AUDIT_STATE, line);
		return;
	}
	iso_time(ctx->audit_verified_at, when, sizeof(when));
	if (ctx->audit_broken != 0)
		snprintf(line, sizeof(line),
			 "broken at record %" PRIu64 " (verified at %s)",
			 ctx->audit_broken, when);
	else
		snprintf(line, sizeof(line),
			 "verified up to record %" PRIu64 " at %s",
			 ctx->audit_verified, when);
	acct_put_str(reply, ACCT_T_AUDIT_STATE, line);
	acct_put_u64(reply, ACCT_T_AUDIT_VERIFIED, ctx->audit_verified);
	acct_put_u64(reply, ACCT_T_AUDIT_VERIFIED_AT, ctx->audit_verified_at);
	if (ctx->audit_broken != 0)
		acct_put_u64(reply, ACCT_T_AUDIT_BROKEN_AT, ctx->audit_broken);
}

/* Each file the configuration came from ("path\n" each). */
static void config_files(const char *list, struct acct_buf *reply)
{
	const char *p = list, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		size_t len = (size_t)(nl - p);

		if (len > 0 && len <= ACCT_MAX_STR)
			acct_put_strn(reply, ACCT_T_CONFIG_FILE, p, len);
		p = nl + 1;
	}
}

void ad_status_operating(const struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_store_stats *s, struct acct_buf *reply)
{
	/* (both below 2^50: the product cannot overflow) */
	uint32_t used = s->map_size > 0
				? (uint32_t)(s->db_size * 100u / s->map_size)
				: 0;

	/* answering at all: the daemon finished starting */
	acct_put_u32(reply, ACCT_T_READY, 1);
	audit_state(ctx, reply);
	acct_put_u32(reply, ACCT_T_MAP_USED_PERCENT, used);
	if (!ad_policy_status_shows_paths((uint32_t)peer->uid, peer->platform))
		return;
	config_files(ctx->cfg->config_files, reply);
	acct_put_str(reply, ACCT_T_SOCKET_PATH, ctx->cfg->socket_path);
	acct_put_str(reply, ACCT_T_STATE_DIR, ctx->cfg->state_dir);
}
