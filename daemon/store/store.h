/*
 * store.h - the LMDB store: tenants, users, groups and their indexes.
 *
 * One environment, one writer (the event-loop thread).  Every function that
 * changes something runs one write transaction and commits it durably
 * before it returns ACCT_ST_OK; on any other status nothing changed.
 * Reads share one read transaction object that is renewed per call and
 * reset before the call returns, so no snapshot stays pinned.
 *
 * Functions return an enum acct_status.  Those taking a struct ad_err also
 * leave one line for the client there when they fail.  Callbacks run inside
 * the store's read transaction and must not call back into the store.
 */
#ifndef AD_STORE_H
#define AD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "acct_proto.h"
#include "store/records.h"

struct ad_store;
struct ad_config;

#define AD_SCHEMA_VERSION 1

/* GR_ENUM stops adding groups once its reply passes this size. */
#define AD_GR_ENUM_SOFT_LIMIT (4u * 1024u * 1024u)

/*
 * Open (creating if needed) the environment in dir with the given map size.
 * Creates dir 0700 when missing, refuses a world-writable dir, takes an
 * exclusive lock on dir/accountsd.lock, refuses a schema newer than
 * AD_SCHEMA_VERSION, and runs mdb_reader_check.  Writes follow cfg (id
 * ranges, home_base, default_shell) from the first request on: the store
 * keeps the pointer, so cfg must outlive it, and a reload that rewrites
 * *cfg applies at once.  (dir and map_size take effect only here.)
 * Returns 0, or -1 with a message in err.
 */
int ad_store_open(struct ad_store **out, const char *dir, uint64_t map_size,
		  const struct ad_config *cfg, char *err, size_t errlen);
void ad_store_close(struct ad_store *st);

/*
 * The audit record of the request now running (store/audit.h): the next
 * write transaction to commit appends it, so that the change and its
 * record commit together or not at all; NULL: none.  Set and cleared by
 * the dispatcher around each audited request.
 */
struct ad_audit_event;
void ad_store_audit_next(struct ad_store *st, const struct ad_audit_event *ev);
/* Has that record been committed since it was set? */
bool ad_store_audit_written(const struct ad_store *st);

/* Who made a change that a store call records itself (sessions): the
 * actor as records name it, and the uid of the process that asked;
 * has_uid false: no process asked (the daemon's own doing). */
struct ad_audit_who {
	const char *actor;
	bool has_uid;
	uint32_t uid;
};

/* The user owning uid (deleted ones too) and its tenant: ACCT_ST_OK, or
 * ACCT_ST_NOTFOUND when no user has it. */
struct ad_user;
struct ad_tenant;
struct ad_err;
int ad_store_user_by_uid(struct ad_store *st, uint32_t uid, struct ad_user *u,
			 struct ad_tenant *t, struct ad_err *err);
/* The user (deleted ones too) or group called name, with its tenant. */
int ad_store_user_named(struct ad_store *st, struct ad_str name,
			struct ad_user *u, struct ad_tenant *t,
			struct ad_err *err);
int ad_store_group_named(struct ad_store *st, struct ad_str name,
			 struct ad_group *g, struct ad_tenant *t,
			 struct ad_err *err);

/* Clear stale reader slots; call periodically.  Returns slots cleared. */
int ad_store_reader_check(struct ad_store *st);

/*
 * Where the host's own accounts are read from (defaults /etc/passwd and
 * /etc/group; tests point elsewhere).  They are read directly, never
 * through NSS.  Returns 0, or -1 when a path is too long.
 */
int ad_store_set_local_files(struct ad_store *st, const char *passwd_path,
			     const char *group_path);

/* ---- values (records.h has the records) ---- */

/* The profile fields of a request (records.h: struct ad_profile). */
struct ad_profile_spec {
	struct ad_str given_name, family_name, avatar_url, bio, timezone,
		locale;
};

/*
 * A user to create (name and tenant required; role 0 means member; home
 * and shell default from the config), or the changes to make to one (name
 * identifies it; absent fields stay; an empty display name, email or
 * profile field clears it; an empty home or shell restores the default).
 * Emails are stored normalised (trimmed, the domain lowercased) and are
 * unique within a tenant (CONFLICT).  A timezone is checked by its name
 * only: whether the tz database has it is the caller's question.
 */
struct ad_user_spec {
	struct ad_str name;
	struct ad_str tenant;
	uint32_t role; /* 0: not given */
	struct ad_str display_name;
	struct ad_str email;
	struct ad_str home;
	struct ad_str shell;
	struct ad_profile_spec profile;
	uint32_t uid; /* updates: the user named must have this uid (0: any) */
};

