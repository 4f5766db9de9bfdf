/*
 * tenant_admin.h - the operators' tenant changes beyond the lifecycle:
 * signing a tenant up with its first owner, renaming it, and purging a
 * deprovisioned one.  Each is one write transaction that commits with
 * the request's audit record (ad_store_audit_next) or changes nothing.
 */
#ifndef AD_STORE_TENANT_ADMIN_H
#define AD_STORE_TENANT_ADMIN_H

#include <stdint.h>

#include "store/store.h"

/*
 * TENANT_SIGNUP: the tenant slug (display_name optional) and its first
 * owner (owner: name and email required, tenant slug, role owner), both
 * or neither; open decides whether the new tenant takes the user.  t and
 * u (may be NULL) get both records.  The owner without an email is
 * INVALID; a taken slug, group name or login is EXISTS.
 */
int ad_store_tenant_signup(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name,
			   const struct ad_user_spec *owner,
			   ad_tenant_open_fn open, const char *actor,
			   struct ad_tenant *t, struct ad_user *u,
			   struct ad_err *err);

/*
 * TENANT_RENAME: slug becomes new_slug, and the tenant's groups follow
 * ("<slug>", "<slug>-admins", "<slug>-<name>").  reason is required and
 * checked as a status reason (the audit record keeps it).  Every new
 * group name is checked (INVALID past ACCT_MAX_NAME) before anything is
 * written; a taken slug or group name is CONFLICT.  out gets the tenant.
 */
int ad_store_tenant_rename(struct ad_store *st, struct ad_str slug,
			   struct ad_str new_slug, struct ad_str reason,
			   const char *actor, struct ad_tenant *out,
			   struct ad_err *err);

/* May tenant t be purged now (the write's time)?  ACCT_ST_OK, or the
 * refusal's status with one line in msg (AD_MSG_MAX). */
struct ad_purge_guard {
	int (*fn)(void *arg, const struct ad_tenant *t, uint64_t now, char *msg,
		  size_t msglen);
	void *arg;
};

/* What a purge removed. */
struct ad_purge_counts {
	uint32_t users; /* tombstones included */
	uint32_t groups;
};

/*
 * TENANT_PURGE: if guard agrees and the tenant has no live session
 * (CONFLICT otherwise), remove its users (tombstones included), their
 * memberships and indexes, its groups, its counters and the tenant.  The
 * id counters stay, so its uids and gids are never handed out again; the
 * audit log is not touched.  counts (may be NULL) says what went.
 */
int ad_store_tenant_purge(struct ad_store *st, struct ad_str slug,
			  const struct ad_purge_guard *guard, const char *actor,
			  struct ad_purge_counts *counts, struct ad_err *err);

#endif
