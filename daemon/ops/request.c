/*
 * request.c - reading request fields, and the small things every handler
 * needs to name what it did.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "acct_text.h"
#include "acct_ops.h"
#include "ops/handlers.h"

int ad_fail(struct ad_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

const char *ad_tag_name(uint16_t tag)
{
	switch (tag) {
	case ACCT_T_NAME:
		return "name";
	case ACCT_T_UID:
		return "uid";
	case ACCT_T_GID:
		return "gid";
	case ACCT_T_HOME:
		return "home";
	case ACCT_T_SHELL:
		return "shell";
	case ACCT_T_MEMBER:
		return "member";
	case ACCT_T_CURSOR:
		return "cursor";
	case ACCT_T_LIMIT:
		return "limit";
	case ACCT_T_TENANT:
		return "tenant";
	case ACCT_T_DISPLAY_NAME:
		return "display_name";
	case ACCT_T_EMAIL:
		return "email";
	case ACCT_T_ROLE:
		return "role";
	case ACCT_T_STATUS:
		return "status";
	case ACCT_T_USER:
		return "user";
	case ACCT_T_STATUS_REASON:
		return "reason";
	case ACCT_T_SERVICE:
		return "service";
	case ACCT_T_PASSWORD:
		return "password";
	case ACCT_T_OLD_PASSWORD:
		return "old_password";
	case ACCT_T_SESSION_ID:
		return "session id";
	case ACCT_T_PROC_START:
		return "proc start";
	case ACCT_T_TOKEN:
		return "token";
	case ACCT_T_NEW_NAME:
		return "new_name";
	case ACCT_T_OWNER:
		return "owner";
	case ACCT_T_REMOVE_HOME:
		return "remove_home";
	/* API keys and usage (issue 9) */
	case ACCT_T_KEY_PREFIX:
		return "key prefix";
	case ACCT_T_SCOPE:
		return "scope";
	case ACCT_T_KEY_TTL:
		return "key ttl";
	case ACCT_T_KEY_NAME:
		return "key name";
	case ACCT_T_UNITS:
		return "units";
	case ACCT_T_MONTH:
		return "month";
	case ACCT_T_APP_PASSWORDS:
		return "app_passwords";
	default:
		return "field";
	}
}

/* The outcome for a field that did not read as its type, by what
 * acct_find said (1 found, 0 absent, -1 malformed): fine only when absent
 * and not required. */
static int unreadable_field(int found, uint16_t tag, bool required,
			    struct ad_err *err)
{
	if (found == 0 && !required)
		return ACCT_ST_OK;
	return ad_fail(err, ACCT_ST_BADREQ, "%s field: %s",
		       found == 0 ? "missing" : "malformed", ad_tag_name(tag));
}

int ad_req_str(const void *p, size_t len, uint16_t tag, bool required,
	       struct ad_str *out, struct ad_err *err)
{
	struct acct_field f;
	int rc;

	out->p = NULL;
	out->len = 0;
	rc = acct_find(p, len, tag, &f);
	if (rc == 1 && acct_get_str(&f, &out->p, &out->len) == 0)
		return ACCT_ST_OK;
	return unreadable_field(rc, tag, required, err);
}

int ad_req_u32(const void *p, size_t len, uint16_t tag, bool required,
	       uint32_t *out, bool *given, struct ad_err *err)
{
	struct acct_field f;
	int rc;

	if (given != NULL)
		*given = false;
	rc = acct_find(p, len, tag, &f);
	if (rc == 1 && acct_get_u32(&f, out) == 0) {
		if (given != NULL)
			*given = true;
		return ACCT_ST_OK;
	}
	return unreadable_field(rc, tag, required, err);
}

int ad_req_u64(const void *p, size_t len, uint16_t tag, bool required,
	       uint64_t *out, bool *given, struct ad_err *err)
{
	struct acct_field f;
	int rc;

	if (given != NULL)
		*given = false;
	rc = acct_find(p, len, tag, &f);
	if (rc == 1 && acct_get_u64(&f, out) == 0) {
		if (given != NULL)
			*given = true;
		return ACCT_ST_OK;
	}
	return unreadable_field(rc, tag, required, err);
}

int ad_req_page_args(const struct ad_request *rq, uint32_t *after,
		     uint32_t *limit, struct ad_err *err)
{
	int rc;

	*after = 0;
	*limit = 0;
	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_CURSOR, false, after, NULL,
			err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_LIMIT, false,
				limit, NULL, err);
	return rc;
}

const char *ad_op_label(uint16_t opcode)
{
	const char *name = acct_op_name(opcode);

	return name != NULL ? name : "request";
}

void ad_actor(const struct ad_peer *peer, char *buf, size_t size)
{
	if (peer->actor[0] != '\0') {
		snprintf(buf, size, "%s", peer->actor);
		return;
	}
	ad_actor_name((uint32_t)peer->uid, peer->uid == 0 ? "root" : NULL, NULL,
		      buf, size);
}

const char *ad_printable(char *dst, size_t size, struct ad_str s)
{
	return acct_printable(dst, size, s.p, s.len, '?');
}

int ad_page_start(const struct ad_request *rq, struct ad_page *pg,
		  struct acct_buf *out, uint32_t *after, struct ad_err *err)
{
	int rc;

	memset(pg, 0, sizeof(pg[0]));
	pg->out = out;
	rc = ad_req_page_args(rq, after, &pg->limit, err);
	if (pg->limit == 0 || pg->limit > ACCT_ENUM_BATCH)
		pg->limit = ACCT_ENUM_BATCH;
	pg->last = *after;
	return rc;
}

void ad_page_finish(struct ad_page *pg)
{
	acct_put_u32(pg->out, ACCT_T_MORE, pg->more ? 1 : 0);
	acct_put_u32(pg->out, ACCT_T_CURSOR, pg->last);
}
