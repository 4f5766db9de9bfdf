/* permission.c - the one permission check (see permission.h). */
#include <stdio.h>
#include <string.h>

#include "acct_text.h"
#include "policy/permission.h"

/* The built-in roles.  An admin runs the tenant but its custom roles; a
 * member serves itself; a viewer reads. */
#define VIEWER_PERMS ACCT_PERM_USER_READ
#define MEMBER_PERMS (VIEWER_PERMS | ACCT_PERM_SELF_MANAGE)
#define ADMIN_PERMS (ACCT_PERM__ALL & ~ACCT_PERM_ROLE_MANAGE)

uint32_t ad_role_rank(uint32_t role)
{
	switch (role) {
	case ACCT_ROLE_VIEWER:
		return AD_RANK_VIEWER;
	case ACCT_ROLE_MEMBER:
		return AD_RANK_MEMBER;
	case ACCT_ROLE_ADMIN:
		return AD_RANK_ADMIN;
	case ACCT_ROLE_OWNER:
		return AD_RANK_OWNER;
	default:
		return 0;
	}
}

uint32_t ad_role_perms(uint32_t role)
{
	switch (role) {
	case ACCT_ROLE_VIEWER:
		return VIEWER_PERMS;
	case ACCT_ROLE_MEMBER:
		return MEMBER_PERMS;
	case ACCT_ROLE_ADMIN:
		return ADMIN_PERMS;
	case ACCT_ROLE_OWNER:
		return ACCT_PERM__ALL;
	default:
		return 0;
	}
}

/* The permission for a user's keys: one's own (no user named: the
 * caller's) need self:manage, another's key:issue; before the target is
 * read (t NULL), either. */
static uint32_t key_perm(const struct ad_caller *c, const struct ad_target *t)
{
	if (t == NULL)
		return ACCT_PERM_SELF_MANAGE | ACCT_PERM_KEY_ISSUE;
	if (!t->named || (t->exists && t->user_uid == c->uid))
		return ACCT_PERM_SELF_MANAGE;
	return ACCT_PERM_KEY_ISSUE;
}

/* The permission an action needs of a directory user; 0: none beyond
 * being one (SELF), or one no directory user has (OPERATOR). */
static uint32_t needed(const struct ad_caller *c, enum ad_access access,
		       const struct ad_target *t)
{
	switch (access) {
	case AD_ACCESS_KEY_MANAGE:
		return key_perm(c, t);
	case AD_ACCESS_USAGE_RECORD:
		return ACCT_PERM_USAGE_RECORD;
	case AD_ACCESS_SELF_MANAGE:
		return ACCT_PERM_SELF_MANAGE;
	case AD_ACCESS_TENANT_MANAGE:
		return ACCT_PERM_TENANT_MANAGE;
	case AD_ACCESS_USER_READ:
		return ACCT_PERM_USER_READ;
	case AD_ACCESS_USER_INVITE:
		return ACCT_PERM_USER_INVITE;
	case AD_ACCESS_USER_MANAGE:
		return ACCT_PERM_USER_MANAGE;
	case AD_ACCESS_GROUP_MANAGE:
		return ACCT_PERM_GROUP_MANAGE;
	case AD_ACCESS_ROLE_MANAGE:
		return ACCT_PERM_ROLE_MANAGE;
	case AD_ACCESS_AUDIT_READ:
		return ACCT_PERM_AUDIT_READ;
	default:
		return 0;
	}
}

static bool is_self(enum ad_access access)
{
	return access == AD_ACCESS_SELF || access == AD_ACCESS_SELF_MANAGE;
}

#define DENIED_ROOT "only root may do this: it holds every password hash"
#define DENIED_SELF                                                            \
	"'me' is for directory users; operators manage users with 'user ...'"

/* Every refusal reads "permission denied: LABEL ['NAME']: WHY". */
static int deny(const struct ad_action *a, const struct ad_target *t, char *msg,
		size_t msglen, const char *why)
{
	char name[ACCT_MAX_NAME * 4 + 1];

	if (t != NULL && t->named && t->name != NULL) {
		acct_printable(name, sizeof(name), t->name, t->name_len, '?');
		snprintf(msg, msglen, "permission denied: %s '%s': %s",
			 a->label, name, why);
	} else {
		snprintf(msg, msglen, "permission denied: %s: %s", a->label,
			 why);
	}
	return ACCT_ST_DENIED;
}

