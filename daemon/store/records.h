/*
 * records.h - the directory's records as the daemon holds them in memory
 * (tenants, users, groups, sessions), their limits, and the small value
 * types every layer passes around.  No functions of the store here:
 * policy/ sees the records through this header alone.
 */
#ifndef AD_RECORDS_H
#define AD_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "acct_names.h"
#include "acct_profile.h"
#include "acct_proto.h"

#define AD_UUID_LEN 16
#define AD_MAX_TEXT 255	 /* display name, home, shell, status reason */
#define AD_MAX_EMAIL 254 /* acct_valid_email's limit */
#define AD_MAX_ACTOR 63	 /* "uid 0" and the like */
#define AD_MSG_MAX 256	 /* one message line */

/* An Argon2id hash string: crypto_pwhash_STRBYTES - 1 */
#define AD_MAX_PWHASH 127

/* ---- values ---- */

/* The outcome of a failed call: a status and one line for the client. */
struct ad_err {
	int status;
	char msg[AD_MSG_MAX];
};

/*
 * A string argument that need not be NUL-terminated (it may point into a
 * request).  p == NULL: absent; len == 0 with p set: empty ("clear").
 */
struct ad_str {
	const char *p;
	size_t len;
};

static inline struct ad_str ad_str_c(const char *s)
{
	struct ad_str r = {s, s != NULL ? strlen(s) : 0};

	return r;
}

static inline bool ad_str_given(struct ad_str s)
{
	return s.p != NULL;
}

/* ---- plans, subscriptions and budgets (store/plan.c, subscription.c,
 * budget.c; the rules: policy/subscription.h, policy/budget.h) ----
 * Limits are indexed by enum acct_budget_kind - 1; ACCT_BUDGET_UNLIMITED
 * is no limit. */
struct ad_plan {
	char name[ACCT_MAX_NAME + 1];
	uint64_t limit[ACCT_BUDGET_KINDS];
	uint32_t trial_days; /* 0: no trial */
	uint64_t created, updated;
	uint32_t tenants; /* tenants on it: filled by PLAN_SHOW, not stored */
};

/* A tenant's subscription (kept in its tenant record). */
struct ad_subscription {
	char plan[ACCT_MAX_NAME + 1]; /* "": none yet */
	uint32_t status;	      /* enum acct_sub_status */
	uint64_t trial_ends_at;	      /* 0: none */
	uint64_t period_ends_at;      /* 0: none */
};

/* A tenant's own limits over its plan's (kept in its tenant record). */
struct ad_budget_overrides {
	uint64_t limit[ACCT_BUDGET_KINDS];
	uint32_t set;	 /* bit (kind - 1): limit[kind - 1] overrides */
	uint32_t policy; /* enum acct_budget_policy; 0: block */
};

/* One budget of a tenant as it stands: its limit (ACCT_BUDGET_UNLIMITED:
 * none), what is used and where the limit comes from. */
struct ad_budget_line {
	uint32_t kind; /* enum acct_budget_kind */
	uint64_t limit;
	uint64_t used;
	uint32_t source; /* enum acct_budget_source */
};

struct ad_tenant {
	uint8_t uuid[AD_UUID_LEN];
	char slug[ACCT_MAX_SLUG + 1];
	char display_name[AD_MAX_TEXT + 1];
	uint32_t status; /* enum acct_tenant_status */
	uint32_t gid;	 /* the <slug> group; also the tenant's key */
	uint32_t admin_gid;
	char status_reason[AD_MAX_TEXT + 1];
	uint64_t status_updated_at;
	char status_updated_by[AD_MAX_ACTOR + 1];
	uint64_t created, updated;
	uint64_t suspended_at;	   /* 0 unless suspended */
	uint64_t deprovisioned_at; /* 0 until deprovisioning began */
	uint64_t finalized_at;	   /* 0 until finalized (older records: 0,
				      status_updated_at says when) */
	uint32_t app_passwords;	   /* 1: its users may give an API key with
				      the login scope as password (PAM) */
	uint32_t user_count;	   /* live users; filled on reads, not stored */
	/* plans and budgets (issue 9) */
	struct ad_subscription sub;
	struct ad_budget_overrides budget;
};

