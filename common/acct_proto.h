/*
 * acct_proto.h - the accountsd wire protocol, documented field by field.
 *
 * Every exchange is one request frame from the client followed by one reply
 * frame from the daemon, over a Unix stream socket (default
 * /run/accountsd/socket).  A client may send further requests on the same
 * connection; the NSS module sends exactly one and closes.
 *
 * Frame = 16-byte header + payload.  All integers are big-endian.
 *
 *   offset size field
 *   0      4    magic    ACCT_MAGIC ("ACT1")
 *   4      2    version  ACCT_PROTO_VERSION
 *   6      2    opcode   enum acct_op (the reply repeats the request's)
 *   8      2    flags    0 (reserved; receivers ignore unknown bits)
 *   10     2    status   requests: 0; replies: enum acct_status
 *   12     4    length   payload bytes that follow (<= ACCT_MAX_REQUEST for
 *                        requests, <= ACCT_MAX_REPLY for replies)
 *
 * Payload = a sequence of fields, each tag/length/value:
 *
 *   0      2    tag      enum acct_tag
 *   2      4    length   value bytes that follow
 *   6      n    value
 *
 * Value types (fixed per tag, listed below):
 *   u32   exactly 4 bytes
 *   u64   exactly 8 bytes
 *   str   1..ACCT_MAX_STR bytes of UTF-8 with no NUL, not NUL-terminated
 *         (an empty string is length 0 and means "clear" in updates)
 *   bytes raw octets (uuid: exactly 16)
 *   rec   a nested payload (a sequence of fields, same rules)
 *
 * Receivers skip fields whose tag they do not know, so either side can gain
 * fields without breaking an older peer.  A length running past the end of
 * its enclosing buffer, a known tag with a value of the wrong size, or a
 * string with an embedded NUL makes the whole message malformed: the daemon
 * answers ACCT_ST_BADREQ, a client treats the reply as a protocol error.
 * The same field encoding is used for the records accountsd stores in LMDB.
 *
 * A reply whose status is not ACCT_ST_OK may carry ACCT_T_MESSAGE, one line
 * of human-readable detail ("login name 'Bob' is not valid: ...").
 */
#ifndef ACCT_PROTO_H
#define ACCT_PROTO_H

#include <stdint.h>

#define ACCT_MAGIC 0x41435431u /* "ACT1" */
#define ACCT_PROTO_VERSION 1
#define ACCT_HDR_LEN 16
#define ACCT_FIELD_HDR_LEN 6

/* Hard limits.  Senders never exceed them; receivers reject what does. */
#define ACCT_MAX_REQUEST (64u * 1024u)	     /* request payload */
#define ACCT_MAX_REPLY (32u * 1024u * 1024u) /* reply payload */
#define ACCT_MAX_STR 4096u		     /* one string value */
#define ACCT_MAX_NAME 32u	  /* login, group name, tenant slug (bytes) */
#define ACCT_MAX_MEMBERS 1000000u /* members in one group reply */
#define ACCT_MAX_NEST 4u	  /* nesting depth of rec values */
#define ACCT_ENUM_BATCH 1000u	  /* default/maximum entries per *_ENUM */
#define ACCT_AUDIT_EXAMINE 10000u /* audit records one AUDIT_LIST page reads */

/*
 * The longest password that can be right, in bytes (PASSWORD and
 * OLD_PASSWORD).  A client sends a longer one cut to ACCT_MAX_PASSWORD + 1
 * bytes: still too long, so nothing can match it, and the daemon sees every
 * attempt and answers it as a wrong password (logged, counted toward
 * lockout).  One over the limit is never right, nor accepted as new.
 */
#define ACCT_MAX_PASSWORD 1024u

/* API keys (KEY_ISSUE, USAGE_RECORD) */
#define ACCT_MAX_KEY_NAME 64u		       /* a key's label, bytes */
#define ACCT_MAX_KEY_TTL (10u * 366u * 86400u) /* about ten years */
#define ACCT_MAX_USAGE_UNITS 1000000u	       /* per USAGE_RECORD */
#define ACCT_API_KEY_PREFIX "acd_key_"

/* A database fuller than this (DB_SIZE of DB_MAPSIZE) is warned about. */
#define ACCT_MAP_WARN_PERCENT 80u

/* Default socket; clients honour ACCOUNTSD_SOCKET (secure_getenv only). */
#define ACCT_DEFAULT_SOCKET "/run/accountsd/socket"
#define ACCT_SOCKET_ENV "ACCOUNTSD_SOCKET"

/*
 * Client deadlines for one whole request, in milliseconds.
 *
 * NSS: a healthy daemon answers a lookup in about 0.1 ms.  The slowest
 * answers measured under load (2 vCPUs; tests/integration/it_daemon.sh's
 * loads and bigger) were 160 ms for a PW_BYNAME while 100,000 users were
 * being imported, 84 ms while 2,000 clients connected at once, 11 ms for
 * a 100,000-member group (1.6 MB) and 2.5 ms for a 1,000-entry PW_ENUM
 * batch.  2 s is more than ten times the worst of them; a daemon slower
 * than that is taken for hung, and the process leaves it alone for a
 * while (nss/backoff.c), so that a stopped daemon costs each process one
 * deadline, not one per lookup.
 */
#define ACCT_NSS_TIMEOUT_MS 2000
#define ACCT_PAM_TIMEOUT_MS 30000
#define ACCT_CTL_TIMEOUT_MS 60000
#define ACCT_STATUS_TIMEOUT_MS 5000 /* accountsctl status: a health check */
/* accounts-ssh-keys runs inside every SSH connection attempt: a daemon
 * that does not answer a lookup in 0.5 s (the NSS reasoning above) costs
 * each attempt that much, never more. */
#define ACCT_SSH_KEYS_TIMEOUT_MS 500

/*
 * Opcodes.  Who may send each, at what rate and how it is audited is the
 * daemon's table of operations (daemon/ops/table.c, HACKING.md); today
 * lookups (1..29) are public, as anyone may read /etc/passwd, PAM requests
 * (30..) are open to each uid about its own user, and management (100..)
 * requires the platform operator.  Names: acct_op_name (acct_ops.h).
 */
enum acct_op {
	ACCT_OP_PING = 1,   /* req: -            rep: -                     */
	ACCT_OP_STATUS = 2, /* req: -            rep: VERSION UPTIME SCHEMA
			       COUNT_* DB_SIZE DB_MAPSIZE (and the issue 10
			       fields: READY AUDIT_STATE ... below)          */

	/* passwd: replies carry one PASSWD rec (NAME UID GID GECOS HOME SHELL) */
	ACCT_OP_PW_BYNAME = 10, /* req: NAME                                */
	ACCT_OP_PW_BYUID = 11,	/* req: UID                                 */
	ACCT_OP_PW_ENUM = 12,	/* req: [CURSOR] [LIMIT]; rep: PASSWD* [MORE
				   CURSOR]: entries in uid order with uid >
				   CURSOR; pass the reply's CURSOR back for the
				   next batch while MORE is 1                */

	/* group: replies carry one GROUP rec (NAME GID MEMBER*) */
	ACCT_OP_GR_BYNAME = 20,	 /* req: NAME                                */
	ACCT_OP_GR_BYGID = 21,	 /* req: GID                                 */
	ACCT_OP_GR_ENUM = 22,	 /* req: [CURSOR] [LIMIT]; as PW_ENUM, gid
				   order                                     */
	ACCT_OP_INITGROUPS = 23, /* req: NAME; rep: GID* (every group the user
				    is in, primary included)                 */

