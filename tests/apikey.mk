# tests/apikey.mk - API keys and usage (issue 9): KEY_ISSUE, KEY_LIST,
# KEY_REVOKE, KEY_USAGE, TENANT_USAGE, USAGE_RECORD and requests made
# with a key, through ad_dispatch on a temporary store; then the real
# daemon, accountsctl --api-key-file, the revocation race and keys as
# application passwords through pamtester.
if HAVE_CHECK
check_PROGRAMS += tests/check_apikey
TESTS += tests/check_apikey
tests_check_apikey_SOURCES = tests/unit/check_apikey.c $(daemon_testlib)
tests_check_apikey_CPPFLAGS = $(daemon_test_cppflags)
tests_check_apikey_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_apikey_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# The real daemon, accountsctl and pamtester (root, in private
# namespaces; skip otherwise): key issue, --api-key-file, the races of a
# revoke, a disable and a suspension against a client's requests, keys
# as application passwords, usage kept over a restart.
TESTS += tests/integration/it_apikeys.sh
EXTRA_DIST += tests/integration/it_apikeys.sh tests/integration/key_race.py

# The keys and usage budgets (plans.mk has the seats and sessions ones):
# key issue, key use and usage record at their limits.
if HAVE_CHECK
check_PROGRAMS += tests/check_budget_keys
TESTS += tests/check_budget_keys
tests_check_budget_keys_SOURCES = tests/unit/check_budget_keys.c \
	$(daemon_testlib)
tests_check_budget_keys_CPPFLAGS = $(daemon_test_cppflags)
tests_check_budget_keys_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_budget_keys_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif
