/* budget.c - the budget check (budget.h).  Pure. */
#include <stdio.h>

#include "acct_names.h"
#include "policy/budget.h"

/* Does going from used to after pass pct percent of limit? */
static bool crosses(uint64_t used, uint64_t after, uint64_t limit, unsigned pct)
{
	/* limits are far below UINT64_MAX / 100 (ACCT_MAX_USAGE) */
	unsigned __int128 mark = (unsigned __int128)limit * pct;

	return (unsigned __int128)used * 100 < mark &&
	       (unsigned __int128)after * 100 >= mark;
}

int ad_policy_budget(const struct ad_budget_ask *a, struct ad_budget_verdict *v)
{
	const char *kind = acct_budget_kind_name(a->kind);

	v->status = ACCT_ST_OK;
	v->overridden = false;
	v->cross80 = v->cross100 = false;
	v->msg[0] = '\0';
	v->after = a->used + a->adding < a->used ? UINT64_MAX
						 : a->used + a->adding;
	if (a->limit == ACCT_BUDGET_UNLIMITED)
		return ACCT_ST_OK;
	if (v->after > a->limit && a->adding > 0) {
		bool may = a->policy == ACCT_BUDGET_OVERRIDE &&
			   a->override_allowed && a->override_asked;

		if (!may) {
			snprintf(
				v->msg, sizeof(v->msg),
				"tenant %s is at its %s budget (%llu of "
				"%llu)%s",
				a->tenant, kind != NULL ? kind : "unknown",
				(unsigned long long)a->used,
				(unsigned long long)a->limit,
				a->policy != ACCT_BUDGET_OVERRIDE ? ""
				: a->override_allowed
					? ": --override goes past it"
					: ": only an operator may override it");
			v->status = ACCT_ST_BUDGET_EXCEEDED;
			return v->status;
		}
		v->overridden = true;
	}
	v->cross80 = crosses(a->used, v->after, a->limit, 80);
	v->cross100 = crosses(a->used, v->after, a->limit, 100);
	return ACCT_ST_OK;
}
