/* ctl_status.c - `accountsctl status`: is the daemon up and ready, and how
 * big is it.  Meant for health checks, so it fails fast. */
#include <inttypes.h>
#include <string.h>

#include "ctl.h"

static uint64_t field_u64(const void *rec, size_t len, uint16_t tag)
{
	struct acct_field f;
	uint64_t v = 0;

	if (acct_find(rec, len, tag, &f) != 1 || acct_get_u64(&f, &v) != 0)
		return 0;
	return v;
}

/* A database close to its map size refuses writes soon: say so. */
static void warn_if_full(const struct ctl_env *env, const void *rec, size_t len)
{
	uint64_t used = field_u64(rec, len, ACCT_T_DB_SIZE);
	uint64_t map = field_u64(rec, len, ACCT_T_DB_MAPSIZE);

	/* (both below 2^50: the products cannot overflow) */
	if (map == 0 || used * 100 < map * ACCT_MAP_WARN_PERCENT)
		return;
	fprintf(env->err,
		CTL_PROG ": warning: the database is %" PRIu64
			 "%% full (%" PRIu64 " of %" PRIu64
			 " bytes); raise map_size_mb before writes fail\n",
		used * 100 / map, used, map);
}

/* A broken audit chain means records were changed behind the daemon. */
static void warn_if_tampered(const struct ctl_env *env, const void *rec,
			     size_t len)
{
	char chain[ACCT_MAX_STR + 1];

	if (ctl_rec_str(rec, len, ACCT_T_AUDIT_CHAIN, chain, sizeof(chain)) &&
	    strcmp(chain, "intact") != 0)
		fprintf(env->err, CTL_PROG ": warning: audit chain %s\n",
			chain);
}

int ctl_cmd_status(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_env e = *env;
	struct acct_reply rep;
	int rc;

	(void)a;
	/* A health check must not hang for the admin default of a minute:
	 * without --timeout, wait a few seconds at most. */
	if (!e.timeout_given && e.timeout_ms > ACCT_STATUS_TIMEOUT_MS)
		e.timeout_ms = ACCT_STATUS_TIMEOUT_MS;
	rc = ctl_request(&e, ACCT_OP_STATUS, NULL, &rep);
	if (rc != 0)
		return rc;
	rc = ctl_emit_record(&e, &ctl_status_schema, rep.payload, rep.len);
	warn_if_full(&e, rep.payload, rep.len);
	warn_if_tampered(&e, rep.payload, rep.len);
	acct_reply_free(&rep);
	return rc;
}
