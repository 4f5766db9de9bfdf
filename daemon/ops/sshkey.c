/*
 * sshkey.c - SSH_KEY_ADD, SSH_KEY_LIST, SSH_KEY_REMOVE: a user's SSH
 * public keys; SSH_KEYS_AUTHORIZED: the keys sshd may accept for a user
 * now (accounts-ssh-keys).  Replies carry ACCT_T_SSH_KEY records.
 */
#include <stdio.h>

#include "acct_names.h"
#include "acct_sshkey.h"
#include "ops/handlers.h"
#include "policy/apikey.h"
#include "policy/login.h"
#include "policy/lookup.h"
#include "server/log.h"
#include "store/sshkey.h"

/* Whose keys: NAME, or the calling directory user's own. */
static int key_owner(const struct ad_request *rq, struct ad_str *login,
		     struct ad_err *err)
{
	int rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, false, login,
			    err);

	if (rc != ACCT_ST_OK || ad_str_given(*login))
		return rc;
	if (rq->caller.kind != AD_CALLER_USER)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "missing field: name (whose keys)");
	*login = ad_str_c(rq->caller.login);
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, rq->caller.login, NULL, NULL);
	return ACCT_ST_OK;
}

/* One key as a reply record; full adds what only its managers see. */
static int put_key(struct acct_buf *reply, const char *login,
		   const struct ad_ssh_key *k, bool full)
{
	size_t mark = acct_begin(reply, ACCT_T_SSH_KEY);

	if (full)
		acct_put_str(reply, ACCT_T_NAME, login);
	acct_put_str(reply, ACCT_T_KEY_TYPE, k->key.type);
	acct_put_str(reply, ACCT_T_KEY_DATA, k->key.data);
	if (k->key.comment[0] != '\0')
		acct_put_str(reply, ACCT_T_KEY_COMMENT, k->key.comment);
	if (full) {
		acct_put_str(reply, ACCT_T_FINGERPRINT, k->key.fingerprint);
		acct_put_u32(reply, ACCT_T_KEY_BITS, k->key.bits);
		acct_put_u64(reply, ACCT_T_CREATED, k->created);
	}
	return acct_end(reply, mark);
}

AD_HANDLER(ad_handle_ssh_key_add)
{
	struct ad_str login, line;
	struct acct_sshkey k;
	struct ad_ssh_key out;
	char why[AD_MSG_MAX], who[ACCT_MAX_NAME + 1];
	int rc;

	rc = key_owner(rq, &login, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_SSH_KEY_LINE, true,
				&line, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_policy_ssh_key_add(&rq->caller, why, sizeof(why)) != ACCT_ST_OK)
		return ad_fail(err, ACCT_ST_DENIED, "%s", why);
	if (acct_sshkey_parse(line.p, line.len, &k, why, sizeof(why)) != 0)
		return ad_fail(err, ACCT_ST_INVALID, "%s", why);
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL, k.fingerprint);
	rc = ad_store_ssh_key_add(ctx->store, login, &k,
				  ctx->cfg->max_ssh_keys_per_user,
				  rq->caller.actor, &out, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_printable(who, sizeof(who), login);
	ad_log_peer(LOG_INFO, peer, "added SSH key %s (%s) to user '%s'",
		    out.key.fingerprint, out.key.type, who);
	put_key(reply, who, &out, true);
	return ACCT_ST_OK;
}

struct key_list {
	struct acct_buf *reply;
	const char *login;
	bool full;
};

static int list_one(void *arg, const struct ad_ssh_key *k)
{
	const struct key_list *l = arg;

	return put_key(l->reply, l->login, k, l->full) < 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_ssh_key_list)
{
	char shown[ACCT_MAX_NAME + 1];
	struct ad_str login;
	struct ad_user u;
	struct ad_tenant t;
	struct key_list l = {reply, NULL, true};
	int rc;

	(void)peer;
	rc = key_owner(rq, &login, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_named(ctx->store, login, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u.status == ACCT_USER_DELETED))
		return ad_fail(err, ACCT_ST_NOTFOUND, "no such user '%s'",
			       ad_printable(shown, sizeof(shown), login));
	if (rc != ACCT_ST_OK)
		return rc;
	l.login = u.name;
	return ad_store_ssh_key_list(ctx->store, u.uid, list_one, &l, err);
}

AD_HANDLER(ad_handle_ssh_key_remove)
{
	uint8_t digest[ACCT_SSHKEY_DIGEST_LEN];
	char shown[ACCT_SSHKEY_FP_LEN + 1], who[ACCT_MAX_NAME + 1];
	struct ad_str login, fp;
	struct ad_ssh_key out;
	int rc;

	rc = key_owner(rq, &login, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(rq->payload, rq->len, ACCT_T_FINGERPRINT, true,
				&fp, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (acct_sshkey_fingerprint_parse(fp.p, fp.len, digest) != 0)
		return ad_fail(err, ACCT_ST_INVALID,
			       "'%s' is not an SSH key fingerprint (SHA256: "
			       "and 43 base64 characters, as ssh-keygen -l "
			       "prints it)",
			       ad_printable(shown, sizeof(shown), fp));
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL,
			      ad_printable(shown, sizeof(shown), fp));
	rc = ad_store_ssh_key_remove(ctx->store, login, digest,
				     rq->caller.actor, &out, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_printable(who, sizeof(who), login);
	ad_log_peer(LOG_INFO, peer, "removed SSH key %s from user '%s'",
		    out.key.fingerprint, who);
	put_key(reply, who, &out, true);
	return ACCT_ST_OK;
}

/*
 * sshd's question: the keys of NAME while NAME may log in and the caller
 * may see it.  Anything else is the same empty answer, so that it tells
 * nobody whether the user exists, or why it may not log in.
 */
AD_HANDLER(ad_handle_ssh_keys_authorized)
{
	struct ad_lookup_view view;
	struct key_list l = {reply, NULL, false};
	struct ad_str login;
	struct ad_user u;
	struct ad_tenant t;
	int rc;

	(void)peer;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &login, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (!acct_valid_login(login.p, login.len))
		return ACCT_ST_OK;
	rc = ad_store_user_named(ctx->store, login, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ACCT_ST_OK;
	if (rc != ACCT_ST_OK)
		return rc;
	view = ad_policy_lookup_view(ctx->cfg->lookup_visibility,
				     ctx->cfg->uid_min, &rq->caller);
	if (!ad_policy_known_user(&u, &t) ||
	    !ad_lookup_view_shows(&view, t.gid) ||
	    ad_policy_may_login(&u, &t, ad_ctx_now(ctx), NULL, 0) !=
		    ACCT_PAM_OK)
		return ACCT_ST_OK;
	l.login = u.name;
	return ad_store_ssh_key_list(ctx->store, u.uid, list_one, &l, err);
}