	/*
	 * PAM (pam_accounts.so).  Accepted from uid 0 for any user, and from
	 * any other uid only for the user that uid belongs to (a screen
	 * locker), rate-limited per caller.  The wire status is OK whenever
	 * the daemon reached a verdict; the verdict itself is PAM_RESULT
	 * (enum acct_pam_result) plus, when the user should be told why, one
	 * line in MESSAGE ("organization acme is suspended").  DENIED means
	 * the caller may not ask about this user at all; BUSY ("too many
	 * authentication attempts, slow down") that a caller other than
	 * root is over its rate of AUTH and CHAUTHTOK requests.
	 *
	 * Lockout: lockout_attempts wrong passwords (AUTH, or OLD_PASSWORD
	 * of CHAUTHTOK) within lockout_window_s lock the account for
	 * lockout_duration_s (LOCKED_UNTIL).  While locked, AUTH costs the
	 * same verification but answers LOCKED whatever the password;
	 * a right password resets the count; USER_UNLOCK lifts the lock.
	 */
	ACCT_OP_AUTH = 30,	    /* req: NAME PASSWORD SERVICE [RHOST] [TTY];
				     rep: PAM_RESULT [MESSAGE]: checks the
				     password and the login policy; costs one
				     Argon2id verification even for unknown
				     users (no enumeration by timing)       */
	ACCT_OP_ACCT_MGMT = 31,	    /* req: NAME SERVICE [RHOST] [TTY];
				     rep: PAM_RESULT [MESSAGE]: the login
				     policy alone (status, lockout, tenant) */
	ACCT_OP_CHAUTHTOK = 32,	    /* req: NAME [OLD_PASSWORD] PASSWORD
				     [PRELIM 1: only check OLD_PASSWORD and
				     the quality rules, change nothing;
				     pam_accounts.so's PRELIM carries no
				     PASSWORD (libpam asks for the new one
				     only after the check)];
				     rep: PAM_RESULT [MESSAGE]; OLD_PASSWORD
				     is required unless the caller is the
				     platform operator                      */
	ACCT_OP_SESSION_OPEN = 33,  /* req: NAME SERVICE [TTY] [RHOST]
				       [PID: the session's process, default
				       the caller's] [PROC_START: refuse
				       unless PID started then];
				       rep: PAM_RESULT(OK) SESSION_ID, or a
				       refusal as PAM_RESULT [MESSAGE]; over
				       a cap: PERM_DENIED with MESSAGE (see
				       below)                               */
	ACCT_OP_SESSION_CLOSE = 34, /* req: SESSION_ID, or NAME [PID];
				       rep: - (NOTFOUND for an id that has
				       ended already, or that is not the
				       caller's to close: the module treats
				       it as closed)                        */
	/*
	 * Sessions, in detail.  OPEN: root may name any PID; another uid
	 * only its own user and its own pid (DENIED otherwise).  An
	 * unknown or deleted user is PAM_RESULT USER_UNKNOWN; the login
	 * policy's refusal (disabled, locked, tenant not active) is its
	 * PAM_RESULT with MESSAGE, as for ACCT_MGMT.  A PID that is gone,
	 * or did not start at PROC_START, is CONFLICT.  The daemon
	 * watches the process (a pidfd): when it exits the session ends
	 * by itself.
	 *
	 * Caps: a session over max_sessions live on the host (or what the
	 * descriptor limit leaves after max_connections), over
	 * max_sessions_per_user of its user, or, for a caller other than
	 * root, over max_sessions_per_caller opened by that uid, is
	 * refused like a policy refusal: status OK, PAM_RESULT
	 * PERM_DENIED, one line in MESSAGE ("user bob has too many open
	 * sessions (limit 256)"), nothing stored, the refusal audited.
	 * pam_accounts.so answers PAM_PERM_DENIED and shows the line.
	 *
	 * CLOSE: root closes any session.  Another uid only a session of
	 * its own user whose process is the caller itself (its SO_PEERCRED
	 * pid, started when the session's process did): a login that root
	 * registered for another process stays on the kill list of USER_
	 * DISABLE.  By SESSION_ID, any other session is NOTFOUND with the
	 * very reply an id never used gets, so the reply does not tell
	 * whether someone else's id is live.  By NAME (the caller's own
	 * user, DENIED otherwise) it ends that user's sessions whose
	 * process is PID (default the caller's; for another uid only the
	 * caller's counts) and answers OK even when there were none
	 * (NOTFOUND only for an unknown login, to root).  Opening,
	 * closing, revoking and ending are audited.
	 *
	 * USER_DISABLE, USER_DELETE and TENANT_DEPROVISION end the users'
	 * sessions as SESSION_REVOKE does, and every other process running
	 * as their uids (real, effective or saved uid), detached jobs
	 * included: SIGTERM, then SIGKILL after session_kill_grace_ms to
	 * what is left, through pidfds (a reused pid is never signalled).
	 * uid 0 and uids outside uid_min..uid_max are never signalled.
	 */

	/* management: tenants (TENANT rec: UUID NAME(slug) DISPLAY_NAME STATUS
	   GID ADMIN_GID STATUS_REASON STATUS_UPDATED_AT STATUS_UPDATED_BY
	   CREATED UPDATED COUNT_USERS [SUSPENDED_AT] [DEPROVISIONED_AT]
	   [FINALIZED_AT]) */
	ACCT_OP_TENANT_CREATE = 100, /* req: NAME(slug) [DISPLAY_NAME];
					rep: TENANT                          */
	ACCT_OP_TENANT_LIST = 101,   /* req: -; rep: TENANT*                */
	ACCT_OP_TENANT_SHOW = 102,   /* req: NAME; rep: TENANT              */
	ACCT_OP_TENANT_UPDATE = 103, /* req: NAME [DISPLAY_NAME]; rep: TENANT*/
	/*
	 * Tenant lifecycle.  Each records STATUS_REASON, STATUS_UPDATED_AT
	 * and STATUS_UPDATED_BY and is audited (refusals too).  Allowed:
	 * active -> suspended (SUSPEND), suspended -> active (REACTIVATE),
	 * active|suspended -> deprovisioning (DEPROVISION), deprovisioning
	 * -> deprovisioned (FINALIZE); anything else is CONFLICT with a
	 * MESSAGE saying why ("tenant acme is active; deprovision it
	 * first").  A deprovisioned tenant's users and groups no longer
	 * resolve (lookups answer NOTFOUND).  rep: TENANT.
	 */
	ACCT_OP_TENANT_SUSPEND = 104,	  /* req: NAME STATUS_REASON; sets
					    SUSPENDED_AT                     */
	ACCT_OP_TENANT_REACTIVATE = 105,  /* req: NAME [STATUS_REASON] (absent:
					    the reason is cleared); clears
					    SUSPENDED_AT                     */
	ACCT_OP_TENANT_DEPROVISION = 106, /* req: NAME STATUS_REASON; sets
					     DEPROVISIONED_AT; ends the
					     tenant's sessions and keys      */
	ACCT_OP_TENANT_FINALIZE = 107,	  /* req: NAME; keeps the reason     */

	/* management: users (USER rec: UUID NAME UID GID TENANT ROLE STATUS
	   DISPLAY_NAME EMAIL HOME SHELL CREATED UPDATED [DELETED_AT]
	   [STATUS_REASON] [LOCKED_UNTIL] [EMAIL_VERIFIED_AT], and the
	   profile, each field when set: [GIVEN_NAME] [FAMILY_NAME]
	   [AVATAR_URL] [BIO] [TIMEZONE] [LOCALE] [DEACTIVATED_AT]) */
	ACCT_OP_USER_CREATE = 110,  /* req: NAME TENANT [ROLE] [DISPLAY_NAME]
				      [EMAIL] [SHELL] [HOME] [profile
				      fields, as USER_UPDATE]; rep: USER    */
	ACCT_OP_USER_LIST = 111,    /* req: [TENANT] [CURSOR] [LIMIT];
				      rep: USER* [MORE CURSOR] (uid order;
				      deleted users omitted)                */
	ACCT_OP_USER_SHOW = 112,    /* req: NAME; rep: USER                  */
	ACCT_OP_USER_UPDATE = 113,  /* req: NAME [ROLE] [DISPLAY_NAME] [EMAIL]
				      [SHELL] [HOME] [GIVEN_NAME]
				      [FAMILY_NAME] [AVATAR_URL] [BIO]
				      [TIMEZONE] [LOCALE]; rep: USER        */
	ACCT_OP_USER_DELETE = 114,  /* req: NAME [REMOVE_HOME 1]; rep: USER
				      (the tombstone; with REMOVE_HOME it
				      also carries HOME_REMOVAL and
				      HOME_DETAIL, and the reply comes
				      once the home is removed: see
				      enum acct_home_removal)               */
	ACCT_OP_USER_IMPORT = 115,  /* req: USER* (each as for USER_CREATE,
				      all in one transaction: all or none)
				      [SKIP_EXISTING]; rep: COUNT_USERS
				      (created) [COUNT_SKIPPED]             */
	ACCT_OP_USER_DISABLE = 116, /* req: NAME [STATUS_REASON]; rep: USER.
				      CONFLICT for the caller's own user
				      ("use self-service to disable your
				      own account"), the tenant's last
				      active owner, or a deleted user.
				      Audited; a disabled user still
				      resolves but cannot log in           */
	ACCT_OP_USER_ENABLE = 117,  /* req: NAME; rep: USER: pending or
				      disabled -> active (CONFLICT when
				      deleted); audited                    */
	ACCT_OP_USER_PASSWD = 118,  /* req: NAME PASSWORD; rep: -: checks the
				      quality rules, then stores a new
				      Argon2id hash (replies once hashed)  */
	ACCT_OP_USER_UNLOCK = 119,  /* req: NAME; rep: USER: clears the
				      failed-login counter and the lock
				      (lockout, see AUTH); audited         */

	/* management: groups (GROUP rec as above, plus TENANT KIND) */
	ACCT_OP_GROUP_CREATE = 120,	/* req: TENANT NAME(short, without the
				       slug prefix); rep: GROUP             */
	ACCT_OP_GROUP_LIST = 121,	/* req: [TENANT]; rep: GROUP* (no
				       MEMBER fields)                       */
	ACCT_OP_GROUP_ADD_MEMBER = 122, /* req: NAME(group) MEMBER(login) */
	ACCT_OP_GROUP_REMOVE_MEMBER = 123, /* req: NAME(group) MEMBER(login) */
	ACCT_OP_GROUP_SHOW = 124,	   /* req: NAME; rep: GROUP          */
	ACCT_OP_GROUP_DELETE = 125,	   /* req: NAME; rep: -              */

	/* management: sessions (SESSION rec: SESSION_ID NAME UID TENANT
	   TENANT_GID SERVICE [TTY] [RHOST] PID PROC_START STARTED
	   OPENED_BY) */
	ACCT_OP_SESSION_LIST = 130,   /* req: [NAME] [TENANT]; rep: SESSION*
					 (id order)                          */
	ACCT_OP_SESSION_REVOKE = 131, /* req: SESSION_ID; rep: SESSION: sends
					 SIGTERM to its process (through a
					 pidfd: never a process that merely
					 reused the pid), SIGKILL after
					 session_kill_grace_ms if it lives
					 on; the session ends when the
					 process exits                       */

