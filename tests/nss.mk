# tests/nss.mk: libnss_accounts.so.2, loaded the way glibc loads it.
# The tests dlopen the BUILT module; its path is compiled in (NSS_MODULE in
# the environment overrides it, e.g. to test an installed copy).
nss_module_path = $(abs_top_builddir)/.libs/libnss_accounts.so.2

check_PROGRAMS += tests/check_dlopen
TESTS += tests/check_dlopen
tests_check_dlopen_SOURCES = tests/nss/check_dlopen.c \
	tests/lib/dl_check.h tests/lib/dl_check.c
tests_check_dlopen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib \
	-DNSS_MODULE_PATH='"$(nss_module_path)"'
EXTRA_tests_check_dlopen_DEPENDENCIES = libnss_accounts.la

TESTS += tests/nss/check_symbols.sh
EXTRA_DIST += tests/nss/check_symbols.sh tests/lib/module_symbols.sh

if HAVE_CHECK
check_PROGRAMS += tests/check_nss
TESTS += tests/check_nss
tests_check_nss_SOURCES = tests/nss/check_nss.c \
	tests/nss/fake_daemon.h tests/nss/fake_daemon.c \
	tests/lib/fake_core.h tests/lib/fake_core.c
tests_check_nss_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib \
	-DNSS_MODULE_PATH='"$(nss_module_path)"'
tests_check_nss_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -pthread
tests_check_nss_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_check_nss_LDADD = libacctcommon.la $(CHECK_LIBS)
EXTRA_tests_check_nss_DEPENDENCIES = libnss_accounts.la
endif
