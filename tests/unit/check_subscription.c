/*
 * check_subscription.c - a tenant's subscription: the pure rules by table
 * (each status before and after each of its dates, the next due time, the
 * operator's requests), then through ad_dispatch: TENANT_PLAN,
 * TENANT_SUBSCRIBE and TENANT_CANCEL with dates past and future, who may
 * see and change it, the login policy refusing an expired tenant's users,
 * and the time-driven sweep (what main.c's timer runs) expiring and
 * auditing each change once.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon_testlib.h"
#include "policy/access.h"
#include "ops/budget.h"
#include "policy/login.h"
#include "policy/subscription.h"

#define T0 UINT64_C(1800000000)
#define DAY UINT64_C(86400)

/* ---- the rules ---- */

struct step_case {
	const char *what;
	uint32_t status;
	uint64_t trial_ends, period_ends, now;
	uint32_t want;
	bool changed;
	uint64_t due;
};

static const struct step_case steps[] = {
	{"none", ACCT_SUB_NONE, 0, 0, T0, ACCT_SUB_NONE, false, 0},
	{"trial before its end", ACCT_SUB_TRIAL, T0 + 10, 0, T0, ACCT_SUB_TRIAL,
	 false, T0 + 10},
	{"trial one second before", ACCT_SUB_TRIAL, T0 + 1, 0, T0,
	 ACCT_SUB_TRIAL, false, T0 + 1},
	{"trial at its end", ACCT_SUB_TRIAL, T0, 0, T0, ACCT_SUB_EXPIRED, true,
	 0},
	{"trial after its end", ACCT_SUB_TRIAL, T0 - 5, 0, T0, ACCT_SUB_EXPIRED,
	 true, 0},
	{"trial: the period does not matter", ACCT_SUB_TRIAL, T0 + 10, T0 - 5,
	 T0, ACCT_SUB_TRIAL, false, T0 + 10},
	{"active before its period ends", ACCT_SUB_ACTIVE, 0, T0 + 10, T0,
	 ACCT_SUB_ACTIVE, false, 0},
	{"active after its period: renews", ACCT_SUB_ACTIVE, 0, T0 - 10, T0,
	 ACCT_SUB_ACTIVE, false, 0},
	{"active after an old trial", ACCT_SUB_ACTIVE, T0 - 10, T0 + 10, T0,
	 ACCT_SUB_ACTIVE, false, 0},
	{"cancelled before its period ends", ACCT_SUB_CANCELLED, 0, T0 + 10, T0,
	 ACCT_SUB_CANCELLED, false, T0 + 10},
	{"cancelled at its end", ACCT_SUB_CANCELLED, 0, T0, T0,
	 ACCT_SUB_EXPIRED, true, 0},
	{"cancelled after its end", ACCT_SUB_CANCELLED, 0, T0 - 1, T0,
	 ACCT_SUB_EXPIRED, true, 0},
	{"cancelled without a date", ACCT_SUB_CANCELLED, 0, 0, T0,
	 ACCT_SUB_EXPIRED, true, 0},
	{"expired stays", ACCT_SUB_EXPIRED, T0 - 10, T0 - 5, T0,
	 ACCT_SUB_EXPIRED, false, 0},
	{"expired, dates in the future", ACCT_SUB_EXPIRED, T0 + 10, T0 + 10, T0,
	 ACCT_SUB_EXPIRED, false, 0},
};

START_TEST(test_step_table)
{
	const struct step_case *c = &steps[_i];
	struct ad_subscription s = {"pro", c->status, c->trial_ends,
				    c->period_ends};
	struct ad_sub_step st;

	ad_policy_sub_step(&s, c->now, &st);
	ck_assert_msg(st.status == c->want, "%s: status %u", c->what,
		      st.status);
	ck_assert_msg(st.changed == c->changed, "%s: changed", c->what);
	ck_assert_msg(st.due == c->due, "%s: due %llu", c->what,
		      (unsigned long long)st.due);
	ck_assert_uint_eq(ad_policy_sub_status(&s, c->now), c->want);
}
END_TEST

