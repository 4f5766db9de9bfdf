# tests/server.mk: the daemon's process side (configuration, server).
if HAVE_CHECK
check_PROGRAMS += tests/check_config
TESTS += tests/check_config
tests_check_config_SOURCES = tests/unit/check_config.c
tests_check_config_CPPFLAGS = $(daemon_cppflags)
tests_check_config_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_config_LDADD = libacctd.la $(CHECK_LIBS)
endif

# The server against real sockets, with a scripted ad_dispatch in the test
# instead of the real handlers (so no libacctd here).
if HAVE_CHECK
check_PROGRAMS += tests/check_server
TESTS += tests/check_server
tests_check_server_SOURCES = tests/unit/check_server.c
tests_check_server_CPPFLAGS = $(daemon_cppflags)
tests_check_server_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(CHECK_CFLAGS)
# only the server layer: the objects it needs, nothing of ops/ or store/
tests_check_server_LDADD = libacctd_server.la libacctcommon.la \
	$(LIBEVENT_LIBS) $(CHECK_LIBS)
endif


# The daemon's hash map (sessions by id, counts per uid).
if HAVE_CHECK
check_PROGRAMS += tests/check_map
TESTS += tests/check_map
tests_check_map_SOURCES = tests/unit/check_map.c daemon/server/map.c
tests_check_map_CPPFLAGS = $(daemon_cppflags)
tests_check_map_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_map_LDADD = $(CHECK_LIBS)
endif

# The caller and what it may do (policy/access.c): pure, no store.
if HAVE_CHECK
check_PROGRAMS += tests/check_access
TESTS += tests/check_access
tests_check_access_SOURCES = tests/unit/check_access.c
tests_check_access_CPPFLAGS = $(daemon_cppflags)
tests_check_access_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_access_LDADD = libacctd_policy.la libacctcommon.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_permission
TESTS += tests/check_permission
tests_check_permission_SOURCES = tests/unit/check_permission.c
tests_check_permission_CPPFLAGS = $(daemon_cppflags)
tests_check_permission_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_permission_LDADD = libacctd_policy.la libacctcommon.la \
	$(CHECK_LIBS)
endif
