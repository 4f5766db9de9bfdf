#!/bin/sh
# check_pam_symbols.sh - what pam_accounts.so exports and imports.
#   - every defined dynamic symbol is pam_sm_*, and all six entry points
#     are there;
#   - every undefined one comes from glibc or libpam (versioned), is weak,
#     or (sanitizer builds) belongs to the sanitizer runtime;
#   - nothing a guest in other processes must not call is imported:
#     messages only through pam_syslog/pam_error; no threads, no exit
#     hooks, no signal handlers, no getenv (secure_getenv only);
#   - the only libraries it needs are libc and libpam (and the sanitizer
#     runtimes);
#   - it loads with RTLD_NOW (check_pam_dlopen).
# Exit 77 (skip) when the module or nm is missing.
set -u

so=${PAM_MODULE:-.libs/pam_accounts.so}
dlopen_test=${top_builddir:-.}/tests/check_pam_dlopen

# shellcheck source=tests/lib/module_symbols.sh
. "${top_srcdir:-../..}/tests/lib/module_symbols.sh"
module_symbols "$so" pam_sm_ \
	"authenticate setcred acct_mgmt chauthtok open_session close_session" \
	"GLIBC LIBPAM" \
	"getenv printf fprintf vfprintf puts fputs perror write syslog vsyslog
	openlog __printf_chk __fprintf_chk pthread_create pthread_atfork
	pthread_key_create atexit on_exit signal sigaction abort exit _exit
	strdup getpwnam getpwnam_r" \
	'libc.so.* libpam.so.* ld-linux*.so.*'

if [ -x "$dlopen_test" ]; then
	PAM_MODULE=$so "$dlopen_test" || bad "dlopen smoke test"
else
	bad "$dlopen_test not built"
fi

if [ "$fail" -eq 0 ]; then
	echo "PASS: $so exports only pam_sm_*, imports only glibc and libpam"
fi
exit "$fail"
