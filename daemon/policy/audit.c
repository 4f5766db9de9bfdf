/* audit.c (policy) - which audit records a caller may read (audit.h). */
#include "policy/audit.h"

struct ad_audit_scope ad_policy_audit_scope(const struct ad_caller *c)
{
	struct ad_audit_scope s = {false, NULL};

	switch (c->kind) {
	case AD_CALLER_OPERATOR:
	case AD_CALLER_SUPPORT:
		s.all = true;
		break;
	case AD_CALLER_USER:
		/* a user of no tenant cannot be: it would see nothing */
		if (c->tenant[0] != '\0')
			s.tenant = c->tenant;
		break;
	case AD_CALLER_ANONYMOUS:
		break;
	}
	return s;
}