	/* management: roles (ROLE rec: NAME ROLE(id) RANK PERMISSION*
	   [TENANT] [BUILTIN]).  TENANT absent: the caller's own. */
	ACCT_OP_ROLE_LIST = 160,   /* req: [TENANT]; rep: ROLE* (the built-in
				      roles, then the tenant's own)        */
	ACCT_OP_ROLE_SHOW = 161,   /* req: NAME [TENANT]; rep: ROLE        */
	ACCT_OP_ROLE_CREATE = 162, /* req: NAME [TENANT] RANK PERMISSION*;
				      rep: ROLE                            */
	ACCT_OP_ROLE_DELETE = 163, /* req: NAME [TENANT]; rep: ROLE (not while
				      a user holds it: CONFLICT)           */
	ACCT_OP_ROLE_GRANT = 164,  /* req: NAME [TENANT] PERMISSION+;
				      rep: ROLE                            */
	ACCT_OP_ROLE_REVOKE = 165, /* req: NAME [TENANT] PERMISSION+;
				      rep: ROLE                            */
	/*
	 * The audit log (AUDIT rec: SEQ TIME ACTOR ACTION TARGET [TENANT]
	 * RESULT [REASON] [MESSAGE] [PAM_RESULT] [PID] [COUNT FIRST_SEEN
	 * LAST_SEEN]: the stored record's fields, without its chain hashes,
	 * after its sequence number).  Reads, not audited themselves (a
	 * caller refused is).  Who reads what: ad_policy_audit_scope
	 * (daemon/policy/audit.h): the operator every record, a caller
	 * scoped to a tenant only the records naming that tenant (any other
	 * TENANT asked for is simply empty).
	 */
	ACCT_OP_AUDIT_LIST = 170,   /* req: [TENANT] [ACTOR] [ACTION] [SINCE]
				       [UNTIL] [BEFORE] [LIMIT];
				       rep: AUDIT* MORE BEFORE.  Newest first:
				       records with SEQ < BEFORE (absent or
				       0: from the newest) that match every
				       filter given (TENANT, ACTOR, ACTION
				       exactly; a record matches SINCE..UNTIL
				       when one of its events (TIME, or
				       FIRST_SEEN..LAST_SEEN of a coalesced
				       one) falls in [SINCE, UNTIL)), at most
				       LIMIT (0 or over ACCT_ENUM_BATCH:
				       ACCT_ENUM_BATCH).  One page looks at
				       ACCT_AUDIT_EXAMINE records at most,
				       so MORE 1 may come with no record:
				       pass BEFORE back while MORE is 1.
				       SINCE >= UNTIL is INVALID.  A record
				       that cannot be read is sent as SEQ
				       alone (and matches no filter)        */
	ACCT_OP_AUDIT_VERIFY = 171, /* req: -; rep: AUDIT_RECORDS (records
				       found intact from the first on) SEQ
				       HASH (the last of them and its HASH: 0
				       and zeros for an empty log) AUDIT_CHAIN
				       ("intact", or the first bad record and
				       why) [BROKEN_SEQ (the first bad one)].
				       The whole chain is walked now, on a
				       worker thread in a snapshot of its
				       own; one at a time (BUSY while one
				       runs).  STATUS's AUDIT_CHAIN follows
				       the result                           */
	/*
	 * Password reset by mail.  USER_RESET issues a single-use reset
	 * token (ACCT_T_TOKEN text "acd_reset_" + 43 base64url characters;
	 * the daemon keeps only its BLAKE2b-256) that expires after
	 * reset_token_ttl_s, revokes the user's older reset tokens, and
	 * queues a mail with the token to the user's EMAIL in the same
	 * transaction; the reply never carries the token.  CONFLICT for a
	 * user without an email, a deleted user, or one of a tenant being
	 * deprovisioned; EXHAUSTED when mail_queue_max messages wait
	 * already (nothing is stored then).
	 *
	 * RESET is open to any uid: the token is the authority.  It checks
	 * the quality rules, then stores the new Argon2id hash, clears the
	 * failed-login counter and the lock, and uses the token up, all in
	 * one transaction.  An unknown, used or expired token (or one whose
	 * user is gone) is DENIED with one message that does not say which.
	 * Rate class: AUTH.
	 */
	ACCT_OP_USER_RESET = 150, /* req: NAME; rep: NAME EMAIL EXPIRES     */
	ACCT_OP_RESET = 151,	  /* req: TOKEN PASSWORD; rep: NAME         */
	/*
	 * Self-service: a directory user about its own user.  The caller's
	 * SO_PEERCRED uid names the user; a request names none (NAME is
	 * BADREQ).  Root and uids the directory does not know are DENIED
	 * ("'me' is for directory users; root manages users with 'user
	 * ...'").  A user the login policy refuses (disabled, pending,
	 * locked, its tenant not active) reads but changes nothing: DENIED
	 * with the policy's line ("organization acme is suspended").  The
	 * changes are audited, every outcome.
	 */
	ACCT_OP_ME_SHOW = 140,	   /* req: -; rep: USER                      */
	ACCT_OP_ME_PROFILE = 141,  /* req: [DISPLAY_NAME] [GIVEN_NAME]
				      [FAMILY_NAME] [AVATAR_URL] [BIO]
				      [TIMEZONE] [LOCALE], at least one (an
				      empty one clears it); EMAIL, ROLE,
				      HOME, SHELL or TENANT: INVALID; rep:
				      USER.  All checked before anything is
				      written: one bad value, nothing
				      changes                               */
	ACCT_OP_ME_PASSWORD = 142, /* req: OLD_PASSWORD PASSWORD; rep: -:
				      CHAUTHTOK's rules (quality first,
				      Argon2id on a worker); a wrong
				      OLD_PASSWORD is DENIED "wrong current
				      password", counted toward lockout and
				      audited like a failed login          */
	ACCT_OP_ME_DISABLE = 143,  /* req: OLD_PASSWORD; rep: USER: the
				      caller's user disabled (STATUS_REASON
				      "disabled by the user"), its sessions
				      and processes ended as USER_DISABLE
				      ends them (after the reply); a wrong
				      password as for ME_PASSWORD; CONFLICT
				      for the last active owner of its
				      tenant                               */
	/*
	 * Tenants and users (issue 8), operators' verbs unless noted.
	 *
	 * TENANT_SIGNUP creates a tenant and its first owner (role owner,
	 * active, EMAIL required) in one transaction: both or neither.
	 *
	 * TENANT_RENAME gives the tenant NAME the slug NEW_NAME; its groups
	 * follow ("<slug>", "<slug>-admins", "<slug>-<name>").  CONFLICT
	 * when NEW_NAME, or a group name it leads to, is taken (here or on
	 * the host); INVALID when a group name would pass ACCT_MAX_NAME.
	 * STATUS_REASON is required and audited.  Users, ids and members
	 * stay as they are.
	 *
	 * TENANT_PURGE removes a deprovisioned tenant's users (tombstones
	 * included), groups and the tenant from the store, once
	 * retention_days (accountsd.conf) have passed since it was
	 * finalized (FINALIZED_AT); earlier, or a tenant not
	 * deprovisioned, or one with live sessions, is CONFLICT saying why
	 * (and when it becomes possible).  Its uids and gids are never
	 * handed out again; its slug, logins and group names become free;
	 * the audit log keeps its records; nothing on disk is touched.
	 *
	 * USER_DEACTIVATE (user:manage, so tenant admins too) disables the
	 * user and its sessions as USER_DISABLE does, remembered as a
	 * deactivation (DEACTIVATED_AT); USER_REACTIVATE makes only such a
	 * user active again (not one disabled by USER_DISABLE or by
	 * itself).  Deactivating is refused (CONFLICT) for the caller's own
	 * user, a user that is not active, and the tenant's last active
	 * owner or last active admin.
	 */
	ACCT_OP_TENANT_SIGNUP = 180,   /* req: NAME(slug) OWNER(login) EMAIL
					 [DISPLAY_NAME (the tenant's)];
					 rep: TENANT USER (the owner)      */
	ACCT_OP_TENANT_RENAME = 181,   /* req: NAME NEW_NAME STATUS_REASON;
					 rep: TENANT                        */
	ACCT_OP_TENANT_PURGE = 182,    /* req: NAME; rep: COUNT_USERS
					 COUNT_GROUPS (records removed)     */
	ACCT_OP_USER_DEACTIVATE = 183, /* req: NAME [STATUS_REASON];
					 rep: USER                          */
	ACCT_OP_USER_REACTIVATE = 184, /* req: NAME; rep: USER             */

