# tests/invite.mk - invitations and email change (issue 8): the requests
# through ad_dispatch on a temporary store, and end to end with the real
# daemon, accountsctl, a fake sendmail and pamtester.
token_testlib = tests/unit/token_testlib.h tests/unit/token_testlib.c
if HAVE_CHECK
check_PROGRAMS += tests/check_invite tests/check_email_change
TESTS += tests/check_invite tests/check_email_change

tests_check_invite_SOURCES = tests/unit/check_invite.c $(daemon_testlib) \
	$(token_testlib)
tests_check_invite_CPPFLAGS = $(daemon_test_cppflags)
tests_check_invite_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_invite_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)

tests_check_email_change_SOURCES = tests/unit/check_email_change.c \
	$(daemon_testlib) $(token_testlib)
tests_check_email_change_CPPFLAGS = $(daemon_test_cppflags)
tests_check_email_change_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(SODIUM_CFLAGS)
tests_check_email_change_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# (root, in private namespaces; skip otherwise)
TESTS += tests/integration/it_invite.sh
EXTRA_DIST += tests/integration/it_invite.sh
