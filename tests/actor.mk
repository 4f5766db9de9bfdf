# tests/actor.mk - audit records keep the acting uid (issue 10, actor):
# each caller's uid through ad_dispatch and AUDIT_LIST, records written
# before the field still verify, and a uid changed, removed or added
# behind the daemon's back breaks the chain.
if HAVE_CHECK
check_PROGRAMS += tests/check_audit_uid
TESTS += tests/check_audit_uid
tests_check_audit_uid_SOURCES = tests/unit/check_audit_uid.c $(daemon_testlib)
tests_check_audit_uid_CPPFLAGS = $(daemon_test_cppflags)
tests_check_audit_uid_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS)
tests_check_audit_uid_LDADD = libacctd.la $(LMDB_LIBS) $(SODIUM_LIBS) $(CHECK_LIBS)
endif
