/*
 * pa.h - internals of pam_accounts.so, shared by its files.
 *
 * The module is a guest in login, su, sudo, sshd and screen lockers, and
 * libpam dlcloses it after pam_end: no global state, no threads, nothing
 * left behind.  What must live from one call to the next (the verdict an
 * authentication carried for the account phase, the session id) lives in
 * pam_set_data with a cleanup callback.
 */
#ifndef PA_H
#define PA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include "acct_client.h" /* struct acct_reply */
#include "acct_codec.h"

/* The entry points libpam looks up; everything else stays hidden. */
#define PA_EXPORT __attribute__((visibility("default")))

/* pam_fail_delay on authentication, in microseconds (as pam_unix). */
#define PA_FAIL_DELAY_US 2000000u
/* Longest timeout= accepted: a login must not hang for minutes. */
#define PA_MAX_TIMEOUT_MS 120000
/* PAM replies are small; anything bigger is a broken peer. */
#define PA_MAX_REPLY (64u * 1024u)
/* The daemon's one-line reason, as shown to the user (bytes, with NUL). */
#define PA_MSG_MAX 256

/* pam_set_data names. */
#define PA_DATA_AUTHZ "pam_accounts:authz"
#define PA_DATA_SESSION "pam_accounts:session_id"
#define PA_DATA_PRELIM "pam_accounts:prelim_ok" /* chauthtok: ours */

/* Which management group is running: the mapping depends on it. */
enum pa_phase {
	PA_AUTH,
	PA_ACCOUNT,
	PA_PASSWORD,
	PA_SESSION,
};

/* Option bits (pa_options.c). */
enum {
	PA_OPT_DEBUG = 1u << 0,
	PA_OPT_USE_FIRST_PASS = 1u << 1, /* these three are read again by */
	PA_OPT_TRY_FIRST_PASS = 1u << 2, /* pam_get_authtok itself; kept */
	PA_OPT_USE_AUTHTOK = 1u << 3,	 /* here for the debug log        */
	PA_OPT_IGNORE_UNKNOWN = 1u << 4,
	PA_OPT_IGNORE_UNAVAIL = 1u << 5,
	PA_OPT_NULLOK = 1u << 6,
	PA_OPT_NO_WARN = 1u << 7,
	PA_OPT_SILENT = 1u << 8, /* PAM_SILENT in the call's flags */
};

struct pa_opts {
	unsigned bits;
	unsigned long minimum_uid; /* 0: no minimum */
	int timeout_ms;
	const char *socket; /* points into argv; NULL: the default */
};

/* Everything one entry point call needs. */
struct pa_ctx {
	pam_handle_t *pamh;
	enum pa_phase phase;
	int flags; /* the call's PAM flags */
	struct pa_opts opts;
	const char *user; /* PAM_USER, owned by libpam; NULL until known */
};

/* The daemon's answer to one request. */
struct pa_verdict {
	bool has_result;
	uint32_t result; /* enum acct_pam_result */
	bool has_session_id;
	uint64_t session_id;
	char message[PA_MSG_MAX]; /* "" when the daemon sent none */
};

/* ---- pa_options.c ---- */

/* Defaults, then argv; unknown or malformed options are logged and
 * skipped, never fatal. */
void pa_parse_options(pam_handle_t *pamh, int flags, int argc,
		      const char **argv, struct pa_opts *o);

/* ---- pa_map.c: every outcome becomes a PAM code here ---- */

/* The daemon's verdict (enum acct_pam_result) in this phase. */
int pa_map_result(enum pa_phase phase, uint32_t result);
/* A reply whose wire status is not OK (enum acct_status). */
int pa_map_status(uint16_t status);
/* A transport failure (errno from pa_call). */
int pa_map_errno(int err);
/* Applies ignore_unknown_user and ignore_authinfo_unavail. */
int pa_finish(const struct pa_ctx *c, int rc);
/* Stable name of a verdict, for the log. */
const char *pa_result_name(uint32_t result);

/* ---- pa_call.c ---- */

