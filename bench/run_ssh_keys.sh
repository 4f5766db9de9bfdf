#!/usr/bin/env bash
# run_ssh_keys.sh BUILDDIR [N] [K] - what sshd pays for a user's keys:
# one `accounts-ssh-keys LOGIN` (an AuthorizedKeysCommand), process start
# to exit, against `cat` of an authorized_keys file holding the same K
# keys (what sshd's own AuthorizedKeysFile costs at most, with a process
# start).  (`./dev bench`)
#
# A throw-away accountsd holds a user with K keys (default 5); N runs of
# each (default 200), interleaved, each a posix_spawn and a wait, output
# to /dev/null.  Printed: median and p90 of each, the ratio of the
# medians and their difference.  Both outputs are checked to be the same
# lines first.
set -euo pipefail
. "$(dirname "$0")/daemon.sh"
build=${1:?usage: run_ssh_keys.sh BUILDDIR [N] [K]}
build=$(cd "$build" && pwd)
n=${2:-200}
k=${3:-5}

work=$(mktemp -d /tmp/acct-bench-ssh.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

printf '%s\n' 'uid_min = 2000000' 'uid_max = 3999999' \
	'gid_min = 2000000' 'gid_max = 3999999' >"$work/conf"
start_daemon "$build" "$work"
ctl() { "$build/accountsctl" --socket "$work/sock" "$@" >/dev/null; }
ctl tenant create bench
ctl user create keyholder --tenant bench
: >"$work/authorized_keys"
for i in $(seq 1 "$k"); do
	ssh-keygen -q -t ed25519 -N '' -C "key$i@bench" -f "$work/key$i"
	ctl key ssh add keyholder <"$work/key$i.pub"
	cat "$work/key$i.pub" >>"$work/authorized_keys"
done
# the same lines, in the daemon's (fingerprint) order
sort -o "$work/authorized_keys" "$work/authorized_keys"
ACCOUNTSD_SOCKET="$work/sock" "$build/accounts-ssh-keys" keyholder |
	sort >"$work/from_daemon"
cmp -s "$work/from_daemon" "$work/authorized_keys" || {
	echo "accounts-ssh-keys does not print the file's keys" >&2
	exit 1
}

echo "=== accounts-ssh-keys vs cat authorized_keys: $k keys, $n runs each ==="
python3 - "$build/accounts-ssh-keys" "$work/sock" "$work/authorized_keys" \
	"$n" <<'PY'
import os, statistics, sys, time
prog, sock, keys, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cat = "/bin/cat"
env = {"ACCOUNTSD_SOCKET": sock, "PATH": "/usr/bin:/bin"}
devnull = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]

def run(path, argv):
    t0 = time.perf_counter()
    p = os.posix_spawn(path, argv, env, file_actions=actions)
    _, status = os.waitpid(p, 0)
    t = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: {status}")
    return t

for _ in range(10):  # warm the page cache and the daemon
    run(prog, [prog, "keyholder"])
    run(cat, [cat, keys])
ours, base = [], []
for _ in range(n):
    ours.append(run(prog, [prog, "keyholder"]))
    base.append(run(cat, [cat, keys]))

def show(name, xs):
    xs = sorted(xs)
    p90 = xs[int(len(xs) * 0.9) - 1]
    print(f"{name:34s} median {statistics.median(xs) * 1e6:8.0f} us"
          f"   p90 {p90 * 1e6:8.0f} us")

show("accounts-ssh-keys keyholder", ours)
show("cat authorized_keys", base)
mo, mb = statistics.median(ours), statistics.median(base)
print(f"ratio of medians {mo / mb:.2f}; difference {(mo - mb) * 1e6:.0f} us")
PY
