/* profile.c - a request's profile fields and the tz database (profile.h). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct_profile.h"
#include "ops/handlers.h"
#include "ops/profile.h"

int ad_profile_read(const void *p, size_t len, struct ad_profile_spec *s,
		    struct ad_err *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = ad_req_str(p, len, ACCT_T_GIVEN_NAME, false, &s->given_name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_FAMILY_NAME, false,
				&s->family_name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_AVATAR_URL, false,
				&s->avatar_url, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_BIO, false, &s->bio, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_TIMEZONE, false, &s->timezone,
				err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_LOCALE, false, &s->locale, err);
	return rc;
}

bool ad_profile_given(const struct ad_profile_spec *s)
{
	return ad_str_given(s->given_name) || ad_str_given(s->family_name) ||
	       ad_str_given(s->avatar_url) || ad_str_given(s->bio) ||
	       ad_str_given(s->timezone) || ad_str_given(s->locale);
}

/* Is path a regular file that starts like a compiled zone (tzfile(5))? */
static bool is_tzfile(const char *path)
{
	static const char magic[4] = {'T', 'Z', 'i', 'f'};
	char head[sizeof(magic)];
	struct stat sb;
	bool ok;
	int fd;

	/* O_NONBLOCK: a FIFO planted in the directory must not hang us */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	     read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	     memcmp(head, magic, sizeof(magic)) == 0;
	close(fd);
	return ok;
}

int ad_timezone_check(const char *zoneinfo_dir, struct ad_str tz,
		      struct ad_err *err)
{
	char name[ACCT_MAX_TZ + 1], path[PATH_MAX];
	int n;

	/* a name the rules refuse is the store's to refuse (valid.c), with
	 * the same words as every other field */
	if (!ad_str_given(tz) || tz.len == 0 ||
	    !acct_valid_timezone_name(tz.p, tz.len))
		return ACCT_ST_OK;
	/* the rule leaves no '.', no leading '/': it stays in the dir */
	memcpy(name, tz.p, tz.len);
	name[tz.len] = '\0';
	n = snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) || !is_tzfile(path))
		return ad_fail(err, ACCT_ST_INVALID,
			       "timezone '%s' is not valid: no such zone in "
			       "the tz database (%s)",
			       name, zoneinfo_dir);
	return ACCT_ST_OK;
}
