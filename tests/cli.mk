# tests/cli.mk - a CLI that never surprises (issue 10): the rules of every
# verb (no extra argument, help, did you mean), walked from --help.
TESTS += tests/ctl/check_usage_rules.sh
EXTRA_DIST += tests/ctl/check_usage_rules.sh

# bash completion: packaging/accountsctl.bash sourced in bash, COMPREPLY
# checked against the verb table.
TESTS += tests/ctl/check_completion.sh
EXTRA_DIST += tests/ctl/check_completion.sh

# the daemon's side, through ad_dispatch on a temporary store: UUIDs,
# status words, shells.
if HAVE_CHECK
check_PROGRAMS += tests/check_cli
TESTS += tests/check_cli
tests_check_cli_SOURCES = tests/unit/check_cli.c $(daemon_testlib)
tests_check_cli_CPPFLAGS = $(daemon_test_cppflags)
tests_check_cli_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_cli_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# The real daemon and accountsctl: shells, status words, JSON fields and
# actors (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_cli.sh
EXTRA_DIST += tests/integration/it_cli.sh

# SEE ALSO in every man page of ours, and the same PAM stack in the
# README, pam_accounts(8) and the pam-auth-update profile.
TESTS += tests/ctl/check_see_also.sh tests/ctl/check_pam_stack.sh
EXTRA_DIST += tests/ctl/check_see_also.sh tests/ctl/check_pam_stack.sh
