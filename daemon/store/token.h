/*
 * token.h - single-use, expiring secrets, stored only hashed: one store
 * for every kind (enum ad_token_kind); USER_RESET issues reset tokens,
 * USER_INVITE invitations and ME_EMAIL verifications (store/invite.h).
 *
 * A token is 32 random bytes shown once to its recipient as text: a prefix
 * naming its kind ("acd_reset_") and the bytes in unpadded base64url.  The
 * store keeps BLAKE2b-256 of the whole text as the key (the text itself is
 * never stored, logged or audited) with the token's kind, user, creation,
 * expiry, use and an optional small payload (a new email address).
 *
 * Using a token looks it up and marks it used in one write: a token that
 * is unknown, of another kind, used or expired is refused with the one
 * message AD_TOKEN_REFUSED, which does not say which.  Used and expired
 * tokens stay until their expiry passes; the sweep (ad_store_token_sweep,
 * on a timer) then removes them.  A user's tokens are indexed by uid, so
 * that they can be revoked (removed) together: a user disabled, deleted
 * or given a password by a token, and the users of a tenant suspended or
 * deprovisioned, keep none (store/lifecycle.h, store/user.c).
 */
#ifndef AD_STORE_TOKEN_H
#define AD_STORE_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/outbox.h"
#include "store/store.h"

enum ad_token_kind {
	AD_TOKEN_INVITE = 1,   /* "acd_invite_": accept an invitation */
	AD_TOKEN_RESET,	       /* "acd_reset_": set a forgotten password */
	AD_TOKEN_EMAIL_VERIFY, /* "acd_verify_": confirm a new address */
	AD_TOKEN_ACCESS,       /* "acd_access_": a short-lived sign-in */
	AD_TOKEN_REFRESH,      /* "acd_refresh_": renew a sign-in */
	AD_TOKEN__COUNT
};

#define AD_TOKEN_SECRET_LEN 32 /* random bytes in a token */
#define AD_TOKEN_KEY_LEN 32    /* BLAKE2b-256 of its text: the stored key */
#define AD_TOKEN_TEXT_MAX 64   /* the longest prefix and 43 characters */
#define AD_TOKEN_MAX_DATA 255

#define AD_TOKEN_REFUSED                                                       \
	"the token is not valid: it is unknown, used up or expired"

struct ad_token {
	uint32_t kind; /* enum ad_token_kind */
	uint32_t uid;  /* the user it is for */
	uint64_t created, expires;
	uint64_t used_at;		  /* 0: not used yet */
	char data[AD_TOKEN_MAX_DATA + 1]; /* "": none */
};

/* ---- the text (store/token_text.c) ---- */

/* "acd_reset_" for AD_TOKEN_RESET; NULL for no kind. */
const char *ad_token_prefix(uint32_t kind);

/*
 * A new token of kind: its text into text[AD_TOKEN_TEXT_MAX + 1] (shown
 * once, then wiped by the caller) and its key into key.  Returns 0, or -1
 * for no such kind.
 */
int ad_token_new(uint32_t kind, char *text, uint8_t key[AD_TOKEN_KEY_LEN]);

/*
 * The key of a token given back as text/len, which must have the shape
 * of a token of kind (its prefix, then 43 base64url characters).  Returns
 * 0, or -1 when it cannot be one (refuse it as AD_TOKEN_REFUSED).
 */
int ad_token_key(uint32_t kind, const char *text, size_t len,
		 uint8_t key[AD_TOKEN_KEY_LEN]);

/* ---- inside a write (store/token.c) ---- */

struct st_wtx;

/* Store t under key (a new token). */
int st_token_put(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		 const struct ad_token *t);

/* Use up the token under key: it must be of kind, unused and not expired
 * at now (else DENIED, AD_TOKEN_REFUSED); out gets it. */
int st_token_use(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		 uint32_t kind, uint64_t now, struct ad_token *out);

/* Remove uid's tokens of kind (0: of every kind), except the one under
 * keep (NULL: none); *n (may be NULL) gets how many. */
int st_token_revoke(struct st_wtx *w, uint32_t uid, uint32_t kind,
		    const uint8_t *keep, uint32_t *n);

/* Remove every token of every live user of the tenant whose gid is
 * tenant_gid; *n (may be NULL) gets how many. */
int st_token_revoke_tenant(struct st_wtx *w, uint32_t tenant_gid, uint32_t *n);
/* The token under key whatever its standing (used, expired): NOTFOUND
 * when there is none.  txn: a read or write transaction. */
