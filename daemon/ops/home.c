/*
 * home.c - USER_DELETE's REMOVE_HOME (see home.h): the check before the
 * delete, the removal on a worker after it, and the reply that says what
 * became of the home.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/deferred.h"
#include "ops/home.h"
#include "ops/home_fs.h"
#include "server/log.h"

struct ad_home {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	struct ad_home_dir dir;
	bool open;		    /* it passed the checks: dir holds it */
	char path[AD_MAX_TEXT + 1]; /* as the record says */
	char why[AD_MSG_MAX];	    /* why it stays, when not open */
	struct ad_user user;	    /* the tombstone, for the reply */
	struct ad_home_tally tally; /* the worker's */
};

void ad_home_release(struct ad_home *h)
{
	if (h == NULL)
		return;
	ad_home_close(&h->dir);
	free(h);
}

int ad_home_check(struct ad_ctx *ctx, const struct ad_request *rq,
		  struct ad_str name, struct ad_home **out, struct ad_err *err)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	char note[AD_MSG_MAX];
	struct ad_home *h;
	struct ad_user u;
	uint32_t remove = 0;
	bool given = false;
	int rc;

	*out = NULL;
	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_REMOVE_HOME, false,
			&remove, &given, err);
	if (rc != ACCT_ST_OK || !given || remove == 0)
		return rc;
	/* no such user, or one deleted already: the delete says so */
	if (ad_store_user_get(ctx->store, name, &u, &scratch) != ACCT_ST_OK ||
	    u.status == ACCT_USER_DELETED)
		return ACCT_ST_OK;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	snprintf(h->path, sizeof(h->path), "%s", u.home);
	h->open = ad_home_open(ctx->cfg->home_base, u.home, u.uid, &h->dir,
			       h->why, sizeof(h->why)) == 0;
	if (h->open)
		snprintf(note, sizeof(note), "home %.200s to be removed",
			 u.home);
	else
		snprintf(note, sizeof(note), "home kept: %.200s", h->why);
	/* the verdict commits with the delete's record */
	if (rq->audit != NULL)
		ad_audit_note(rq->audit, NULL, NULL, note);
	*out = h;
	return ACCT_ST_OK;
}

/* The tombstone's USER rec, with what became of its home. */
static int wire_home(struct acct_buf *reply, const struct ad_user *u,
		     uint32_t result, const char *detail)
{
	struct acct_buf tmp;
	struct acct_field f;
	size_t mark;
	int rc = -1;

	acct_buf_init(&tmp, ACCT_MAX_REPLY);
	if (ad_wire_user(&tmp, u) == 0 &&
	    acct_find(tmp.data, tmp.len, ACCT_T_USER, &f) == 1) {
		mark = acct_begin(reply, ACCT_T_USER);
		acct_buf_append(reply, f.val, f.len);
		acct_put_u32(reply, ACCT_T_HOME_REMOVAL, result);
		if (detail[0] != '\0')
			acct_put_str(reply, ACCT_T_HOME_DETAIL, detail);
		rc = acct_end(reply, mark);
	}
	acct_buf_free(&tmp);
	return rc;
}

/* Why an emptied home stayed, when nothing was left on purpose. */
static const char *leftover(int error)
{
	if (error == ESTALE)
		return "it moved meanwhile";
	if (error != 0)
		return strerror(error);
	return "new entries kept appearing";
}

/* What became of the home, in a word and a line. */
static uint32_t outcome(const struct ad_home *h, char *detail, size_t size)
{
	const struct ad_home_tally *t = &h->tally;

	detail[0] = '\0';
	if (!h->open) {
		snprintf(detail, size, "%s", h->why);
		return ACCT_HOME_KEPT;
	}
	if (t->gone)
		return ACCT_HOME_REMOVED;
	if (t->left > 0)
		snprintf(detail, size,
			 "home %.100s: %lu entries removed, %lu left in place "
			 "(not owned by uid %u, on another filesystem, or "
			 "not removable), so the directory stays",
			 h->path, t->removed, t->left, (unsigned)h->dir.uid);
	else
		snprintf(detail, size,
			 "home %.100s: %lu entries removed; the directory "
			 "itself stays (%s)",
			 h->path, t->removed, leftover(t->error));
	return ACCT_HOME_PARTIAL;
}

/* The reply, and a line in the log. */
static int home_answer(struct ad_home *h, const struct ad_peer *peer,
		       struct acct_buf *reply, struct ad_err *err)
{
	char detail[AD_MSG_MAX];
	uint32_t res = outcome(h, detail, sizeof(detail));

	if (res == ACCT_HOME_REMOVED)
		ad_log_peer(LOG_NOTICE, peer,
			    "removed home %s of deleted user '%s' (%lu "
			    "entries)",
			    h->path, h->user.name, h->tally.removed);
	else
		ad_log_peer(LOG_NOTICE, peer,
			    "home of deleted user '%s' not (all) removed: %s",
			    h->user.name, detail);
	if (wire_home(reply, &h->user, res, detail) < 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot encode the reply");
	return ACCT_ST_OK;
}

/* ---- on a worker, then back on the loop (deferred.h) ---- */

static void home_work(struct ad_deferred *d)
{
	struct ad_home *h = (struct ad_home *)d;

	ad_home_empty(&h->dir, &h->tally);
}

static int home_finish(struct ad_deferred *d, struct acct_buf *reply,
		       struct ad_err *err)
{
	struct ad_home *h = (struct ad_home *)d;

	return home_answer(h, &d->peer, reply, err);
}

static void home_release(struct ad_deferred *d)
{
	ad_home_release((struct ad_home *)d);
}

int ad_home_reply(struct ad_ctx *ctx, const struct ad_peer *peer,
		  const struct ad_request *rq, struct ad_home *h,
		  const struct ad_user *u, struct acct_buf *reply,
		  struct ad_err *err)
{
	struct ad_request alone;
	int rc;

	if (h == NULL) {
		ad_wire_user(reply, u);
		return ACCT_ST_OK;
	}
	h->user = *u;
	if (!h->open) {
		rc = home_answer(h, peer, reply, err);
		ad_home_release(h);
		return rc;
	}
	h->d = (struct ad_deferred){.ctx = ctx,
				    .peer = *peer,
				    .work = home_work,
				    .finish = home_finish,
				    .release = home_release};
	/* the request's record committed with the delete: the late reply
	 * writes none of its own */
	alone = *rq;
	alone.audit = NULL;
	rc = ad_deferred_run(&h->d, &alone, reply, err,
			     "too many slow jobs at once");
	if (rc != ACCT_ST_BUSY && rc != ACCT_ST_INTERNAL)
		return rc;
	/* h is gone; the delete stands, and the home waits for a hand */
	ad_log_peer(LOG_WARNING, peer, "home %s of deleted user '%s' kept: %s",
		    u->home, u->name, err->msg);
	*err = (struct ad_err){ACCT_ST_OK, ""};
	if (wire_home(reply, u, ACCT_HOME_KEPT,
		      "accountsd was too busy to remove the home: remove it "
		      "by hand") < 0)
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot encode the reply");
	return ACCT_ST_OK;
}
