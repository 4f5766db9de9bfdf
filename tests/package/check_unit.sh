#!/usr/bin/env bash
# The systemd unit, as a file: `systemd-analyze verify` has nothing to
# say about it (the ExecStart binary and the Documentation= man pages
# are the built ones), and `systemd-analyze security --offline=true`
# rates its exposure at most 2.0 ("OK").  No systemd needs to be
# running: both read the file.
set -euo pipefail
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
max_exposure=2.0

if ! command -v systemd-analyze >/dev/null; then
	echo "SKIP: systemd-analyze is missing (apt-get install systemd)"
	exit 77
fi

work=$(mktemp -d /tmp/check_unit.XXXXXX)
trap 'rm -rf "$work"' EXIT
# the unit as installed, pointing at the built daemon
sed -e "s|@sbindir@|$top_builddir|g" \
	"$top_srcdir/packaging/accountsd.service.in" >"$work/accountsd.service"
grep -q '@[a-z]*@' "$work/accountsd.service" &&
	{ echo "FAIL: unsubstituted @...@ in the unit"; exit 1; }
mkdir -p "$work/man/man8"
cp "$top_srcdir/packaging/accountsd.8" "$top_srcdir/packaging/accountsctl.8" \
	"$work/man/man8/"

cd "$work"
if ! MANPATH="$work/man" systemd-analyze verify ./accountsd.service \
	>verify.out 2>&1 || [ -s verify.out ]; then
	echo "FAIL: systemd-analyze verify:"
	cat verify.out
	exit 1
fi
echo "systemd-analyze verify: clean"

systemd-analyze security --offline=true --no-pager ./accountsd.service \
	>security.out 2>&1 || true
score=$(sed -n 's/.*[Oo]verall exposure level for [^:]*: \([0-9.]*\).*/\1/p' \
	security.out)
if [ -z "$score" ]; then
	echo "FAIL: no exposure level in systemd-analyze security's output:"
	cat security.out
	exit 1
fi
echo "systemd-analyze security --offline=true: exposure $score (at most $max_exposure)"
if ! awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'; then
	echo "FAIL: exposure $score is above $max_exposure:"
	grep '✗' security.out || cat security.out
	exit 1
fi
echo "PASS"