struct ad_store_stats {
	uint32_t schema;
	uint32_t tenants, users, groups; /* users: not deleted */
	uint64_t db_size;		 /* bytes of pages in use */
	uint64_t map_size;
	uint64_t audit_records; /* the audit chain's length */
};

typedef int (*ad_tenant_fn)(void *arg, const struct ad_tenant *t);
typedef int (*ad_user_fn)(void *arg, const struct ad_user *u);
typedef int (*ad_group_fn)(void *arg, const struct ad_group *g);
typedef int (*ad_role_fn)(void *arg, const struct ad_role *r);
typedef int (*ad_member_fn)(void *arg, const char *login, size_t len);
/* Callbacks return 0 to go on, 1 to stop early (still ACCT_ST_OK), or -1 to
 * fail the call with ACCT_ST_INTERNAL. */

/* ---- decisions the store asks for ----
 * The store keeps the data whole (uniqueness, references, ids, durable
 * transactions) and decides nothing else: whether a change may be made is
 * the caller's decision (policy/), passed in and asked inside the write
 * transaction with the facts as they stand there, so that nothing changes
 * between the question and the write.  A decision is pure (it must not
 * call back into the store) and returns ACCT_ST_OK, or the refusal's
 * status with one line in msg (AD_MSG_MAX); the store then fails the call
 * with both and writes nothing.
 */
/* May tenant t take a new user, group or membership? */
typedef int (*ad_tenant_open_fn)(const struct ad_tenant *t, char *msg,
				 size_t msglen);
/* Where action takes a tenant in status from: *to, or a refusal. */
typedef int (*ad_tenant_move_fn)(uint32_t from, enum ad_tenant_action action,
				 const char *slug, uint32_t *to, char *msg,
				 size_t msglen);
/* May the change c (records.h) be made to a user? */
struct ad_user_guard {
	int (*fn)(void *arg, const struct ad_user_change *c, char *msg,
		  size_t msglen);
	void *arg;
};
/* One wrong password counted into u at now (failed_logins,
 * first_failure, locked_until); true when this failure locks. */
typedef bool (*ad_failure_count_fn)(void *arg, struct ad_user *u, uint64_t now);
/* What name lookups hide, asked for every entry before it is sent, and
 * whose entries the caller sees at all (records.h): outside its view an
 * entry is hidden too.  A view of one tenant walks only that tenant's
 * users; one of nothing reads nothing. */
struct ad_lookup_rules {
	bool (*user_hidden)(uint32_t user_status, uint32_t tenant_status);
	bool (*group_hidden)(uint32_t tenant_status);
	struct ad_lookup_view view;
};

/* ---- lookups (the NSS path) ----
 * Each encodes its answer straight into out and returns ACCT_ST_OK,
 * ACCT_ST_NOTFOUND, ACCT_ST_BUSY, ACCT_ST_INTERNAL or ACCT_ST_TOOBIG.
 * What rules hide (policy/lookup.h) is not found; neither is an invalid
 * name.
 */

/* One ACCT_T_PASSWD rec: NAME UID GID GECOS HOME SHELL. */
int ad_store_pw_byname(struct ad_store *st, const struct ad_lookup_rules *rules,
		       const char *name, size_t len, struct acct_buf *out);
int ad_store_pw_byuid(struct ad_store *st, const struct ad_lookup_rules *rules,
		      uint32_t uid, struct acct_buf *out);
/*
 * PASSWD recs with uid > after, in uid order, at most limit (0 or more than
 * ACCT_ENUM_BATCH: ACCT_ENUM_BATCH), then MORE (1: ask again) and CURSOR
 * (pass it back as after).  Hidden entries are skipped inside the batch:
 * MORE comes only with at least one entry, and CURSOR moves past what was
 * skipped, so a walk neither ends early nor repeats.
 */
int ad_store_pw_enum(struct ad_store *st, const struct ad_lookup_rules *rules,
		     uint32_t after, uint32_t limit, struct acct_buf *out);

/* One ACCT_T_GROUP rec: NAME GID MEMBER*. */
int ad_store_gr_byname(struct ad_store *st, const struct ad_lookup_rules *rules,
		       const char *name, size_t len, struct acct_buf *out);
int ad_store_gr_bygid(struct ad_store *st, const struct ad_lookup_rules *rules,
		      uint32_t gid, struct acct_buf *out);
