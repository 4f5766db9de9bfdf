/*
 * token_testlib.h - what the tests of mailed tokens look at (invitations,
 * email changes): the outbox, the tokens a user holds, where a token's
 * text must never be, and the audit records, refusals flushed first.
 * Reads only, through the store's API, beside daemon_testlib.h.
 */
#ifndef TOKEN_TESTLIB_H
#define TOKEN_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "daemon_testlib.h"
#include "store/outbox.h"
#include "store/token.h"

/* Mails waiting in the outbox. */
uint32_t tt_queued(struct dt *t);
/* The last mail queued (asserted to exist). */
struct ad_mail tt_last_mail(struct dt *t);
/* The token of kind in the last mail (asserted there, whole): a static
 * copy, valid until the next call. */
const char *tt_mailed_token(struct dt *t, uint32_t kind);
/* How many tokens uid holds (used and expired ones too, until swept);
 * of kind only when kind is not 0. */
int tt_tokens_of(struct dt *t, uint32_t uid, uint32_t kind);
/* The one token uid holds of kind (asserted). */
struct ad_token tt_token_of(struct dt *t, uint32_t uid, uint32_t kind);
/* Is s anywhere in the bytes of any audit record? */
bool tt_audited_anywhere(struct dt *t, const char *s);
/* The audit records, coalesced refusals flushed first. */
void tt_audit(struct dt *t, struct dt_audit_list *l);
/* The last record of action (asserted), and how many there are. */
const struct dt_audit *tt_last_of(const struct dt_audit_list *l,
				  const char *action);
int tt_count_of(const struct dt_audit_list *l, const char *action);
/* The user as stored (asserted to exist). */
struct ad_user tt_stored(struct dt *t, const char *login);
/* Does login's stored hash match password? */
bool tt_password_is(struct dt *t, const char *login, const char *password);

#endif