/*
 * One request to the daemon at path, after checking that the socket file
 * and the listening process belong to root; one reply, all within
 * timeout_ms.  Returns 0 with *rep filled (acct_reply_free it), or -1 with
 * errno: ENOENT/ECONNREFUSED (no daemon), EPERM (not root's daemon),
 * ETIMEDOUT, EBADMSG (protocol error), EMSGSIZE, ENOMEM, ...
 */
int pa_call(const char *path, int timeout_ms, uint16_t opcode,
	    const struct acct_buf *req, struct acct_reply *rep);

/* ---- pa_common.c ---- */

/*
 * Start an entry point: parse options, find and check the user.  Returns
 * PAM_SUCCESS, or the code the entry point returns at once (an invalid
 * name or one under minimum_uid never reaches the daemon).
 */
int pa_begin(struct pa_ctx *c, pam_handle_t *pamh, enum pa_phase phase,
	     int flags, int argc, const char **argv);
/* Options only, for calls that may not need the user. */
void pa_begin_options(struct pa_ctx *c, pam_handle_t *pamh, enum pa_phase phase,
		      int flags, int argc, const char **argv);
/* Check the user name and minimum_uid; fills c->user. */
int pa_get_user(struct pa_ctx *c);

/* Start a request buffer (secret: it may hold a password). */
void pa_req_init(struct acct_buf *b, bool secret);
/*
 * Add a password field (PASSWORD, OLD_PASSWORD), cut to ACCT_MAX_PASSWORD
 * + 1 bytes: a longer one stays too long to be right, and always reaches
 * the daemon, which answers it as a wrong password (acct_proto.h).
 */
void pa_put_password(struct acct_buf *b, uint16_t tag, const char *password);

/*
 * Send req and read the verdict.  Returns PAM_SUCCESS when the daemon
 * answered with status OK (the verdict is in *v), or the PAM code for the
 * failure (mapped and logged, before pa_finish).  A request that could not
 * be built returns PAM_BUF_ERR on ENOMEM, else bad_input_rc.
 */
int pa_exchange(const struct pa_ctx *c, uint16_t opcode,
		const struct acct_buf *req, int bad_input_rc,
		struct pa_verdict *v);
/*
 * The request of a login phase (auth, account, session open): NAME SERVICE
 * [RHOST] [TTY] from the PAM items, and PASSWORD unless password is NULL
 * (the buffer is then secret).  Sent and answered as by pa_exchange.
 */
int pa_ask(const struct pa_ctx *c, uint16_t opcode, const char *password,
	   int bad_input_rc, struct pa_verdict *v);
/* PAM_SUCCESS when v carries a verdict; else logs the protocol error and
 * returns PAM_AUTHINFO_UNAVAIL (before pa_finish). */
int pa_need_result(const struct pa_ctx *c, uint16_t opcode,
		   const struct pa_verdict *v);

/* Tell the user msg (the daemon's reason, one line): as an error on a
 * refusal, as information otherwise; nothing when PAM_SILENT, and no
 * information with no_warn. */
void pa_tell(const struct pa_ctx *c, const char *msg, bool refusal);
/* Convert a failing return of a libpam helper (CONV_AGAIN -> INCOMPLETE). */
int pa_conv_rc(int rc);

/* pam_set_data cleanup for malloc'd data. */
void pa_free_data(pam_handle_t *pamh, void *data, int error_status);
/* pam_set_data(name) of a malloc'd copy of value, freed by libpam. */
int pa_keep_data(pam_handle_t *pamh, const char *name, const void *value,
		 size_t size);
/* The verdict an authentication carried for the account phase. */
int pa_authz_get(pam_handle_t *pamh);
int pa_authz_set(pam_handle_t *pamh, int rc); /* PAM_SUCCESS clears */

#define pa_debug(c, ...)                                                       \
	do {                                                                   \
		if ((c)->opts.bits & PA_OPT_DEBUG)                             \
			pam_syslog((c)->pamh, LOG_DEBUG, __VA_ARGS__);         \
	} while (0)

#endif