/* As ad_store_pw_enum, GROUP recs in gid order; also stops once the reply
 * passes AD_GR_ENUM_SOFT_LIMIT (always at least one group). */
int ad_store_gr_enum(struct ad_store *st, const struct ad_lookup_rules *rules,
		     uint32_t after, uint32_t limit, struct acct_buf *out);
/* Top-level GID fields: the primary gid first, then every other group. */
int ad_store_initgroups(struct ad_store *st,
			const struct ad_lookup_rules *rules, const char *name,
			size_t len, struct acct_buf *out);

/* ---- status ---- */
int ad_store_stats(struct ad_store *st, struct ad_store_stats *out,
		   struct ad_err *err);

/* ---- tenants ----
 * actor ("uid 0") is recorded where a record says who changed it.
 */
int ad_store_tenant_create(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name, const char *actor,
			   struct ad_tenant *out, struct ad_err *err);
int ad_store_tenant_get(struct ad_store *st, struct ad_str slug,
			struct ad_tenant *out, struct ad_err *err);
/* display_name absent: no change; empty: clear. */
int ad_store_tenant_update(struct ad_store *st, struct ad_str slug,
			   struct ad_str display_name, const char *actor,
			   struct ad_tenant *out, struct ad_err *err);
/* The same with the tenant's app_passwords switch (0 or 1; -1: no
 * change), in the same write (issue 9). */
int ad_store_tenant_edit(struct ad_store *st, struct ad_str slug,
			 struct ad_str display_name, int app_passwords,
			 const char *actor, struct ad_tenant *out,
			 struct ad_err *err);
/* Every tenant in gid order. */
int ad_store_tenant_list(struct ad_store *st, ad_tenant_fn fn, void *arg,
			 struct ad_err *err);

/* ---- users ---- */
/* open decides whether the user's tenant takes it. */
int ad_store_user_create(struct ad_store *st, const struct ad_user_spec *spec,
			 ad_tenant_open_fn open, const char *actor,
			 struct ad_user *out, struct ad_err *err);
/*
 * All specs in one transaction: every one is validated first, then all are
 * created or none.  On failure err names the failing login.  skipped
 * (issue 10; NULL: none may be) counts the specs whose login is a
 * directory user already, skipped instead of refused.
 */
int ad_store_user_import(struct ad_store *st, const struct ad_user_spec *specs,
			 size_t n, ad_tenant_open_fn open, const char *actor,
			 uint32_t *skipped, struct ad_err *err);
/* Finds deleted users too (status ACCT_USER_DELETED). */
int ad_store_user_get(struct ad_store *st, struct ad_str name,
		      struct ad_user *out, struct ad_err *err);
/* changes->name identifies the user; changes->tenant must be absent.
 * guard decides on the change (its new role) before anything else. */
int ad_store_user_update(struct ad_store *st,
			 const struct ad_user_spec *changes,
			 const struct ad_user_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err);
/* Turns the user into a tombstone (the login stays reserved), if guard
 * agrees (status ACCT_USER_DELETED). */
int ad_store_user_delete(struct ad_store *st, struct ad_str name,
			 const struct ad_user_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err);
/*
 * Store a new password hash (store/password.c).  NOTFOUND for an unknown
 * or deleted user; the hash is kept in the user record and never sent.
 */
int ad_store_user_set_password(struct ad_store *st, struct ad_str name,
			       const char *hash, const char *actor,
			       struct ad_err *err);
/* Replace old_hash by new_hash after a login (new Argon2 limits); CONFLICT
 * when the password changed meanwhile (nothing written then). */
int ad_store_user_rehash(struct ad_store *st, struct ad_str name,
			 const char *old_hash, const char *new_hash,
			 struct ad_err *err);
/*
 * CHAUTHTOK's write: new_hash in place of old_hash (NULL: of whatever is
 * there; else CONFLICT when it changed meanwhile, and a right current
 * password also clears the failed-login counter), with ev (audit.h)
 * appended in the same transaction (NULL: the request's own record,
 * ad_store_audit_next, commits with it).
 */
struct ad_audit_event;
int ad_store_user_change_password(struct ad_store *st, struct ad_str name,
				  const char *old_hash, const char *new_hash,
				  const struct ad_audit_event *ev,
				  struct ad_err *err);
/*
 * Users that are not deleted, uid > after, in uid order; all tenants when
 * tenant is absent.  fn returns 1 to stop.
 */
