# tests/plans.mk - plans, subscriptions and budgets (issue 9): the policy
# functions by table and the requests through ad_dispatch on a temporary
# store; end to end with the real daemon, accountsctl and pamtester.
if HAVE_CHECK
check_PROGRAMS += tests/check_budget tests/check_plan tests/check_subscription
TESTS += tests/check_budget tests/check_plan tests/check_subscription

tests_check_budget_SOURCES = tests/unit/check_budget.c $(daemon_testlib)
tests_check_budget_CPPFLAGS = $(daemon_test_cppflags)
tests_check_budget_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS) \
	$(LIBEVENT_CFLAGS)
tests_check_budget_LDADD = libacctd.la $(SODIUM_LIBS) $(LIBEVENT_LIBS) \
	$(CHECK_LIBS)

tests_check_plan_SOURCES = tests/unit/check_plan.c $(daemon_testlib)
tests_check_plan_CPPFLAGS = $(daemon_test_cppflags)
tests_check_plan_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_plan_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)

tests_check_subscription_SOURCES = tests/unit/check_subscription.c \
	$(daemon_testlib)
tests_check_subscription_CPPFLAGS = $(daemon_test_cppflags)
tests_check_subscription_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(SODIUM_CFLAGS)
tests_check_subscription_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# (root, in private namespaces; skip otherwise)
TESTS += tests/integration/it_plans.sh
EXTRA_DIST += tests/integration/it_plans.sh
