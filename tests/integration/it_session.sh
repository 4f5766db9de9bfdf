#!/usr/bin/env bash
# Sessions through the real daemon and accountsctl: a process registered
# as a session (the way pam_accounts.so registers its caller) is listed,
# ends its session by exiting, is sent SIGTERM by `session revoke`, user
# disable and tenant deprovision, and a restarted daemon ends the sessions
# whose process died while it was down.
. "$top_srcdir/tests/integration/lib.sh"

WIRE="python3 $top_srcdir/tests/integration/wire.py"
sleepers=""
kill_sleepers() {
	local p
	for p in $sleepers; do kill -KILL "$p" 2>/dev/null || true; done
}
# the sleeps must not outlive a failed run; (exit $rc) hands it_cleanup
# the script's status
trap 'rc=$?; kill_sleepers; (exit $rc) || it_cleanup; it_cleanup' EXIT

# sleeper: start `sleep 300` in the background; its pid in $sleeper.
sleeper() {
	sleep 300 &
	sleeper=$!
	sleepers="$sleepers $sleeper"
}

# open_session LOGIN PID: register a session; prints its id.
open_session() {
	$WIRE session_open "$work/sock" "$1" sshd "$2" ||
		fail "session_open $1 $2"
}

count_sessions() {
	ctl --json session list "$@" |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# wait_sessions N: the daemon notices an exit on its loop, a moment after
# the process is gone; wait (5 s at most) until N sessions are left.
wait_sessions() {
	local i
	for i in $(seq 1 100); do
		[ "$(count_sessions)" = "$1" ] && return 0
		sleep 0.05
	done
	fail "still $(count_sessions) sessions, want $1: $(ctl session list)"
}

# expect_killed PID SIG: the sleep ended by signal SIG (wait says 128+SIG).
expect_killed() {
	local rc=0
	wait "$1" || rc=$?
	expect_eq "exit status of pid $1" "$rc" "$((128 + $2))"
}

printf 'session_kill_grace_ms = 200\n' >"$work/accountsd.conf"
start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme --role owner >/dev/null
ctl user create bob --tenant acme >/dev/null

# A registered session is listed with its process.
sleeper
s1=$sleeper
id1=$(open_session bob "$s1")
list=$(ctl session list)
echo "$list" | head -n 1 | grep -q '^ID  *USER  *TENANT  *SERVICE  *TTY  *RHOST  *PID  *STARTED$' ||
	fail "list header: $list"
echo "$list" | grep -q "^$id1  *bob  *acme  *sshd  *-  *-  *$s1  *20[0-9][0-9]-" ||
	fail "list: $list"
expect_eq "--user bob" "$(count_sessions --user bob)" 1
expect_eq "--user alice" "$(count_sessions --user alice)" 0
expect_eq "--tenant acme" "$(count_sessions --tenant acme)" 1
expect_eq "json pid" "$(ctl --json session list | python3 -c \
	'import json,sys; print(json.load(sys.stdin)[0]["pid"])')" "$s1"

# Disabling bob terminates his session's process; the session ends.
ctl user disable bob >/dev/null
expect_killed "$s1" 15
wait_sessions 0
ctl user enable bob >/dev/null

# Revoke: SIGTERM, the confirmation names the session; twice is refused.
sleeper
s2=$sleeper
id2=$(open_session bob "$s2")
expect_eq "revoke" "$(ctl session revoke "$id2")" \
	"revoked session $id2 (bob, sshd, pid $s2)"
expect_killed "$s2" 15
wait_sessions 0
expect_rc 1 "$CTL" session revoke "$id2"
expect_rc 2 "$CTL" session revoke nope

# A session whose process exits ends by itself.
sleeper
s3=$sleeper
open_session alice "$s3" >/dev/null
kill -KILL "$s3"
expect_killed "$s3" 9
wait_sessions 0

# Restart: the live session is watched again, the dead one ends.
sleeper
s4=$sleeper
id4=$(open_session alice "$s4")
sleeper
s5=$sleeper
open_session bob "$s5" >/dev/null
stop_daemon
kill -KILL "$s5"
expect_killed "$s5" 9
start_daemon --config "$work/accountsd.conf"
expect_eq "after restart" "$(ctl --json session list | python3 -c \
	'import json,sys; print([s["id"] for s in json.load(sys.stdin)])')" \
	"[$id4]"

# Deprovisioning the tenant terminates what is left.
ctl tenant deprovision acme --reason "contract ended" >/dev/null
expect_killed "$s4" 15
wait_sessions 0
echo "sessions: ok"
