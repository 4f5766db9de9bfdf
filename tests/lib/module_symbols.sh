# shellcheck shell=sh disable=SC2034 # fail is the caller's to read
# module_symbols.sh - what a built module exports and imports; sourced by
# tests/nss/check_symbols.sh and tests/pam/check_pam_symbols.sh.
#
# module_symbols SO PREFIX ENTRIES VERSIONS FORBIDDEN LIBS checks that
#   - every symbol SO defines starts with PREFIX, and PREFIX+each of
#     ENTRIES is there;
#   - every symbol it needs carries one of VERSIONS (@GLIBC_*, ...), is
#     weak, or (sanitizer builds) belongs to the sanitizer runtime;
#   - none of FORBIDDEN is among them;
#   - the libraries it needs match LIBS (patterns; the sanitizer runtimes
#     always do).
# It exits 77 (skip) when SO or nm is missing, prints each finding as
# "FAIL: ..." and leaves fail at 1 when there was one.  bad MESSAGE adds a
# finding of the caller's own.
NM=${NM:-nm}
READELF=${READELF:-readelf}
fail=0

bad() {
	echo "FAIL: $*" >&2
	fail=1
}

module_symbols() {
	ms_so=$1 ms_prefix=$2 ms_entries=$3 ms_versions=$4 ms_forbidden=$5
	ms_libs=$6
	if [ ! -f "$ms_so" ]; then
		echo "SKIP: $ms_so not built" >&2
		exit 77
	fi
	if ! command -v "${NM%% *}" >/dev/null 2>&1; then
		echo "SKIP: no $NM" >&2
		exit 77
	fi
	set -f # the lists are split into words, never globbed

	ms_defined=$($NM -D --defined-only "$ms_so" | awk '{ print $3 }') ||
		bad "nm -D --defined-only $ms_so"
	for s in $ms_defined; do
		case $s in
		"$ms_prefix"*) ;;
		*) bad "exported symbol outside $ms_prefix*: $s" ;;
		esac
	done
	for s in $ms_entries; do
		printf '%s\n' "$ms_defined" | grep -qx "$ms_prefix$s" ||
			bad "$ms_prefix$s is not exported"
	done

	ms_needed=$($READELF -d "$ms_so" 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
	[ -n "$ms_needed" ] || bad "readelf -d $ms_so lists no NEEDED library"
	# ASan interposes libc functions: their references bind unversioned
	ms_sanitized=no
	case $ms_needed in
	*libasan.so.*) ms_sanitized=yes ;;
	esac

	# "U name@GLIBC_2.2.5" or "w name"
	$NM -D --undefined-only "$ms_so" | while read -r kind name; do
		base=${name%%@*}
		case $kind:$base in
		w:*) continue ;; # weak: __gmon_start__, _ITM_*, __cxa_finalize
		*:__asan_* | *:__ubsan_* | *:__sanitizer_* | *:__lsan_*)
			continue ;;
		esac
		from=$ms_sanitized
		for v in $ms_versions; do
			case $name in
			*@"$v"_*) from=yes ;;
			esac
		done
		if [ "$from" = no ]; then
			echo "FAIL: undefined symbol not from $ms_versions: $name" >&2
			echo x
		fi
		for f in $ms_forbidden; do
			if [ "$base" = "$f" ]; then
				echo "FAIL: the module must not call $base" >&2
				echo x
			fi
		done
	done | grep -q x && fail=1

	for lib in $ms_needed; do
		ok=no
		for p in $ms_libs 'libasan.so.*' 'libubsan.so.*'; do
			# shellcheck disable=SC2254 # p is a pattern
			case $lib in
			$p) ok=yes ;;
			esac
		done
		[ "$ok" = yes ] || bad "links $lib (only $ms_libs allowed)"
	done
	set +f
}