	/*
	 * Invitations (issue 8).  USER_INVITE creates a pending user
	 * (status ACCT_USER_PENDING, no password) with EMAIL, an
	 * invitation token ("acd_invite_" + 43 base64url characters; the
	 * daemon keeps only its BLAKE2b-256) that expires after
	 * invite_token_ttl_s, and queues the invitation mail to EMAIL, all
	 * in one transaction.  The token is in the mail and in the reply to
	 * the inviter, nowhere else: never logged or audited.  A login
	 * taken (also by a deleted user or the host) is EXISTS, an EMAIL
	 * another user of the tenant has is CONFLICT, a full mail queue
	 * EXHAUSTED: nothing is written then.  TENANT absent: the caller's
	 * own tenant.
	 *
	 * INVITE_ACCEPT is open to any uid (the token is the authority,
	 * rate class AUTH): it checks the quality rules, then sets the
	 * password, makes the user active, clears its failed logins and
	 * uses the token up (the user's other tokens revoked), in one
	 * transaction.  An unknown, used or expired token, or one whose
	 * user is no longer pending, is DENIED with one message that does
	 * not say which.
	 *
	 * Through PAM: AUTH with a pending user's live invitation token as
	 * the password answers NEW_AUTHTOK_REQD (PAM_SUCCESS for the auth
	 * phase), ACCT_MGMT answers NEW_AUTHTOK_REQD for a pending user who
	 * holds a live invitation, and CHAUTHTOK with the token as
	 * OLD_PASSWORD accepts the invitation as INVITE_ACCEPT does.  A
	 * wrong token counts as a failed login (lockout); a locked user or
	 * a tenant not active is refused as a login is.
	 */
	ACCT_OP_USER_INVITE = 190,   /* req: NAME(login) EMAIL [TENANT] [ROLE |
					ROLE_NAME] [DISPLAY_NAME] [the other
					fields of USER_CREATE]; rep: USER
					TOKEN EXPIRES                        */
	ACCT_OP_INVITE_ACCEPT = 191, /* req: TOKEN PASSWORD; rep: NAME       */
	/*
	 * Email change (self-service, as ME_*).  ME_EMAIL needs the current
	 * password (checked as ME_PASSWORD checks it: a wrong one is DENIED
	 * "wrong current password", counted toward lockout and audited),
	 * then in one transaction: stores the new EMAIL (normalised),
	 * clears EMAIL_VERIFIED_AT, revokes every token of the user, issues
	 * a verification token ("acd_verify_", verify_token_ttl_s) and
	 * queues its mail to the new address.  Once the answer is out, the
	 * user's PAM sessions end (as SESSION_REVOKE ends them) but the one
	 * the caller runs in (a session whose process is the caller or one
	 * of its ancestors).  An address another user of the tenant has is
	 * CONFLICT; the address the user has already, once verified, is
	 * CONFLICT too (unverified: a new verification mail).  Access:
	 * self:manage (members and above).
	 *
	 * ME_EMAIL_VERIFY sets EMAIL_VERIFIED_AT when TOKEN is the caller's
	 * own live verification token for the address it has now, and uses
	 * it up; anything else is DENIED with the tokens' one refusal.  Any
	 * directory user, about itself; rate class AUTH.
	 */
	ACCT_OP_ME_EMAIL = 192,	       /* req: OLD_PASSWORD EMAIL; rep: USER
					  EXPIRES REVOKED_TOKENS           */
	ACCT_OP_ME_EMAIL_VERIFY = 193, /* req: TOKEN; rep: USER             */

	/*
	 * Sign-in tokens, for scripts and programs acting for a user (a web
	 * panel running as its own uid).  LOGIN exchanges a user's password
	 * for a sign-in: an access token ("acd_access_" + 43 base64url
	 * characters) that works for access_token_ttl_s and a refresh token
	 * ("acd_refresh_...") that works for refresh_token_ttl_s; the
	 * daemon keeps only their BLAKE2b-256.  Any request that carries
	 * ACCESS_TOKEN is then made as that user (its tenant, role and
	 * permissions), whatever the caller's uid; an unknown, expired or
	 * revoked one is DENIED "the sign-in token is not valid" (audited),
	 * never served as the uid.  Name lookups ignore it.
	 *
	 * All three are open to any uid (the password or the token is the
	 * authority), rate class AUTH, audited.  LOGIN costs one Argon2id
	 * verification even for unknown names; a wrong password is counted
	 * toward lockout like a failed login and DENIED "wrong login or
	 * password" (the same for an unknown name, a user without a
	 * password and a locked one); a right one the login policy refuses
	 * is DENIED with its line ("account bob is disabled").  A user with
	 * max_signins_per_user live sign-ins loses the oldest one.
	 *
	 * REFRESH uses the refresh token up and answers a new pair (the
	 * sign-in's older access token dies); the login policy is asked
	 * again.  A refresh token used a second time ends the whole sign-in
	 * (reuse: someone else has it) and is DENIED.  LOGOUT ends the
	 * sign-in of a live access or refresh token (both tokens).  A
	 * password change or reset ends every sign-in of its user.
	 */
	ACCT_OP_LOGIN = 200,   /* req: NAME PASSWORD; rep: NAME TENANT
				  ACCESS_TOKEN ACCESS_EXPIRES REFRESH_TOKEN
				  REFRESH_EXPIRES                          */
	ACCT_OP_REFRESH = 201, /* req: TOKEN (a refresh token); rep: as
				  LOGIN                                    */
	ACCT_OP_LOGOUT = 202,  /* req: TOKEN (access or refresh); rep: NAME
				  COUNT (tokens removed)                   */

	/*
	 * SSH public keys (issue 9), served to sshd by accounts-ssh-keys.
	 * A key travels as SSH_KEY_LINE, one OpenSSH line "TYPE BASE64
	 * [COMMENT]" (no options prefix), checked by acct_sshkey_parse
	 * (acct_sshkey.h: the type, the base64, the blob well formed for
	 * its type, RSA at least 2048 bits, a printable COMMENT of at
	 * most 256 bytes; ssh-dss is refused): a bad one is INVALID with
	 * the parser's line.  Replies carry SSH_KEY recs: KEY_TYPE
	 * KEY_DATA [KEY_COMMENT] FINGERPRINT KEY_BITS CREATED, and NAME
	 * (the user).  NAME absent: the caller's own user.
	 *
	 * ADD, LIST and REMOVE: access key:manage (one's own keys with
	 * self:manage, another's in one's tenant with key:issue;
	 * operators anyone's; support lists); ADD and REMOVE are audited
	 * with the FINGERPRINT.  A user holds at most
	 * max_ssh_keys_per_user keys (CONFLICT past it); the same key
	 * twice (its FINGERPRINT) is EXISTS; REMOVE of a FINGERPRINT the
	 * user has not is NOTFOUND, one that is no fingerprint INVALID.
	 * Deleting or purging a user removes its keys.
	 *
	 * SSH_KEYS_AUTHORIZED: public (rate class LOOKUP, not audited),
	 * what sshd's AuthorizedKeysCommand asks.  Its reply holds the
	 * user's keys (KEY_TYPE KEY_DATA [KEY_COMMENT]) only while the
	 * user may log in (policy/login.h: active user, active tenant,
	 * not locked) and lookups show it to the caller
	 * (lookup_visibility); otherwise it is OK and empty, the same for
	 * a user that does not exist.
	 */
	ACCT_OP_SSH_KEY_ADD = 210,	   /* req: [NAME] SSH_KEY_LINE; rep:
					      SSH_KEY                        */
	ACCT_OP_SSH_KEY_LIST = 211,	   /* req: [NAME]; rep: SSH_KEY*     */
	ACCT_OP_SSH_KEY_REMOVE = 212,	   /* req: [NAME] FINGERPRINT; rep:
					      SSH_KEY (the one removed)      */
	ACCT_OP_SSH_KEYS_AUTHORIZED = 213, /* req: NAME; rep: SSH_KEY*      */

	/*
	 * Plans, subscriptions and budgets (issue 9).
	 *
	 * A plan is an operator's named set of default budgets: SEATS (users
	 * active or invited), SESSIONS (concurrent PAM sessions), KEYS (live
	 * API keys), USAGE (units per calendar month), each a u64 where
	 * ACCT_BUDGET_UNLIMITED (or the field left out of PLAN_CREATE) is no
	 * limit, and TRIAL_DAYS (0: no trial).  Bounds: ACCT_MAX_BUDGET (USAGE
	 * ACCT_MAX_USAGE), ACCT_MAX_TRIAL_DAYS; names as group names.  A plan
	 * a tenant uses is not deleted (CONFLICT naming how many).  Access:
	 * operators; support reads.
	 *
	 * A tenant's subscription (in TENANT recs: PLAN SUB_STATUS
	 * [TRIAL_ENDS] [PERIOD_ENDS]) moves between enum acct_sub_status:
	 * TENANT_PLAN starts a trial when the plan has trial days or
	 * TRIAL_ENDS is given (TRIAL_ENDS, or now + the days), else active
	 * (PERIOD_ENDS now + ACCT_SUB_PERIOD); TENANT_SUBSCRIBE makes it
	 * active (PERIOD_ENDS, or now + ACCT_SUB_PERIOD); TENANT_CANCEL makes
	 * a trial or active one cancelled, usable until its trial or period
	 * ends.  The daemon turns a trial past TRIAL_ENDS and a cancelled one
	 * past PERIOD_ENDS into expired by itself (audited as
	 * "subscription-expire" by "accountsd"), at the time they fall due
	 * and at startup; an active one past PERIOD_ENDS renews (stays
	 * active).  An expired tenant's users may not log in ("organization
	 * acme's subscription has expired") until an operator acts.  A date
	 * already past takes effect at once.  Access: operators.
	 *
	 * BUDGET_SET overrides the plan's limits of one tenant (SEATS ...
	 * USAGE; ACCT_BUDGET_UNLIMITED: no limit), BUDGET_CLEAR (u32 enum
	 * acct_budget_kind, repeated) goes back to the plan's, BUDGET_POLICY
	 * says what happens at a limit (enum acct_budget_policy; block by
	 * default).  Both answer the tenant's BUDGET recs (KIND [LIMIT] USED
	 * SOURCE) and BUDGET_POLICY.  BUDGET_SHOW: operators, support, the
	 * tenant's tenant:manage holders.
	 *
	 * At a limit an action that adds (USER_CREATE, USER_IMPORT,
	 * USER_INVITE, USER_ENABLE and USER_REACTIVATE of a disabled user:
	 * seats; SESSION_OPEN: sessions) is BUDGET_EXCEEDED ("tenant acme is
	 * at its seats budget (10 of 10)"), unless the policy is override and
	 * the request carries OVERRIDE 1 from an operator (or an API key with
	 * the budget:override scope); the override is audited
	 * ("budget-override").  Crossing 80% and 100% of a limit writes the
	 * audit records "budget-80" and "budget-100".
	 */
	ACCT_OP_PLAN_CREATE = 230, /* req: NAME [SEATS] [SESSIONS] [KEYS]
				      [USAGE] [TRIAL_DAYS]; rep: PLAN_REC  */
	ACCT_OP_PLAN_LIST = 231,   /* req: -; rep: PLAN_REC*               */
	ACCT_OP_PLAN_SHOW = 232,   /* req: NAME; rep: PLAN_REC (with
				      PLAN_TENANTS)                         */
	ACCT_OP_PLAN_UPDATE = 233, /* req: NAME [SEATS] ... [TRIAL_DAYS]:
				      what is given changes; rep: PLAN_REC */
	ACCT_OP_PLAN_DELETE = 234, /* req: NAME; rep: PLAN_REC             */
	ACCT_OP_TENANT_PLAN = 235, /* req: NAME(slug) PLAN [TRIAL_ENDS];
				      rep: TENANT                           */
	ACCT_OP_TENANT_SUBSCRIBE = 236, /* req: NAME [PERIOD_ENDS];
					   rep: TENANT                      */
	ACCT_OP_TENANT_CANCEL = 237,	/* req: NAME; rep: TENANT           */
	ACCT_OP_BUDGET_SET = 238,	/* req: NAME [SEATS] [SESSIONS] [KEYS]
					   [USAGE] [BUDGET_CLEAR*]
					   [BUDGET_POLICY]; rep: as SHOW    */
	ACCT_OP_BUDGET_SHOW = 239,	/* req: NAME; rep: PLAN BUDGET_POLICY
					   BUDGET*                          */

