/*
 * group.c - GROUP_CREATE, GROUP_LIST, GROUP_SHOW,
 * GROUP_ADD_MEMBER, GROUP_REMOVE_MEMBER and GROUP_DELETE.  Replies carry
 * ACCT_T_GROUP records with TENANT, TENANT_GID and KIND besides NAME and
 * GID (and MEMBER for GROUP_SHOW).
 */
#include "acct_names.h"
#include "ops/handlers.h"
#include "ops/target.h"
#include "policy/tenant.h"
#include "server/log.h"

static const char *kind_name(uint32_t kind)
{
	const char *name = acct_group_kind_name(kind);

	return name != NULL ? name : "unknown";
}

/* The fields of a group, inside a rec the caller opened. */

AD_HANDLER(ad_handle_group_create)
{
	struct ad_str tenant, name;
	struct ad_group g;
	int rc;

	rc = ad_scope_tenant(rq, &tenant, err);
	if (rc == ACCT_ST_OK && !ad_str_given(tenant))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: tenant");
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name,
				err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_group_create(ctx->store, tenant, name,
					   ad_policy_tenant_open,
					   rq->caller.actor, &g, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "created group '%s' (gid %u) in tenant '%s'", g.name, g.gid,
		    g.tenant);
	ad_wire_group(reply, &g);
	return ACCT_ST_OK;
}

static int list_one(void *arg, const struct ad_group *g)
{
	return ad_wire_group(arg, g) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_group_list)
{
	struct ad_str tenant;
	int rc;

	rc = ad_scope_tenant(rq, &tenant, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_group_list(ctx->store, tenant, list_one, reply, err);
}

static int put_member(void *arg, const char *login, size_t len)
{
	return ad_wire_member(arg, login, len) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_group_show)
{
	struct ad_str name;
	struct ad_group g;
	size_t mark;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* members stream in first; the fields follow (order is free) */
	mark = acct_begin(reply, ACCT_T_GROUP);
	rc = ad_store_group_get(ctx->store, name, &g, put_member, reply, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_wire_group_fields(reply, &g);
	acct_end(reply, mark);
	return ACCT_ST_OK;
}

static int membership(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const struct ad_request *rq, bool add, struct ad_err *err)
{
	struct ad_str group, login;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &group, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_MEMBER, true,
				&login, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (add)
		rc = ad_store_group_add_member(ctx->store, group, login,
					       ad_policy_tenant_open,
					       rq->caller.actor, err);
	else
		rc = ad_store_group_remove_member(ctx->store, group, login,
						  rq->caller.actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* both names passed the name rules: safe to log as they are */
	ad_log_peer(LOG_INFO, peer, "%s user '%.*s' %s group '%.*s'",
		    add ? "added" : "removed", (int)login.len, login.p,
		    add ? "to" : "from", (int)group.len, group.p);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_group_add_member)
{
	return membership(ctx, peer, rq, true, err);
}

AD_HANDLER(ad_handle_group_remove_member)
{
	return membership(ctx, peer, rq, false, err);
}

AD_HANDLER(ad_handle_group_delete)
{
	struct ad_str name;
	struct ad_group g;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_group_delete(ctx->store, name, rq->caller.actor,
					   &g, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "deleted %s group '%s' (gid %u) of tenant '%s'",
		    kind_name(g.kind), g.name, g.gid, g.tenant);
	return ACCT_ST_OK;
}
