/* apikey.c - API keys' rules (see apikey.h). */
#include <stdio.h>
#include <string.h>

#include "policy/apikey.h"
#include "policy/login.h"

static int refuse(char *msg, size_t msglen, const char *why)
{
	snprintf(msg, msglen, "permission denied: key-issue: %s", why);
	return ACCT_ST_DENIED;
}

int ad_policy_key_scopes(const struct ad_caller *c, uint32_t scopes, char *msg,
			 size_t msglen)
{
	char extra[192], why[AD_MSG_MAX];

	msg[0] = '\0';
	if ((scopes & ACCT_SCOPE__ALL) == 0)
		return refuse(msg, msglen, "a key needs at least one scope");
	if ((scopes & ACCT_SCOPE_BUDGET_OVERRIDE) != 0 &&
	    c->kind != AD_CALLER_OPERATOR)
		return refuse(msg, msglen,
			      "only platform operators may give a key "
			      "budget:override");
	if (c->api_key && (scopes & ~c->scopes) != 0) {
		acct_scope_format(scopes & ~c->scopes, extra, sizeof(extra));
		snprintf(why, sizeof(why),
			 "the API key in use does not hold %s", extra);
		return refuse(msg, msglen, why);
	}
	return ACCT_ST_OK;
}

int ad_policy_key_expiry(const struct ad_caller *c, uint64_t expires, char *msg,
			 size_t msglen)
{
	msg[0] = '\0';
	if (!c->api_key || c->key_expires == 0 ||
	    (expires != 0 && expires <= c->key_expires))
		return ACCT_ST_OK;
	return refuse(msg, msglen,
		      "a key may not make one that outlives it (give "
		      "--expires no later than the key in use)");
}

int ad_policy_ssh_key_add(const struct ad_caller *c, char *msg, size_t msglen)
{
	msg[0] = '\0';
	if (!c->api_key || (c->scopes & ACCT_SCOPE_LOGIN) != 0)
		return ACCT_ST_OK;
	snprintf(msg, msglen,
		 "permission denied: ssh-key-add: an SSH key is a way to log "
		 "in: the API key needs the login scope");
	return ACCT_ST_DENIED;
}

static bool key_dead(const struct ad_apikey *k, uint64_t now)
{
	return k->revoked_at != 0 || (k->expires != 0 && now >= k->expires);
}

int ad_policy_key_use(const struct ad_apikey *k, const struct ad_user *u,
		      const struct ad_tenant *t, uint64_t now, char *msg,
		      size_t msglen)
{
	char why[AD_MSG_MAX];

	msg[0] = '\0';
	if (key_dead(k, now) || !ad_policy_known_user(u, t) ||
	    u->uid != k->uid) {
		snprintf(msg, msglen, "%s", AD_POLICY_KEY_INVALID);
		return ACCT_ST_DENIED;
	}
	if (ad_policy_may_login(u, t, now, why, sizeof(why)) != ACCT_PAM_OK) {
		snprintf(msg, msglen, "the API key cannot be used now: %s",
			 why[0] != '\0' ? why : "its owner may not log in");
		return ACCT_ST_DENIED;
	}
	return ACCT_ST_OK;
}

void ad_policy_key_state(const struct ad_apikey *k, const struct ad_user *u,
			 const struct ad_tenant *t, uint64_t now, char *buf,
			 size_t size)
{
	char why[AD_MSG_MAX];

	if (k->revoked_at != 0)
		snprintf(buf, size, "revoked");
	else if (k->expires != 0 && now >= k->expires)
		snprintf(buf, size, "expired");
	else if (u == NULL || t == NULL || u->status == ACCT_USER_DELETED)
		snprintf(buf, size, "owner deleted");
	else if (ad_policy_may_login(u, t, now, why, sizeof(why)) !=
		 ACCT_PAM_OK)
		snprintf(buf, size, "%s",
			 why[0] != '\0' ? why : "owner may not log in");
	else
		snprintf(buf, size, "active");
}

void ad_actor_key_name(const char *login, const char *prefix, uint32_t peer_uid,
		       char *buf, size_t size)
{
	snprintf(buf, size, "%s (key " ACCT_API_KEY_PREFIX "%s, uid %lu)",
		 login, prefix, (unsigned long)peer_uid);
}

bool ad_policy_app_password(const struct ad_apikey *k,
			    const struct ad_tenant *t, uint64_t now)
{
	return !key_dead(k, now) && (k->scopes & ACCT_SCOPE_LOGIN) != 0 &&
	       t->app_passwords != 0;
}
