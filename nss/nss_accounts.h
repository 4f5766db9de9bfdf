/*
 * nss_accounts.h - internals of libnss_accounts.so.2.
 *
 * The module is a guest in every process on the host: it keeps no socket
 * and no result buffers between calls, starts no threads, registers no
 * handlers, and never writes to stdout/stderr.  What it keeps between
 * calls is the enumeration position (enum.c, under a mutex), and, in
 * atomics that no fork() can leave locked, the end of a back-off
 * (backoff.c) and a view of the local users (local.c).  Every lookup
 * goes through nss_acct_lookup() (lookup.c), so that a memory-mapped
 * cache can later answer there before the socket is tried.
 *
 * Internal functions report the errno value for *errnop through an `err`
 * out-parameter; only the entry points (and the nss_acct_get_by* and
 * nss_acct_enum_* helpers they hand a whole call to) touch errno and
 * *errnop, through nss_acct_finish(), which restores the caller's errno
 * (systemd's PROTECT_ERRNO) and writes *errnop on TRYAGAIN and UNAVAIL
 * only.
 */
#ifndef NSS_ACCOUNTS_H
#define NSS_ACCOUNTS_H

#include <errno.h>
#include <grp.h>
#include <nss.h>
#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_client.h"

/* Everything else stays hidden (-fvisibility=hidden + nss/exports.map). */
#define NSS_ACCT_EXPORT __attribute__((visibility("default")))

/* ---- the entry points glibc looks up ---- */

/*
 * 1 by default.  accountsd sets it to 0 in itself (through dlsym) so that
 * its own lookups never call back into itself; every entry point then
 * answers NSS_STATUS_UNAVAIL at once.
 */
extern NSS_ACCT_EXPORT int _nss_accounts_enablelookups;

NSS_ACCT_EXPORT enum nss_status
_nss_accounts_getpwnam_r(const char *name, struct passwd *pw, char *buf,
			 size_t buflen, int *errnop);
NSS_ACCT_EXPORT enum nss_status
_nss_accounts_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen,
			 int *errnop);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_setpwent(int stayopen);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_getpwent_r(struct passwd *pw,
							 char *buf,
							 size_t buflen,
							 int *errnop);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_endpwent(void);

NSS_ACCT_EXPORT enum nss_status
_nss_accounts_getgrnam_r(const char *name, struct group *gr, char *buf,
			 size_t buflen, int *errnop);
NSS_ACCT_EXPORT enum nss_status
_nss_accounts_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t buflen,
			 int *errnop);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_setgrent(int stayopen);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_getgrent_r(struct group *gr,
							 char *buf,
							 size_t buflen,
							 int *errnop);
NSS_ACCT_EXPORT enum nss_status _nss_accounts_endgrent(void);
NSS_ACCT_EXPORT enum nss_status
_nss_accounts_initgroups_dyn(const char *user, gid_t skipgroup, long int *start,
			     long int *size, gid_t **groupsp, long int limit,
			     int *errnop);

/* ---- the two databases, as passwd.c and group.c describe them ---- */

/* The slot of each database's enumeration position in enum.c. */
enum nss_acct_slot {
	NSS_ACCT_SLOT_PASSWD,
	NSS_ACCT_SLOT_GROUP,
	NSS_ACCT_SLOT__COUNT
};

/* What a by-key request asks for: name, or id when name is NULL. */
struct nss_acct_key {
	const char *name;
	size_t name_len;
	uint32_t id;
};

/*
 * Copy one rec into *result (a struct passwd or struct group) and buf.
 * The record is checked whole, and against want when that is not NULL,
 * before its size is compared with buflen, so that malformed data (or the
 * wrong entry) never looks like a small buffer.
 * Returns 0, ERANGE (buf too small; nothing usable written) or EBADMSG.
 */
typedef int (*nss_acct_fill_fn)(const struct acct_field *rec,
				const struct nss_acct_key *want, void *result,
				char *buf, size_t buflen);

/* Everything the shared code needs to know about one database. */
struct nss_acct_db {
	enum nss_acct_slot slot;
	uint16_t byname_op, byid_op, enum_op;
	uint16_t id_tag;  /* the UID or GID field of a by-id request */
	uint16_t rec_tag; /* the PASSWD or GROUP rec that holds one entry */
	bool (*valid_name)(const char *s, size_t len);
	nss_acct_fill_fn fill;
};

extern const struct nss_acct_db nss_acct_passwd_db; /* passwd.c */
extern const struct nss_acct_db nss_acct_group_db;  /* group.c */

/* ---- lookup.c: the one way to the daemon ---- */

/* The whole-request deadline (the reasoning is in acct_proto.h). */
#define NSS_ACCT_TIMEOUT_MS ACCT_NSS_TIMEOUT_MS

/* False when the daemon has switched the module off in itself. */
bool nss_acct_enabled(void);

/*
 * The checks an entry point makes before it asks anything: UNAVAIL
 * (ENOENT in *err) while lookups are off, NOTFOUND when !key_valid (a name
 * or id that cannot exist is never sent), else SUCCESS.
 */
enum nss_status nss_acct_admit(bool key_valid, int *err);

