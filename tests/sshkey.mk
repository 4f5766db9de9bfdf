# tests/sshkey.mk - SSH public keys (issue 9): the key parser and its
# fingerprints against the real ssh-keygen; the operations through
# ad_dispatch on a temporary store; the real sshd with accounts-ssh-keys.
if HAVE_CHECK
check_PROGRAMS += tests/check_sshkey
TESTS += tests/check_sshkey
tests_check_sshkey_SOURCES = tests/unit/check_sshkey.c
tests_check_sshkey_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_sshkey_LDADD = libacctsshkey.la libacctcommon.la \
	$(SODIUM_LIBS) $(CHECK_LIBS)
endif

if HAVE_CHECK
check_PROGRAMS += tests/check_sshkey_ops
TESTS += tests/check_sshkey_ops
tests_check_sshkey_ops_SOURCES = tests/unit/check_sshkey_ops.c \
	$(daemon_testlib)
tests_check_sshkey_ops_CPPFLAGS = $(daemon_test_cppflags)
tests_check_sshkey_ops_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS)
tests_check_sshkey_ops_LDADD = libacctd.la $(SODIUM_LIBS) $(CHECK_LIBS)
endif

# The real sshd and ssh on 127.0.0.1 with accounts-ssh-keys as the
# AuthorizedKeysCommand (root, in private namespaces; skip otherwise).
TESTS += tests/integration/it_sshkeys.sh
EXTRA_DIST += tests/integration/it_sshkeys.sh
