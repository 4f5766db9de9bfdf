/*
 * accountsctl - the admin CLI of accountsd.
 *
 *   accountsctl [--socket PATH] [--json] [--timeout MS] NOUN [VERB] ARGS...
 *
 * main() parses the global options, finds the verb in the table below,
 * parses its arguments against the verb's row (positional count, allowed
 * options) and runs its handler.  Every outcome maps to one exit code; see
 * enum ctl_exit and accountsctl(8).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define B(o) CTL_OPT_BIT(CTL_OPT_##o)
#define PROFILE_OPTS                                                           \
	(B(ROLE) | B(EMAIL) | B(SHELL) | B(HOME) | SELF_PROFILE_OPTS)
#define PROFILE_SYNOPSIS                                                       \
	"[--given-name NAME] [--family-name NAME] [--avatar-url URL] "         \
	"[--bio TEXT] [--timezone ZONE] [--locale LOCALE]"
/* what a user may change of itself: `me profile` */
#define SELF_PROFILE_OPTS                                                      \
	(B(DISPLAY_NAME) | B(GIVEN_NAME) | B(FAMILY_NAME) | B(AVATAR_URL) |    \
	 B(BIO) | B(TIMEZONE) | B(LOCALE))

/* plans and budgets (issue 9) */
#define PLAN_LIMIT_OPTS (B(SEATS) | B(SESSIONS) | B(KEYS) | B(USAGE))
#define PLAN_OPTS (PLAN_LIMIT_OPTS | B(TRIAL_DAYS))

static int cmd_help(const struct ctl_env *env, const struct ctl_args *a);

/*
 * The verb table: noun, verb, synopsis, summary, names of the positional
 * arguments, their minimum and maximum count, allowed verb options (global
 * options are always allowed), handler.
 */
