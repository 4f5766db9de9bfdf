/*
 * nss_accounts.h - internals of libnss_accounts.so.2.
 *
 * The module is a guest in every process on the host: it keeps no socket
 * and no result buffers between calls, starts no threads, registers no
 * handlers, and never writes to stdout/stderr.  Every lookup goes through
 * nss_acct_lookup() (lookup.c), so that a memory-mapped cache can later
 * answer there before the socket is tried.
 *
 * Internal functions report the errno value for *errnop through an `err`
 * out-parameter; only the entry points touch errno and *errnop, through
 * nss_acct_finish(), which restores the caller's errno (systemd's
 * PROTECT_ERRNO) and writes *errnop on TRYAGAIN and UNAVAIL only.
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

/* ---- lookup.c: the one way to the daemon ---- */

/* The whole-request deadline.  Only tests build with a different value. */
#ifndef NSS_ACCT_TIMEOUT_MS
#define NSS_ACCT_TIMEOUT_MS ACCT_NSS_TIMEOUT_MS
#endif

/* False when the daemon has switched the module off in itself. */
bool nss_acct_enabled(void);

/*
 * Send one request and return the daemon's verdict.  SUCCESS leaves the
 * reply in *rep (free it with acct_reply_free); every other status leaves
 * *rep empty and, for TRYAGAIN and UNAVAIL, the cause in *err:
 *   daemon NOTFOUND             -> NOTFOUND
 *   daemon BUSY, client ENOMEM  -> TRYAGAIN (EAGAIN, ENOMEM)
 *   no daemon, timeout, garbage -> UNAVAIL (ENOENT, ECONNREFUSED,
 *                                  ETIMEDOUT, EBADMSG, ...)
 *   any other daemon status     -> UNAVAIL
 * Never sleeps and never retries beyond acct_call's one reconnect.
 */
enum nss_status nss_acct_lookup(uint16_t opcode, const uint8_t *req,
				size_t reqlen, struct acct_reply *rep,
				int *err);

/* nss_acct_lookup with a request of one NAME (str) or one id (u32) field. */
enum nss_status nss_acct_lookup_name(uint16_t opcode, const char *name,
				     size_t len, struct acct_reply *rep,
				     int *err);
enum nss_status nss_acct_lookup_id(uint16_t opcode, uint16_t tag, uint32_t id,
				   struct acct_reply *rep, int *err);

/*
 * The length of name if it is a valid login (group) name, else 0: names
 * that cannot exist are answered NOTFOUND without asking the daemon.
 */
size_t nss_acct_login_len(const char *name);
size_t nss_acct_group_len(const char *name);

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

/* ---- passwd.c, group.c: records into the caller's buffer ---- */

/*
 * Copy one PASSWD (GROUP) rec into *result (a struct passwd or struct
 * group) and buf.  The record is checked whole before its size is compared
 * with buflen, so that malformed data never looks like a small buffer.
 * Returns 0, ERANGE (buf too small; nothing usable written) or EBADMSG.
 */
typedef int (*nss_acct_fill_fn)(const struct acct_field *rec, void *result,
				char *buf, size_t buflen);
int nss_acct_fill_passwd(const struct acct_field *rec, void *result, char *buf,
			 size_t buflen);
int nss_acct_fill_group(const struct acct_field *rec, void *result, char *buf,
			size_t buflen);

/* ---- enum.c: set/get/end*ent for both databases ---- */

enum nss_acct_db { NSS_ACCT_DB_PASSWD, NSS_ACCT_DB_GROUP, NSS_ACCT_DB__COUNT };

/* Forget any position: the next getent starts from the first entry. */
void nss_acct_enum_reset(enum nss_acct_db db);
/*
 * The next entry.  On TRYAGAIN/ERANGE the same entry comes back on the
 * next call; NOTFOUND marks the end.
 */
enum nss_status nss_acct_enum_next(enum nss_acct_db db, void *result, char *buf,
				   size_t buflen, int *err);

#endif
