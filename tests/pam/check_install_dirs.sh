#!/bin/sh
# check_install_dirs.sh - configure warns when pam_accounts.so or
# libnss_accounts.so.2 would be installed where libpam or glibc does not
# look, and names the option that fixes it (issue 6, item 12):
#   - the default --prefix=/usr/local: both warnings, naming --prefix=/usr,
#     --with-securelibdir= and --with-nss-libdir=;
#   - --prefix=/usr: no warning (on a merged-/usr system: elsewhere libpam
#     looks in /lib only);
#   - the default prefix with the two options the warnings name: none.
# configure runs up to three times in a scratch directory, with one cache.
# Exit 77 (skip) when the source tree is configured in place (configure
# then refuses to run elsewhere) or libpam does not show where it looks.
set -eu

: "${top_srcdir:?run through make check}"
if [ -f "$top_srcdir/config.status" ]; then
	echo "SKIP: $top_srcdir is configured in place" >&2
	exit 77
fi
# Where libpam looks, read from libpam itself (compiled in), not as
# configure works it out.
libpam=$(pkg-config --variable=libdir pam)/libpam.so.0
pam_dir=$(grep -a -o '/[a-z0-9_./-]*/security/' "$libpam" 2>/dev/null |
	head -n 1) || true
pam_dir=${pam_dir%/}
if [ -z "$pam_dir" ] || [ ! -e "$pam_dir/pam_permit.so" ]; then
	echo "SKIP: cannot tell where $libpam looks for modules" >&2
	exit 77
fi
multiarch=$(${CC:-cc} -print-multiarch 2>/dev/null || true)
nss_dir=/usr/lib${multiarch:+/$multiarch}
# --prefix=/usr puts the module where libpam looks only with a merged /usr
merged=no
[ "$(cd /lib && pwd -P)" != /usr/lib ] || merged=yes

tmp=$(mktemp -d /tmp/check_install_dirs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

# warnings ARGS...: configure's warnings about our two modules.
warnings() {
	(cd "$tmp" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		"$top_srcdir/configure" -q -C "$@" >/dev/null 2>"$tmp/err") || {
		echo "FAIL: configure $* failed: $(cat "$tmp/err")" >&2
		exit 1
	}
	grep '^configure: WARNING: .*\(pam_accounts\|libnss_accounts\)' \
		"$tmp/err" || true
}

# expect WHAT GOT TEXT...: every TEXT is in GOT.
expect() {
	what=$1 got=$2
	shift 2
	for text; do
		case $got in
		*"$text"*) ;;
		*)
			echo "FAIL: $what: no '$text' in: ${got:-(no warning)}" >&2
			fail=1
			;;
		esac
	done
}

got=$(warnings --prefix=/usr/local)
expect "--prefix=/usr/local" "$got" \
	"WARNING: pam_accounts.so would go to /usr/local/" \
	"--with-securelibdir=$pam_dir" \
	"WARNING: libnss_accounts.so.2 would go to /usr/local/" \
	"--with-nss-libdir="

if [ $merged = yes ]; then
	expect "--prefix=/usr/local" "$got" "configure with --prefix=/usr, or"
	got=$(warnings --prefix=/usr)
	if [ -n "$got" ]; then
		echo "FAIL: --prefix=/usr: $got" >&2
		fail=1
	fi
fi

got=$(warnings --prefix=/usr/local --with-securelibdir="$pam_dir" \
	--with-nss-libdir="$nss_dir")
if [ -n "$got" ]; then
	echo "FAIL: the options named: $got" >&2
	fail=1
fi
exit $fail
