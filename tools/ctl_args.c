/* ctl_args.c - the option table and a small command-line parser.
 *
 * Hand-written rather than getopt_long so that the parser keeps no hidden
 * global state, reports errors as data, and lets options and positionals
 * mix freely after the verb ("user create alice --tenant acme"). */
#include <string.h>

#include "ctl.h"

static const struct ctl_optdef optdefs[] = {
	{"name", CTL_OPT_NAME, "NAME", "the tenant's display name"},
	{"tenant", CTL_OPT_TENANT, "SLUG", "the tenant (by slug)"},
	{"role", CTL_OPT_ROLE, "ROLE", "owner, admin, member or viewer"},
	{"display-name", CTL_OPT_DISPLAY_NAME, "NAME", "the user's full name"},
	{"email", CTL_OPT_EMAIL, "EMAIL", "the user's email address"},
	{"shell", CTL_OPT_SHELL, "PATH", "login shell (absolute path)"},
	{"home", CTL_OPT_HOME, "PATH", "home directory (absolute path)"},
	{"reason", CTL_OPT_REASON, "TEXT", "why (recorded and audited)"},
	{"password-stdin", CTL_OPT_PASSWORD_STDIN, NULL,
	 "read the password as one line from standard input"},
	{"user", CTL_OPT_USER, "LOGIN", "the user (by login)"},
	{"rank", CTL_OPT_RANK, "N",
	 "a custom role's place: 1-39 (viewer 10, member 20, admin 30)"},
	{"permissions", CTL_OPT_PERMISSIONS, "P,P",
	 "permissions, comma-separated (user:read, user:manage, ...)"},
	{"actor", CTL_OPT_ACTOR, "ACTOR",
	 "who did it, as the audit log names it (\"uid 0\")"},
	{"action", CTL_OPT_ACTION, "ACTION",
	 "what was done (\"user-disable\")"},
	{"since", CTL_OPT_SINCE, "TIME",
	 "from this time on (unix seconds or ISO 8601 UTC)"},
	{"until", CTL_OPT_UNTIL, "TIME", "before this time (same forms)"},
	{"limit", CTL_OPT_LIMIT, "N", "at most N records (default 100)"},
	{"given-name", CTL_OPT_GIVEN_NAME, "NAME", "the user's given name"},
	{"family-name", CTL_OPT_FAMILY_NAME, "NAME", "the user's family name"},
	{"avatar-url", CTL_OPT_AVATAR_URL, "URL",
	 "a picture of the user (http:// or https://)"},
	{"bio", CTL_OPT_BIO, "TEXT",
	 "a few words about the user (one line, 500 characters)"},
	{"timezone", CTL_OPT_TIMEZONE, "ZONE",
	 "the user's timezone (tz database name: Europe/Paris)"},
	{"locale", CTL_OPT_LOCALE, "LOCALE", "the user's locale (fr_FR.UTF-8)"},
	{"owner", CTL_OPT_OWNER, "LOGIN", "the new tenant's first owner"},
	{"remove-home", CTL_OPT_REMOVE_HOME, NULL,
	 "also remove the home directory (only what the user owns)"},
	{"login", CTL_OPT_LOGIN, "LOGIN", "the new user's login name"},
	/* plans, subscriptions and budgets (issue 9) */
	{"seats", CTL_OPT_SEATS, "N",
	 "users active or invited (a number, unlimited, or plan)"},
	{"sessions", CTL_OPT_SESSIONS, "N",
	 "concurrent PAM sessions (a number, unlimited, or plan)"},
	{"keys", CTL_OPT_KEYS, "N",
	 "live API keys (a number, unlimited, or plan)"},
	{"usage", CTL_OPT_USAGE, "N",
	 "usage units a calendar month (a number, unlimited, or plan)"},
	{"trial-days", CTL_OPT_TRIAL_DAYS, "D",
	 "days of trial a new subscription starts with (0: none)"},
	{"trial-ends", CTL_OPT_TRIAL_ENDS, "TIME",
	 "when the trial ends (2027-01-31T00:00:00Z or @UNIXTIME)"},
	{"period-ends", CTL_OPT_PERIOD_ENDS, "TIME",
	 "when the paid period ends (same forms; default: 30 days on)"},
	{"policy", CTL_OPT_POLICY, "POLICY",
	 "at a budget's limit: block, or override (operators may pass it)"},
	{"override", CTL_OPT_OVERRIDE, NULL,
	 "go past a budget whose policy is override (operators)"},
	{"scope", CTL_OPT_SCOPE, "SCOPE",
	 "an API key's scope (directory:read, ...); repeat it, or "
	 "S,S"},
	{"expires", CTL_OPT_EXPIRES, "DURATION",
	 "the key stops working after this long (90d, 12h, 30m)"},
	{"month", CTL_OPT_MONTH, "YYYY-MM", "a calendar month (UTC)"},
	{"app-passwords", CTL_OPT_APP_PASSWORDS, "on|off",
	 "may the tenant's users give a login-scoped API key as password"},
	/* backup, export and import (issue 10) */
	{"force", CTL_OPT_FORCE, NULL,
	 "replace FILE if it exists (atomically: a new file renamed over it)"},
	{"skip-existing", CTL_OPT_SKIP_EXISTING, NULL,
	 "skip a login that exists already (counted, not an error)"},
	{"socket", CTL_OPT_SOCKET, "PATH", "the daemon's socket"},
	{"json", CTL_OPT_JSON, NULL, "machine-readable output"},
	{"timeout", CTL_OPT_TIMEOUT, "MS", "give up after MS milliseconds"},
	{"token-file", CTL_OPT_TOKEN_FILE, "FILE",
	 "act with the access token in FILE (from 'login')"},
	{"api-key-file", CTL_OPT_API_KEY_FILE, "FILE",
	 "act with the API key in FILE (mode 0600)"},
	{"help", CTL_OPT_HELP, NULL, "show help and exit"},
	{"version", CTL_OPT_VERSION, NULL, "show the version and exit"},
};