/* The scopes of which an API key needs one for action a: a read,
 * directory:read (the audit log: audit:read); a change, the scope of
 * its permission. */
static uint32_t scopes_needed(const struct ad_action *a)
{
	uint32_t read = a->writes ? 0 : ACCT_SCOPE_DIRECTORY_READ;

	switch (a->access) {
	case AD_ACCESS_AUDIT_READ:
		return ACCT_SCOPE_AUDIT_READ;
	case AD_ACCESS_SELF:
	case AD_ACCESS_SELF_MANAGE:
		return read | ACCT_SCOPE_SELF_MANAGE;
	case AD_ACCESS_TENANT_MANAGE:
		return read | ACCT_SCOPE_TENANT_MANAGE;
	case AD_ACCESS_USER_READ:
		return ACCT_SCOPE_DIRECTORY_READ;
	case AD_ACCESS_USER_INVITE:
		return read | ACCT_SCOPE_USER_INVITE;
	case AD_ACCESS_USER_MANAGE:
		return read | ACCT_SCOPE_USER_MANAGE;
	case AD_ACCESS_GROUP_MANAGE:
		return read | ACCT_SCOPE_GROUP_MANAGE;
	case AD_ACCESS_ROLE_MANAGE:
		return read | ACCT_SCOPE_ROLE_MANAGE;
	case AD_ACCESS_KEY_MANAGE:
		return read | ACCT_SCOPE_KEY_MANAGE;
	case AD_ACCESS_USAGE_RECORD:
		return ACCT_SCOPE_USAGE_RECORD;
	default:
		return 0; /* PAM, OPERATOR: no key acts there */
	}
}

/* Does c's API key (if it presents one) reach action a? */
static int check_scopes(const struct ad_caller *c, const struct ad_action *a,
			const struct ad_target *t, char *msg, size_t msglen)
{
	uint32_t need = scopes_needed(a);
	char have[192], want[64], why[AD_MSG_MAX + 256];

	if (!c->api_key || (c->scopes & need) != 0)
		return ACCT_ST_OK;
	acct_scope_format(c->scopes, have, sizeof(have));
	acct_scope_format(need, want, sizeof(want));
	if (need == 0)
		snprintf(why, sizeof(why), "an API key does not act here");
	else
		snprintf(why, sizeof(why),
			 "the API key's scopes (%s) do not include %s",
			 have[0] != '\0' ? have : "none", want);
	return deny(a, t, msg, msglen, why);
}

static const char *tenant_state(uint32_t status)
{
	switch (status) {
	case ACCT_TENANT_SUSPENDED:
		return "suspended";
	case ACCT_TENANT_DEPROVISIONING:
		return "being deprovisioned";
	default:
		return "deprovisioned";
	}
}

/* An operator's change of the tenant itself (reactivate, deprovision,
 * rename...), not of what is in it. */
static bool lifecycle(const struct ad_action *a, const struct ad_target *t)
{
	return a->access == AD_ACCESS_OPERATOR && t->user_uid == 0;
}

/* Nothing changes in a tenant that is not active (but its lifecycle,
 * which is an operator's row of its own). */
static int read_only(const struct ad_action *a, const char *slug,
		     uint32_t status, char *msg, size_t msglen)
{
	if (!a->writes || status == ACCT_TENANT_ACTIVE || status == 0)
		return ACCT_ST_OK;
	snprintf(msg, msglen, "tenant '%s' is %s: its directory is read-only",
		 slug, tenant_state(status));
	return ACCT_ST_CONFLICT;
}

