#!/usr/bin/env bash
# Invitations and email change end to end (issue 8), with a fake sendmail
# that writes each message to a file.  A tenant admin's uid runs
# `accountsctl user invite`: the pending user resolves and cannot log in,
# the token is printed once and mailed; `accountsctl invite accept` run
# by a uid that is nobody sets the password and activates the user, and
# the same token again is refused.  Another invitation is accepted through
# the real PAM stack: pamtester's acct_mgmt answers "new one required"
# after the token logged in, and authenticate + chauthtok(PAM_CHANGE_
# EXPIRED_AUTHTOK) with the token as the current password sets the
# password (a third through su on a terminal); then a normal login.  Wrong
# tokens lock a pending user as wrong passwords do; an expired token (its
# expiry moved back in the database) is refused.  Another tenant's owner
# is refused without learning anything.  Then `me email`: the current
# password, the new address verified with the mailed token, the user's
# other session ended but the one the command runs in.  The tokens are in
# no log and no audit record; the audit records name who did what.
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
	if [ -n "$daemon_pid" ]; then # before any output: stdout may be gone
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	it_cleanup $rc
}
trap on_exit EXIT
for tool in pamtester setpriv mdb_dump mdb_load python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

nobody=65534
ann_pw='ann first password'
adam_pw='adam first password'
bob_pw='bob first password'
ivy_pw='ivy chose this one'
jay_pw='jay chose this one'
kim_pw='kim chose this one'

pam_env_setup
mkdir -p "$work/mail"
cat >"$work/sendmail" <<EOF
#!/bin/sh
n=\$(ls "$work/mail" | grep -c '^msg')
cat >"$work/mail/tmp.\$n" && mv "$work/mail/tmp.\$n" "$work/mail/msg.\$n"
EOF
chmod 755 "$work/sendmail"
cat >"$work/accountsd.conf" <<EOF
mail_command = $work/sendmail -t -i
mail_from = accounts@example.org
lockout_attempts = 3
session_kill_grace_ms = 300
uid_min = 3760000
uid_max = 3769999
EOF

start() {
	pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
		fail "accountsd did not start"
}
# as UID GID CMD...: CMD as that uid (no supplementary groups)
as() {
	local uid=$1 gid=$2
	shift 2
	setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"
}
# wait_mail N: until message N (0-based) has arrived (10 s at most)
wait_mail() {
	local _
	for _ in $(seq 1 100); do
		[ -f "$work/mail/msg.$1" ] && return 0
		sleep 0.1
	done
	fail "mail $1 did not arrive; log: $(tail -n 5 "$work/daemon.log")"
}
mails() { ls "$work/mail" | grep -c '^msg' || true; }
# token_of N KIND: the KIND ("invite", "verify") token in message N
token_of() {
	grep -oE "acd_$2_[A-Za-z0-9_-]{43}" "$work/mail/msg.$1" | head -n 1
}
status_of() { ctl --json user show "$1" | json_get status; }
# accept_as UID TOKEN PASSWORD: accountsctl invite accept, both on stdin
accept_as() {
	printf '%s\n%s\n' "$2" "$3" | as "$1" "$1" "$CTL" invite accept
}
expect_err() { # expect_err TEXT: the last command's stderr says TEXT
	grep -qF -- "$1" "$work/err" || fail "stderr: '$(cat "$work/err")', want '$1'"
}

start
ctl tenant create acme >/dev/null
ctl tenant create globex >/dev/null
printf '%s\n' "$ann_pw" | ctl user create ann --tenant acme --role owner \
	--email ann@example.org --password-stdin >/dev/null
printf '%s\n' "$adam_pw" | ctl user create adam --tenant acme --role admin \
	--password-stdin >/dev/null
printf '%s\n' "$bob_pw" | ctl user create bob --tenant acme \
	--email bob@example.org --password-stdin >/dev/null
