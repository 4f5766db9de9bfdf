/*
 * valid.c - every value checked, and normalised, before any write
 * transaction starts.  Each failure is one line naming the field and the
 * rule, with status ACCT_ST_INVALID.
 */
#include <stdio.h>

#include "store/priv.h"

#define RULE_NAME                                                              \
	"use 1-32 of a-z 0-9 _ . -, starting with a letter or _, not "         \
	"ending in . and not all digits"
#define RULE_SLUG                                                              \
	"use 2-20 of a-z 0-9 -, starting with a letter, no '--' and no "       \
	"trailing -"
#define RULE_PATH "must be an absolute path of at most 255 bytes without ':'"

void st_copy(char *dst, struct ad_str s)
{
	if (s.len > 0)
		memcpy(dst, s.p, s.len);
	dst[s.len] = '\0';
}

/* One line for a name that breaks its rule: "<what> 'x' is not valid: <rule>". */
static int check_name(bool valid, const char *what, const char *rule,
		      struct ad_str s, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];

	if (!valid)
		return st_fail(err, ACCT_ST_INVALID, "%s '%s' is not valid: %s",
			       what, st_show(q, sizeof(q), s.p, s.len), rule);
	return ACCT_ST_OK;
}

int st_check_login(struct ad_str s, struct ad_err *err)
{
	return check_name(acct_valid_login(s.p, s.len), "login name", RULE_NAME,
			  s, err);
}

int st_check_login_field(struct ad_str s, struct ad_err *err)
{
	if (!ad_str_given(s))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	return st_check_login(s, err);
}

int st_check_slug(struct ad_str s, struct ad_err *err)
{
	return check_name(acct_valid_slug(s.p, s.len), "tenant slug", RULE_SLUG,
			  s, err);
}

int st_check_group_name(struct ad_str s, struct ad_err *err)
{
	return check_name(acct_valid_group(s.p, s.len), "group name", RULE_NAME,
			  s, err);
}

int st_check_display_name(struct ad_str s, char *dst, struct ad_err *err)
{
	if (s.len > AD_MAX_TEXT || !acct_valid_gecos(s.p, s.len))
		return st_fail(err, ACCT_ST_INVALID,
			       "display name is not valid: printable UTF-8 "
			       "text of at most 255 bytes without ':'");
	st_copy(dst, s);
	return ACCT_ST_OK;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

int st_check_email(struct ad_str s, char *dst, struct ad_err *err)
{
	const char *p = s.p;
	size_t len = s.len, i;
	size_t at;
	char q[ST_SHOW_MAX + 4];

	while (len > 0 && is_space(p[0])) {
		p++;
		len--;
	}
	while (len > 0 && is_space(p[len - 1]))
		len--;
	if (len == 0) {
		dst[0] = '\0'; /* no email (or clear it) */
		return ACCT_ST_OK;
	}
	if (len > AD_MAX_EMAIL || !acct_valid_email(p, len))
		return st_fail(err, ACCT_ST_INVALID,
			       "email '%s' is not valid: use local@domain, at "
			       "most 254 bytes, no spaces",
			       st_show(q, sizeof(q), p, len));
	/* domains are case-insensitive, local parts may not be (RFC 5321);
	 * ASCII only: the locale must not change what is a duplicate */
	at = (size_t)((const char *)memchr(p, '@', len) - p);
	for (i = 0; i < len; i++) {
		char c = p[i];

		dst[i] = (i > at && c >= 'A' && c <= 'Z')
				 ? (char)(c - 'A' + 'a')
				 : c;
	}
	dst[len] = '\0';
	return ACCT_ST_OK;
}

int st_check_path(struct ad_str s, const char *what, char *dst,
		  struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];

	if (s.len > AD_MAX_TEXT || !acct_valid_path(s.p, s.len))
		return st_fail(err, ACCT_ST_INVALID,
			       "%s '%s' is not valid: " RULE_PATH, what,
			       st_show(q, sizeof(q), s.p, s.len));
	st_copy(dst, s);
	return ACCT_ST_OK;
}

int st_check_role(uint32_t role, struct ad_err *err)
{
	/* a custom role's tenant is checked inside the write
	 * (st_role_of_tenant) */
	if ((role < ACCT_ROLE_VIEWER || role > ACCT_ROLE_OWNER) &&
	    role < AD_ROLE_CUSTOM_MIN)
		return st_fail(err, ACCT_ST_INVALID,
			       "role %u is not valid: use 1 (viewer), 2 "
			       "(member), 3 (admin), 4 (owner) or a custom "
			       "role of the tenant",
			       role);
	return ACCT_ST_OK;
}

