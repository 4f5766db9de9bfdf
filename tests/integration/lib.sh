# lib.sh - shared setup for the integration tests (sourced, not run).
#
# Each test runs the built accountsd on a temporary socket and state
# directory, inside a private mount namespace where /etc/nsswitch.conf is a
# bind-mounted copy that says "passwd: files accounts" and
# "group: files accounts", so the real getent and id load the built
# libnss_accounts.so.2 (through LD_LIBRARY_PATH) and the host is never
# changed.  Needs root (unshare -m, bind mounts); otherwise exit 77 (skip).

set -euo pipefail

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: integration tests need root (unshare -m, bind mounts)"
	exit 77
fi

# Re-run the calling script inside its own mount and PID namespaces: the
# daemon signals every process of a disabled user's uid, and must not
# reach those of a test running beside this one with the same uids.
if [ -z "${ACCT_IT_NS:-}" ]; then
	export ACCT_IT_NS=1
	exec unshare -m -p -f --mount-proc --propagation private \
		bash "$0" "$@"
fi

ACCTD="$top_builddir/accountsd"
CTL="$top_builddir/accountsctl"
MODDIR="$top_builddir/.libs"

work=$(mktemp -d /tmp/acct-it.XXXXXX)
chmod 755 "$work" # non-root callers must reach the socket
export ACCOUNTSD_SOCKET="$work/sock"
daemon_pid=""

# it_cleanup [RC]: stop the daemon, remove the scratch directory and exit
# RC (default: the status of the last command, for a plain EXIT trap).
it_cleanup() {
	local rc=${1:-$?}
	set +e # cleaning up goes on whatever fails
	if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
	fi
	if [ $rc -ne 0 ] && [ -f "$work/daemon.log" ]; then
		echo "--- daemon log (last 40 lines) ---"
		tail -n 40 "$work/daemon.log"
	fi
	rm -rf "$work"
	exit $rc
}
trap it_cleanup EXIT

# nsswitch.conf of the namespace: ours for passwd/group, files for the rest.
cat >"$work/nsswitch.conf" <<'NSS'
passwd:         files accounts
group:          files accounts
shadow:         files
hosts:          files
NSS
mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf
# A host nscd would answer from its cache instead of our module.
if [ -d /run/nscd ]; then mount -t tmpfs tmpfs /run/nscd; fi

# The module built with ASan cannot be dlopen()ed into an uninstrumented
# getent unless the runtime is preloaded.
nss_preload=""
# (not "ldd | grep -q": under pipefail, grep's early exit can SIGPIPE ldd)
if [[ $(ldd "$MODDIR/libnss_accounts.so.2" 2>/dev/null) == *libasan* ]]; then
	nss_preload="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
fi

# nss CMD...: run a system program (getent, id, ls) against our module.
nss() {
	env LD_LIBRARY_PATH="$MODDIR" LD_PRELOAD="$nss_preload" \
		ASAN_OPTIONS=detect_leaks=0 "$@"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_rc WANT CMD...: run CMD, check its exit code.
expect_rc() {
	local want=$1 rc=0
	shift
	"$@" >"$work/out" 2>"$work/err" || rc=$?
	[ "$rc" -eq "$want" ] ||
		fail "'$*' exited $rc, want $want; stderr: $(cat "$work/err")"
}

# start_daemon [ARGS...]: run accountsd in the foreground, wait until ready.
start_daemon() {
	# LD_LIBRARY_PATH: the daemon finds the module as if installed, and
	# must switch it off inside itself
	LD_LIBRARY_PATH="$MODDIR" "$ACCTD" --foreground --socket "$work/sock" \
		--state-dir "$work/state" "$@" >>"$work/daemon.log" 2>&1 &
	daemon_pid=$!
	local i
	for i in $(seq 1 200); do
		"$CTL" status >/dev/null 2>&1 && return 0
		kill -0 "$daemon_pid" 2>/dev/null ||
			fail "accountsd exited at startup: $(cat "$work/daemon.log")"
		sleep 0.05
	done
	fail "accountsd did not answer within 10 s"
}

stop_daemon() {
	[ -n "$daemon_pid" ] || return 0
	kill -TERM "$daemon_pid"
	local rc=0
	wait "$daemon_pid" || rc=$?
	daemon_pid=""
	[ $rc -eq 0 ] || fail "accountsd exited $rc on SIGTERM"
}

# ctl ARGS...: accountsctl that must succeed.
ctl() {
	"$CTL" "$@" || fail "accountsctl $* exited $?"
}

# json_at FILE EXPR: a Python expression over the JSON object j in FILE.
json_at() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# json_get FIELD: read one top-level field of the JSON object on stdin.
json_get() {
	python3 -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(v)' "$1"
}
