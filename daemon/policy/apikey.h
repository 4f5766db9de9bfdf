/*
 * apikey.h - API keys: which scopes a caller may put on a key, whether
 * a key presented now may act, and the word for a key's state.  Pure:
 * the caller brings the key, its owner and tenant, and the time.
 */
#ifndef AD_POLICY_APIKEY_H
#define AD_POLICY_APIKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/access.h"
#include "store/records.h"

/* The one refusal of a key that is unknown, wrong, revoked or expired
 * (store/apikey.h says the same). */
#define AD_POLICY_KEY_INVALID "the API key is not valid"

/*
 * May c issue a key with scopes (ACCT_SCOPE_* bits)?  Refused (DENIED,
 * "permission denied: key-issue: ...") for no scope, budget:override
 * unless c is a platform operator (a tenant must not lift its own
 * budget), and, when c itself acts with a key, any scope that key does
 * not hold (a key cannot make a wider one).
 */
int ad_policy_key_scopes(const struct ad_caller *c, uint32_t scopes, char *msg,
			 size_t msglen);

/*
 * May c issue a key that stops at expires (0: never)?  A caller acting
 * with a key makes none that outlives it (c->key_expires): revoking or
 * letting the one key lapse must end what it made.  ACCT_ST_OK or DENIED
 * as above.
 */
int ad_policy_key_expiry(const struct ad_caller *c, uint64_t expires, char *msg,
			 size_t msglen);

/*
 * May c add an SSH key to a user?  An SSH key is a way to log in, so a
 * caller acting with an API key needs the key's login scope as well as
 * key:manage.  ACCT_ST_OK or DENIED ("permission denied: ssh-key-add:
 * ...").
 */
int ad_policy_ssh_key_add(const struct ad_caller *c, char *msg, size_t msglen);

/*
 * May key k of user u (tenant t) act at now?  Refused with DENIED: a
 * revoked or expired key, or a deleted or hidden owner,
 * AD_POLICY_KEY_INVALID; an owner the login policy refuses (pending,
 * disabled, locked, its tenant not active), "the API key cannot be used
 * now: " and the login policy's line.
 */
int ad_policy_key_use(const struct ad_apikey *k, const struct ad_user *u,
		      const struct ad_tenant *t, uint64_t now, char *msg,
		      size_t msglen);

/*
 * The state `key list` shows: "revoked", "expired", "active", or the
 * login policy's line on the owner ("account bob is disabled",
 * "organization acme is suspended") into buf.  u and t may be NULL
 * (an owner that is gone: "owner deleted").
 */
void ad_policy_key_state(const struct ad_apikey *k, const struct ad_user *u,
			 const struct ad_tenant *t, uint64_t now, char *buf,
			 size_t size);

/*
 * May key k be given as its owner's password through PAM (an
 * application password) at now, its owner being of tenant t?  Only a
 * live key with the login scope, of a tenant whose app_passwords switch
 * is on.  The login policy is asked besides, as for any password.
 */
bool ad_policy_app_password(const struct ad_apikey *k,
			    const struct ad_tenant *t, uint64_t now);

/* How records and logs name a caller acting with a key: its owner, the
 * key and the uid that presented it ("alice (key acd_key_ab12..., uid
 * 33)"). */
void ad_actor_key_name(const char *login, const char *prefix, uint32_t peer_uid,
		       char *buf, size_t size);

#endif