	/*
	 * API keys and usage (issue 9).  A key is "acd_key_" + a 12
	 * character public prefix ([a-z2-7], it names the key) + "_" + 43
	 * base64url characters of 32 random bytes (the secret); the daemon
	 * keeps the prefix and BLAKE2b-256 of the secret only, and KEY_ISSUE's
	 * reply is the one place the whole text ever appears.  KEY_PREFIX is
	 * "acd_key_" + the prefix.  A request that carries API_KEY is made by
	 * the key's owner (its tenant, role and permissions) narrowed to the
	 * key's scopes (acct_names.h), whatever the caller's uid; the key is
	 * checked against the store on every request, so that a revoke, an
	 * expiry, the owner disabled or locked and its tenant suspended take
	 * effect at the very next request.  An unknown key, a wrong secret,
	 * a revoked or an expired key are DENIED with one message ("the API
	 * key is not valid"), audited; a key whose owner may not log in is
	 * DENIED with the login policy's line.  Name lookups ignore it.
	 *
	 * Access: a user's keys, its own with self:manage (NAME absent: the
	 * caller's own), another's with key:issue in its tenant (rank rules
	 * as for user:manage); operators anyone's; support reads.  A prefix
	 * of another tenant's key and one that does not exist are refused
	 * alike.  budget:override only an operator may put on a key; a
	 * request made with a key issues only keys within its own scopes.
	 * A user holds at most max_api_keys_per_user keys: revoked and
	 * expired ones are dropped, the oldest first, to make room; with as
	 * many live keys, KEY_ISSUE is CONFLICT.
	 *
	 * Usage: each accepted key use counts one use of the key (USE_COUNT,
	 * LAST_USED), of its tenant (KEY_USES) and one unit of the tenant's
	 * calendar month (UTC).  Key uses are counted in memory and written
	 * every usage_flush_s seconds and at shutdown (a crash loses at most
	 * that interval); KEY_USAGE and TENANT_USAGE add what is not written
	 * yet.  USAGE_RECORD adds UNITS (1..ACCT_MAX_USAGE_UNITS) to the
	 * month at once, durably, as any change.
	 */
	ACCT_OP_KEY_ISSUE = 220,    /* req: [NAME] SCOPE+ [KEY_TTL (seconds,
				       1..ACCT_MAX_KEY_TTL; absent: never
				       expires)] [KEY_NAME]; rep: API_KEY
				       APIKEY_REC                          */
	ACCT_OP_KEY_LIST = 221,	    /* req: [NAME]; rep: APIKEY_REC*        */
	ACCT_OP_KEY_REVOKE = 222,   /* req: KEY_PREFIX; rep: APIKEY_REC.
				       A key revoked already: CONFLICT     */
	ACCT_OP_KEY_USAGE = 223,    /* req: KEY_PREFIX; rep: APIKEY_REC     */
	ACCT_OP_TENANT_USAGE = 224, /* req: NAME(slug) [MONTH]; rep: TENANT
				       MONTH UNITS KEY_USES (all months)
				       LIVE_KEYS. tenant:manage            */
	ACCT_OP_USAGE_RECORD = 225, /* req: NAME(slug) UNITS; rep: TENANT
				       MONTH UNITS (the month's total).
				       usage:record                        */
	ACCT_OP_KEY_LIST_TENANT = 226, /* req: TENANT; rep: APIKEY_REC*: the
					  tenant's keys (key:issue)         */
	/*
	 * Backup (issue 10): root only (uid 0, no key: a copy holds every
	 * password hash).  The request carries one descriptor (SCM_RIGHTS,
	 * sent with its first byte): an empty regular file open for
	 * writing, which accountsctl made (O_EXCL, 0600) in its own view of
	 * the filesystem.  The daemon writes a compacted copy of the whole
	 * store into it (after writing the key uses counted in memory) and
	 * fsyncs it.  A descriptor on any other request is closed and the
	 * request refused (BADREQ); this one without a descriptor is BADREQ.
	 */
	ACCT_OP_BACKUP = 245, /* req: -; + fd; rep: BACKUP_SIZE SCHEMA TIME.
				 BADREQ: no descriptor, or not an empty
				 writable regular file                  */
	/*
	 * Export (issue 10): root only, as BACKUP.  The request carries one
	 * descriptor, an empty file open for writing (accountsctl passes a
	 * memfd).  The daemon writes into it, as top-level fields of the
	 * codec: every TENANT_REC (of TENANT only, when given), then one
	 * EXPORT_USER per user that is not deleted nor pending (its USER rec and its
	 * PASSWORD_HASH when it has one), then one EXPORT_GROUP per group
	 * (its GROUP rec and a MEMBER per member).  All of it is read
	 * between two changes: one consistent state.
	 */
	ACCT_OP_EXPORT = 246, /* req: [TENANT]; + fd; rep: COUNT_TENANTS
				 COUNT_USERS COUNT_GROUPS               */
	/*
	 * Import (issue 10): root only.  The request carries one descriptor
	 * (a memfd accountsctl filled from an export), read from its start:
	 * codec fields, each with the LINE of the file it came from:
	 * TENANT_REC (NAME=slug DISPLAY_NAME STATUS GID ADMIN_GID
	 * APP_PASSWORDS), USER (NAME UID GID TENANT ROLE STATUS
	 * DISPLAY_NAME EMAIL HOME SHELL [PASSWORD_HASH]), GROUP (NAME GID
	 * TENANT KIND MEMBER*).  Tenants first, then users, then groups,
	 * all in one transaction with their own numbers: all or none.  A
	 * failure says "line N: why".
	 */
	ACCT_OP_IMPORT = 247, /* req: [NAME (the file, for messages:
				 "NAME:LINE: why")]; + fd; rep: COUNT_TENANTS
				 COUNT_USERS COUNT_GROUPS               */
};

/*
 * Reply details the daemon guarantees:
 *  - PASSWD recs always carry GECOS (empty when the user has no display
 *    name).  INITGROUPS lists the primary gid first, each gid once.
 *  - PW_ENUM, GR_ENUM and USER_LIST replies always end with MORE and
 *    CURSOR.  CURSOR is the last id the daemon examined (hidden entries are
 *    skipped, so it may pass the last one returned); MORE 1 means "ask again
 *    with this CURSOR" and comes only with at least one entry; the batch
 *    after it may be empty with MORE 0.  GR_ENUM also ends a batch once its
 *    reply passes 4 MiB (always at least one group).
 *  - Lookups (PW_*, GR_*, INITGROUPS) answer NOTFOUND without MESSAGE and
 *    never show deleted users nor anything of a deprovisioned tenant.
 *    Under the daemon's lookup_visibility = tenant they show a directory
 *    user only its own tenant's users and groups, and a uid from uid_min
 *    up that is no known user nothing: the rest is NOTFOUND (or skipped
 *    in an enumeration), exactly as what does not exist.
 *  - USER recs also carry TENANT_GID; management GROUP recs carry TENANT,
 *    TENANT_GID and KIND (GROUP_SHOW adds MEMBER*).
 *  - USER_UPDATE: an empty DISPLAY_NAME, EMAIL or profile field clears
 *    it, an empty HOME or SHELL restores the default; TENANT cannot
 *    change (INVALID).  EMAIL is stored normalised (surrounding white
 *    space trimmed, the domain lowercased, the local part kept as
 *    given), unique within a tenant: another user of the tenant with the
 *    same address is CONFLICT ("email 'a@x.org' is already used in
 *    tenant 'acme'"), on create, import and update.  A new EMAIL clears
 *    EMAIL_VERIFIED_AT.
 *  - Profile fields (GIVEN_NAME ... LOCALE): the rules of acct_profile.h;
 *    TIMEZONE must also be a zone of the tz database installed under the
 *    daemon's zoneinfo_dir.  DISPLAY_NAME is the passwd entry's GECOS.
 *  - USER_IMPORT's MESSAGE names the failing user: "user 'bob': ...".
 */

