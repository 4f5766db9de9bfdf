/*
 * tenant_admin.c - TENANT_SIGNUP, TENANT_RENAME and TENANT_PURGE, the
 * operators' tenant changes beyond its lifecycle (store/tenant_admin.h).
 * Each reads the request, names in the audit record what the request
 * does not say, and lets the store make the change in one transaction.
 */
#include <stdio.h>

#include "ops/handlers.h"
#include "policy/tenant.h"
#include "server/log.h"
#include "store/tenant_admin.h"

/* The audit record names the tenant (and a word more); noted before the
 * change, which commits with the record. */
static void note(const struct ad_request *rq, struct ad_str slug,
		 const char *message)
{
	char tenant[ACCT_MAX_SLUG + 1];

	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL,
			      ad_printable(tenant, sizeof(tenant), slug),
			      message);
}

AD_HANDLER(ad_handle_tenant_signup)
{
	struct ad_str slug, display, owner, email;
	char word[AD_MSG_MAX], who[ACCT_MAX_NAME + 1];
	struct ad_user_spec spec;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_OWNER, true,
				&owner, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_EMAIL, true,
				&email, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_DISPLAY_NAME,
				false, &display, err);
	if (rc != ACCT_ST_OK)
		return rc;
	memset(&spec, 0, sizeof(spec));
	spec.name = owner;
	spec.tenant = slug;
	spec.role = ACCT_ROLE_OWNER;
	spec.email = email;
	snprintf(word, sizeof(word), "first owner %s",
		 ad_printable(who, sizeof(who), owner));
	note(rq, slug, word);
	rc = ad_store_tenant_signup(ctx->store, slug, display, &spec,
				    ad_policy_tenant_open, rq->caller.actor, &t,
				    &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "signed up tenant '%s' (gid %u) with owner '%s' (uid %u)",
		    t.slug, t.gid, u.name, u.uid);
	ad_wire_tenant(reply, &t);
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_tenant_rename)
{
	struct ad_str slug, new_slug, reason;
	char word[AD_MSG_MAX], to[ACCT_MAX_SLUG + 1], from[ACCT_MAX_SLUG + 1];
	struct ad_tenant t;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_NEW_NAME, true,
				&new_slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_STATUS_REASON,
				false, &reason, err);
	if (rc != ACCT_ST_OK)
		return rc;
	snprintf(word, sizeof(word), "renamed to %s",
		 ad_printable(to, sizeof(to), new_slug));
	note(rq, slug, word);
	rc = ad_store_tenant_rename(ctx->store, slug, new_slug, reason,
				    rq->caller.actor, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer, "renamed tenant '%s' to '%s' (gid %u)",
		    ad_printable(from, sizeof(from), slug), t.slug, t.gid);
	ad_wire_tenant(reply, &t);
	return ACCT_ST_OK;
}

/* The purge's guard: the retention rule at the store's time (arg: the
 * configured retention_days). */
static int purge_guard(void *arg, const struct ad_tenant *t, uint64_t now,
		       char *msg, size_t msglen)
{
	const uint32_t *days = arg;

	return ad_policy_tenant_purge(t, now, *days, msg, msglen);
}

AD_HANDLER(ad_handle_tenant_purge)
{
	uint32_t days = ctx->cfg->retention_days;
	struct ad_purge_guard guard = {purge_guard, &days};
	struct ad_purge_counts n;
	char slug_s[ACCT_MAX_SLUG + 1];
	struct ad_str slug;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &slug, err);
	if (rc != ACCT_ST_OK)
		return rc;
	note(rq, slug, NULL);
	rc = ad_store_tenant_purge(ctx->store, slug, &guard, rq->caller.actor,
				   &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_NOTICE, peer,
		    "purged tenant '%s': %u users and %u groups removed",
		    ad_printable(slug_s, sizeof(slug_s), slug), n.users,
		    n.groups);
	acct_put_u32(reply, ACCT_T_COUNT_USERS, n.users);
	acct_put_u32(reply, ACCT_T_COUNT_GROUPS, n.groups);
	return ACCT_ST_OK;
}