ctl user create gus --tenant globex --role owner >/dev/null
uid_adam=$(ctl --json user show adam | json_get uid)
uid_bob=$(ctl --json user show bob | json_get uid)
uid_gus=$(ctl --json user show gus | json_get uid)
gid=$(ctl --json tenant show acme | json_get gid)
gid_globex=$(ctl --json tenant show globex | json_get gid)

# --- a tenant admin invites, into its own tenant without naming it ---
as "$uid_adam" "$gid" "$CTL" user invite Ivy@Example.ORG --login ivy \
	>"$work/out" 2>"$work/err" || fail "user invite: $(cat "$work/err")"
head -n 1 "$work/out" | grep -qE "^invited user ivy \(uid [0-9]+\) to tenant acme; invitation mail queued to Ivy@example.org$" ||
	fail "user invite said: $(cat "$work/out")"
grep -qE "^invitation token \(shown once; it works once, until 20[0-9-]+T[0-9:]+Z\):$" \
	"$work/out" || fail "no token line: $(cat "$work/out")"
ivy_token=$(grep -oE 'acd_invite_[A-Za-z0-9_-]{43}' "$work/out")
expect_eq "the token, once" "$(grep -c acd_invite_ "$work/out")" 1
wait_mail 0
msg="$work/mail/msg.0"
grep -qx "To: Ivy@example.org" "$msg" || fail "no To: in $(cat "$msg")"
grep -qx "Subject: Your invitation to acme" "$msg" || fail "no Subject:"
grep -qx "    accountsctl invite accept" "$msg" || fail "the mail does not say what to run"
expect_eq "the mailed token is the shown one" "$(token_of 0 invite)" "$ivy_token"
expect_eq "ivy pending" "$(status_of ivy)" pending
expect_eq "ivy's tenant" "$(ctl --json user show ivy | json_get tenant)" acme
nss getent passwd ivy >/dev/null || fail "a pending user does not resolve"
expect_rc 1 pam_run accounts-test ivy 'any password at all' authenticate

# --- what an invitation may not do: nothing written ---
users_before=$(ctl --json status | json_get users)
expect_rc 1 as "$uid_gus" "$gid_globex" "$CTL" user invite x@example.org \
	--login xavier --tenant acme
expect_err "permission denied: user-invite 'acme': not in your organization"
expect_rc 1 as "$uid_gus" "$gid_globex" "$CTL" user invite x@example.org \
	--login xavier --tenant nosuch
expect_err "permission denied: user-invite 'nosuch': not in your organization"
expect_rc 1 as "$uid_bob" "$gid" "$CTL" user invite x@example.org \
	--login xavier
expect_err "does not grant user:invite"
expect_rc 1 as "$uid_adam" "$gid" "$CTL" user invite x@example.org \
	--login xavier --role owner
expect_err "may not grant a higher role"
expect_rc 1 "$CTL" user invite bob@example.org --login xavier --tenant acme
expect_err "email 'bob@example.org' is already used in tenant 'acme'"
expect_rc 1 "$CTL" user invite x@example.org --login ivy --tenant acme
expect_err "login 'ivy' is already taken"
expect_rc 2 "$CTL" user invite x@example.org --tenant acme
expect_err "missing --login LOGIN"
expect_rc 2 "$CTL" user invite not-an-address --login xavier --tenant acme
expect_rc 1 as "$nobody" "$nobody" "$CTL" user invite x@example.org \
	--login xavier --tenant acme
expect_err "not a directory user or platform operator"
expect_eq "users after refusals" "$(ctl --json status | json_get users)" \
	"$users_before"
expect_eq "mails after refusals" "$(mails)" 1

# --- accepted with accountsctl, by whoever holds the token ---
accept_as $nobody "$ivy_token" short >"$work/out" 2>"$work/err" &&
	fail "a short password was taken"
expect_err "at least 10 characters"
expect_eq "still pending" "$(status_of ivy)" pending
accept_as $nobody "$ivy_token" "$ivy_pw" >"$work/out" 2>"$work/err" ||
	fail "invite accept: $(cat "$work/err")"
