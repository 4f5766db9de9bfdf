# bench/: benchmarks, built by `make bench` (./dev bench), never timed in
# `make check`.
EXTRA_PROGRAMS = bench/bench_lookup
bench_bench_lookup_SOURCES = bench/bench_lookup.c
EXTRA_DIST += bench/run_lookup.sh bench/README.md
CLEANFILES += bench/bench_lookup
bench: bench/bench_lookup
.PHONY: bench
