/*
 * auth_common.c - rate, verdicts and audit records of the PAM requests
 * that check passwords (see auth_common.h).
 */
#include <stdio.h>
#include <time.h>

#include "audit.h"
#include "auth_common.h"
#include "handlers.h"
#include "lockout.h"
#include "log.h"

int ad_pam_rate_check(struct ad_ctx *ctx, const struct ad_peer *peer,
		      struct ad_err *err)
{
	if (peer->uid == 0 ||
	    ad_ratelimit_take(&ctx->pam_rate, (uint32_t)peer->uid,
			      ad_ctx_now(ctx)))
		return ACCT_ST_OK;
	return ad_fail(err, ACCT_ST_BUSY, "%s", AD_RATE_MSG);
}

const char *ad_pam_printable(char *dst, size_t size, struct ad_str s)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len && n + 1 < size; i++) {
		unsigned char c = (unsigned char)s.p[i];

		dst[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[n] = '\0';
	return dst;
}

void ad_pam_put_verdict(struct acct_buf *b, enum acct_pam_result res,
			const char *msg)
{
	acct_put_u32(b, ACCT_T_PAM_RESULT, res);
	if (msg != NULL && msg[0] != '\0')
		acct_put_str(b, ACCT_T_MESSAGE, msg);
}

void ad_pam_audit(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const char *action, const char *target, const char *tenant,
		  uint32_t result, enum acct_pam_result pam_result,
		  const char *where, const char *message)
{
	char actor[AD_MAX_ACTOR + 1];
	struct ad_audit_event ev = {actor,  action, target,  tenant,
				    result, where,  message, pam_result};
	struct ad_err err = {ACCT_ST_OK, ""};

	ad_actor(peer, actor, sizeof(actor));
	if (ad_audit_append(ctx->store, &ev, &err) != ACCT_ST_OK)
		ad_log_peer(LOG_ERR, peer, "cannot audit a refused %s: %s",
			    action, err.msg);
}

enum acct_pam_result ad_pam_wrong_password(struct ad_ctx *ctx,
					   const struct ad_peer *peer,
					   const char *action,
					   const char *login, const char *where)
{
	char actor[AD_MAX_ACTOR + 1], until[32] = "later";
	struct ad_audit_event ev = {actor,
				    action,
				    login,
				    NULL,
				    ACCT_ST_DENIED,
				    where,
				    "wrong password",
				    ACCT_PAM_AUTH_ERR};
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_lockout lo;
	uint64_t locked = 0;
	struct tm tm;
	time_t t;

	ad_actor(peer, actor, sizeof(actor));
	ad_log_peer(LOG_NOTICE, peer, "authentication failure for user '%s'",
		    login);
	ad_lockout_from(ctx->cfg, &lo);
	if (ad_store_login_failed(ctx->store, ad_str_c(login), &lo,
				  ad_ctx_now(ctx), &ev, &locked,
				  &err) != ACCT_ST_OK) {
		/* the answer stays "wrong password"; the log says why the
		 * count did not move */
		ad_log_peer(LOG_ERR, peer,
			    "cannot count a failed login of '%s': %s", login,
			    err.msg);
		return ACCT_PAM_AUTH_ERR;
	}
	if (locked != 0) {
		t = (time_t)locked;
		if (gmtime_r(&t, &tm) != NULL)
			strftime(until, sizeof(until), "%Y-%m-%d %H:%M:%S UTC",
				 &tm);
		ad_log_peer(LOG_WARNING, peer,
			    "account '%s' locked until %s after %u failed "
			    "logins",
			    login, until, lo.attempts);
	}
	return ACCT_PAM_AUTH_ERR;
}
