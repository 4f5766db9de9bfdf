#!/usr/bin/env bash
# it_syscalls.sh BUILDDIR - every system call the daemon makes is one the
# unit's SystemCallFilter= allows.  systemd is not PID 1 here, so the
# filter itself cannot run: the daemon runs under `strace -f` through
# what it does in a life (startup, lookups, a password hash on a worker,
# a disable that signals a user's process, a home made at session open
# from a skeleton, a backup and an export through passed descriptors, a
# home removal, a reload, a stop) and unit_syscalls.py checks the calls against the unit's lines.
# Run by `./dev check` on the -Werror build (the sanitizers' runtime makes
# calls of its own).
set -euo pipefail
build=$(cd "${1:?usage: it_syscalls.sh BUILDDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "it_syscalls.sh: needs root" >&2; exit 1; }
command -v strace >/dev/null || { echo "it_syscalls.sh: strace is missing" >&2; exit 1; }
if [ -z "${ACCT_SYSCALLS_NS:-}" ]; then
	export ACCT_SYSCALLS_NS=1
	exec unshare -m -p -f --mount-proc --propagation private bash "$0" "$@"
fi

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
w=$(mktemp -d /tmp/acct-syscalls.XXXXXX)
trap 'rm -rf "$w"' EXIT
chmod 755 "$w"
mkdir -m 0755 "$w/home"
mkdir -p "$w/skel/.config"
echo 'alias ll="ls -l"' >"$w/skel/.bashrc"
ln -s .bashrc "$w/skel/.profile"
printf 'home_base = %s\nsession_kill_grace_ms = 200\nuid_min = 3740000\nuid_max = 3749999\n' \
	"$w/home" >"$w/accountsd.conf"
printf 'home_create = yes\nskel_dir = %s\n' "$w/skel" >>"$w/accountsd.conf"
sed -e "s|@sbindir@|$build|g" "$top/packaging/accountsd.service.in" >"$w/unit"
ctl() { "$build/accountsctl" --socket "$w/sock" "$@"; }
json_uid() { python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])'; }

strace -f -qq -o "$w/trace" "$build/accountsd" --foreground --socket "$w/sock" \
	--state-dir "$w/state" --config "$w/accountsd.conf" 2>"$w/log" &
strace_pid=$!
for _ in $(seq 1 200); do
	ctl status >/dev/null 2>&1 && break
	kill -0 "$strace_pid" 2>/dev/null || fail "accountsd exited: $(cat "$w/log")"
	sleep 0.05
done
daemon=$(pgrep -P "$strace_pid" -x accountsd) || fail "no daemon under strace"

ctl tenant create acme >/dev/null
ctl user create bob --tenant acme >/dev/null
ctl user create carl --tenant acme >/dev/null
printf '%s\n' 'bob password 123' | ctl user passwd bob --password-stdin >/dev/null
python3 "$top/tests/integration/wire.py" auth "$w/sock" bob 'bob password 123' >/dev/null || true
LD_LIBRARY_PATH="$build/.libs" ACCOUNTSD_SOCKET="$w/sock" getent passwd bob >/dev/null || true
bob=$(ctl --json user show bob | json_uid)
setpriv --reuid="$bob" --regid="$bob" --clear-groups setsid sleep 300 &
job=$!
sleep 0.3
ctl user disable bob >/dev/null
for _ in $(seq 1 100); do
	kill -0 "$job" 2>/dev/null || break
	sleep 0.05
done
kill -KILL "$job" 2>/dev/null && fail "the disable did not end bob's process"
wait "$job" 2>/dev/null || true
carl=$(ctl --json user show carl | json_uid)
mkdir -p "$w/home/carl/src"
echo x >"$w/home/carl/src/f"
chown -R "$carl:$carl" "$w/home/carl"
ctl user delete carl --remove-home >/dev/null
[ ! -e "$w/home/carl" ] || fail "carl's home was not removed"
ctl user create dave --tenant acme >/dev/null
sleep 300 &
holder=$!
python3 "$top/tests/integration/wire.py" session_open "$w/sock" dave sshd "$holder" >/dev/null
kill "$holder" 2>/dev/null || true
[ -f "$w/home/dave/.bashrc" ] && [ -L "$w/home/dave/.profile" ] ||
	fail "dave's home was not made from the skeleton: $(ls -la "$w/home" 2>&1)"
ctl backup "$w/backup.mdb" >/dev/null || fail "backup failed"
ctl export "$w/export.jsonl" >/dev/null || fail "export failed"
grep -q '"dave"' "$w/export.jsonl" || fail "the export misses dave"
kill -HUP "$daemon"
sleep 0.5
kill -TERM "$daemon"
wait "$strace_pid" || fail "accountsd exited $? on SIGTERM: $(cat "$w/log")"

python3 "$here/unit_syscalls.py" "$w/unit" "$w/trace"
echo "PASS"