START_TEST(test_requests)
{
	struct ad_plan trial = {"pro", {0}, 14, 0, 0, 0};
	struct ad_plan plain = {"basic", {0}, 0, 0, 0, 0};
	struct ad_subscription s;
	char msg[AD_MSG_MAX];

	/* a plan with trial days starts a trial of that many days */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(ad_policy_sub_plan(&s, &trial, 0, T0), ACCT_ST_OK);
	ck_assert_str_eq(s.plan, "pro");
	ck_assert_uint_eq(s.status, ACCT_SUB_TRIAL);
	ck_assert_uint_eq(s.trial_ends_at, T0 + 14 * DAY);
	/* without: active for a period */
	ck_assert_int_eq(ad_policy_sub_plan(&s, &plain, 0, T0), ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_ACTIVE);
	ck_assert_uint_eq(s.trial_ends_at, 0);
	ck_assert_uint_eq(s.period_ends_at, T0 + ACCT_SUB_PERIOD);
	/* an explicit end: a trial whatever the plan; past: expired now */
	ck_assert_int_eq(ad_policy_sub_plan(&s, &plain, T0 + 5, T0),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_TRIAL);
	ck_assert_int_eq(ad_policy_sub_plan(&s, &trial, T0 - 5, T0),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_EXPIRED);
	ck_assert_uint_eq(s.trial_ends_at, T0 - 5);

	/* subscribe: from expired back to active, default period */
	ck_assert_int_eq(
		ad_policy_sub_subscribe(&s, "acme", 0, T0, msg, sizeof(msg)),
		ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_ACTIVE);
	ck_assert_uint_eq(s.period_ends_at, T0 + ACCT_SUB_PERIOD);
	/* cancel: usable until the period ends */
	ck_assert_int_eq(ad_policy_sub_cancel(&s, "acme", T0, msg, sizeof(msg)),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_CANCELLED);
	ck_assert_int_eq(ad_policy_sub_cancel(&s, "acme", T0, msg, sizeof(msg)),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(msg, "tenant acme's subscription is already "
			      "cancelled");
	/* a cancelled trial runs to the trial's end */
	ck_assert_int_eq(ad_policy_sub_plan(&s, &trial, 0, T0), ACCT_ST_OK);
	ck_assert_int_eq(ad_policy_sub_cancel(&s, "acme", T0, msg, sizeof(msg)),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.period_ends_at, T0 + 14 * DAY);
	/* a subscribe with a past period end: active renews */
	ck_assert_int_eq(ad_policy_sub_subscribe(&s, "acme", T0 - DAY, T0, msg,
						 sizeof(msg)),
			 ACCT_ST_OK);
	ck_assert_uint_eq(s.status, ACCT_SUB_ACTIVE);
	/* no plan: nothing to subscribe to, nothing to cancel */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
		ad_policy_sub_subscribe(&s, "acme", 0, T0, msg, sizeof(msg)),
		ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		msg, "tenant acme has no plan: give it one with tenant plan");
	ck_assert_int_eq(ad_policy_sub_cancel(&s, "acme", T0, msg, sizeof(msg)),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(msg, "tenant acme has no subscription");
}
END_TEST

START_TEST(test_login_policy)
{
	struct ad_tenant t;
	struct ad_user u;
	char msg[AD_MSG_MAX];

	memset(&t, 0, sizeof(t));
	memset(&u, 0, sizeof(u));
	snprintf(t.slug, sizeof(t.slug), "acme");
	t.status = ACCT_TENANT_ACTIVE;
	snprintf(u.name, sizeof(u.name), "bob");
	u.status = ACCT_USER_ACTIVE;
	snprintf(t.sub.plan, sizeof(t.sub.plan), "pro");
	t.sub.status = ACCT_SUB_TRIAL;
	t.sub.trial_ends_at = T0;
	ck_assert_int_eq(ad_policy_may_login(&u, &t, T0 - 1, msg, sizeof(msg)),
			 ACCT_PAM_OK);
	/* past the trial's end: refused even before the sweep writes it */
	ck_assert_int_eq(ad_policy_may_login(&u, &t, T0, msg, sizeof(msg)),
			 ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(msg, "organization acme's subscription has expired");
	t.sub.status = ACCT_SUB_EXPIRED;
	ck_assert_int_eq(
		ad_policy_may_login(&u, &t, T0 - 100, msg, sizeof(msg)),
		ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(msg, "organization acme's subscription has expired");
	/* a suspension says so first */
	t.status = ACCT_TENANT_SUSPENDED;
	ck_assert_int_eq(ad_policy_may_login(&u, &t, T0, msg, sizeof(msg)),
			 ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(msg, "organization acme is suspended");
	/* active and cancelled subscriptions let users in */
	t.status = ACCT_TENANT_ACTIVE;
	t.sub.status = ACCT_SUB_ACTIVE;
	t.sub.period_ends_at = T0 - 100;
	ck_assert_int_eq(ad_policy_may_login(&u, &t, T0, msg, sizeof(msg)),
			 ACCT_PAM_OK);
	t.sub.status = ACCT_SUB_CANCELLED;
	t.sub.period_ends_at = T0 + 100;
	ck_assert_int_eq(ad_policy_may_login(&u, &t, T0, msg, sizeof(msg)),
			 ACCT_PAM_OK);
}
END_TEST

/* ---- through ad_dispatch ---- */

static struct dt T;
static uint32_t ann;

static void setup(void)
{
	dt_setup(&T);
	dt_tenant(&T, "acme");
	dt_tenant(&T, "globex");
	ann = dt_user(&T, "ann", "acme", ACCT_ROLE_OWNER);
	dt_user(&T, "bob", "acme", ACCT_ROLE_MEMBER);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "pro"),
				 DT_U(ACCT_T_TRIAL_DAYS, 14), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_PLAN_CREATE,
				 DT_S(ACCT_T_NAME, "basic"), DT_END),
			 ACCT_ST_OK);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static uint64_t now(void)
{
	return (uint64_t)time(NULL);
}

static uint32_t sub_status(const char *slug)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, slug), DT_END),
			 ACCT_ST_OK);
	{
		struct acct_field r =
			dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);

		/* no plan yet: the record says nothing of it */
		if (dt_count(r.val, r.len, ACCT_T_SUB_STATUS) == 0)
			return ACCT_SUB_NONE;
	}
	return dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_SUB_STATUS);
}

