/*
 * session.c - SESSION_OPEN and SESSION_CLOSE (pam_accounts.so's
 * session phase), SESSION_LIST and SESSION_REVOKE (the operator).  The
 * rules are in acct_proto.h; the watching of processes in session.c.
 */
#include <inttypes.h>
#include <stdio.h>

#include "acct_text.h"
#include "ops/audit.h"
#include "ops/pam_common.h"
#include "ops/budget.h"
#include "ops/handlers.h"
#include "ops/home_session.h"
#include "ops/target.h"
#include "server/log.h"
#include "policy/login.h"
#include "procs/sessions.h"
#include "procs/pidfd.h"
#include "store/lifecycle.h"

#define AD_DENIED_OPEN "only root may open a session for another user"
#define AD_DENIED_PID "only root may open a session for another process"
#define AD_DENIED_CLOSE "only root may close another user's session"
/* what a caller other than root learns of a session it may not close:
 * the same as of one that never existed */
#define AD_NO_SESSION "no such session (it has ended)"

/* A short one-line text (service, tty, rhost) copied into dst[max + 1]. */
static int take_text(struct ad_str v, const char *what, size_t min, size_t max,
		     char *dst, struct ad_err *err)
{
	dst[0] = '\0';
	if (v.p == NULL)
		return ACCT_ST_OK;
	if (v.len < min || v.len > max)
		return ad_fail(err, ACCT_ST_INVALID,
			       "%s must be %zu to %zu bytes", what, min, max);
	for (size_t i = 0; i < v.len; i++)
		if (acct_is_ctrl((unsigned char)v.p[i]))
			return ad_fail(err, ACCT_ST_INVALID,
				       "%s holds a control character", what);
	memcpy(dst, v.p, v.len);
	dst[v.len] = '\0';
	return ACCT_ST_OK;
}

static int no_sessions(struct ad_err *err)
{
	return ad_fail(err, ACCT_ST_INTERNAL, "sessions are not tracked here");
}

/* ---- SESSION_OPEN ---- */

struct open_args {
	struct ad_str name;
	struct ad_session s; /* service, tty, rhost, pid, proc_start */
	bool pid_given;
};

static int read_open(const struct ad_peer *peer, const struct ad_request *rq,
		     struct open_args *a, struct ad_err *err)
{
	struct ad_str service = {NULL, 0}, tty = {NULL, 0}, rhost = {NULL, 0};
	bool given;
	int rc;

	memset(a, 0, sizeof(*a));
	a->s.pid = (uint32_t)peer->pid;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &a->name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_SERVICE, true,
				&service, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_TTY, false, &tty,
				err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_RHOST, false,
				&rhost, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_PID, false,
				&a->s.pid, &a->pid_given, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u64(rq->payload, rq->len, ACCT_T_PROC_START, false,
				&a->s.proc_start, &given, err);
	if (rc == ACCT_ST_OK)
		rc = take_text(service, "service", 1, AD_MAX_SERVICE,
			       a->s.service, err);
	if (rc == ACCT_ST_OK)
		rc = take_text(tty, "tty", 0, AD_MAX_TTY, a->s.tty, err);
	if (rc == ACCT_ST_OK)
		rc = take_text(rhost, "rhost", 0, AD_MAX_RHOST, a->s.rhost,
			       err);
	return rc;
}

