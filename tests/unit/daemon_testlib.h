/*
 * daemon_testlib.h - a temporary store and a tiny request builder for the
 * daemon's unit tests.  Requests go through ad_dispatch, the real
 * interface; replies are picked apart with the reply helpers.
 */
#ifndef DAEMON_TESTLIB_H
#define DAEMON_TESTLIB_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include "acct_codec.h"
/* daemon/ is on the include path; never name "config.h" here, which
 * would be autoconf's: ctx.h brings daemon/config.h along */
#include "server/ctx.h"
#include "store/store.h"

struct dt {
	char dir[64];	  /* the temporary state directory */
	char passwd[128]; /* the "host's" local files */
	char group[128];
	char shells[128]; /* the host's /etc/shells (cfg.shells_file) */
	struct ad_store *st;
	struct ad_config cfg;
	struct ad_ctx ctx;
	struct acct_buf req, rep;
	unsigned platform;	  /* the callers' AD_PLATFORM_* groups */
	int status;		  /* of the last dt_call */
	char msg[AD_MSG_MAX + 1]; /* its MESSAGE, or "" */
};

/* Fresh temp dir and store (uids/gids 10000..60000, empty local files). */
void dt_setup(struct dt *t);
/* Close the store and remove the directory. */
void dt_teardown(struct dt *t);
void dt_reopen(struct dt *t);
void dt_write_file(const char *path, const char *text);

/*
 * Build a request from the arguments and dispatch it as uid.  Arguments:
 * DT_S(tag, "str"), DT_U(tag, 5), DT_Q(tag, u64), DT_BEGIN(tag) ... DT_ENDREC, and DT_END
 * last.  Returns the status; the reply stays in t->rep, its message in
 * t->msg.
 */
int dt_call(struct dt *t, uid_t uid, uint16_t op, ...);
/* Dispatch whatever t->req holds (for hand-made payloads). */
int dt_send(struct dt *t, uid_t uid, uint16_t op);

#define DT_END 0
#define DT_S(tag, v) 's', (int)(tag), (const char *)(v)
#define DT_U(tag, v) 'u', (int)(tag), (unsigned)(v)
#define DT_Q(tag, v) 'q', (int)(tag), (uint64_t)(v)
#define DT_BEGIN(tag) 'b', (int)(tag)
#define DT_ENDREC 'e'

/* ---- reading replies ---- */
/* The n-th (0-based) top-level field with tag in p/len; asserts it exists. */
struct acct_field dt_field(const void *p, size_t len, uint16_t tag, int n);
int dt_count(const void *p, size_t len, uint16_t tag);
uint32_t dt_u32(const void *p, size_t len, uint16_t tag);
uint64_t dt_u64(const void *p, size_t len, uint16_t tag);
/* Copy of a string field into a static buffer (valid until next call). */
const char *dt_str(const void *p, size_t len, uint16_t tag);
/* Does a rec hold a MEMBER field equal to login? */
int dt_has_member(const struct acct_field *rec, const char *login);
/* Is gid among the top-level GID fields of the reply? */
int dt_reply_has_gid(struct dt *t, uint32_t gid);

/* ---- shortcuts that assert success ---- */
void dt_tenant(struct dt *t, const char *slug);
/* Returns the new uid.  role 0: leave ROLE out (the default). */
uint32_t dt_user(struct dt *t, const char *login, const char *tenant,
		 unsigned role);
/* Field of the one rec (tag rec) of the last reply. */
uint32_t dt_rec_u32(struct dt *t, uint16_t rec, uint16_t tag);
const char *dt_rec_str(struct dt *t, uint16_t rec, uint16_t tag);
/* A STATUS count (ACCT_T_COUNT_*) right now. */
uint32_t dt_count_of(struct dt *t, uint16_t tag);

/* ---- audit records, as a test sees them ---- */

struct dt_audit {
	uint64_t seq;
	char action[64], target[64], tenant[64], actor[64], reason[256],
		message[256];
	uint32_t result, pam_result, pid; /* 0 when absent */
	int64_t uid;			  /* ACTOR_UID; -1 when absent */
};

struct dt_audit_list {
	struct dt_audit rec[128];
	size_t n;
};

/* Every audit record, in order; the chain must verify over all of them. */
void dt_audit_read(struct dt *t, struct dt_audit_list *l);

#endif
