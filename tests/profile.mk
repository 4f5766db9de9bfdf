# tests/profile.mk - profiles, emails and self-service (issue 8): the
# profile rules as pure units, then emails and the ME_* requests through
# ad_dispatch on a temporary store.
if HAVE_CHECK
check_PROGRAMS += tests/check_profile tests/check_email tests/check_self
TESTS += tests/check_profile tests/check_email tests/check_self

tests_check_profile_SOURCES = tests/unit/check_profile.c
tests_check_profile_CPPFLAGS = $(daemon_test_cppflags)
tests_check_profile_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_profile_LDADD = libacctd.la $(CHECK_LIBS)

tests_check_email_SOURCES = tests/unit/check_email.c $(daemon_testlib)
tests_check_email_CPPFLAGS = $(daemon_test_cppflags)
tests_check_email_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS)
tests_check_email_LDADD = libacctd.la $(LMDB_LIBS) $(CHECK_LIBS)

tests_check_self_SOURCES = tests/unit/check_self.c $(daemon_testlib)
tests_check_self_CPPFLAGS = $(daemon_test_cppflags)
tests_check_self_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_self_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# accountsctl's side: the profile options and the passwords of `me`.
if HAVE_CHECK
check_PROGRAMS += tests/check_ctl_me
TESTS += tests/check_ctl_me
tests_check_ctl_me_SOURCES = tests/unit/check_ctl_me.c
tests_check_ctl_me_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_me_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ctl_me_LDADD = libacctctl.la $(CHECK_LIBS)
endif

# The real daemon, accountsctl, getent and pamtester, as directory users'
# uids (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_self.sh
EXTRA_DIST += tests/integration/it_self.sh
