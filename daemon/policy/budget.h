/*
 * budget.h - the one budget check: may an action that adds `adding` to a
 * tenant's seats, sessions, keys or usage go ahead, and which audit
 * events does it cross?  Every path that adds (user create, import,
 * invite, enable and reactivate; PAM session open; key issue and key use
 * once wired) asks it.  Pure.
 */
#ifndef AD_POLICY_BUDGET_H
#define AD_POLICY_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "store/records.h"

struct ad_budget_ask {
	uint32_t kind;	       /* enum acct_budget_kind */
	const char *tenant;    /* the slug, for the message */
	uint64_t limit;	       /* ACCT_BUDGET_UNLIMITED: none */
	uint64_t used;	       /* now */
	uint64_t adding;       /* what the action adds */
	uint32_t policy;       /* enum acct_budget_policy (0: block) */
	bool override_allowed; /* an operator, or a budget:override key */
	bool override_asked;   /* the request's OVERRIDE */
};

struct ad_budget_verdict {
	int status;	 /* ACCT_ST_OK or ACCT_ST_BUDGET_EXCEEDED */
	bool overridden; /* allowed past the limit by an override */
	bool cross80;	 /* used goes from below 80% to 80% or more */
	bool cross100;	 /* ... from below the limit to the limit or more */
	uint64_t after;	 /* used + adding (saturated) */
	char msg[AD_MSG_MAX]; /* refused: "tenant acme is at its seats
				 budget (10 of 10)" */
};

/*
 * Unlimited: allowed, no events.  used + adding up to the limit: allowed,
 * with the events it crosses.  Past it: refused, unless the policy is
 * override and an allowed caller asked for it (overridden, with the
 * events it crosses).  The events are only for an action allowed.
 */
int ad_policy_budget(const struct ad_budget_ask *a,
		     struct ad_budget_verdict *v);

#endif
