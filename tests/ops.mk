# tests/ops.mk - issue 10 (ops): home directories made at session open,
# configuration drop-ins and --check-config, status, accountsd.conf(5).

# The parser: every error of a run with its file and line, drop-ins in
# byte order, a later value wins, a bad drop-in applies nothing.
if HAVE_CHECK
check_PROGRAMS += tests/check_config_files
TESTS += tests/check_config_files
tests_check_config_files_SOURCES = tests/unit/check_config_files.c
tests_check_config_files_CPPFLAGS = $(daemon_cppflags)
tests_check_config_files_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_config_files_LDADD = libacctd.la $(CHECK_LIBS)
endif

# STATUS's operating fields through ad_dispatch: ready, the audit chain's
# state, the map's fill, and paths for root and support only.
if HAVE_CHECK
check_PROGRAMS += tests/check_status_ops
TESTS += tests/check_status_ops
tests_check_status_ops_SOURCES = tests/unit/check_status_ops.c $(daemon_testlib)
tests_check_status_ops_CPPFLAGS = $(daemon_test_cppflags)
tests_check_status_ops_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_status_ops_LDADD = libacctd.la $(CHECK_LIBS)
endif

# SESSION_OPEN makes a missing home (home_create) through ad_dispatch, on
# real directories: made, left alone, refused and audited.
if HAVE_CHECK
check_PROGRAMS += tests/check_home_create
TESTS += tests/check_home_create
tests_check_home_create_SOURCES = tests/unit/check_home_create.c \
	$(daemon_testlib)
tests_check_home_create_CPPFLAGS = $(daemon_test_cppflags)
tests_check_home_create_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(LIBEVENT_CFLAGS) $(LMDB_CFLAGS)
tests_check_home_create_LDADD = libacctd.la $(LIBEVENT_LIBS) $(LMDB_LIBS) \
	$(CHECK_LIBS)
endif

# Real ssh logins make homes (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_home.sh
EXTRA_DIST += tests/integration/it_home.sh

# --check-config and --print-config, SIGHUP with drop-ins, status's fields
# (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_config.sh
EXTRA_DIST += tests/integration/it_config.sh

# Every key of the parser in accountsd.conf(5), with the default that
# --print-config prints, and in the example configuration.
TESTS += tests/ops/check_conf_keys.sh
EXTRA_DIST += tests/ops/check_conf_keys.sh
