# tests/package.mk - running as a service (issue 10, packaging): the
# sd_notify protocol against real datagram sockets, the daemon's
# notifications as systemd would receive them, the unit file checked by
# systemd-analyze, and the daemon under the unit's capability bounding set.
if HAVE_CHECK
check_PROGRAMS += tests/check_notify
TESTS += tests/check_notify
tests_check_notify_SOURCES = tests/unit/check_notify.c
tests_check_notify_CPPFLAGS = $(daemon_test_cppflags)
tests_check_notify_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_notify_LDADD = libacctd.la $(CHECK_LIBS)
endif

package_tests = tests/integration/it_notify.sh tests/integration/it_bounding.sh
TESTS += $(package_tests)
EXTRA_DIST += $(package_tests) tests/integration/notify_recv.py

# The unit file: systemd-analyze verify and security (reads the file only).
TESTS += tests/package/check_unit.sh
EXTRA_DIST += tests/package/check_unit.sh

# tests/package/it_install.sh installs the built .debs into an overlay of
# / and is run by `./dev check` after `./dev deb` (it needs the packages).
EXTRA_DIST += tests/package/it_install.sh
# tests/package/it_syscalls.sh: the daemon's system calls under strace
# against the unit's SystemCallFilter=, run by `./dev check` on the
# -Werror build (not under the sanitizers, whose runtime adds calls).
EXTRA_DIST += tests/package/it_syscalls.sh tests/package/unit_syscalls.py
