/*
 * me.c - self-service on the caller's own user: ME_SHOW and ME_PROFILE
 * (see me.h).  A user the login policy refuses (disabled, locked, its
 * tenant not active) reads its record but changes nothing.
 */
#include "ops/handlers.h"
#include "ops/me.h"
#include "ops/profile.h"
#include "policy/login.h"
#include "server/log.h"

int ad_me_user(struct ad_ctx *ctx, const struct ad_request *rq,
	       struct ad_user *u, struct ad_tenant *t, struct ad_err *err)
{
	struct acct_field f;
	int rc;

	rc = ad_store_user_by_uid(ctx->store, rq->caller.uid, u, t, err);
	/* the dispatcher found it a moment ago, on this very thread */
	if (rc == ACCT_ST_NOTFOUND)
		return ad_fail(err, ACCT_ST_NOTFOUND, "no user has uid %u",
			       rq->caller.uid);
	if (rc != ACCT_ST_OK)
		return rc;
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, u->name, t->slug, NULL);
	if (acct_find(rq->payload, rq->len, ACCT_T_NAME, &f) != 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "'me' requests name no user: they act on the "
			       "caller's own");
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_me_show)
{
	struct ad_tenant t;
	struct ad_user u;
	int rc;

	rc = ad_me_user(ctx, rq, &u, &t, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

/* Fields of a user that are not the caller's to change here. */
static const uint16_t not_profile[] = {
	ACCT_T_EMAIL, ACCT_T_ROLE, ACCT_T_HOME, ACCT_T_SHELL, ACCT_T_TENANT,
};

/* ME_PROFILE's fields: the display name and the profile, at least one. */
static int read_profile(const struct ad_request *rq, struct ad_user_spec *s,
			struct ad_err *err)
{
	struct acct_field f;
	int rc;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < sizeof(not_profile) / sizeof(not_profile[0]);
	     i++)
		if (acct_find(rq->payload, rq->len, not_profile[i], &f) != 0)
			return ad_fail(err, ACCT_ST_INVALID,
				       "%s cannot be changed with 'me "
				       "profile': only the display name and "
				       "the profile",
				       ad_tag_name(not_profile[i]));
	rc = ad_req_str(rq->payload, rq->len, ACCT_T_DISPLAY_NAME, false,
			&s->display_name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_profile_read(rq->payload, rq->len, &s->profile, err);
	if (rc == ACCT_ST_OK && !ad_str_given(s->display_name) &&
	    !ad_profile_given(&s->profile))
		rc = ad_fail(err, ACCT_ST_BADREQ,
			     "nothing to change: give the display name or a "
			     "profile field");
	return rc;
}

int ad_me_may_change(struct ad_ctx *ctx, const struct ad_user *u,
		     const struct ad_tenant *t, struct ad_err *err)
{
	char msg[AD_MSG_MAX];

	if (ad_policy_may_login(u, t, ad_ctx_now(ctx), msg, sizeof(msg)) ==
	    ACCT_PAM_OK)
		return ACCT_ST_OK;
	return ad_fail(err, ACCT_ST_DENIED, "%s",
		       msg[0] != '\0' ? msg : "your account cannot change");
}

AD_HANDLER(ad_handle_me_profile)
{
	struct ad_user_spec s;
	struct ad_tenant t;
	struct ad_user u, after;
	int rc;

	rc = ad_me_user(ctx, rq, &u, &t, err);
	if (rc == ACCT_ST_OK)
		rc = read_profile(rq, &s, err);
	if (rc == ACCT_ST_OK)
		rc = ad_me_may_change(ctx, &u, &t, err);
	if (rc == ACCT_ST_OK)
		rc = ad_timezone_check(ctx->cfg->zoneinfo_dir,
				       s.profile.timezone, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* the caller's own user, by its uid: no guard, no role changes */
	s.name = ad_str_c(u.name);
	s.uid = u.uid;
	rc = ad_store_user_update(ctx->store, &s, NULL, rq->caller.actor,
				  &after, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer, "user '%s' changed its profile",
		    after.name);
	ad_wire_user(reply, &after);
	return ACCT_ST_OK;
}