/* A user's profile (common/acct_profile.h has the rules; "": unset). */
struct ad_profile {
	char given_name[AD_MAX_TEXT + 1];
	char family_name[AD_MAX_TEXT + 1];
	char avatar_url[ACCT_MAX_URL + 1];
	char bio[ACCT_MAX_BIO_BYTES + 1];
	char timezone[ACCT_MAX_TZ + 1];
	char locale[ACCT_MAX_LOCALE + 1];
};

struct ad_user {
	uint8_t uuid[AD_UUID_LEN];
	char name[ACCT_MAX_NAME + 1];
	uint32_t uid;
	uint32_t gid; /* primary group: the tenant's group */
	uint32_t tenant_gid;
	uint32_t role;	 /* enum acct_role */
	uint32_t status; /* enum acct_user_status */
	char display_name[AD_MAX_TEXT + 1];
	char email[AD_MAX_EMAIL + 1];
	uint64_t email_verified_at; /* 0: not verified */
	char home[AD_MAX_TEXT + 1];
	char shell[AD_MAX_TEXT + 1];
	uint64_t created, updated, deleted_at;
	char status_reason[AD_MAX_TEXT + 1]; /* why disabled (USER_DISABLE) */
	uint32_t failed_logins;		     /* failed logins in a row */
	uint64_t locked_until;	 /* no login before this time; 0: none */
	uint64_t first_failure;	 /* start of the lockout window (lockout.h) */
	uint64_t deactivated_at; /* USER_DEACTIVATE's disable; 0: none */
	/* Argon2id hash ("": no password); never leaves the daemon */
	char password_hash[AD_MAX_PWHASH + 1];
	char tenant[ACCT_MAX_SLUG + 1]; /* slug; filled on reads, not stored */
	char role_name[ACCT_MAX_NAME + 1]; /* a custom role's; filled on
					      reads with tenant */
	/* last: most of the record's bytes, and unread by lookups, so a
	 * decode clears only the first byte of each (store/record.c) */
	struct ad_profile profile;
};

/* Every profile string "" (the rest of each buffer is left as it was). */
static inline void ad_profile_clear(struct ad_profile *p)
{
	p->given_name[0] = '\0';
	p->family_name[0] = '\0';
	p->avatar_url[0] = '\0';
	p->bio[0] = '\0';
	p->timezone[0] = '\0';
	p->locale[0] = '\0';
}

struct ad_group {
	char name[ACCT_MAX_NAME + 1];
	uint32_t gid;
	uint32_t kind; /* enum acct_group_kind */
	uint32_t tenant_gid;
	char tenant[ACCT_MAX_SLUG + 1]; /* slug; filled on reads, not stored */
};

/*
 * A change about to be made to a user, as the guards of policy/user.h see
 * it: the user and its tenant as stored, what the change leaves it with,
 * and how many active owners its tenant has (the user included; counted
 * only when the user is an active owner or admin, 0 otherwise), and as
 * many active admins (the same).
 */
struct ad_user_change {
	const struct ad_user *user;
	const struct ad_tenant *tenant;
	uint32_t role, status; /* after the change (DELETED: deleting) */
	uint32_t active_owners;
	uint32_t active_admins;
};

/* Forget u's failed logins and any lock (lockout.h counts them).
 * Returns true when something changed. */
static inline bool ad_user_clear_failures(struct ad_user *u)
{
	bool any = u->failed_logins != 0 || u->first_failure != 0 ||
		   u->locked_until != 0;

	u->failed_logins = 0;
	u->first_failure = 0;
	u->locked_until = 0;
	return any;
}

/*
 * Whose entries one caller's name lookups show (policy/lookup.h decides,
 * the store's lookups apply it): every tenant's, one tenant's, or none.
 */
