#!/usr/bin/env bash
# Home directories made at session open (home_create = yes), through real
# ssh logins to the real sshd on 127.0.0.1: the first login makes the
# home (home_mode, the user's, the skeleton's files given to the user with
# group and other write taken away) and the shell starts in it; a second
# login leaves it alone; a home outside home_base, or anywhere but
# home_base/LOGIN (below a symlink planted there), is not made (the login
# still works, in "/");
# home_mode = 0750 from a drop-in after SIGHUP; a half-filled temporary a
# killed daemon left is swept by the next login; two first logins at once
# both start in the complete home; every home made or refused is audited
# as home-create; user delete --remove-home removes it.
#
# The namespace (library overlay, /run, pam.d) is pam_env.sh's.  In an
# ASan build sshd cannot load the modules: session opens are sent as
# pam_accounts.so sends them instead, and only the first checks run.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

on_exit() {
	local rc=$?
	pam_stop_sshd
	if [ $rc -ne 0 ] && [ -s "$work/sshd.log" ]; then
		echo "--- sshd log (last 30 lines) ---"
		tail -n 30 "$work/sshd.log"
	fi
	it_cleanup $rc
}
trap on_exit EXIT
export LC_ALL=C

for tool in ssh sshpass /usr/sbin/sshd python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

pam_env_setup

homes=$work/homes
mkdir -m 755 "$homes" "$work/elsewhere" "$work/target"
# the skeleton: files (one group-writable), a directory, a symlink, and a
# FIFO, which is not copied
skel=$work/skel
mkdir -m 755 "$skel" "$skel/.config"
echo 'echo profile' >"$skel/.profile"
chmod 644 "$skel/.profile"
echo 'alias ll="ls -l"' >"$skel/.bashrc"
chmod 664 "$skel/.bashrc"
echo 'x = 1' >"$skel/.config/app.conf"
chmod 600 "$skel/.config/app.conf"
ln -s .profile "$skel/profile-link"
mkfifo "$skel/a-fifo"

conf=$work/accountsd.conf
cat >"$conf" <<CONF
home_base = $homes
home_create = yes
skel_dir = $skel
CONF
pam_start_daemon "$work/daemon.log" --config "$conf" ||
	fail "accountsd did not start"

pw='home password 123'
ctl tenant create acme >/dev/null
add_user() { # add_user LOGIN [--home PATH]
	ctl user create "$@" --tenant acme >/dev/null
	printf '%s\n' "$pw" | ctl user passwd "$1" --password-stdin >/dev/null
}
add_user bob
add_user carol --home "$work/elsewhere/carol"
# a symlink planted under home_base, pointing out of it
ln -s "$work/target" "$homes/planted"
add_user dave --home "$homes/planted/dave"
add_user erin
add_user fred

# A sanitizer build's modules cannot be loaded by sshd (it cannot
# preload libasan): there the sanitized daemon makes the homes for
# session opens sent as pam_accounts.so sends them, and that is all.
if pam_is_asan; then
	sleep 300 &
	holder=$!
	for u in bob carol; do
		python3 "$top_srcdir/tests/integration/wire.py" session_open \
			"$ACCOUNTSD_SOCKET" "$u" sshd "$holder" >/dev/null ||
			fail "session open of $u"
	done
	kill "$holder"
	bob=$(ctl --json user show bob | json_get uid)
	expect_eq "bob's home" "$(stat -c '%a %u' "$homes/bob")" "700 $bob"
	expect_eq ".profile" "$(stat -c '%a %u' "$homes/bob/.profile")" \
		"644 $bob"
	expect_eq "the symlink, as a link" \
		"$(readlink "$homes/bob/profile-link")" ".profile"
	[ -e "$work/elsewhere/carol" ] && fail "a home outside home_base was made"
	echo "PASS: sanitizer build: homes made by the daemon (sshd skipped)"
	exit 0
fi
pam_start_sshd || fail "sshd did not start"

# login USER CMD: CMD's output through a real ssh password login
login() {
	ssh_as "$1" "$pw" "$2" 2>"$work/ssh.err" ||
		fail "ssh $1 '$2': $(cat "$work/ssh.err")"
}

# ---- the first login makes the home; the shell starts in it ----
[ -e "$homes/bob" ] && fail "bob's home exists before his first login"
expect_eq "bob's first login: pwd" "$(login bob pwd)" "$homes/bob"
expect_eq "bob's home" "$(stat -c '%a %U %G' "$homes/bob")" "700 bob acme"
expect_eq ".profile" "$(stat -c '%a %U' "$homes/bob/.profile")" "644 bob"
expect_eq ".profile's bytes" "$(cat "$homes/bob/.profile")" "echo profile"
expect_eq ".bashrc (group write taken)" \
	"$(stat -c '%a %U' "$homes/bob/.bashrc")" "644 bob"
