/*
 * pam_account.c - ACCT_MGMT, the PAM account phase: the login policy
 * alone (user status, lockout, tenant status), no password.  Root may ask
 * about anyone; any other caller about its own user (ad_pam_target).
 * Refusals, of the login or of the caller, are audited.
 */
#include <stdio.h>
#include <time.h>

#include "ops/pam_common.h"
#include "ops/pam_invite.h"
#include "ops/handlers.h"
#include "server/log.h"
#include "policy/login.h"
#include "store/lifecycle.h"

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
					 ad_printable(q, sizeof(q), v));
	}
}

AD_HANDLER(ad_handle_acct_mgmt)
{
	char msg[AD_MSG_MAX] = "", where[AD_MSG_MAX];
	struct ad_str name, service, opt;
	enum acct_pam_result res = ACCT_PAM_USER_UNKNOWN;
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
	ad_describe_pam_request(rq, where, sizeof(where));
	/* a screen locker asks about its own user; nobody else may probe */
	rc = ad_pam_target(ctx, rq, name, where, AD_DENIED_ACCT_MGMT, &u, &t,
			   &known, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* an invited user may only choose its password */
	if (known && u.status == ACCT_USER_PENDING &&
	    ad_pam_invite_held(ctx, u.uid))
		res = ad_policy_invited_login(&u, &t, ad_ctx_now(ctx), msg,
					      sizeof(msg));
	else if (known)
		res = ad_policy_may_login(&u, &t, ad_ctx_now(ctx), msg,
					  sizeof(msg));
	ad_pam_put_verdict(reply, res, msg);
	if (res == ACCT_PAM_NEW_AUTHTOK_REQD)
		ad_log_peer(LOG_INFO, peer, "login of '%s': %s", u.name, msg);
	else if (res != ACCT_PAM_OK && res != ACCT_PAM_USER_UNKNOWN) {
		ad_log_peer(LOG_NOTICE, peer, "login of '%s' refused: %s",
			    u.name, msg);
		ad_audit_refusal(rq->audit, res, u.name, t.slug, where, msg);
	}
	return ACCT_ST_OK;
}
