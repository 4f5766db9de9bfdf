/*
 * apikey.c - API keys: KEY_ISSUE (the key's text in the reply, once),
 * KEY_LIST (a user's keys), KEY_LIST_TENANT (a tenant's), KEY_REVOKE and
 * KEY_USAGE.  Who may is the table's (AD_ACCESS_KEY_MANAGE: one's own
 * keys, or another's of one's tenant with key:issue); which scopes a key
 * may get is policy/apikey.h's.  Records name a key by its prefix only.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ops/apikey.h"
#include "ops/budget.h"
#include "policy/apikey.h"
#include "store/apikey.h"

/* ---- the reply's APIKEY_REC ---- */

static void put_scopes(struct acct_buf *b, uint32_t scopes)
{
	for (uint32_t bit = 1; bit != 0 && bit <= ACCT_SCOPE__ALL; bit <<= 1)
		if ((scopes & bit) != 0 && acct_scope_name(bit) != NULL)
			acct_put_str(b, ACCT_T_SCOPE, acct_scope_name(bit));
}

void ad_apikey_encode(struct acct_buf *b, const struct ad_apikey *k,
		      const struct ad_user *owner, const struct ad_tenant *t,
		      uint64_t now)
{
	char prefix[AD_KEY_PREFIX_TEXT_LEN + 1], state[AD_MSG_MAX];
	size_t mark = acct_begin(b, ACCT_T_APIKEY_REC);

	snprintf(prefix, sizeof(prefix), ACCT_API_KEY_PREFIX "%s", k->prefix);
	acct_put_str(b, ACCT_T_KEY_PREFIX, prefix);
	if (k->name[0] != '\0')
		acct_put_str(b, ACCT_T_KEY_NAME, k->name);
	acct_put_u32(b, ACCT_T_UID, k->uid);
	if (owner != NULL)
		acct_put_str(b, ACCT_T_NAME, owner->name);
	if (t != NULL)
		acct_put_str(b, ACCT_T_TENANT, t->slug);
	put_scopes(b, k->scopes);
	acct_put_u64(b, ACCT_T_CREATED, k->created);
	if (k->expires != 0)
		acct_put_u64(b, ACCT_T_EXPIRES, k->expires);
	if (k->revoked_at != 0)
		acct_put_u64(b, ACCT_T_REVOKED_AT, k->revoked_at);
	if (k->last_used != 0)
		acct_put_u64(b, ACCT_T_LAST_USED, k->last_used);
	acct_put_u64(b, ACCT_T_USE_COUNT, k->use_count);
	ad_policy_key_state(k, owner, t, now, state, sizeof(state));
	acct_put_str(b, ACCT_T_KEY_STATE, state);
	acct_end(b, mark);
}

/* k's record with its owner as it stands now. */
static int reply_key(struct ad_ctx *ctx, const struct ad_apikey *k,
		     struct acct_buf *reply, struct ad_err *err)
{
	struct ad_user u;
	struct ad_tenant t;
	int rc = ad_store_user_by_uid(ctx->store, k->uid, &u, &t, err);

	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	ad_apikey_encode(reply, k, rc == ACCT_ST_OK ? &u : NULL,
			 rc == ACCT_ST_OK ? &t : NULL, ad_ctx_now(ctx));
	return ACCT_ST_OK;
}

/* The user the request names (NAME), or the caller's own. */
static int owner_login(const struct ad_request *rq, struct ad_str *login,
		       struct ad_err *err)
{
	int rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, false, login,
			    err);

	if (rc != ACCT_ST_OK || ad_str_given(*login))
		return rc;
	if (rq->caller.kind != AD_CALLER_USER)
		return ad_fail(err, ACCT_ST_BADREQ, "missing field: %s",
			       ad_tag_name(ACCT_T_NAME));
	*login = ad_str_c(rq->caller.login);
	return ACCT_ST_OK;
}

/* ---- KEY_ISSUE ---- */

/* Every SCOPE of the request into *scopes: at least one, each known. */
static int read_scopes(const struct ad_request *rq, uint32_t *scopes,
		       struct ad_err *err)
{
	char shown[ACCT_MAX_NAME + 1];
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t len;