/* clang-format off */
static const struct ctl_verb verbs[] = {
	{"status", NULL, "", "show the daemon's health, version and size",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_status},

	{"tenant", "create", "SLUG [--name NAME]", "create a tenant",
	 {"SLUG", NULL}, 1, 1, B(NAME), ctl_cmd_tenant_create},
	{"tenant", "list", "", "list all tenants",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_tenant_list},
	{"tenant", "show", "[SLUG]",
	 "show one tenant (no SLUG: your own)",
	 {"SLUG", NULL}, 0, 1, 0, ctl_cmd_tenant_show},
	{"tenant", "update", "[SLUG] [--name NAME] [--app-passwords on|off]",
	 "change a tenant's display name (empty NAME clears it), or whether "
	 "its users may log in with API keys",
	 {"SLUG", NULL}, 0, 1, B(NAME) | B(APP_PASSWORDS),
	 ctl_cmd_tenant_update},
	{"tenant", "suspend", "SLUG --reason TEXT",
	 "suspend a tenant: its users can no longer log in",
	 {"SLUG", NULL}, 1, 1, B(REASON), ctl_cmd_tenant_suspend},
	{"tenant", "reactivate", "SLUG [--reason TEXT]",
	 "reactivate a suspended tenant",
	 {"SLUG", NULL}, 1, 1, B(REASON), ctl_cmd_tenant_reactivate},
	{"tenant", "deprovision", "SLUG --reason TEXT",
	 "start removing a tenant: ends its sessions and access",
	 {"SLUG", NULL}, 1, 1, B(REASON), ctl_cmd_tenant_deprovision},
	{"tenant", "finalize", "SLUG",
	 "finish deprovisioning: its users and groups stop resolving",
	 {"SLUG", NULL}, 1, 1, 0, ctl_cmd_tenant_finalize},
	{"tenant", "signup", "SLUG --owner LOGIN --email EMAIL [--name NAME]",
	 "create a tenant and its first owner, both or neither",
	 {"SLUG", NULL}, 1, 1, B(OWNER) | B(EMAIL) | B(NAME),
	 ctl_cmd_tenant_signup},
	{"tenant", "rename", "SLUG NEW --reason TEXT",
	 "give a tenant a new slug; its groups' names follow",
	 {"SLUG", "NEW"}, 2, 2, B(REASON), ctl_cmd_tenant_rename},
	{"tenant", "purge", "SLUG",
	 "remove a deprovisioned tenant's records after retention_days",
	 {"SLUG", NULL}, 1, 1, 0, ctl_cmd_tenant_purge},

	{"user", "create",
	 "LOGIN [--tenant SLUG] [--role ROLE] [--display-name NAME] "
	 "[--email EMAIL] [--shell PATH] [--home PATH] [--password-stdin] "
	 PROFILE_SYNOPSIS " [--override]",
	 "create a user in a tenant (and set its password)",
	 {"LOGIN", NULL}, 1, 1, B(TENANT) | PROFILE_OPTS | B(PASSWORD_STDIN)
	 | B(OVERRIDE),
	 ctl_cmd_user_create},
	{"user", "passwd", "LOGIN --password-stdin",
	 "set a user's password, read as one line from standard input",
	 {"LOGIN", NULL}, 1, 1, B(PASSWORD_STDIN), ctl_cmd_user_passwd},
	{"user", "list", "[--tenant SLUG]",
	 "list users, optionally of a tenant",
	 {NULL, NULL}, 0, 0, B(TENANT), ctl_cmd_user_list},
	{"user", "show", "LOGIN", "show one user",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_user_show},
	{"user", "update",
	 "LOGIN [--role ROLE] [--display-name NAME] [--email EMAIL] "
	 "[--shell PATH] [--home PATH] " PROFILE_SYNOPSIS,
	 "change a user (an empty value clears a name, email or profile "
	 "field)",
	 {"LOGIN", NULL}, 1, 1, PROFILE_OPTS, ctl_cmd_user_update},
	{"user", "delete", "LOGIN [--remove-home]",
	 "delete a user (its uid is never reused), and its home if asked",
	 {"LOGIN", NULL}, 1, 1, B(REMOVE_HOME), ctl_cmd_user_delete},
	{"user", "disable", "LOGIN [--reason TEXT]",
	 "disable a user: it still resolves but cannot log in",
	 {"LOGIN", NULL}, 1, 1, B(REASON), ctl_cmd_user_disable},
	{"user", "enable", "LOGIN [--override]",
	 "enable a disabled or pending user",
	 {"LOGIN", NULL}, 1, 1, B(OVERRIDE), ctl_cmd_user_enable},
	{"user", "deactivate", "LOGIN [--reason TEXT]",
	 "deactivate a user: it cannot log in until reactivated",
	 {"LOGIN", NULL}, 1, 1, B(REASON), ctl_cmd_user_deactivate},
	{"user", "reactivate", "LOGIN [--override]",
	 "let a deactivated user in again",
	 {"LOGIN", NULL}, 1, 1, B(OVERRIDE), ctl_cmd_user_reactivate},
	{"user", "unlock", "LOGIN",
	 "lift a lockout after failed logins and reset the count",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_user_unlock},
	{"user", "reset", "LOGIN",
	 "mail the user a single-use token to set a new password with",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_user_reset},
	{"user", "invite",
	 "EMAIL --login LOGIN [--tenant SLUG] [--role ROLE] "
	 "[--display-name NAME] [--override]",
	 "invite someone: a pending user whose token is mailed (and shown "
	 "once)",
	 {"EMAIL", NULL}, 1, 1,
	 B(LOGIN) | B(TENANT) | B(ROLE) | B(DISPLAY_NAME) | B(OVERRIDE),
	 ctl_cmd_user_invite},
	{"user", "import", "FILE|- [--override] [--skip-existing]",
	 "create users from lines login:tenant[:role[:display name[:email]]]",
	 {"FILE", NULL}, 1, 1, B(OVERRIDE) | B(SKIP_EXISTING),
	 ctl_cmd_user_import},

	{"role", "list", "[--tenant SLUG]",
	 "list the built-in roles and a tenant's own",
	 {NULL, NULL}, 0, 0, B(TENANT), ctl_cmd_role_list},
	{"role", "show", "NAME [--tenant SLUG]", "show one role",
	 {"NAME", NULL}, 1, 1, B(TENANT), ctl_cmd_role_show},
	{"role", "create",
	 "NAME [--tenant SLUG] --rank N [--permissions P,P...]",
	 "define a custom role: its place (1-39) and permissions",
	 {"NAME", NULL}, 1, 1, B(TENANT) | B(RANK) | B(PERMISSIONS),
	 ctl_cmd_role_create},
	{"role", "delete", "NAME [--tenant SLUG]",
	 "delete a custom role nobody holds",
	 {"NAME", NULL}, 1, 1, B(TENANT), ctl_cmd_role_delete},
	{"role", "grant", "NAME P[,P...] [--tenant SLUG]",
	 "give a custom role permissions",
	 {"NAME", "PERMISSIONS"}, 2, 2, B(TENANT), ctl_cmd_role_grant},
	{"role", "revoke", "NAME P[,P...] [--tenant SLUG]",
	 "take permissions from a custom role",
	 {"NAME", "PERMISSIONS"}, 2, 2, B(TENANT), ctl_cmd_role_revoke},

	{"group", "create", "SLUG NAME", "create the group SLUG-NAME",
	 {"SLUG", "NAME"}, 2, 2, 0, ctl_cmd_group_create},
	{"group", "list", "[--tenant SLUG]",
	 "list groups, optionally of a tenant",
	 {NULL, NULL}, 0, 0, B(TENANT), ctl_cmd_group_list},
	{"group", "show", "GROUP", "show a group and its members",
	 {"GROUP", NULL}, 1, 1, 0, ctl_cmd_group_show},
	{"group", "add-member", "GROUP LOGIN", "add a user to a group",
	 {"GROUP", "LOGIN"}, 2, 2, 0, ctl_cmd_group_add_member},
	{"group", "remove-member", "GROUP LOGIN", "remove a user from a group",
	 {"GROUP", "LOGIN"}, 2, 2, 0, ctl_cmd_group_remove_member},
	{"group", "delete", "GROUP", "delete a group",
	 {"GROUP", NULL}, 1, 1, 0, ctl_cmd_group_delete},

	{"reset", NULL, "",
	 "set a new password with a mailed reset token (token, then "
	 "password, on standard input)",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_reset},
	{"invite", "accept", "",
	 "accept an invitation: token, then your new password, on "
	 "standard input",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_invite_accept},
	{"me", "show", "", "show your own account (as a directory user)",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_me_show},
	{"me", "profile", "[--display-name NAME] " PROFILE_SYNOPSIS,
	 "change your own profile (an empty value clears a field)",
	 {NULL, NULL}, 0, 0, SELF_PROFILE_OPTS, ctl_cmd_me_profile},
	{"me", "password", "",
	 "change your password (current and new: one line each on stdin)",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_me_password},
	{"me", "email", "NEW | verify",
	 "change your email (password on stdin) or verify it (its token on "
	 "stdin)",
	 {"NEW", NULL}, 1, 1, 0, ctl_cmd_me_email},
	{"me", "disable", "",
	 "disable your account and end its sessions (password on stdin)",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_me_disable},

	{"session", "list", "[--user LOGIN | --tenant SLUG]",
	 "list live sessions, optionally of a user or a tenant",
	 {NULL, NULL}, 0, 0, B(USER) | B(TENANT), ctl_cmd_session_list},
	{"session", "revoke", "ID",
	 "end a session: its process gets SIGTERM, then SIGKILL",
	 {"ID", NULL}, 1, 1, 0, ctl_cmd_session_revoke},

	{"login", NULL, "LOGIN",
	 "sign in as a user (password on standard input): an access and a "
	 "refresh token, printed or written to --token-file",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_login},
	{"refresh", NULL, "",
	 "renew a sign-in: its refresh token from --token-file (rewritten) "
	 "or standard input",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_refresh},
	{"logout", NULL, "",
	 "end a sign-in: its token from --token-file or standard input",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_logout},

	{"audit", "list",
	 "[--tenant SLUG] [--actor ACTOR] [--action ACTION] [--since TIME] "
	 "[--until TIME] [--limit N]",
	 "the newest audit records (default 100), oldest first",
	 {NULL, NULL}, 0, 0,
	 B(TENANT) | B(ACTOR) | B(ACTION) | B(SINCE) | B(UNTIL) | B(LIMIT),
	 ctl_cmd_audit_list},
	{"audit", "verify", "",
	 "check the whole audit chain now; exit 1 when it is broken",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_audit_verify},

	/* SSH public keys: verbs of two words ("key ssh add") */
	{"key", "ssh add", "LOGIN",
	 "add an SSH public key (one line, as in a .pub file, on standard "
	 "input) to a user",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_key_ssh_add},
	{"key", "ssh list", "LOGIN",
	 "list a user's SSH keys with their SHA256 fingerprints",
	 {"LOGIN", NULL}, 1, 1, 0, ctl_cmd_key_ssh_list},
	{"key", "ssh remove", "LOGIN FINGERPRINT",
	 "remove one of a user's SSH keys, named by its fingerprint",
	 {"LOGIN", "FINGERPRINT"}, 2, 2, 0, ctl_cmd_key_ssh_remove},
	/* plans, subscriptions and budgets (issue 9) */
	{"plan", "create",
	 "NAME [--seats N] [--sessions N] [--keys N] [--usage N] "
	 "[--trial-days D]",
	 "define a plan: default budgets (left out: unlimited) and a trial",
	 {"NAME", NULL}, 1, 1, PLAN_OPTS, ctl_cmd_plan_create},
	{"plan", "list", "", "list the plans",
	 {NULL, NULL}, 0, 0, 0, ctl_cmd_plan_list},
	{"plan", "show", "NAME", "show a plan and how many tenants use it",
	 {"NAME", NULL}, 1, 1, 0, ctl_cmd_plan_show},
	{"plan", "update",
	 "NAME [--seats N] [--sessions N] [--keys N] [--usage N] "
	 "[--trial-days D]",
	 "change a plan's budgets (N or unlimited) or trial days",
	 {"NAME", NULL}, 1, 1, PLAN_OPTS, ctl_cmd_plan_update},
	{"plan", "delete", "NAME", "delete a plan no tenant uses",
	 {"NAME", NULL}, 1, 1, 0, ctl_cmd_plan_delete},
	{"tenant", "plan", "SLUG PLAN [--trial-ends TIME]",
	 "put a tenant on a plan: a trial when it has trial days, else "
	 "active",
	 {"SLUG", "PLAN"}, 2, 2, B(TRIAL_ENDS), ctl_cmd_tenant_plan},
	{"tenant", "subscribe", "SLUG [--period-ends TIME]",
	 "make a tenant's subscription active (default: for 30 days)",
	 {"SLUG", NULL}, 1, 1, B(PERIOD_ENDS), ctl_cmd_tenant_subscribe},
	{"tenant", "cancel", "SLUG",
	 "cancel a subscription: usable until its trial or period ends",
	 {"SLUG", NULL}, 1, 1, 0, ctl_cmd_tenant_cancel},
	{"budget", "set",
	 "SLUG [--seats N] [--sessions N] [--keys N] [--usage N] "
	 "[--policy block|override]",
	 "override a tenant's plan budgets (N, unlimited, or plan to go "
	 "back to the plan's)",
	 {"SLUG", NULL}, 1, 1, PLAN_LIMIT_OPTS | B(POLICY),
	 ctl_cmd_budget_set},
	{"budget", "show", "SLUG",
	 "show a tenant's budgets: limit, used, and where the limit comes "
	 "from",
	 {"SLUG", NULL}, 1, 1, 0, ctl_cmd_budget_show},
	{"key", "issue",
	 "LOGIN --scope S [--scope S ...] [--expires DURATION] [--name NAME] "
	 "[--override]",
	 "issue an API key to a user; it is printed once",
	 {"LOGIN", NULL}, 0, 1, B(SCOPE) | B(EXPIRES) | B(NAME) | B(OVERRIDE),
	 ctl_cmd_key_issue},
	{"key", "list", "[LOGIN] [--tenant SLUG]",
	 "list API keys: yours, a user's, or a tenant's (never a secret)",
	 {"LOGIN", NULL}, 0, 1, B(TENANT), ctl_cmd_key_list},
	{"key", "revoke", "PREFIX",
	 "revoke an API key (acd_key_...): it stops working at once",
	 {"PREFIX", NULL}, 1, 1, 0, ctl_cmd_key_revoke},
	{"key", "usage", "PREFIX",
	 "an API key's uses and its last use",
	 {"PREFIX", NULL}, 1, 1, 0, ctl_cmd_key_usage},
	{"tenant", "usage", "[SLUG] [--month YYYY-MM]",
	 "a tenant's usage units of a month and its API key uses",
	 {"SLUG", NULL}, 0, 1, B(MONTH), ctl_cmd_tenant_usage},
	{"usage", "record", "SLUG UNITS [--override]",
	 "add usage units (1-1000000) to a tenant's current month",
	 {"SLUG", "UNITS"}, 2, 2, B(OVERRIDE), ctl_cmd_usage_record},
	/* help (issue 10): three words for "help key ssh add" */
	{"help", NULL, "[COMMAND [VERB]]",
	 "show help: every command, one command's verbs, or one verb",
	 {"COMMAND", "VERB", "WORD"}, 0, 3, 0, cmd_help},
	/* backup, restore, export and import (issue 10) */
	{"backup", NULL, "FILE [--force]",
	 "a consistent copy of the whole directory into FILE (mode 0600; "
	 "root only: it holds every password hash)",
	 {"FILE", NULL}, 1, 1, B(FORCE), ctl_cmd_backup},
	{"export", NULL, "[FILE] [--tenant SLUG]",
	 "tenants, users (with password hashes), groups and members as "
	 "JSON Lines to FILE (mode 0600) or stdout (root only)",
	 {"FILE", NULL}, 0, 1, B(TENANT), ctl_cmd_export},
	{"import", NULL, "FILE",
	 "write an export back: every tenant, user and group with its own "
	 "ids and password hashes, all or nothing (root only)",
	 {"FILE", NULL}, 1, 1, 0, ctl_cmd_import},
};
/* clang-format on */

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

