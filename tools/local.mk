# tools/: accountsctl.
bin_PROGRAMS += accountsctl
accountsctl_SOURCES = tools/accountsctl.c
accountsctl_LDADD = libacctcommon.la
