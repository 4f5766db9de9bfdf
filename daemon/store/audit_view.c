/*
 * audit_view.c - reading a stored audit record's fields (audit.h), for
 * AUDIT_LIST's filters and the sink's lines.  Pure: bytes in, pointers
 * into them out.
 */
#include "store/audit.h"

/* A string field into s (left absent when it is not one). */
static int take_str(const struct acct_field *f, struct ad_str *s)
{
	return acct_get_str(f, &s->p, &s->len);
}

/* One field of the body into v: 0, or -1 when it is malformed. */
static int take(const struct acct_field *f, struct ad_audit_view *v)
{
	switch (f->tag) {
	case ACCT_T_TIME:
		return acct_get_u64(f, &v->time);
	case ACCT_T_ACTOR:
		return take_str(f, &v->actor);
	case ACCT_T_ACTION:
		return take_str(f, &v->action);
	case ACCT_T_TARGET:
		return take_str(f, &v->target);
	case ACCT_T_TENANT:
		return take_str(f, &v->tenant);
	case ACCT_T_REASON:
		return take_str(f, &v->reason);
	case ACCT_T_MESSAGE:
		return take_str(f, &v->message);
	case ACCT_T_RESULT:
		return acct_get_u32(f, &v->result);
	case ACCT_T_PAM_RESULT:
		return acct_get_u32(f, &v->pam_result);
	case ACCT_T_PID:
		return acct_get_u32(f, &v->pid);
	case ACCT_T_ACTOR_UID:
		v->has_uid = true;
		return acct_get_u32(f, &v->uid);
	case ACCT_T_COUNT:
		return acct_get_u32(f, &v->count);
	case ACCT_T_FIRST_SEEN:
		return acct_get_u64(f, &v->first_seen);
	case ACCT_T_LAST_SEEN:
		return acct_get_u64(f, &v->last_seen);
	default:
		return 0; /* a field of a newer daemon: skipped */
	}
}

int ad_audit_view(const void *rec, size_t len, struct ad_audit_view *v)
{
	struct acct_reader r;
	struct acct_field f;
	bool have_time = false, have_result = false;
	int rc;

	memset(v, 0, sizeof(*v));
	acct_reader_init(&r, rec, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		/* the chain's two hashes end the body */
		if (f.tag == ACCT_T_PREV_HASH)
			break;
		if (take(&f, v) < 0)
			return -1;
		have_time |= f.tag == ACCT_T_TIME;
		have_result |= f.tag == ACCT_T_RESULT;
		v->body_len = len - r.left;
	}
	if (rc != 1 || !have_time || !have_result || v->actor.p == NULL ||
	    v->action.p == NULL || v->target.p == NULL)
		return -1;
	/* every field as the codec wants it, those this file skips too: the
	 * body goes out in replies, which a client checks whole */
	return acct_validate(rec, v->body_len) == 0 ? 0 : -1;
}
