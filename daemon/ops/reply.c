/*
 * reply.c - the one ending of every request, answered now (dispatch.c) or
 * later (deferred.c): see reply.h.
 */
#include <errno.h>

#include "acct_status.h"
#include "ops/reply.h"
#include "ops/table.h"
#include "server/log.h"

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

int ad_reply_finish(const struct ad_peer *peer, uint16_t opcode,
		    const struct ad_op *op, int rc, const struct ad_err *err,
		    struct acct_buf *reply)
{
	const char *msg = NULL;

	/* a listing whose next entry did not fit fails in its callback, as
	 * INTERNAL: the full reply is the cause */
	if ((rc == ACCT_ST_OK || rc == ACCT_ST_INTERNAL) && reply->err == E2BIG)
		rc = ACCT_ST_TOOBIG, msg = "the reply would be too large";
	else if (rc == ACCT_ST_OK && reply->err != 0)
		rc = ACCT_ST_INTERNAL, msg = "out of memory building the reply";
	if (rc == ACCT_ST_OK)
		return rc;
	if (rc < 0 || rc >= ACCT_ST__COUNT)
		rc = ACCT_ST_INTERNAL;
	if (msg == NULL)
		msg = err->status == rc && err->msg[0] != '\0'
			      ? err->msg
			      : default_message(rc);
	/* a failed request answers with at most its message */
	acct_buf_reset(reply);
	if (msg != NULL)
		acct_put_str(reply, ACCT_T_MESSAGE, msg);

	if (rc == ACCT_ST_DENIED)
		ad_log_peer(LOG_WARNING, peer, "%s denied: %s",
			    ad_op_label(opcode), msg);
	else if (op != NULL && op->access == AD_ACCESS_OPERATOR)
		ad_log_peer(LOG_NOTICE, peer, "%s failed (%s): %s",
			    ad_op_label(opcode), acct_status_name(rc),
			    msg != NULL ? msg : "-");
	else if (rc == ACCT_ST_INTERNAL)
		ad_log_peer(LOG_ERR, peer, "%s failed: %s", ad_op_label(opcode),
			    msg);
	return rc;
}
