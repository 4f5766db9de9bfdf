/*
 * audit.h (policy) - which audit records a caller may read.  Pure.
 *
 * The one place the reach of AUDIT_LIST is decided: platform operators
 * and support read every record; a directory user reads only the records
 * of its own tenant, whatever TENANT it asks for; anyone else reads
 * nothing.  Whether the caller may list the audit log at all is the
 * permission check's question (audit:read); this only bounds what it
 * then sees.
 */
#ifndef AD_POLICY_AUDIT_H
#define AD_POLICY_AUDIT_H

#include <stdbool.h>

#include "policy/access.h"

struct ad_audit_scope {
	bool all;	    /* every record */
	const char *tenant; /* else: only records naming this tenant (a
			       slug inside the caller); NULL: none at all */
};

struct ad_audit_scope ad_policy_audit_scope(const struct ad_caller *c);

#endif
