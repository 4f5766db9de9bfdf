/*
 * access.h - who is calling, and what that caller may do.  Pure: values
 * in, a verdict out.  The dispatcher makes one caller value per request
 * (ops/caller.c) and every decision about the caller is taken here, so
 * that the operator and support groups, tenant roles and permissions of
 * the next issues extend it in one place.
 */
#ifndef AD_POLICY_ACCESS_H
#define AD_POLICY_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "acct_proto.h"
#include "store/records.h"

/* Who may call an operation: a column of the table of operations (zero
 * is no class, so a row cannot leave it out). */
enum ad_access {
	AD_ACCESS_PUBLIC = 1, /* anyone: name lookups, as /etc/passwd */
	AD_ACCESS_PAM,	      /* anyone, about a user only as
				 ad_policy_target allows */
	AD_ACCESS_OPERATOR,   /* the platform operator */
	AD_ACCESS_SELF,	      /* a directory user about itself: the
				 handler acts on the caller's own user */
	AD_ACCESS_TENANT,     /* a permission in the target's tenant (issue
				 8; refused until then) */
};

enum ad_caller_kind {
	AD_CALLER_ANONYMOUS = 0, /* a uid the directory does not know */
	AD_CALLER_USER,		 /* a known directory user */
	AD_CALLER_OPERATOR,	 /* the platform operator: uid 0 */
};

/* The caller of one request, from SO_PEERCRED and the directory. */
struct ad_caller {
	enum ad_caller_kind kind;
	uint32_t uid;
	int32_t pid;
	/* AD_CALLER_USER: the user the uid belongs to */
	char login[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	uint32_t tenant_gid;
	uint32_t role; /* enum acct_role */
	/* how records and logs name the caller: "uid 1000" */
	char actor[AD_MAX_ACTOR + 1];
};

/*
 * The one definition of a known user: one that lookups show
 * (policy/lookup.h: not a tombstone, of a tenant not deprovisioned).
 * What a non-root caller may hear about, who a caller can be.
 */
bool ad_policy_known_user(const struct ad_user *u, const struct ad_tenant *t);

/* How records and logs name the caller uid: "uid 1000". */
void ad_actor_name(uint32_t uid, char *buf, size_t size);

/* The caller uid (process pid) is: uid 0 the operator; a uid owned by a
 * known user (u, t; NULL when none owns it) that user; anyone else
 * anonymous. */
void ad_caller_from(struct ad_caller *c, uint32_t uid, int32_t pid,
		    const struct ad_user *u, const struct ad_tenant *t);

/* May c call an operation of this class?  When not, ad_policy_denial is
 * the one line it gets. */
bool ad_policy_may_call(const struct ad_caller *c, enum ad_access access);
const char *ad_policy_denial(enum ad_access access);

/*
 * May c ask about (act on) user u of tenant t?  u is NULL when no user
 * has the name.
 *   no such user, or a tombstone        AD_TARGET_UNKNOWN (anyone)
 *   the operator                        AD_TARGET_OK
 *   the caller's own user               AD_TARGET_OK
 *   a user the directory does not show  AD_TARGET_UNKNOWN: names resolve
 *   (deprovisioned tenant)              publicly, so this tells nothing
 *   another user                        AD_TARGET_DENIED
 */
enum ad_target {
	AD_TARGET_OK,
	AD_TARGET_UNKNOWN,
	AD_TARGET_DENIED,
};
enum ad_target ad_policy_target(const struct ad_caller *c,
				const struct ad_user *u,
				const struct ad_tenant *t);

#endif
