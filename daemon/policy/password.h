/*
 * password.h - the password quality rules: one pure function that every
 * path setting a password asks (USER_PASSWD, CHAUTHTOK) before anything
 * is hashed.
 */
#ifndef AD_POLICY_PASSWORD_H
#define AD_POLICY_PASSWORD_H

#include <stddef.h>

#include "acct_proto.h"

/*
 * Not empty, at least min_length characters (UTF-8 code points), at most
 * ACCT_MAX_PASSWORD bytes, not the login name (in any case), not one
 * character repeated.  Returns 0, or -1 with one line for the user in msg.
 */
int ad_password_check(const char *pw, size_t len, const char *login,
		      size_t login_len, unsigned min_length, char *msg,
		      size_t msglen);

#endif
