/* acct_status.c - words for the wire status codes of acct_proto.h. */
#include <stddef.h>

#include "acct_proto.h"
#include "acct_status.h"

struct status_text {
	const char *name;    /* stable, for machine-readable output */
	const char *message; /* for people */
};

static const struct status_text status_texts[ACCT_ST__COUNT] = {
	[ACCT_ST_OK] = {"ok", "success"},
	[ACCT_ST_NOTFOUND] = {"notfound", "not found"},
	[ACCT_ST_DENIED] = {"permission_denied", "permission denied"},
	[ACCT_ST_BUSY] = {"busy", "daemon busy, try again"},
	[ACCT_ST_INTERNAL] = {"internal", "internal error in accountsd"},
	[ACCT_ST_BADREQ] = {"badreq", "malformed request"},
	[ACCT_ST_EXISTS] = {"exists", "already exists"},
	[ACCT_ST_INVALID] = {"invalid", "invalid value"},
	[ACCT_ST_CONFLICT] = {"conflict", "not allowed in the current state"},
	[ACCT_ST_UNSUPPORTED] = {"unsupported",
				 "operation or protocol version not supported"},
	[ACCT_ST_EXHAUSTED] = {"exhausted", "id range or database full"},
	[ACCT_ST_TOOBIG] = {"toobig", "request or reply too large"},
	[ACCT_ST_RATE_LIMITED] = {"rate_limited", "too many requests"},
	[ACCT_ST_BUDGET_EXCEEDED] = {"budget_exceeded", "budget exceeded"},
};

static const struct status_text *status_lookup(int status)
{
	if (status < 0 || status >= ACCT_ST__COUNT ||
	    status_texts[status].name == NULL)
		return NULL;
	return &status_texts[status];
}

const char *acct_status_message(int status)
{
	const struct status_text *t = status_lookup(status);

	return t != NULL ? t->message : "unknown status";
}

const char *acct_status_name(int status)
{
	const struct status_text *t = status_lookup(status);

	return t != NULL ? t->name : "unknown";
}
