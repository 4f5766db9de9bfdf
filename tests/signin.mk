# tests/signin.mk - sign-in tokens (issue 8): LOGIN, REFRESH, LOGOUT and
# requests made with an access token, through ad_dispatch on a temporary
# store; accountsctl's token files; then the real daemon and accountsctl
# --token-file as a panel's uid.
if HAVE_CHECK
check_PROGRAMS += tests/check_signin
TESTS += tests/check_signin
tests_check_signin_SOURCES = tests/unit/check_signin.c $(daemon_testlib)
tests_check_signin_CPPFLAGS = $(daemon_test_cppflags)
tests_check_signin_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_signin_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# accountsctl's side: tokens found in token files and on standard input,
# token files refused and written.
if HAVE_CHECK
check_PROGRAMS += tests/check_ctl_signin
TESTS += tests/check_ctl_signin
tests_check_ctl_signin_SOURCES = tests/unit/check_ctl_signin.c
tests_check_ctl_signin_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_signin_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ctl_signin_LDADD = libacctctl.la $(CHECK_LIBS)
endif

# The real daemon and accountsctl: a panel's uid signs in as a tenant
# admin and acts with --token-file (root, in private namespaces; skip
# otherwise).
TESTS += tests/integration/it_signin.sh
EXTRA_DIST += tests/integration/it_signin.sh