AD_HANDLER(ad_handle_session_open)
{
	struct ad_budget_outcome budget;
	struct ad_budget_arm arm;
	struct ad_audit_who who;
	char msg[AD_MSG_MAX];
	enum acct_pam_result res;
	struct open_args a;
	struct ad_tenant t;
	struct ad_user u;
	bool known;
	int rc;

	rc = read_open(peer, rq, &a, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* another user's name is refused; a name the directory does not
	 * show is simply unknown (ad_pam_target) */
	rc = ad_pam_target(ctx, rq, a.name, NULL, AD_DENIED_OPEN, &u, &t,
			   &known, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!known) {
		ad_pam_put_verdict(reply, ACCT_PAM_USER_UNKNOWN, NULL);
		return ACCT_ST_OK;
	}
	/* a user's process may register itself, not another process */
	if (peer->uid != 0 && a.pid_given && a.s.pid != (uint32_t)peer->pid) {
		ad_audit_refusal(rq->audit, ACCT_PAM_OK, u.name, t.slug, NULL,
				 AD_DENIED_PID);
		return ad_fail(err, ACCT_ST_DENIED, "%s", AD_DENIED_PID);
	}
	res = ad_policy_may_login(&u, &t, ad_ctx_now(ctx), msg, sizeof(msg));
	if (res != ACCT_PAM_OK) {
		ad_pam_put_verdict(reply, res, msg);
		if (res != ACCT_PAM_USER_UNKNOWN)
			ad_audit_refusal(rq->audit, res, u.name, t.slug, NULL,
					 msg);
		return ACCT_ST_OK;
	}
	if (ctx->sessions == NULL)
		return no_sessions(err);
	/* over a cap: refused like a policy refusal, nothing changes */
	if (!ad_sessions_may_open(ctx->sessions, u.uid, u.name,
				  (uint32_t)peer->uid, msg, sizeof(msg))) {
		ad_pam_put_verdict(reply, ACCT_PAM_PERM_DENIED, msg);
		ad_audit_refusal(rq->audit, ACCT_PAM_PERM_DENIED, u.name,
				 t.slug, NULL, msg);
		ad_log_peer(LOG_NOTICE, peer, "session for '%s' refused: %s",
			    u.name, msg);
		return ACCT_ST_OK;
	}
	/* at the tenant's sessions budget: BUDGET_EXCEEDED, which the
	 * module turns into PAM_PERM_DENIED */
	rc = ad_budget_check(ctx, rq, ad_str_c(t.slug), ACCT_BUDGET_SESSIONS, 1,
			     &budget, err);
	if (rc != ACCT_ST_OK) {
		ad_log_peer(LOG_NOTICE, peer, "session for '%s' refused: %s",
			    u.name, err->msg);
		return rc;
	}
	a.s.uid = u.uid;
	a.s.tenant_gid = u.tenant_gid;
	a.s.opened_by = (uint32_t)peer->uid;
	memcpy(a.s.name, u.name, sizeof(a.s.name));
	arm = (struct ad_budget_arm){rq, &budget, 1};
	ad_budget_arm(ctx, &arm);
	who = ad_audit_who_of(rq, peer);
	rc = ad_sessions_open(ctx->sessions, &a.s, &who, err);
	ad_budget_disarm(ctx);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "session %" PRIu64 " opened for '%s' (%s, pid %" PRIu32 ")",
		    a.s.id, a.s.name, a.s.service, a.s.pid);
	/* the verdict, once a missing home is made (home_create) */
	return ad_home_session_reply(ctx, peer, rq, &u, t.slug, a.s.id, reply,
				     err);
}

/* ---- SESSION_CLOSE ----
 * Root closes any session.  Any other caller only its own process's:
 * the session's user is the caller's, and its process is the caller
 * itself (the SO_PEERCRED pid, started when the session's process did,
 * so a reused pid does not match).  A session that is registered for
 * someone else's process stays on the kill list of `user disable`.
 */

/* The caller's start time, or 0 when it cannot be read (then nothing of
 * the caller's matches). */
static uint64_t caller_start(const struct ad_peer *peer)
{
	uint64_t start;

	if (peer->pid <= 0 || ad_proc_start_time(peer->pid, &start) < 0)
		return 0;
	return start;
}

static bool callers_own(const struct ad_peer *peer, const struct ad_session *s)
{
	uint64_t start;

	if (s->uid != (uint32_t)peer->uid || s->pid != (uint32_t)peer->pid)
		return false;
	start = caller_start(peer);
	return start != 0 && start == s->proc_start;
}

