/*
 * ctl.h - accountsctl internals: the parsed command line, the verb table
 * entry, reporting of errors with the documented exit codes, and the verb
 * handlers.
 *
 * The only state is what the command line says (struct ctl_env and struct
 * ctl_args), passed down explicitly; nothing is global.
 */
#ifndef CTL_H
#define CTL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "acct_client.h"
#include "acct_proto.h" /* ACCT_MAX_PASSWORD */
#include "ctl_output.h"
#include "ctl_record.h"

#define CTL_PROG "accountsctl"

/* Exit codes (documented in accountsctl(8)). */
enum ctl_exit {
	CTL_EXIT_OK = 0,
	CTL_EXIT_REFUSED = 1,	  /* the daemon said no (any non-OK status) */
	CTL_EXIT_USAGE = 2,	  /* bad command line or input file */
	CTL_EXIT_UNREACHABLE = 3, /* no daemon, timeout or protocol error */
	CTL_EXIT_LOCAL = 4,	  /* out of memory, cannot write output */
};

/* Options.  The verb options come first: a verb allows a set of them. */
enum ctl_opt {
	CTL_OPT_NAME,
	CTL_OPT_TENANT,
	CTL_OPT_ROLE,
	CTL_OPT_DISPLAY_NAME,
	CTL_OPT_EMAIL,
	CTL_OPT_SHELL,
	CTL_OPT_HOME,
	CTL_OPT_REASON,
	CTL_OPT_PASSWORD_STDIN,
	CTL_OPT_USER,
	CTL_OPT_RANK,
	CTL_OPT_PERMISSIONS,
	CTL_OPT_ACTOR,
	CTL_OPT_ACTION,
	CTL_OPT_SINCE,
	CTL_OPT_UNTIL,
	CTL_OPT_LIMIT,
	/* the profile (user create|update, me profile) */
	CTL_OPT_GIVEN_NAME,
	CTL_OPT_FAMILY_NAME,
	CTL_OPT_AVATAR_URL,
	CTL_OPT_BIO,
	CTL_OPT_TIMEZONE,
	CTL_OPT_LOCALE,
	CTL_OPT_OWNER,
	CTL_OPT_REMOVE_HOME,
	CTL_OPT_LOGIN, /* user invite: the new user's login */
	/* plans, subscriptions and budgets (issue 9) */
	CTL_OPT_SEATS,
	CTL_OPT_SESSIONS,
	CTL_OPT_KEYS,
	CTL_OPT_USAGE,
	CTL_OPT_TRIAL_DAYS,
	CTL_OPT_TRIAL_ENDS,
	CTL_OPT_PERIOD_ENDS,
	CTL_OPT_POLICY,
	CTL_OPT_OVERRIDE,
	/* API keys and usage (issue 9) */
	CTL_OPT_SCOPE, /* key issue: repeatable (struct ctl_args.scope) */
	CTL_OPT_EXPIRES,
	CTL_OPT_MONTH,
	CTL_OPT_APP_PASSWORDS,
	/* backup, export and import (issue 10) */
	CTL_OPT_FORCE,
	CTL_OPT_SKIP_EXISTING,
	/* global: accepted before the verb and among its arguments */
	CTL_OPT_SOCKET,
	CTL_OPT_JSON,
	CTL_OPT_TIMEOUT,
	CTL_OPT_TOKEN_FILE,
	CTL_OPT_API_KEY_FILE,
	CTL_OPT_HELP,
	/* only before the verb */
	CTL_OPT_VERSION,
	CTL_OPT__COUNT
};

#define CTL_OPT_BIT(o) ((uint64_t)1 << (o))
_Static_assert(CTL_OPT__COUNT <= 64, "options are bits of a uint64_t");
#define CTL_GLOBAL_OPTS                                                        \
	(CTL_OPT_BIT(CTL_OPT_SOCKET) | CTL_OPT_BIT(CTL_OPT_JSON) |             \
	 CTL_OPT_BIT(CTL_OPT_TIMEOUT) | CTL_OPT_BIT(CTL_OPT_TOKEN_FILE) |      \
	 CTL_OPT_BIT(CTL_OPT_API_KEY_FILE) | CTL_OPT_BIT(CTL_OPT_HELP))

