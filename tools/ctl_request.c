/* ctl_request.c - one request/reply with the daemon, and finding the
 * record in the reply. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct_peer.h"
#include "acct_wipe.h"
#include "ctl.h"

/*
 * The request as sent: root's, under sudo, names the human who ran it
 * (SUDO_USER), which the daemon writes beside "root" in its audit log
 * and never uses to authorize.  0, or -1 when out of memory.
 */
static int with_sudo_user(const struct acct_buf *req, struct acct_buf *out)
{
	const char *sudo = getenv("SUDO_USER");

	acct_buf_init(out, ACCT_MAX_REQUEST);
	if (req != NULL)
		acct_buf_append(out, req->data, req->len);
	if (getuid() == 0 && sudo != NULL && sudo[0] != '\0' &&
	    strlen(sudo) <= ACCT_MAX_NAME)
		acct_put_str(out, ACCT_T_SUDO_USER, sudo);
	return out->err != 0 ? -1 : 0;
}

/* --token-file: the request presents the file's access token, and the
 * daemon takes its user for the caller.  0, or an exit code. */
static int with_access_token(const struct ctl_env *env, struct acct_buf *out)
{
	static const struct ctl_token_want access = {
		{CTL_ACCESS_PREFIX, NULL}, "access token", NULL};
	struct ctl_token t;
	int rc;

	rc = ctl_token_file_read(env, env->token_file, &access, &t);
	if (rc != 0)
		return rc;
	out->secret = 1;
	acct_put_strn(out, ACCT_T_ACCESS_TOKEN, t.text, t.len);
	ctl_token_wipe(&t);
	return out->err != 0 ? ctl_local_error(env, "cannot build the request")
			     : 0;
}

/* --api-key-file: the request presents the file's API key, and the
 * daemon takes its owner, narrowed to its scopes, for the caller.  The
 * file must be the caller's own (and private: ctl_token_file_read).  0,
 * or an exit code. */
static int with_api_key(const struct ctl_env *env, struct acct_buf *out)
{
	static const struct ctl_token_want key = {
		{CTL_KEY_PREFIX, NULL}, "API key", NULL};
	struct ctl_token t;
	struct stat st;
	int rc;

	if (stat(env->api_key_file, &st) == 0 && st.st_uid != geteuid())
		return ctl_usage(env,
				 "API key file '%s' belongs to uid %lu, not "
				 "to you (uid %lu)",
				 env->api_key_file, (unsigned long)st.st_uid,
				 (unsigned long)geteuid());
	rc = ctl_token_file_read(env, env->api_key_file, &key, &t);
	if (rc != 0)
		return rc;
	out->secret = 1;
	acct_put_strn(out, ACCT_T_API_KEY, t.text, t.len);
	ctl_token_wipe(&t);
	return out->err != 0 ? ctl_local_error(env, "cannot build the request")
			     : 0;
}

/* The copy may hold a password. */
static void free_wiped(struct acct_buf *b)
{
	if (b->data != NULL)
		acct_wipe(b->data, b->len);
	acct_buf_free(b);
}

static int request(const struct ctl_env *env, uint16_t opcode,
		   const struct acct_buf *req, int pass_fd,
		   struct acct_reply *rep)
{
	struct acct_buf full;
	int rc;

	if (req != NULL && req->err == E2BIG)
		return ctl_usage(env, "request too large (over %u bytes)",
				 ACCT_MAX_REQUEST);
	if (req != NULL && req->err != 0)
		return ctl_local_error(env, "cannot build the request: %s",
				       strerror(req->err));
	if (with_sudo_user(req, &full) < 0) {
		free_wiped(&full);
		return ctl_local_error(env, "cannot build the request");
	}
	if (env->budget_override)
		acct_put_u32(&full, ACCT_T_OVERRIDE, 1);
	if (env->token_file != NULL &&
	    (rc = with_access_token(env, &full)) != 0) {
		free_wiped(&full);
		return rc;
	}
	if (env->api_key_file != NULL && (rc = with_api_key(env, &full)) != 0) {
		free_wiped(&full);
		return rc;
	}
	/* passwords go out in requests: only to a daemon of root's (or of
	 * this user's own, or the socket owner's in a root-only directory) */
	if (pass_fd >= 0)
		rc = acct_call_trusted_fd(env->socket, env->timeout_ms,
					  acct_peer_trusted, pass_fd, opcode,
					  full.data, full.len, ACCT_MAX_REPLY,
					  rep);
	else
		rc = acct_call_trusted(env->socket, env->timeout_ms,
				       acct_peer_trusted, opcode, full.data,
				       full.len, ACCT_MAX_REPLY, rep);
	free_wiped(&full);
	if (rc != 0)
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

int ctl_request(const struct ctl_env *env, uint16_t opcode,
		const struct acct_buf *req, struct acct_reply *rep)
{
	return request(env, opcode, req, -1, rep);
}

int ctl_request_fd(const struct ctl_env *env, uint16_t opcode,
		   const struct acct_buf *req, int pass_fd,
		   struct acct_reply *rep)
{
	return request(env, opcode, req, pass_fd, rep);
}

int ctl_request_name(const struct ctl_env *env, uint16_t opcode,
		     const char *name, uint16_t tag, const char *value,
		     struct acct_reply *rep)
{
	struct acct_buf req;
	int rc;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (name != NULL)
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
