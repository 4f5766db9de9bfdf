/*
 * caller.c - the caller value of a request: its SO_PEERCRED uid and
 * groups, the directory user that uid belongs to (policy/access.h
 * decides what that makes it), and the name records give the human; or,
 * when the request presents a sign-in's access token, the token's user.
 */
#include <sodium.h>

#include "acct_codec.h"
#include "ops/caller.h"
#include "ops/handlers.h"
#include "ops/usage.h"
#include "policy/apikey.h"
#include "policy/signin.h"
#include "server/host.h"
#include "store/apikey.h"
#include "store/store.h"
#include "store/token.h"

/* The login sudo says ran root's command (ACCT_T_SUDO_USER), if the
 * request carries a plausible one: it is only ever written down. */
static void sudo_user(const uint8_t *payload, size_t len, char *out,
		      size_t size)
{
	struct acct_reader r;
	struct acct_field f;

	out[0] = '\0';
	acct_reader_init(&r, payload, len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_SUDO_USER || f.len == 0 ||
		    f.len > ACCT_MAX_NAME || f.len >= size)
			continue;
		for (size_t i = 0; i < f.len; i++) {
			char c = (char)f.val[i];

			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			      c == '-'))
				return;
		}
		memcpy(out, f.val, f.len);
		out[f.len] = '\0';
		return;
	}
}

/* Operators and support act as themselves: root, with the human sudo
 * names, or their own login on the host. */
static void name_platform(struct ad_ctx *ctx, const struct ad_request_peer *p,
			  struct ad_caller *c)
{
	char name[ACCT_MAX_NAME + 1], sudo[ACCT_MAX_NAME + 1];

	if (c->uid == 0) {
		sudo_user(p->payload, p->len, sudo, sizeof(sudo));
		ad_actor_name(0, "root", sudo, c->actor, sizeof(c->actor));
		return;
	}
	if (ad_host_user_name(ctx->host_passwd != NULL ? ctx->host_passwd
						       : AD_HOST_PASSWD,
			      c->uid, name, sizeof(name)) == 0)
		ad_actor_name(c->uid, name, NULL, c->actor, sizeof(c->actor));
}

/* A user's custom role: its rank, permissions and name (a role that is
 * gone leaves none). */
static int custom_role(struct ad_ctx *ctx, struct ad_caller *c,
		       struct ad_err *err)
{
	struct ad_role r;
	int rc;

	if (c->kind != AD_CALLER_USER || c->role < AD_ROLE_CUSTOM_MIN)
		return ACCT_ST_OK;
	rc = ad_store_role_by_id(ctx->store, c->role, &r, err);
	if (rc == ACCT_ST_OK)
		ad_caller_custom_role(c, &r);
	return rc == ACCT_ST_NOTFOUND ? ACCT_ST_OK : rc;
}

/* c from the peer's uid and groups and the directory user that uid
 * belongs to, if any (ad_caller_from decides what that makes it); not
 * named beyond what ad_caller_from gives. */
static int from_directory(struct ad_ctx *ctx, const struct ad_peer *peer,
			  struct ad_caller *c, struct ad_err *err)
{
	struct ad_user u;
	struct ad_tenant t;
	int rc = ACCT_ST_NOTFOUND;

	if (peer->uid != 0 && peer->platform == 0)
		rc = ad_store_user_by_uid(ctx->store, (uint32_t)peer->uid, &u,
					  &t, err);
	if (rc != ACCT_ST_OK && rc != ACCT_ST_NOTFOUND)
		return rc;
	ad_caller_from(c, (uint32_t)peer->uid, (int32_t)peer->pid,
		       peer->platform, rc == ACCT_ST_OK ? &u : NULL,
		       rc == ACCT_ST_OK ? &t : NULL);
	return ACCT_ST_OK;
}

/* The caller the peer's uid and groups make, named. */
static int peer_caller(struct ad_ctx *ctx, const struct ad_request_peer *p,
		       struct ad_caller *c, struct ad_err *err)
{
	int rc = from_directory(ctx, p->peer, c, err);

	if (rc != ACCT_ST_OK)
		return rc;
	if (c->kind == AD_CALLER_OPERATOR || c->kind == AD_CALLER_SUPPORT)
		name_platform(ctx, p, c);
	return custom_role(ctx, c, err);
}

/*
 * The caller the access token text (f) makes: its user, whoever
 * presents it, and no platform group of the peer's.  DENIED (err) for a
 * token that is unknown, expired, revoked or whose user may not act
 * (policy/signin.h); c is left alone then.
 */
