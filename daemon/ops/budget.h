/*
 * budget.h - the budget check as the handlers use it: a tenant's limit,
 * what it uses and the request's override go to the one policy function
 * (policy/budget.h); after the change, the events it crossed are
 * recorded with it.  Also the time-driven subscription changes (ops/subscription.c)
 * that main.c's timer runs.
 */
#ifndef AD_OPS_BUDGET_H
#define AD_OPS_BUDGET_H

#include "ops/handlers.h"
#include "policy/budget.h"

/* One check and what the handler needs to record it afterwards. */
struct ad_budget_outcome {
	bool checked; /* false: nothing to record */
	uint32_t kind;
	char tenant[ACCT_MAX_SLUG + 1];
	uint64_t limit, used;
	struct ad_budget_verdict v;
};

/*
 * May rq add `adding` to tenant's budget of kind?  ACCT_ST_OK (o filled
 * for ad_budget_arm), BUDGET_EXCEEDED with the policy's line in err,
 * or the store's failure (a tenant that does not exist is left for the
 * change itself to report: OK with nothing checked).
 */
int ad_budget_check(struct ad_ctx *ctx, const struct ad_request *rq,
		    struct ad_str tenant, uint32_t kind, uint64_t adding,
		    struct ad_budget_outcome *o, struct ad_err *err);

/* USER_ENABLE and USER_REACTIVATE of the user name: one that is
 * disabled takes a seat again (a pending one holds its seat already).
 * A user that does not exist is left for the change to report. */
int ad_budget_check_return(struct ad_ctx *ctx, const struct ad_request *rq,
			   struct ad_str name, struct ad_budget_outcome *o,
			   struct ad_err *err);

/*
 * The audit records of what the checked actions cross ("budget-80",
 * "budget-100") and of an override ("budget-override"), by rq's caller,
 * committed with the change the handler makes next, in its transaction
 * (store/audit.h: ad_store_audit_also): arm right before the store call
 * that makes the change, disarm right after it, whatever it returned.
 * arm must live until then.
 */
struct ad_budget_arm {
	const struct ad_request *rq;
	const struct ad_budget_outcome *o; /* n of them */
	size_t n;
};
void ad_budget_arm(struct ad_ctx *ctx, struct ad_budget_arm *arm);
void ad_budget_disarm(struct ad_ctx *ctx);

/*
 * One use of an API key of tenant's (a unit of its usage this month):
 * the usage budget's check, with an override allowed and asked when the
 * key holds budget:override (scopes), asked when the request says so.
 * Its 80%/100% and override records are written here, by who from
 * process pid (a key use writes nothing else).  ACCT_ST_OK or
 * BUDGET_EXCEEDED (err).
 */
int ad_budget_key_use(struct ad_ctx *ctx, const char *tenant, uint32_t scopes,
		      bool asked, const struct ad_audit_who *who, int32_t pid,
		      struct ad_err *err);

/* The limits a request gives (SEATS, SESSIONS, KEYS, USAGE: a plan's or
 * a tenant's override) into limit, by kind - 1; bit kind - 1 of *set for
 * each given. */
int ad_budget_read_limits(const struct ad_request *rq,
			  uint64_t limit[ACCT_BUDGET_KINDS], uint32_t *set,
			  struct ad_err *err);

/* A tenant's budgets, every kind's use filled in. */
int ad_budget_view(struct ad_ctx *ctx, struct ad_str tenant,
		   struct ad_budget_view *v, struct ad_err *err);

/*
 * Apply every subscription change that is due at now (an expired trial
 * or cancelled period), audited by "accountsd"; *next_due gets when the
 * next one falls due (0: none).  main.c runs it at startup and from its
 * timer.
 */
int ad_subscriptions_apply(struct ad_ctx *ctx, uint64_t now, uint64_t *next_due,
			   uint32_t *changed, struct ad_err *err);

#endif
