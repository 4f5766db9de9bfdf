#!/usr/bin/env bash
# run_apikey.sh BUILDDIR - requests with an API key against the same
# requests by a Unix identity (`./dev bench`).
#
# In a private mount namespace: a throw-away accountsd (its management
# rate set out of the way), a tenant and one user with a uid of its own,
# an API key of that user's (directory:read, self:manage) in a private
# file; then bench_apikey, run as that uid, sends ME_SHOW requests over
# one connection with and without the key.
#
# Environment: ROUNDS (20), BATCH (2000).
set -euo pipefail
. "$(dirname "$0")/daemon.sh"
build=${1:?usage: run_apikey.sh BUILDDIR}
build=$(cd "$build" && pwd)

if [ -z "${ACCT_BENCH_NS:-}" ]; then
	export ACCT_BENCH_NS=1
	exec unshare -m --propagation private bash "$0" "$build"
fi

work=$(mktemp -d /tmp/acct-bench-key.XXXXXX)
chmod 755 "$work"
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
export ACCOUNTSD_SOCKET="$work/sock"
printf '%s\n' 'uid_min = 3900000' 'uid_max = 3909999' \
	'rate_limit_per_second = 1000000' 'rate_limit_burst = 1000000' \
	>"$work/conf"
start_daemon "$build" "$work"
ctl="$build/accountsctl"
"$ctl" tenant create bench >/dev/null
"$ctl" user create alice --tenant bench --role member >/dev/null
uid=$("$ctl" --json user show alice |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')
"$ctl" key issue alice --scope directory:read --scope self:manage \
	>"$work/issued"
mkdir -m 700 "$work/alice"
grep -o 'acd_key_[a-z2-7]\{12\}_[A-Za-z0-9_-]\{43\}' "$work/issued" \
	>"$work/alice/key"
chmod 600 "$work/alice/key"
chown -R "$uid:$uid" "$work/alice"
echo "API key against Unix identity: ME_SHOW over one connection," \
	"${ROUNDS:-20} x ${BATCH:-2000} requests each"
setpriv --reuid="$uid" --regid="$uid" --clear-groups \
	"$build/bench/bench_apikey" "$work/sock" "$work/alice/key" \
	"${ROUNDS:-20}" "${BATCH:-2000}"
"$ctl" key usage "$(cut -c1-20 "$work/alice/key")" | grep -E '^ *uses'
