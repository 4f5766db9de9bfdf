#!/usr/bin/env bash
# The daemon under the unit's capability bounding set, as systemd would
# run it (CapabilityBoundingSet= of packaging/accountsd.service.in, read
# from the file): disabling a user still ends the processes of its uid
# (CAP_KILL), and `user delete --remove-home` still removes a home whose
# directories only their owner may enter (CAP_DAC_OVERRIDE, CAP_FOWNER).
# Then what each capability is for, shown by taking it away: without
# CAP_KILL the processes live on (and the log says so); without
# CAP_DAC_OVERRIDE the home stays.  (systemd is not PID 1 here, so the
# rest of the unit's sandbox is not exercised: see README.)
#
# Ending a user's logins signals every process of its uid: own pid
# namespace (lib.sh) and own uid range.
. "$top_srcdir/tests/integration/lib.sh"

sleepers=""
trap 'rc=$?; set +e; for p in $sleepers; do kill -KILL "$p" 2>/dev/null; done; it_cleanup $rc' EXIT

unit_caps=$(sed -n 's/^CapabilityBoundingSet=//p' \
	"$top_srcdir/packaging/accountsd.service.in" | tr 'A-Z' 'a-z' | sed 's/cap_//g')
[ -n "$unit_caps" ] || fail "no CapabilityBoundingSet= in the unit"
echo "the unit's bounding set: $unit_caps"

home=$work/home
mkdir -m 0755 "$home"
printf 'session_kill_grace_ms = 200\nuid_min = 3730000\nuid_max = 3739999\nhome_base = %s\n' \
	"$home" >"$work/accountsd.conf"

# start_bounded CAP...: the daemon with only these capabilities (setpriv
# drops the rest from the bounding set before exec, as systemd does).
start_bounded() {
	local set="-all" c
	for c in "$@"; do set="$set,+$c"; done
	LD_LIBRARY_PATH="$MODDIR" setpriv --bounding-set "$set" "$ACCTD" \
		--foreground --socket "$work/sock" --state-dir "$work/state" \
		--config "$work/accountsd.conf" >>"$work/daemon.log" 2>&1 &
	daemon_pid=$!
	local _
	for _ in $(seq 1 200); do
		"$CTL" status >/dev/null 2>&1 && break
		kill -0 "$daemon_pid" 2>/dev/null || fail "accountsd exited: $(cat "$work/daemon.log")"
		sleep 0.05
	done
	local want=0 bit
	for c in "$@"; do
		bit=$(python3 -c "import sys; print({'chown':0,'dac_override':1,'fowner':3,'kill':5}[sys.argv[1]])" "$c")
		want=$((want | (1 << bit)))
	done
	expect_eq "the daemon's effective capabilities" \
		"$((16#$(awk '/^CapEff:/ { print $2 }' "/proc/$daemon_pid/status")))" "$want"
}

uid_of() { ctl --json user show "$1" | json_get uid; }
gid_of() { ctl --json user show "$1" | json_get gid; }

# job_of USER: a detached process running as USER; its pid in $job.
job_of() {
	local uid gid _
	uid=$(uid_of "$1")
	gid=$(gid_of "$1")
	setpriv --reuid="$uid" --regid="$gid" --clear-groups setsid sleep 300 &
	job=$!
	sleepers="$sleepers $job"
	for _ in $(seq 1 100); do
		[ "$(awk '/^Uid:/ { print $2 }' "/proc/$job/status" 2>/dev/null)" = "$uid" ] &&
			return 0
		sleep 0.05
	done
	fail "the job of $1 did not start"
}
# ended PID: exited within 5 s (a zombie until waited for, or gone)
ended() {
	local _ st
	for _ in $(seq 1 100); do
		st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)
		[ -z "$st" ] || [ "$st" = Z ] && return 0
		sleep 0.05
	done
	return 1
}
# private_home USER: a home with files, every directory 0700, the user's
private_home() {
	local uid
	uid=$(uid_of "$1")
	mkdir -p "$home/$1/.ssh" "$home/$1/src/deep"
	echo x >"$home/$1/.profile"
	echo x >"$home/$1/src/deep/main.c"
	chown -R "$uid:$uid" "$home/$1"
	find "$home/$1" -type d -exec chmod 0700 {} +
}

# --- the unit's set: everything works ---
# shellcheck disable=SC2086 # a list of words
start_bounded $unit_caps
ctl tenant create acme >/dev/null
for u in bob carl dave erin; do ctl user create "$u" --tenant acme >/dev/null; done
job_of bob
ctl user disable bob >/dev/null
ended "$job" || fail "bob's process outlived the disable under the unit's set"
echo "unit's set: disable ended bob's process"
private_home carl
ctl --json user delete carl --remove-home >"$work/carl.json"
expect_eq "carl's home" "$(json_at "$work/carl.json" 'j["home_removal"]')" removed
[ ! -e "$home/carl" ] || fail "carl's home is still there"
echo "unit's set: delete --remove-home removed a 0700 home"
stop_daemon

# --- without CAP_KILL: the disable is recorded, the processes live on ---
: >"$work/daemon.log"
# shellcheck disable=SC2086
start_bounded $(echo $unit_caps | tr ' ' '\n' | grep -vx kill)
job_of dave
ctl user disable dave >/dev/null
! ended "$job" || fail "dave's process ended without CAP_KILL"
expect_eq "dave" "$(ctl --json user show dave | json_get status)" disabled
# the daemon says so: no signal went out, the process survives the sweeps
for _ in $(seq 1 100); do
	grep -q "SIGKILL to 0 process(es) of uid $(uid_of dave) after the grace; some survive" \
		"$work/daemon.log" && break
	sleep 0.05
done
grep "some survive" "$work/daemon.log" ||
	fail "nothing logged about the process it could not end: $(cat "$work/daemon.log")"
echo "without CAP_KILL: dave is disabled but his process lives on"
kill -KILL "$job"
stop_daemon

# --- without CAP_DAC_OVERRIDE: a 0700 home cannot be entered ---
: >"$work/daemon.log"
# shellcheck disable=SC2086
start_bounded $(echo $unit_caps | tr ' ' '\n' | grep -vx dac_override)
private_home erin
ctl --json user delete erin --remove-home >"$work/erin.json" 2>"$work/err" || true
[ -e "$home/erin/src/deep/main.c" ] ||
	fail "erin's home was removed without CAP_DAC_OVERRIDE"
expect_eq "erin's home" "$(json_at "$work/erin.json" 'j["home_removal"]')" kept
detail=$(json_at "$work/erin.json" 'j["home_detail"]')
[[ $detail == *"Permission denied"* ]] || fail "erin's home_detail: $detail"
echo "without CAP_DAC_OVERRIDE: erin's home stays ($detail)"
stop_daemon
echo "PASS"