expect_eq ".config" "$(stat -c '%a %U' "$homes/bob/.config")" "755 bob"
expect_eq ".config/app.conf" \
	"$(stat -c '%a %U' "$homes/bob/.config/app.conf")" "600 bob"
expect_eq "the symlink, as a link" "$(readlink "$homes/bob/profile-link")" \
	".profile"
expect_eq "the symlink's owner" \
	"$(stat -c '%U' "$homes/bob/profile-link")" "bob"
[ -e "$homes/bob/a-fifo" ] && fail "the skeleton's FIFO was copied"
expect_eq "bob reads his home" "$(login bob 'cat .config/app.conf')" "x = 1"

# ---- a home that exists is left alone ----
touch "$homes/bob/mine"
chown bob:acme "$homes/bob/mine"
chmod 711 "$homes/bob"
login bob true >/dev/null
expect_eq "bob's home after a second login" \
	"$(stat -c '%a %U' "$homes/bob")" "711 bob"
[ -e "$homes/bob/mine" ] || fail "a second login changed bob's home"
chmod 700 "$homes/bob"

# ---- a home outside home_base: none, and the login still works ----
expect_eq "carol's login: pwd" "$(login carol pwd)" "/"
[ -e "$work/elsewhere/carol" ] && fail "a home outside home_base was made"
grep -q "home of 'carol' not created.*not under home_base" "$work/daemon.log" ||
	fail "carol's refused home is not logged"

# ---- a home below a symlink under home_base: not home_base/LOGIN, none ----
expect_eq "dave's login: pwd" "$(login dave pwd)" "/"
[ -e "$work/target/dave" ] && fail "the planted symlink was followed"
grep -q "home of 'dave' not created.*only a user's default home" "$work/daemon.log" ||
	fail "dave's refused home is not logged"

# ---- home_mode from a drop-in, after SIGHUP; a crash's temporary ----
# what a daemon killed mid-copy leaves: root's 0700, half filled
stale=$homes/.accountsd-home.erin.0123456789abcdef
mkdir -m 700 "$stale" "$stale/.config"
echo half >"$stale/.profile"
chown erin "$stale/.profile"
mkdir "$conf.d"
printf 'home_mode = 0750\n' >"$conf.d/50-mode.conf"
kill -HUP "$daemon_pid"
for _ in $(seq 1 50); do
	grep -q "configuration reloaded" "$work/daemon.log" && break
	sleep 0.1
done
expect_eq "erin's login: pwd" "$(login erin pwd)" "$homes/erin"
expect_eq "erin's home (home_mode 0750)" "$(stat -c '%a %U' "$homes/erin")" \
	"750 erin"
expect_eq "erin's .profile" "$(cat "$homes/erin/.profile")" "echo profile"
[ -e "$stale" ] && fail "the crash's temporary $stale was left"
grep -q "home $homes/erin: 1 temporaries left by an earlier crash removed" \
	"$work/daemon.log" || fail "the sweep is not logged"

# ---- two first logins at once: both start in the complete home ----
login fred 'pwd; cat .profile' >"$work/fred1" &
first=$!
login fred 'pwd; cat .profile' >"$work/fred2"
wait "$first" || fail "fred's first concurrent login failed"
for f in "$work/fred1" "$work/fred2"; do
	expect_eq "fred's concurrent login ($f)" "$(cat "$f")" \
		"$homes/fred
echo profile"
done
expect_eq "fred's home" "$(stat -c '%a %U' "$homes/fred")" "750 fred"
left=$(find "$homes" -maxdepth 1 -name '.accountsd-home.*')
[ -z "$left" ] || fail "temporaries left: $left"

# ---- audited: the homes made and refused ----
ctl --json audit list --action home-create >"$work/audit.json"
python3 - "$work/audit.json" "$homes" <<'PY' || fail "home-create audit: $(cat "$work/audit.json")"
import json, sys
recs = json.load(open(sys.argv[1]))
homes = sys.argv[2]
by = {}
for r in recs:
    by.setdefault(r["target"], []).append(r)
assert len(by["bob"]) == 1, by.get("bob")           # made once, not twice
assert by["bob"][0]["result"] == "ok", by["bob"]
assert homes + "/bob" in by["bob"][0]["message"], by["bob"]
assert by["erin"][0]["result"] == "ok", by["erin"]
assert len(by["fred"]) == 1, by.get("fred")         # one rename won
assert by["carol"][0]["result"] != "ok", by["carol"]
assert "not under home_base" in by["carol"][0]["message"], by["carol"]
assert "default home" in by["dave"][0]["message"], by["dave"]
assert all(r["tenant"] == "acme" for r in recs), recs
PY

# ---- user delete --remove-home removes it ----
ctl user delete bob --remove-home >/dev/null
[ -e "$homes/bob" ] && fail "user delete --remove-home left $homes/bob"
echo "ok"