int ad_store_user_list(struct ad_store *st, struct ad_str tenant,
		       uint32_t after, ad_user_fn fn, void *arg,
		       struct ad_err *err);

/* ---- groups ---- */
/* A custom group "<slug>-<short_name>", if open lets the tenant take it. */
int ad_store_group_create(struct ad_store *st, struct ad_str tenant,
			  struct ad_str short_name, ad_tenant_open_fn open,
			  const char *actor, struct ad_group *out,
			  struct ad_err *err);
/* Fills out; then, when member_fn is set, calls it for every member. */
int ad_store_group_get(struct ad_store *st, struct ad_str name,
		       struct ad_group *out, ad_member_fn member_fn, void *arg,
		       struct ad_err *err);
/* Groups in gid order; all tenants when tenant is absent. */
int ad_store_group_list(struct ad_store *st, struct ad_str tenant,
			ad_group_fn fn, void *arg, struct ad_err *err);
/* open decides whether the group's tenant takes a new membership. */
int ad_store_group_add_member(struct ad_store *st, struct ad_str group,
			      struct ad_str login, ad_tenant_open_fn open,
			      const char *actor, struct ad_err *err);
int ad_store_group_remove_member(struct ad_store *st, struct ad_str group,
				 struct ad_str login, const char *actor,
				 struct ad_err *err);
/* Custom groups only. */
int ad_store_group_delete(struct ad_store *st, struct ad_str name,
			  const char *actor, struct ad_group *out,
			  struct ad_err *err);

/* ---- custom roles (store/role.c) ----
 * A tenant's own roles, by name within the tenant.  rank 1..
 * AD_ROLE_RANK_MAX; perms are ACCT_PERM_* bits (policy/permission.h).
 * EXISTS for a taken name or a built-in one, CONFLICT to delete a role a
 * user holds. */
int ad_store_role_create(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, uint32_t rank, uint32_t perms,
			 const char *actor, struct ad_role *out,
			 struct ad_err *err);
int ad_store_role_get(struct ad_store *st, struct ad_str tenant,
		      struct ad_str name, struct ad_role *out,
		      struct ad_err *err);
/* NOTFOUND (no message) when there is no role id. */
int ad_store_role_by_id(struct ad_store *st, uint32_t id, struct ad_role *out,
			struct ad_err *err);
/* The tenant's custom roles in name order. */
int ad_store_role_list(struct ad_store *st, struct ad_str tenant, ad_role_fn fn,
		       void *arg, struct ad_err *err);
/* Add the permissions add, then take away remove. */
int ad_store_role_change(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, uint32_t add, uint32_t remove,
			 const char *actor, struct ad_role *out,
			 struct ad_err *err);
int ad_store_role_delete(struct ad_store *st, struct ad_str tenant,
			 struct ad_str name, const char *actor,
			 struct ad_role *out, struct ad_err *err);

/* ---- failed logins (store/lockout.c) ----
 * The lockout rules are policy/lockout.h's; these apply them.
 */
/*
 * A wrong password for name at now: count it (count(arg, ...)) and
 * append ev (result and pam_result as given) plus, when this failure
 * locks, an "account-lock" record, all in one durable transaction.
 * *locked_until gets the lock's end (0: not locked by this failure).
 * NOTFOUND when the user is gone or deleted (nothing written).
 */
int ad_store_login_failed(struct ad_store *st, struct ad_str name,
			  ad_failure_count_fn count, void *arg, uint64_t now,
			  const struct ad_audit_event *ev,
			  uint64_t *locked_until, struct ad_err *err);

/*
 * A wrong password for a name the directory does not hold: only counted
 * (meta "unknown_logins"), in a durable transaction of its own, so that
 * the daemon does the same I/O as for a known user's failure and neither
 * shows by timing (not even in the delay of a request sent right after).
 */
int ad_store_unknown_login(struct ad_store *st, struct ad_err *err);

/* A right password for name: reset the counter, writing only when there
 * is one to reset. */
int ad_store_login_succeeded(struct ad_store *st, struct ad_str name,
			     struct ad_err *err);

/* USER_UNLOCK: counter and lock cleared, audited ("user-unlock"), also
 * when refused.  out gets the user (with its tenant slug). */
int ad_store_user_unlock(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_user *out,
			 struct ad_err *err);

/* ---- sessions (store/session.c) ----
 * One record per live session (struct ad_session, records.h); the
 * daemon's watch of its process (session.h) ends it.  Each change is
 * audited in its transaction.
 */
