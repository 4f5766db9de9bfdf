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
 * is no class, so a row cannot leave it out).  Past PUBLIC and PAM each
 * is an action of policy/permission.h. */
enum ad_access {
	AD_ACCESS_PUBLIC = 1,  /* anyone: name lookups, as /etc/passwd */
	AD_ACCESS_PAM,	       /* anyone, about a user only as
				  ad_policy_target allows */
	AD_ACCESS_OPERATOR,    /* platform operators (support too, for a
				  read) */
	AD_ACCESS_SELF,	       /* a directory user about itself: the
				  handler acts on the caller's own user */
	AD_ACCESS_SELF_MANAGE, /* the same, needing self:manage */
	/* a directory user with the permission, in its tenant; platform
	 * operators anywhere; support for a read */
	AD_ACCESS_TENANT_MANAGE, /* tenant:manage */
	AD_ACCESS_USER_READ,	 /* user:read */
	AD_ACCESS_USER_INVITE,	 /* user:invite */
	AD_ACCESS_USER_MANAGE,	 /* user:manage */
	AD_ACCESS_GROUP_MANAGE,	 /* group:manage */
	AD_ACCESS_ROLE_MANAGE,	 /* role:manage */
	AD_ACCESS_AUDIT_READ,	 /* audit:read */
	AD_ACCESS_KEY_MANAGE,	 /* a user's SSH and API keys: its own
				    with self:manage, another's with
				    key:issue */
	AD_ACCESS_USAGE_RECORD,	 /* usage:record */
	/* issue 10: root itself (uid 0, not an operator group member nor
	 * a key): what holds every password hash (a backup) */
	AD_ACCESS_ROOT,
	AD_ACCESS__END
};

enum ad_caller_kind {
	AD_CALLER_ANONYMOUS = 0, /* a uid the directory does not know */
	AD_CALLER_USER,		 /* a known directory user */
	AD_CALLER_SUPPORT,	 /* the support_group: reads everything */
	AD_CALLER_OPERATOR,	 /* root or the operator_group */
};

/* What the kernel says of the caller's groups (SO_PEERGROUPS), as the
 * server reads it when the connection is made. */
#define AD_PLATFORM_OPERATOR 1u /* a member of operator_group */
#define AD_PLATFORM_SUPPORT 2u	/* a member of support_group */

/* The caller of one request, from SO_PEERCRED and the directory. */
struct ad_caller {
	enum ad_caller_kind kind;
	uint32_t uid;
	int32_t pid;
	/* AD_CALLER_USER: the user the uid belongs to */
	char login[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	uint32_t tenant_gid;
	uint32_t tenant_status;
	uint32_t role;			   /* enum acct_role */
	char role_name[ACCT_MAX_NAME + 1]; /* "admin" */
	uint32_t rank;			   /* permission.h: AD_RANK_* */
	uint32_t perms;			   /* permission.h: ACCT_PERM_* bits */
	/* the request presents an API key of the user's: it acts only in
	 * the actions these ACCT_SCOPE_* bits allow (permission.c) */
	bool api_key;
	uint32_t scopes;
	uint64_t key_expires; /* when that key stops (0: never) */
	/* how records and logs name the human: "alice", "root (sudo by
	 * alice)", "uid 1234" (ad_actor_name) */
	char actor[AD_MAX_ACTOR + 1];
};

/*
 * The one definition of a known user: one that lookups show
 * (policy/lookup.h: not a tombstone, of a tenant not deprovisioned).
 * What a non-root caller may hear about, who a caller can be.
 */
bool ad_policy_known_user(const struct ad_user *u, const struct ad_tenant *t);

/*
 * How records and logs name a caller: its name when it has one ("alice";
 * "root"), "uid 1234" when not, and for root the human sudo says ran the
 * command ("root (sudo by alice)"): information, never authority.
 * name and sudo_by may be NULL or "".
 */
void ad_actor_name(uint32_t uid, const char *name, const char *sudo_by,
		   char *buf, size_t size);

/*
 * How records and logs name a caller acting with a sign-in token: the
 * token's user and the uid that presented it ("alice (token, uid 33)"),
 * so that the panel that acted for alice is on record beside her.
 */
void ad_actor_token_name(const char *login, uint32_t peer_uid, char *buf,
			 size_t size);

/*
 * The caller uid (process pid) is: uid 0, or a member of operator_group
 * (platform & AD_PLATFORM_OPERATOR), an operator; a member of
 * support_group, support; a uid owned by a known user (u, t; NULL when
 * none owns it) that user, with its role's rank and permissions; anyone
 * else anonymous.  The actor is the user's login, or "uid N" until the
 * caller's own name is given (ad_actor_name).
 */
void ad_caller_from(struct ad_caller *c, uint32_t uid, int32_t pid,
		    unsigned platform, const struct ad_user *u,
		    const struct ad_tenant *t);

/* c holds custom role r of its tenant: its rank, permissions and name
 * (a custom role c's record names that is gone leaves it with none). */
void ad_caller_custom_role(struct ad_caller *c, const struct ad_role *r);

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
enum ad_target_answer {
	AD_TARGET_OK,
	AD_TARGET_UNKNOWN,
	AD_TARGET_DENIED,
};
enum ad_target_answer ad_policy_target(const struct ad_caller *c,
				       const struct ad_user *u,
				       const struct ad_tenant *t);

#endif