expect_eq "accept says" "$(cat "$work/out")" \
	"invitation accepted: user ivy is active and may log in with its new password"
expect_eq "ivy active" "$(status_of ivy)" active
expect_rc 0 pam_run accounts-test ivy "$ivy_pw" authenticate acct_mgmt
# the same token again, a made-up one, garbage: the one refusal
for t in "$ivy_token" "acd_invite_$(printf 'A%.0s' $(seq 1 43))" garbage; do
	accept_as $nobody "$t" 'yet another password' >/dev/null \
		2>"$work/err" && fail "token '$t' was taken"
	expect_err "the token is not valid: it is unknown, used up or expired"
done
expect_rc 0 pam_run accounts-test ivy "$ivy_pw" authenticate

# --- accepted through PAM: the token logs in, a password must be chosen ---
ctl --json user invite jay@example.org --login jay --tenant acme \
	--role viewer >"$work/jay.json"
jay_token=$(json_at "$work/jay.json" 'j["token"]')
expect_eq "json status" "$(json_at "$work/jay.json" 'j["status"]')" pending
expect_eq "json mail" "$(json_at "$work/jay.json" 'j["mail_queued"]')" True
wait_mail 1
expect_eq "jay's mailed token" "$(token_of 1 invite)" "$jay_token"
# the account phase says what is missing
expect_rc 1 pam_run accounts-test jay "$jay_token" authenticate acct_mgmt
grep -q "account jay is invited: choose its password to activate it" \
	"$work/out" "$work/err" ||
	fail "acct_mgmt said: $(cat "$work/out" "$work/err")"
grep -qi "new one required\|new authentication token is required\|Authentication token is no longer valid" \
	"$work/err" || fail "acct_mgmt's code: $(cat "$work/err")"
expect_eq "jay still pending" "$(status_of jay)" pending
# as a login program does: the token again as the current password, then
# the new one twice
expect_rc 0 pam_run accounts-test jay \
	"$(printf '%s\n%s\n%s\n%s' "$jay_token" "$jay_token" "$jay_pw" "$jay_pw")" \
	authenticate 'chauthtok(PAM_CHANGE_EXPIRED_AUTHTOK)'
expect_eq "jay active" "$(status_of jay)" active
expect_rc 0 pam_run accounts-test jay "$jay_pw" authenticate acct_mgmt
expect_rc 1 pam_run accounts-test jay "$jay_token" authenticate
accept_as $nobody "$jay_token" 'another password 1' >/dev/null 2>"$work/err" &&
	fail "jay's token was taken twice"

# su on a terminal, as a person would (not in a sanitizer build: setuid
# su cannot load such a module)
if ! pam_is_asan; then
	ctl user invite kim@example.org --login kim --tenant acme >"$work/out"
	kim_token=$(grep -oE 'acd_invite_[A-Za-z0-9_-]{43}' "$work/out")
	rc=0
	$PTY $nobody $nobody "Password: =$kim_token" \
		"Current password: =$kim_token" "New password: =$kim_pw" \
		"Retype new password: =$kim_pw" -- su kim -c 'id -un' \
		>"$work/su.out" 2>&1 || rc=$?
	[ $rc -eq 0 ] || fail "su kim exited $rc: $(cat "$work/su.out")"
	grep -q "choose its password" "$work/su.out" ||
		fail "su did not say why: $(cat "$work/su.out")"
	grep -qx "kim.*" "$work/su.out" || fail "su kim: $(cat "$work/su.out")"
	grep -qF "$kim_token" "$work/su.out" && fail "the token was echoed"
	expect_eq "kim active" "$(status_of kim)" active
	expect_rc 0 pam_run accounts-test kim "$kim_pw" authenticate acct_mgmt
fi

