#!/usr/bin/env bash
# run_auth_timing.sh BUILDDIR [N] - does a wrong password take longer for
# a user that exists than for one that does not?  (`./dev bench`)
#
# A throw-away accountsd with the cheapest Argon2id (so that anything else
# the daemon does shows: one verification costs microseconds, not 150 ms)
# answers N AUTH requests as root for a known user with a wrong password
# and N for an unknown name, interleaved, each on a connection of its own
# as pam_accounts.so makes them.  Printed: median and p90 of each, and the
# difference of the medians.  A wrong password for a known user is counted
# toward lockout and audited: a durable write, which must come after the
# reply, or its cost tells who exists.
set -euo pipefail
. "$(dirname "$0")/daemon.sh"
build=${1:?usage: run_auth_timing.sh BUILDDIR [N]}
build=$(cd "$build" && pwd)
n=${2:-400}

work=$(mktemp -d /tmp/acct-bench-auth.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# no lockout: every wrong password is counted and audited, none refused
printf '%s\n' 'argon2_opslimit = 1' 'argon2_memlimit_kb = 8' \
	'lockout_attempts = 0' 'uid_min = 2000000' 'uid_max = 3999999' \
	'gid_min = 2000000' 'gid_max = 3999999' >"$work/conf"
start_daemon "$build" "$work"
ctl() { "$build/accountsctl" --socket "$work/sock" "$@" >/dev/null; }
ctl tenant create timing
printf 'the right password 1\n' |
	ctl user create known --tenant timing --password-stdin

echo "=== a wrong password, known user vs unknown name: $n each ==="
python3 - "$work/sock" "$n" <<'PY'
import socket, struct, sys, time
path, n = sys.argv[1], int(sys.argv[2])

def field(tag, s):
    b = s.encode()
    return struct.pack(">HI", tag, len(b)) + b

def auth(name):
    body = field(2, name) + field(27, "a wrong password") + field(29, "sshd")
    frame = struct.pack(">IHHHHI", 0x41435431, 1, 30, 0, 0, len(body)) + body
    t0 = time.perf_counter()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(frame)
    hdr = s.recv(16, socket.MSG_WAITALL)
    _, _, _, _, status, ln = struct.unpack(">IHHHHI", hdr)
    if ln:
        s.recv(ln, socket.MSG_WAITALL)
    t = time.perf_counter() - t0
    s.close()
    assert status == 0, status
    return t

known, unknown = [], []
for i in range(n):
    # interleaved, so that drift hits both alike
    known.append(auth("known"))
    unknown.append(auth("nobody-%d" % i))

def q(xs, p):
    xs = sorted(xs)
    return xs[int(len(xs) * p / 100)] * 1e6

for label, xs in (("known user", known), ("unknown name", unknown)):
    print("%-13s p50 %8.1f us   p90 %8.1f us" % (label, q(xs, 50), q(xs, 90)))
print("difference of the medians: %+.1f us" % (q(known, 50) - q(unknown, 50)))
PY
