/*
 * mail.c - the outbox's delivery (see mail.h): a one-second timer, one
 * job at a time on the worker pool, the outcome written back on the loop.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "policy/mail.h"
#include "server/config.h"
#include "server/log.h"
#include "server/mail.h"
#include "server/mail_command.h"
#include "server/mail_text.h"
#include "server/worker.h"
#include "store/outbox.h"

#define MAIL_TICK_SECS 1
#define STORE_PAUSE_SECS 60 /* after the outbox could not be read or written */
#define HOST_MAX 255

struct ad_mailer {
	struct ad_store *st;
	const struct ad_config *cfg;
	struct ad_workers *wp;
	struct event *tick;
	bool busy; /* a message is with the mail command */
	/* no delivery before this time: the store failed, and an outcome it
	 * could not record must not turn into a message sent again and
	 * again at once */
	uint64_t pause_until;
	/* the sender when mail_from is not set */
	char host_from[sizeof(AD_MAIL_FROM_USER) + HOST_MAX + 1];
};

/* One message on its way through a worker. */
struct mail_job {
	struct ad_mailer *m;
	struct ad_mail mail; /* as read: the outcome finds it by this */
	char cmd[sizeof(((struct ad_config *)0)->mail_command)];
	char *argv[AD_MAIL_MAX_ARGS + 1];
	unsigned timeout_ms;
	struct acct_buf text; /* the message as the command reads it */
	struct ad_mail_outcome out;
};

static void job_free(struct mail_job *j)
{
	acct_buf_free(&j->text); /* a secret buffer: wiped */
	sodium_memzero(j, sizeof(*j));
	free(j);
}

static uint64_t now_s(void)
{
	return (uint64_t)time(NULL);
}

/* "accountsd@" and the host's name, if that makes one plain address. */
static void default_sender(struct ad_mailer *m)
{
	char host[HOST_MAX + 1] = "";

	if (gethostname(host, sizeof(host)) < 0)
		host[0] = '\0';
	host[HOST_MAX] = '\0';
	snprintf(m->host_from, sizeof(m->host_from), "%s@%s", AD_MAIL_FROM_USER,
		 host);
	if (!ad_mail_address_ok(m->host_from, strlen(m->host_from)))
		snprintf(m->host_from, sizeof(m->host_from), "%s@localhost",
			 AD_MAIL_FROM_USER);
}

/* The store failed: log it, and leave the outbox alone for a while. */
static void pause_on(struct ad_mailer *m, const char *what, const char *why)
{
	m->pause_until = now_s() + STORE_PAUSE_SECS;
	ad_log(LOG_ERR, "outbox: %s: %s; delivery paused for %d s", what, why,
	       STORE_PAUSE_SECS);
}

static const char *sender(const struct ad_mailer *m)
{
	return m->cfg->mail_from[0] != '\0' ? m->cfg->mail_from : m->host_from;
}

/* A failed attempt: counted, and the next one after the back-off. */
static void failed(struct ad_mailer *m, const struct ad_mail *mail,
		   const char *why)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	uint32_t n =
		mail->attempts < UINT32_MAX ? mail->attempts + 1 : UINT32_MAX;
	uint64_t wait = ad_mail_retry_after(n);

	if (ad_store_outbox_failed(m->st, mail, now_s() + wait, why, &err) !=
	    ACCT_ST_OK) {
		ad_log(LOG_ERR, "mail %llu to %s not delivered: %s",
		       (unsigned long long)mail->id, mail->to, why);
		pause_on(m, "cannot record a failed delivery", err.msg);
		return;
	}
	ad_log(LOG_WARNING,
	       "mail %llu to %s not delivered (attempt %u): %s; trying "
	       "again in %llu s",
	       (unsigned long long)mail->id, mail->to, n, why,
	       (unsigned long long)wait);
}