typedef int (*ad_session_fn)(void *arg, const struct ad_session *s);

/* Store s under a new id (s->id, s->started and s->tenant are set
 * here); audited as "session-open" by who. */
int ad_store_session_add(struct ad_store *st, struct ad_session *s,
			 const struct ad_audit_who *who, struct ad_err *err);
/* NOTFOUND (with a message) once the session has ended. */
int ad_store_session_get(struct ad_store *st, uint64_t id,
			 struct ad_session *out, struct ad_err *err);
/* Remove session id, audited as action ("session-close", "session-end")
 * by who with reason (may be NULL).  NOTFOUND when it is not there. */
int ad_store_session_end(struct ad_store *st, uint64_t id, const char *action,
			 const struct ad_audit_who *who, const char *reason,
			 struct ad_err *err);
/* One session to end in a batch, and why (may be NULL). */
struct ad_session_end {
	uint64_t id;
	const char *reason;
};
/*
 * End each session of ends[0..n) that is still there, audited as action
 * by actor (the daemon's own doing: no uid) with its reason, all in one
 * transaction; *ended gets how many
 * were there (those gone already are skipped).  On failure none ended.
 */
int ad_store_session_end_batch(struct ad_store *st,
			       const struct ad_session_end *ends, size_t n,
			       const char *action, const char *actor,
			       size_t *ended, struct ad_err *err);
/* Every session in id order. */
int ad_store_session_list(struct ad_store *st, ad_session_fn fn, void *arg,
			  struct ad_err *err);

/* ---- plans, subscriptions and budgets (issue 9) ----
 * Plans (store/plan.c): a name valid as a group name, limits up to
 * ACCT_MAX_BUDGET (usage ACCT_MAX_USAGE) or ACCT_BUDGET_UNLIMITED, trial
 * days up to ACCT_MAX_TRIAL_DAYS, at most ACCT_MAX_PLANS plans; a plan a
 * tenant uses is not deleted (CONFLICT naming how many). */
typedef int (*ad_plan_fn)(void *arg, const struct ad_plan *p);
int ad_store_plan_create(struct ad_store *st, const struct ad_plan *p,
			 const char *actor, struct ad_plan *out,
			 struct ad_err *err);
/* Fills out->tenants. */
int ad_store_plan_get(struct ad_store *st, struct ad_str name,
		      struct ad_plan *out, struct ad_err *err);
int ad_store_plan_list(struct ad_store *st, ad_plan_fn fn, void *arg,
		       struct ad_err *err);
/* What a PLAN_UPDATE gives: the limits whose bit (kind - 1) is in set,
 * and trial_days when trial_given. */
struct ad_plan_change {
	uint32_t set;
	uint64_t limit[ACCT_BUDGET_KINDS];
	bool trial_given;
	uint32_t trial_days;
};
int ad_store_plan_update(struct ad_store *st, struct ad_str name,
			 const struct ad_plan_change *c, const char *actor,
			 struct ad_plan *out, struct ad_err *err);
int ad_store_plan_delete(struct ad_store *st, struct ad_str name,
			 const char *actor, struct ad_plan *out,
			 struct ad_err *err);

/*
 * A change to tenant slug's subscription (store/subscription.c): inside
 * the write, fn(arg, t, p, sub, msg, msglen) makes *sub (a copy of the
 * tenant's) what it becomes, where p is the plan named by plan (NULL when
 * plan is absent; a plan that does not exist is NOTFOUND before fn runs).
 * out (may be NULL) gets the tenant as saved.
 */
typedef int (*ad_sub_change_fn)(void *arg, const struct ad_tenant *t,
				const struct ad_plan *p,
				struct ad_subscription *sub, char *msg,
				size_t msglen);
int ad_store_tenant_sub_change(struct ad_store *st, struct ad_str slug,
			       struct ad_str plan, ad_sub_change_fn fn,
			       void *arg, const char *actor,
			       struct ad_tenant *out, struct ad_err *err);
/*
 * Time-driven changes of every tenant's subscription at now, in one write
 * by "accountsd": due(s, now, &status, &next, &why) says what s has
 * become (true: changed, saved with an audit record "subscription-expire"
 * whose message is why) and when it next changes by itself (0: never).
 * *next_due gets the earliest of those over all tenants (0: none),
 * *changed how many changed.
 */
typedef bool (*ad_sub_due_fn)(const struct ad_subscription *s, uint64_t now,
			      uint32_t *status, uint64_t *next,
			      const char **why);
