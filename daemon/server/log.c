/*
 * log.c - daemon logging to syslog, or to stderr in the foreground.
 *
 * Lines about a connection from ad_log_peer() at LOG_NOTICE or more severe
 * are what a misbehaving client can provoke at will (protocol errors,
 * timeouts, refused requests), so they are rate-limited per peer uid: a
 * burst, then a steady trickle, then one "suppressed N messages" line.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/ctx.h"
#include "server/log.h"

#define LIMIT_BURST 10	 /* lines a uid may log at once */
#define LIMIT_PER_SEC 2	 /* then this many per second */
#define LIMIT_BUCKETS 64 /* uids hash into this many buckets */

struct limit_bucket {
	uid_t uid;
	int used;	 /* bucket holds this uid */
	double tokens;	 /* lines it may log now */
	int64_t last_ms; /* when tokens were last refilled */
	unsigned long suppressed;
};

static int log_to_stderr = 1;
static int log_debug_on;
static struct limit_bucket buckets[LIMIT_BUCKETS];
/* Worker threads may log about their requests too. */
static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;

void ad_log_open(int to_stderr, int debug)
{
	log_to_stderr = to_stderr;
	log_debug_on = debug != 0;
	if (!to_stderr)
		openlog("accountsd", LOG_PID, LOG_DAEMON);
}

void ad_log_set_debug(int debug)
{
	log_debug_on = debug != 0;
}

int ad_log_debug_enabled(void)
{
	return log_debug_on;
}

static const char *prio_name(int prio)
{
	switch (prio) {
	case LOG_EMERG:
		return "emerg";
	case LOG_ALERT:
		return "alert";
	case LOG_CRIT:
		return "crit";
	case LOG_ERR:
		return "error";
	case LOG_WARNING:
		return "warning";
	case LOG_NOTICE:
		return "notice";
	case LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

/* One finished line to its destination. */
static void emit(int prio, const char *line)
{
	if (log_to_stderr)
		fprintf(stderr, "accountsd[%ld]: %s: %s\n", (long)getpid(),
			prio_name(prio), line);
	else
		syslog(prio, "%s", line);
}

void ad_log_authpriv(int prio, const char *line)
{
	if (log_to_stderr)
		emit(prio, line);
	else
		syslog(LOG_AUTHPRIV | prio, "%s", line);
}

static void vlog(int prio, const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	n = snprintf(line, sizeof(line), "%s", prefix);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* A value quoted from a client must not forge extra log lines. */
	for (char *p = line; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	}
	emit(prio, line);
}

void ad_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !log_debug_on)
		return;
	va_start(ap, fmt);
	vlog(prio, "", fmt, ap);
	va_end(ap);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void report_suppressed(struct limit_bucket *b)
{
	if (b->used && b->suppressed > 0)
		ad_log(LOG_NOTICE,
		       "suppressed %lu messages about clients of uid %lu",
		       b->suppressed, (unsigned long)b->uid);
	b->suppressed = 0;
}

/* Token bucket for this uid: 1 when the line may be logged, 0 to drop it. */
static int limit_allow(uid_t uid)
{
	struct limit_bucket *b =
		&buckets[(uint32_t)uid * 2654435761u % LIMIT_BUCKETS];
	int64_t now = now_ms();

	if (!b->used || b->uid != uid) {
		/* A new uid takes the slot over; report what the old one
		 * lost so that nothing is silently forgotten. */
		report_suppressed(b);
		b->used = 1;
		b->uid = uid;
		b->tokens = LIMIT_BURST;
		b->last_ms = now;
	}
	b->tokens += (double)(now - b->last_ms) * LIMIT_PER_SEC / 1000.0;
	if (b->tokens > LIMIT_BURST)
		b->tokens = LIMIT_BURST;
	b->last_ms = now;
	if (b->tokens < 1.0) {
		b->suppressed++;
		return 0;
	}
	b->tokens -= 1.0;
	report_suppressed(b);
	return 1;
}

void ad_log_peer(int prio, const struct ad_peer *peer, const char *fmt, ...)
{
	char prefix[192];
	/* the caller's name, when it has one beside its uid */
	bool named =
		peer->actor[0] != '\0' && strncmp(peer->actor, "uid ", 4) != 0;
	va_list ap;

	if (prio == LOG_DEBUG && !log_debug_on)
		return;
	if (prio <= LOG_NOTICE) {
		int allowed;

		pthread_mutex_lock(&limit_lock);
		allowed = limit_allow(peer->uid);
		pthread_mutex_unlock(&limit_lock);
		if (!allowed)
			return;
	}
	snprintf(prefix, sizeof(prefix), "[conn %llu pid %ld uid %lu%s%s] ",
		 (unsigned long long)peer->conn_id, (long)peer->pid,
		 (unsigned long)peer->uid, named ? " " : "",
		 named ? peer->actor : "");
	va_start(ap, fmt);
	vlog(prio, prefix, fmt, ap);
	va_end(ap);
}

void ad_log_flush_suppressed(void)
{
	pthread_mutex_lock(&limit_lock);
	for (size_t i = 0; i < LIMIT_BUCKETS; i++)
		report_suppressed(&buckets[i]);
	pthread_mutex_unlock(&limit_lock);
}