static const struct ctl_verbs table = {verbs, NVERBS};

/* ---- dispatch ---- */

static bool noun_known(const char *noun)
{
	for (size_t k = 0; k < NVERBS; k++)
		if (strcmp(verbs[k].noun, noun) == 0)
			return true;
	return false;
}

/* The verb for noun (and name, unless the noun is itself the verb). */
static const struct ctl_verb *find_verb(const char *noun, const char *name)
{
	for (size_t k = 0; k < NVERBS; k++)
		if (strcmp(verbs[k].noun, noun) == 0 &&
		    (verbs[k].name == NULL ||
		     (name != NULL && strcmp(verbs[k].name, name) == 0)))
			return &verbs[k];
	return NULL;
}

/* Is word the first of a two-word verb of noun ("ssh" of "ssh add")? */
static bool verb_prefix(const char *noun, const char *word)
{
	size_t n = strlen(word);

	for (size_t k = 0; k < NVERBS; k++)
		if (strcmp(verbs[k].noun, noun) == 0 && verbs[k].name &&
		    strncmp(verbs[k].name, word, n) == 0 &&
		    verbs[k].name[n] == ' ')
			return true;
	return false;
}

static bool noun_has_verbs(const char *noun)
{
	const struct ctl_verb *v = find_verb(noun, NULL);

	return v == NULL || v->name != NULL;
}

