/*
 * permission.h - the one permission check: may this caller do this action
 * to this target?  Pure: the dispatcher brings the caller (access.h), the
 * row's action and the target as the store holds it (ops/target.c), and
 * gets a verdict and one line.
 *
 * Platform operators (root, the operator_group) may do everything;
 * support (the support_group) may read everything and change nothing.  A
 * directory user acts within its own tenant with its role's permissions,
 * and on users of a rank no higher than its own.  Nothing changes in a
 * tenant that is not active but the tenant's own lifecycle, which only
 * operators drive.  A user outside the caller's tenant and a user that
 * does not exist get the same refusal, word for word.
 */
#ifndef AD_POLICY_PERMISSION_H
#define AD_POLICY_PERMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_names.h"
#include "policy/access.h"

/* The built-in roles' ranks: owner > admin > member > viewer.  Custom
 * roles sit between them (any rank below AD_RANK_OWNER). */
#define AD_RANK_VIEWER 10u
#define AD_RANK_MEMBER 20u
#define AD_RANK_ADMIN 30u
#define AD_RANK_OWNER 40u

/* The rank and permissions of built-in role r (enum acct_role); 0 for
 * anything else. */
uint32_t ad_role_rank(uint32_t role);
uint32_t ad_role_perms(uint32_t role);

/* What a request is about, as the store holds it. */
struct ad_target {
	bool named;		/* the request names a user, group or tenant */
	bool exists;		/* it exists */
	bool hidden;		/* ... but only operators may know it (a
			      tombstone, a deprovisioned tenant's) */
	uint32_t tenant_gid;	/* its tenant; 0: none (platform-wide) */
	uint32_t tenant_status; /* enum acct_tenant_status */
	char tenant[ACCT_MAX_SLUG + 1];
	uint32_t user_uid;   /* a user target: its uid; 0: not a user */
	uint32_t user_rank;  /* and its role's rank */
	uint32_t grant_rank; /* a role the request gives; 0: none */
	const char *name;    /* as the request gave it, for the message */
	size_t name_len;
};

/* The action a row of the table of operations asks for. */
struct ad_action {
	enum ad_access access;
	bool writes;	   /* it changes something (its audit is CHANGES) */
	const char *label; /* "user-disable" */
};

/*
 * May c define (or change) a custom role of rank with perms?  Not above
 * its own rank nor with a permission it lacks (operators: anything).
 * ACCT_ST_OK or ACCT_ST_DENIED with "permission denied: LABEL 'NAME':
 * ..." in msg.
 */
int ad_policy_role_grantable(const struct ad_caller *c, const char *label,
			     const char *name, uint32_t rank, uint32_t perms,
			     char *msg, size_t msglen);

/* Is c a platform operator or support (who are told what a tenant's
 * own users are not: why it was suspended)? */
bool ad_policy_platform(const struct ad_caller *c);

/*
 * May c do a to t?  ACCT_ST_OK, or ACCT_ST_DENIED ("permission denied:
 * ..."), or ACCT_ST_CONFLICT for a change in a tenant that is not active
 * ("tenant 'acme' is suspended: its directory is read-only"); msg gets
 * the one line.  t may be NULL for an action with no target.
 */
int ad_check_permission(const struct ad_caller *c, const struct ad_action *a,
			const struct ad_target *t, char *msg, size_t msglen);

#endif
