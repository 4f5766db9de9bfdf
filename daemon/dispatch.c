/*
 * dispatch.c - from a decoded request to a reply: find the handler, ask
 * the policy, check the payload, run the handler, and make sure a failure
 * leaves nothing in the reply but one message.
 */
#include <errno.h>

#include "dispatch.h"
#include "handlers.h"
#include "log.h"
#include "policy.h"
#include "acct_status.h"

/* The one switch over opcodes.  NULL: not an opcode of ours. */
static ad_handler_fn handler_for(uint16_t opcode)
{
	switch (opcode) {
	case ACCT_OP_PING:
		return ad_handle_ping;
	case ACCT_OP_STATUS:
		return ad_handle_status;
	case ACCT_OP_PW_BYNAME:
		return ad_handle_pw_byname;
	case ACCT_OP_PW_BYUID:
		return ad_handle_pw_byuid;
	case ACCT_OP_PW_ENUM:
		return ad_handle_pw_enum;
	case ACCT_OP_GR_BYNAME:
		return ad_handle_gr_byname;
	case ACCT_OP_GR_BYGID:
		return ad_handle_gr_bygid;
	case ACCT_OP_GR_ENUM:
		return ad_handle_gr_enum;
	case ACCT_OP_INITGROUPS:
		return ad_handle_initgroups;
	case ACCT_OP_TENANT_CREATE:
		return ad_handle_tenant_create;
	case ACCT_OP_TENANT_LIST:
		return ad_handle_tenant_list;
	case ACCT_OP_TENANT_SHOW:
		return ad_handle_tenant_show;
	case ACCT_OP_TENANT_UPDATE:
		return ad_handle_tenant_update;
	case ACCT_OP_TENANT_SUSPEND:
		return ad_handle_tenant_suspend;
	case ACCT_OP_TENANT_REACTIVATE:
		return ad_handle_tenant_reactivate;
	case ACCT_OP_TENANT_DEPROVISION:
		return ad_handle_tenant_deprovision;
	case ACCT_OP_TENANT_FINALIZE:
		return ad_handle_tenant_finalize;
	case ACCT_OP_USER_DISABLE:
		return ad_handle_user_disable;
	case ACCT_OP_USER_ENABLE:
		return ad_handle_user_enable;
	case ACCT_OP_ACCT_MGMT:
		return ad_handle_acct_mgmt;
	case ACCT_OP_USER_CREATE:
		return ad_handle_user_create;
	case ACCT_OP_USER_LIST:
		return ad_handle_user_list;
	case ACCT_OP_USER_SHOW:
		return ad_handle_user_show;
	case ACCT_OP_USER_UPDATE:
		return ad_handle_user_update;
	case ACCT_OP_USER_DELETE:
		return ad_handle_user_delete;
	case ACCT_OP_USER_IMPORT:
		return ad_handle_user_import;
	case ACCT_OP_USER_PASSWD:
		return ad_handle_user_passwd;
	case ACCT_OP_AUTH:
		return ad_handle_auth;
	case ACCT_OP_CHAUTHTOK:
		return ad_handle_chauthtok;
	case ACCT_OP_USER_UNLOCK:
		return ad_handle_user_unlock;
	case ACCT_OP_GROUP_CREATE:
		return ad_handle_group_create;
	case ACCT_OP_GROUP_LIST:
		return ad_handle_group_list;
	case ACCT_OP_GROUP_SHOW:
		return ad_handle_group_show;
	case ACCT_OP_GROUP_ADD_MEMBER:
		return ad_handle_group_add_member;
	case ACCT_OP_GROUP_REMOVE_MEMBER:
		return ad_handle_group_remove_member;
	case ACCT_OP_GROUP_DELETE:
		return ad_handle_group_delete;
	case ACCT_OP_SESSION_OPEN:
		return ad_handle_session_open;
	case ACCT_OP_SESSION_CLOSE:
		return ad_handle_session_close;
	case ACCT_OP_SESSION_LIST:
		return ad_handle_session_list;
	case ACCT_OP_SESSION_REVOKE:
		return ad_handle_session_revoke;
	default:
		return NULL;
	}
}