struct ctl_optdef {
	const char *name; /* without the leading "--" */
	enum ctl_opt id;
	const char *metavar; /* NULL: a flag without a value */
	const char *help;
};

/* The definition of an option, by id or by name (NULL if unknown). */
const struct ctl_optdef *ctl_opt_def(enum ctl_opt id);
const struct ctl_optdef *ctl_opt_find(const char *name, size_t len);

/* positionals a verb takes at most (help takes three: key ssh add) */
#define CTL_MAX_POS 3

/* One command line, parsed.  Flags are stored as "" when given. */
#define CTL_MAX_SCOPES 16 /* --scope given this many times at most */

struct ctl_args {
	const char *pos[CTL_MAX_POS];
	unsigned npos;
	const char *opt[CTL_OPT__COUNT];
	/* --scope, which may be repeated: every value, in order */
	const char *scope[CTL_MAX_SCOPES];
	unsigned nscope;
	/* the first positional past max_pos, when the parse failed on it */
	const char *extra;
};

/*
 * Parse argv[*i..argc): "--opt VALUE", "--opt=VALUE", "-h", "--" (the
 * rest is positional) and positionals ("-" alone is one).  Only options
 * in allowed are accepted; a verb option given twice is an error, a
 * global one given twice takes the last value.  With max_pos 0 the parse
 * stops at the first positional (global options before the verb).
 * Returns 0, or -1 with a one-line message in err.  *i ends past what was
 * consumed.
 */
int ctl_parse_args(int argc, const char *const *argv, int *i, uint64_t allowed,
		   unsigned max_pos, struct ctl_args *a, char *err,
		   size_t errlen);

/*
 * Whether argv asks for JSON, to format an error found before the parse
 * got that far.  Skips option values and stops at "--".
 */
bool ctl_wants_json(int argc, const char *const *argv);

struct ctl_verb;

/* Extra members for the JSON error object (e.g. import progress). */
typedef void (*ctl_json_extra)(struct ctl_json *j, const void *arg);

/* What the handlers know of the invocation. */
struct ctl_env {
	const char *socket;
	int timeout_ms;
	bool timeout_given; /* --timeout was on the command line */
	bool json;
	/* --token-file: every request presents its access token (NULL:
	 * none); login, refresh and logout read or write it instead */
	const char *token_file;
	/* --api-key-file: every request presents the API key in it (NULL:
	 * none) */
	const char *api_key_file;
	FILE *out;		     /* results */
	FILE *err;		     /* diagnostics */
	const char *noun;	     /* for usage hints; may be NULL */
	const struct ctl_verb *verb; /* for usage hints; may be NULL */
	/* --override: the request asks to go past a budget whose policy
	 * is override (every request of the verb carries OVERRIDE) */
	bool budget_override;
	ctl_json_extra error_extra; /* adds to JSON error objects */
	const void *error_extra_arg;
};

typedef int (*ctl_handler)(const struct ctl_env *env, const struct ctl_args *a);

/* One row of the verb table. */
struct ctl_verb {
	const char *noun;     /* "user" */
	const char *name;     /* "create"; NULL when the noun is the verb */
	const char *synopsis; /* arguments, as in the usage line */
	const char *summary;  /* one line for --help */
	const char *posname[CTL_MAX_POS]; /* for "missing LOGIN" */
	unsigned min_pos, max_pos;
	uint64_t opts; /* CTL_OPT_BIT set of verb options */
	ctl_handler run;
};

/* The verb table, as the help, suggestions and completion read it. */
struct ctl_verbs {
	const struct ctl_verb *v;
	size_t n;
};

/* ---- help, suggestions, completion (ctl_help.c) ---- */

