/*
 * mail.h - delivering the outbox (store/outbox.h).  A timer on the loop
 * looks for the message due first; the mail command (mail_command.h) runs
 * it on the worker pool, one message at a time, so that mail never takes
 * more than one worker from the password hashes; back on the loop the
 * outcome is written: delivered messages leave the outbox, failed ones
 * are tried again after a back-off (policy/mail.h).  The log names the
 * message, its recipient and the outcome, never its text (it may hold a
 * token).
 *
 * At startup every waiting message is made due at once: delivery resumes
 * where the last run left it, with whatever mail_command now says.
 * Everything here runs on the loop thread.
 */
#ifndef AD_MAIL_H
#define AD_MAIL_H

struct event_base;
struct ad_config;
struct ad_store;
struct ad_workers;
struct ad_mailer;

/* Deliver st's outbox with cfg's mail_command, mail_from and
 * mail_timeout_s (read for each message: a reload applies) on the pool
 * wp.  NULL when out of memory. */
struct ad_mailer *ad_mailer_new(struct event_base *base, struct ad_store *st,
				const struct ad_config *cfg,
				struct ad_workers *wp);

/* Stop looking for messages.  A delivery on its way still ends (its done
 * runs when the pool stops): free the mailer only after ad_workers_stop. */
void ad_mailer_free(struct ad_mailer *m);

#endif
