/* ctx.h - what every request handler can see of the running daemon. */
#ifndef AD_CTX_H
#define AD_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "acct_proto.h"
#include "server/config.h"
#include "policy/rate.h"
#include "server/shells.h"

struct ad_store;
struct ad_workers;
struct ad_deferrer;
struct ad_sessions;
struct ad_refusals;

/* The caller, from SO_PEERCRED on its connection. */
struct ad_peer {
	uint64_t conn_id;
	pid_t pid;
	uid_t uid;
	gid_t gid;
	unsigned platform; /* AD_PLATFORM_* (policy/access.h): its groups */
	/* for one request past the public lookups: who the caller is, as
	 * log lines name it ("root (sudo by alice)"); "" on a connection */
	char actor[64];
};

#define AD_AUDIT_CHAIN_MAX 300

/* Failed logins kept in memory while the store cannot record them. */
#define AD_LOST_FAILURES 64u

struct ad_ctx {
	struct ad_store *store;
	const struct ad_config *cfg;
	time_t started; /* for STATUS uptime */
	/* the audit chain as verified at startup (STATUS): "intact", or
	 * where it breaks */
	char audit_chain[AD_AUDIT_CHAIN_MAX];
	bool audit_verifying; /* an AUDIT_VERIFY walk is running */
	unsigned connections; /* currently open client connections */

	struct ad_workers *workers;   /* slow work off the loop (worker.h) */
	struct ad_deferrer *defer;    /* replies that come later (pending.h) */
	struct ad_sessions *sessions; /* watched processes (session.h) */
	struct ad_refusals *refusals; /* audit of refusals (refusal.h) */
	/* failed logins the store could not record: retried before every
	 * password check, which is refused while they still cannot be
	 * (ops/pam_common.h) */
	struct ad_lost_failure {
		char login[ACCT_MAX_NAME + 1];
		char action[16]; /* "auth", "chauthtok" */
		uint64_t when;
		struct ad_peer peer;
	} lost[AD_LOST_FAILURES];
	unsigned n_lost;

	/* the host's passwd file, to name operators (server/host.h);
	 * NULL: /etc/passwd.  Tests set their own. */
	const char *host_passwd;
	/* the time lockout and the login policy go by (unix seconds);
	 * NULL: time(NULL).  Tests set their own. */
	uint64_t (*clock)(void);
	/* the time rates go by (monotonic milliseconds); NULL:
	 * CLOCK_MONOTONIC.  Tests set their own. */
	uint64_t (*clock_ms)(void);
	/* requests of callers other than root, per class (starts zeroed) */
	struct ad_ratelimit rate[AD_RATE__COUNT];
	/* plans (issue 9): called after a subscription changed, so that the
	 * daemon's subscription timer is armed again (main.c); NULL: no
	 * timer (unit tests) */
	void (*subscriptions_changed)(void *arg);
	void *subscriptions_arg;
	/* the audit chain's last verification, for STATUS (issue 10, ops;
	 * ad_audit_chain_set): records found whole, when (0: never), the
	 * first bad record (0: none) */
	uint64_t audit_verified, audit_verified_at, audit_broken;
	/* issue 10: /etc/shells (cfg->shells_file) as last read; SIGHUP
	 * forgets it (starts zeroed) */
	struct ad_shells shells;
	/* backup (issue 10): the descriptor that came with the request
	 * being dispatched, when fd_passed (only ACCT_OP_BACKUP may carry
	 * one: server.c).  A handler keeps it with ad_ctx_take_fd; the
	 * server closes one left after the dispatch. */
	bool fd_passed;
	int passed_fd;
};

/* The request's descriptor, now the caller's to close; -1: none. */
static inline int ad_ctx_take_fd(struct ad_ctx *ctx)
{
	int fd = ctx->fd_passed ? ctx->passed_fd : -1;

	ctx->fd_passed = false;
	return fd;
}

static inline uint64_t ad_ctx_now(const struct ad_ctx *ctx)
{
	return ctx->clock != NULL ? ctx->clock() : (uint64_t)time(NULL);
}

static inline uint64_t ad_ctx_now_ms(const struct ad_ctx *ctx)
{
	struct timespec ts;

	if (ctx->clock_ms != NULL)
		return ctx->clock_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

#endif
