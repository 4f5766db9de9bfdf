/*
 * role.c - ROLE_LIST, ROLE_SHOW, ROLE_CREATE, ROLE_DELETE, ROLE_GRANT and
 * ROLE_REVOKE: the built-in roles, and a tenant's own roles with a rank
 * and named permissions.  Replies carry ACCT_T_ROLE_REC records.
 */
#include <stdio.h>

#include "acct_names.h"
#include "ops/handlers.h"
#include "ops/target.h"
#include "policy/permission.h"
#include "server/log.h"

/* A built-in role as a record (its permissions are policy's). */
static struct ad_role builtin(uint32_t role)
{
	struct ad_role r;

	memset(&r, 0, sizeof(r));
	r.id = role;
	snprintf(r.name, sizeof(r.name), "%s", acct_role_name(role));
	r.rank = ad_role_rank(role);
	r.perms = ad_role_perms(role);
	return r;
}

/* The tenant (scoped) and NAME of a request on one role. */
static int role_args(const struct ad_request *rq, bool name_required,
		     struct ad_str *tenant, struct ad_str *name,
		     struct ad_err *err)
{
	int rc = ad_scope_tenant(rq, tenant, err);

	if (rc == ACCT_ST_OK && !ad_str_given(*tenant))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: tenant");
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME,
				name_required, name, err);
	return rc;
}

/* Every PERMISSION of the request as bits; an unknown word is INVALID. */
static int read_perms(const struct ad_request *rq, bool required,
		      uint32_t *perms, struct ad_err *err)
{
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t len;

	*perms = 0;
	acct_reader_init(&r, rq->payload, rq->len);
	while (acct_next(&r, &f) == 1) {
		uint32_t bit;

		if (f.tag != ACCT_T_PERMISSION)
			continue;
		if (acct_get_str(&f, &s, &len) != 0)
			return ad_fail(err, ACCT_ST_BADREQ,
				       "malformed field: permission");
		bit = acct_perm_parse(s, len);
		if (bit == 0) {
			char shown[64];

			return ad_fail(err, ACCT_ST_INVALID,
				       "unknown permission '%s' (user:read, "
				       "user:invite, user:manage, "
				       "group:manage, role:manage, audit:read, "
				       "key:issue, tenant:manage, self:manage)",
				       ad_printable(shown, sizeof(shown),
						    (struct ad_str){s, len}));
		}
		*perms |= bit;
	}
	if (required && *perms == 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "missing field: permission");
	return ACCT_ST_OK;
}

/* A built-in role is every tenant's and nobody changes it. */
static int not_builtin(struct ad_str name, struct ad_err *err)
{
	uint32_t role = acct_role_parse_n(name.p, name.len);

	if (role == 0)
		return ACCT_ST_OK;
	return ad_fail(err, ACCT_ST_CONFLICT,
		       "'%s' is a built-in role and cannot be changed",
		       acct_role_name(role));
}

/* May the caller give (or change) a role of this rank and permissions? */
static int grantable(const struct ad_request *rq, struct ad_str name,
		     uint32_t rank, uint32_t perms, struct ad_err *err)
{
	char shown[ACCT_MAX_NAME + 1];
	int rc;

	rc = ad_policy_role_grantable(&rq->caller, ad_op_label(rq->opcode),
				      ad_printable(shown, sizeof(shown), name),
				      rank, perms, err->msg, sizeof(err->msg));
	if (rc != ACCT_ST_OK)
		err->status = rc;
	return rc;
}

static int put_custom(void *arg, const struct ad_role *r)
{
	return ad_wire_role(arg, r, false) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_role_list)
{
	struct ad_str tenant, unused;
	int rc;

	(void)peer;
	rc = role_args(rq, false, &tenant, &unused, err);
	if (rc != ACCT_ST_OK)
		return rc;
	for (uint32_t role = ACCT_ROLE_OWNER; role >= ACCT_ROLE_VIEWER;
	     role--) {
		struct ad_role r = builtin(role);

		ad_wire_role(reply, &r, true);
	}
	return ad_store_role_list(ctx->store, tenant, put_custom, reply, err);
}

AD_HANDLER(ad_handle_role_show)
{
	struct ad_str tenant, name;
	struct ad_role r;
	uint32_t role;
	int rc;

	(void)peer;
	rc = role_args(rq, true, &tenant, &name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	role = acct_role_parse_n(name.p, name.len);
	if (role != 0) {
		r = builtin(role);
		ad_wire_role(reply, &r, true);
		return ACCT_ST_OK;
	}
	rc = ad_store_role_get(ctx->store, tenant, name, &r, err);
	if (rc == ACCT_ST_OK)
		ad_wire_role(reply, &r, false);
	return rc;
}

AD_HANDLER(ad_handle_role_create)
{
	struct ad_str tenant, name;
	struct ad_role r;
	uint32_t rank, perms;
	int rc;

	rc = role_args(rq, true, &tenant, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_RANK, true, &rank,
				NULL, err);
	if (rc == ACCT_ST_OK)
		rc = read_perms(rq, false, &perms, err);
	if (rc == ACCT_ST_OK)
		rc = grantable(rq, name, rank, perms, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_role_create(ctx->store, tenant, name, rank, perms,
					  rq->caller.actor, &r, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "created role '%s' (rank %u) in tenant "
		    "'%s'",
		    r.name, (unsigned)r.rank, r.tenant);
	ad_wire_role(reply, &r, false);
	return ACCT_ST_OK;
}

/* ROLE_DELETE, ROLE_GRANT and ROLE_REVOKE: a custom role the caller
 * outranks, changed. */
static int change_role(struct ad_ctx *ctx, const struct ad_peer *peer,
		       const struct ad_request *rq, bool grant, bool revoke,
		       struct acct_buf *reply, struct ad_err *err)
{
	struct ad_str tenant, name;
	struct ad_role r;
	uint32_t perms = 0;
	int rc;

	rc = role_args(rq, true, &tenant, &name, err);
	if (rc == ACCT_ST_OK)
		rc = not_builtin(name, err);
	if (rc == ACCT_ST_OK && (grant || revoke))
		rc = read_perms(rq, true, &perms, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_role_get(ctx->store, tenant, name, &r, err);
	if (rc == ACCT_ST_OK)
		rc = grantable(rq, name, r.rank, grant ? r.perms | perms : 0,
			       err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (grant || revoke)
		rc = ad_store_role_change(ctx->store, tenant, name,
					  grant ? perms : 0, revoke ? perms : 0,
					  rq->caller.actor, &r, err);
	else
		rc = ad_store_role_delete(ctx->store, tenant, name,
					  rq->caller.actor, &r, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer, "%s role '%s' of tenant '%s'",
		    grant    ? "granted to"
		    : revoke ? "revoked from"
			     : "deleted",
		    r.name, r.tenant);
	ad_wire_role(reply, &r, false);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_role_delete)
{
	return change_role(ctx, peer, rq, false, false, reply, err);
}

AD_HANDLER(ad_handle_role_grant)
{
	return change_role(ctx, peer, rq, true, false, reply, err);
}

AD_HANDLER(ad_handle_role_revoke)
{
	return change_role(ctx, peer, rq, false, true, reply, err);
}