/* A message for failures whose handler had nothing to say. */
static const char *default_message(int status)
{
	switch (status) {
	case ACCT_ST_NOTFOUND:
		return NULL; /* a lookup miss: nothing to explain */
	case ACCT_ST_BUSY:
		return "the daemon is busy, try again";
	case ACCT_ST_INTERNAL:
		return "internal error (see the accountsd log)";
	case ACCT_ST_TOOBIG:
		return "the reply would be too large";
	default:
		return acct_status_message(status);
	}
}

static int run(struct ad_ctx *ctx, const struct ad_peer *peer,
	       struct ad_request *rq, struct acct_buf *reply,
	       struct ad_err *err)
{
	ad_handler_fn fn = handler_for(rq->opcode);
	bool manage = rq->opcode >= AD_OP_FIRST_MANAGEMENT;
	int rc;

	if (fn == NULL)
		return ad_fail(err, ACCT_ST_UNSUPPORTED, "unknown opcode %u",
			       rq->opcode);
	if (!ad_policy_may_call(peer, rq->opcode))
		return ad_fail(err, ACCT_ST_DENIED, "%s",
			       ad_policy_denial(rq->opcode));
	if (rq->len > ACCT_MAX_REQUEST)
		return ad_fail(err, ACCT_ST_TOOBIG, "request too large");
	if (acct_validate(rq->payload, rq->len) < 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "malformed request payload");
	if (ctx->store == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "no store");
	if (manage) {
		/* writes take id ranges and defaults from the live
		 * configuration */
		ad_store_set_config(ctx->store, ctx->cfg);
		ad_actor(peer, rq->actor, sizeof(rq->actor));
	}
	rc = fn(ctx, peer, rq, reply, err);
	/* a listing whose next entry did not fit fails in its callback, as
	 * INTERNAL: the full reply is the cause */
	if ((rc == ACCT_ST_OK || rc == ACCT_ST_INTERNAL) && reply->err == E2BIG)
		rc = ad_fail(err, ACCT_ST_TOOBIG,
			     "the reply would be too large");
	else if (rc == ACCT_ST_OK && reply->err != 0)
		rc = ad_fail(err, ACCT_ST_INTERNAL,
			     "out of memory building the reply");
	return rc;
}

int ad_dispatch(struct ad_ctx *ctx, const struct ad_peer *peer, uint16_t opcode,
		const uint8_t *payload, size_t len, struct acct_buf *reply)
{
	struct ad_request rq = {opcode, payload, len, ""};
	struct ad_err err = {ACCT_ST_OK, ""};
	const char *msg;
	int rc;

	rc = run(ctx, peer, &rq, reply, &err);
	if (rc == ACCT_ST_OK || rc == AD_DISPATCH_PENDING)
		return rc;
	if (rc < 0 || rc >= ACCT_ST__COUNT)
		rc = ACCT_ST_INTERNAL;
	/* a failed request answers with at most its message */
	acct_buf_reset(reply);
	msg = err.status == rc && err.msg[0] != '\0' ? err.msg
						     : default_message(rc);
	if (msg != NULL)
		acct_put_str(reply, ACCT_T_MESSAGE, msg);
	if (rc == ACCT_ST_DENIED)
		ad_log_peer(LOG_WARNING, peer, "%s denied: %s",
			    ad_op_name(opcode), msg);
	else if (opcode >= AD_OP_FIRST_MANAGEMENT && handler_for(opcode))
		ad_log_peer(LOG_NOTICE, peer, "%s failed (%s): %s",
			    ad_op_name(opcode), acct_status_name(rc),
			    msg != NULL ? msg : "-");
	else if (rc == ACCT_ST_INTERNAL)
		ad_log_peer(LOG_ERR, peer, "%s failed: %s", ad_op_name(opcode),
			    msg);
	return rc;
}
