# tests/common.mk - unit tests of common/ (libacctcommon.la).
if HAVE_CHECK
check_PROGRAMS += tests/check_codec tests/check_io tests/check_client \
	tests/check_names tests/check_text
TESTS += tests/check_codec tests/check_io tests/check_client \
	tests/check_names tests/check_text

tests_check_codec_SOURCES = tests/unit/check_codec.c
tests_check_codec_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_codec_LDADD = libacctcommon.la $(CHECK_LIBS)

tests_check_io_SOURCES = tests/unit/check_io.c
tests_check_io_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_io_LDADD = libacctcommon.la $(CHECK_LIBS)

tests_check_client_SOURCES = tests/unit/check_client.c
tests_check_client_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_client_LDADD = libacctcommon.la $(CHECK_LIBS)

tests_check_names_SOURCES = tests/unit/check_names.c
tests_check_names_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_names_LDADD = libacctcommon.la $(CHECK_LIBS)

tests_check_text_SOURCES = tests/unit/check_text.c
tests_check_text_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_text_LDADD = libacctcommon.la $(CHECK_LIBS)
endif

# libFuzzer target, built by hand (see the file's header comment).
EXTRA_DIST += tests/fuzz/fuzz_decode.c
