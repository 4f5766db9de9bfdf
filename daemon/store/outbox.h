/*
 * outbox.h - the mail outbox: messages waiting for the mail command
 * (server/mail.h delivers them), kept in LMDB so that a restart loses
 * none.  A message is queued inside the write transaction of the change
 * that causes it (a token and its mail commit together or not at all),
 * leaves the outbox only once delivered, and is otherwise retried later:
 * never dropped.
 *
 * Bounded: at most mail_queue_max messages wait; one more makes the
 * change that queues it fail with EXHAUSTED, and nothing is written.
 * A message's text may hold a token: copies in memory are wiped after
 * use (ad_mail_wipe), and the database lives in the root-only state
 * directory until the message is delivered.
 */
#ifndef AD_STORE_OUTBOX_H
#define AD_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AD_MAIL_MAX_SUBJECT 200
#define AD_MAIL_MAX_BODY 4000 /* one string on the wire: under ACCT_MAX_STR */
#define AD_MAIL_MAX_ERROR 200

struct ad_mail {
	uint64_t id; /* from 1 up, set when queued */
	char to[AD_MAX_EMAIL + 1];
	char subject[AD_MAIL_MAX_SUBJECT + 1];
	char body[AD_MAIL_MAX_BODY + 1]; /* may hold a token */
	uint64_t created;		 /* when it was queued */
	uint32_t attempts;		 /* deliveries tried and failed */
	uint64_t next_attempt;		 /* not before this time */
	char last_error[AD_MAIL_MAX_ERROR + 1]; /* "": none yet */
};

/* Wipe a message held in memory (its text may hold a token). */
void ad_mail_wipe(struct ad_mail *m);

struct st_wtx;

/*
 * Queue m (to, subject and body set; the rest is set here: id, created
 * and next_attempt = now, attempts 0) inside the open write transaction
 * w.  INVALID when to is not one plain address or a text is too long,
 * EXHAUSTED when mail_queue_max messages wait already.
 */
int st_outbox_put(struct st_wtx *w, struct ad_mail *m);

/* The message due first (next_attempt <= now) into out; NOTFOUND when
 * none is due. */
int ad_store_outbox_next(struct ad_store *st, uint64_t now, struct ad_mail *out,
			 struct ad_err *err);

/* m (as ad_store_outbox_next gave it) was delivered: gone from the
 * outbox.  NOTFOUND when it is not there any more. */
int ad_store_outbox_delivered(struct ad_store *st, const struct ad_mail *m,
			      struct ad_err *err);

/* m's delivery failed with why: one more attempt counted, the next one
 * not before next.  NOTFOUND when it is not there any more. */
int ad_store_outbox_failed(struct ad_store *st, const struct ad_mail *m,
			   uint64_t next, const char *why, struct ad_err *err);

/* Make every waiting message due at now (the daemon starts: the command
 * or its configuration may have been mended meanwhile).  *n gets how
 * many wait. */
int ad_store_outbox_wake(struct ad_store *st, uint64_t now, uint32_t *n,
			 struct ad_err *err);

/* How many messages wait. */
int ad_store_outbox_count(struct ad_store *st, uint32_t *n, struct ad_err *err);

/* Every waiting message, the one due first first; fn returns 0 to go on,
 * 1 to stop, -1 to fail. */
typedef int (*ad_mail_fn)(void *arg, const struct ad_mail *m);
int ad_store_outbox_list(struct ad_store *st, ad_mail_fn fn, void *arg,
			 struct ad_err *err);

#endif
