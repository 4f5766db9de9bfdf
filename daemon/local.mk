# daemon/: accountsd.  The store and the request handlers are also built as
# a convenience library so that unit tests can link them without main().
noinst_LTLIBRARIES += libacctd.la
libacctd_la_SOURCES = \
	daemon/ctx.h \
	daemon/dispatch.h \
	daemon/log.h daemon/log.c \
	daemon/config.h daemon/config.c \
	daemon/store.h daemon/store.c
libacctd_la_CFLAGS = $(AM_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
libacctd_la_LIBADD = libacctcommon.la $(LMDB_LIBS) $(SODIUM_LIBS) $(LIBEVENT_LIBS)

sbin_PROGRAMS += accountsd
accountsd_SOURCES = daemon/main.c daemon/server.h daemon/server.c
accountsd_CFLAGS = $(AM_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
accountsd_LDADD = libacctd.la
