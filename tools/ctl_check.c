/* ctl_check.c - arguments are checked with the same rules as the daemon
 * (common/acct_names.h) before anything is sent, so that a typo gets a
 * usage error that says what is wrong instead of a round trip. */
#include <string.h>

#include "acct_names.h"
#include "acct_shells.h"
#include "ctl.h"

/* The kinds of names, for one message shape that says what is allowed. */
struct name_rule {
	bool (*valid)(const char *s, size_t len);
	const char *what;
	unsigned min, max;
	const char *chars;
};

#define POSIX_NAME_CHARS "a-z 0-9 _ . -, starting with a letter or _"

static const struct name_rule login_rule = {acct_valid_login, "login name", 1,
					    ACCT_MAX_NAME, POSIX_NAME_CHARS};
static const struct name_rule group_rule = {acct_valid_group, "group name", 1,
					    ACCT_MAX_NAME, POSIX_NAME_CHARS};
static const struct name_rule slug_rule = {acct_valid_slug, "tenant slug", 2,
					   ACCT_MAX_SLUG,
					   "a-z 0-9 -, starting with a letter"};

static int check_name(const struct ctl_env *env, const struct name_rule *r,
		      const char *s)
{
	if (r->valid(s, strlen(s)))
		return 0;
	return ctl_usage(env, "'%s' is not a valid %s (%u-%u characters %s)", s,
			 r->what, r->min, r->max, r->chars);
}

int ctl_check_login(const struct ctl_env *env, const char *s)
{
	return check_name(env, &login_rule, s);
}

int ctl_check_slug(const struct ctl_env *env, const char *s)
{
	return check_name(env, &slug_rule, s);
}

int ctl_check_group(const struct ctl_env *env, const char *s)
{
	return check_name(env, &group_rule, s);
}

/* An empty value clears a field in updates; anywhere else it is a slip. */
static int check_empty(const struct ctl_env *env, const char *opt,
		       bool allow_empty)
{
	if (allow_empty)
		return 0;
	return ctl_usage(env, "--%s must not be empty", opt);
}

int ctl_check_gecos(const struct ctl_env *env, const char *opt, const char *s,
		    bool allow_empty)
{
	if (*s == '\0')
		return check_empty(env, opt, allow_empty);
	if (acct_valid_gecos(s, strlen(s)))
		return 0;
	return ctl_usage(env,
			 "--%s must be printable text without ':' "
			 "(at most 255 bytes)",
			 opt);
}

int ctl_check_email(const struct ctl_env *env, const char *s, bool allow_empty)
{
	if (*s == '\0')
		return check_empty(env, "email", allow_empty);
	if (acct_valid_email(s, strlen(s)))
		return 0;
	return ctl_usage(env, "'%s' is not a valid email address", s);
}

int ctl_check_path(const struct ctl_env *env, const char *opt, const char *s)
{
	if (acct_valid_path(s, strlen(s)))
		return 0;
	return ctl_usage(env,
			 "--%s must be an absolute path without ':' "
			 "(at most 255 bytes), not '%s'",
			 opt, s);
}

int ctl_check_shell(const struct ctl_env *env, const char *s)
{
	int rc = ctl_check_path(env, "shell", s);

	if (rc != 0)
		return rc;
	/* a list that cannot be read: the daemon, the authority, decides */
	if (acct_shell_listed(ACCT_SHELLS_FILE, s) != 0)
		return 0;
	return ctl_usage(env,
			 "--shell %s is not listed in " ACCT_SHELLS_FILE
			 " (the host's login shells, shells(5))",
			 s);
}

int ctl_check_role(const struct ctl_env *env, const char *s, uint32_t *role)
{
	*role = acct_role_parse(s);
	if (*role != 0 || acct_valid_group(s, strlen(s)))
		return 0; /* 0: a custom role's name */
	return ctl_usage(env,
			 "'%s' is not a role (owner, admin, member, viewer or "
			 "a custom role's name)",
			 s);
}
