/*
 * sshkey.h - the SSH public keys of users (database ssh_keys, keyed uid +
 * SHA-256 of the key blob: a user's keys list together, in fingerprint
 * order, and one key is there at most once per user).  The keys come in
 * checked (acct_sshkey_parse); the store keeps them and their bound.
 */
#ifndef AD_STORE_SSHKEY_H
#define AD_STORE_SSHKEY_H

#include <stdint.h>

#include "acct_sshkey.h"
#include "store/store.h"

/* One stored key. */
struct ad_ssh_key {
	struct acct_sshkey key;
	uint64_t created;
};

/*
 * One write: user login (NOTFOUND "no such user" when it has none, or is
 * deleted) gets k, unless it holds k already (EXISTS) or max keys
 * (CONFLICT).  out (may be NULL) gets the key as stored, its created
 * time set.
 */
int ad_store_ssh_key_add(struct ad_store *st, struct ad_str login,
			 const struct acct_sshkey *k, uint32_t max,
			 const char *actor, struct ad_ssh_key *out,
			 struct ad_err *err);

/* One write: the key of user login whose blob's SHA-256 is digest goes
 * (NOTFOUND when it has none such); out (may be NULL) gets it. */
int ad_store_ssh_key_remove(struct ad_store *st, struct ad_str login,
			    const uint8_t digest[ACCT_SSHKEY_DIGEST_LEN],
			    const char *actor, struct ad_ssh_key *out,
			    struct ad_err *err);

/* The keys of uid, in fingerprint order: fn returns 0 to go on, 1 to
 * stop, -1 to fail (ACCT_ST_INTERNAL "out of memory"). */
typedef int (*ad_ssh_key_fn)(void *arg, const struct ad_ssh_key *k);
int ad_store_ssh_key_list(struct ad_store *st, uint32_t uid, ad_ssh_key_fn fn,
			  void *arg, struct ad_err *err);

#endif
