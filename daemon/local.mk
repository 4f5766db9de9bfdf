# daemon/: accountsd.  The store and the request handlers are also built as
# a convenience library so that unit tests can link them without main().
noinst_LTLIBRARIES += libacctd.la
libacctd_la_SOURCES = \
	daemon/ctx.h \
	daemon/dispatch.h \
	daemon/log.h daemon/log.c \
	daemon/config.h daemon/config.c \
	daemon/store.h daemon/store_priv.h daemon/store.c \
	daemon/store_record.c daemon/store_valid.c daemon/store_alloc.c \
	daemon/store_member.c daemon/store_tenant.c daemon/store_user.c \
	daemon/store_group.c daemon/store_lookup.c \
	daemon/policy.h daemon/policy.c \
	daemon/handlers.h daemon/request.c daemon/dispatch.c \
	daemon/ops.h daemon/ops.c \
	daemon/handle_status.c daemon/handle_lookup.c \
	daemon/handle_passwd.c daemon/handle_group.c \
	daemon/handle_tenant.c daemon/handle_user.c daemon/handle_mgmt_group.c \
	daemon/audit.h daemon/audit.c daemon/refusal.h daemon/refusal.c \
	daemon/store_lifecycle.h daemon/store_lifecycle.c \
	daemon/policy_login.h daemon/policy_login.c \
	daemon/handle_lifecycle.c daemon/handle_acct_mgmt.c
# sessions: the store, the watched processes, the requests
libacctd_la_SOURCES += daemon/store_session.c \
	daemon/session.h daemon/session.c \
	daemon/session_proc.h daemon/session_proc.c \
	daemon/map.h daemon/map.c \
	daemon/session_sweep.h daemon/session_sweep.c \
	daemon/session_kill.h daemon/session_kill.c \
	daemon/handle_session.c
libacctd_la_CFLAGS = $(AM_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
libacctd_la_LIBADD = libacctcommon.la $(LMDB_LIBS) $(SODIUM_LIBS) $(LIBEVENT_LIBS)
# slow work off the loop: worker threads, password hashing, late replies
libacctd_la_SOURCES += daemon/worker.h daemon/worker.c \
	daemon/password.h daemon/password.c daemon/pending.h \
	daemon/store_password.c daemon/handle_auth.c
# lockout, per-caller rate, password change (PAM), unlock
libacctd_la_SOURCES += daemon/deferred.h daemon/deferred.c \
	daemon/auth_common.h daemon/auth_common.c \
	daemon/lockout.h daemon/lockout.c daemon/store_lockout.c \
	daemon/ratelimit.h daemon/ratelimit.c \
	daemon/handle_chauthtok.c daemon/handle_unlock.c
libacctd_la_CFLAGS += -pthread
libacctd_la_LIBADD += -lpthread

sbin_PROGRAMS += accountsd
accountsd_SOURCES = daemon/main.c \
	daemon/server.h daemon/server.c \
	daemon/listen.h daemon/listen.c
accountsd_CFLAGS = $(AM_CFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS) $(LIBEVENT_CFLAGS)
accountsd_LDADD = libacctd.la
