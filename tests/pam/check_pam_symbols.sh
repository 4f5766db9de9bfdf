#!/bin/sh
# check_pam_symbols.sh - what pam_accounts.so exports and imports.
#   - every defined dynamic symbol is pam_sm_*, and all six entry points
#     are there;
#   - every undefined one comes from glibc or libpam (versioned), is weak,
#     or (sanitizer builds) belongs to the sanitizer runtime;
#   - nothing a guest in other processes must not call is imported;
#   - the only libraries it needs are libc and libpam (and the sanitizer
#     runtimes);
#   - it loads with RTLD_NOW (check_pam_dlopen).
# Exit 77 (skip) when the module or nm is missing.
set -u

so=${PAM_MODULE:-.libs/pam_accounts.so}
NM=${NM:-nm}
READELF=${READELF:-readelf}
dlopen_test=${top_builddir:-.}/tests/check_pam_dlopen

if [ ! -f "$so" ]; then
	echo "SKIP: $so not built" >&2
	exit 77
fi
if ! command -v "${NM%% *}" >/dev/null 2>&1; then
	echo "SKIP: no $NM" >&2
	exit 77
fi

fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}

defined=$($NM -D --defined-only "$so" | awk '{ print $3 }') ||
	bad "nm -D --defined-only $so"
for s in $defined; do
	case $s in
	pam_sm_*) ;;
	*) bad "exported symbol outside pam_sm_*: $s" ;;
	esac
done
for s in authenticate setcred acct_mgmt chauthtok open_session \
	close_session; do
	printf '%s\n' "$defined" | grep -qx "pam_sm_$s" ||
		bad "pam_sm_$s is not exported"
done

needed=$($READELF -d "$so" 2>/dev/null |
	sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
[ -n "$needed" ] || bad "readelf -d $so lists no NEEDED library"
sanitized=no
case $needed in
*libasan.so.*) sanitized=yes ;;
esac

$NM -D --undefined-only "$so" | while read -r kind name; do
	base=${name%%@*}
	case $kind:$base in
	w:*) continue ;;
	*:__asan_* | *:__ubsan_* | *:__sanitizer_* | *:__lsan_*) continue ;;
	esac
	case $sanitized:$name in
	*:*@GLIBC_* | *:*@LIBPAM_* | yes:*) ;;
	*) echo "FAIL: undefined symbol not from glibc or libpam: $name" >&2
	   echo x ;;
	esac
	# messages only through pam_syslog/pam_error; no threads, no exit
	# hooks, no signal handlers, no getenv (secure_getenv only)
	case $base in
	getenv | printf | fprintf | vfprintf | puts | fputs | perror | \
	write | syslog | vsyslog | openlog | __printf_chk | __fprintf_chk | \
	pthread_create | pthread_atfork | pthread_key_create | atexit | \
	on_exit | signal | sigaction | abort | exit | _exit | strdup | \
	getpwnam | getpwnam_r)
		echo "FAIL: the module must not call $base" >&2
		echo x ;;
	esac
done | grep -q x && fail=1

for lib in $needed; do
	case $lib in
	libc.so.* | libpam.so.* | ld-linux*.so.* | libasan.so.* | \
	libubsan.so.*) ;;
	*) bad "links $lib (only libc and libpam are allowed)" ;;
	esac
done

if [ -x "$dlopen_test" ]; then
	PAM_MODULE=$so "$dlopen_test" || bad "dlopen smoke test"
else
	bad "$dlopen_test not built"
fi

if [ "$fail" -eq 0 ]; then
	echo "PASS: $so exports only pam_sm_*, imports only glibc and libpam"
fi
exit "$fail"
