/*
 * priv.h - what the store_*.c files share and nobody else sees.
 *
 * Key layouts (numbers are 4-byte big-endian so cursors walk them in
 * numeric order; values are TLV records of acct_proto.h unless noted):
 *
 *   meta            "schema" "next_uid" "next_gid" "users" -> u32 (BE)
 *                   "unknown_logins" -> u32 (BE): failed logins of names
 *                   the directory does not hold (store/lockout.c)
 *                   "tusers" gid -> u32 (BE): live users of a tenant
 *   tenants         gid -> tenant rec
 *   tenant_by_slug  slug -> gid
 *   users           uid -> user rec
 *   user_by_name    login -> uid (tombstones keep their login)
 *   user_by_email   tenant gid + email -> uid (store/email.c); meta
 *                   "email_index" -> u32 (BE): the rules it was made
 *                   under
 *   tenant_users    tenant gid + uid -> empty (live users of a tenant)
 *   groups          gid -> group rec
 *   group_by_name   name -> gid
 *   members         gid + login -> uid
 *   memberof        uid + gid -> empty
 *   roles           role id -> role rec (custom roles, store/role.c);
 *                   meta "next_role" -> u32 (BE): the last id given
 *   role_by_name    tenant gid + name -> role id
 *   audit           u64 BE sequence -> audit rec, hash-chained (audit.c)
 *   sessions        u64 BE session id -> session rec (store/session.c);
 *                   meta "next_session" -> u64 (BE): the last id given
 *   outbox          u64 BE next attempt + u64 BE mail id -> mail rec
 *                   (store/outbox.c): the first key is the mail due
 *                   first; meta "next_mail" -> u64 (BE): the last id
 *   tokens          BLAKE2b-256 of a token's text -> token rec
 *                   (store/token.c)
 *   token_by_uid    uid -> BLAKE2b-256 (dupsort): a user's tokens
 *   token_expiry    u64 BE expiry + BLAKE2b-256 -> empty: the sweep's
 *                   order
 *   ssh_keys        uid + SHA-256 of the key blob -> SSH key rec
 *                   (store/sshkey.c): a user's keys in one range, each
 *                   at most once
 *   plans           plan name -> plan rec (store/plan.c); a tenant's
 *                   subscription and budget overrides live in its
 *                   tenant rec (store/record.c: PLAN SUB_STATUS
 *                   TRIAL_ENDS PERIOD_ENDS, and SEATS..USAGE present for
 *                   an override, BUDGET_POLICY)
 *   api_keys        12-character prefix -> API key rec (store/apikey.c)
 *   api_keys_by_user uid + prefix -> empty: a user's keys
 *   api_keys_by_tenant tenant gid + prefix -> empty: a tenant's keys
 *   api_usage       tenant gid + u32 BE month (YYYYMM) -> rec UNITS
 *                   KEY_USES (store/usage.c)
 *
 * A purged tenant (store/purge.c) leaves none of its keys behind; its
 * uids and gids stay below "next_uid" and "next_gid", which only move
 * up, so they are never handed out again.
 */
#ifndef AD_STORE_PRIV_H
#define AD_STORE_PRIV_H

#include <limits.h>
#include <lmdb.h>
#include <stdarg.h>

#include "acct_be.h"
#include "server/config.h"
#include "server/map.h"
#include "store/apikey.h"
#include "store/audit.h"
#include "store/store.h"

enum st_db {
	DB_META,
	DB_TENANTS,
	DB_TENANT_BY_SLUG,
	DB_USERS,
	DB_USER_BY_NAME,
	DB_USER_BY_EMAIL,
	DB_TENANT_USERS,
	DB_GROUPS,
	DB_GROUP_BY_NAME,
	DB_MEMBERS,
	DB_MEMBEROF,
	DB_AUDIT,    /* u64 BE sequence -> audit rec (audit.c) */
	DB_SESSIONS, /* u64 BE session id -> session rec (store/session.c) */
	DB_ROLES,
	DB_ROLE_BY_NAME,
	DB_OUTBOX,	 /* mails waiting for delivery (store/outbox.c) */
	DB_TOKENS,	 /* hashed tokens (store/token.c) */
	DB_TOKEN_BY_UID, /* dupsort: uid -> token hashes */
	DB_TOKEN_EXPIRY, /* expiry + hash -> empty */
	DB_SSH_KEYS,	 /* uid + SHA-256 -> SSH key (store/sshkey.c) */
	DB_PLANS,	 /* plan name -> plan rec (store/plan.c) */
	/* API keys and usage (issue 9) */
	DB_API_KEYS,
	DB_API_KEYS_BY_USER,
	DB_API_KEYS_BY_TENANT,
	DB_API_USAGE,
	DB__COUNT
};

