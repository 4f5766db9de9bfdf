/* ctl_profile.c - the profile options (--given-name, --family-name,
 * --avatar-url, --bio, --timezone, --locale) of `user create|update` and
 * `me profile`: checked with the daemon's rules (acct_profile.h) before
 * anything is sent.  An empty value clears the field.  Whether a timezone
 * is installed is the daemon's to say (its tz database). */
#include <string.h>

#include "acct_names.h"
#include "acct_profile.h"
#include "ctl.h"

/* One option: its tag, and the rule its value must follow, said as
 * "--OPT must be RULE" or, quoting the value, "'VALUE' is not RULE". */
struct profile_opt {
	bool (*valid)(const char *s, size_t len);
	const char *rule;
	enum ctl_opt opt;
	uint16_t tag;
	bool quote;
};

#define GECOS_RULE "printable text without ':' (at most 255 bytes)"

static const struct profile_opt profile_opts[] = {
	{acct_valid_gecos, GECOS_RULE, CTL_OPT_GIVEN_NAME, ACCT_T_GIVEN_NAME,
	 false},
	{acct_valid_gecos, GECOS_RULE, CTL_OPT_FAMILY_NAME, ACCT_T_FAMILY_NAME,
	 false},
	{acct_valid_avatar_url,
	 "an avatar URL (http:// or https://, at most 1024 bytes, no spaces, "
	 "no user@)",
	 CTL_OPT_AVATAR_URL, ACCT_T_AVATAR_URL, true},
	{acct_valid_bio, "printable text on one line, at most 500 characters",
	 CTL_OPT_BIO, ACCT_T_BIO, false},
	{acct_valid_timezone_name,
	 "a timezone (a tz database name such as Europe/Paris)",
	 CTL_OPT_TIMEZONE, ACCT_T_TIMEZONE, true},
	{acct_valid_locale,
	 "a locale (C, POSIX or language[_TERRITORY][.codeset][@modifier], "
	 "such as fr_FR.UTF-8)",
	 CTL_OPT_LOCALE, ACCT_T_LOCALE, true},
};

#define NPROFILE (sizeof(profile_opts) / sizeof(profile_opts[0]))

bool ctl_profile_opts_given(const struct ctl_args *a)
{
	for (size_t k = 0; k < NPROFILE; k++)
		if (a->opt[profile_opts[k].opt] != NULL)
			return true;
	return false;
}

/* The rule's line for a value that breaks it (exit 2). */
static int refuse(const struct ctl_env *env, const struct profile_opt *p,
		  const char *v)
{
	if (p->quote)
		return ctl_usage(env, "'%s' is not %s", v, p->rule);
	return ctl_usage(env, "--%s must be %s", ctl_opt_def(p->opt)->name,
			 p->rule);
}

int ctl_put_profile_opts(const struct ctl_env *env, const struct ctl_args *a,
			 struct acct_buf *req)
{
	for (size_t k = 0; k < NPROFILE; k++) {
		const struct profile_opt *p = &profile_opts[k];
		const char *v = a->opt[p->opt];

		if (v == NULL)
			continue;
		if (v[0] != '\0' && !p->valid(v, strlen(v)))
			return refuse(env, p, v);
		acct_put_str(req, p->tag, v);
	}
	return 0;
}
