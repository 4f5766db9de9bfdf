#!/usr/bin/env bash
# Logins through the real programs with pam_accounts.so and the real
# daemon: pamtester for every PAM phase and the code of every outcome, su
# on a terminal, sudo -S under a %tenant-admins rule, and a real sshd on
# 127.0.0.1 with UsePAM logged into by the real ssh client.  Suspension,
# disable and lockout refuse them; reactivation, enable and unlock let them
# in again; with the daemon stopped directory users get
# PAM_AUTHINFO_UNAVAIL and root still logs in through pam_unix.
#
# The namespace (library overlay, /run, pam.d, sudoers) is pam_env.sh's.
# In an ASan build setuid programs cannot load the modules, so there only
# pamtester runs (with libasan preloaded) and su/sudo/sshd are skipped.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

on_exit() {
	local rc=$?
	pam_stop_sshd
	if [ -n "$daemon_pid" ]; then # before any output: stdout may be gone
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	if [ $rc -ne 0 ] && [ -s "$work/sshd.log" ]; then
		echo "--- sshd log (last 20 lines) ---"
		tail -n 20 "$work/sshd.log"
	fi
	it_cleanup $rc
}
trap on_exit EXIT
export LC_ALL=C # the messages matched below are libpam's and su's English

real=yes # su, sudo and sshd
if pam_is_asan; then
	real=no
	echo "sanitizer build: su, sudo and sshd are skipped (setuid or" \
		"re-executing programs cannot preload libasan); pamtester runs"
fi
tools=(pamtester)
[ $real = no ] || tools+=(su sudo setpriv ssh sshpass ssh-keygen /usr/sbin/sshd)
for tool in "${tools[@]}"; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

root_pw='root pw for this namespace'
alice_pw='correct horse battery'
bob_pw='bob password 123'

pam_env_setup
pam_env_root_password "$root_pw"
# the lockout threshold the brute force below runs into, whatever the
# defaults become
printf 'lockout_attempts = 5\n' >"$work/accountsd.conf"
pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
	fail "accountsd did not start"

ctl tenant create acme >/dev/null
ctl user create alice --tenant acme --role admin >/dev/null
ctl user create bob --tenant acme >/dev/null
printf '%s\n' "$alice_pw" | ctl user passwd alice --password-stdin >/dev/null
printf '%s\n' "$bob_pw" | ctl user passwd bob --password-stdin >/dev/null
uid_alice=$(ctl --json user show alice | json_get uid)
gid_acme=$(ctl --json tenant show acme | json_get gid)

# pam_refused USER PASSWORD CODE_TEXT MESSAGE OP...: pamtester fails
# with the pam_strerror text of the expected code and shows MESSAGE, the
# daemon's reason ("": none expected).
pam_refused() {
	local user=$1 pass=$2 code=$3 msg=$4
	shift 4
	expect_rc 1 pam_run accounts-test "$user" "$pass" "$@"
	grep -qF "pamtester: $code" "$work/err" ||
		fail "pamtester $user $*: want '$code', got: $(cat "$work/err")"
	[ -z "$msg" ] || grep -qF "$msg" "$work/err" ||
		fail "pamtester $user $*: no '$msg' in: $(cat "$work/err")"
}

# su, sudo and ssh as a directory user: work, or are refused.
su_ok() {
	su_as "$1" "$2" 'id -un' >"$work/su.out" 2>&1 ||
		fail "su $1 exited $?: $(cat "$work/su.out")"
	grep -q "^$1"$'\r'"\?$" "$work/su.out" ||
		fail "su $1 did not run as $1: $(cat "$work/su.out")"
}
su_refused() { # su_refused USER PASSWORD MESSAGE
	local rc=0
	su_as "$1" "$2" 'id -un' >"$work/su.out" 2>&1 || rc=$?
	[ $rc -eq 1 ] || fail "su $1 exited $rc, want 1: $(cat "$work/su.out")"
	grep -qF "$3" "$work/su.out" ||
		fail "su $1: no '$3' in: $(cat "$work/su.out")"
}
sudo_alice() {
	sudo_as "$uid_alice" "$gid_acme" "$1" id -un 2>"$work/sudo.err"
}
ssh_ok() {
	expect_eq "ssh $1" "$(ssh_as "$1" "$2" 'id -un' 2>"$work/ssh.err")" "$1"
}
ssh_refused() {
	local rc=0
	ssh_as "$1" "$2" 'id -un' >"$work/ssh.out" 2>&1 || rc=$?
	# sshpass: 5 is "the password was refused" (ssh asked again)
	[ $rc -eq 5 ] || fail "ssh $1 exited $rc, want 5: $(cat "$work/ssh.out")"
}

# --- pamtester: every phase, and the code of every outcome ---
expect_rc 0 pam_run accounts-test alice "$alice_pw" \
	authenticate setcred acct_mgmt open_session close_session
pam_refused alice 'wrong password' "Authentication failure" "" authenticate
pam_refused nosuchuser 'x' "User not known to the underlying" "" authenticate
# root changes alice's password (no old one asked), the old one stops working
expect_rc 0 pam_run accounts-test alice $'new alice pw 42\nnew alice pw 42' \
	chauthtok
pam_refused alice "$alice_pw" "Authentication failure" "" authenticate
expect_rc 0 pam_run accounts-test alice 'new alice pw 42' authenticate
printf '%s\n' "$alice_pw" | ctl user passwd alice --password-stdin >/dev/null

# --- the real programs ---
if [ $real = yes ]; then
	su_ok alice "$alice_pw"
	su_refused alice 'wrong password' "Authentication failure"
	expect_eq "sudo as alice" "$(sudo_alice "$alice_pw")" root
	pam_start_sshd || fail "sshd did not start"
	ssh_ok alice "$alice_pw"
