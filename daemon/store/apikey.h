/*
 * apikey.h - API keys (struct ad_apikey, records.h) and the usage they
 * and USAGE_RECORD count.
 *
 * A key's text is "acd_key_" + a 12-character public prefix ([a-z2-7],
 * 60 random bits) + "_" + 32 random bytes in unpadded base64url (the
 * secret).  The store keeps the key under its prefix with BLAKE2b-256
 * of the secret, compared in constant time; the text is shown once, by
 * KEY_ISSUE, and never stored, logged or audited.
 *
 * Usage: an accepted key use is counted in memory (the key's uses and
 * last use, its tenant's key uses and units of the calendar month, UTC)
 * and written with every other count in one transaction by
 * ad_store_usage_flush (a timer, every usage_flush_s, and at shutdown):
 * a crash loses what was counted since the last flush.  The memory holds
 * one entry per key used and one per tenant and month since that flush,
 * no more.  Reads (ad_store_apikey_get and the lists, ad_store_usage_of)
 * add what is not written yet.  ad_store_usage_record, the explicit
 * USAGE_RECORD, is written at once, as any change.
 *
 * For budgets (a policy in front of these, in ops/): the live keys of a
 * tenant are ad_store_apikey_live(); its units of a month,
 * ad_store_usage_units().  Units are added in exactly two places, both
 * here: ad_store_usage_key_used (one per key use) and
 * ad_store_usage_record.
 */
#ifndef AD_STORE_APIKEY_H
#define AD_STORE_APIKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AD_KEY_PREFIX_TEXT_LEN 20 /* "acd_key_" + 12 */
#define AD_KEY_TEXT_LEN 64	  /* + "_" + 43 */

/* The one refusal of a key that is unknown, wrong, revoked or expired. */
#define AD_KEY_INVALID "the API key is not valid"

/* ---- the text (store/apikey_text.c) ---- */

/*
 * A new key: its text into text[AD_KEY_TEXT_LEN + 1] (shown once, then
 * wiped by the caller), its prefix into prefix and the hash of its
 * secret into hash.
 */
void ad_apikey_new(char *text, char prefix[AD_KEY_PREFIX_LEN + 1],
		   uint8_t hash[AD_KEY_HASH_LEN]);

/* The prefix and secret hash of a key given back as text/len.  Returns
 * 0, or -1 when it cannot be a key (refuse it as AD_KEY_INVALID). */
int ad_apikey_parse(const char *text, size_t len,
		    char prefix[AD_KEY_PREFIX_LEN + 1],
		    uint8_t hash[AD_KEY_HASH_LEN]);

/* The prefix named by "acd_key_XXXXXXXXXXXX" (or the 12 characters
 * alone).  0, or -1 when it is no prefix. */
int ad_apikey_prefix_parse(const char *s, size_t len,
			   char prefix[AD_KEY_PREFIX_LEN + 1]);

/* Does the secret hash presented match the key's?  Constant time. */
bool ad_apikey_matches(const struct ad_apikey *k,
		       const uint8_t hash[AD_KEY_HASH_LEN]);

/* The calendar month (UTC) of unix time t: YYYYMM. */
uint32_t ad_usage_month(uint64_t t);

/* ---- keys (store/apikey.c) ---- */

/* A key with its owner and the owner's tenant as they stand (owner and
 * t NULL when the owner is gone; its password hash is not filled). */
typedef int (*ad_apikey_fn)(void *arg, const struct ad_apikey *k,
			    const struct ad_user *owner,
			    const struct ad_tenant *t);

/* A key to issue to the user called login (k: its prefix, hash, scopes,
 * name, created and expires; the rest is set here). */
struct ad_apikey_issue {
	struct ad_str login;
	struct ad_apikey key;
	uint64_t now;
};

/*
 * One write: the user (NOTFOUND "no user 'x'", also a deleted one), its
 * dead keys (revoked, or expired at now) dropped, the oldest first,
 * while it holds max_api_keys_per_user keys; still as many live ones:
 * CONFLICT.  Then the key is stored (k->uid and k->tenant_gid set), with
 * the request's audit record.  out (may be NULL) gets it.
 */
int ad_store_apikey_issue(struct ad_store *st,
			  const struct ad_apikey_issue *iss, const char *actor,
			  struct ad_apikey *out, struct ad_err *err);

/* The key with this prefix, counts included; NOTFOUND without a
 * message. */
int ad_store_apikey_get(struct ad_store *st, const char *prefix,
			struct ad_apikey *out, struct ad_err *err);

/* One write: the key revoked at now (NOTFOUND without a message;
 * CONFLICT when revoked already).  out gets it. */
int ad_store_apikey_revoke(struct ad_store *st, const char *prefix,
			   uint64_t now, const char *actor,
			   struct ad_apikey *out, struct ad_err *err);

/* The keys of the user uid, or of the tenant tenant_gid, in prefix
 * order, counts included.  fn returns 0 to go on, 1 to stop, -1 to
 * fail. */
int ad_store_apikey_list_user(struct ad_store *st, uint32_t uid,
			      ad_apikey_fn fn, void *arg, struct ad_err *err);
int ad_store_apikey_list_tenant(struct ad_store *st, uint32_t tenant_gid,
				ad_apikey_fn fn, void *arg, struct ad_err *err);

/* Budgets: how many keys of the tenant are live (neither revoked nor
 * expired at now). */
int ad_store_apikey_live(struct ad_store *st, uint32_t tenant_gid, uint64_t now,
			 uint32_t *n, struct ad_err *err);

/* ---- usage (store/usage.c) ---- */

/* One accepted use of key k at now, counted in memory (no write).
 * ACCT_ST_OK, or INTERNAL when out of memory (nothing counted). */
int ad_store_usage_key_used(struct ad_store *st, const struct ad_apikey *k,
			    uint64_t now, struct ad_err *err);

/* One write: units added to the month of now of the tenant called slug
 * (NOTFOUND "no tenant 'x'"), with the request's audit record.  *month
 * and *total get the month and its units now (unwritten counts
 * included). */
int ad_store_usage_record(struct ad_store *st, struct ad_str slug,
			  uint64_t units, uint64_t now, const char *actor,
			  uint32_t *month, uint64_t *total, struct ad_err *err);

/* A tenant's usage: units of month (YYYYMM) and its key uses of every
 * month, written and counted. */
struct ad_usage {
	uint64_t units;
	uint64_t key_uses;
};
int ad_store_usage_of(struct ad_store *st, uint32_t tenant_gid, uint32_t month,
		      struct ad_usage *out, struct ad_err *err);

/* The units of a tenant's month alone, written and counted: one record
 * and one map lookup (the usage budget asks it on every key use). */
int ad_store_usage_units(struct ad_store *st, uint32_t tenant_gid,
			 uint32_t month, uint64_t *units, struct ad_err *err);

/* Write every count held in memory in one transaction, then forget
 * them; on failure they stay for the next flush.  *n (may be NULL) gets
 * how many entries were written. */
int ad_store_usage_flush(struct ad_store *st, uint32_t *n, struct ad_err *err);

#endif
