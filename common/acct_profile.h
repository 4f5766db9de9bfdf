/*
 * acct_profile.h - the rules for a user's profile (given and family name,
 * avatar URL, bio, timezone, locale), shared by accountsctl and the daemon
 * so that both say the same about a value.  Pure: bytes in, a verdict
 * out.  Whether a timezone is installed is a question for the tz database
 * (the daemon asks it: ops/profile.c); here only its name is checked.
 */
#ifndef ACCT_PROFILE_H
#define ACCT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Given and family name: the display name's rule (acct_valid_gecos). */

/*
 * Bio: well-formed UTF-8 of at most ACCT_MAX_BIO_CHARS characters (code
 * points, not bytes), printable and on one line: no C0 or C1 control
 * character, no DEL, and no line or paragraph separator (U+2028, U+2029),
 * so that it stays one line in every listing and log.
 */
#define ACCT_MAX_BIO_CHARS 500u
#define ACCT_MAX_BIO_BYTES (4u * ACCT_MAX_BIO_CHARS)
bool acct_valid_bio(const char *s, size_t len);

/*
 * Avatar URL: "http://" or "https://" (scheme in lowercase), then a host
 * that is not empty, in printable ASCII without spaces, quotes, '<', '>',
 * '\', '^', '`', '{', '|', '}' (percent-encode the rest), no user
 * information ("user@host" hides the real host), at most ACCT_MAX_URL
 * bytes.
 */
#define ACCT_MAX_URL 1024u
bool acct_valid_avatar_url(const char *s, size_t len);

/*
 * Timezone name, as the tz database names its zones ("Europe/Paris",
 * "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"): components
 * separated by single '/', each 1..ACCT_MAX_TZ_PART of [A-Za-z0-9_+-],
 * not starting with '-' (and no '.': no "." nor ".."), no leading or
 * trailing '/', at most ACCT_MAX_TZ bytes.  A name that passes can be
 * looked up under the zoneinfo directory without leaving it.
 */
#define ACCT_MAX_TZ 64u
#define ACCT_MAX_TZ_PART 32u
bool acct_valid_timezone_name(const char *s, size_t len);

/*
 * Locale name: "C", "POSIX", "C.<codeset>" ("C.UTF-8"), or
 * language[_TERRITORY][.codeset][@modifier] with language 2-3 lowercase
 * letters, territory 2 uppercase letters or 3 digits ("es_419"), codeset
 * 1..16 of [A-Za-z0-9_-] ("UTF-8", "ISO-8859-15") and modifier 1..16 of
 * [a-z0-9_-] ("euro", "valencia").  At most ACCT_MAX_LOCALE bytes.
 */
#define ACCT_MAX_LOCALE 48u
bool acct_valid_locale(const char *s, size_t len);

#endif