static uint64_t tenant_u64(uint16_t tag)
{
	struct acct_field r =
		dt_field(T.rep.data, T.rep.len, ACCT_T_TENANT_REC, 0);

	return dt_u64(r.val, r.len, tag);
}

static uint32_t pam_account(const char *login, char *msg, size_t msglen)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_ACCT_MGMT,
				 DT_S(ACCT_T_NAME, login),
				 DT_S(ACCT_T_SERVICE, "sshd"), DT_END),
			 ACCT_ST_OK);
	snprintf(msg, msglen, "%s",
		 dt_count(T.rep.data, T.rep.len, ACCT_T_MESSAGE)
			 ? dt_str(T.rep.data, T.rep.len, ACCT_T_MESSAGE)
			 : "");
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

static size_t count_actions(const char *action)
{
	static struct dt_audit_list l;
	size_t n = 0;

	dt_audit_read(&T, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, action) == 0 &&
		    l.rec[i].result == ACCT_ST_OK)
			n++;
	return n;
}

START_TEST(test_plan_subscribe_cancel)
{
	uint64_t t = now();

	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_NONE);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_OK);
	ck_assert_str_eq(dt_rec_str(&T, ACCT_T_TENANT_REC, ACCT_T_PLAN), "pro");
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_SUB_STATUS),
			  ACCT_SUB_TRIAL);
	ck_assert_uint_ge(tenant_u64(ACCT_T_TRIAL_ENDS), t + 14 * DAY);
	ck_assert_uint_le(tenant_u64(ACCT_T_TRIAL_ENDS), now() + 14 * DAY);

	/* an explicit period end in the future */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUBSCRIBE,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_Q(ACCT_T_PERIOD_ENDS, T0 + 100 * DAY),
				 DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_ACTIVE);
	ck_assert_uint_eq(tenant_u64(ACCT_T_PERIOD_ENDS), T0 + 100 * DAY);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_CANCELLED);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
	/* an explicit trial end already past: expired at once */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"),
				 DT_Q(ACCT_T_TRIAL_ENDS, now() - 60), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_EXPIRED);
	/* a plan without trial days: active */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_PLAN, "basic"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(sub_status("globex"), ACCT_SUB_ACTIVE);
	ck_assert_uint_ge(tenant_u64(ACCT_T_PERIOD_ENDS), t + ACCT_SUB_PERIOD);
	ck_assert_uint_eq(count_actions("tenant-plan"), 3);
	ck_assert_uint_eq(count_actions("tenant-subscribe"), 1);
	ck_assert_uint_eq(count_actions("tenant-cancel"), 1);
}
END_TEST

START_TEST(test_bad_requests_change_nothing)
{
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "nosuch"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no plan 'nosuch'");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_BADREQ);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "nosuch"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"),
				 DT_Q(ACCT_T_TRIAL_ENDS, 0), DT_END),
			 ACCT_ST_INVALID);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUBSCRIBE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(
		T.msg, "tenant acme has no plan: give it one with tenant plan");
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_NONE);
	ck_assert_uint_eq(count_actions("tenant-plan"), 0);
}
END_TEST

