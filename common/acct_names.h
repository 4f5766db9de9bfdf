/*
 * acct_names.h - the rules for names, shared by every edge (NSS, PAM,
 * accountsctl, daemon) so that all of them agree on what is valid.
 */
#ifndef ACCT_NAMES_H
#define ACCT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Login and group names: 1..ACCT_MAX_NAME bytes of [a-z0-9_.-], the first a
 * lowercase letter or '_', not ending in '.', not all digits, not "." or
 * "..".  (A conservative subset of what shadow-utils and systemd accept, so
 * that every tool on the host handles them.)
 */
bool acct_valid_login(const char *s, size_t len);
bool acct_valid_group(const char *s, size_t len);

/*
 * Tenant slug: 2..20 bytes of [a-z0-9-], starting with a letter, not ending
 * with '-', no "--".  Short enough that "<slug>-admins" and "<slug>-<name>"
 * stay within ACCT_MAX_NAME.
 */
#define ACCT_MAX_SLUG 20u
bool acct_valid_slug(const char *s, size_t len);

/* Shell and home: absolute path, no NUL, no ':' or newline, <= 255 bytes. */
bool acct_valid_path(const char *s, size_t len);

/* GECOS/display name: printable UTF-8 with no ':' or control characters,
 * <= 255 bytes. */
bool acct_valid_gecos(const char *s, size_t len);

/* Email: local@domain, one '@', no spaces or controls, <= 254 bytes. */
bool acct_valid_email(const char *s, size_t len);

/* Ids accountsd may ever hand out: not 0, not (uid_t)-1, not 65534. */
bool acct_valid_id(unsigned long id);

/*
 * The words for roles and group kinds (acct_proto.h), the same in the
 * daemon's logs and in accountsctl: "viewer", "member", "admin", "owner";
 * "tenant", "admins", "custom".  NULL for a value with no word (0, or one
 * from a newer daemon).
 */
const char *acct_role_name(uint32_t role);
const char *acct_group_kind_name(uint32_t kind);
/* "owner" -> ACCT_ROLE_OWNER ... (exact, lowercase); 0 for anything else. */
uint32_t acct_role_parse(const char *s);
/* The same for len bytes at s (not NUL-terminated). */
uint32_t acct_role_parse_n(const char *s, size_t len);

/*
 * Named permissions a role grants (bits), the same words everywhere:
 * "user:read" ...  acct_perm_name: NULL for anything but one known bit;
 * acct_perm_parse: the bit named by len bytes at s, 0 for none;
 * acct_perm_format: "user:read,user:invite" (always terminated).
 */
enum acct_perm {
	ACCT_PERM_USER_READ = 1u << 0,	   /* the tenant's users, groups,
					      sessions */
	ACCT_PERM_USER_INVITE = 1u << 1,   /* invite users */
	ACCT_PERM_USER_MANAGE = 1u << 2,   /* change, disable, delete, reset
					      users; end sessions */
	ACCT_PERM_GROUP_MANAGE = 1u << 3,  /* groups and their members */
	ACCT_PERM_ROLE_MANAGE = 1u << 4,   /* custom roles */
	ACCT_PERM_AUDIT_READ = 1u << 5,	   /* the tenant's audit log */
	ACCT_PERM_KEY_ISSUE = 1u << 6,	   /* API keys for others */
	ACCT_PERM_TENANT_MANAGE = 1u << 7, /* show and update the tenant */
	ACCT_PERM_SELF_MANAGE = 1u << 8,   /* one's own email, keys, sign-in
					      tokens; disabling oneself */
	ACCT_PERM_USAGE_RECORD = 1u << 9,  /* record usage units against
					      the tenant's budget */
};
#define ACCT_PERM__ALL 0x3ffu
const char *acct_perm_name(uint32_t perm);
uint32_t acct_perm_parse(const char *s, size_t len);
void acct_perm_format(uint32_t perms, char *buf, size_t size);

/*
 * The scopes an API key is narrowed to (bits), the same words
 * everywhere.  A key acts as its owner, and only in the actions its
 * scopes name (policy/permission.c maps each action to the scopes that
 * allow it): reads need directory:read (audit:read for the audit log),
 * a change the scope named after its permission (key:manage for keys).
 * budget:override and login are not actions: a key with budget:override
 * passes a budget whose policy is override; one with login may be an
 * application password through PAM where its tenant allows it.
 * Functions as for permissions above.
 */
enum acct_scope {
	ACCT_SCOPE_DIRECTORY_READ = 1u << 0,   /* "directory:read" */
	ACCT_SCOPE_USER_INVITE = 1u << 1,      /* "user:invite" */
	ACCT_SCOPE_USER_MANAGE = 1u << 2,      /* "user:manage" */
	ACCT_SCOPE_GROUP_MANAGE = 1u << 3,     /* "group:manage" */
	ACCT_SCOPE_ROLE_MANAGE = 1u << 4,      /* "role:manage" */
	ACCT_SCOPE_AUDIT_READ = 1u << 5,       /* "audit:read" */
	ACCT_SCOPE_KEY_MANAGE = 1u << 6,       /* "key:manage" */
	ACCT_SCOPE_TENANT_MANAGE = 1u << 7,    /* "tenant:manage" */
	ACCT_SCOPE_SELF_MANAGE = 1u << 8,      /* "self:manage" */
	ACCT_SCOPE_USAGE_RECORD = 1u << 9,     /* "usage:record" */
	ACCT_SCOPE_BUDGET_OVERRIDE = 1u << 10, /* "budget:override" */
	ACCT_SCOPE_LOGIN = 1u << 11,	       /* "login" */
};
#define ACCT_SCOPE__ALL 0xfffu
const char *acct_scope_name(uint32_t scope);
uint32_t acct_scope_parse(const char *s, size_t len);
void acct_scope_format(uint32_t scopes, char *buf, size_t size);

/*
 * Plans, subscriptions and budgets (acct_proto.h): "trial", "active",
 * "cancelled", "expired" ("none" for no plan); "seats", "sessions",
 * "keys", "usage"; "block", "override"; "plan", "override", "none".
 * NULL for a value with no word; the parsers answer 0 for none.
 */
const char *acct_sub_status_name(uint32_t status);
const char *acct_budget_kind_name(uint32_t kind);
uint32_t acct_budget_kind_parse(const char *s);
const char *acct_budget_policy_name(uint32_t policy);
uint32_t acct_budget_policy_parse(const char *s);
const char *acct_budget_source_name(uint32_t source);

#endif