/* "create, list, show" for the "missing verb" hint. */
static void verb_names(const char *noun, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < NVERBS && used < size; k++)
		if (strcmp(verbs[k].noun, noun) == 0 && verbs[k].name)
			used += (size_t)snprintf(buf + used, size - used,
						 "%s%s", used ? ", " : "",
						 verbs[k].name);
}

/* Fill env from the global options.  0 or exit 2. */
static int apply_globals(struct ctl_env *env, const struct ctl_args *a)
{
	const char *t = a->opt[CTL_OPT_TIMEOUT];

	env->json = a->opt[CTL_OPT_JSON] != NULL;
	if (a->opt[CTL_OPT_SOCKET] != NULL && a->opt[CTL_OPT_SOCKET][0] == 0)
		return ctl_usage(env, "--socket needs a path");
	if (a->opt[CTL_OPT_TOKEN_FILE] != NULL &&
	    a->opt[CTL_OPT_TOKEN_FILE][0] == 0)
		return ctl_usage(env, "--token-file needs a path");
	env->token_file = a->opt[CTL_OPT_TOKEN_FILE];
	if (a->opt[CTL_OPT_API_KEY_FILE] != NULL &&
	    a->opt[CTL_OPT_API_KEY_FILE][0] == 0)
		return ctl_usage(env, "--api-key-file needs a path");
	if (a->opt[CTL_OPT_API_KEY_FILE] != NULL && env->token_file != NULL)
		return ctl_usage(env, "--api-key-file and --token-file "
				      "exclude each other");
	env->api_key_file = a->opt[CTL_OPT_API_KEY_FILE];
	env->socket = acct_socket_path(a->opt[CTL_OPT_SOCKET]);
	if (t != NULL) {
		char *end;
		long v;

		errno = 0;
		v = strtol(t, &end, 10);
		if (errno != 0 || end == t || *end != '\0' || v < 1 ||
		    v > INT_MAX)
			return ctl_usage(env,
					 "--timeout wants milliseconds "
					 "(1-%d), not '%s'",
					 INT_MAX, t);
		env->timeout_ms = (int)v;
		env->timeout_given = true;
	}
	return 0;
}