#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

const struct ctl_optdef *ctl_opt_def(enum ctl_opt id)
{
	for (size_t k = 0; k < NOPTS; k++)
		if (optdefs[k].id == id)
			return &optdefs[k];
	return NULL;
}

const struct ctl_optdef *ctl_opt_find(const char *name, size_t len)
{
	for (size_t k = 0; k < NOPTS; k++)
		if (strlen(optdefs[k].name) == len &&
		    memcmp(optdefs[k].name, name, len) == 0)
			return &optdefs[k];
	return NULL;
}

static bool is_global(enum ctl_opt id)
{
	return (CTL_GLOBAL_OPTS | CTL_OPT_BIT(CTL_OPT_VERSION)) &
	       CTL_OPT_BIT(id);
}

/* Handle the option at argv[*i] (which starts with "-").  0 or -1. */
static int parse_option(int argc, const char *const *argv, int *i,
			uint64_t allowed, struct ctl_args *a, char *err,
			size_t errlen)
{
	const char *arg = argv[*i];
	const char *name, *eq, *value = NULL;
	const struct ctl_optdef *od;
	size_t nlen;

	if (strcmp(arg, "-h") == 0) {
		arg = "--help";
	} else if (arg[1] != '-') {
		snprintf(err, errlen, "unknown option '%s'", arg);
		return -1;
	}
	name = arg + 2;
	eq = strchr(name, '=');
	nlen = eq ? (size_t)(eq - name) : strlen(name);
	od = ctl_opt_find(name, nlen);
	if (od == NULL) {
		snprintf(err, errlen, "unknown option '--%.*s'", (int)nlen,
			 name);
		return -1;
	}
	if (!(allowed & CTL_OPT_BIT(od->id))) {
		snprintf(err, errlen, "option '--%s' is not valid here",
			 od->name);
		return -1;
	}
	if (od->metavar == NULL) {
		if (eq != NULL) {
			snprintf(err, errlen, "option '--%s' takes no value",
				 od->name);
			return -1;
		}
		value = "";
	} else if (eq != NULL) {
		value = eq + 1;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		snprintf(err, errlen, "option '--%s' needs a value (%s)",
			 od->name, od->metavar);
		return -1;
	}
	if (od->id == CTL_OPT_SCOPE) { /* repeatable */
		if (a->nscope == CTL_MAX_SCOPES) {
			snprintf(err, errlen, "too many --scope options");
			return -1;
		}
		a->scope[a->nscope++] = value;
		a->opt[od->id] = value;
		return 0;
	}
	if (a->opt[od->id] != NULL && !is_global(od->id)) {
		snprintf(err, errlen, "option '--%s' given twice", od->name);
		return -1;
	}
	a->opt[od->id] = value;
	return 0;
}

int ctl_parse_args(int argc, const char *const *argv, int *i, uint64_t allowed,
		   unsigned max_pos, struct ctl_args *a, char *err,
		   size_t errlen)
{
	bool only_pos = false;

	for (; *i < argc; ++*i) {
		const char *arg = argv[*i];

		if (!only_pos && strcmp(arg, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (!only_pos && arg[0] == '-' && arg[1] != '\0') {
			if (parse_option(argc, argv, i, allowed, a, err,
					 errlen) != 0)
				return -1;
			continue;
		}
		if (max_pos == 0)
			return 0; /* the verb: the caller takes it from here */
		if (a->npos >= max_pos || a->npos >= CTL_MAX_POS) {
			a->extra = arg;
			snprintf(err, errlen, "unexpected argument '%s'", arg);
			return -1;
		}
		a->pos[a->npos++] = arg;
	}
	return 0;
}

bool ctl_wants_json(int argc, const char *const *argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct ctl_optdef *od;

		if (strcmp(arg, "--") == 0)
			return false;
		if (strcmp(arg, "--json") == 0)
			return true;
		if (strncmp(arg, "--", 2) != 0 || strchr(arg, '=') != NULL)
			continue;
		od = ctl_opt_find(arg + 2, strlen(arg + 2));
		if (od != NULL && od->metavar != NULL)
			i++; /* its value, whatever it looks like */
	}
	return false;
}
