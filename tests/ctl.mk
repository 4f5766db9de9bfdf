# tests/ctl.mk - unit tests of tools/ (accountsctl's libacctctl.la).
if HAVE_CHECK
check_PROGRAMS += tests/check_ctl_output tests/check_ctl_args
TESTS += tests/check_ctl_output tests/check_ctl_args

tests_check_ctl_output_SOURCES = tests/unit/check_ctl_output.c
tests_check_ctl_output_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_output_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ctl_output_LDADD = libacctctl.la $(CHECK_LIBS)

tests_check_ctl_args_SOURCES = tests/unit/check_ctl_args.c
tests_check_ctl_args_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_args_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_ctl_args_LDADD = libacctctl.la $(CHECK_LIBS)
endif

# accountsctl audit: times, records, the verbs against a paging daemon.
if HAVE_CHECK
check_PROGRAMS += tests/check_ctl_audit
TESTS += tests/check_ctl_audit
tests_check_ctl_audit_SOURCES = tests/unit/check_ctl_audit.c
tests_check_ctl_audit_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_check_ctl_audit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -pthread
tests_check_ctl_audit_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_check_ctl_audit_LDADD = libacctctl.la $(CHECK_LIBS)
endif

# accountsctl(8) documents every command and option of --help.
TESTS += tests/ctl/check_man_verbs.sh
EXTRA_DIST += tests/ctl/check_man_verbs.sh
