/*
 * invite.h - invitations and email changes, each in one write: a pending
 * user with its invitation token and mail; a new address with its
 * verification token and mail, the user's other tokens revoked; and the
 * verification.  The store keeps the data whole (the login and the
 * address unique, the token and its mail together); whether a change may
 * be made is the caller's decision (policy/invite.h), asked inside the
 * write.  Tokens themselves: token.h.
 */
#ifndef AD_STORE_INVITE_H
#define AD_STORE_INVITE_H

#include <stddef.h>
#include <stdint.h>

#include "store/outbox.h"
#include "store/store.h"
#include "store/token.h"

/* An email address as the store keeps it (trimmed, its domain
 * lowercased) into dst[AD_MAX_EMAIL + 1]; "" for none.  INVALID with a
 * message when it is not an address. */
int ad_store_email_normal(struct ad_str s, char *dst, struct ad_err *err);

/*
 * USER_INVITE: one write that creates spec's user as
 * ad_store_user_create does (open decides whether its tenant takes it; a
 * taken login is EXISTS, an address another user of the tenant has
 * CONFLICT) but pending, stores its invitation token (iss: kind
 * AD_TOKEN_INVITE, key, now, expires; its login is spec's name) and
 * queues iss->mail; all or nothing (a full mail queue: EXHAUSTED).  out
 * gets the user with its tenant slug.
 */
int ad_store_user_invite(struct ad_store *st, const struct ad_user_spec *spec,
			 ad_tenant_open_fn open,
			 const struct ad_token_issue *iss, const char *actor,
			 struct ad_user *out, struct ad_err *err);

/* May user u take (ME_EMAIL) or confirm (ME_EMAIL_VERIFY) address?  The
 * caller's decision (store.h, "decisions"). */
struct ad_email_guard {
	int (*fn)(void *arg, const struct ad_user *u, const char *address,
		  char *msg, size_t msglen);
	void *arg;
};

/* An email change (ME_EMAIL). */
struct ad_email_change {
	uint32_t uid;	    /* the user, by its uid */
	const char *email;  /* its new address (ad_store_email_normal) */
	const uint8_t *key; /* the verification token's (AD_TOKEN_KEY_LEN) */
	uint64_t now, expires;
	struct ad_mail *mail; /* queued with it: its id is set */
};

/*
 * One write: the user uid (NOTFOUND when none; a deleted one is
 * CONFLICT), guard's verdict on the new address, the address stored
 * (another user of the tenant with it: CONFLICT), EMAIL_VERIFIED_AT
 * cleared, every token of the user revoked (*revoked gets how many), the
 * verification token stored (its payload the new address) and its mail
 * queued, with the request's audit record; all or nothing.  out gets the
 * user with its tenant slug.
 */
int ad_store_email_change(struct ad_store *st, const struct ad_email_change *c,
			  const struct ad_email_guard *guard, const char *actor,
			  struct ad_user *out, uint32_t *revoked,
			  struct ad_err *err);

/*
 * ME_EMAIL_VERIFY: one write that uses up the verification token under
 * key at now, which must be user uid's (else DENIED AD_TOKEN_REFUSED, and
 * nothing is used up), asks guard whether its payload confirms the
 * user's address (a refusal: AD_TOKEN_REFUSED too), and sets
 * EMAIL_VERIFIED_AT to now, with the request's audit record.  out gets
 * the user with its tenant slug.
 */
int ad_store_email_verify(struct ad_store *st,
			  const uint8_t key[AD_TOKEN_KEY_LEN], uint32_t uid,
			  uint64_t now, const struct ad_email_guard *guard,
			  const char *actor, struct ad_user *out,
			  struct ad_err *err);

#endif