enum ad_lookup_scope {
	AD_LOOKUP_ALL = 0,
	AD_LOOKUP_TENANT,
	AD_LOOKUP_NOTHING,
};

struct ad_lookup_view {
	enum ad_lookup_scope scope;
	uint32_t tenant_gid; /* AD_LOOKUP_TENANT: the one tenant shown */
};

/* Does v show the entries of the tenant whose gid is tenant_gid? */
static inline bool ad_lookup_view_shows(const struct ad_lookup_view *v,
					uint32_t tenant_gid)
{
	return v->scope == AD_LOOKUP_ALL ||
	       (v->scope == AD_LOOKUP_TENANT && v->tenant_gid == tenant_gid);
}

/* Tenant lifecycle requests (policy/tenant.h has the rules). */
enum ad_tenant_action {
	AD_TENANT_SUSPEND = 1, /* active -> suspended */
	AD_TENANT_REACTIVATE,  /* suspended -> active */
	AD_TENANT_DEPROVISION, /* active | suspended -> deprovisioning */
	AD_TENANT_FINALIZE,    /* deprovisioning -> deprovisioned */
};

/* ---- custom roles (store/role.c) ----
 * A tenant's own role: a name, a rank among the built-in roles
 * (policy/permission.h: 1..AD_RANK_OWNER - 1) and named permissions.  Users
 * hold it by its id (struct ad_user.role), never below AD_ROLE_CUSTOM_MIN;
 * ids are never reused. */
#define AD_ROLE_CUSTOM_MIN 100u
#define AD_ROLE_RANK_MAX 39u /* below the owners' 40 */

struct ad_role {
	uint32_t id;
	uint32_t tenant_gid;
	char name[ACCT_MAX_NAME + 1];
	uint32_t rank;
	uint32_t perms; /* ACCT_PERM_* bits */
	uint64_t created, updated;
	char tenant[ACCT_MAX_SLUG + 1]; /* slug; filled on reads, not stored */
};

/* ---- sessions (store/session.c) ---- */
#define AD_MAX_SERVICE 64 /* PAM service name */
#define AD_MAX_TTY 64
#define AD_MAX_RHOST 255

struct ad_session {
	uint64_t id; /* from 1 up, never reused */
	uint32_t uid;
	char name[ACCT_MAX_NAME + 1];
	uint32_t tenant_gid;
	char service[AD_MAX_SERVICE + 1];
	char tty[AD_MAX_TTY + 1];     /* "": none */
	char rhost[AD_MAX_RHOST + 1]; /* "": none */
	uint32_t pid;
	uint64_t proc_start; /* clock ticks after boot: pid's identity */
	uint64_t started;    /* unix time */
	uint32_t opened_by;  /* the caller's uid (0: root), for its cap */
	char tenant[ACCT_MAX_SLUG + 1]; /* slug; filled on reads, not stored */
};

/* ---- API keys (store/apikey.c; issue 9) ----
 * A key is found by its public prefix; only BLAKE2b-256 of its secret
 * is kept.  use_count and last_used are the written counts: reads add
 * what the daemon counted since its last flush (store/usage.c). */
#define AD_KEY_PREFIX_LEN 12 /* [a-z2-7]: 60 random bits */
#define AD_KEY_HASH_LEN 32

struct ad_apikey {
	char prefix[AD_KEY_PREFIX_LEN + 1];
	uint32_t uid;			  /* its owner */
	uint32_t tenant_gid;		  /* the owner's tenant */
	char name[ACCT_MAX_KEY_NAME + 1]; /* a label; "": none */
	uint32_t scopes;		  /* ACCT_SCOPE_* bits */
	uint64_t created;
	uint64_t expires;    /* 0: never */
	uint64_t revoked_at; /* 0: not revoked */
	uint64_t last_used;  /* 0: never used */
	uint64_t use_count;
	uint8_t hash[AD_KEY_HASH_LEN]; /* of the secret; never leaves */
};

#endif