/* Reply status.  Stable numbers: never renumber, only append. */
enum acct_status {
	ACCT_ST_OK = 0,
	ACCT_ST_NOTFOUND = 1,	   /* no such entry                           */
	ACCT_ST_DENIED = 2,	   /* the caller may not do this              */
	ACCT_ST_BUSY = 3,	   /* try again later (overload, readers full)*/
	ACCT_ST_INTERNAL = 4,	   /* the daemon failed; see its log          */
	ACCT_ST_BADREQ = 5,	   /* malformed frame or missing field        */
	ACCT_ST_EXISTS = 6,	   /* name already taken                      */
	ACCT_ST_INVALID = 7,	   /* a value breaks a rule (name, shell...)  */
	ACCT_ST_CONFLICT = 8,	   /* refused by the current state            */
	ACCT_ST_UNSUPPORTED = 9,   /* unknown opcode or protocol version      */
	ACCT_ST_EXHAUSTED = 10,	   /* uid/gid range or database full          */
	ACCT_ST_TOOBIG = 11,	   /* request or reply over the limits        */
	ACCT_ST_RATE_LIMITED = 12, /* a management caller over its rate; the
				      reply says when to ask again
				      (RETRY_AFTER)                         */
	ACCT_ST_BUDGET_EXCEEDED = 13, /* a budget of the tenant (seats,
					 sessions, keys, usage) is at its
					 limit; MESSAGE names it          */
	ACCT_ST__COUNT
};

/* Field tags.  Stable numbers: never renumber, only append. */
enum acct_tag {
	ACCT_T_MESSAGE = 1,	   /* str: error detail                       */
	ACCT_T_NAME = 2,	   /* str: login / group name / tenant slug   */
	ACCT_T_UID = 3,		   /* u32                                     */
	ACCT_T_GID = 4,		   /* u32                                     */
	ACCT_T_GECOS = 5,	   /* str                                     */
	ACCT_T_HOME = 6,	   /* str: absolute path                      */
	ACCT_T_SHELL = 7,	   /* str: absolute path                      */
	ACCT_T_MEMBER = 8,	   /* str: a login (repeated)                 */
	ACCT_T_CURSOR = 9,	   /* u32: enumeration position               */
	ACCT_T_LIMIT = 10,	   /* u32: max entries wanted                 */
	ACCT_T_MORE = 11,	   /* u32: 1 if more entries follow           */
	ACCT_T_TENANT = 12,	   /* str: tenant slug                        */
	ACCT_T_DISPLAY_NAME = 13,  /* str                                     */
	ACCT_T_EMAIL = 14,	   /* str                                     */
	ACCT_T_ROLE = 15,	   /* u32: enum acct_role                     */
	ACCT_T_STATUS = 16,	   /* u32: enum acct_user_status or
				    enum acct_tenant_status                 */
	ACCT_T_UUID = 17,	   /* bytes[16]                               */
	ACCT_T_CREATED = 18,	   /* u64: unix time, seconds                 */
	ACCT_T_UPDATED = 19,	   /* u64                                     */
	ACCT_T_KIND = 20,	   /* u32: enum acct_group_kind               */
	ACCT_T_STATUS_REASON = 21, /* str                               */
	ACCT_T_STATUS_UPDATED_AT = 22, /* u64                               */
	ACCT_T_STATUS_UPDATED_BY = 23, /* str: actor, e.g. "uid 0"          */
	ACCT_T_DELETED_AT = 24, /* u64                                     */
	ACCT_T_ADMIN_GID = 25,	/* u32: the tenant's <slug>-admins group   */
	ACCT_T_TENANT_GID = 26, /* u32: gid of the tenant a record belongs to */
	ACCT_T_PASSWORD = 27,	/* str: a cleartext password (wiped after
				   use, never stored, never logged); at
				   most ACCT_MAX_PASSWORD + 1 bytes sent,
				   over ACCT_MAX_PASSWORD never right      */
	ACCT_T_OLD_PASSWORD = 28, /* str: the current password; the same
				     length rule as PASSWORD               */
	ACCT_T_SERVICE = 29,	  /* str: PAM service name ("sshd", "su")    */
	ACCT_T_RHOST = 30,	  /* str: remote host, as PAM_RHOST          */
	ACCT_T_TTY = 31,	  /* str: terminal, as PAM_TTY               */
	ACCT_T_PID = 32,	  /* u32: a process id                       */
	ACCT_T_SESSION_ID = 33,	  /* u64                                     */
	ACCT_T_PAM_RESULT = 34,	  /* u32: enum acct_pam_result               */
	ACCT_T_PRELIM = 35,	  /* u32: 1 = check only, change nothing     */

	ACCT_T_VERSION = 40,	   /* str: daemon version                     */
	ACCT_T_UPTIME = 41,	   /* u64: seconds                            */
	ACCT_T_SCHEMA = 42,	   /* u32: store schema version               */
	ACCT_T_COUNT_TENANTS = 43, /* u32                                   */
	ACCT_T_COUNT_USERS = 44,   /* u32                                   */
	ACCT_T_COUNT_GROUPS = 45,  /* u32                                   */
	ACCT_T_DB_SIZE = 46,	   /* u64: bytes in use                       */
	ACCT_T_DB_MAPSIZE = 47,	   /* u64: bytes reserved (the most DB_SIZE
				      may reach; over ACCT_MAP_WARN_PERCENT
				      of it, raise map_size_mb)              */
	ACCT_T_CONNECTIONS = 48,   /* u32: open client connections            */

	/* lifecycle, lockout and audit records */
	ACCT_T_SUSPENDED_AT = 50,     /* u64: when the tenant was suspended
					 (cleared by REACTIVATE)             */
	ACCT_T_DEPROVISIONED_AT = 51, /* u64: when deprovisioning began      */
	ACCT_T_FAILED_LOGINS = 52,    /* u32: failed logins in a row         */
	ACCT_T_LOCKED_UNTIL = 53,     /* u64: no login before this time      */
	ACCT_T_TIME = 54,	      /* u64: when an audited event happened */
	ACCT_T_ACTOR = 55,	      /* str: who ("uid 0")                  */
	ACCT_T_ACTION = 56,	      /* str: what ("tenant-suspend")        */
	ACCT_T_TARGET = 57,	      /* str: to what (a login or slug)      */
	ACCT_T_RESULT = 58,	      /* u32: enum acct_status of the request */
	ACCT_T_REASON = 59,	      /* str: the reason the actor gave      */
	ACCT_T_PREV_HASH = 60,	      /* bytes[32]: HASH of the record before
					 (zeros for the first)               */
	ACCT_T_HASH = 61,	      /* bytes[32]: BLAKE2b-256 of PREV_HASH,
					 the record's sequence number (u64
					 BE) and its fields before PREV_HASH */
	ACCT_T_FIRST_FAILURE = 62,    /* u64: first failed login of the
					 current lockout window (stored)     */
	ACCT_T_COUNT = 63,	      /* u32: how many identical events an
					 audit record stands for             */
	ACCT_T_FIRST_SEEN = 64,	      /* u64: the first of them (unix time)  */
	ACCT_T_LAST_SEEN = 65,	      /* u64: the last of them               */

	/* store-only: in records kept in LMDB, never sent on the wire */
	ACCT_T_PASSWORD_HASH = 80, /* str: Argon2id hash ($argon2id$...)      */

	/* sessions */
	ACCT_T_PROC_START = 81, /* u64: when a process started, in clock
				   ticks after boot (field 22 of
				   /proc/PID/stat): with PID, the process's
				   identity, which a reused pid never has */
	ACCT_T_STARTED = 82,	/* u64: when a session began, unix time    */
	ACCT_T_SESSION = 83,	/* rec: a session (see SESSION_LIST)       */
	ACCT_T_OPENED_BY = 84,	/* u32: the uid whose request opened a
				   session (0: root); counts against that
				   uid's max_sessions_per_caller           */

	/* tokens and the mail outbox (USER_RESET, RESET) */
	ACCT_T_TOKEN = 150,	  /* str: a single-use secret ("acd_reset_...";
				     wiped after use, never stored, logged
				     or audited)                            */
	ACCT_T_EXPIRES = 151,	  /* u64: when a token stops working        */
	ACCT_T_MAIL_QUEUED = 152, /* u32: messages waiting in the outbox
				     (STATUS)                               */
	/* store-only: tokens (store/token.h) and mails (store/outbox.h) */
	ACCT_T_TOKEN_KIND = 153,   /* u32: enum ad_token_kind               */
	ACCT_T_USED_AT = 154,	   /* u64: when a token was used up         */
	ACCT_T_TOKEN_DATA = 155,   /* str: what a token carries besides its
				      user (a new email address)            */
	ACCT_T_SUBJECT = 156,	   /* str: a mail's subject                 */
	ACCT_T_BODY = 157,	   /* str: a mail's text                    */
	ACCT_T_ATTEMPTS = 158,	   /* u32: deliveries tried and failed      */
	ACCT_T_NEXT_ATTEMPT = 159, /* u64: no delivery before this time     */
	ACCT_T_LAST_ERROR = 160,   /* str: why the last delivery failed     */
	ACCT_T_MAIL_ID = 161,	   /* u64: a queued mail's number           */