static int check_user(const struct ad_caller *c, const struct ad_action *a,
		      const struct ad_target *t, char *msg, size_t msglen)
{
	char why[AD_MSG_MAX];
	uint32_t need = needed(c, a->access, t);
	int rc;

	if (a->access == AD_ACCESS_OPERATOR)
		return deny(a, t, msg, msglen,
			    "only platform operators may do this");
	if (need != 0 && (c->perms & need) == 0) {
		char words[128];

		acct_perm_format(need, words, sizeof(words));
		snprintf(why, sizeof(why), "your role (%s) does not grant %s",
			 c->role_name, words);
		return deny(a, t, msg, msglen, why);
	}
	rc = check_scopes(c, a, t, msg, msglen);
	if (rc != ACCT_ST_OK)
		return rc;
	if (is_self(a->access))
		return read_only(a, c->tenant, c->tenant_status, msg, msglen);
	/* "no such user" and "not yours" read the same */
	if (t != NULL && t->named &&
	    (!t->exists || t->hidden || t->tenant_gid != c->tenant_gid))
		return deny(a, t, msg, msglen, "not in your organization");
	if (a->writes && t != NULL && t->user_uid != 0 &&
	    t->user_rank > c->rank) {
		snprintf(why, sizeof(why),
			 "your role (%s) ranks below that user's",
			 c->role_name);
		return deny(a, t, msg, msglen, why);
	}
	if (t != NULL && t->grant_rank > c->rank) {
		snprintf(why, sizeof(why),
			 "your role (%s) may not grant a higher role",
			 c->role_name);
		return deny(a, t, msg, msglen, why);
	}
	return read_only(a, c->tenant, c->tenant_status, msg, msglen);
}

int ad_policy_role_grantable(const struct ad_caller *c, const char *label,
			     const char *name, uint32_t rank, uint32_t perms,
			     char *msg, size_t msglen)
{
	struct ad_action a = {AD_ACCESS_ROLE_MANAGE, true, label};
	struct ad_target t;
	char extra[128], why[AD_MSG_MAX];

	msg[0] = '\0';
	if (c->kind == AD_CALLER_OPERATOR)
		return ACCT_ST_OK;
	memset(&t, 0, sizeof(t));
	t.named = true;
	t.name = name;
	t.name_len = strlen(name);
	if (rank > c->rank) {
		snprintf(why, sizeof(why),
			 "your role (%s) may not make a role above its own",
			 c->role_name);
		return deny(&a, &t, msg, msglen, why);
	}
	if ((perms & ~c->perms) != 0) {
		acct_perm_format(perms & ~c->perms, extra, sizeof(extra));
		snprintf(why, sizeof(why), "your role (%s) does not hold %s",
			 c->role_name, extra);
		return deny(&a, &t, msg, msglen, why);
	}
	return ACCT_ST_OK;
}

bool ad_policy_platform(const struct ad_caller *c)
{
	return c->kind == AD_CALLER_OPERATOR || c->kind == AD_CALLER_SUPPORT;
}

int ad_check_permission(const struct ad_caller *c, const struct ad_action *a,
			const struct ad_target *t, char *msg, size_t msglen)
{
	msg[0] = '\0';
	if (a->access == AD_ACCESS_PUBLIC)
		return ACCT_ST_OK;
	if (a->access == AD_ACCESS_PAM)
		return check_scopes(c, a, NULL, msg, msglen);
	if (a->access == 0 || a->access >= AD_ACCESS__END)
		return deny(a, NULL, msg, msglen, "unknown access class");
	/* an anonymous uid hears what it hears of every other row */
	if (a->access == AD_ACCESS_ROOT && c->kind != AD_CALLER_ANONYMOUS)
		return c->kind == AD_CALLER_OPERATOR && c->uid == 0 &&
				       !c->api_key
			       ? ACCT_ST_OK
			       : deny(a, NULL, msg, msglen, DENIED_ROOT);
	switch (c->kind) {
	case AD_CALLER_OPERATOR:
	case AD_CALLER_SUPPORT:
		if (is_self(a->access))
			return deny(a, NULL, msg, msglen, DENIED_SELF);
		if (c->kind == AD_CALLER_SUPPORT && a->writes)
			return deny(a, t, msg, msglen,
				    "support may read but not change");
		/* a suspended tenant is frozen; one being deprovisioned is
		 * the operators' to take apart (the store's rules keep
		 * new members out) */
		if (t != NULL && t->exists &&
		    t->tenant_status == ACCT_TENANT_SUSPENDED &&
		    !lifecycle(a, t))
			return read_only(a, t->tenant, t->tenant_status, msg,
					 msglen);
		return ACCT_ST_OK;
	case AD_CALLER_USER:
		return check_user(c, a, t, msg, msglen);
	case AD_CALLER_ANONYMOUS:
	default:
		return deny(a, NULL, msg, msglen,
			    is_self(a->access)
				    ? DENIED_SELF
				    : "not a directory user or platform "
				      "operator");
	}
}
