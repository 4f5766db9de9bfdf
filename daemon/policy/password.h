/*
 * password.h - the password quality rules: one pure function that every
 * path setting a password asks (USER_PASSWD, CHAUTHTOK) before anything
 * is hashed.
 */
#ifndef AD_POLICY_PASSWORD_H
#define AD_POLICY_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

#include "acct_proto.h"

/*
 * Not empty, at least min_length characters (UTF-8 code points), at most
 * ACCT_MAX_PASSWORD bytes, not the login name (in any case), not one
 * character repeated.  Returns 0, or -1 with one line for the user in msg.
 */
int ad_password_check(const char *pw, size_t len, const char *login,
		      size_t login_len, unsigned min_length, char *msg,
		      size_t msglen);

/*
 * The cost an Argon2id hash ("$argon2id$v=19$m=KIB,t=PASSES,p=LANES$...")
 * asks of every verification, against the most the daemon pays: memory
 * at most max_mem bytes, at most max_ops passes, at most
 * AD_HASH_MAX_LANES lanes.  An imported hash is checked, so that one
 * login attempt cannot pin a worker for hours or take gigabytes.
 * Returns 0, or -1 with one line in msg.
 */
#define AD_HASH_MAX_LANES 16u
int ad_password_hash_cost_check(const char *hash, size_t len, uint64_t max_ops,
				uint64_t max_mem, char *msg, size_t msglen);

#endif