# --- wrong tokens are failed logins: they lock ---
ctl user invite lee@example.org --login lee --tenant acme >"$work/out"
lee_token=$(grep -oE 'acd_invite_[A-Za-z0-9_-]{43}' "$work/out")
for _ in 1 2 3; do
	expect_rc 1 pam_run accounts-test lee \
		"acd_invite_$(printf 'B%.0s' $(seq 1 43))" authenticate
done
expect_eq "lee's failures" "$(ctl --json user show lee | json_get failed_logins)" 3
expect_rc 1 pam_run accounts-test lee "$lee_token" authenticate
grep -q "account lee is locked" "$work/out" "$work/err" ||
	fail "lee is not locked: $(cat "$work/out" "$work/err")"
accept_as $nobody "$lee_token" 'lee chose this one' >/dev/null 2>"$work/err" &&
	fail "a locked invitation was accepted"
expect_err "account lee is locked until"
ctl user unlock lee >/dev/null
accept_as $nobody "$lee_token" 'lee chose this one' >/dev/null 2>"$work/err" ||
	fail "after the unlock: $(cat "$work/err")"

# --- an expired token: its expiry moved back in the database ---
ctl user invite old@example.org --login old --tenant acme >"$work/out"
old_token=$(grep -oE 'acd_invite_[A-Za-z0-9_-]{43}' "$work/out")
uid_old=$(ctl --json user show old | json_get uid)
stop_daemon
mdb_dump -s tokens "$work/state" >"$work/tokens.dump"
python3 - "$work/tokens.dump" "$work/expired.dump" "$uid_old" <<'PY' ||
import struct, sys
src, out, uid = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [l for l in open(src).read().split("\n")
         if not l.startswith("db_pagesize=")]
start = lines.index("HEADER=END") + 1
end = lines.index("DATA=END")
body, changed = [], 0
for i in range(start, end, 2):
    key, val = lines[i], bytearray(bytes.fromhex(lines[i + 1].strip()))
    fields, p = {}, 0
    while p < len(val):
        tag, n = struct.unpack(">HI", val[p:p + 6])
        fields[tag] = (p + 6, n)
        p += 6 + n
    off, n = fields[3]  # UID
    if struct.unpack(">I", val[off:off + n])[0] != uid:
        continue
    off, n = fields[151]  # EXPIRES
    val[off:off + 8] = struct.pack(">Q", 1000)
    body += [key, " " + val.hex()]
    changed += 1
assert changed == 1, changed
open(out, "w").write("\n".join(lines[:start] + body + ["DATA=END", ""]))
PY
	fail "cannot move the token's expiry"
mdb_load -s tokens -f "$work/expired.dump" "$work/state" || fail "mdb_load"
start
accept_as $nobody "$old_token" 'old chose this one' >/dev/null 2>"$work/err" &&
	fail "an expired token was taken"
expect_err "the token is not valid: it is unknown, used up or expired"
expect_rc 1 pam_run accounts-test old "$old_token" authenticate acct_mgmt
expect_rc 1 pam_run accounts-test old "$old_token" acct_mgmt
grep -q "account old is not activated yet" "$work/out" "$work/err" ||
	fail "old: $(cat "$work/out" "$work/err")"
expect_eq "old pending" "$(status_of old)" pending

# --- me email: the other session ends, not the caller's ---
# bob has a session elsewhere, and the shell he runs the command from is
# in a session of its own; the shell waits for the password on a fifo
mkfifo -m 666 "$work/go"
: >"$work/email.out"
chmod 666 "$work/email.out"
as "$uid_bob" "$gid" sleep 300 &
other_pid=$!
sleepers="$sleepers $other_pid"
as "$uid_bob" "$gid" bash -c 'read -r pw <"$1"; printf "%s\n" "$pw" |
	"$2" me email "$3" >"$4" 2>&1' _ "$work/go" "$CTL" \
	'Bob.New@Example.NET' "$work/email.out" &
shell_pid=$!
sleepers="$sleepers $shell_pid"
$WIRE session_open "$ACCOUNTSD_SOCKET" bob sshd "$other_pid" >/dev/null ||
	fail "session_open (other)"