	*scopes = 0;
	acct_reader_init(&r, rq->payload, rq->len);
	while (acct_next(&r, &f) == 1) {
		uint32_t bit;

		if (f.tag != ACCT_T_SCOPE)
			continue;
		if (acct_get_str(&f, &s, &len) < 0)
			return ad_fail(err, ACCT_ST_BADREQ,
				       "malformed field: scope");
		bit = acct_scope_parse(s, len);
		if (bit == 0)
			return ad_fail(err, ACCT_ST_INVALID,
				       "unknown scope '%s'",
				       ad_printable(shown, sizeof(shown),
						    (struct ad_str){s, len}));
		*scopes |= bit;
	}
	if (*scopes == 0)
		return ad_fail(err, ACCT_ST_BADREQ, "missing field: scope");
	return ACCT_ST_OK;
}

/* KEY_TTL and KEY_NAME into k (created at now). */
static int read_terms(const struct ad_request *rq, uint64_t now,
		      struct ad_apikey *k, struct ad_err *err)
{
	struct ad_str name;
	uint64_t ttl = 0;
	bool given = false;
	int rc;

	rc = ad_req_u64(rq->payload, rq->len, ACCT_T_KEY_TTL, false, &ttl,
			&given, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (given && (ttl == 0 || ttl > ACCT_MAX_KEY_TTL))
		return ad_fail(err, ACCT_ST_INVALID,
			       "a key's lifetime must be 1 s to %u days",
			       ACCT_MAX_KEY_TTL / 86400u);
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_KEY_NAME, false, &name,
			err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(name) &&
	    (name.len == 0 || name.len > ACCT_MAX_KEY_NAME ||
	     !acct_valid_gecos(name.p, name.len)))
		return ad_fail(err, ACCT_ST_INVALID,
			       "a key's name is 1 to %u printable bytes "
			       "without ':'",
			       ACCT_MAX_KEY_NAME);
	if (ad_str_given(name)) {
		memcpy(k->name, name.p, name.len);
		k->name[name.len] = '\0';
	}
	k->created = now;
	k->expires = given ? now + ttl : 0;
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_key_issue)
{
	char text[AD_KEY_TEXT_LEN + 1], note[AD_MSG_MAX], why[AD_MSG_MAX];
	char scopes_text[192], owner[ACCT_MAX_NAME + 1];
	struct ad_budget_outcome o;
	struct ad_budget_arm arm = {rq, &o, 1};
	struct ad_apikey_issue iss;
	struct ad_apikey k;
	uint64_t now = ad_ctx_now(ctx);
	int rc;

	(void)peer;
	memset(&iss, 0, sizeof(iss));
	iss.now = now;
	rc = owner_login(rq, &iss.login, err);
	if (rc == ACCT_ST_OK)
		rc = read_scopes(rq, &iss.key.scopes, err);
	if (rc == ACCT_ST_OK)
		rc = read_terms(rq, now, &iss.key, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_policy_key_scopes(&rq->caller, iss.key.scopes, why,
				 sizeof(why)) != ACCT_ST_OK ||
	    ad_policy_key_expiry(&rq->caller, iss.key.expires, why,
				 sizeof(why)) != ACCT_ST_OK)
		return ad_fail(err, ACCT_ST_DENIED, "%s", why);
	/* the owner's tenant, as the dispatcher read it */
	rc = ad_budget_check(ctx, rq, ad_str_c(rq->target_tenant),
			     ACCT_BUDGET_KEYS, 1, &o, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_apikey_new(text, iss.key.prefix, iss.key.hash);
	acct_scope_format(iss.key.scopes, scopes_text, sizeof(scopes_text));
	snprintf(note, sizeof(note), "key " ACCT_API_KEY_PREFIX "%s (%s)",
		 iss.key.prefix, scopes_text);
	/* the owner is the target, named or not */
	if (rq->audit != NULL)
		ad_audit_note(rq->audit,
			      ad_printable(owner, sizeof(owner), iss.login),
			      NULL, note);
	ad_budget_arm(ctx, &arm);
	rc = ad_store_apikey_issue(ctx->store, &iss, rq->caller.actor, &k, err);
	ad_budget_disarm(ctx);
	if (rc == ACCT_ST_OK) {
		reply->secret = 1; /* wiped when the reply is done with */
		acct_put_str(reply, ACCT_T_API_KEY, text);
		rc = reply_key(ctx, &k, reply, err);
	}
	sodium_memzero(text, sizeof(text));
	sodium_memzero(&iss.key.hash, sizeof(iss.key.hash));
	return rc;
}

/* ---- KEY_LIST, KEY_LIST_TENANT ---- */

struct listing {
	struct acct_buf *reply;
	uint64_t now;
};

static int list_one(void *arg, const struct ad_apikey *k,
		    const struct ad_user *owner, const struct ad_tenant *t)
{
	struct listing *l = arg;

	ad_apikey_encode(l->reply, k, owner, t, l->now);
	return l->reply->err != 0 ? -1 : 0;
}

AD_HANDLER(ad_handle_key_list)
{
	struct listing l = {reply, ad_ctx_now(ctx)};
	struct ad_str login;
	struct ad_user u;
	struct ad_tenant t;
	int rc;

	(void)peer;
	rc = owner_login(rq, &login, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_named(ctx->store, login, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_NOTFOUND, "no user '%.*s'",
			       (int)login.len, login.p);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_apikey_list_user(ctx->store, u.uid, list_one, &l, err);
}

AD_HANDLER(ad_handle_key_list_tenant)
{
	struct listing l = {reply, ad_ctx_now(ctx)};
	struct ad_str slug;
	struct ad_tenant t;
	int rc;

	(void)peer;
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_TENANT, true, &slug, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_tenant_get(ctx->store, slug, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return ad_store_apikey_list_tenant(ctx->store, t.gid, list_one, &l,
					   err);
}

/* ---- KEY_REVOKE, KEY_USAGE ---- */

/* The prefix KEY_PREFIX names (NOTFOUND, in the words of a key that is
 * not there, for one that cannot be a prefix). */
static int read_prefix(const struct ad_request *rq,
		       char prefix[AD_KEY_PREFIX_LEN + 1], struct ad_err *err)
{
	char shown[ACCT_MAX_NAME + 1];
	struct ad_str s;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_KEY_PREFIX, true, &s, err);
	if (rc == ACCT_ST_OK && ad_apikey_prefix_parse(s.p, s.len, prefix) < 0)
		return ad_fail(err, ACCT_ST_NOTFOUND, "no API key '%s'",
			       ad_printable(shown, sizeof(shown), s));
	return rc;
}

static int no_key(const char *prefix, struct ad_err *err)
{
	return ad_fail(err, ACCT_ST_NOTFOUND,
		       "no API key '" ACCT_API_KEY_PREFIX "%s'", prefix);
}

AD_HANDLER(ad_handle_key_revoke)
{
	char prefix[AD_KEY_PREFIX_LEN + 1], target[AD_KEY_PREFIX_TEXT_LEN + 1];
	struct ad_apikey k;
	int rc;

	(void)peer;
	rc = read_prefix(rq, prefix, err);
	if (rc != ACCT_ST_OK)
		return rc;
	snprintf(target, sizeof(target), ACCT_API_KEY_PREFIX "%s", prefix);
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, target, NULL, NULL);
	rc = ad_store_apikey_revoke(ctx->store, prefix, ad_ctx_now(ctx),
				    rq->caller.actor, &k, err);
	if (rc == ACCT_ST_NOTFOUND)
		return no_key(prefix, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return reply_key(ctx, &k, reply, err);
}

AD_HANDLER(ad_handle_key_usage)
{
	char prefix[AD_KEY_PREFIX_LEN + 1];
	struct ad_apikey k;
	int rc;

	(void)peer;
	rc = read_prefix(rq, prefix, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_apikey_get(ctx->store, prefix, &k, err);
	if (rc == ACCT_ST_NOTFOUND)
		return no_key(prefix, err);
	if (rc != ACCT_ST_OK)
		return rc;
	return reply_key(ctx, &k, reply, err);
}