static void delivered(struct ad_mailer *m, const struct ad_mail *mail)
{
	struct ad_err err = {ACCT_ST_OK, ""};

	if (ad_store_outbox_delivered(m->st, mail, &err) != ACCT_ST_OK) {
		/* still queued: it goes out again (never lost), not at once */
		ad_log(LOG_ERR, "mail %llu to %s delivered, but still queued",
		       (unsigned long long)mail->id, mail->to);
		pause_on(m, "cannot take a delivered mail out", err.msg);
		return;
	}
	ad_log(LOG_INFO, "mail %llu to %s delivered",
	       (unsigned long long)mail->id, mail->to);
}

static void deliver_next(struct ad_mailer *m);

/* On a worker: the mail command, and nothing of the loop. */
static void job_work(void *arg)
{
	struct mail_job *j = arg;

	ad_mail_run(j->argv, j->text.data, j->text.len, j->timeout_ms, &j->out);
}

/* Back on the loop: write the outcome, then the next message. */
static void job_done(void *arg, bool cancelled)
{
	struct mail_job *j = arg;
	struct ad_mailer *m = j->m;

	m->busy = false;
	if (cancelled) {
		/* the daemon stops: the message waits for the next start */
		job_free(j);
		return;
	}
	if (j->out.delivered)
		delivered(m, &j->mail);
	else
		failed(m, &j->mail, j->out.why);
	job_free(j);
	deliver_next(m);
}

/* The job for mail, ready to run: 0, or -1 (the message failed: why). */
static int job_prepare(struct ad_mailer *m, struct mail_job *j,
		       const char **why)
{
	j->m = m;
	j->timeout_ms = m->cfg->mail_timeout_s * 1000u;
	acct_buf_init(&j->text, 2u * sizeof(j->mail));
	j->text.secret = 1;
	if (ad_mail_split(m->cfg->mail_command, j->cmd, sizeof(j->cmd), j->argv,
			  why) < 0)
		return -1;
	return ad_mail_format(&j->text, sender(m), &j->mail, why);
}

static void deliver_next(struct ad_mailer *m)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct mail_job *j;
	const char *why = "";
	int rc;

	if (m->busy || now_s() < m->pause_until)
		return;
	j = calloc(1, sizeof(*j));
	if (j == NULL)
		return; /* the next tick tries again */
	rc = ad_store_outbox_next(m->st, now_s(), &j->mail, &err);
	if (rc != ACCT_ST_OK) {
		if (rc != ACCT_ST_NOTFOUND)
			pause_on(m, "cannot read it", err.msg);
		job_free(j);
		return;
	}
	if (job_prepare(m, j, &why) < 0) {
		failed(m, &j->mail, why);
		job_free(j);
		return;
	}
	if (ad_workers_submit(m->wp, job_work, job_done, j) < 0) {
		/* the pool is full or stopping: the message stays due */
		if (errno != EAGAIN && errno != ESHUTDOWN)
			ad_log(LOG_ERR, "mail %llu: cannot queue its delivery",
			       (unsigned long long)j->mail.id);
		job_free(j);
		return;
	}
	m->busy = true;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	deliver_next(arg);
}

struct ad_mailer *ad_mailer_new(struct event_base *base, struct ad_store *st,
				const struct ad_config *cfg,
				struct ad_workers *wp)
{
	struct timeval tv = {.tv_sec = MAIL_TICK_SECS, .tv_usec = 0};
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_mailer *m = calloc(1, sizeof(*m));
	uint32_t waiting = 0;

	if (m == NULL)
		return NULL;
	m->st = st;
	m->cfg = cfg;
	m->wp = wp;
	default_sender(m);
	m->tick = event_new(base, -1, EV_PERSIST, on_tick, m);
	if (m->tick == NULL || event_add(m->tick, &tv) < 0) {
		ad_mailer_free(m);
		return NULL;
	}
	/* what waited through the restart goes out now */
	if (ad_store_outbox_wake(st, now_s(), &waiting, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR, "outbox: %s", err.msg);
	else if (waiting > 0)
		ad_log(LOG_NOTICE, "the outbox holds %u message%s: delivering",
		       waiting, waiting == 1 ? "" : "s");
	return m;
}

void ad_mailer_free(struct ad_mailer *m)
{
	if (m == NULL)
		return;
	if (m->tick != NULL)
		event_free(m->tick);
	free(m);
}
