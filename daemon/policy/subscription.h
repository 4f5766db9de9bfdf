/*
 * subscription.h - a tenant's subscription through time: which status it
 * has at a given moment, when it next changes by itself, and what the
 * operator's requests (TENANT_PLAN, TENANT_SUBSCRIBE, TENANT_CANCEL) make
 * of it.  Pure: the records and the time come in, the new record and one
 * line go out.
 *
 *   trial      -> expired at trial_ends_at
 *   cancelled  -> expired at period_ends_at
 *   active     renews: it stays active past period_ends_at (billing is
 *              not accountsd's; the date says when the period was paid to)
 *   none, expired: nothing happens by itself
 */
#ifndef AD_POLICY_SUBSCRIPTION_H
#define AD_POLICY_SUBSCRIPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/records.h"

/* What s becomes at now by itself. */
struct ad_sub_step {
	uint32_t status; /* enum acct_sub_status at now */
	bool changed;	 /* status differs from s->status */
	uint64_t due;	 /* the next time it changes by itself; 0: never */
	const char *why; /* changed: "trial ended", "cancelled period ended" */
};
void ad_policy_sub_step(const struct ad_subscription *s, uint64_t now,
			struct ad_sub_step *out);

/* The status s has at now (what the login policy asks). */
uint32_t ad_policy_sub_status(const struct ad_subscription *s, uint64_t now);

/*
 * The operator's requests, each on tenant slug's subscription *s at now,
 * into *s (then stepped to now: a date already past takes effect at
 * once).  A refusal is its status (CONFLICT) with one line in msg.
 *   plan:      p's trial (trial_ends, or now + p->trial_days days) when
 *              trial_ends != 0 or p has trial days, else active for
 *              ACCT_SUB_PERIOD (an explicit trial_ends always starts a
 *              trial, whatever the plan says).
 *   subscribe: active until period_ends (0: now + ACCT_SUB_PERIOD);
 *              CONFLICT without a plan.
 *   cancel:    a trial or active subscription becomes cancelled, usable
 *              until its trial or period ends; CONFLICT otherwise.
 */
int ad_policy_sub_plan(struct ad_subscription *s, const struct ad_plan *p,
		       uint64_t trial_ends, uint64_t now);
int ad_policy_sub_subscribe(struct ad_subscription *s, const char *slug,
			    uint64_t period_ends, uint64_t now, char *msg,
			    size_t msglen);
int ad_policy_sub_cancel(struct ad_subscription *s, const char *slug,
			 uint64_t now, char *msg, size_t msglen);

#endif
