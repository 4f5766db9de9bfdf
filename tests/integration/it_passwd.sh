#!/usr/bin/env bash
# The real passwd through the common-password that the real pam-auth-update
# writes from Debian's unix profile and packaging/pam-configs/accounts
# (issue 6, item 10): a directory user changes its password on a terminal,
# root changes it without the old one, and root and a local user still
# change theirs through pam_unix, and a local user whose new password
# pam_unix refuses is not asked again by pam_accounts.  Then a directory
# user again with the unix profile disabled (pam_accounts first: the
# -Initial lines).
#
# Everything pam-auth-update and passwd touch is a scratch copy in a
# private mount namespace: /etc (pam_unix renames a new /etc/shadow into
# place, which a bind-mounted file would refuse), /usr/share/pam-configs,
# /var/lib/pam, /var/cache/debconf; the rest is pam_env.sh's (library
# overlay, /run).  In an ASan build setuid passwd cannot load the module:
# there only pamtester runs the generated stack (as root, with libasan
# preloaded).
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

on_exit() {
	local rc=$? stack=""
	# neither errexit nor a closed stdout may end this trap before
	# it_cleanup has removed $work
	set +e
	trap '' PIPE
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	[ $rc -eq 0 ] || stack=$(grep -v '^#' /etc/pam.d/common-password || true)
	# the private /etc lives in $work, with mounts on it: off before rm,
	# and before any output (stdout may be gone)
	umount -l /etc 2>/dev/null || true
	if [ -n "$stack" ]; then
		printf -- '--- the generated common-password ---\n%s\n' \
			"$(printf '%s\n' "$stack" | grep .)" || true
	fi
	it_cleanup $rc
}
trap on_exit EXIT
export LC_ALL=C # passwd's and libpam's English prompts and messages

real=yes # the setuid passwd
if pam_is_asan; then
	real=no
	echo "sanitizer build: the setuid passwd cannot preload libasan;" \
		"pamtester runs the generated stack"
fi
for tool in pamtester pam-auth-update passwd perl python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done


# passwd_as UID GID CURRENT NEW [USER]: passwd on a terminal; the
# transcript goes to $work/passwd.out, the exit code is passwd's.
passwd_as() {
	local uid=$1 gid=$2 cur=$3 new=$4
	shift 4
	python3 "$top_srcdir/tests/integration/pty_answer.py" "$uid" "$gid" \
		"Current password: =$cur" "New password: =$new" \
		"Retype new password: =$new" -- passwd "$@" >"$work/passwd.out" 2>&1
}
passwd_ok() { # passwd_ok WHO UID GID CURRENT NEW [USER]
	local who=$1
	shift
	passwd_as "$@" ||
		fail "passwd ($who) exited $?: $(cat "$work/passwd.out")"
	grep -q "password updated successfully" "$work/passwd.out" ||
		fail "passwd ($who) said: $(cat "$work/passwd.out")"
}

# auth_ok USER PASSWORD / auth_refused USER PASSWORD: through the
# generated common-auth (pamtester's service includes it).
auth_ok() {
	expect_rc 0 pam_run accounts-test "$1" "$2" authenticate
}
auth_refused() {
	expect_rc 1 pam_run accounts-test "$1" "$2" authenticate
}

root_pw='root pw in this namespace 1'
local_pw='Local-Secret-9x'
alice_pw='alice first password'

pam_env_private_etc
pam_env_setup
pam_env_set_password root "$root_pw"
pam_env_local_user localtest 4242 "$local_pw"
pam_env_auth_update --force --enable unix accounts >"$work/pau.out" 2>&1 ||
	fail "pam-auth-update: $(cat "$work/pau.out")"
# both profiles made it in, ours after pam_unix
grep -q "^password.*pam_unix.so" /etc/pam.d/common-password ||
	fail "pam-auth-update wrote no pam_unix line"
grep -q "^password.*$pam_module" /etc/pam.d/common-password ||
	fail "pam-auth-update wrote no pam_accounts line"

pam_start_daemon "$work/daemon.log" || fail "accountsd did not start"
ctl tenant create acme >/dev/null
printf '%s\n' "$alice_pw" | ctl user create alice --tenant acme \
	--password-stdin >/dev/null
uid_alice=$(ctl --json user show alice | json_get uid)
gid_acme=$(ctl --json tenant show acme | json_get gid)

# --- root changes alice's password, no old one asked (pamtester) ---
pw2='alice second password'
expect_rc 0 pam_run passwd alice "$pw2"$'\n'"$pw2" chauthtok
auth_ok alice "$pw2"
auth_refused alice "$alice_pw"

if [ $real = yes ]; then
	# --- alice runs passwd on her terminal ---
	pw3='alice third password'
	passwd_ok alice "$uid_alice" "$gid_acme" "$pw2" "$pw3"
	auth_ok alice "$pw3"
	auth_refused alice "$pw2"
	# a wrong current password changes nothing
	rc=0
	passwd_as "$uid_alice" "$gid_acme" 'not her password' 'alice pw four' ||
		rc=$?
	[ $rc -eq 10 ] ||
		fail "passwd with a wrong current password exited $rc, want 10"
	auth_ok alice "$pw3"
	auth_refused alice 'alice pw four'

	# --- root runs passwd alice: no current password asked ---
	pw5='alice fifth password'
	passwd_ok "root for alice" 0 0 unused "$pw5" alice
	if grep -q "Current password" "$work/passwd.out"; then
		fail "root was asked for alice's current password"
	fi
	auth_ok alice "$pw5"

	# --- root and a local user still go through pam_unix ---
	local_new='Other-Local-77q'
	before=$(grep '^localtest:' /etc/shadow)
	passwd_ok localtest 4242 4242 "$local_pw" "$local_new"
	[ "$(grep '^localtest:' /etc/shadow)" != "$before" ] ||
		fail "pam_unix did not write localtest's new password"
	auth_ok localtest "$local_new"
	auth_refused localtest "$local_pw"
	# pam_unix refuses a weak new password three times and gives up;
	# pam_accounts then stands aside, asking no fourth time
	rc=0
	passwd_as 4242 4242 "$local_new" abc || rc=$?
	[ $rc -eq 10 ] || fail "passwd with a weak password exited $rc, want 10"
	prompts=$(grep -o "New password:" "$work/passwd.out" | wc -l)
	[ "$prompts" -eq 3 ] ||
		fail "asked $prompts times for a new password, want 3: $(cat "$work/passwd.out")"
	auth_ok localtest "$local_new"
	root_new='root pw in this namespace 2'
	passwd_ok root 0 0 unused "$root_new"
	auth_ok root "$root_new"
	auth_refused root "$root_pw"
	# the daemon never saw the local users' changes
	if grep -q "password of user '\(root\|localtest\)'" "$work/daemon.log"; then
		fail "a local password change reached accountsd"
	fi
fi

# --- unix disabled: our profile alone, pam_accounts first ---
pam_env_auth_update --disable unix >"$work/pau.out" 2>&1 ||
	fail "pam-auth-update --disable unix: $(cat "$work/pau.out")"
if grep -q "^password.*pam_unix" /etc/pam.d/common-password; then
	fail "pam_unix still in common-password after --disable unix"
fi
pw6='alice sixth password'
expect_rc 0 pam_run passwd alice "$pw6"$'\n'"$pw6" chauthtok
auth_ok alice "$pw6"
if [ $real = yes ]; then
	pw7='alice seventh password'
	passwd_ok "alice, accounts only" "$uid_alice" "$gid_acme" "$pw6" "$pw7"
	auth_ok alice "$pw7"
	auth_refused alice "$pw6"
fi
echo "PASS"
