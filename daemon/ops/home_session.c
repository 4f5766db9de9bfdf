/*
 * home_session.c - SESSION_OPEN's home directory (see home_session.h):
 * the job on a worker, then the reply, the log line and the audit event.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ops/deferred.h"
#include "ops/home_make.h"
#include "ops/home_session.h"
#include "ops/pam_common.h"
#include "server/log.h"

struct home_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	uint64_t session_id;
	char login[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char actor[AD_MAX_ACTOR + 1];
	uint32_t pid;
	/* what the worker needs, copied: the configuration may be reloaded
	 * meanwhile */
	char base[sizeof(((struct ad_config *)0)->home_base)];
	char path[AD_MAX_TEXT + 1];
	char skel[PATH_MAX];
	struct ad_home_spec spec;
	struct ad_home_result res;
};

static void put_open(struct acct_buf *reply, uint64_t id)
{
	ad_pam_put_verdict(reply, ACCT_PAM_OK, NULL);
	acct_put_u64(reply, ACCT_T_SESSION_ID, id);
}

static void home_work(struct ad_deferred *d)
{
	struct home_job *j = (struct home_job *)d;

	ad_home_make(&j->spec, &j->res);
}

/* The audit event of a home made, refused or failed. */
static void audit_home(struct home_job *j)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	char msg[AD_MSG_MAX];
	struct ad_audit_event ev = {
		.actor = j->actor,
		.has_uid = true,
		.uid = (uint32_t)j->d.peer.uid,
		.action = "home-create",
		.target = j->login,
		.tenant = j->tenant,
		.pid = j->pid,
		.message = msg,
	};

	switch (j->res.made) {
	case AD_HOME_CREATED:
		ev.result = ACCT_ST_OK;
		snprintf(msg, sizeof(msg),
			 "home %.200s created (%lu skeleton entries)", j->path,
			 j->res.copied);
		break;
	case AD_HOME_REFUSED:
		ev.result = ACCT_ST_DENIED;
		snprintf(msg, sizeof(msg), "%s", j->res.why);
		break;
	case AD_HOME_FAILED:
	case AD_HOME_EXISTED:
		ev.result = ACCT_ST_INTERNAL;
		snprintf(msg, sizeof(msg), "%s", j->res.why);
		break;
	}
	if (ad_audit_append(j->d.ctx->store, &ev, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR, "cannot audit the home of '%s': %s", j->login,
		       err.msg);
}

static int home_finish(struct ad_deferred *d, struct acct_buf *reply,
		       struct ad_err *err)
{
	struct home_job *j = (struct home_job *)d;

	(void)err;
	switch (j->res.made) {
	case AD_HOME_EXISTED:
		break;
	case AD_HOME_CREATED:
		if (j->res.swept > 0)
			ad_log_peer(LOG_NOTICE, &d->peer,
				    "home %s: %lu temporaries left by an "
				    "earlier crash removed",
				    j->path, j->res.swept);
		ad_log_peer(LOG_NOTICE, &d->peer,
			    "home %s created for '%s' (%lu skeleton entries, "
			    "%lu skipped)",
			    j->path, j->login, j->res.copied, j->res.skipped);
		audit_home(j);
		break;
	case AD_HOME_REFUSED:
	case AD_HOME_FAILED:
		ad_log_peer(LOG_WARNING, &d->peer,
			    "home of '%s' not created, the session opens "
			    "without it: %s",
			    j->login, j->res.why);
		audit_home(j);
		break;
	}
	put_open(reply, j->session_id);
	return ACCT_ST_OK;
}

static void home_release(struct ad_deferred *d)
{
	free(d);
}

int ad_home_session_reply(struct ad_ctx *ctx, const struct ad_peer *peer,
			  const struct ad_request *rq, const struct ad_user *u,
			  const char *tenant, uint64_t id,
			  struct acct_buf *reply, struct ad_err *err)
{
	const struct ad_config *cfg = ctx->cfg;
	struct ad_request alone;
	struct home_job *j;
	int rc;

	if (!cfg->home_create) {
		put_open(reply, id);
		return ACCT_ST_OK;
	}
	j = calloc(1, sizeof(*j));
	if (j == NULL) {
		ad_log_peer(LOG_WARNING, peer, "home of '%s' not created: %s",
			    u->name, "out of memory");
		put_open(reply, id);
		return ACCT_ST_OK;
	}
	j->session_id = id;
	snprintf(j->login, sizeof(j->login), "%s", u->name);
	snprintf(j->tenant, sizeof(j->tenant), "%s", tenant);
	snprintf(j->actor, sizeof(j->actor), "%s", rq->caller.actor);
	j->pid = (uint32_t)peer->pid;
	snprintf(j->base, sizeof(j->base), "%s", cfg->home_base);
	snprintf(j->path, sizeof(j->path), "%s", u->home);
	snprintf(j->skel, sizeof(j->skel), "%s", cfg->skel_dir);
	j->spec = (struct ad_home_spec){.base = j->base,
					.path = j->path,
					.login = j->login,
					.skel = j->skel,
					.uid = u->uid,
					.gid = u->gid,
					.mode = cfg->home_mode};
	j->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = home_work,
				    .finish = home_finish,
				    .release = home_release};
	/* the request has no record of its own to write (a success of
	 * SESSION_OPEN is not audited): the home's event is */
	alone = *rq;
	alone.audit = NULL;
	rc = ad_deferred_run(&j->d, &alone, reply, err,
			     "too many slow jobs at once");
	if (rc != ACCT_ST_BUSY && rc != ACCT_ST_INTERNAL)
		return rc;
	/* j is gone; the session stands, without its home this time */
	ad_log_peer(LOG_WARNING, peer, "home of '%s' not created: %s", u->name,
		    err->msg);
	*err = (struct ad_err){ACCT_ST_OK, ""};
	put_open(reply, id);
	return ACCT_ST_OK;
}
