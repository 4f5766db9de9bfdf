/* target.c - what a management request is about (see target.h). */
#include "ops/target.h"
#include "store/apikey.h"

static void set_tenant(struct ad_target *t, const struct ad_tenant *tn)
{
	t->tenant_gid = tn->gid;
	t->tenant_status = tn->status;
	memcpy(t->tenant, tn->slug, sizeof(t->tenant));
}

/* The rank of role id: a built-in role's, a custom role's from the
 * store; UINT32_MAX for one that is not there (a user holding it is
 * managed by operators only). */
static uint32_t rank_of(struct ad_ctx *ctx, uint32_t role)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_role r;

	if (ad_role_rank(role) != 0)
		return ad_role_rank(role);
	if (role >= AD_ROLE_CUSTOM_MIN &&
	    ad_store_role_by_id(ctx->store, role, &r, &scratch) == ACCT_ST_OK)
		return r.rank;
	return UINT32_MAX;
}

/* A role the request gives (ROLE, or ROLE_NAME in the target's tenant,
 * or the caller's when it names none), by rank. */
static int read_grant(struct ad_ctx *ctx, const struct ad_request *rq,
		      struct ad_target *t, struct ad_err *err)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_str name = {NULL, 0};
	struct ad_role r;
	uint32_t role = 0;
	bool given;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_ROLE, false, &role, &given,
			err);
	/* a role that is not there is the handler's to refuse (INVALID) */
	if (rc == ACCT_ST_OK && given) {
		uint32_t rank = rank_of(ctx, role);

		if (rank != UINT32_MAX)
			t->grant_rank = rank;
	}
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_ROLE_NAME, false,
				&name, err);
	if (rc != ACCT_ST_OK || !ad_str_given(name))
		return rc;
	role = acct_role_parse_n(name.p, name.len);
	if (role != 0)
		t->grant_rank = ad_role_rank(role);
	else if (ad_store_role_get(
			 ctx->store,
			 ad_str_c(t->exists ? t->tenant : rq->caller.tenant),
			 name, &r, &scratch) == ACCT_ST_OK)
		t->grant_rank = r.rank;
	return ACCT_ST_OK;
}

static void set_user(struct ad_ctx *ctx, struct ad_target *t,
		     const struct ad_user *u, const struct ad_tenant *tn)
{
	t->exists = true;
	t->hidden = !ad_policy_known_user(u, tn);
	set_tenant(t, tn);
	t->user_uid = u->uid;
	t->user_rank = rank_of(ctx, u->role);
}

static int user_target(struct ad_ctx *ctx, struct ad_str name,
		       struct ad_target *t, struct ad_err *err)
{
	struct ad_user u;
	struct ad_tenant tn;
	int rc;

	t->named = true;
	t->name = name.p;
	t->name_len = name.len;
	rc = ad_store_user_named(ctx->store, name, &u, &tn, err);
	if (rc == ACCT_ST_OK)
		set_user(ctx, t, &u, &tn);
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

static int tenant_target(struct ad_ctx *ctx, struct ad_str slug,
			 struct ad_target *t, struct ad_err *err)
{
	struct ad_tenant tn;
	int rc;

	t->named = true;
	t->name = slug.p;
	t->name_len = slug.len;
	rc = ad_store_tenant_get(ctx->store, slug, &tn, err);
	if (rc == ACCT_ST_OK) {
		t->exists = true;
		t->hidden = tn.status == ACCT_TENANT_DEPROVISIONED;
		set_tenant(t, &tn);
	}
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

static int group_target(struct ad_ctx *ctx, struct ad_str name,
			struct ad_target *t, struct ad_err *err)
{
	struct ad_group g;
	struct ad_tenant tn;
	int rc;

	t->named = true;
	t->name = name.p;
	t->name_len = name.len;
	rc = ad_store_group_named(ctx->store, name, &g, &tn, err);
	if (rc == ACCT_ST_OK) {
		t->exists = true;
		t->hidden = tn.status == ACCT_TENANT_DEPROVISIONED;
		set_tenant(t, &tn);
	}
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

static int session_target(struct ad_ctx *ctx, const struct ad_request *rq,
			  struct ad_target *t, struct ad_err *err)
{
	struct ad_session s;
	struct ad_user u;
	struct ad_tenant tn;
	uint64_t id;
	int rc;

