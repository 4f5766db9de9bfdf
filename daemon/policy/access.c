/* access.c - the caller and what it may do (see access.h). */
#include <stdio.h>
#include <string.h>

#include "policy/access.h"
#include "policy/lookup.h"
#include "policy/permission.h"

bool ad_policy_known_user(const struct ad_user *u, const struct ad_tenant *t)
{
	return u != NULL &&
	       !ad_policy_user_hidden(
		       u->status, t != NULL ? t->status : ACCT_TENANT_ACTIVE);
}

void ad_actor_name(uint32_t uid, const char *name, const char *sudo_by,
		   char *buf, size_t size)
{
	if (name == NULL || name[0] == '\0')
		snprintf(buf, size, "uid %lu", (unsigned long)uid);
	else if (uid == 0 && sudo_by != NULL && sudo_by[0] != '\0')
		snprintf(buf, size, "%s (sudo by %s)", name, sudo_by);
	else
		snprintf(buf, size, "%s", name);
}

void ad_actor_token_name(const char *login, uint32_t peer_uid, char *buf,
			 size_t size)
{
	snprintf(buf, size, "%s (token, uid %lu)", login,
		 (unsigned long)peer_uid);
}

static void set_role(struct ad_caller *c, uint32_t role)
{
	const char *name = acct_role_name(role);

	c->role = role;
	c->rank = ad_role_rank(role);
	c->perms = ad_role_perms(role);
	snprintf(c->role_name, sizeof(c->role_name), "%s",
		 name != NULL ? name : "none");
}

void ad_caller_from(struct ad_caller *c, uint32_t uid, int32_t pid,
		    unsigned platform, const struct ad_user *u,
		    const struct ad_tenant *t)
{
	memset(c, 0, sizeof(*c));
	c->uid = uid;
	c->pid = pid;
	ad_actor_name(uid, uid == 0 ? "root" : NULL, NULL, c->actor,
		      sizeof(c->actor));
	if (uid == 0 || (platform & AD_PLATFORM_OPERATOR) != 0) {
		c->kind = AD_CALLER_OPERATOR;
		return;
	}
	if ((platform & AD_PLATFORM_SUPPORT) != 0) {
		c->kind = AD_CALLER_SUPPORT;
		return;
	}
	if (u == NULL || u->uid != uid || !ad_policy_known_user(u, t))
		return; /* anonymous */
	c->kind = AD_CALLER_USER;
	memcpy(c->login, u->name, sizeof(c->login));
	memcpy(c->tenant, t != NULL ? t->slug : u->tenant, sizeof(c->tenant));
	c->tenant_gid = u->tenant_gid;
	c->tenant_status = t != NULL ? t->status : ACCT_TENANT_ACTIVE;
	set_role(c, u->role);
	ad_actor_name(uid, u->name, NULL, c->actor, sizeof(c->actor));
}

void ad_caller_custom_role(struct ad_caller *c, const struct ad_role *r)
{
	if (c->kind != AD_CALLER_USER || r->id != c->role ||
	    r->tenant_gid != c->tenant_gid)
		return;
	c->rank = r->rank;
	c->perms = r->perms & ACCT_PERM__ALL;
	memcpy(c->role_name, r->name, sizeof(c->role_name));
}

enum ad_target_answer ad_policy_target(const struct ad_caller *c,
				       const struct ad_user *u,
				       const struct ad_tenant *t)
{
	if (u == NULL || u->status == ACCT_USER_DELETED)
		return AD_TARGET_UNKNOWN;
	if (c->kind == AD_CALLER_OPERATOR || u->uid == c->uid)
		return AD_TARGET_OK;
	/* what does not resolve is nobody's business */
	if (!ad_policy_known_user(u, t))
		return AD_TARGET_UNKNOWN;
	return AD_TARGET_DENIED;
}
