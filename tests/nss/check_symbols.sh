#!/bin/sh
# check_symbols.sh - what libnss_accounts.so.2 exports and imports.
#   - every defined dynamic symbol is _nss_accounts_*, and all the entry
#     points are there;
#   - every undefined one comes from glibc (versioned @GLIBC_*), is weak,
#     or (sanitizer builds) belongs to the sanitizer runtime;
#   - nothing a guest in other processes must not call is imported;
#   - the only libraries it needs are libc (and the sanitizer runtimes).
# Exit 77 (skip) when the module or nm is missing.
set -u

so=${NSS_MODULE:-.libs/libnss_accounts.so.2}
NM=${NM:-nm}
READELF=${READELF:-readelf}

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
	_nss_accounts_*) ;;
	*) bad "exported symbol outside _nss_accounts_*: $s" ;;
	esac
done

for s in getpwnam_r getpwuid_r setpwent getpwent_r endpwent \
	getgrnam_r getgrgid_r setgrent getgrent_r endgrent initgroups_dyn \
	enablelookups; do
	printf '%s\n' $defined | grep -qx "_nss_accounts_$s" ||
		bad "_nss_accounts_$s is not exported"
done

needed=$($READELF -d "$so" 2>/dev/null |
	sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
[ -n "$needed" ] || bad "readelf -d $so lists no NEEDED library"
# ASan interposes libc functions: their references bind unversioned
sanitized=no
case " $(echo $needed) " in
*" libasan.so."*) sanitized=yes ;;
esac

# "U name@GLIBC_2.2.5" or "w name"
$NM -D --undefined-only "$so" | while read -r kind name; do
	base=${name%%@*}
	case $kind:$base in
	w:*) continue ;; # weak: __gmon_start__, _ITM_*, __cxa_finalize
	*:__asan_* | *:__ubsan_* | *:__sanitizer_* | *:__lsan_*) continue ;;
	esac
	case $sanitized:$name in
	*:*@GLIBC_* | yes:*) ;;
	*) echo "FAIL: undefined symbol not from glibc: $name" >&2
	   echo x ;;
	esac
	# no output, no threads, no exit hooks, no signal handlers, no getenv
	case $base in
	getenv | printf | fprintf | vfprintf | puts | fputs | perror | \
	write | syslog | vsyslog | openlog | __printf_chk | __fprintf_chk | \
	pthread_create | pthread_atfork | atexit | on_exit | signal | \
	sigaction | abort | exit | _exit)
		echo "FAIL: the module must not call $base" >&2
		echo x ;;
	esac
done | grep -q x && fail=1

for lib in $needed; do
	case $lib in
	libc.so.* | ld-linux*.so.* | libasan.so.* | libubsan.so.*) ;;
	*) bad "links $lib (only libc is allowed)" ;;
	esac
done

if [ "$fail" -eq 0 ]; then
	echo "PASS: $so exports only _nss_accounts_* and imports only glibc"
fi
exit "$fail"