/* An unknown noun (noun NULL) or verb of noun, with the closest known
 * word if one is near. */
static int unknown_word(struct ctl_env *env, const char *noun,
			const char *first, const char *typed, const char *names)
{
	char near[64], what[64];

	snprintf(what, sizeof(what), "%s%s", noun ? noun : "command",
		 noun ? " verb" : "");
	if (ctl_suggest(&table, noun, first, typed, near, sizeof(near)) == NULL)
		return ctl_usage(env, "unknown %s '%s%s%s'%s%s%s", what,
				 first ? first : "", first ? " " : "", typed,
				 names ? " (" : "", names ? names : "",
				 names ? ")" : "");
	return ctl_usage(env, "unknown %s '%s%s%s'; did you mean '%s%s%s'?",
			 what, first ? first : "", first ? " " : "", typed,
			 first ? first : "", first ? " " : "", near);
}

/* A positional argument past what the verb takes (the rule of every
 * verb, from its row's max_pos): named, with the verb's synopsis. */
static int extra_argument(struct ctl_env *env, const struct ctl_verb *v,
			  const char *arg)
{
	return ctl_usage(
		env, "unexpected argument '%s'; usage: " CTL_PROG " %s%s%s%s%s",
		arg, v->noun, v->name ? " " : "", v->name ? v->name : "",
		v->synopsis[0] ? " " : "", v->synopsis);
}