/* Help for every verb (noun NULL) or for one noun's verbs. */
void ctl_help_commands(FILE *f, const struct ctl_verbs *t, const char *noun);
/* One verb: its synopsis, summary and options. */
void ctl_help_verb(FILE *f, const struct ctl_verb *v);
/*
 * The known word closest to typed (at most 2 edits), in buf, or NULL:
 * a noun (noun NULL), a verb of noun (first NULL), or the second word of
 * noun's two-word verbs that start with first ("key ssh ...").
 */
const char *ctl_suggest(const struct ctl_verbs *t, const char *noun,
			const char *first, const char *typed, char *buf,
			size_t size);
/*
 * The words that may follow words[0..nwords) (the command line after the
 * program's name, without the word being completed), one a line: nouns,
 * verbs, or the verb's options.  Nothing after an option that wants a
 * value: the shell completes files there.
 */
void ctl_complete(FILE *f, const struct ctl_verbs *t, int nwords,
		  const char *const *words);

/* ---- reporting (ctl_report.c): each returns the exit code to use ---- */

/* Bad command line: message plus a "Try ... --help" hint.  Exit 2. */
int ctl_usage(const struct ctl_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The daemon's non-OK reply: "<status message>: <MESSAGE>".  Exit 1. */
int ctl_refused(const struct ctl_env *env, const struct acct_reply *rep);
/* acct_call failed with err.  Exit 3 (4 for ENOMEM). */
int ctl_unreachable(const struct ctl_env *env, int err);
/* A reply that does not say what the protocol promises.  Exit 3. */
int ctl_bad_reply(const struct ctl_env *env, const char *what);
/* Out of memory and the like.  Exit 4. */
int ctl_local_error(const struct ctl_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The general form: "accountsctl: MESSAGE" on stderr and, with --json,
 * {"error":{"status":S,"code":C,"message":M,"exit":E}} on stdout (code
 * null when negative; env->error_extra may add members after "error").
 * Returns exit_code.
 */
int ctl_report(const struct ctl_env *env, int exit_code, const char *status,
	       int code, const char *message);

/* ---- requests and replies (ctl_request.c) ---- */

/*
 * Send req (NULL: empty payload) and wait for the reply.  Returns 0 with
 * *rep holding an OK reply (free it with acct_reply_free), or the exit
 * code after reporting the failure (nothing to free).
 */
int ctl_request(const struct ctl_env *env, uint16_t opcode,
		const struct acct_buf *req, struct acct_reply *rep);

/* As ctl_request, with the descriptor pass_fd sent along (BACKUP). */
int ctl_request_fd(const struct ctl_env *env, uint16_t opcode,
		   const struct acct_buf *req, int pass_fd,
		   struct acct_reply *rep);

/* As ctl_request, for a request that names one object: {NAME: name}, plus
 * {tag: value} when value is not NULL. */
int ctl_request_name(const struct ctl_env *env, uint16_t opcode,
		     const char *name, uint16_t tag, const char *value,
		     struct acct_reply *rep);

/* The rec with tag rec_tag in an OK reply: 0, or an exit code (reported). */
int ctl_reply_rec(const struct ctl_env *env, const struct acct_reply *rep,
		  uint16_t rec_tag, const uint8_t **rec, size_t *len);

/* ---- printing a reply's record (ctl_show.c) ---- */

/* Print one record: a JSON object, or aligned "label: value" lines. */
int ctl_emit_record(const struct ctl_env *env, const struct ctl_schema *s,
		    const uint8_t *rec, size_t len);

/* The `show` verbs: ask opcode for the object called name, print its
 * record (s->rec_tag in the reply).  Returns an exit code. */
int ctl_show_named(const struct ctl_env *env, uint16_t opcode, const char *name,
		   const struct ctl_schema *s);

/* What the reply to a change (create/update/delete) confirms. */
struct ctl_confirm {
	bool printed; /* --json: the record was printed whole; nothing more */
	const uint8_t *rec; /* the record, inside the reply */
	size_t len;
	char name[ACCT_MAX_NAME + 1];
	uint32_t id; /* the id_tag field: uid or gid */
};

/*
 * Take the record (s->rec_tag) of a change's reply.  With --json print it
 * whole as the confirmation; otherwise read its name and id_tag number for
 * the caller's one-line confirmation, or report `lacks` as a bad reply.
 * Returns 0 (see c->printed) or an exit code.
 */
int ctl_confirm_read(const struct ctl_env *env, const struct acct_reply *rep,
		     const struct ctl_schema *s, uint16_t id_tag,
		     const char *lacks, struct ctl_confirm *c);

/* ---- lists (ctl_list.c) ---- */

/* A list being collected, printed whole once complete (so that a failure
 * half way prints only the error, never half a table or array). */
struct ctl_list {
	const struct ctl_schema *schema;
	bool json;
	struct ctl_table table;
	FILE *mem; /* JSON: open_memstream */
	char *membuf;
	size_t memlen;
	struct ctl_json j;
};

int ctl_list_begin(struct ctl_list *l, const struct ctl_env *env,
		   const struct ctl_schema *s);
/* Add every schema rec found at the top level of a reply payload. */
int ctl_list_add(struct ctl_list *l, const uint8_t *payload, size_t len);
/* Print the list; returns an exit code.  Frees nothing. */
int ctl_list_print(struct ctl_list *l, const struct ctl_env *env);
void ctl_list_free(struct ctl_list *l);

/* Add one record (a schema rec's value) to the list.  0, or -1 out of
 * memory. */
int ctl_list_add_rec(struct ctl_list *l, const uint8_t *rec, size_t len);

/* Send req (NULL: empty payload) and print its reply as one whole list of
 * s records (the verbs whose reply is never paged).  An exit code. */
int ctl_request_list(const struct ctl_env *env, uint16_t opcode,
		     const struct acct_buf *req, const struct ctl_schema *s);

/* ---- argument checks (ctl_check.c): 0, or exit 2 after reporting ---- */

int ctl_check_login(const struct ctl_env *env, const char *s);
int ctl_check_slug(const struct ctl_env *env, const char *s);
int ctl_check_group(const struct ctl_env *env, const char *s);
/* Option values; allow_empty for "clear this field" in updates. */
int ctl_check_gecos(const struct ctl_env *env, const char *opt, const char *s,
		    bool allow_empty);
int ctl_check_email(const struct ctl_env *env, const char *s, bool allow_empty);
int ctl_check_path(const struct ctl_env *env, const char *opt, const char *s);
/* --shell: a path, and one /etc/shells lists (when it can be read). */
int ctl_check_shell(const struct ctl_env *env, const char *s);
int ctl_check_role(const struct ctl_env *env, const char *s, uint32_t *role);
/* The profile options given in a (acct_profile.h's rules; empty clears),
 * into req.  0, or exit 2 after reporting. */
int ctl_put_profile_opts(const struct ctl_env *env, const struct ctl_args *a,
			 struct acct_buf *req);
/* Does a give any of them? */
bool ctl_profile_opts_given(const struct ctl_args *a);

/*
 * A time for --since and --until (ctl_time.c): unix seconds
 * ("1796205600"), a UTC date ("2026-12-02": its first second) or a UTC
 * date and time ("2026-12-02T10:00:00Z", "2026-12-02T10:00Z", 'T' or a
 * space between), from 1970 to 9999.  0, or -1 when s is none of them.
 */
int ctl_parse_time(const char *s, uint64_t *out);

/* ---- verb handlers ---- */

int ctl_cmd_status(const struct ctl_env *env, const struct ctl_args *a);

int ctl_cmd_tenant_create(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_update(const struct ctl_env *env, const struct ctl_args *a);

int ctl_cmd_user_create(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_update(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_delete(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_import(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_passwd.c: passwords read from stdin, wiped after sending */
struct ctl_password {
	char buf[ACCT_MAX_PASSWORD + 2]; /* room to see one byte too many */
	size_t len;
};
/* One line from stdin without its newline, never reading past it (so a
 * second call reads the second line): 0, or an exit code.  what names
 * it in messages ("password", "current password"). */
int ctl_password_read(const struct ctl_env *env, struct ctl_password *pw);
int ctl_password_read_as(const struct ctl_env *env, struct ctl_password *pw,
			 const char *what);
/* On a terminal: prompt on stderr, read one line without echo. */
int ctl_password_prompt(const struct ctl_env *env, const char *prompt,
			const char *what, struct ctl_password *pw);
/* One password: prompted for on a terminal, else the next line of
 * stdin (ctl_me.c). */
int ctl_password_get(const struct ctl_env *env, const char *prompt,
		     const char *what, struct ctl_password *pw);
void ctl_password_wipe(struct ctl_password *pw);
/* Set login's password (USER_PASSWD); quiet: no confirmation line. */
int ctl_password_send(const struct ctl_env *env, const char *login,
		      const struct ctl_password *pw, bool quiet);
int ctl_cmd_user_passwd(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_lifecycle.c */
int ctl_cmd_tenant_suspend(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_reactivate(const struct ctl_env *env,
			      const struct ctl_args *a);
int ctl_cmd_tenant_deprovision(const struct ctl_env *env,
			       const struct ctl_args *a);
int ctl_cmd_tenant_finalize(const struct ctl_env *env,
			    const struct ctl_args *a);
int ctl_cmd_user_disable(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_enable(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_user_deactivate(const struct ctl_env *env,
			    const struct ctl_args *a);
int ctl_cmd_user_reactivate(const struct ctl_env *env,
			    const struct ctl_args *a);
/* ctl_tenant_admin.c */
int ctl_cmd_tenant_signup(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_rename(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_purge(const struct ctl_env *env, const struct ctl_args *a);
/* ctl_unlock.c */
int ctl_cmd_user_unlock(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_reset.c: password reset by mail */
int ctl_cmd_user_reset(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_reset(const struct ctl_env *env, const struct ctl_args *a);

/* A mailed token (reset, invitation, verification) and, with it, a new
 * password, as typed or piped in. */
#define CTL_TOKEN_MAX 256 /* longer is no token of ours */
struct ctl_token_input {
	char token[CTL_TOKEN_MAX + 2];
	size_t token_len;
	struct ctl_password pw;
	struct ctl_password again;
};
/* The token from standard input (one line; blanks around it dropped),
 * then, with_password, the new password (one line; on a terminal both
 * are prompted for without echo, prompt first, and the password asked
 * twice).  0, or an exit code (reported; in wiped). */
int ctl_token_read(const struct ctl_env *env, const char *prompt,
		   struct ctl_token_input *in, bool with_password);
void ctl_token_input_wipe(struct ctl_token_input *in);

/* ctl_invite.c: invitations and email change */
int ctl_cmd_user_invite(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_invite_accept(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_me_email(const struct ctl_env *env, const struct ctl_args *a);
/* ctl_me.c: self-service, on the caller's own user */
int ctl_cmd_me_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_me_profile(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_me_password(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_me_disable(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_session.c */
int ctl_cmd_session_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_session_revoke(const struct ctl_env *env, const struct ctl_args *a);

int ctl_cmd_role_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_role_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_role_create(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_role_delete(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_role_grant(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_role_revoke(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_group_create(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_group_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_group_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_group_add_member(const struct ctl_env *env,
			     const struct ctl_args *a);
int ctl_cmd_group_remove_member(const struct ctl_env *env,
				const struct ctl_args *a);
int ctl_cmd_group_delete(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_key_ssh.c: SSH public keys (key ssh add|list|remove) */
int ctl_cmd_key_ssh_add(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_key_ssh_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_key_ssh_remove(const struct ctl_env *env, const struct ctl_args *a);

/* ---- sign-in tokens (ctl_token.c, ctl_signin.c) ---- */

#define CTL_TOKEN_FILE_MAX 4096 /* longer is no token file */
#define CTL_ACCESS_PREFIX "acd_access_"
#define CTL_REFRESH_PREFIX "acd_refresh_"

struct ctl_token {
	char text[CTL_TOKEN_MAX + 1];
	size_t len;
};
void ctl_token_wipe(struct ctl_token *t);

/*
 * The token in buf/len that starts with prefix: a run of base64url
 * characters, so that it is found in what `login` prints, in its --json
 * and alone.  1 found (out), 0 none, -1 two different ones.
 */
int ctl_token_find(const char *buf, size_t len, const char *prefix,
		   struct ctl_token *out);

/* What a verb wants: a token of prefix[0], else of prefix[1] (NULL:
 * none); what names it, prompt asks for it on a terminal. */
struct ctl_token_want {
	const char *prefix[2];
	const char *what;   /* "refresh token" */
	const char *prompt; /* "Refresh token: " */
};

/*
 * The token w wants, from the token file path (a regular file at most
 * CTL_TOKEN_FILE_MAX bytes long that group and others may not open:
 * refused otherwise, as ssh refuses such a key) or from standard input
 * (on a terminal asked for without echo).  0, or an exit code.
 */
int ctl_token_file_read(const struct ctl_env *env, const char *path,
			const struct ctl_token_want *w, struct ctl_token *out);
int ctl_token_stdin_read(const struct ctl_env *env,
			 const struct ctl_token_want *w, struct ctl_token *out);

/* A token file being written: created 0600 beside path, renamed over it
 * once whole (begin before the request, so that a file that cannot be
 * written costs no sign-in). */
struct ctl_token_out {
	const char *path;
	char tmp[PATH_MAX];
	int fd;
	bool created;
};
int ctl_token_file_begin(const struct ctl_env *env, const char *path,
			 struct ctl_token_out *o);
int ctl_token_file_commit(const struct ctl_env *env, struct ctl_token_out *o,
			  const char *text, size_t len);
void ctl_token_file_abort(struct ctl_token_out *o);

int ctl_cmd_login(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_refresh(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_logout(const struct ctl_env *env, const struct ctl_args *a);

/* ---- API keys and usage (ctl_key.c, ctl_usage.c; issue 9) ---- */

#define CTL_KEY_PREFIX "acd_key_"
/* A lifetime like "90d", "12h", "30m", "45s" or plain seconds, from 1 s
 * to ACCT_MAX_KEY_TTL.  0, or -1 when s is none of them. */
int ctl_parse_duration(const char *s, uint64_t *secs);
int ctl_cmd_key_issue(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_key_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_key_revoke(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_key_usage(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_usage(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_usage_record(const struct ctl_env *env, const struct ctl_args *a);

/* backup, restore, export and import (issue 10): ctl_backup.c */
int ctl_cmd_backup(const struct ctl_env *env, const struct ctl_args *a);
/* ctl_export.c */
int ctl_cmd_export(const struct ctl_env *env, const struct ctl_args *a);
/* ctl_import_dir.c */
int ctl_cmd_import(const struct ctl_env *env, const struct ctl_args *a);

/* ctl_audit.c */
int ctl_cmd_audit_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_audit_verify(const struct ctl_env *env, const struct ctl_args *a);

/* ---- plans, subscriptions and budgets (ctl_plan.c, ctl_budget.c) ---- */
/* A budget option's value: N (0 up to max), "unlimited" (*v
 * ACCT_BUDGET_UNLIMITED), or with allow_plan "plan" (*clear true).  0,
 * or exit 2 after reporting. */
int ctl_parse_limit(const struct ctl_env *env, const char *opt, const char *s,
		    uint64_t max, bool allow_plan, uint64_t *v, bool *clear);
/* --trial-ends, --period-ends: RFC 3339 in UTC ("2027-01-31T00:00:00Z")
 * or "@UNIXTIME".  0, or exit 2 after reporting. */
int ctl_parse_when(const struct ctl_env *env, const char *opt, const char *s,
		   uint64_t *out);
int ctl_cmd_plan_create(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_plan_list(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_plan_show(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_plan_update(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_plan_delete(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_plan(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_tenant_subscribe(const struct ctl_env *env,
			     const struct ctl_args *a);
int ctl_cmd_tenant_cancel(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_budget_set(const struct ctl_env *env, const struct ctl_args *a);
int ctl_cmd_budget_show(const struct ctl_env *env, const struct ctl_args *a);

#endif