/* The default home: home_base "/" login, checked like a given one. */
static int default_home(const struct ad_config *cfg, const char *login,
			char *dst, struct ad_err *err)
{
	char buf[2 * (AD_MAX_TEXT + 1)];
	const char *base = cfg->home_base;
	size_t blen = strlen(base);

	/* "/" as the base must not give "//bob" */
	if (blen > 0 && base[blen - 1] == '/')
		blen--;
	snprintf(buf, sizeof(buf), "%.*s/%s", (int)blen, base, login);
	return st_check_path(ad_str_c(buf), "home (from home_base)", dst, err);
}

/* A given profile text field: valid (or empty: clear it), into dst. */
static int check_text(struct ad_str s, bool (*valid)(const char *, size_t),
		      size_t max, const char *what, const char *rule,
		      bool quote, char *dst, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];

	if (!ad_str_given(s))
		return ACCT_ST_OK;
	if (s.len > 0 && (s.len > max || !valid(s.p, s.len))) {
		if (quote)
			return st_fail(err, ACCT_ST_INVALID,
				       "%s '%s' is not valid: %s", what,
				       st_show(q, sizeof(q), s.p, s.len), rule);
		return st_fail(err, ACCT_ST_INVALID, "%s is not valid: %s",
			       what, rule);
	}
	st_copy(dst, s);
	return ACCT_ST_OK;
}

#define RULE_GECOS "printable UTF-8 text of at most 255 bytes without ':'"

/* The profile fields s gives into out; those it does not give: "". */
static int check_profile(const struct ad_profile_spec *s,
			 struct ad_profile *out, struct ad_err *err)
{
	int rc;

	ad_profile_clear(out);
	rc = check_text(s->given_name, acct_valid_gecos, AD_MAX_TEXT,
			"given name", RULE_GECOS, false, out->given_name, err);
	if (rc == ACCT_ST_OK)
		rc = check_text(s->family_name, acct_valid_gecos, AD_MAX_TEXT,
				"family name", RULE_GECOS, false,
				out->family_name, err);
	if (rc == ACCT_ST_OK)
		rc = check_text(s->avatar_url, acct_valid_avatar_url,
				ACCT_MAX_URL, "avatar URL",
				"use an http:// or https:// URL of at most "
				"1024 bytes, without spaces or user@",
				true, out->avatar_url, err);
	if (rc == ACCT_ST_OK)
		rc = check_text(s->bio, acct_valid_bio, ACCT_MAX_BIO_BYTES,
				"bio",
				"at most 500 characters of printable UTF-8 on "
				"one line",
				false, out->bio, err);
	if (rc == ACCT_ST_OK)
		rc = check_text(s->timezone, acct_valid_timezone_name,
				ACCT_MAX_TZ, "timezone",
				"use a tz database name such as Europe/Paris",
				true, out->timezone, err);
	if (rc == ACCT_ST_OK)
		rc = check_text(s->locale, acct_valid_locale, ACCT_MAX_LOCALE,
				"locale",
				"use C, POSIX or language[_TERRITORY][.codeset]"
				"[@modifier] such as fr_FR.UTF-8",
				true, out->locale, err);
	return rc;
}

int st_check_user_fields(const struct ad_user_spec *s,
			 const struct ad_config *cfg, const char *login,
			 struct st_user_fields *out, struct ad_err *err)
{
	int rc = ACCT_ST_OK;

	out->display_name[0] = '\0';
	out->email[0] = '\0';
	if (ad_str_given(s->display_name))
		rc = st_check_display_name(s->display_name, out->display_name,
					   err);
	if (rc == ACCT_ST_OK && ad_str_given(s->email))
		rc = st_check_email(s->email, out->email, err);
	if (rc == ACCT_ST_OK)
		rc = check_profile(&s->profile, &out->profile, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(s->home) && s->home.len > 0)
		rc = st_check_path(s->home, "home", out->home, err);
	else
		rc = default_home(cfg, login, out->home, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(s->shell) && s->shell.len > 0)
		rc = st_check_path(s->shell, "shell", out->shell, err);
	else
		rc = st_check_path(ad_str_c(cfg->default_shell),
				   "shell (default_shell)", out->shell, err);
	return rc;
}

int st_check_user_new(const struct ad_user_spec *s, const struct ad_config *cfg,
		      struct st_user_new *out, struct ad_err *err)
{
	int rc;

	out->name[0] = out->tenant[0] = '\0';
	if (!ad_str_given(s->name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (!ad_str_given(s->tenant))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: tenant");
	rc = st_check_login(s->name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	st_copy(out->name, s->name);
	rc = st_check_slug(s->tenant, err);
	if (rc != ACCT_ST_OK)
		return rc;
	st_copy(out->tenant, s->tenant);
	out->role = s->role != 0 ? s->role : ACCT_ROLE_MEMBER;
	rc = st_check_role(out->role, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return st_check_user_fields(s, cfg, out->name, &out->f, err);
}
