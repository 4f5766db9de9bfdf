/* status.c - PING and STATUS: is the daemon there, and how is it. */
#include <time.h>

#include "ops/handlers.h"
#include "ops/status_ops.h"
#include "store/outbox.h"

AD_HANDLER(ad_handle_ping)
{
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_status)
{
	struct ad_store_stats s;
	time_t now = time(NULL);
	uint32_t mail_queued = 0;
	int rc;

	rc = ad_store_stats(ctx->store, &s, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_outbox_count(ctx->store, &mail_queued, err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_put_str(reply, ACCT_T_VERSION, PACKAGE_VERSION);
	acct_put_u64(reply, ACCT_T_UPTIME,
		     now > ctx->started ? (uint64_t)(now - ctx->started) : 0);
	acct_put_u32(reply, ACCT_T_SCHEMA, s.schema);
	acct_put_u32(reply, ACCT_T_COUNT_TENANTS, s.tenants);
	acct_put_u32(reply, ACCT_T_COUNT_USERS, s.users);
	acct_put_u32(reply, ACCT_T_COUNT_GROUPS, s.groups);
	acct_put_u64(reply, ACCT_T_DB_SIZE, s.db_size);
	acct_put_u64(reply, ACCT_T_DB_MAPSIZE, s.map_size);
	acct_put_u32(reply, ACCT_T_CONNECTIONS, ctx->connections);
	acct_put_u64(reply, ACCT_T_AUDIT_RECORDS, s.audit_records);
	acct_put_str(reply, ACCT_T_AUDIT_CHAIN,
		     ctx->audit_chain[0] != '\0' ? ctx->audit_chain
						 : "not verified");
	acct_put_u32(reply, ACCT_T_MAIL_QUEUED, mail_queued);
	ad_status_operating(ctx, peer, &s, reply);
	return ACCT_ST_OK;
}