/* Usage counted since the last flush (store/usage_mem.c): one entry
 * per key used and per tenant and month, found through idx (its key ->
 * index + 1 in d). */
struct st_usage_delta {
	uint64_t id;			    /* idx's key */
	char prefix[AD_KEY_PREFIX_LEN + 1]; /* a key's; "": a tenant's */
	uint32_t tenant_gid, month;
	uint64_t uses, units, last_used;
};
struct st_usage {
	struct ad_map idx;
	struct st_usage_delta *d;
	size_t n, cap;
};

/* The lowest uid and gid that may still be handed out, as the state
 * directory's "ids" file says (idmark.c). */
struct st_idmark {
	uint32_t next_uid, next_gid;
};

struct ad_store {
	MDB_env *env;
	MDB_dbi dbi[DB__COUNT];
	MDB_txn *rtxn; /* the one read txn: reset between calls */
	int rtxn_live; /* renewed and not yet reset */
	int lock_fd;
	const struct ad_config *cfg; /* the live settings (ad_store_open) */
	char passwd_path[PATH_MAX];
	char group_path[PATH_MAX];
	struct acct_buf rec; /* encodes records for puts */
	/* the record of the request now running (txn.c) */
	const struct ad_audit_event *audit_next;
	bool audit_written;
	/* where committed records go (audit.h); NULL: nowhere */
	ad_audit_sink_fn audit_sink;
	void *audit_sink_arg;
	/* more records to commit with the next change (ad_store_audit_also) */
	ad_audit_also_fn audit_also;
	void *audit_also_arg;
	struct st_usage usage; /* key uses not written yet */
	char dir[PATH_MAX];    /* the state directory (issue 10) */
	struct st_idmark mark; /* as written in dir/ids (idmark.c) */
};

/* An audit record a write transaction appended: handed to the sink once
 * the transaction commits (store/audit.c). */
struct st_appended {
	uint64_t seq;
	struct acct_buf rec;
};

/* The host's own accounts, read from the local files once per write. */
struct st_local {
	char **pw_names, **gr_names;
	size_t n_pw, n_gr;
	uint32_t *uids, *gids;
	size_t n_uids, n_gids;
};

/* One write request: its transaction and what it needs along the way. */
struct st_wtx {
	struct ad_store *st;
	MDB_txn *txn;
	struct ad_err *err;
	const char *actor;
	uint64_t now;
	struct st_local *local; /* loaded on first use */
	/* audit records appended, for the sink (only while one is set) */
	struct st_appended *appended;
	size_t n_appended, cap_appended;
	/* the id mark this transaction raised, written before it commits
	 * (idmark.c) */
	struct st_idmark mark;
	bool mark_dirty;
	/* import (issue 10): the ids the next allocations must give (0:
	 * allocate as usual), each taken once: alloc.c */
	uint32_t want_uid;
	uint32_t want_gid[2];
};

/* ---- keys: ids big-endian (acct_be.h), so they sort by number ---- */

/* key[8]: two ids (memberof uid + gid, tenant_users tenant gid + uid). */
static inline void st_key_ids(uint8_t key[8], uint32_t first, uint32_t second)
{
	acct_be32_put(key, first);
	acct_be32_put(key + 4, second);
}

/* key[4 + max]: an id, then s without its NUL (members gid + login,
 * user_by_email tenant gid + email).  Returns the key's length. */
static inline size_t st_key_id_str(uint8_t *key, uint32_t id, const char *s,
				   size_t max)
{
	size_t n = strnlen(s, max);

	acct_be32_put(key, id);
	memcpy(key + 4, s, n);
	return 4 + n;
}

/* ---- opening (env.c; ad_store_open in open.c) ---- */
/* The environment in dir, locked, its databases open (schema checked):
 * the store, or NULL with a message in err. */
struct ad_store *st_env_open(const char *dir, uint64_t map_size,
			     const struct ad_config *cfg, char *err,
			     size_t errlen);

