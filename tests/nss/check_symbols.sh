#!/bin/sh
# check_symbols.sh - what libnss_accounts.so.2 exports and imports.
#   - every defined dynamic symbol is _nss_accounts_*, and all the entry
#     points are there;
#   - every undefined one comes from glibc (versioned @GLIBC_*), is weak,
#     or (sanitizer builds) belongs to the sanitizer runtime;
#   - nothing a guest in other processes must not call is imported: no
#     output, no threads, no exit hooks, no signal handlers, no getenv;
#   - the only libraries it needs are libc (and the sanitizer runtimes).
# Exit 77 (skip) when the module or nm is missing.
set -u

so=${NSS_MODULE:-.libs/libnss_accounts.so.2}

# shellcheck source=tests/lib/module_symbols.sh
. "${top_srcdir:-../..}/tests/lib/module_symbols.sh"
module_symbols "$so" _nss_accounts_ \
	"getpwnam_r getpwuid_r setpwent getpwent_r endpwent getgrnam_r
	getgrgid_r setgrent getgrent_r endgrent initgroups_dyn enablelookups" \
	GLIBC \
	"getenv printf fprintf vfprintf puts fputs perror write syslog vsyslog
	openlog __printf_chk __fprintf_chk pthread_create pthread_atfork atexit
	on_exit signal sigaction abort exit _exit" \
	'libc.so.* ld-linux*.so.*'

if [ "$fail" -eq 0 ]; then
	echo "PASS: $so exports only _nss_accounts_* and imports only glibc"
fi
exit "$fail"
