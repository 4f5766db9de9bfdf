/*
 * config.h - accountsd settings.  Every setting has an embedded default;
 * the file (key = value lines, '#' comments) is optional, and so are its
 * drop-ins, the files FILE.d/NAME.conf, read after it in byte order of their names.  A
 * key set again, in the same file or a later one, takes the later value.
 * An unknown key or a malformed value is an error that names the file and
 * line; every error is reported, and any error applies nothing.
 */
#ifndef AD_CONFIG_H
#define AD_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/un.h>

#include "acct_proto.h"

/* Classes of requests, each with its own per-caller rate (config keys
 * <class>_per_minute and <class>_burst). */
enum ad_rate_class {
	AD_RATE_LOOKUP,	 /* NSS lookups, ping, status */
	AD_RATE_AUTH,	 /* AUTH, CHAUTHTOK, ACCT_MGMT */
	AD_RATE_SESSION, /* SESSION_OPEN, SESSION_CLOSE */
	AD_RATE_MANAGE,	 /* management requests */
	AD_RATE__COUNT
};

/* Whose entries name lookups show a directory user (lookup_visibility;
 * policy/lookup.h): every tenant's, as /etc/passwd does, or only its own
 * tenant's. */
enum ad_lookup_visibility {
	AD_VISIBILITY_ALL = 0,
	AD_VISIBILITY_TENANT,
};

#define AD_DEFAULT_CONFIG SYSCONFDIR "/accountsd.conf"
#define AD_DEFAULT_STATE_DIR LOCALSTATEDIR "/lib/accountsd"
/* Drop-ins: FILE AD_CONFIG_DROPIN_DIR / *.conf, at most this many. */
#define AD_CONFIG_DROPIN_DIR ".d"
#define AD_CONFIG_MAX_DROPINS 64u
#define AD_CONFIG_FILES_MAX 8192
/* Errors one load reports, at most (then one line says how many more). */
#define AD_CONFIG_MAX_ERRORS 100u

struct ad_config {
	char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char state_dir[PATH_MAX];
	uint32_t uid_min, uid_max; /* range new uids come from */
	uint32_t gid_min, gid_max; /* range new gids come from */
	char default_shell[256];
	char home_base[256];	    /* home = home_base "/" login */
	uint64_t map_size;	    /* LMDB map size, bytes */
	int log_debug;		    /* 1: log every request */
	unsigned max_connections;   /* concurrent clients */
	unsigned client_timeout_ms; /* idle/read deadline per connection */
	/* hostile neighbours: what one non-root uid may hold at once */
	unsigned max_connections_per_uid;
	unsigned root_reserved_connections; /* of max_connections */
	/* slow work (worker.c) and passwords (password.c) */
	unsigned workers;	      /* threads; 0: one per online CPU */
	unsigned worker_queue;	      /* jobs waiting for a thread, at most */
	uint64_t argon2_opslimit;     /* Argon2id passes */
	uint64_t argon2_memlimit;     /* Argon2id memory, bytes */
	unsigned password_min_length; /* bytes */
	/* sessions (session.h): SIGTERM, then SIGKILL this much later */
	unsigned session_kill_grace_ms;
	unsigned max_sessions;		  /* live sessions in all */
	unsigned max_sessions_per_user;	  /* ... of one directory user */
	unsigned max_sessions_per_caller; /* ... opened by one non-root uid */
	/* per-caller rates of non-root uids (policy/rate.h), one pair per
	 * class of request: sustained requests per minute, and burst */
	struct ad_rate_cfg {
		unsigned per_minute;
		unsigned burst;
	} rate[AD_RATE__COUNT];
	/* identical refusals of one caller within this many seconds become
	 * one audit event with a count */
	unsigned audit_coalesce_s;
	/* lockout (lockout.h): attempts wrong passwords within window_s lock
	 * the account for duration_s; attempts 0: never lock */
	unsigned lockout_attempts;
	uint64_t lockout_window_s;
	uint64_t lockout_duration_s;
	/* whose users and groups name lookups show (policy/lookup.h) */
	enum ad_lookup_visibility lookup_visibility;
	/* the host groups (/etc/group) of platform operators, who manage
	 * every tenant, and of support, who read every tenant; "": none.
	 * Their gids are resolved when the configuration is (re)loaded
	 * (server/host.h); AD_NO_GID: no such group. */
	char operator_group[ACCT_MAX_NAME + 1];
	char support_group[ACCT_MAX_NAME + 1];
	uint32_t operator_gid, support_gid;
	/* mail (server/mail.h): the command that delivers one message (split
	 * on blanks, no shell), the sender ("": accountsd@ the host name),
	 * how long one delivery may take, how many messages may wait */
	char mail_command[512];
	char mail_from[255];
	unsigned mail_timeout_s;
	unsigned mail_queue_max;
	/* password reset (ops/reset.c): how long a reset token works */
	uint64_t reset_token_ttl_s;
	/* invitations and email verification (ops/invite.c, ops/me_email.c):
	 * how long their tokens work */
	uint64_t invite_token_ttl_s;
	uint64_t verify_token_ttl_s;
	/* sign-in tokens (ops/signin*.c): how long an access and a refresh
	 * token work, and how many live sign-ins a user may hold */
	uint64_t access_token_ttl_s;
	uint64_t refresh_token_ttl_s;
	unsigned max_signins_per_user;
	/* the tz database a profile's timezone must be found in
	 * (ops/profile.h) */
	char zoneinfo_dir[PATH_MAX];
	/* days a finalized tenant's records are kept before TENANT_PURGE
	 * may remove them */
	unsigned retention_days;
	/* SSH public keys one user may hold (store/sshkey.h) */
	unsigned max_ssh_keys_per_user;
	/* API keys (ops/apikey*.c): live keys a user may hold; and how
	 * often counted key uses are written (store/usage.c) */
	unsigned max_api_keys_per_user;
	unsigned usage_flush_s;
	/* home directories and what was read (issue 10, ops): create a
	 * missing home at session open (ops/home_make.h), with this mode,
	 * from this skeleton; the files the settings came from, each
	 * followed by '\n' (STATUS shows them) */
	int home_create;
	unsigned home_mode;
	char skel_dir[PATH_MAX];
	char config_files[AD_CONFIG_FILES_MAX];
	/* issue 10: the host's list of login shells, which default_shell and
	 * every shell set must be in.  Not a key: NULL is /etc/shells;
	 * tests set their own */
	const char *shells_file;
};

#define AD_NO_GID UINT32_MAX

/* Fill with the embedded defaults. */
void ad_config_defaults(struct ad_config *cfg);

/* Where a load's errors go: report(arg, "FILE:LINE: what") for each, in
 * the order found; count is how many there were. */
struct ad_config_errors {
	void (*report)(void *arg, const char *msg);
	void *arg;
	unsigned count;
};

/*
 * Read path, then its drop-ins, over cfg (which holds defaults or earlier
 * values).  On any error returns -1, leaves cfg untouched and reports
 * every error it found to errs.  A missing file is an error only when
 * required is nonzero; a missing drop-in directory is never one.
 */
int ad_config_read(struct ad_config *cfg, const char *path, int required,
		   struct ad_config_errors *errs);

/* ad_config_read with the errors in err, one a line ('\n' between),
 * truncated to errlen. */
int ad_config_load(struct ad_config *cfg, const char *path, int required,
		   char *err, size_t errlen);

/* Every key with its effective value, one "key = value" line each, in
 * the parser's order (accountsd --print-config; config_print.c). */
void ad_config_print(FILE *out, const struct ad_config *cfg);

#endif
