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

check_PROGRAMS += tests/check_role
TESTS += tests/check_role
tests_check_role_SOURCES = tests/unit/check_role.c $(daemon_testlib)
tests_check_role_CPPFLAGS = $(daemon_test_cppflags)
tests_check_role_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_role_LDADD = libacctd.la $(CHECK_LIBS)

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

# Reading the audit log: list, verify (on a worker pool too), the sink.
if HAVE_CHECK
check_PROGRAMS += tests/check_audit_read
TESTS += tests/check_audit_read
tests_check_audit_read_SOURCES = tests/unit/check_audit_read.c $(daemon_testlib)
tests_check_audit_read_CPPFLAGS = $(daemon_test_cppflags)
tests_check_audit_read_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
tests_check_audit_read_LDADD = libacctd.la $(LMDB_LIBS) $(LIBEVENT_LIBS) $(CHECK_LIBS)
endif

# Mail: the outbox, its delivery by a real command on a real loop and
# pool; tokens and password reset through ad_dispatch.
if HAVE_CHECK
check_PROGRAMS += tests/check_mail
TESTS += tests/check_mail
tests_check_mail_SOURCES = tests/unit/check_mail.c $(daemon_testlib)
tests_check_mail_CPPFLAGS = $(daemon_test_cppflags)
tests_check_mail_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS) -pthread
tests_check_mail_LDADD = libacctd.la $(LMDB_LIBS) $(LIBEVENT_LIBS) $(CHECK_LIBS) -lpthread
check_PROGRAMS += tests/check_reset
TESTS += tests/check_reset
tests_check_reset_SOURCES = tests/unit/check_reset.c $(daemon_testlib)
tests_check_reset_CPPFLAGS = $(daemon_test_cppflags)
tests_check_reset_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_reset_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# Tenants: signup, rename, retention and purge; deactivate and reactivate;
# delete --remove-home on real directories.
if HAVE_CHECK
check_PROGRAMS += tests/check_tenant_admin
TESTS += tests/check_tenant_admin
tests_check_tenant_admin_SOURCES = tests/unit/check_tenant_admin.c $(daemon_testlib)
tests_check_tenant_admin_CPPFLAGS = $(daemon_test_cppflags)
tests_check_tenant_admin_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS)
tests_check_tenant_admin_LDADD = libacctd.la $(LMDB_LIBS) $(CHECK_LIBS)
endif
if HAVE_CHECK
check_PROGRAMS += tests/check_deactivate
TESTS += tests/check_deactivate
tests_check_deactivate_SOURCES = tests/unit/check_deactivate.c $(daemon_testlib)
tests_check_deactivate_CPPFLAGS = $(daemon_test_cppflags)
tests_check_deactivate_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_deactivate_LDADD = libacctd.la $(CHECK_LIBS)
endif
if HAVE_CHECK
check_PROGRAMS += tests/check_policy_lifecycle
TESTS += tests/check_policy_lifecycle
tests_check_policy_lifecycle_SOURCES = tests/unit/check_policy_lifecycle.c
tests_check_policy_lifecycle_CPPFLAGS = $(daemon_test_cppflags)
tests_check_policy_lifecycle_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_policy_lifecycle_LDADD = libacctd.la $(CHECK_LIBS)
endif
if HAVE_CHECK
check_PROGRAMS += tests/check_home
TESTS += tests/check_home
tests_check_home_SOURCES = tests/unit/check_home.c $(daemon_testlib)
tests_check_home_CPPFLAGS = $(daemon_test_cppflags)
tests_check_home_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_home_LDADD = libacctd.la $(CHECK_LIBS)
endif