/* help [COMMAND [VERB [WORD]]]: like --help, for the words given. */
static int cmd_help(const struct ctl_env *env, const struct ctl_args *a)
{
	struct ctl_env e = *env;
	const struct ctl_verb *v, *self = find_verb("help", NULL);
	const char *noun = a->pos[0];
	char words[64];

	e.verb = NULL;
	e.noun = NULL;
	if (a->npos == 0) {
		ctl_help_commands(env->out, &table, NULL);
		return CTL_EXIT_OK;
	}
	if (!noun_known(noun))
		return unknown_word(&e, NULL, NULL, noun, NULL);
	e.noun = noun;
	v = find_verb(noun, NULL);
	if (v != NULL && v->name == NULL) { /* the noun is the verb */
		if (a->npos > 1)
			return extra_argument(&e, self, a->pos[1]);
	} else if (a->npos == 1 ||
		   (a->npos == 2 && find_verb(noun, a->pos[1]) == NULL &&
		    verb_prefix(noun, a->pos[1]))) {
		ctl_help_commands(env->out, &table, noun);
		return CTL_EXIT_OK;
	} else if (a->npos == 3 && verb_prefix(noun, a->pos[1])) {
		snprintf(words, sizeof(words), "%s %s", a->pos[1], a->pos[2]);
		v = find_verb(noun, words);
		if (v == NULL)
			return unknown_word(&e, noun, a->pos[1], a->pos[2],
					    NULL);
	} else {
		v = find_verb(noun, a->pos[1]);
		if (v == NULL)
			return unknown_word(&e, noun, NULL, a->pos[1], NULL);
		if (a->npos == 3)
			return extra_argument(&e, self, a->pos[2]);
	}
	ctl_help_verb(env->out, v);
	return CTL_EXIT_OK;
}

/* The noun and verb words of argv from *i on: the row, or an exit code
 * (usage error, or help shown) in *rc. */
