#!/usr/bin/env bash
# Self-service end to end (issue 8): directory users run the real
# accountsctl as their own uids against the real daemon.  `me show`; `me
# profile` (the display name reaches getent's GECOS field, a bad value
# changes nothing); `me password` from a pipe and on a terminal without
# echo (the new password logs in through the real PAM stack, pamtester;
# a wrong current one is refused and counted); `me disable` (refused to
# the last owner; otherwise a live session and a detached process of the
# user end, and the login is refused afterwards).  Root and a uid the
# directory does not know are told `me` is not theirs.  Then the audit
# records, read from the database.
#
# The user's processes are signalled: lib.sh runs this in a PID namespace
# of its own, with a uid range of its own.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

WIRE="python3 $top_srcdir/tests/integration/wire.py"
PTY="python3 $top_srcdir/tests/integration/pty_answer.py"
export LC_ALL=C
sleepers=""
on_exit() {
	local rc=$? p
	for p in $sleepers; do kill -KILL "$p" 2>/dev/null || true; done
	it_cleanup $rc
}
trap on_exit EXIT
for tool in pamtester setpriv mdb_dump python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

# as UID GID CMD...: run CMD as that uid (no supplementary groups).
as() {
	local uid=$1 gid=$2
	shift 2
	setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"
}
# me_ok UID GID VERB ARGS...: accountsctl me VERB as the user, must work;
# stdin passes through, stdout in $work/out.
me_ok() {
	local uid=$1 gid=$2 rc=0
	shift 2
	as "$uid" "$gid" "$CTL" me "$@" >"$work/out" 2>"$work/err" || rc=$?
	[ $rc -eq 0 ] || fail "me $* as uid $uid exited $rc: $(cat "$work/err")"
}
# me_rc WANT UID GID VERB ARGS...: the same, exiting WANT.
me_rc() {
	local want=$1 uid=$2 gid=$3 rc=0
	shift 3
	as "$uid" "$gid" "$CTL" me "$@" >"$work/out" 2>"$work/err" || rc=$?
	[ $rc -eq "$want" ] ||
		fail "me $* as uid $uid exited $rc, want $want: $(cat "$work/err")"
}
expect_err() { # expect_err TEXT: the last command's stderr says TEXT
	grep -qF -- "$1" "$work/err" || fail "stderr: '$(cat "$work/err")', want '$1'"
}
me_field() { # me_field UID GID KEY: a field of `me show --json`
	as "$1" "$2" "$CTL" --json me show | json_get "$3"
}
gecos() { nss getent passwd "$1" | cut -d: -f5; }
count_sessions() {
	ctl --json session list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

alice_pw='alice first password'
bob_pw='bob first password'
bob_pw2='bob second password'
bob_pw3='bob third password'

pam_env_setup
printf '%s\n' 'session_kill_grace_ms = 300' 'uid_min = 3740000' \
	'uid_max = 3749999' >"$work/accountsd.conf"
pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
	fail "accountsd did not start"
ctl tenant create acme >/dev/null
printf '%s\n' "$alice_pw" | ctl user create alice --tenant acme --role owner \
	--password-stdin >/dev/null
printf '%s\n' "$bob_pw" | ctl user create bob --tenant acme \
	--email 'Bob@Example.COM' --password-stdin >/dev/null
uid_alice=$(ctl --json user show alice | json_get uid)
uid_bob=$(ctl --json user show bob | json_get uid)
gid=$(ctl --json tenant show acme | json_get gid)

# --- me show: as the user; root and strangers are refused ---
me_ok "$uid_bob" "$gid" show
grep -q '^login: *bob$' "$work/out" || fail "me show: $(cat "$work/out")"
expect_eq "me show tenant" "$(me_field "$uid_bob" "$gid" tenant)" acme
expect_eq "normalised email" "$(me_field "$uid_bob" "$gid" email)" \
	"Bob@example.com"
expect_eq "alice's own" "$(me_field "$uid_alice" "$gid" login)" alice
me_rc 1 0 0 show
expect_err "'me' is for directory users; operators manage users with 'user ...'"
me_rc 1 65534 65534 show
expect_err "'me' is for directory users"
me_rc 1 65534 65534 profile --bio 'not mine'
expect_err "'me' is for directory users"

# --- me profile: a partial update; the display name is the GECOS ---
expect_eq "gecos before" "$(gecos bob)" ""
me_ok "$uid_bob" "$gid" profile --display-name 'Bob Builder' \
	--given-name Bob --family-name Builder --timezone Europe/Paris \
	--locale fr_FR.UTF-8 --bio 'Fixes things: mostly roofs' \
	--avatar-url https://img.example/bob.png
expect_eq "me profile says" "$(cat "$work/out")" "profile updated (bob)"
expect_eq "gecos" "$(gecos bob)" "Bob Builder"
as "$uid_bob" "$gid" "$CTL" --json me show >"$work/me.json"
expect_eq "given" "$(json_at "$work/me.json" 'j["given_name"]')" Bob
expect_eq "family" "$(json_at "$work/me.json" 'j["family_name"]')" Builder
expect_eq "timezone" "$(json_at "$work/me.json" 'j["timezone"]')" Europe/Paris
expect_eq "locale" "$(json_at "$work/me.json" 'j["locale"]')" fr_FR.UTF-8
expect_eq "bio" "$(json_at "$work/me.json" 'j["bio"]')" \
	'Fixes things: mostly roofs'
expect_eq "avatar" "$(json_at "$work/me.json" 'j["avatar_url"]')" \
	https://img.example/bob.png
expect_eq "not verified" \
	"$(json_at "$work/me.json" 'j["email_verified_at"]')" None
me_ok "$uid_bob" "$gid" profile --locale en_GB.UTF-8
expect_eq "partial: locale" "$(me_field "$uid_bob" "$gid" locale)" en_GB.UTF-8
expect_eq "partial: timezone" "$(me_field "$uid_bob" "$gid" timezone)" \
	Europe/Paris
# a zone the tz database does not have, then one accountsctl refuses
# itself: nothing changes
me_rc 1 "$uid_bob" "$gid" profile --display-name Mallory \
	--timezone Mars/Olympus_Mons
expect_err "timezone 'Mars/Olympus_Mons' is not valid: no such zone in the tz database"
me_rc 2 "$uid_bob" "$gid" profile --locale english
expect_err "'english' is not a locale"
me_rc 2 "$uid_bob" "$gid" profile
expect_err "nothing to change"
me_rc 2 "$uid_bob" "$gid" profile --email b@x.org
expect_err "option '--email' is not valid here"
expect_eq "unchanged gecos" "$(gecos bob)" "Bob Builder"
expect_eq "unchanged timezone" "$(me_field "$uid_bob" "$gid" timezone)" \
	Europe/Paris
# the operator's path takes the same fields; an empty value clears
ctl user update bob --bio '' --given-name Robert >/dev/null
expect_eq "cleared bio" "$(me_field "$uid_bob" "$gid" bio)" None
expect_eq "operator's given" "$(me_field "$uid_bob" "$gid" given_name)" Robert

# --- me password: a pipe, one line each ---
printf '%s\n%s\n' "$bob_pw" "$bob_pw2" | me_ok "$uid_bob" "$gid" password
expect_eq "me password says" "$(cat "$work/out")" "password changed"
expect_rc 1 pam_run accounts-test bob "$bob_pw" authenticate
expect_rc 0 pam_run accounts-test bob "$bob_pw2" authenticate # count reset
# a wrong current password: refused, counted toward lockout
printf '%s\n%s\n' 'not my password' 'whatever new one' |
	me_rc 1 "$uid_bob" "$gid" password
expect_err "wrong current password"
expect_eq "failed logins" "$(ctl --json user show bob | json_get failed_logins)" 1
# a weak new one: refused before anything
printf '%s\n%s\n' "$bob_pw2" short | me_rc 1 "$uid_bob" "$gid" password
expect_err "at least 10 characters"
expect_rc 0 pam_run accounts-test bob "$bob_pw2" authenticate

# on a terminal: asked for without echo, the new one twice
rc=0
$PTY "$uid_bob" "$gid" "Current password: =$bob_pw2" \
	"New password: =$bob_pw3" "Retype new password: =$bob_pw3" -- \
	"$CTL" me password >"$work/pty.out" 2>&1 || rc=$?
[ $rc -eq 0 ] || fail "me password on a terminal exited $rc: $(cat "$work/pty.out")"
grep -q "password changed" "$work/pty.out" || fail "pty: $(cat "$work/pty.out")"
if grep -qF "$bob_pw3" "$work/pty.out"; then
	fail "the terminal echoed the password: $(cat "$work/pty.out")"
fi
expect_rc 0 pam_run accounts-test bob "$bob_pw3" authenticate

# --- me disable ---
# the last active owner may not
printf '%s\n' "$alice_pw" | me_rc 1 "$uid_alice" "$gid" disable
expect_err "'alice' is the last active owner of tenant 'acme'"
expect_eq "alice" "$(ctl --json user show alice | json_get status)" active
# a wrong password disables nothing
printf '%s\n' 'not it at all' | me_rc 1 "$uid_bob" "$gid" disable
expect_err "wrong current password"
expect_eq "bob still" "$(ctl --json user show bob | json_get status)" active

# bob has a session and a detached job
as "$uid_bob" "$gid" sleep 300 &
session_pid=$!
sleepers="$sleepers $session_pid"
as "$uid_bob" "$gid" setsid sleep 300 </dev/null >/dev/null 2>&1 &
sleepers="$sleepers $!"
$WIRE session_open "$ACCOUNTSD_SOCKET" bob sshd "$session_pid" >/dev/null ||
	fail "session_open"
expect_eq "sessions" "$(count_sessions)" 1

printf '%s\n' "$bob_pw3" | me_ok "$uid_bob" "$gid" disable
expect_eq "me disable says" "$(cat "$work/out")" \
	"account disabled; its sessions are ending (bob)"
rc=0
wait "$session_pid" || rc=$?
expect_eq "the session's process" "$rc" 143
for _ in $(seq 1 100); do
	[ "$(count_sessions)" = 0 ] && ! pgrep -u "$uid_bob" >/dev/null && break
	sleep 0.05
done
expect_eq "sessions after" "$(count_sessions)" 0
if pgrep -u "$uid_bob" >/dev/null; then
	fail "bob still runs: $(pgrep -a -u "$uid_bob")"
fi
expect_eq "bob" "$(ctl --json user show bob | json_get status)" disabled
expect_eq "reason" "$(ctl --json user show bob | json_get status_reason)" \
	"disabled by the user"
# the login is refused now, and bob changes nothing more
expect_rc 1 pam_run accounts-test bob "$bob_pw3" authenticate
me_rc 1 "$uid_bob" "$gid" profile --bio again
expect_err "account bob is disabled"
expect_eq "still resolves" "$(gecos bob)" "Bob Builder"

# --- the audit log: who did what to whom ---
stop_daemon
mdb_dump -s audit "$work/state" >"$work/audit.dump"
python3 - "$work/audit.dump" bob alice <<'PY' ||
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
recs = [bytes.fromhex(v) for v in vals]
bob, alice = sys.argv[2].encode(), sys.argv[3].encode()
def has(*words):
    return any(all(w in r for w in words) for r in recs)
assert has(b"me-profile", bob, b"bob", b"acme"), "me-profile"
assert has(b"me-password", bob, b"wrong current password"), "me-password wrong"
assert has(b"me-disable", bob, b"bob", b"acme"), "me-disable"
assert has(b"me-disable", alice, b"last active owner"), "me-disable owner"
assert has(b"me-show", b"uid 65534"), "refused me-show"
PY
	fail "the audit records say the wrong thing"
echo "PASS"
