# nss/: libnss_accounts.so.2.  Links libc and libacctcommon only.
nsslib_LTLIBRARIES += libnss_accounts.la
libnss_accounts_la_SOURCES = \
	nss/nss_accounts.h \
	nss/lookup.c \
	nss/backoff.c \
	nss/settings.c \
	nss/local.c \
	nss/passwd.c \
	nss/group.c \
	nss/getby.c \
	nss/record.c \
	nss/enum.c
libnss_accounts_la_LDFLAGS = $(AM_LDFLAGS) -module -version-info 2:0:0 \
	-shared -Wl,--no-undefined \
	-Wl,--version-script=$(top_srcdir)/nss/exports.map
libnss_accounts_la_LIBADD = libacctcommon.la
libnss_accounts_la_DEPENDENCIES = libacctcommon.la $(top_srcdir)/nss/exports.map
EXTRA_DIST += nss/exports.map

# The module's settings file, nss_accounts.conf(5).
dist_man5_MANS = packaging/nss_accounts.conf.5
# the module itself (issue 10)
dist_man5_MANS += packaging/nss_accounts.5
EXTRA_DIST += packaging/nss_accounts.conf.example

# glibc loads the module by soname: the .la and the unversioned .so link
# are of no use to anyone.  (nsslibdir has no "exec" in its name, so automake
# installs it in install-data.)
install-data-hook::
	rm -f $(DESTDIR)$(nsslibdir)/libnss_accounts.la \
		$(DESTDIR)$(nsslibdir)/libnss_accounts.so
uninstall-hook::
	rm -f $(DESTDIR)$(nsslibdir)/libnss_accounts.so.2*