START_TEST(test_who)
{
	uint32_t gus = dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_OK);
	/* the tenant's owner sees its subscription, changes nothing */
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_SHOW,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(dt_rec_u32(&T, ACCT_T_TENANT_REC, ACCT_T_SUB_STATUS),
			  ACCT_SUB_TRIAL);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_SUBSCRIBE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, ann, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "basic"), DT_END),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(dt_call(&T, gus, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	T.platform = AD_PLATFORM_SUPPORT;
	ck_assert_int_eq(dt_call(&T, 5000, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_DENIED);
	T.platform = 0;
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_TRIAL);
}
END_TEST

START_TEST(test_expired_login_refused)
{
	char msg[AD_MSG_MAX];

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(pam_account("bob", msg, sizeof(msg)), ACCT_PAM_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"),
				 DT_Q(ACCT_T_TRIAL_ENDS, now() - 1), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(pam_account("bob", msg, sizeof(msg)),
			  ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(msg, "organization acme's subscription has expired");
	/* the owner too; another tenant not at all */
	ck_assert_uint_eq(pam_account("ann", msg, sizeof(msg)),
			  ACCT_PAM_TENANT_INACTIVE);
	dt_user(&T, "gus", "globex", ACCT_ROLE_OWNER);
	ck_assert_uint_eq(pam_account("gus", msg, sizeof(msg)), ACCT_PAM_OK);
	/* until an operator acts */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUBSCRIBE,
				 DT_S(ACCT_T_NAME, "acme"), DT_END),
			 ACCT_ST_OK);
	ck_assert_uint_eq(pam_account("bob", msg, sizeof(msg)), ACCT_PAM_OK);
}
END_TEST

START_TEST(test_sweep_expires_once)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	uint64_t t = now(), next = 0;
	uint32_t n = 0;
	static struct dt_audit_list l;
	size_t i;

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_PLAN, "pro"),
				 DT_Q(ACCT_T_TRIAL_ENDS, t + 100), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PLAN,
				 DT_S(ACCT_T_NAME, "globex"),
				 DT_S(ACCT_T_PLAN, "pro"),
				 DT_Q(ACCT_T_TRIAL_ENDS, t + 50), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_CANCEL,
				 DT_S(ACCT_T_NAME, "globex"), DT_END),
			 ACCT_ST_OK);
	/* nothing due yet: the earliest due time is globex's */
	ck_assert_int_eq(ad_subscriptions_apply(&T.ctx, t, &next, &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(next, t + 50);
	/* at t + 60 globex's cancelled trial has ended */
	ck_assert_int_eq(
		ad_subscriptions_apply(&T.ctx, t + 60, &next, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(next, t + 100);
	ck_assert_uint_eq(sub_status("globex"), ACCT_SUB_EXPIRED);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_TRIAL);
	/* again at the same time: nothing more */
	ck_assert_int_eq(
		ad_subscriptions_apply(&T.ctx, t + 60, &next, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(
		ad_subscriptions_apply(&T.ctx, t + 200, &next, &n, &err),
		ACCT_ST_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(next, 0);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_EXPIRED);
	ck_assert_uint_eq(count_actions("subscription-expire"), 2);
	dt_audit_read(&T, &l);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.rec[i].action, "subscription-expire") == 0)
			break;
	ck_assert_uint_lt(i, l.n);
	ck_assert_str_eq(l.rec[i].actor, "accountsd");
	ck_assert_str_eq(l.rec[i].target, "globex");
	ck_assert_str_eq(l.rec[i].tenant, "globex");
	ck_assert_str_eq(l.rec[i].message, "cancelled period ended");
	/* the store kept it: a reopened store says the same */
	dt_reopen(&T);
	ck_assert_uint_eq(sub_status("acme"), ACCT_SUB_EXPIRED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("subscription");
	TCase *pol = tcase_create("policy");
	TCase *tc = tcase_create("dispatch");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(pol, test_step_table, 0,
			    (int)(sizeof(steps) / sizeof(steps[0])));
	tcase_add_test(pol, test_requests);
	tcase_add_test(pol, test_login_policy);
	suite_add_tcase(s, pol);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plan_subscribe_cancel);
	tcase_add_test(tc, test_bad_requests_change_nothing);
	tcase_add_test(tc, test_who);
	tcase_add_test(tc, test_expired_login_refused);
	tcase_add_test(tc, test_sweep_expires_once);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