	/* STATUS: the audit log's hash chain */
	ACCT_T_AUDIT_RECORDS = 85, /* u64: records in it                   */
	ACCT_T_AUDIT_CHAIN = 86,   /* str: "intact" (verified when the daemon
				      started or by the last AUDIT_VERIFY,
				      extended by it alone since), or where
				      it breaks                             */

	/* who and what (issue 8: permissions) */
	ACCT_T_SUDO_USER = 190,	  /* str: the login sudo ran root's command for
				   (SUDO_USER); recorded beside root in the
				   audit, never used to authorize          */
	ACCT_T_RETRY_AFTER = 191, /* u32: seconds before a rate-limited
				     caller may ask again                */
	ACCT_T_RANK = 192,	  /* u32: a role's place: owner 40, admin 30,
				     member 20, viewer 10; custom 1..39   */
	ACCT_T_PERMISSION = 193,  /* str: a permission ("user:read"),
				     repeated                             */
	ACCT_T_ROLE_NAME = 194,	  /* str: a role by name (a custom role of
				     the user's tenant, or a built-in one) */
	ACCT_T_BUILTIN = 195,	  /* u32: 1 for a built-in role           */

	/* tenants and users (issue 8) */
	ACCT_T_FINALIZED_AT = 220,   /* u64: when the tenant was finalized
					(its retention counts from then)    */
	ACCT_T_DEACTIVATED_AT = 221, /* u64: when the user was deactivated
					(USER_DEACTIVATE); absent: it was
					not, or was enabled since          */
	ACCT_T_NEW_NAME = 222,	     /* str: the new slug (TENANT_RENAME)   */
	ACCT_T_OWNER = 223,	     /* str: the first owner's login
					(TENANT_SIGNUP)                     */
	ACCT_T_REMOVE_HOME = 224,    /* u32: 1 = USER_DELETE also removes
					the home directory                  */
	ACCT_T_HOME_REMOVAL = 225,   /* u32: enum acct_home_removal         */
	ACCT_T_HOME_DETAIL = 226,    /* str: one line on what was left, and
					why                                 */
	/* invitations and email change (issue 8) */
	ACCT_T_REVOKED_TOKENS = 230, /* u32: tokens revoked by a change     */

	ACCT_T_PASSWD = 100,	 /* rec: a passwd entry                     */
	ACCT_T_GROUP = 101,	 /* rec: a group entry                      */
	ACCT_T_TENANT_REC = 102, /* rec: a tenant                           */
	ACCT_T_USER = 103,	 /* rec: a user                             */
	ACCT_T_AUDIT = 104,	 /* rec: an audit record.  Stored: TIME
				    ACTOR [ACTOR_UID] ACTION TARGET
				    [TENANT] RESULT
				    [REASON] [MESSAGE] [PAM_RESULT] [PID]
				    [COUNT FIRST_SEEN LAST_SEEN] PREV_HASH
				    HASH; sent (AUDIT_LIST): SEQ and the
				    same fields without the hashes          */
	ACCT_T_ROLE_REC = 105,	 /* rec: a role: NAME ROLE(id) RANK
				    PERMISSION* [TENANT] [BUILTIN]          */
	ACCT_T_SSH_KEY = 106,	 /* rec: an SSH public key (SSH_KEY_*)    */

	/* the audit log: AUDIT_LIST and AUDIT_VERIFY */
	ACCT_T_SEQ = 140,	 /* u64: an audit record's sequence number
				    (from 1, one more each record)          */
	ACCT_T_SINCE = 141,	 /* u64: unix time, the first second wanted */
	ACCT_T_UNTIL = 142,	 /* u64: unix time, the first second not
				    wanted                                  */
	ACCT_T_BEFORE = 143,	 /* u64: AUDIT_LIST's cursor: sequence
				    numbers below this one                  */
	ACCT_T_BROKEN_SEQ = 144, /* u64: the first audit record that is
				    changed, missing or out of order        */

	/* a user's profile (USER recs, USER_UPDATE, ME_PROFILE; the rules:
	   acct_profile.h) */
	ACCT_T_GIVEN_NAME = 170,	/* str: as DISPLAY_NAME            */
	ACCT_T_FAMILY_NAME = 171,	/* str: as DISPLAY_NAME            */
	ACCT_T_AVATAR_URL = 172,	/* str: an http(s) URL             */
	ACCT_T_BIO = 173,		/* str: <= 500 characters, 1 line  */
	ACCT_T_TIMEZONE = 174,		/* str: "Europe/Paris"             */
	ACCT_T_LOCALE = 175,		/* str: "fr_FR.UTF-8"              */
	ACCT_T_EMAIL_VERIFIED_AT = 176, /* u64: when EMAIL was verified
					   (absent: not verified)          */

	/* sign-in tokens (LOGIN, REFRESH, LOGOUT; wiped after use, never
	   stored, logged or audited) */
	ACCT_T_ACCESS_TOKEN = 240,    /* str: an access token ("acd_access_
					  ..."): in any request, act as its
					  user; in replies, the new one     */
	ACCT_T_REFRESH_TOKEN = 241,   /* str: a refresh token (replies)    */
	ACCT_T_ACCESS_EXPIRES = 242,  /* u64: when ACCESS_TOKEN stops      */
	ACCT_T_REFRESH_EXPIRES = 243, /* u64: when REFRESH_TOKEN stops     */

	/* SSH public keys (issue 9: SSH_KEY_*) */
	ACCT_T_SSH_KEY_LINE = 300, /* str: "TYPE BASE64 [COMMENT]"           */
	ACCT_T_KEY_TYPE = 301,	   /* str: "ssh-ed25519"                      */
	ACCT_T_KEY_DATA = 302,	   /* str: the key blob, base64              */
	ACCT_T_KEY_COMMENT = 303,  /* str: the key's comment                 */
	ACCT_T_FINGERPRINT = 304,  /* str: "SHA256:" + 43 base64 characters,
				      as ssh-keygen -l prints it           */
	ACCT_T_KEY_BITS = 305,	   /* u32: the key's size in bits            */
	/* plans, subscriptions and budgets (issue 9; see PLAN_CREATE) */
	ACCT_T_PLAN = 340,	    /* str: a plan's name                   */
	ACCT_T_SEATS = 341,	    /* u64: seats limit                     */
	ACCT_T_SESSIONS = 342,	    /* u64: sessions limit                  */
	ACCT_T_KEYS = 343,	    /* u64: live API keys limit             */
	ACCT_T_USAGE = 344,	    /* u64: usage units per month limit     */
	ACCT_T_TRIAL_DAYS = 345,    /* u32: a plan's trial, in days         */
	ACCT_T_SUB_STATUS = 346,    /* u32: enum acct_sub_status            */
	ACCT_T_TRIAL_ENDS = 347,    /* u64: when the trial ends             */
	ACCT_T_PERIOD_ENDS = 348,   /* u64: when the paid period ends       */
	ACCT_T_BUDGET_POLICY = 349, /* u32: enum acct_budget_policy         */
	ACCT_T_OVERRIDE = 350,	    /* u32: 1 = go past a budget (policy
				       override; operators, budget:override
				       keys)                                */
	ACCT_T_BUDGET = 351,	    /* rec: BUDGET_KIND [BUDGET_LIMIT]
				       BUDGET_USED BUDGET_SOURCE            */
	ACCT_T_BUDGET_KIND = 352,   /* u32: enum acct_budget_kind           */
	ACCT_T_BUDGET_LIMIT = 353,  /* u64: absent: unlimited               */
	ACCT_T_BUDGET_USED = 354,   /* u64                                  */
	ACCT_T_BUDGET_SOURCE = 355, /* u32: enum acct_budget_source         */
	ACCT_T_BUDGET_CLEAR = 356,  /* u32: enum acct_budget_kind: back to
				       the plan's limit                     */
	ACCT_T_PLAN_TENANTS = 357,  /* u32: tenants on a plan               */
	ACCT_T_PLAN_REC = 108,	    /* rec: a plan: NAME SEATS SESSIONS KEYS
				       USAGE (ACCT_BUDGET_UNLIMITED: none)
				       TRIAL_DAYS CREATED UPDATED
				       [PLAN_TENANTS]                       */
	/* API keys and usage (issue 9) */
	ACCT_T_API_KEY = 320,	    /* str: a whole API key ("acd_key_...";
				      in any request: act as its owner,
				      narrowed to its scopes; in KEY_ISSUE's
				      reply, the new one).  Never stored,
				      logged or audited                   */
	ACCT_T_KEY_PREFIX = 321,    /* str: "acd_key_" + the 12-character
				      public prefix: names a key          */
	ACCT_T_SCOPE = 322,	    /* str: a scope ("directory:read"),
				      repeated                            */
	ACCT_T_KEY_TTL = 323,	    /* u64: seconds a new key works        */
	ACCT_T_KEY_NAME = 324,	    /* str: a key's label (printable, <=
				      ACCT_MAX_KEY_NAME bytes)            */
	ACCT_T_REVOKED_AT = 325,    /* u64: when a key was revoked         */
	ACCT_T_LAST_USED = 326,	    /* u64: a key's last accepted use      */
	ACCT_T_USE_COUNT = 327,	    /* u64: a key's accepted uses          */
	ACCT_T_SCOPES = 328,	    /* u32: scope bits (stored)            */
	ACCT_T_SECRET_HASH = 329,   /* bytes[32]: store-only: BLAKE2b-256 of
				      a key's secret                      */
	ACCT_T_UNITS = 330,	    /* u64: usage units                    */
	ACCT_T_MONTH = 331,	    /* u32: a calendar month, YYYYMM (UTC) */
	ACCT_T_KEY_STATE = 332,	    /* str: "active", "revoked", "expired",
				      or why the owner cannot use it now
				      ("account bob is disabled")         */
	ACCT_T_APP_PASSWORDS = 333, /* u32: 1 = the tenant's users may give
				       a key with the login scope as their
				       password through PAM (TENANT_REC,
				       TENANT_UPDATE)                     */
	ACCT_T_KEY_USES = 334,	    /* u64: key uses of a tenant           */
	ACCT_T_LIVE_KEYS = 335,	    /* u32: a tenant's keys neither revoked
				      nor expired                         */
	ACCT_T_APIKEY_REC = 107,    /* rec: an API key: KEY_PREFIX [KEY_NAME]
				      UID NAME(owner) TENANT SCOPE* CREATED
				      [EXPIRES] [REVOKED_AT] [LAST_USED]
				      USE_COUNT KEY_STATE.  Stored: PREFIX
				      UID TENANT_GID KEY_NAME SCOPES CREATED
				      EXPIRES REVOKED_AT LAST_USED USE_COUNT
				      SECRET_HASH                         */

