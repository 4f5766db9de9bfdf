# tests/pam.mk: pam_accounts.so, loaded the way libpam loads it.
# The tests use the BUILT module; its path is compiled in (PAM_MODULE in
# the environment overrides it, e.g. to test an installed copy).
pam_module_path = $(abs_top_builddir)/.libs/pam_accounts.so
pam_helper_path = $(abs_top_builddir)/tests/pam/.libs/pam_test_helper.so

check_PROGRAMS += tests/check_pam_dlopen
TESTS += tests/check_pam_dlopen
tests_check_pam_dlopen_SOURCES = tests/pam/check_pam_dlopen.c \
	tests/lib/dl_check.h tests/lib/dl_check.c
tests_check_pam_dlopen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib \
	-DPAM_MODULE_PATH='"$(pam_module_path)"'
EXTRA_tests_check_pam_dlopen_DEPENDENCIES = pam_accounts.la

# nm -D, readelf -d, and the dlopen smoke test above
TESTS += tests/pam/check_pam_symbols.sh
EXTRA_DIST += tests/pam/check_pam_symbols.sh

# configure warns when the modules would go where libpam or glibc does not
# look (runs configure: a few seconds)
TESTS += tests/pam/check_install_dirs.sh
EXTRA_DIST += tests/pam/check_install_dirs.sh

if HAVE_CHECK
# a module for the test stacks: sets PAM_AUTHTOK as an earlier module would
check_LTLIBRARIES += tests/pam/pam_test_helper.la
tests_pam_pam_test_helper_la_SOURCES = tests/pam/pam_test_helper.c
tests_pam_pam_test_helper_la_CFLAGS = $(AM_CFLAGS) $(PAM_CFLAGS)
tests_pam_pam_test_helper_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version \
	-shared -rpath /nowhere -Wl,--no-undefined
tests_pam_pam_test_helper_la_LIBADD = $(PAM_LIBS)

check_PROGRAMS += tests/check_pam
TESTS += tests/check_pam
tests_check_pam_SOURCES = tests/pam/check_pam.c \
	tests/pam/fake_pamd.h tests/pam/fake_pamd.c \
	tests/lib/fake_core.h tests/lib/fake_core.c
tests_check_pam_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/lib \
	-DPAM_MODULE_PATH='"$(pam_module_path)"' \
	-DPAM_HELPER_PATH='"$(pam_helper_path)"'
tests_check_pam_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PAM_CFLAGS) -pthread
tests_check_pam_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_check_pam_LDADD = libacctcommon.la $(PAM_LIBS) $(CHECK_LIBS)
EXTRA_tests_check_pam_DEPENDENCIES = pam_accounts.la \
	tests/pam/pam_test_helper.la
endif
