# tests/signin.mk - sign-in tokens (issue 8): LOGIN, REFRESH, LOGOUT and
# requests made with an access token, through ad_dispatch on a temporary
# store.
if HAVE_CHECK
check_PROGRAMS += tests/check_signin
TESTS += tests/check_signin
tests_check_signin_SOURCES = tests/unit/check_signin.c $(daemon_testlib)
tests_check_signin_CPPFLAGS = $(daemon_test_cppflags)
tests_check_signin_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_signin_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif
