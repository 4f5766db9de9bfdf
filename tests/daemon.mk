# tests/daemon.mk - unit tests of the store and the request handlers
# (libacctd.la), each on a temporary LMDB directory.
if HAVE_CHECK
check_PROGRAMS += tests/check_store tests/check_dispatch
TESTS += tests/check_store tests/check_dispatch

daemon_testlib = tests/unit/daemon_testlib.h tests/unit/daemon_testlib.c
daemon_test_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon

tests_check_store_SOURCES = tests/unit/check_store.c $(daemon_testlib)
tests_check_store_CPPFLAGS = $(daemon_test_cppflags)
tests_check_store_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS)
tests_check_store_LDADD = libacctd.la $(LMDB_LIBS) $(CHECK_LIBS)

tests_check_dispatch_SOURCES = tests/unit/check_dispatch.c $(daemon_testlib)
tests_check_dispatch_CPPFLAGS = $(daemon_test_cppflags)
tests_check_dispatch_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_dispatch_LDADD = libacctd.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_scope
TESTS += tests/check_scope
tests_check_scope_SOURCES = tests/unit/check_scope.c $(daemon_testlib)
tests_check_scope_CPPFLAGS = $(daemon_test_cppflags)
tests_check_scope_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_scope_LDADD = libacctd.la $(CHECK_LIBS)

# tenant privacy of lookups (lookup_visibility): the policy's table, and
# every kind of caller through ad_dispatch
check_PROGRAMS += tests/check_visibility
TESTS += tests/check_visibility
tests_check_visibility_SOURCES = tests/unit/check_visibility.c $(daemon_testlib)
tests_check_visibility_CPPFLAGS = $(daemon_test_cppflags)
tests_check_visibility_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_visibility_LDADD = libacctd.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_lifecycle tests/check_policy
TESTS += tests/check_lifecycle tests/check_policy

tests_check_lifecycle_SOURCES = tests/unit/check_lifecycle.c $(daemon_testlib)
tests_check_lifecycle_CPPFLAGS = $(daemon_test_cppflags)
tests_check_lifecycle_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS)
tests_check_lifecycle_LDADD = libacctd.la $(LMDB_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/check_ratelimit tests/check_refusal
TESTS += tests/check_ratelimit tests/check_refusal
tests_check_refusal_SOURCES = tests/unit/check_refusal.c $(daemon_testlib)
tests_check_refusal_CPPFLAGS = $(daemon_test_cppflags)
tests_check_refusal_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_refusal_LDADD = libacctd.la $(CHECK_LIBS)
tests_check_ratelimit_SOURCES = tests/unit/check_ratelimit.c $(daemon_testlib)
tests_check_ratelimit_CPPFLAGS = $(daemon_test_cppflags)
tests_check_ratelimit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ratelimit_LDADD = libacctd.la $(CHECK_LIBS)

tests_check_policy_SOURCES = tests/unit/check_policy.c
tests_check_policy_CPPFLAGS = $(daemon_test_cppflags)
tests_check_policy_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_policy_LDADD = libacctd.la $(CHECK_LIBS)

# The other pure rules of policy/, each over a table of cases.
check_PROGRAMS += tests/check_policy_rules
TESTS += tests/check_policy_rules
tests_check_policy_rules_SOURCES = tests/unit/check_policy_rules.c
tests_check_policy_rules_CPPFLAGS = $(daemon_test_cppflags)
tests_check_policy_rules_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_policy_rules_LDADD = libacctd.la $(CHECK_LIBS)
endif

# Slow work off the loop: the worker pool and passwords.
if HAVE_CHECK
check_PROGRAMS += tests/check_worker tests/check_password
TESTS += tests/check_worker tests/check_password

tests_check_worker_SOURCES = tests/unit/check_worker.c
tests_check_worker_CPPFLAGS = $(daemon_test_cppflags)
tests_check_worker_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBEVENT_CFLAGS) -pthread
tests_check_worker_LDADD = libacctd.la $(LIBEVENT_LIBS) $(CHECK_LIBS) -lpthread

tests_check_password_SOURCES = tests/unit/check_password.c
tests_check_password_CPPFLAGS = $(daemon_test_cppflags)
tests_check_password_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_password_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/check_auth
TESTS += tests/check_auth
tests_check_auth_SOURCES = tests/unit/check_auth.c $(daemon_testlib)
tests_check_auth_CPPFLAGS = $(daemon_test_cppflags)
tests_check_auth_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
tests_check_auth_LDADD = libacctd.la $(SODIUM_LIBS) $(LIBEVENT_LIBS) $(CHECK_LIBS)
endif

# Sessions: real child processes watched through pidfds on an event loop.
if HAVE_CHECK
check_PROGRAMS += tests/check_session
TESTS += tests/check_session
tests_check_session_SOURCES = tests/unit/check_session.c $(daemon_testlib)
tests_check_session_CPPFLAGS = $(daemon_test_cppflags)
tests_check_session_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBEVENT_CFLAGS) $(LMDB_CFLAGS)
tests_check_session_LDADD = libacctd.la $(LIBEVENT_LIBS) $(LMDB_LIBS) $(CHECK_LIBS)
endif

# Lockout, unlock, the rate of PAM requests, CHAUTHTOK.
if HAVE_CHECK
check_PROGRAMS += tests/check_lockout
TESTS += tests/check_lockout
tests_check_lockout_SOURCES = tests/unit/check_lockout.c $(daemon_testlib)
tests_check_lockout_CPPFLAGS = $(daemon_test_cppflags)
tests_check_lockout_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
tests_check_lockout_LDADD = libacctd.la $(SODIUM_LIBS) $(LIBEVENT_LIBS) $(CHECK_LIBS)
endif
