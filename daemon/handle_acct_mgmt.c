/*
 * handle_acct_mgmt.c - ACCT_MGMT, the PAM account phase: the login policy
 * alone (user status, lockout, tenant status), no password.  Root may ask
 * about anyone; any other caller only about its own user.  Refusals, of
 * the login or of the caller, are audited.
 */
#include <stdio.h>
#include <time.h>

#include "audit.h"
#include "auth_common.h"
#include "handlers.h"
#include "log.h"
#include "policy_login.h"
#include "store_lifecycle.h"

#define AD_DENIED_ACCT_MGMT "only root may ask about another user's account"

void ad_describe_pam_request(const struct ad_request *rq, char *buf,
			     size_t size)
{
	static const struct {
		uint16_t tag;
		const char *label;
	} parts[] = {{ACCT_T_SERVICE, "service"},
		     {ACCT_T_RHOST, "rhost"},
		     {ACCT_T_TTY, "tty"}};
	struct ad_str v;
	struct ad_err ignored;
	size_t used = 0;
	char q[64];

	buf[0] = '\0';
	for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		if (ad_req_str(rq->payload, rq->len, parts[k].tag, false, &v,
			       &ignored) != ACCT_ST_OK ||
		    v.p == NULL || used >= size)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s",
					 used ? ", " : "", parts[k].label,
					 ad_pam_printable(q, sizeof(q), v));
	}
}

static void audit_refusal(struct ad_ctx *ctx, const struct ad_peer *peer,
			  const struct ad_request *rq, const char *target,
			  const char *tenant, uint32_t result,
			  uint32_t pam_result, const char *message)
{
	char actor[AD_MAX_ACTOR + 1], where[AD_MSG_MAX];
	struct ad_audit_event ev = {actor,  "acct-mgmt", target,  tenant,
				    result, where,	 message, pam_result};
	struct ad_err err = {ACCT_ST_OK, ""};

	ad_actor(peer, actor, sizeof(actor));
	ad_describe_pam_request(rq, where, sizeof(where));
	if (ad_audit_append(ctx->store, &ev, &err) != ACCT_ST_OK)
		ad_log_peer(LOG_ERR, peer, "cannot audit a refused login: %s",
			    err.msg);
}

AD_HANDLER(ad_handle_acct_mgmt)
{
	char msg[AD_MSG_MAX], target[ACCT_MAX_NAME + 1];
	struct ad_str name, service, opt;
	enum acct_pam_result res;
	struct ad_tenant t;
	struct ad_user u;
	bool known;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_SERVICE, true,
				&service, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_RHOST, false, &opt,
				err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_TTY, false, &opt,
				err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = ad_store_user_login_view(ctx->store, name, &u, &t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	known = rc == ACCT_ST_OK;
	ad_pam_printable(target, sizeof(target), name);
	/* a screen locker asks about its own user; nobody else may probe */
	if (peer->uid != 0 && (!known || u.uid != peer->uid)) {
		audit_refusal(ctx, peer, rq, target, known ? t.slug : NULL,
			      ACCT_ST_DENIED, ACCT_PAM_OK, AD_DENIED_ACCT_MGMT);
		return ad_fail(err, ACCT_ST_DENIED, "%s", AD_DENIED_ACCT_MGMT);
	}
	res = known ? ad_policy_may_login(&u, &t, ad_ctx_now(ctx), msg,
					  sizeof(msg))
		    : ACCT_PAM_USER_UNKNOWN;
	if (!known)
		msg[0] = '\0';
	ad_pam_put_verdict(reply, res, msg);
	if (res != ACCT_PAM_OK && res != ACCT_PAM_USER_UNKNOWN) {
		ad_log_peer(LOG_NOTICE, peer, "login of '%s' refused: %s",
			    u.name, msg);
		audit_refusal(ctx, peer, rq, u.name, t.slug, ACCT_ST_DENIED,
			      res, msg);
	}
	return ACCT_ST_OK;
}