static const struct ctl_verb *pick_verb(int argc, const char *const *argv,
					int *i, struct ctl_env *env, int *rc)
{
	const struct ctl_verb *v;
	const char *noun, *name = NULL;
	char names[256] = "", words[64];

	noun = argv[(*i)++];
	if (!noun_known(noun)) {
		*rc = unknown_word(env, NULL, NULL, noun, NULL);
		return NULL;
	}
	env->noun = noun;
	if (noun_has_verbs(noun)) {
		verb_names(noun, names, sizeof(names));
		if (*i >= argc) {
			*rc = ctl_usage(env, "missing %s verb (%s)", noun,
					names);
			return NULL;
		}
		name = argv[(*i)++];
		if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
			ctl_help_commands(env->out, &table, noun);
			*rc = CTL_EXIT_OK;
			return NULL;
		}
	}
	/* a verb of two words ("key ssh add"): its second word is next */
	if (name != NULL && find_verb(noun, name) == NULL &&
	    verb_prefix(noun, name)) {
		if (*i >= argc || argv[*i][0] == '-') {
			*rc = ctl_usage(env, "missing %s %s verb (%s)", noun,
					name, names);
			return NULL;
		}
		snprintf(words, sizeof(words), "%s %s", name, argv[*i]);
		v = find_verb(noun, words);
		if (v == NULL)
			*rc = unknown_word(env, noun, name, argv[*i], names);
		else
			(*i)++;
		return v;
	}
	v = find_verb(noun, name);
	if (v == NULL)
		*rc = unknown_word(env, noun, NULL, name, names);
	return v;
}

static int run(int argc, const char *const *argv, struct ctl_env *env)
{
	struct ctl_args a;
	const struct ctl_verb *v;
	char err[256];
	int i = 1, rc = CTL_EXIT_USAGE;

	/* hidden: the words the bash completion offers (accountsctl.bash) */
	if (argc >= 3 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "--complete") == 0) {
		ctl_complete(env->out, &table, argc - 3, argv + 3);
		return CTL_EXIT_OK;
	}
	memset(&a, 0, sizeof(a));
	if (ctl_parse_args(argc, argv, &i,
			   CTL_GLOBAL_OPTS | CTL_OPT_BIT(CTL_OPT_VERSION), 0,
			   &a, err, sizeof(err)) != 0)
		return ctl_usage(env, "%s", err);
	if (a.opt[CTL_OPT_HELP] != NULL) {
		ctl_help_commands(env->out, &table, NULL);
		return CTL_EXIT_OK;
	}
	if (a.opt[CTL_OPT_VERSION] != NULL) {
		fprintf(env->out,
			CTL_PROG " (accountsd) " PACKAGE_VERSION "\n");
		return CTL_EXIT_OK;
	}
	if (i >= argc)
		return ctl_usage(env, "missing command (status, tenant, user "
				      "or group; see '" CTL_PROG " help')");
	v = pick_verb(argc, argv, &i, env, &rc);
	if (v == NULL)
		return rc;
	env->verb = v;
	if (ctl_parse_args(argc, argv, &i, v->opts | CTL_GLOBAL_OPTS,
			   v->max_pos, &a, err, sizeof(err)) != 0)
		return a.extra != NULL ? extra_argument(env, v, a.extra)
				       : ctl_usage(env, "%s", err);
	if (i < argc) /* a verb without positionals: the parse stopped */
		return extra_argument(env, v, argv[i]);
	if (a.opt[CTL_OPT_HELP] != NULL) {
		ctl_help_verb(env->out, v);
		return CTL_EXIT_OK;
	}
	if ((rc = apply_globals(env, &a)) != 0)
		return rc;
	env->budget_override = a.opt[CTL_OPT_OVERRIDE] != NULL;
	if (a.npos < v->min_pos)
		return ctl_usage(env, "missing %s", v->posname[a.npos]);
	return v->run(env, &a);
}

int main(int argc, char **argv)
{
	struct ctl_env env;
	int rc;

	memset(&env, 0, sizeof(env));
	env.out = stdout;
	env.err = stderr;
	env.timeout_ms = ACCT_CTL_TIMEOUT_MS;
	env.socket = acct_socket_path(NULL);
	/* Errors found before --json is parsed are still formatted for it. */
	env.json = ctl_wants_json(argc, (const char *const *)argv);
	rc = run(argc, (const char *const *)argv, &env);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, CTL_PROG ": cannot write output: %s\n",
			strerror(errno));
		if (rc == CTL_EXIT_OK)
			rc = CTL_EXIT_LOCAL;
	}
	return rc;
}
