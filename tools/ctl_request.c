/* ctl_request.c - one request/reply with the daemon, and finding the
 * record in the reply. */
#include <errno.h>
#include <string.h>

#include "acct_peer.h"
#include "ctl.h"

int ctl_request(const struct ctl_env *env, uint16_t opcode,
		const struct acct_buf *req, struct acct_reply *rep)
{
	int rc;

	if (req != NULL && req->err == E2BIG)
		return ctl_usage(env, "request too large (over %u bytes)",
				 ACCT_MAX_REQUEST);
	if (req != NULL && req->err != 0)
		return ctl_local_error(env, "cannot build the request: %s",
				       strerror(req->err));
	/* passwords go out in requests: only to a daemon of root's (or of
	 * this user's own, or the socket owner's in a root-only directory) */
	if (acct_call_trusted(env->socket, env->timeout_ms, acct_peer_trusted,
			      opcode, req ? req->data : NULL,
			      req ? req->len : 0, ACCT_MAX_REPLY, rep) != 0)
		return ctl_unreachable(env, errno);
	if (rep->opcode != opcode) {
		acct_reply_free(rep);
		return ctl_bad_reply(env, "the reply answers another request");
	}
	if (rep->status != ACCT_ST_OK) {
		rc = ctl_refused(env, rep);
		acct_reply_free(rep);
		return rc;
	}
	return 0;
}

int ctl_request_name(const struct ctl_env *env, uint16_t opcode,
		     const char *name, uint16_t tag, const char *value,
		     struct acct_reply *rep)
{
	struct acct_buf req;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, name);
	if (value != NULL)
		acct_put_str(&req, tag, value);
	rc = ctl_request(env, opcode, &req, rep);
	acct_buf_free(&req);
	return rc;
}

int ctl_reply_rec(const struct ctl_env *env, const struct acct_reply *rep,
		  uint16_t rec_tag, const uint8_t **rec, size_t *len)
{
	struct acct_field f;

	if (acct_find(rep->payload, rep->len, rec_tag, &f) != 1)
		return ctl_bad_reply(env, "the expected record is missing");
	*rec = f.val;
	*len = f.len;
	return 0;
}
