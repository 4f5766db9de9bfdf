#!/usr/bin/env bash
# Sessions through the real daemon and accountsctl: a process registered
# as a session (the way pam_accounts.so registers its caller) is listed,
# ends its session by exiting, is sent SIGTERM by `session revoke`, user
# disable and tenant deprovision, and a restarted daemon ends the sessions
# whose process died while it was down.  Then, as issue 6 asks: a user
# cannot close (nor probe) a session registered for another process, and
# disable, delete and deprovision end every process of the user's uid,
# detached background jobs included.
#
# Ending a user's logins signals every process of its uid: this test runs
# in a pid namespace of its own, with a uid range of its own, so that it
# never meets another test's processes.
if [ -z "${ACCT_IT_PIDNS:-}" ] && [ "$(id -u)" -eq 0 ]; then
	export ACCT_IT_PIDNS=1
	exec unshare --pid --fork --mount-proc bash "$0" "$@"
fi
. "$top_srcdir/tests/integration/lib.sh"

WIRE="python3 $top_srcdir/tests/integration/wire.py"
# what another uid runs (a pyenv shim under /root is not theirs to run)
UWIRE="/usr/bin/python3 $top_srcdir/tests/integration/wire.py"
sleepers=""
kill_sleepers() {
	local p
	for p in $sleepers; do kill -KILL "$p" 2>/dev/null || true; done
}
# the sleeps must not outlive a failed run
trap 'rc=$?; kill_sleepers; it_cleanup $rc' EXIT

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

printf 'session_kill_grace_ms = 200\nuid_min = 3720000\nuid_max = 3729999\n' \
	>"$work/accountsd.conf"
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

# --- A user cannot take its login off the kill list ---
ctl tenant create globex >/dev/null
ctl user create gina --tenant globex --role owner >/dev/null
ctl user create hank --tenant globex >/dev/null
ctl user create ivan --tenant globex >/dev/null
ctl tenant create initech >/dev/null
ctl user create judy --tenant initech --role owner >/dev/null
uid_of() { ctl --json user show "$1" | json_get uid; }
gid_of() { ctl --json user show "$1" | json_get gid; }
as_user() {
	local u=$1
	shift
	setpriv --reuid="$(uid_of "$u")" --regid="$(gid_of "$u")" \
		--clear-groups "$@"
}

# Root registers hank's login, whose process is root's (as sshd's is).
sleeper
s6=$sleeper
id6=$(open_session hank "$s6")
# hank, from a process of his own: by id, the reply is the one for an id
# that was never used; by name and that pid, nothing closes
live=$(as_user hank $UWIRE session_close "$work/sock" id "$id6")
unused=$(as_user hank $UWIRE session_close "$work/sock" id "$((id6 + 1000))")
case $live in "status 1 "*) ;; *) fail "hank closing session $id6: $live" ;; esac
expect_eq "reply for a live id of another process" "$live" "$unused"
by_name=$(as_user hank $UWIRE session_close "$work/sock" name hank "$s6")
case $by_name in "status 0 "*) ;; *) fail "hank closing by name: $by_name" ;; esac
expect_eq "hank's sessions" "$(count_sessions --user hank)" 1
# so disabling hank still ends his login
ctl user disable hank >/dev/null
expect_killed "$s6" 15
wait_sessions 0
ctl user enable hank >/dev/null

# --- disable, delete, deprovision: every process of the uid ---
# bg_job USER [ignore]: a detached job (setsid, not a session) running as
# USER; with ignore it ignores SIGTERM.  Its pid in $job, once it runs as
# USER.
bg_job() {
	local uid gid
	uid=$(uid_of "$1")
	gid=$(gid_of "$1")
	# setpriv itself, not a subshell running it: $! is the job
	if [ "${2:-}" = ignore ]; then
		setpriv --reuid="$uid" --regid="$gid" --clear-groups \
			setsid sh -c 'trap "" TERM; exec sleep 300' &
	else
		setpriv --reuid="$uid" --regid="$gid" --clear-groups \
			setsid sleep 300 &
	fi
	job=$!
	sleepers="$sleepers $job"
	local i
	for i in $(seq 1 100); do
		[ "$(cat "/proc/$job/comm" 2>/dev/null)" = sleep ] &&
			[ "$(awk '/^Uid:/ { print $2 }' "/proc/$job/status")" = "$uid" ] &&
			return 0
		sleep 0.05
	done
	fail "job of $1 did not start"
}
# gone PID: exited (a zombie until waited for) or not there
gone() {
	local st
	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)
	[ -z "$st" ] || [ "$st" = Z ]
}
# expect_killed_soon PID SIG: killed by SIG within 5 s.
expect_killed_soon() {
	local i
	for i in $(seq 1 100); do
		gone "$1" && break
		sleep 0.05
	done
	gone "$1" || fail "pid $1 still runs"
	expect_killed "$1" "$2"
}
expect_alive() { gone "$1" && fail "pid $1 ($2) was killed"; return 0; }

bg_job hank
h1=$job
bg_job hank ignore
h2=$job
bg_job gina
g1=$job
bg_job judy
j1=$job
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 300 &
nobody=$!
sleepers="$sleepers $nobody"
ctl user disable hank >/dev/null
expect_killed_soon "$h1" 15
expect_killed_soon "$h2" 9
expect_alive "$g1" "gina's"
grep -q "SIGTERM to 2 process(es) of uid $(uid_of hank) (account hank disabled)" \
	"$work/daemon.log" || fail "no log of hank's processes"

bg_job ivan ignore
i1=$job
ctl user delete ivan >/dev/null
expect_killed_soon "$i1" 9

ctl tenant deprovision globex --reason "contract ended" >/dev/null
expect_killed_soon "$g1" 15
expect_alive "$j1" "judy's, of another tenant"
expect_alive "$nobody" "nobody's, outside the uid range"
echo "sessions: ok"
