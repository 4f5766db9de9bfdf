/* ctx.h - what every request handler can see of the running daemon. */
#ifndef AD_CTX_H
#define AD_CTX_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "ratelimit.h"

struct ad_store;
struct ad_workers;
struct ad_deferrer;
struct ad_sessions;

/* The caller, from SO_PEERCRED on its connection. */
struct ad_peer {
	uint64_t conn_id;
	pid_t pid;
	uid_t uid;
	gid_t gid;
};

struct ad_ctx {
	struct ad_store *store;
	const struct ad_config *cfg;
	time_t started;	      /* for STATUS uptime */
	unsigned connections; /* currently open client connections */

	struct ad_workers *workers;   /* slow work off the loop (worker.h) */
	struct ad_deferrer *defer;    /* replies that come later (pending.h) */
	struct ad_sessions *sessions; /* watched processes (session.h) */

	/* the time lockout and the login policy go by (unix seconds);
	 * NULL: time(NULL).  Tests set their own. */
	uint64_t (*clock)(void);
	/* PAM requests of callers other than root (starts zeroed) */
	struct ad_ratelimit pam_rate;
};

static inline uint64_t ad_ctx_now(const struct ad_ctx *ctx)
{
	return ctx->clock != NULL ? ctx->clock() : (uint64_t)time(NULL);
}

#endif
