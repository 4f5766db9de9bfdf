# tests/data.mk - backup, restore, export and import (issue 10).

# The real daemon and accountsctl: backup files and who may make them,
# descriptors on requests, restore and its refusals, ids never handed out
# twice (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_backup.sh
EXTRA_DIST += tests/integration/it_backup.sh

# BACKUP through ad_dispatch (the file handed over as the server does),
# its refusals and audit records; the id mark; USER_IMPORT SKIP_EXISTING.
if HAVE_CHECK
check_PROGRAMS += tests/check_data
TESTS += tests/check_data
tests_check_data_SOURCES = tests/unit/check_data.c $(daemon_testlib)
tests_check_data_CPPFLAGS = $(daemon_test_cppflags)
tests_check_data_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_data_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# Export, import into an empty daemon, export again: identical; bad lines
# and refusals name their line and change nothing; user import
# --skip-existing (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_export.sh
EXTRA_DIST += tests/integration/it_export.sh

# accountsctl import's line reader: good lines and each malformed kind.
if HAVE_CHECK
check_PROGRAMS += tests/check_ctl_jsonl
TESTS += tests/check_ctl_jsonl
tests_check_ctl_jsonl_SOURCES = tests/unit/check_ctl_jsonl.c
tests_check_ctl_jsonl_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_jsonl_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ctl_jsonl_LDADD = libacctctl.la $(CHECK_LIBS)
endif
