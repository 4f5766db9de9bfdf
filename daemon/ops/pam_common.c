/*
 * pam_common.c - callers, verdicts, refusals and wrong passwords of the
 * PAM requests (see ops/pam_common.h).
 */
#include <stdio.h>
#include <string.h>

#include "acct_text.h"
#include "store/audit.h"
#include "ops/pam_common.h"
#include "ops/handlers.h"
#include "policy/lockout.h"
#include "server/log.h"
#include "ops/refusal.h"
#include "store/lifecycle.h"

#define AD_UNRECORDED_MSG                                                      \
	"authentication is unavailable: accountsd cannot record failed "       \
	"logins (see its log)"

void ad_pam_put_verdict(struct acct_buf *b, enum acct_pam_result res,
			const char *msg)
{
	acct_put_u32(b, ACCT_T_PAM_RESULT, res);
	if (msg != NULL && msg[0] != '\0')
		acct_put_str(b, ACCT_T_MESSAGE, msg);
}

int ad_pam_target(struct ad_ctx *ctx, const struct ad_request *rq,
		  struct ad_str name, const char *where, const char *denial,
		  struct ad_user *u, struct ad_tenant *t, bool *known,
		  struct ad_err *err)
{
	char target[ACCT_MAX_NAME + 1];
	int rc;

	*known = false;
	rc = ad_store_user_login_view(ctx->store, name, u, t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	switch (ad_policy_target(&rq->caller, rc == ACCT_ST_OK ? u : NULL, t)) {
	case AD_TARGET_OK:
		*known = true;
		return ACCT_ST_OK;
	case AD_TARGET_UNKNOWN:
		return ACCT_ST_OK;
	case AD_TARGET_DENIED:
	default:
		/* the caller is refused: DENIED, recorded as it ends */
		ad_audit_refusal(rq->audit, ACCT_PAM_OK,
				 ad_printable(target, sizeof(target), name),
				 t->slug, where, denial);
		return ad_fail(err, ACCT_ST_DENIED, "%s", denial);
	}
}

/* The lockout rule (policy/lockout.h) as the store applies it. */
static bool lockout_count(void *arg, struct ad_user *u, uint64_t now)
{
	return ad_lockout_count(u, arg, now);
}

/* Count one failure in the store; ACCT_ST_OK or the store's failure. */
static int count_failure(struct ad_ctx *ctx, const struct ad_peer *peer,
			 const char *action, const char *login,
			 const char *where, const char *message, uint64_t when,
			 struct ad_err *err)
{
	char actor[AD_MAX_ACTOR + 1], until[32] = "later";
	struct ad_audit_event ev = {.actor = actor,
				    .has_uid = true,
				    .uid = (uint32_t)peer->uid,
				    .action = action,
				    .target = login,
				    .result = ACCT_ST_DENIED,
				    .reason = where,
				    .message = message,
				    .pam_result = ACCT_PAM_AUTH_ERR,
				    .pid = (uint32_t)peer->pid};
	struct ad_lockout lo;
	uint64_t locked = 0;
	int rc;

	ad_actor(peer, actor, sizeof(actor));
	ad_lockout_from(ctx->cfg, &lo);
	rc = ad_store_login_failed(ctx->store, ad_str_c(login), lockout_count,
				   &lo, when, &ev, &locked, err);
	if (rc != ACCT_ST_OK || locked == 0)
		return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
	acct_utc_time(locked, until, sizeof(until));
	ad_log_peer(LOG_WARNING, peer,
		    "account '%s' locked until %s after %u failed logins",
		    login, until, lo.attempts);
	return ACCT_ST_OK;
}

void ad_pam_record_failure(struct ad_ctx *ctx, const struct ad_peer *peer,
			   const char *action, const char *login,
			   const char *where, const char *message)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_lost_failure *lf;
	uint64_t now = ad_ctx_now(ctx);

	ad_log_peer(LOG_NOTICE, peer, "authentication failure for user '%s'",
		    login);
	if (count_failure(ctx, peer, action, login, where, message, now,
			  &err) == ACCT_ST_OK)
		return;
	/* not rate-limited like the caller's lines: this must be seen */
	ad_log(LOG_CRIT,
	       "cannot count a failed login of '%s' (%s): password checks "
	       "are refused until it is recorded",
	       login, err.msg);
	if (ctx->n_lost == AD_LOST_FAILURES) {
		/* the checks are refused already; this one stays lost */
		ad_log(LOG_ERR,
		       "too many unrecorded failed logins, one dropped");
		return;
	}
	lf = &ctx->lost[ctx->n_lost++];
	snprintf(lf->login, sizeof(lf->login), "%s", login);
	snprintf(lf->action, sizeof(lf->action), "%s", action);
	lf->when = now;
	lf->peer = *peer;
}

int ad_pam_guard(struct ad_ctx *ctx, const struct ad_peer *peer,
		 struct ad_err *err)
{
	struct ad_lost_failure *lf;
	struct ad_err why = {ACCT_ST_OK, ""};

	while (ctx->n_lost > 0) {
		lf = &ctx->lost[ctx->n_lost - 1];
		if (count_failure(ctx, &lf->peer, lf->action, lf->login, NULL,
				  "wrong password (recorded late)", lf->when,
				  &why) != ACCT_ST_OK) {
			ad_log_peer(LOG_ERR, peer, "password check refused: %s",
				    why.msg);
			return ad_fail(err, ACCT_ST_INTERNAL, "%s",
				       AD_UNRECORDED_MSG);
		}
		ctx->n_lost--;
		ad_log(LOG_NOTICE, "late failed login of '%s' recorded",
		       lf->login);
	}
	return ACCT_ST_OK;
}