static int token_caller(struct ad_ctx *ctx, const struct ad_request_peer *p,
			const struct acct_field *f, struct ad_caller *c,
			struct ad_err *err)
{
	uint8_t key[AD_TOKEN_KEY_LEN];
	char msg[AD_MSG_MAX];
	struct ad_caller tc;
	struct ad_token tok;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	if (ad_token_key(AD_TOKEN_ACCESS, (const char *)f->val, f->len, key) <
	    0)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	rc = ad_store_token_check(ctx->store, key, AD_TOKEN_ACCESS,
				  ad_ctx_now(ctx), &tok, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, tok.uid, &u, &t, err);
	if (rc == ACCT_ST_DENIED || rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (ad_policy_token_user(&u, &t, msg, sizeof(msg)) != ACCT_ST_OK)
		return ad_fail(err, ACCT_ST_DENIED, "%s", msg);
	ad_caller_from(&tc, u.uid, (int32_t)p->peer->pid, 0, &u, &t);
	if (tc.kind != AD_CALLER_USER)
		return ad_fail(err, ACCT_ST_DENIED, AD_SIGNIN_INVALID);
	rc = custom_role(ctx, &tc, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_actor_token_name(u.name, (uint32_t)p->peer->uid, tc.actor,
			    sizeof(tc.actor));
	*c = tc;
	return ACCT_ST_OK;
}

/*
 * The caller the API key text (f) makes: its owner narrowed to the key's
 * scopes, whoever presents it.  Read from the store anew for every
 * request, so that a revoke, an expiry, the owner disabled or locked and
 * its tenant suspended stop the very next one.  DENIED (err) otherwise;
 * c is left alone then.  An accepted use is counted (ops/usage.h).
 */
static int key_caller(struct ad_ctx *ctx, const struct ad_request_peer *p,
		      const struct acct_field *f, struct ad_caller *c,
		      struct ad_err *err)
{
	char prefix[AD_KEY_PREFIX_LEN + 1], msg[AD_MSG_MAX];
	uint8_t hash[AD_KEY_HASH_LEN];
	uint64_t now = ad_ctx_now(ctx);
	struct ad_caller kc;
	struct ad_apikey k;
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	if (ad_apikey_parse((const char *)f->val, f->len, prefix, hash) < 0)
		return ad_fail(err, ACCT_ST_DENIED, AD_KEY_INVALID);
	rc = ad_store_apikey_get(ctx->store, prefix, &k, err);
	if (rc == ACCT_ST_OK && !ad_apikey_matches(&k, hash))
		rc = ACCT_ST_NOTFOUND;
	sodium_memzero(hash, sizeof(hash));
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_by_uid(ctx->store, k.uid, &u, &t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_DENIED, AD_KEY_INVALID);
	if (rc != ACCT_ST_OK)
		return rc;
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (ad_policy_key_use(&k, &u, &t, now, msg, sizeof(msg)) != ACCT_ST_OK)
		return ad_fail(err, ACCT_ST_DENIED, "%s", msg);
	ad_caller_from(&kc, u.uid, (int32_t)p->peer->pid, 0, &u, &t);
	if (kc.kind != AD_CALLER_USER)
		return ad_fail(err, ACCT_ST_DENIED, AD_KEY_INVALID);
	ad_actor_key_name(u.name, k.prefix, (uint32_t)p->peer->uid, kc.actor,
			  sizeof(kc.actor));
	rc = custom_role(ctx, &kc, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (p->key != NULL) {
		*p->key = k;
		sodium_memzero(p->key->hash, sizeof(p->key->hash));
	}
	sodium_memzero(k.hash, sizeof(k.hash));
	kc.api_key = true;
	kc.scopes = k.scopes;
	kc.key_expires = k.expires;
	*c = kc;
	return ACCT_ST_OK;
}

int ad_caller_resolve(struct ad_ctx *ctx, const struct ad_request_peer *p,
		      bool who, struct ad_caller *c, struct ad_err *err)
{
	const struct ad_peer *peer = p->peer;
	struct acct_field f;
	int rc;

	if (!who) {
		/* under lookup_visibility = tenant what a lookup shows
		 * depends on the user the uid is: read anew for every
		 * request (one connection per lookup: nothing to keep,
		 * nothing stale), and not named; a token changes nothing */
		if (ctx->cfg->lookup_visibility != AD_VISIBILITY_ALL)
			return from_directory(ctx, peer, c, err);
		/* a public lookup: no name, no record, nothing to format
		 * (~70 ns of a ~600 ns PW_BYNAME) */
		c->kind = peer->uid == 0 ? AD_CALLER_OPERATOR
					 : AD_CALLER_ANONYMOUS;
		c->uid = (uint32_t)peer->uid;
		c->pid = (int32_t)peer->pid;
		return ACCT_ST_OK;
	}
	/* the peer first: a refused token is recorded under its name */
	rc = peer_caller(ctx, p, c, err);
	if (rc == ACCT_ST_OK &&
	    acct_find(p->payload, p->len, ACCT_T_ACCESS_TOKEN, &f) == 1)
		rc = token_caller(ctx, p, &f, c, err);
	/* an API key: its owner, narrowed to its scopes; never with a
	 * sign-in token as well (which of the two would act?) */
	if (rc == ACCT_ST_OK &&
	    acct_find(p->payload, p->len, ACCT_T_API_KEY, &f) == 1) {
		struct acct_field tok;

		if (acct_find(p->payload, p->len, ACCT_T_ACCESS_TOKEN, &tok) ==
		    1)
			return ad_fail(err, ACCT_ST_DENIED,
				       "a request presents a sign-in token or "
				       "an API key, not both");
		rc = key_caller(ctx, p, &f, c, err);
	}
	return rc;
}

/* Does the request ask to go past a budget whose policy is override? */
static bool override_asked(const struct ad_request *rq)
{
	struct acct_field f;
	uint32_t v = 0;

	return acct_find(rq->payload, rq->len, ACCT_T_OVERRIDE, &f) == 1 &&
	       acct_get_u32(&f, &v) == 0 && v == 1;
}

int ad_caller_key_used(struct ad_ctx *ctx, const struct ad_request *rq,
		       const struct ad_apikey *k, struct ad_err *err)
{
	struct ad_key_use use = {.tenant = rq->caller.tenant,
				 .override_asked = override_asked(rq),
				 .who = ad_audit_who_of(rq, &rq->peer),
				 .pid = rq->caller.pid};

	return ad_usage_key_used(ctx, k, &use, ad_ctx_now(ctx), err);
}
