# common/: codec, framing, deadline I/O, client, name rules.  libc only:
# linked into the NSS module, so nothing heavier may come in here.
noinst_LTLIBRARIES += libacctcommon.la
libacctcommon_la_SOURCES = \
	common/acct_proto.h \
	common/acct_be.h \
	common/acct_codec.h common/acct_codec.c \
	common/acct_io.h common/acct_io.c \
	common/acct_client.h common/acct_client.c \
	common/acct_names.h common/acct_names.c \
	common/acct_status.h common/acct_status.c \
	common/acct_ops.h common/acct_ops.c \
	common/acct_text.h common/acct_text.c \
	common/acct_wipe.h common/acct_wipe.c \
	common/acct_fd.h common/acct_fd.c \
	common/acct_peer.h common/acct_peer.c \
	common/acct_local.h common/acct_local.c
libacctcommon_la_SOURCES += common/acct_profile.h common/acct_profile.c
# the login shells of /etc/shells (issue 10)
libacctcommon_la_SOURCES += common/acct_shells.h common/acct_shells.c
# backup (issue 10): a descriptor with a request
libacctcommon_la_SOURCES += common/acct_fdpass.h common/acct_fdpass.c

# SSH public keys: parsing and fingerprints, shared by accountsd and
# accountsctl.  Needs libsodium, so it stays out of libacctcommon.
noinst_LTLIBRARIES += libacctsshkey.la
libacctsshkey_la_SOURCES = common/acct_sshkey.h common/acct_sshkey.c
libacctsshkey_la_CFLAGS = $(AM_CFLAGS) $(SODIUM_CFLAGS)
libacctsshkey_la_LIBADD = libacctcommon.la $(SODIUM_LIBS)
