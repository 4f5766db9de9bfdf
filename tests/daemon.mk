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
endif
