/*
 * audit_list.c - AUDIT_LIST: the audit log, newest first, filtered in
 * the daemon a page at a time (acct_proto.h), within what the caller may
 * read (policy/audit.h).
 */
#include "ops/handlers.h"
#include "policy/audit.h"

/* A u64 field: absent is fine (0). */
static int req_u64(const struct ad_request *rq, uint16_t tag, const char *what,
		   uint64_t *out, struct ad_err *err)
{
	struct acct_field f;
	int rc = acct_find(rq->payload, rq->len, tag, &f);

	*out = 0;
	if (rc == 0 || (rc == 1 && acct_get_u64(&f, out) == 0))
		return ACCT_ST_OK;
	return ad_fail(err, ACCT_ST_BADREQ, "malformed field: %s", what);
}

/* A filter string: absent is fine, empty is not (it matches nothing the
 * log holds, and is surely a slip). */
static int req_filter(const struct ad_request *rq, uint16_t tag,
		      const char *what, struct ad_str *out, struct ad_err *err)
{
	struct acct_field f;
	int rc = acct_find(rq->payload, rq->len, tag, &f);

	*out = (struct ad_str){NULL, 0};
	if (rc == 0)
		return ACCT_ST_OK;
	if (rc != 1 || acct_get_str(&f, &out->p, &out->len) != 0)
		return ad_fail(err, ACCT_ST_BADREQ, "malformed field: %s",
			       what);
	if (out->len == 0)
		return ad_fail(err, ACCT_ST_INVALID, "the %s filter is empty",
			       what);
	return ACCT_ST_OK;
}

static int read_query(const struct ad_request *rq, struct ad_audit_query *q,
		      struct ad_err *err)
{
	uint32_t limit = 0;
	int rc;

	memset(q, 0, sizeof(*q));
	rc = req_filter(rq, ACCT_T_TENANT, "tenant", &q->tenant, err);
	if (rc == ACCT_ST_OK)
		rc = req_filter(rq, ACCT_T_ACTOR, "actor", &q->actor, err);
	if (rc == ACCT_ST_OK)
		rc = req_filter(rq, ACCT_T_ACTION, "action", &q->action, err);
	if (rc == ACCT_ST_OK)
		rc = req_u64(rq, ACCT_T_SINCE, "since", &q->since, err);
	if (rc == ACCT_ST_OK)
		rc = req_u64(rq, ACCT_T_UNTIL, "until", &q->until, err);
	if (rc == ACCT_ST_OK)
		rc = req_u64(rq, ACCT_T_BEFORE, "before", &q->before, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(rq->payload, rq->len, ACCT_T_LIMIT, false,
				&limit, NULL, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (q->until != 0 && q->since >= q->until)
		return ad_fail(err, ACCT_ST_INVALID,
			       "since must be before until");
	q->limit =
		limit == 0 || limit > ACCT_ENUM_BATCH ? ACCT_ENUM_BATCH : limit;
	q->examine = ACCT_AUDIT_EXAMINE;
	return ACCT_ST_OK;
}

/* Bound q by what the caller may read: false when that leaves nothing
 * (another tenant asked for reads as an empty log, as one that never
 * existed does). */
static bool within_scope(const struct ad_audit_scope *s,
			 struct ad_audit_query *q)
{
	if (s->all)
		return true;
	if (q->tenant.p != NULL &&
	    (q->tenant.len != strlen(s->tenant) ||
	     memcmp(q->tenant.p, s->tenant, q->tenant.len) != 0))
		return false;
	q->tenant = ad_str_c(s->tenant);
	return true;
}

AD_HANDLER(ad_handle_audit_list)
{
	struct ad_audit_scope scope = ad_policy_audit_scope(&rq->caller);
	struct ad_audit_page pg = {0, 0, false};
	struct ad_audit_query q;
	int rc;

	if (!scope.all && scope.tenant == NULL)
		return ad_fail(err, ACCT_ST_DENIED,
			       "you may not read the audit log");
	rc = read_query(rq, &q, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (within_scope(&scope, &q)) {
		rc = ad_store_audit_list(ctx->store, &q, reply, &pg, err);
		if (rc != ACCT_ST_OK)
			return rc;
	}
	acct_put_u32(reply, ACCT_T_MORE, pg.more ? 1 : 0);
	acct_put_u64(reply, ACCT_T_BEFORE, pg.lowest);
	return ACCT_ST_OK;
}
