#!/usr/bin/env bash
# Password reset by mail, end to end, with a fake sendmail that writes
# each message to a file (mail_command points at it): `accountsctl user
# reset` queues a mail that arrives with its token; `accountsctl reset` run
# by an unprivileged uid sets the password with it, which lifts a lockout;
# pamtester logs in with the new password through pam_accounts.so; the
# same token again is refused, and so is a user without an email.  The
# token is in no log and no audit record.  Then a failing mail command
# leaves the message queued (status counts it), and a restart of the
# daemon delivers it once the command works again.
#
# The namespace (library overlay, /run, pam.d) is pam_env.sh's.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

on_exit() {
	local rc=$?
	if [ -n "$daemon_pid" ]; then # before any output: stdout may be gone
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	it_cleanup $rc
}
trap on_exit EXIT
export LC_ALL=C
for tool in pamtester setpriv mdb_dump python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

old_pw='old password 123'
new_pw='brand new password 456'
nobody=65534

pam_env_setup

# the fake sendmail: its arguments, then the message, one file each;
# while $work/mail.fail exists it fails as sendmail does (EX_TEMPFAIL)
mkdir -p "$work/mail"
cat >"$work/sendmail" <<EOF
#!/bin/sh
[ -e "$work/mail.fail" ] && { cat >/dev/null; exit 75; }
n=\$(ls "$work/mail" | grep -c '^msg')
echo "\$*" >"$work/mail/args.\$n"
cat >"$work/mail/tmp.\$n" && mv "$work/mail/tmp.\$n" "$work/mail/msg.\$n"
EOF
chmod 755 "$work/sendmail"
cat >"$work/accountsd.conf" <<EOF
mail_command = $work/sendmail -t -i
mail_from = accounts@example.org
lockout_attempts = 3
EOF

start() {
	pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
		fail "accountsd did not start"
}

# wait_mail N: until message N (0-based) has arrived (10 s at most).
wait_mail() {
	local _
	for _ in $(seq 1 100); do
		[ -f "$work/mail/msg.$1" ] && return 0
		sleep 0.1
	done
	fail "mail $1 did not arrive; log: $(tail -n 5 "$work/daemon.log")"
}

# the token in message N
token_of() {
	grep -oE 'acd_reset_[A-Za-z0-9_-]{43}' "$work/mail/msg.$1" | head -n 1
}

mail_queued() {
	"$CTL" --json status | json_get mail_queued
}

# expect_queued N: the outbox holds N mails, once the daemon has written
# the outcome of a delivery (the file lands just before; 5 s at most)
expect_queued() {
	local _ n
	for _ in $(seq 1 50); do
		n=$(mail_queued)
		[ "$n" = "$1" ] && return 0
		sleep 0.1
	done
	fail "mail queued: got $n, want $1"
}

# reset_as UID TOKEN PASSWORD: accountsctl reset, both on standard input
reset_as() {
	printf '%s\n%s\n' "$2" "$3" |
		setpriv --reuid="$1" --regid="$1" --clear-groups "$CTL" reset
}

start
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme --email Alice@Example.COM >/dev/null
ctl user create bob --tenant acme >/dev/null
printf '%s\n' "$old_pw" | ctl user passwd alice --password-stdin >/dev/null
expect_rc 0 pam_run accounts-test alice "$old_pw" authenticate

# --- a user without an email: refused, nothing queued ---
expect_rc 1 "$CTL" user reset bob
grep -q "user 'bob' has no email address" "$work/err" ||
	fail "bob: $(cat "$work/err")"
expect_rc 1 "$CTL" user reset nosuchuser
expect_eq "queued after refusals" "$(mail_queued)" 0

# --- alice forgets her password and locks herself out ---
for _ in 1 2 3; do
	expect_rc 1 pam_run accounts-test alice 'not my password' authenticate
done
expect_rc 1 pam_run accounts-test alice "$old_pw" authenticate
grep -q "account alice is locked" "$work/err" ||
	fail "alice is not locked: $(cat "$work/err")"

# --- user reset: the mail arrives with the token ---
"$CTL" user reset alice >"$work/out" || fail "user reset alice failed"
grep -q "^reset mail for user alice queued to Alice@example.com; the token works once, until " \
	"$work/out" || fail "user reset said: $(cat "$work/out")"
grep -q acd_reset_ "$work/out" && fail "the token is in the reply"
wait_mail 0
msg="$work/mail/msg.0"
expect_eq "sendmail's arguments" "$(cat "$work/mail/args.0")" "-t -i"
grep -qx "To: Alice@example.com" "$msg" || fail "no To: in $(cat "$msg")"
grep -qx "From: accounts@example.org" "$msg" || fail "no From: in $(cat "$msg")"
grep -qx "Subject: Password reset for alice" "$msg" || fail "no Subject:"
grep -qE "^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \+0000$" \
	"$msg" || fail "no Date: in $(cat "$msg")"
grep -qx "    accountsctl reset" "$msg" || fail "the mail does not say what to run"
token=$(token_of 0)
[ -n "$token" ] || fail "no token in $(cat "$msg")"
expect_queued 0

# --- the token sets the password, run by a uid that is nobody ---
reset_as $nobody "$token" 'short' >"$work/out" 2>"$work/err" &&
	fail "a short password was taken"