struct MDB_txn;
int st_token_get(struct MDB_txn *txn, struct ad_store *st,
		 const uint8_t key[AD_TOKEN_KEY_LEN], struct ad_token *t,
		 struct ad_err *err);

/* Remove the token t under key, and its index entries. */
int st_token_drop(struct st_wtx *w, const uint8_t key[AD_TOKEN_KEY_LEN],
		  const struct ad_token *t);

/* ---- on their own (store/token.c) ---- */

/* st_token_get in a read of its own. */
int ad_store_token_get(struct ad_store *st, const uint8_t key[AD_TOKEN_KEY_LEN],
		       struct ad_token *out, struct ad_err *err);

/* Would the token under key be accepted for kind at now?  A read: out
 * gets it; DENIED (AD_TOKEN_REFUSED) when not. */
int ad_store_token_check(struct ad_store *st,
			 const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t kind,
			 uint64_t now, struct ad_token *out,
			 struct ad_err *err);

/* st_token_use in a write of its own. */
int ad_store_token_use(struct ad_store *st, const uint8_t key[AD_TOKEN_KEY_LEN],
		       uint32_t kind, uint64_t now, const char *actor,
		       struct ad_token *out, struct ad_err *err);

/* st_token_revoke (no token kept) in a write of its own. */
int ad_store_token_revoke(struct ad_store *st, uint32_t uid, uint32_t kind,
			  const char *actor, uint32_t *n, struct ad_err *err);

/* Remove at most max tokens whose expiry is at or before now, the oldest
 * first; *n gets how many. */
int ad_store_token_sweep(struct ad_store *st, uint64_t now, uint32_t max,
			 uint32_t *n, struct ad_err *err);

/* uid's tokens (their keys stay inside); fn returns 0 to go on, 1 to
 * stop, -1 to fail. */
typedef int (*ad_token_fn)(void *arg, const struct ad_token *t);
int ad_store_token_list(struct ad_store *st, uint32_t uid, ad_token_fn fn,
			void *arg, struct ad_err *err);

/* ---- tokens with what goes with them (store/token_issue.c) ---- */

/* May a token of this user be issued or used?  The caller's decision
 * (policy/), asked inside the write with the user and tenant as they
 * stand there (store.h, "decisions"). */
struct ad_token_guard {
	int (*fn)(void *arg, const struct ad_user *u, const struct ad_tenant *t,
		  char *msg, size_t msglen);
	void *arg;
};

/* A token to issue for the user called login. */
struct ad_token_issue {
	struct ad_str login;
	uint32_t kind;
	const uint8_t *key; /* AD_TOKEN_KEY_LEN bytes (ad_token_new) */
	uint64_t now, expires;
	const char *data;     /* NULL: none */
	bool replace;	      /* revoke the user's other tokens of kind */
	struct ad_mail *mail; /* queued with it (NULL: none): its id is set */
};

/*
 * One write: the user (NOTFOUND when no user has the login), guard's
 * verdict on it (tombstones included), the
 * user's older tokens of the kind revoked (replace), the token stored
 * and its mail queued, with the request's audit record; all or nothing
 * (the mail queue full: EXHAUSTED).  out gets the user with its tenant
 * slug.
 */
int ad_store_token_issue(struct ad_store *st, const struct ad_token_issue *iss,
			 const struct ad_token_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err);

/*
 * One write: use up the token under key (of kind, at now), ask guard
 * about its user (a refusal, or a user that is gone, is DENIED
 * AD_TOKEN_REFUSED as well), store hash as the user's password, clear
 * its failed logins and lock, and revoke its other tokens of every
 * kind; with the request's audit record.  out gets the user (tenant slug
 * too).
 */
int ad_store_token_set_password(struct ad_store *st,
				const uint8_t key[AD_TOKEN_KEY_LEN],
				uint32_t kind, uint64_t now, const char *hash,
				const struct ad_token_guard *guard,
				const char *actor, struct ad_user *out,
				struct ad_err *err);

/*
 * An invitation accepted: as ad_store_token_set_password with an
 * AD_TOKEN_INVITE token, and the user made active (its status reason
 * cleared) in the same write; ev (audit.h) is appended with it (NULL:
 * only the request's own record, if one is set).
 */
struct ad_audit_event;
int ad_store_token_activate(struct ad_store *st,
			    const uint8_t key[AD_TOKEN_KEY_LEN], uint64_t now,
			    const char *hash,
			    const struct ad_token_guard *guard,
			    const struct ad_audit_event *ev, const char *actor,
			    struct ad_user *out, struct ad_err *err);

#endif
