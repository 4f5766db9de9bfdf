# pam/: pam_accounts.so (issue 3).  Links libc, libpam and libacctcommon
# only; exports pam_sm_* only (version script + -fvisibility=hidden).
securelib_LTLIBRARIES += pam_accounts.la
pam_accounts_la_SOURCES = \
	pam/pa.h \
	pam/pa_options.c \
	pam/pa_map.c \
	pam/pa_call.c \
	pam/pa_common.c \
	pam/pa_auth.c \
	pam/pa_account.c \
	pam/pa_password.c \
	pam/pa_session.c
pam_accounts_la_CFLAGS = $(AM_CFLAGS) $(PAM_CFLAGS)
pam_accounts_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared \
	-Wl,--no-undefined \
	-Wl,--version-script=$(top_srcdir)/pam/pam_accounts.map
pam_accounts_la_LIBADD = libacctcommon.la $(PAM_LIBS)
pam_accounts_la_DEPENDENCIES = libacctcommon.la \
	$(top_srcdir)/pam/pam_accounts.map
EXTRA_DIST += pam/pam_accounts.map

dist_man8_MANS += packaging/pam_accounts.8

# libpam loads pam_accounts.so by path: the .la is of no use there.
# (securelibdir has no "exec" in its name, so automake installs it in
# install-data.)
install-data-hook::
	rm -f $(DESTDIR)$(securelibdir)/pam_accounts.la
uninstall-hook::
	rm -f $(DESTDIR)$(securelibdir)/pam_accounts.so