grep -q "too short" "$work/err" || fail "short: $(cat "$work/err")"
reset_as $nobody "$token" "$new_pw" >"$work/out" 2>"$work/err" ||
	fail "reset failed: $(cat "$work/err")"
expect_eq "reset says" "$(cat "$work/out")" "password set for user alice"

# the lock is gone, the new password logs in, the old one does not
expect_rc 0 pam_run accounts-test alice "$new_pw" authenticate acct_mgmt
expect_rc 1 pam_run accounts-test alice "$old_pw" authenticate

# --- the same token again, a made-up one: the same refusal ---
for t in "$token" "acd_reset_$(printf 'A%.0s' $(seq 1 43))" "garbage"; do
	reset_as $nobody "$t" 'yet another password 789' >/dev/null \
		2>"$work/err" && fail "token '$t' was taken twice"
	grep -q "the token is not valid: it is unknown, used up or expired" \
		"$work/err" || fail "token '$t': $(cat "$work/err")"
done
expect_rc 0 pam_run accounts-test alice "$new_pw" authenticate
# JSON, and a token on a terminal-less stdin with blanks around it
"$CTL" user reset alice >/dev/null || fail "second reset"
wait_mail 1
printf '  %s \n%s\n' "$(token_of 1)" "$old_pw" |
	setpriv --reuid=$nobody --regid=$nobody --clear-groups \
		"$CTL" --json reset >"$work/reset.json" ||
	fail "reset --json failed"
expect_eq "json login" "$(json_at "$work/reset.json" 'j["login"]')" alice
expect_eq "json password_set" \
	"$(json_at "$work/reset.json" 'j["password_set"]')" True
expect_rc 0 pam_run accounts-test alice "$old_pw" authenticate
# on a terminal: prompted for, nothing echoed, the password asked twice
"$CTL" user reset alice >/dev/null || fail "third reset"
wait_mail 2
tty_reset() { # tty_reset TOKEN PASSWORD RETYPED
	python3 "$top_srcdir/tests/integration/pty_answer.py" $nobody $nobody \
		"Reset token: =$1" "New password: =$2" \
		"Retype new password: =$3" -- "$CTL" reset >"$work/tty.out" 2>&1
}
expect_rc 2 tty_reset "$(token_of 2)" "$new_pw" "not the same password"
grep -q "the passwords do not match" "$work/tty.out" ||
	fail "a mistyped retype: $(cat "$work/tty.out")"
expect_rc 0 tty_reset "$(token_of 2)" "$new_pw" "$new_pw"
grep -q "password set for user alice" "$work/tty.out" ||
	fail "on a terminal: $(cat "$work/tty.out")"
grep -qF "$(token_of 2)" "$work/tty.out" && fail "the token was echoed"
grep -qF "$new_pw" "$work/tty.out" && fail "the password was echoed"
expect_rc 0 pam_run accounts-test alice "$new_pw" authenticate

# --- a failing mail command: the message waits, and survives a restart ---
touch "$work/mail.fail"
"$CTL" --json user reset alice >"$work/ur.json" || fail "fourth reset"
expect_eq "json email" "$(json_at "$work/ur.json" 'j["email"]')" \
	Alice@example.com
expect_eq "json queued" "$(json_at "$work/ur.json" 'j["mail_queued"]')" True
for _ in $(seq 1 100); do
	grep -q "not delivered (attempt 1): exit status 75" \
		"$work/daemon.log" && break
	sleep 0.1
done
grep -q "mail [0-9]* to Alice@example.com not delivered (attempt 1): exit status 75; trying again in 30 s" \
	"$work/daemon.log" || fail "no failure logged: $(tail -n 5 "$work/daemon.log")"
expect_queued 1
[ -f "$work/mail/msg.3" ] && fail "a failed delivery left a message"
stop_daemon
rm -f "$work/mail.fail"
start
wait_mail 3
grep -q "the outbox holds 1 message: delivering" "$work/daemon.log" ||
	fail "the restart did not pick the mail up"
expect_queued 0
reset_as $nobody "$(token_of 3)" "$old_pw" >/dev/null 2>"$work/err" ||
	fail "the delivered token: $(cat "$work/err")"
expect_rc 0 pam_run accounts-test alice "$old_pw" authenticate
stop_daemon

# --- no token anywhere it does not belong ---
for n in 0 1 2 3; do
	t=$(token_of $n)
	grep -qF "$t" "$work/daemon.log" && fail "token $n is in the daemon's log"
done
mdb_dump -s audit "$work/state" >"$work/audit.dump"
python3 - "$work/audit.dump" <<'PY' || fail "the audit records say the wrong thing"
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
recs = [bytes.fromhex(v) for v in vals]
assert not any(b"acd_reset_" in r for r in recs), "a token in the audit"
resets = [r for r in recs if b"user-reset" in r]
assert len(resets) == 6, len(resets)  # bob, nosuchuser, alice x4
sets = [r for r in recs if b"password-reset" in r]
assert len(sets) >= 5, len(sets)
ok = [r for r in sets if b"uid 65534" in r and b"alice" in r and b"acme" in r]
assert len(ok) >= 4, ok
PY
echo "PASS"
