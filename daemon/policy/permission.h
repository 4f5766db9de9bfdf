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

#include "policy/access.h"

/* Named permissions a role grants (bits of struct ad_caller.perms). */
enum ad_perm {
	AD_PERM_USER_READ = 1u << 0,	 /* "user:read": the tenant's users,
					    groups and sessions */
	AD_PERM_USER_INVITE = 1u << 1,	 /* "user:invite" */
	AD_PERM_USER_MANAGE = 1u << 2,	 /* "user:manage": change, disable,
					    delete, reset users; end sessions */
	AD_PERM_GROUP_MANAGE = 1u << 3,	 /* "group:manage" */
	AD_PERM_ROLE_MANAGE = 1u << 4,	 /* "role:manage": custom roles */
	AD_PERM_AUDIT_READ = 1u << 5,	 /* "audit:read": the tenant's log */
	AD_PERM_KEY_ISSUE = 1u << 6,	 /* "key:issue": API keys for others */
	AD_PERM_TENANT_MANAGE = 1u << 7, /* "tenant:manage": show and update
					    the tenant itself */
	AD_PERM_SELF_MANAGE = 1u << 8,	 /* "self:manage": change one's own
					    email, keys, sign-in tokens; disable
					    oneself (profile and password are
					    every user's) */
};
#define AD_PERM__ALL 0x1ffu

/* "user:read" for AD_PERM_USER_READ; NULL for anything but one bit. */
const char *ad_perm_name(uint32_t perm);
/* The bit named s (exact); 0 for an unknown name. */
uint32_t ad_perm_parse(const char *s, size_t len);
/* "user:read,user:invite" into buf (always terminated). */
void ad_perm_format(uint32_t perms, char *buf, size_t size);

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