	rc = ad_req_u64(rq->payload, rq->len, ACCT_T_SESSION_ID, true, &id,
			NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	t->named = true;
	rc = ad_store_session_get(ctx->store, id, &s, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, s.uid, &u, &tn, err);
	if (rc == ACCT_ST_OK)
		set_user(ctx, t, &u, &tn);
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

/* An API key's owner, named by the prefix as the request gives it (a
 * prefix that is not one is a key that does not exist). */
static int key_target(struct ad_ctx *ctx, const struct ad_request *rq,
		      struct ad_target *t, struct ad_err *err)
{
	char prefix[AD_KEY_PREFIX_LEN + 1];
	struct ad_apikey k;
	struct ad_user u;
	struct ad_tenant tn;
	struct ad_str s;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_KEY_PREFIX, true, &s, err);
	if (rc != ACCT_ST_OK)
		return rc;
	t->named = true;
	t->name = s.p;
	t->name_len = s.len;
	if (ad_apikey_prefix_parse(s.p, s.len, prefix) < 0)
		return ACCT_ST_OK;
	rc = ad_store_apikey_get(ctx->store, prefix, &k, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, k.uid, &u, &tn, err);
	if (rc == ACCT_ST_OK)
		set_user(ctx, t, &u, &tn);
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

/* The first target: the one NAME (or TENANT, or SESSION_ID) names. */
static int first(struct ad_ctx *ctx, const struct ad_request *rq,
		 enum ad_target_ref ref, struct ad_target *t,
		 struct ad_err *err)
{
	struct ad_str s;
	int rc;

	if (ref == AD_REF_SESSION)
		return session_target(ctx, rq, t, err);
	if (ref == AD_REF_KEY)
		return key_target(ctx, rq, t, err);
	rc = ad_req_str(rq->payload, rq->len,
			ref == AD_REF_IN_TENANT ? ACCT_T_TENANT : ACCT_T_NAME,
			false, &s, err);
	if (rc != ACCT_ST_OK || !ad_str_given(s))
		return rc; /* absent: the handler says what it needs */
	switch (ref) {
	case AD_REF_USER:
		return user_target(ctx, s, t, err);
	case AD_REF_TENANT:
	case AD_REF_IN_TENANT:
		return tenant_target(ctx, s, t, err);
	default:
		return group_target(ctx, s, t, err);
	}
}

int ad_target_resolve(struct ad_ctx *ctx, const struct ad_request *rq,
		      enum ad_target_ref ref,
		      struct ad_target t[AD_MAX_TARGETS], size_t *n,
		      struct ad_err *err)
{
	struct ad_str member;
	int rc;

	memset(t, 0, sizeof(*t) * AD_MAX_TARGETS);
	*n = 0;
	if (ref == AD_REF_NONE)
		return ACCT_ST_OK;
	*n = 1;
	rc = first(ctx, rq, ref, &t[0], err);
	if (rc == ACCT_ST_OK && (ref == AD_REF_USER || ref == AD_REF_IN_TENANT))
		rc = read_grant(ctx, rq, &t[0], err);
	if (rc != ACCT_ST_OK || ref != AD_REF_GROUP_MEMBER)
		return rc;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_MEMBER, false, &member,
			err);
	if (rc != ACCT_ST_OK || !ad_str_given(member))
		return rc;
	*n = 2;
	return user_target(ctx, member, &t[1], err);
}

int ad_scope_tenant(const struct ad_request *rq, struct ad_str *tenant,
		    struct ad_err *err)
{
	int rc = ad_req_str(rq->payload, rq->len, ACCT_T_TENANT, false, tenant,
			    err);

	if (rc == ACCT_ST_OK && !ad_str_given(*tenant) &&
	    rq->caller.kind == AD_CALLER_USER)
		*tenant = ad_str_c(rq->caller.tenant);
	return rc;
}