fi

# --- suspension refuses every new login, with the reason ---
ctl tenant suspend acme --reason "unpaid invoice" >/dev/null
pam_refused alice "$alice_pw" "User account has expired" \
	"organization acme is suspended" authenticate
pam_refused alice "" "User account has expired" \
	"organization acme is suspended" acct_mgmt
if [ $real = yes ]; then
	su_refused alice "$alice_pw" "organization acme is suspended"
	sudo_alice "$alice_pw" >/dev/null && fail "sudo allowed while suspended"
	grep -q "User account has expired" "$work/sudo.err" ||
		fail "sudo while suspended: $(cat "$work/sudo.err")"
	ssh_refused alice "$alice_pw"
fi
ctl tenant reactivate acme >/dev/null
expect_rc 0 pam_run accounts-test alice "$alice_pw" authenticate acct_mgmt
if [ $real = yes ]; then
	su_ok alice "$alice_pw"
	expect_eq "sudo after reactivation" "$(sudo_alice "$alice_pw")" root
	ssh_ok alice "$alice_pw"
fi

# --- a disabled user is refused the same way; enable restores ---
ctl user disable bob --reason "left the company" >/dev/null
pam_refused bob "$bob_pw" "User account has expired" \
	"account bob is disabled" authenticate
if [ $real = yes ]; then
	su_refused bob "$bob_pw" "account bob is disabled"
	ssh_refused bob "$bob_pw"
fi
ctl user enable bob >/dev/null
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate acct_mgmt
if [ $real = yes ]; then
	su_ok bob "$bob_pw"
	ssh_ok bob "$bob_pw"
	# bob is no tenant admin: sudoers does not let him in
	sudo_as "$(ctl --json user show bob | json_get uid)" "$gid_acme" \
		"$bob_pw" id -un >/dev/null 2>&1 && fail "sudo allowed for bob"
fi

# --- brute force ends in lockout; unlock lets the right password in ---
# One more wrong password than lockout_attempts, all at once (each failure
# costs pamtester a 2 s fail delay); then even the right one is refused
# with PAM_MAXTRIES and the reason.
guesses=()
for _ in 1 2 3 4 5 6; do
	pam_run accounts-test bob 'guess' authenticate >/dev/null 2>&1 &
	guesses+=($!)
done
for pid in "${guesses[@]}"; do # (a bare wait would wait for sshd too)
	wait "$pid" && fail "a wrong password was accepted"
done
# Before the right password, a locked account looks like any wrong
# password: no word of the lock (as pam_faillock); the reason goes to the
# log and the audit log.
pam_refused bob 'another guess' "Authentication failure" "" authenticate
grep -q "locked" "$work/err" && fail "the lock shown to a wrong password"
grep -q "authentication failure for user 'bob'" "$work/daemon.log" ||
	fail "the failure is not in the daemon log"
pam_refused bob "$bob_pw" "Have exhausted maximum number of retries" \
	"account bob is locked until" authenticate
if [ $real = yes ]; then
	su_refused bob 'another guess' "Authentication failure"
	grep -q "locked" "$work/su.out" &&
		fail "su told a wrong password of the lock: $(cat "$work/su.out")"
	su_refused bob "$bob_pw" "account bob is locked until"
fi
ctl user unlock bob >/dev/null
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate acct_mgmt
[ $real = no ] || su_ok bob "$bob_pw"

# --- a program acting for its own local user (a screen locker run by a
# user of /etc/passwd) hears "not ours", never a refusal ---
pam_run_as() { # pam_run_as UID SERVICE USER PASSWORD OP...
	local uid=$1
	shift
	printf '%s\n' "$3" | setpriv --reuid="$uid" --regid="$uid" \
		--clear-groups env LD_PRELOAD="$pam_asan_preload" \
		LD_LIBRARY_PATH="$pam_libs" ASAN_OPTIONS=detect_leaks=0 \
		pamtester "$1" "$2" "${@:4}"
}
local_user=$(getent passwd 65534 | cut -d: -f1)
expect_rc 0 pam_run_as 65534 accounts-test "$local_user" "" acct_mgmt
expect_rc 1 pam_run_as 65534 accounts-test "$local_user" "x" authenticate
grep -qF "User not known to the underlying" "$work/err" ||
	fail "own local user's authentication: $(cat "$work/err")"
# another directory user is still none of its business
expect_rc 1 pam_run_as 65534 accounts-test alice "" acct_mgmt
grep -qF "Permission denied" "$work/err" ||
	fail "nobody asking about alice: $(cat "$work/err")"

# --- a deprovisioned tenant: its users are refused ---
ctl tenant create globex >/dev/null
printf 'carol pw 12345\n' | ctl user create carol --tenant globex \
	--role owner --password-stdin >/dev/null
expect_rc 0 pam_run accounts-test carol 'carol pw 12345' authenticate
ctl tenant deprovision globex --reason "contract ended" >/dev/null
pam_refused carol 'carol pw 12345' "User account has expired" \
	"organization globex is being deprovisioned" authenticate

# --- the daemon stopped: AUTHINFO_UNAVAIL; root logs in through pam_unix ---
stop_daemon
pam_refused alice "$alice_pw" \
	"Authentication service cannot retrieve authentication info" "" \
	authenticate
expect_rc 0 pam_run accounts-test root "$root_pw" authenticate acct_mgmt
expect_rc 1 pam_run accounts-test root 'wrong password' authenticate
if [ $real = yes ]; then
	su_ok root "$root_pw"
	ssh_refused alice "$alice_pw"
fi
echo "PASS"
