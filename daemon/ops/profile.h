/*
 * profile.h - the profile fields of a request (USER_CREATE, USER_UPDATE,
 * USER_IMPORT, ME_PROFILE), and the one question about them the store
 * cannot answer: is the timezone a zone of the installed tz database?
 * The other rules are common/acct_profile.h's, applied by the store
 * (store/valid.c) before its write.
 */
#ifndef AD_OPS_PROFILE_H
#define AD_OPS_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* GIVEN_NAME ... LOCALE of p/len (validated) into s: ACCT_ST_OK or
 * BADREQ (a field that is not a string). */
int ad_profile_read(const void *p, size_t len, struct ad_profile_spec *s,
		    struct ad_err *err);

/* Does s give any field? */
bool ad_profile_given(const struct ad_profile_spec *s);

/*
 * A timezone a request gives: is its file under zoneinfo_dir a regular
 * file starting with the TZif magic (tzfile(5))?  ACCT_ST_OK, or INVALID
 * with one line ("timezone 'Mars/Base' is not valid: no such zone in the
 * tz database (/usr/share/zoneinfo)").  Absent or empty (clear it):
 * nothing to check; a name the rules refuse (acct_valid_timezone_name) is
 * left to the store, which refuses it before it looks anywhere.
 */
int ad_timezone_check(const char *zoneinfo_dir, struct ad_str tz,
		      struct ad_err *err);

#endif