/*
 * Send one request and return the daemon's verdict.  SUCCESS leaves the
 * reply in *rep (free it with acct_reply_free); every other status leaves
 * *rep empty and, for TRYAGAIN and UNAVAIL, the cause in *err:
 *   daemon NOTFOUND             -> NOTFOUND
 *   daemon BUSY, client ENOMEM  -> TRYAGAIN (EAGAIN, ENOMEM)
 *   no daemon, timeout, garbage -> UNAVAIL (ENOENT, ECONNREFUSED,
 *                                  ETIMEDOUT, EBADMSG, ...)
 *   a server not to be believed -> UNAVAIL (EPERM), nothing sent or
 *                                  read (acct_peer_trusted)
 *   during a back-off           -> UNAVAIL (ETIMEDOUT), not connecting
 *   any other daemon status     -> UNAVAIL
 * Never sleeps and never retries beyond acct_call's one reconnect.
 */
enum nss_status nss_acct_lookup(uint16_t opcode, const uint8_t *req,
				size_t reqlen, struct acct_reply *rep,
				int *err);

/* ---- backoff.c: a hanging daemon costs one deadline per process ---- */

/*
 * How long a process leaves the daemon alone after a request timed out.
 * Long enough that a program resolving many names (ls -l, sudo, id)
 * waits for the first one only; short enough that a daemon that recovers
 * is used again within seconds.
 */
#define NSS_ACCT_BACKOFF_MS 5000

/*
 * Whether a lookup may go to the daemon now.  False during a back-off:
 * the lookup then answers UNAVAIL/ETIMEDOUT without connecting.  When a
 * back-off ends, exactly one caller gets true (it probes the daemon); the
 * others keep getting false until that probe has its answer.
 */
bool nss_acct_backoff_admit(void);

/* Record how a call to the daemon ended: the errno of a failed call
 * (ETIMEDOUT starts a back-off; anything else ends one), or 0. */
void nss_acct_backoff_note(int err);

/* ---- settings.c: the module's settings file ---- */

/* Where it is; ACCOUNTSD_NSS_CONF overrides it (never in setuid programs,
 * which read secure_getenv). */
#define NSS_ACCT_CONF_PATH SYSCONFDIR "/nss_accounts.conf"
#define NSS_ACCT_CONF_ENV "ACCOUNTSD_NSS_CONF"

struct nss_acct_settings {
	bool initgroups_ignore_local; /* default true (local.c) */
};

/*
 * The defaults, overridden by what the file says.  A file that is missing,
 * not a regular file, not owned by root, writable by its group or others,
 * or over 4 KiB gives the defaults; unknown keys and malformed lines are
 * skipped.  errno is left as it was.
 */
void nss_acct_settings_read(struct nss_acct_settings *s);

/* ---- local.c: initgroups of local users stays local ---- */

/* How old the cached view of both files may grow before it is read
 * again: what an edit of either waits at most to take effect. */
#define NSS_ACCT_LOCAL_TTL_MS 1000

/*
 * Whether initgroups for name (len bytes, a valid login) must be answered
 * without the daemon: initgroups_ignore_local is on and name is a user in
 * /etc/passwd.  Never calls NSS.  errno is left as it was.
 */
bool nss_acct_initgroups_local(const char *name, size_t len);

/* nss_acct_lookup with a request of one NAME field, or one id_tag field. */
enum nss_status nss_acct_lookup_key(uint16_t opcode, uint16_t id_tag,
				    const struct nss_acct_key *key,
				    struct acct_reply *rep, int *err);

/*
 * The length of name if valid_name accepts it (acct_valid_login or
 * acct_valid_group), else 0.
 */
size_t nss_acct_name_len(const char *name,
			 bool (*valid_name)(const char *s, size_t len));

/* Restore errno, set *errnop when the status calls for it, return st. */
static inline enum nss_status nss_acct_finish(enum nss_status st, int err,
					      int saved_errno, int *errnop)
{
	errno = saved_errno;
	if ((st == NSS_STATUS_TRYAGAIN || st == NSS_STATUS_UNAVAIL) &&
	    errnop != NULL)
		*errnop = err;
	return st;
}

/* ---- record.c: the pieces of a fill function ---- */

/* Take a string field once; a repeated field is as malformed as a bad one. */
int nss_acct_take_str(const struct acct_field *f, const char **s, size_t *len);
/* Take a valid uid or gid once.  Both return 0 or -1. */
int nss_acct_take_id(const struct acct_field *f, bool *seen, uint32_t *id);

/* Is the entry (name, id) the one want asked for?  True if want is NULL. */
bool nss_acct_key_is(const struct nss_acct_key *want, const char *name,
		     size_t name_len, uint32_t id);

/*
 * Copy len bytes of s and a NUL to *p (whose room the caller has counted),
 * move *p past them, and return where the copy starts.
 */
char *nss_acct_put_str(char **p, const char *s, size_t len);

/* ---- getby.c: get*nam_r and get*id_r for either database ---- */

/*
 * Whole entry points: they save and restore errno and write *errnop
 * through nss_acct_finish, like the entry points that call them.
 */
enum nss_status nss_acct_get_byname(const struct nss_acct_db *db,
				    const char *name, void *result, char *buf,
				    size_t buflen, int *errnop);
enum nss_status nss_acct_get_byid(const struct nss_acct_db *db, uint32_t id,
				  void *result, char *buf, size_t buflen,
				  int *errnop);

/* ---- enum.c: set/get/end*ent for either database ---- */

/*
 * Whole entry points too.  reset forgets any position: the next getent
 * starts from the first entry.  next returns the next entry; after
 * TRYAGAIN/ERANGE the same entry comes back, and NOTFOUND marks the end.
 */
enum nss_status nss_acct_enum_reset(const struct nss_acct_db *db);
enum nss_status nss_acct_enum_next(const struct nss_acct_db *db, void *result,
				   char *buf, size_t buflen, int *errnop);

#endif
