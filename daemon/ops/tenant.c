/*
 * tenant.c - TENANT_CREATE, TENANT_LIST, TENANT_SHOW and
 * TENANT_UPDATE.  Replies carry ACCT_T_TENANT_REC records.
 */
#include "ops/handlers.h"
#include "policy/permission.h"
#include "server/log.h"

/* TENANT_CREATE and TENANT_UPDATE take the same fields to the store. */
typedef int (*tenant_write_fn)(struct ad_store *st, struct ad_str slug,
			       struct ad_str display_name, const char *actor,
			       struct ad_tenant *out, struct ad_err *err);

/* The tenant a request names; a directory user's own when it names
 * none (the permission check has seen to the rest). */
static int tenant_named(const struct ad_request *rq, struct ad_str *slug,
			struct ad_err *err)
{
	bool own = rq->caller.kind == AD_CALLER_USER;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, !own, slug, err);
	if (rc == ACCT_ST_OK && !ad_str_given(*slug))
		*slug = ad_str_c(rq->caller.tenant);
	return rc;
}

/* What a tenant's own users are not told of it. */
static void for_caller(const struct ad_request *rq, struct ad_tenant *t)
{
	if (!ad_policy_platform(&rq->caller))
		t->status_reason[0] = '\0';
}

/* The slug and display name of a request that writes a tenant, the
 * slug noted in its audit record. */
static int tenant_fields(const struct ad_request *rq, struct ad_str *slug,
			 struct ad_str *display, struct ad_err *err)
{
	char name[ACCT_MAX_SLUG + 1];
	int rc;

	rc = tenant_named(rq, slug, err);
	/* the record names the tenant as its tenant too, so that a filter
	 * (or a scope) on the tenant finds its own events */
	if (rc == ACCT_ST_OK && rq->audit != NULL)
		ad_audit_note(rq->audit, NULL,
			      ad_printable(name, sizeof(name), *slug), NULL);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_DISPLAY_NAME,
				false, display, err);
	return rc;
}

static int write_tenant(struct ad_ctx *ctx, const struct ad_request *rq,
			tenant_write_fn write, struct ad_str *display,
			struct ad_tenant *t, struct ad_err *err)
{
	struct ad_str slug;
	int rc;

	rc = tenant_fields(rq, &slug, display, err);
	if (rc == ACCT_ST_OK)
		rc = write(ctx->store, slug, *display, rq->caller.actor, t,
			   err);
	return rc;
}

AD_HANDLER(ad_handle_tenant_create)
{
	struct ad_str display;
	struct ad_tenant t;
	int rc;

	rc = write_tenant(ctx, rq, ad_store_tenant_create, &display, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "created tenant '%s' (group gid %u, admins gid %u)", t.slug,
		    t.gid, t.admin_gid);
	ad_wire_tenant(reply, &t);
	return ACCT_ST_OK;
}

static int list_one(void *arg, const struct ad_tenant *t)
{
	return ad_wire_tenant(arg, t) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_tenant_list)
{
	return ad_store_tenant_list(ctx->store, list_one, reply, err);
}

AD_HANDLER(ad_handle_tenant_show)
{
	struct ad_tenant t;
	struct ad_str slug;
	int rc;

	rc = tenant_named(rq, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_get(ctx->store, slug, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	for_caller(rq, &t);
	ad_wire_tenant(reply, &t);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_tenant_update)
{
	struct ad_str slug, display;
	struct ad_tenant t;
	uint32_t app = 0;
	bool app_given = false;
	int rc;

	rc = tenant_fields(rq, &slug, &display, err);
	/* the app_passwords switch (issue 9): 0 or 1 */
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_APP_PASSWORDS,
				false, &app, &app_given, err);
	if (rc == ACCT_ST_OK && app_given && app > 1)
		rc = ad_fail(err, ACCT_ST_INVALID, "app_passwords is 0 or 1");
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_edit(ctx->store, slug, display,
					  app_given ? (int)app : -1,
					  rq->caller.actor, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(display))
		ad_log_peer(LOG_INFO, peer, "updated tenant '%s': display name",
			    t.slug);
	if (app_given)
		ad_log_peer(LOG_INFO, peer,
			    "updated tenant '%s': app passwords %s", t.slug,
			    app != 0 ? "on" : "off");
	for_caller(rq, &t);
	ad_wire_tenant(reply, &t);
	return ACCT_ST_OK;
}