$WIRE session_open "$ACCOUNTSD_SOCKET" bob sshd "$shell_pid" >/dev/null ||
	fail "session_open (shell)"
# first a wrong password and a taken address: nothing changes
printf '%s\n' 'not my password' | expect_rc 1 as "$uid_bob" "$gid" "$CTL" \
	me email b2@example.org
expect_err "wrong current password"
printf '%s\n' "$bob_pw" | expect_rc 1 as "$uid_bob" "$gid" "$CTL" \
	me email ann@example.org
expect_err "email 'ann@example.org' is already used in tenant 'acme'"
expect_eq "failed logins" "$(ctl --json user show bob | json_get failed_logins)" 1
expect_eq "email kept" "$(ctl --json user show bob | json_get email)" \
	bob@example.org
mails_before=$(mails)
printf '%s\n' "$bob_pw" >"$work/go"
rc=0
wait "$shell_pid" || rc=$?
[ $rc -eq 0 ] || fail "me email exited $rc: $(cat "$work/email.out")"
grep -q "^email changed to Bob.New@example.net; a verification mail is on its way" \
	"$work/email.out" || fail "me email said: $(cat "$work/email.out")"
grep -q "your other sessions are ending" "$work/email.out" ||
	fail "me email said: $(cat "$work/email.out")"
rc=0
wait "$other_pid" || rc=$?
expect_eq "the other session's process" "$rc" 143
expect_eq "bob's email" "$(ctl --json user show bob | json_get email)" \
	Bob.New@example.net
expect_eq "not verified" \
	"$(ctl --json user show bob | json_get email_verified_at)" None
n=$mails_before
wait_mail "$n"
grep -qx "To: Bob.New@example.net" "$work/mail/msg.$n" ||
	fail "the verification mail: $(cat "$work/mail/msg.$n")"
verify_token=$(token_of "$n" verify)
[ -n "$verify_token" ] || fail "no token in $(cat "$work/mail/msg.$n")"
# someone else's uid cannot use it; bob can, once
printf '%s\n' "$verify_token" | expect_rc 1 as "$uid_adam" "$gid" "$CTL" \
	me email verify
expect_err "the token is not valid"
printf '%s\n' "$verify_token" | expect_rc 0 as "$uid_bob" "$gid" "$CTL" \
	me email verify
expect_eq "verify says" "$(cat "$work/out")" "email Bob.New@example.net verified"
[ "$(ctl --json user show bob | json_get email_verified_at)" != None ] ||
	fail "not verified"
printf '%s\n' "$verify_token" | expect_rc 1 as "$uid_bob" "$gid" "$CTL" \
	--json me email verify
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate

# --- no token where it does not belong; who did what ---
stop_daemon
for t in "$ivy_token" "$jay_token" "$lee_token" "$old_token" "$verify_token"; do
	grep -qF "$t" "$work/daemon.log" && fail "a token is in the daemon's log"
done
mdb_dump -s audit "$work/state" >"$work/audit.dump"
python3 - "$work/audit.dump" <<'PY' || fail "the audit records say the wrong thing"
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
recs = [bytes.fromhex(v) for v in vals]
assert not any(b"acd_" in r for r in recs), "a token in the audit"
def has(*words):
    return any(all(w in r for w in words) for r in recs)
assert has(b"user-invite", b"adam", b"ivy", b"acme"), "adam's invitation"
assert has(b"user-invite", b"gus", b"not in your organization"), "gus"
assert has(b"invite-accept", b"uid 65534", b"ivy", b"acme"), "ivy's accept"
assert has(b"chauthtok", b"jay", b"acme"), "jay's chauthtok"
assert has(b"auth", b"lee", b"wrong invitation token"), "lee's failures"
assert has(b"me-email", b"bob", b"wrong current password"), "bob's wrong"
assert has(b"me-email-verify", b"bob"), "bob's verification"
PY
echo "PASS"