/* The state directory made (0700) or checked private to us: 0, or -1. */
int st_prepare_dir(const char *dir, char *err, size_t errlen);
/* The daemon's lock on dir (accountsd.lock, flock): *fd holds it (the
 * caller closes it, also on failure when >= 0); -1 with "another
 * accountsd is using DIR" while one runs there. */
int st_lock_dir(const char *dir, int *fd, char *err, size_t errlen);

/* ---- errors (store.c) ---- */
__attribute__((format(printf, 3, 4))) int
st_fail(struct ad_err *err, int status, const char *fmt, ...);
/* Map an LMDB error: MAP_FULL -> EXHAUSTED, READERS_FULL -> BUSY, else
 * INTERNAL (logged with what). */
int st_mdb_fail(struct ad_err *err, int rc, const char *what);
/* Printable, bounded copy of untrusted text for messages. */
const char *st_show(char *dst, size_t size, const char *p, size_t len);
#define ST_SHOW_MAX 48

/* ---- transactions (store.c) ---- */
/* Renew the shared read txn.  Returns ACCT_ST_OK, BUSY or INTERNAL. */
int st_read_begin(struct ad_store *st, MDB_txn **txn, struct ad_err *err);
void st_read_end(struct ad_store *st);
int st_write_begin(struct ad_store *st, struct st_wtx *w, const char *actor,
		   struct ad_err *err);
/* Commit when status is ACCT_ST_OK, abort otherwise; returns the final
 * status (a failed commit turns OK into an error). */
int st_write_end(struct st_wtx *w, int status);
/* After the end of w: its audit records to the sink when committed, then
 * forgotten either way (store/audit.c). */
void st_audit_hand_on(struct st_wtx *w, bool committed);

/* One change to the user login names, in a write transaction of its own:
 * the login checked, fn(w, name, u, arg) run inside, committed, and the
 * user copied to out (may be NULL).  Returns fn's or the store's status. */
typedef int (*st_user_change_fn)(struct st_wtx *w, struct ad_str name,
				 struct ad_user *u, void *arg);
int st_user_change(struct ad_store *st, struct ad_str name, const char *actor,
		   st_user_change_fn fn, void *arg, struct ad_user *out,
		   struct ad_err *err);
const struct ad_config *st_cfg(const struct ad_store *st);

/* mdb_get into val: 0 found, MDB_NOTFOUND, or another LMDB error. */
int st_get(MDB_txn *txn, MDB_dbi dbi, const void *k, size_t klen, MDB_val *val);
int st_put(struct st_wtx *w, enum st_db db, const void *k, size_t klen,
	   const void *v, size_t vlen, unsigned flags);
/* Deleting what is not there is not an error. */
int st_del(struct st_wtx *w, enum st_db db, const void *k, size_t klen);
/* Read a u32 counter from meta (0 when absent); add delta and store. */
int st_meta_get(MDB_txn *txn, struct ad_store *st, const void *k, size_t klen,
		uint32_t *v);
int st_meta_put(struct st_wtx *w, const void *k, size_t klen, uint32_t v);
int st_meta_add(struct st_wtx *w, const void *k, size_t klen, int delta);
/* meta key for a tenant's user counter: "tusers" + gid; returns length */
size_t st_tusers_key(uint8_t key[10], uint32_t gid);

/* ---- walking a database in key order (store.c) ---- */
/* Where a walk starts, and how long it goes on: from the first key >= from
 * (the very first key when len is 0), while keys begin with the first
 * prefix bytes of from. */
struct st_range {
	const void *from;
	size_t len, prefix;
};
/* A walk's callback returns ACCT_ST_OK to go on, ST_WALK_STOP to end the
 * walk early (still a success), or another status to fail it with (its
 * message already in err). */
#define ST_WALK_STOP (-1)
typedef int (*st_walk_fn)(void *arg, const MDB_val *key, const MDB_val *val);
/* Returns ACCT_ST_OK, fn's failure, or an LMDB failure (st_mdb_fail). */
int st_walk(MDB_txn *txn, struct ad_store *st, enum st_db db, struct st_range r,
	    st_walk_fn fn, void *arg, struct ad_err *err);
/* A caller's callback said 0 (go on), 1 (stop) or -1 (failed): the walk's
 * verdict, failing with ACCT_ST_INTERNAL and msg. */
int st_walk_step(int stop, const char *msg, struct ad_err *err);

