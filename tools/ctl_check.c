/* ctl_check.c - arguments are checked with the same rules as the daemon
 * (common/acct_names.h) before anything is sent, so that a typo gets a
 * usage error that says what is wrong instead of a round trip. */
#include <string.h>

#include "acct_names.h"
#include "ctl.h"

int ctl_check_login(const struct ctl_env *env, const char *s)
{
	if (acct_valid_login(s, strlen(s)))
		return 0;
	return ctl_usage(env,
			 "'%s' is not a valid login name (1-%u characters "
			 "a-z 0-9 _ . -, starting with a letter or _)",
			 s, ACCT_MAX_NAME);
}

int ctl_check_slug(const struct ctl_env *env, const char *s)
{
	if (acct_valid_slug(s, strlen(s)))
		return 0;
	return ctl_usage(env,
			 "'%s' is not a valid tenant slug (2-%u characters "
			 "a-z 0-9 -, starting with a letter)",
			 s, ACCT_MAX_SLUG);
}

int ctl_check_group(const struct ctl_env *env, const char *s)
{
	if (acct_valid_group(s, strlen(s)))
		return 0;
	return ctl_usage(env,
			 "'%s' is not a valid group name (1-%u characters "
			 "a-z 0-9 _ . -, starting with a letter or _)",
			 s, ACCT_MAX_NAME);
}

int ctl_check_gecos(const struct ctl_env *env, const char *opt, const char *s,
		    bool allow_empty)
{
	if (*s == '\0' ? allow_empty : acct_valid_gecos(s, strlen(s)))
		return 0;
	if (*s == '\0')
		return ctl_usage(env, "--%s must not be empty", opt);
	return ctl_usage(env,
			 "--%s must be printable text without ':' "
			 "(at most 255 bytes)",
			 opt);
}

int ctl_check_email(const struct ctl_env *env, const char *s, bool allow_empty)
{
	if (*s == '\0' ? allow_empty : acct_valid_email(s, strlen(s)))
		return 0;
	if (*s == '\0')
		return ctl_usage(env, "--email must not be empty");
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

int ctl_check_role(const struct ctl_env *env, const char *s, uint32_t *role)
{
	*role = ctl_role_parse(s);
	if (*role != 0)
		return 0;
	return ctl_usage(
		env, "'%s' is not a role (owner, admin, member or viewer)", s);
}