static int close_by_name(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const struct ad_request *rq, struct ad_err *err)
{
	uint32_t pid = (uint32_t)peer->pid;
	struct ad_audit_who who;
	uint64_t start = 0;
	struct ad_str name;
	struct ad_tenant t;
	struct ad_user u;
	unsigned n;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_PID, false, &pid,
				NULL, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_login_view(ctx->store, name, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND && peer->uid == 0)
		return ad_fail(err, ACCT_ST_NOTFOUND, "no such user");
	/* others learn nothing about users that are not theirs */
	if ((rc == ACCT_ST_OK || rc == ACCT_ST_NOTFOUND) && peer->uid != 0 &&
	    (rc != ACCT_ST_OK || u.uid != peer->uid))
		return ad_fail(err, ACCT_ST_DENIED, "%s", AD_DENIED_CLOSE);
	if (rc != ACCT_ST_OK)
		return rc;
	/* another process's sessions are not the caller's to close: there
	 * are none of its own there, and none is an answer, not a refusal */
	if (peer->uid != 0) {
		start = caller_start(peer);
		if (pid != (uint32_t)peer->pid || start == 0)
			return ACCT_ST_OK;
	}
	/* none left is fine: the module falls back to this after an open
	 * that registered nothing */
	who = ad_audit_who_of(rq, peer);
	n = ad_sessions_close_pid(ctx->sessions, u.uid, pid, start, &who);
	if (n > 0)
		ad_log_peer(LOG_INFO, peer,
			    "closed %u session(s) of '%s' with pid %" PRIu32, n,
			    u.name, pid);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_session_close)
{
	struct ad_audit_who who;
	struct ad_session s;
	uint64_t id = 0;
	bool given;
	int rc;

	(void)reply;
	if (ctx->sessions == NULL)
		return no_sessions(err);
	rc = ad_req_u64(rq->payload, rq->len, ACCT_T_SESSION_ID, false, &id,
			&given, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!given)
		return close_by_name(ctx, peer, rq, err);
	rc = ad_store_session_get(ctx->store, id, &s, err);
	/* not the caller's, or not there: one answer, so that the reply
	 * tells nothing of whether the id is live */
	if (peer->uid != 0 && (rc == ACCT_ST_NOTFOUND ||
			       (rc == ACCT_ST_OK && !callers_own(peer, &s))))
		return ad_fail(err, ACCT_ST_NOTFOUND, "%s", AD_NO_SESSION);
	if (rc != ACCT_ST_OK)
		return rc;
	who = ad_audit_who_of(rq, peer);
	rc = ad_sessions_close(ctx->sessions, id, &who, err);
	if (rc == ACCT_ST_OK)
		ad_log_peer(LOG_INFO, peer, "session %" PRIu64 " closed", id);
	return rc;
}

/* ---- SESSION_LIST ---- */

struct list_filter {
	struct acct_buf *out;
	bool by_uid, by_tenant;
	uint32_t uid, tenant_gid;
};

static int list_one(void *arg, const struct ad_session *s)
{
	struct list_filter *f = arg;

	if ((f->by_uid && s->uid != f->uid) ||
	    (f->by_tenant && s->tenant_gid != f->tenant_gid))
		return 0;
	ad_wire_session(f->out, s);
	return f->out->err != 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_session_list)
{
	struct list_filter f = {reply, false, false, 0, 0};
	struct ad_str name = {NULL, 0}, slug = {NULL, 0};
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	(void)peer;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, false, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_scope_tenant(rq, &slug, err);
	if (rc == ACCT_ST_OK && ad_str_given(name)) {
		rc = ad_store_user_get(ctx->store, name, &u, err);
		f.by_uid = rc == ACCT_ST_OK;
		f.uid = f.by_uid ? u.uid : 0;
		/* within a tenant, a name that is nobody's lists nothing,
		 * as another tenant's user does */
		if (rc == ACCT_ST_NOTFOUND &&
		    rq->caller.kind == AD_CALLER_USER) {
			f.by_uid = true;
			rc = ACCT_ST_OK;
		}
	}
	if (rc == ACCT_ST_OK && ad_str_given(slug)) {
		rc = ad_store_tenant_get(ctx->store, slug, &t, err);
		f.by_tenant = rc == ACCT_ST_OK;
		f.tenant_gid = f.by_tenant ? t.gid : 0;
	}
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_session_list(ctx->store, list_one, &f, err);
}

/* ---- SESSION_REVOKE ---- */

AD_HANDLER(ad_handle_session_revoke)
{
	char why[AD_MSG_MAX], what[64];
	struct ad_audit_who who;
	struct ad_session s;
	uint64_t id = 0;
	bool given;
	int rc;

	if (ctx->sessions == NULL)
		return no_sessions(err);
	rc = ad_req_u64(rq->payload, rq->len, ACCT_T_SESSION_ID, true, &id,
			&given, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_session_get(ctx->store, id, &s, err);
	if (rc != ACCT_ST_OK)
		return rc;
	snprintf(why, sizeof(why), "revoked by %s", rq->caller.actor);
	snprintf(what, sizeof(what), "session %" PRIu64 ", pid %" PRIu32, id,
		 s.pid);
	ad_audit_note(rq->audit, s.name, s.tenant, what);
	/* not watched cannot happen unless watching failed: no process
	 * to signal, so the record goes now */
	who = ad_audit_who_of(rq, peer);
	if (ad_sessions_terminate(ctx->sessions, id, why) != ACCT_ST_OK)
		(void)ad_store_session_end(ctx->store, id, "session-end", &who,
					   why, err);
	ad_log_peer(LOG_NOTICE, peer,
		    "revoked session %" PRIu64 " of '%s' (pid %" PRIu32 ")", id,
		    s.name, s.pid);
	ad_wire_session(reply, &s);
	return ACCT_ST_OK;
}
