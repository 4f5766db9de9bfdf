#!/usr/bin/env bash
# Readiness, told the way systemd's Type=notify expects it: accountsd
# --foreground with NOTIFY_SOCKET pointing at a datagram socket this test
# reads.  READY=1 arrives only once lookups work; SIGHUP gives
# RELOADING=1 (with MONOTONIC_USEC) then READY=1; SIGTERM gives
# STOPPING=1.  A bad NOTIFY_SOCKET is said in the log and the daemon
# serves on.  With stderr the journal's stream, it logs to syslog.
. "$top_srcdir/tests/integration/lib.sh"

recv_pid=""
on_exit() {
	local rc=$?
	set +e
	if [ -n "$recv_pid" ]; then
		kill "$recv_pid" 2>/dev/null
		wait "$recv_pid" 2>/dev/null
	fi
	it_cleanup $rc
}
trap on_exit EXIT

# A user to look up, made by a daemon run the usual way.
start_daemon
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme >/dev/null
stop_daemon

# start_recv WHERE: the manager's socket; its lines go to $work/notify.log
start_recv() {
	: >"$work/notify.log"
	python3 "$top_srcdir/tests/integration/notify_recv.py" "$1" \
		>"$work/notify.log" 2>&1 &
	recv_pid=$!
	local _
	for _ in $(seq 1 100); do
		grep -q '^listening' "$work/notify.log" && return 0
		sleep 0.05
	done
	fail "notify_recv did not start: $(cat "$work/notify.log")"
}

# await LINE_PATTERN: wait (10 s at most) for a notification line.
await() {
	local _
	for _ in $(seq 1 200); do
		grep -qE "$1" "$work/notify.log" && return 0
		sleep 0.05
	done
	fail "no notification matching '$1': $(cat "$work/notify.log")"
}

# run_notified WHERE: the daemon as the unit starts it, told to notify WHERE
run_notified() {
	NOTIFY_SOCKET=$1 LD_LIBRARY_PATH="$MODDIR" "$ACCTD" --foreground \
		--socket "$work/sock" --state-dir "$work/state" \
		>>"$work/daemon.log" 2>&1 &
	daemon_pid=$!
}

start_recv "$work/notify"
run_notified "$work/notify"
await '^READY=1 STATUS=serving on '
# at the moment of READY=1 the daemon answers, through the NSS module
expect_eq "getent at READY=1" "$(nss getent passwd alice | cut -d: -f1)" alice
expect_eq "READY=1 sent once" "$(grep -c '^READY=1' "$work/notify.log")" 1

# SIGHUP: RELOADING=1 with the monotonic time, then READY=1 again
kill -HUP "$daemon_pid"
for _ in $(seq 1 200); do
	[ "$(grep -c '^READY=1' "$work/notify.log")" -ge 2 ] && break
	sleep 0.05
done
expect_eq "READY=1 after the reload" "$(grep -c '^READY=1' "$work/notify.log")" 2
mapfile -t lines <"$work/notify.log"
[[ ${lines[2]} =~ ^RELOADING=1\ MONOTONIC_USEC=([0-9]+)$ ]] ||
	fail "reload began with '${lines[2]}', want RELOADING=1 MONOTONIC_USEC=N"
usec=${BASH_REMATCH[1]}
# the kernel's CLOCK_MONOTONIC (seconds since boot, as /proc/uptime): the
# value is a time of this boot, in microseconds
up=$(cut -d. -f1 /proc/uptime)
[ $((usec / 1000000)) -le "$up" ] && [ $((usec / 1000000)) -ge $((up - 60)) ] ||
	fail "MONOTONIC_USEC=$usec is not near the monotonic clock ($up s)"
[[ ${lines[3]} == "READY=1 STATUS=serving on $work/sock" ]] ||
	fail "after RELOADING=1: '${lines[3]}'"
expect_eq "getent after the reload" "$(nss getent passwd alice | cut -d: -f1)" alice

# SIGTERM: STOPPING=1, then the daemon exits 0
kill -TERM "$daemon_pid"
await '^STOPPING=1$'
wait "$daemon_pid" || fail "accountsd exited $? on SIGTERM"
daemon_pid=""

# The abstract namespace works the same.
kill "$recv_pid"
wait "$recv_pid" 2>/dev/null || true
start_recv "@accountsd-it-notify.$$"
run_notified "@accountsd-it-notify.$$"
await '^READY=1 STATUS=serving on '
stop_daemon
await '^STOPPING=1$'

# A relative NOTIFY_SOCKET is said in the log; the daemon serves on.
: >"$work/daemon.log"
run_notified "relative/notify"
for _ in $(seq 1 200); do
	"$CTL" status >/dev/null 2>&1 && break
	sleep 0.05
done
expect_eq "getent without a manager" "$(nss getent passwd alice | cut -d: -f1)" alice
grep -qF "not notifying the service manager: NOTIFY_SOCKET=relative/notify is neither" \
	"$work/daemon.log" || fail "bad NOTIFY_SOCKET not logged: $(cat "$work/daemon.log")"
stop_daemon

# Under systemd, stderr is the journal (JOURNAL_STREAM=DEV:INODE names
# it): the daemon logs through syslog, keeping priorities and the audit
# lines' authpriv facility, and writes nothing to that stream.
wait_up() {
	local _
	for _ in $(seq 1 200); do
		"$CTL" status >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "accountsd did not answer: $(cat "$1")"
}
: >"$work/journal.log"
exec 7>>"$work/journal.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$work/journal.log") LD_LIBRARY_PATH="$MODDIR" \
	"$ACCTD" --foreground --socket "$work/sock" --state-dir "$work/state" \
	>&7 2>&7 &
daemon_pid=$!
exec 7>&-
wait_up "$work/journal.log"
stop_daemon
[ ! -s "$work/journal.log" ] ||
	fail "logged to the journal's stream: $(cat "$work/journal.log")"
# a JOURNAL_STREAM naming another file is not stderr: stderr it is
: >"$work/daemon.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$work/journal.log") start_daemon
stop_daemon
grep -q 'listening on' "$work/daemon.log" ||
	fail "no log on stderr: $(cat "$work/daemon.log")"
echo "PASS"
