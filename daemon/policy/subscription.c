/*
 * subscription.c - the subscription's statuses through time and the
 * operator's requests on it (subscription.h).  Pure.
 */
#include <stdio.h>

#include "policy/subscription.h"

void ad_policy_sub_step(const struct ad_subscription *s, uint64_t now,
			struct ad_sub_step *out)
{
	uint64_t ends = 0;

	out->status = s->status;
	out->changed = false;
	out->due = 0;
	out->why = "";
	if (s->status == ACCT_SUB_TRIAL) {
		ends = s->trial_ends_at;
		out->why = "trial ended";
	} else if (s->status == ACCT_SUB_CANCELLED) {
		ends = s->period_ends_at;
		out->why = "cancelled period ended";
	} else {
		return;
	}
	if (ends > now) {
		out->due = ends;
		return;
	}
	out->status = ACCT_SUB_EXPIRED;
	out->changed = true;
}

uint32_t ad_policy_sub_status(const struct ad_subscription *s, uint64_t now)
{
	struct ad_sub_step st;

	ad_policy_sub_step(s, now, &st);
	return st.status;
}

static void settle(struct ad_subscription *s, uint64_t now)
{
	s->status = ad_policy_sub_status(s, now);
}

int ad_policy_sub_plan(struct ad_subscription *s, const struct ad_plan *p,
		       uint64_t trial_ends, uint64_t now)
{
	snprintf(s->plan, sizeof(s->plan), "%s", p->name);
	if (trial_ends != 0 || p->trial_days != 0) {
		s->status = ACCT_SUB_TRIAL;
		s->trial_ends_at =
			trial_ends != 0
				? trial_ends
				: now + (uint64_t)p->trial_days * 86400u;
		s->period_ends_at = 0;
	} else {
		s->status = ACCT_SUB_ACTIVE;
		s->trial_ends_at = 0;
		s->period_ends_at = now + ACCT_SUB_PERIOD;
	}
	settle(s, now);
	return ACCT_ST_OK;
}

int ad_policy_sub_subscribe(struct ad_subscription *s, const char *slug,
			    uint64_t period_ends, uint64_t now, char *msg,
			    size_t msglen)
{
	if (s->plan[0] == '\0') {
		snprintf(msg, msglen,
			 "tenant %s has no plan: give it one with tenant plan",
			 slug);
		return ACCT_ST_CONFLICT;
	}
	s->status = ACCT_SUB_ACTIVE;
	s->period_ends_at =
		period_ends != 0 ? period_ends : now + ACCT_SUB_PERIOD;
	settle(s, now);
	return ACCT_ST_OK;
}

int ad_policy_sub_cancel(struct ad_subscription *s, const char *slug,
			 uint64_t now, char *msg, size_t msglen)
{
	switch (ad_policy_sub_status(s, now)) {
	case ACCT_SUB_TRIAL:
		s->period_ends_at = s->trial_ends_at;
		break;
	case ACCT_SUB_ACTIVE:
		break;
	case ACCT_SUB_NONE:
		snprintf(msg, msglen, "tenant %s has no subscription", slug);
		return ACCT_ST_CONFLICT;
	case ACCT_SUB_CANCELLED:
		snprintf(msg, msglen,
			 "tenant %s's subscription is already cancelled", slug);
		return ACCT_ST_CONFLICT;
	default:
		snprintf(msg, msglen, "tenant %s's subscription has expired",
			 slug);
		return ACCT_ST_CONFLICT;
	}
	s->status = ACCT_SUB_CANCELLED;
	settle(s, now);
	return ACCT_ST_OK;
}