	/* STATUS (issue 10, ops): how the daemon runs.  The paths go only
	 * to root, operators and support (policy/status.h): to anyone
	 * else the socket alone is no secret, but where the state and the
	 * configuration live is not theirs to learn */
	ACCT_T_CONFIG_FILE = 360,    /* str, repeated: a configuration file
					read, the main one then drop-ins    */
	ACCT_T_SOCKET_PATH = 361,    /* str: the socket it listens on       */
	ACCT_T_STATE_DIR = 362,	     /* str: the database's directory       */
	ACCT_T_READY = 363,	     /* u32: 1 = started (store open, audit
					chain checked) and serving          */
	ACCT_T_AUDIT_STATE = 364,    /* str: "verified up to record N at
					TIME", "broken at record N (...)",
					or "not verified (...)"             */
	ACCT_T_AUDIT_VERIFIED = 365, /* u64: records found whole by the last
					verification                        */
	ACCT_T_AUDIT_VERIFIED_AT = 366, /* u64: when it ran (absent: never) */
	ACCT_T_AUDIT_BROKEN_AT = 367,	/* u64: the first bad record (absent:
					   none found)                      */
	ACCT_T_MAP_USED_PERCENT = 368,	/* u32: DB_SIZE of DB_MAPSIZE, in %  */
	/* issue 10: a CLI that never surprises (wire tags 380-389) */
	ACCT_T_USER_STATE = 380, /* str, in USER (USER_LIST, USER_SHOW):
				    where the user stands, the word lists
				    print: "pending", "disabled",
				    "deleted"; for an active user of a
				    tenant that is not active, the
				    tenant's "suspended",
				    "deprovisioning" or "deprovisioned";
				    "locked" during a lockout; else
				    "active" (policy/user_state.c)      */
	/* backup (issue 10) */
	ACCT_T_BACKUP_SIZE = 370,   /* u64: bytes of a backup copy           */
	ACCT_T_SKIP_EXISTING = 371, /* u32: USER_IMPORT: 1 = a login that
				      is a directory user already (deleted
				      too) is skipped, not an error       */
	ACCT_T_COUNT_SKIPPED = 372, /* u32: USER_IMPORT: users skipped     */
	ACCT_T_EXPORT_USER = 373,   /* rec: USER [PASSWORD_HASH] (EXPORT)  */
	ACCT_T_EXPORT_GROUP = 374,  /* rec: GROUP MEMBER* (EXPORT)         */
	ACCT_T_LINE = 375,	    /* u32: IMPORT: the record's file line */
	/* issue 10, actor: audit records carry the acting uid */
	ACCT_T_ACTOR_UID = 381, /* u32, in AUDIT: the uid (SO_PEERCRED) of
				   the process whose request made the
				   record, the one ACTOR names; absent in
				   the daemon's own records and in those
				   written before it existed            */
};

/* The daemon's verdict on a PAM request; each maps to one PAM code in
 * pam_accounts.so (one exhaustive switch there). */
enum acct_pam_result {
	ACCT_PAM_OK = 0,	       /* PAM_SUCCESS                         */
	ACCT_PAM_AUTH_ERR = 1,	       /* wrong password: PAM_AUTH_ERR        */
	ACCT_PAM_USER_UNKNOWN = 2,     /* not ours: PAM_USER_UNKNOWN          */
	ACCT_PAM_LOCKED = 3,	       /* too many failures: PAM_MAXTRIES
					  (auth), PAM_PERM_DENIED (account)  */
	ACCT_PAM_DISABLED = 4,	       /* user disabled or pending:
					  PAM_ACCT_EXPIRED                   */
	ACCT_PAM_TENANT_INACTIVE = 5,  /* tenant suspended/deprovisioning/
					  deprovisioned: PAM_ACCT_EXPIRED    */
	ACCT_PAM_NEW_AUTHTOK_REQD = 6, /* password must be changed first      */
	ACCT_PAM_PERM_DENIED = 7,      /* any other policy refusal            */
	ACCT_PAM_AUTHTOK_ERR = 8,      /* new password refused (quality)      */
	ACCT_PAM_NO_PASSWORD = 9,      /* the user has no password set:
					  PAM_AUTH_ERR                       */
};

enum acct_role {
	ACCT_ROLE_VIEWER = 1,
	ACCT_ROLE_MEMBER = 2,
	ACCT_ROLE_ADMIN = 3,
	ACCT_ROLE_OWNER = 4,
};

enum acct_user_status {
	ACCT_USER_PENDING = 1,
	ACCT_USER_ACTIVE = 2,
	ACCT_USER_DISABLED = 3,
	ACCT_USER_DELETED = 4,
};

enum acct_tenant_status {
	ACCT_TENANT_ACTIVE = 1,
	ACCT_TENANT_SUSPENDED = 2,
	ACCT_TENANT_DEPROVISIONING = 3,
	ACCT_TENANT_DEPROVISIONED = 4,
};

/*
 * What USER_DELETE's REMOVE_HOME did to the home directory.  The home is
 * removed only when it lies under home_base (reached without following a
 * symlink), is a directory owned by the user's uid and is not home_base
 * itself; then only entries owned by that uid, on the home's filesystem,
 * are removed, symlinks themselves and never what they point to.  The
 * delete happens whatever the home's fate.
 */
enum acct_home_removal {
	ACCT_HOME_REMOVED = 1, /* the home and everything in it is gone */
	ACCT_HOME_PARTIAL = 2, /* what the user owned is gone; HOME_DETAIL
				  says what was left                    */
	ACCT_HOME_KEPT = 3,    /* untouched; HOME_DETAIL says why       */
};

enum acct_group_kind {
	ACCT_GROUP_TENANT = 1, /* <slug>: every user of the tenant           */
	ACCT_GROUP_ADMINS = 2, /* <slug>-admins: owners and admins          */
	ACCT_GROUP_CUSTOM = 3, /* <slug>-<name>: created by an admin        */
};

/* plans, subscriptions and budgets (issue 9; see PLAN_CREATE) */
enum acct_sub_status {
	ACCT_SUB_NONE = 0, /* no plan given yet: nothing expires */
	ACCT_SUB_TRIAL = 1,
	ACCT_SUB_ACTIVE = 2,
	ACCT_SUB_CANCELLED = 3,
	ACCT_SUB_EXPIRED = 4,
};

enum acct_budget_kind {
	ACCT_BUDGET_SEATS = 1,
	ACCT_BUDGET_SESSIONS = 2,
	ACCT_BUDGET_KEYS = 3,
	ACCT_BUDGET_USAGE = 4,
};
#define ACCT_BUDGET_KINDS 4u

enum acct_budget_policy {
	ACCT_BUDGET_BLOCK = 1,	  /* at the limit: refused */
	ACCT_BUDGET_OVERRIDE = 2, /* refused unless OVERRIDE is allowed */
};

enum acct_budget_source {
	ACCT_BUDGET_FROM_NONE = 1, /* no plan limit, no override: unlimited */
	ACCT_BUDGET_FROM_PLAN = 2,
	ACCT_BUDGET_FROM_OVERRIDE = 3,
};

#define ACCT_BUDGET_UNLIMITED UINT64_MAX
#define ACCT_MAX_BUDGET 1000000000u		  /* seats, sessions, keys */
#define ACCT_MAX_USAGE UINT64_C(1000000000000000) /* units a month */
#define ACCT_MAX_TRIAL_DAYS 366u
#define ACCT_SUB_PERIOD (30u * 86400u) /* "a month": TENANT_SUBSCRIBE */
#define ACCT_MAX_PLANS 1000u

#endif