int ad_store_sub_sweep(struct ad_store *st, uint64_t now, ad_sub_due_fn due,
		       uint64_t *next_due, uint32_t *changed,
		       struct ad_err *err);

/* A tenant's budgets as they stand (store/budget.c): for each kind the
 * limit that applies (its override, else its plan's, else unlimited),
 * where it comes from, and what is used (seats: users active or pending;
 * sessions: open sessions; keys and usage: 0 here, the caller's). */
struct ad_budget_view {
	char tenant[ACCT_MAX_SLUG + 1];
	uint32_t tenant_gid;
	char plan[ACCT_MAX_NAME + 1]; /* "": none */
	uint32_t policy;	      /* enum acct_budget_policy */
	struct ad_budget_line line[ACCT_BUDGET_KINDS];
};
/* count: the kinds (bit kind - 1) whose use is counted (seats and
 * sessions walk records); the others' used is 0. */
int ad_store_budget_view(struct ad_store *st, struct ad_str slug,
			 uint32_t count, struct ad_budget_view *out,
			 struct ad_err *err);
/* BUDGET_SET: overrides whose bit (kind - 1) is in set take limit[...],
 * those in clear go back to the plan's; policy 0 keeps the policy. */
struct ad_budget_change {
	uint32_t set, clear;
	uint64_t limit[ACCT_BUDGET_KINDS];
	uint32_t policy;
};
int ad_store_budget_set(struct ad_store *st, struct ad_str slug,
			const struct ad_budget_change *c, const char *actor,
			struct ad_err *err);

/* ---- backup (issue 10: backup.c) ----
 * A compacted, consistent copy of the whole store written to fd (an
 * empty file the caller checked), then fsync'd; *size its bytes.  Safe on
 * a worker thread while the loop serves.  Writes nothing to the store. */
int ad_store_backup(struct ad_store *st, int fd, uint64_t *size,
		    struct ad_err *err);

/* ---- restore (issue 10: restore.c), with no daemon on dir ----
 * file (a backup) checked and put in place of dir's data.mdb, atomically;
 * the old data kept as data.mdb.before-restore; the id mark raised to
 * every counter seen and to floor.  0 with out filled, or -1 with a
 * message in err (a daemon running on dir, not a backup of ours, a
 * newer schema, I/O): then dir's data is unchanged. */
struct ad_restore_floor {
	uint32_t uid, gid; /* 0: none */
};
struct ad_restore_info {
	uint32_t schema;
	bool kept_before; /* there was data: now data.mdb.before-restore */
	uint32_t next_uid, next_gid;
};
int ad_store_restore(const char *file, const char *dir,
		     const struct ad_restore_floor *floor,
		     struct ad_restore_info *out, char *err, size_t errlen);

/* ---- import (issue 10: import.c) ----
 * A directory written back with its own numbers, in one transaction:
 * begin, then tenants, users, custom groups and their members (each call
 * checks and writes one; the first failure's message stays in err, and
 * nothing after it commits), then end, which commits (status OK and no
 * failure) or aborts.  Ids must be in range, not the host's, free, and
 * not below what this host handed out before; open decides whether a
 * tenant takes a new user. */
struct ad_import;
struct ad_import_tenant {
	struct ad_str slug, name;
	uint32_t gid, admin_gid;
	uint32_t status; /* ACTIVE or SUSPENDED */
	uint32_t app_passwords;
};
struct ad_import_user {
	struct ad_user_spec spec; /* name, tenant, role, fields */
	uint32_t uid, gid;	  /* gid: must be the tenant's */
	uint32_t status;	  /* ACTIVE or DISABLED */
	struct ad_str hash;	  /* "$argon2id$..."; empty: none */
};
int ad_store_import_begin(struct ad_store *st, ad_tenant_open_fn open,
			  const char *actor, struct ad_import **out,
			  struct ad_err *err);
int ad_store_import_tenant(struct ad_import *im,
			   const struct ad_import_tenant *t);
int ad_store_import_user(struct ad_import *im, const struct ad_import_user *u);
int ad_store_import_group(struct ad_import *im, struct ad_str name,
			  struct ad_str tenant, uint32_t gid);
/* login into group, a custom one; a tenant's own groups follow its users
 * and their roles, so their members are taken as they come. */
int ad_store_import_member(struct ad_import *im, struct ad_str group,
			   struct ad_str login);
int ad_store_import_end(struct ad_import *im, int status);

#endif
