# bench/: benchmarks, built by `make bench` (./dev bench), never timed in
# `make check`.
EXTRA_PROGRAMS = bench/bench_lookup
bench_bench_lookup_SOURCES = bench/bench_lookup.c
bench_bench_lookup_LDADD = -lpthread
# bench_pam: pam_accounts.so through libpam vs bare Argon2id (run_pam.sh)
EXTRA_PROGRAMS += bench/bench_pam
bench_bench_pam_SOURCES = bench/bench_pam.c
bench_bench_pam_CFLAGS = $(AM_CFLAGS) $(PAM_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_pam_LDADD = $(PAM_LIBS) $(SODIUM_LIBS) -lpthread
EXTRA_DIST += bench/run_pam.sh bench/run_auth_timing.sh
# run_ssh_keys.sh: accounts-ssh-keys vs cat of an authorized_keys file
EXTRA_DIST += bench/run_ssh_keys.sh
bench: accounts-ssh-keys
CLEANFILES += bench/bench_pam
bench: bench/bench_pam pam_accounts.la libnss_accounts.la accountsd accountsctl
EXTRA_DIST += bench/run_lookup.sh bench/daemon.sh bench/README.md
CLEANFILES += bench/bench_lookup
bench: bench/bench_lookup
.PHONY: bench
# bench_dispatch: the daemon's own time per lookup, in process, without
# the socket (ad_dispatch over a real store): what lookup_visibility costs
EXTRA_PROGRAMS += bench/bench_dispatch
bench_bench_dispatch_SOURCES = bench/bench_dispatch.c
bench_bench_dispatch_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
bench_bench_dispatch_LDADD = libacctd.la
CLEANFILES += bench/bench_dispatch
bench: bench/bench_dispatch
# bench_apikey: requests with an API key against the same requests by a
# Unix identity, over one connection to a running daemon (run_apikey.sh)
EXTRA_PROGRAMS += bench/bench_apikey
bench_bench_apikey_SOURCES = bench/bench_apikey.c
bench_bench_apikey_LDADD = libacctcommon.la
EXTRA_DIST += bench/run_apikey.sh
CLEANFILES += bench/bench_apikey
bench: bench/bench_apikey
