/* access.c - the caller and what it may do (see access.h). */
#include <stdio.h>
#include <string.h>

#include "policy/access.h"
#include "policy/lookup.h"

#define DENIED_OPERATOR                                                        \
	"only the platform operator (root) may manage the directory"
#define DENIED_NOT_YET "this operation is not open to this caller"
#define DENIED_SELF                                                            \
	"'me' is for directory users; root manages users with 'user ...'"

bool ad_policy_known_user(const struct ad_user *u, const struct ad_tenant *t)
{
	return u != NULL &&
	       !ad_policy_user_hidden(
		       u->status, t != NULL ? t->status : ACCT_TENANT_ACTIVE);
}

void ad_actor_name(uint32_t uid, char *buf, size_t size)
{
	snprintf(buf, size, "uid %lu", (unsigned long)uid);
}

void ad_caller_from(struct ad_caller *c, uint32_t uid, int32_t pid,
		    const struct ad_user *u, const struct ad_tenant *t)
{
	memset(c, 0, sizeof(*c));
	c->uid = uid;
	c->pid = pid;
	ad_actor_name(uid, c->actor, sizeof(c->actor));
	if (uid == 0) {
		c->kind = AD_CALLER_OPERATOR;
		return;
	}
	if (u == NULL || u->uid != uid || !ad_policy_known_user(u, t))
		return; /* anonymous */
	c->kind = AD_CALLER_USER;
	memcpy(c->login, u->name, sizeof(c->login));
	memcpy(c->tenant, t != NULL ? t->slug : u->tenant, sizeof(c->tenant));
	c->tenant_gid = u->tenant_gid;
	c->role = u->role;
}

bool ad_policy_may_call(const struct ad_caller *c, enum ad_access access)
{
	switch (access) {
	case AD_ACCESS_PUBLIC:
	case AD_ACCESS_PAM:
		return true;
	case AD_ACCESS_OPERATOR:
		return c->kind == AD_CALLER_OPERATOR;
	case AD_ACCESS_SELF:
		return c->kind == AD_CALLER_USER;
	case AD_ACCESS_TENANT:
	default:
		return false; /* fail closed */
	}
}

const char *ad_policy_denial(enum ad_access access)
{
	switch (access) {
	case AD_ACCESS_OPERATOR:
		return DENIED_OPERATOR;
	case AD_ACCESS_SELF:
		return DENIED_SELF;
	default:
		return DENIED_NOT_YET;
	}
}

enum ad_target ad_policy_target(const struct ad_caller *c,
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