/* ---- records (store/record.c) ---- */
int st_tenant_decode(const void *p, size_t len, struct ad_tenant *t);
int st_user_decode(const void *p, size_t len, struct ad_user *u);
int st_group_decode(const void *p, size_t len, struct ad_group *g);
/* Encode into st->rec and put under key in db. */
int st_tenant_save(struct st_wtx *w, const struct ad_tenant *t);
int st_user_save(struct st_wtx *w, const struct ad_user *u);
int st_group_save(struct st_wtx *w, const struct ad_group *g);

/* ---- record lookups inside any txn (store/record.c) ----
 * Return ACCT_ST_OK, ACCT_ST_NOTFOUND (err untouched) or an error.
 */
int st_tenant_by_gid(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		     struct ad_tenant *t, struct ad_err *err);
/* The tenant a record points at: absent means a corrupt store. */
int st_tenant_must(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		   struct ad_tenant *t, struct ad_err *err);
/* u's tenant into t, and its slug into u->tenant. */
int st_user_tenant(MDB_txn *txn, struct ad_store *st, struct ad_user *u,
		   struct ad_tenant *t, struct ad_err *err);
int st_tenant_by_slug(MDB_txn *txn, struct ad_store *st, struct ad_str slug,
		      struct ad_tenant *t, struct ad_err *err);
int st_user_by_uid(MDB_txn *txn, struct ad_store *st, uint32_t uid,
		   struct ad_user *u, struct ad_err *err);
int st_user_by_name(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		    struct ad_user *u, struct ad_err *err);
int st_group_by_gid(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		    struct ad_group *g, struct ad_err *err);
int st_group_by_name(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		     struct ad_group *g, struct ad_err *err);
/* A custom role's name into u->role_name ("" for a built-in role, or
 * a role that is gone). */
void st_user_role_name(MDB_txn *txn, struct ad_store *st, struct ad_user *u);
/* A custom role's record (store/record.c): saved under its id, and read
 * by id (NOTFOUND without a message). */
int st_role_save(struct st_wtx *w, const struct ad_role *r);
int st_role_by_id(MDB_txn *txn, struct ad_store *st, uint32_t id,
		  struct ad_role *r, struct ad_err *err);
/* Is role id one a user of tenant t may hold (built-in, or t's own)?
 * INVALID with a message when not. */
int st_role_of_tenant(MDB_txn *txn, struct ad_store *st, uint32_t id,
		      const struct ad_tenant *t, struct ad_err *err);
/* By slug for a management request: NOTFOUND carries a message. */
int st_tenant_find(MDB_txn *txn, struct ad_store *st, struct ad_str slug,
		   struct ad_tenant *t, struct ad_err *err);
/* The status of the tenant with this gid, without decoding the rest of
 * its record (lookups ask it for every entry). */
int st_tenant_status(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		     uint32_t *status, struct ad_err *err);
/* Fill t->user_count from meta. */
int st_tenant_count(MDB_txn *txn, struct ad_store *st, struct ad_tenant *t,
		    struct ad_err *err);
/* The slug of the last tenant asked for: listings meet a tenant's records
 * in runs, so most answers cost no lookup. */
struct st_slug_cache {
	uint32_t gid;
	char slug[ACCT_MAX_SLUG + 1]; /* "": nothing cached yet */
};
/* The slug of tenant gid into dst[ACCT_MAX_SLUG + 1]; a missing tenant
 * means a corrupt store. */
int st_tenant_slug(MDB_txn *txn, struct ad_store *st, struct st_slug_cache *c,
		   uint32_t gid, char *dst, struct ad_err *err);

/* ---- validation (store/valid.c): pure, before any write txn ---- */
/* A user's fields, checked and normalised: all of a new user's, or the
 * new values of an update (what it does not give keeps its default). */
struct st_user_fields {
	char display_name[AD_MAX_TEXT + 1];
	char email[AD_MAX_EMAIL + 1];
	char home[AD_MAX_TEXT + 1];
	char shell[AD_MAX_TEXT + 1];
	struct ad_profile profile;
};
/* A user to create, normalised. */
struct st_user_new {
	char name[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	uint32_t role;
	struct st_user_fields f;
};
int st_check_login(struct ad_str s, struct ad_err *err);
/* A login field that must be present (BADREQ) and valid (INVALID). */
int st_check_login_field(struct ad_str s, struct ad_err *err);
int st_check_slug(struct ad_str s, struct ad_err *err);
int st_check_group_name(struct ad_str s, struct ad_err *err);
int st_check_display_name(struct ad_str s, char *dst, struct ad_err *err);
/* Trim, check and lowercase the domain into dst[AD_MAX_EMAIL + 1]; the
 * local part is kept as given.  Empty (no email) is fine. */
int st_check_email(struct ad_str s, char *dst, struct ad_err *err);
/* Absolute path into dst[AD_MAX_TEXT + 1]; what names the field. */
int st_check_path(struct ad_str s, const char *what, char *dst,
		  struct ad_err *err);
int st_check_role(uint32_t role, struct ad_err *err);
/* A reason (store/lifecycle.c): printable text like a display name into
 * dst[AD_MAX_TEXT + 1]; required: absent is BADREQ, empty INVALID ("a
 * reason is required to <what>"). */
int st_check_reason(struct ad_str reason, bool required, const char *what,
		    char *dst, struct ad_err *err);
int st_check_user_new(const struct ad_user_spec *s, const struct ad_config *cfg,
		      struct st_user_new *out, struct ad_err *err);
/* The fields of s (not its name, tenant nor role) for the user login:
 * what s gives, checked and normalised; home and shell not given (or
 * empty) get their defaults. */
int st_check_user_fields(const struct ad_user_spec *s,
			 const struct ad_config *cfg, const char *login,
			 struct st_user_fields *out, struct ad_err *err);
/* Copy a checked string into dst (size > len). */
void st_copy(char *dst, struct ad_str s);

/* ---- the email index (store/email.c) ---- */
/* CONFLICT "email 'x' is already used in tenant 'slug'" when another user
 * of u's tenant holds u->email. */
int st_email_free(struct st_wtx *w, const struct ad_user *u, const char *slug);
int st_email_put(struct st_wtx *w, const struct ad_user *u);
/* Drop u's entry (only when the index gives the address to u). */
int st_email_del(struct st_wtx *w, const struct ad_user *u);
/* At open: make the index again when an older accountsd made it. */
int st_email_index_open(struct ad_store *st, struct ad_err *err);

/* ---- the host's accounts and id allocation (store/alloc.c) ---- */
void st_local_free(struct st_local *l);
/* Refuse a name the host already uses (EXISTS). */
int st_local_name_free(struct st_wtx *w, const char *name);
/* ---- the id high-water mark (idmark.c, issue 10) ---- */
/* dir/ids into m (all zero when there is none): 0, or -1 with err. */
int st_idmark_read(const char *dir, struct st_idmark *m, char *err,
		   size_t errlen);
/* m into dir/ids, durably (new file, fsync, rename, directory fsync). */
int st_idmark_write(const char *dir, const struct st_idmark *m, char *err,
		    size_t errlen);
/* At open: read the mark, raised to the data's own counters. */
int st_idmark_open(struct ad_store *st, const char *dir, char *err,
		   size_t errlen);
/* Before a commit: write the mark w raised (nothing when it did not). */
int st_idmark_commit(struct st_wtx *w);

int st_alloc_uid(struct st_wtx *w, uint32_t *uid);
int st_alloc_gid(struct st_wtx *w, uint32_t *gid);

/* ---- memberships (store/member.c) ---- */
int st_member_add(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid);
int st_member_del(struct st_wtx *w, uint32_t gid, const char *login,
		  uint32_t uid);
int st_member_has(struct st_wtx *w, uint32_t gid, const char *login, bool *has);
/* Remove the user from every group. */
int st_member_drop_user(struct st_wtx *w, const char *login, uint32_t uid);
/* Remove every member of the group. */
int st_member_drop_group(struct st_wtx *w, uint32_t gid);
/* Two walks inside txn; fn returns 0 to go on, 1 to stop, or -1 to fail
 * the walk with ACCT_ST_INTERNAL "out of memory". */
/* The members of gid: fn(arg, login, len, uid), in login order. */
typedef int (*st_member_walk_fn)(void *arg, const char *login, size_t len,
				 uint32_t uid);
int st_member_walk(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		   st_member_walk_fn fn, void *arg, struct ad_err *err);
/* The groups of uid: fn(arg, gid), in gid order. */
typedef int (*st_memberof_walk_fn)(void *arg, uint32_t gid);
int st_memberof_walk(MDB_txn *txn, struct ad_store *st, uint32_t uid,
		     st_memberof_walk_fn fn, void *arg, struct ad_err *err);

/* ---- users inside a write (store/user.c) ---- */
/* Create the user n (checked by st_check_user_new) with status (ACTIVE,
 * or PENDING for an invitation), if open lets its tenant take it; u gets
 * it with its tenant's slug. */
int st_user_create_in(struct st_wtx *w, const struct st_user_new *n,
		      ad_tenant_open_fn open, uint32_t status,
		      struct ad_user *u);
/* PENDING, ACTIVE or DISABLED (checked by the caller): finds the user (a
 * tombstone is CONFLICT), asks guard (NULL: nothing to decide), saves.
 * u->tenant gets the slug; t (may be NULL) the tenant. */
int st_user_set_status_in(struct st_wtx *w, struct ad_str name, uint32_t status,
			  const struct ad_user_guard *guard, struct ad_user *u,
			  struct ad_tenant *t);

/* ---- asking the caller's decisions (store/decide.c, store.h) ---- */
/* A decision's verdict rc and msg into err; returns rc. */
int st_verdict(struct ad_err *err, int rc, const char *msg);
/* Does tenant t take a new member, by open? */
int st_tenant_open(struct st_wtx *w, ad_tenant_open_fn open,
		   const struct ad_tenant *t);
/* May u (of tenant t) be left with role and status, by guard?  Counts
 * the tenant's active owners and admins for it when u is one of them. */
int st_user_guard(struct st_wtx *w, const struct ad_user_guard *guard,
		  const struct ad_user *u, const struct ad_tenant *t,
		  uint32_t role, uint32_t status);

/* ---- creating inside a write (store/tenant.c, store/user.c) ---- */
/* Tenant slug (checked) with its two groups; EXISTS when a name is taken. */
int st_tenant_create_in(struct st_wtx *w, struct ad_str slug,
			const char *display_name, struct ad_tenant *t);

/* ---- SSH keys inside a write (store/sshkey.c) ---- */
/* Remove every key of uid (a user deleted or purged). */
int st_ssh_key_drop_user(struct st_wtx *w, uint32_t uid);

/* ---- groups inside a write (store/group.c) ---- */
#define AD_ADMINS_SUFFIX "-admins"
/* EXISTS unless name is free both here and on the host. */
int st_group_name_unused(struct st_wtx *w, const char *name);
int st_group_insert(struct st_wtx *w, const char *name, uint32_t gid,
		    uint32_t kind, uint32_t tenant_gid);

/* ---- plans (store/plan.c) ---- */
/* The plan called name: NOTFOUND with a message (store/plan.c). */
int st_plan_find(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		 struct ad_plan *p, struct ad_err *err);
/* ---- API keys and usage (store/apikey_rec.c, apikey.c, usage_mem.c;
 * issue 9) ---- */
/* The key under prefix: ACCT_ST_OK, NOTFOUND (err untouched) or an
 * error. */
int st_apikey_get(MDB_txn *txn, struct ad_store *st, const char *prefix,
		  struct ad_apikey *k, struct ad_err *err);
int st_apikey_save(struct st_wtx *w, const struct ad_apikey *k);
/* A user deleted: its live keys revoked at w->now. */
int st_apikey_revoke_user(struct st_wtx *w, uint32_t uid);
/* A tenant purged: its keys and usage gone. */
int st_apikey_drop_tenant(struct st_wtx *w, uint32_t tenant_gid);
/* The usage rec of a tenant's month: key gid + month (8 bytes). */
int st_usage_get(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		 uint32_t month, struct ad_usage *u, struct ad_err *err);
int st_usage_put(struct st_wtx *w, uint32_t gid, uint32_t month,
		 const struct ad_usage *u);
/* In memory: count, and what is counted of a key (added into k) or a
 * tenant's month. */
int st_usage_count(struct st_usage *m, const struct ad_apikey *k,
		   uint32_t month, uint64_t now);
void st_usage_key_pending(const struct st_usage *m, struct ad_apikey *k);
const struct st_usage_delta *
st_usage_tenant_pending(const struct st_usage *m, uint32_t gid, uint32_t month);
/* Forget everything counted. */
void st_usage_clear(struct st_usage *m);

#endif
