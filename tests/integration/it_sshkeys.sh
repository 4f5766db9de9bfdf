#!/usr/bin/env bash
# SSH key logins through the real sshd and ssh on 127.0.0.1, with
# accounts-ssh-keys as sshd's AuthorizedKeysCommand (run as nobody) and
# keys added with accountsctl key ssh add: a key login works; after
# tenant suspend, user disable or key ssh remove the next connection is
# refused, and after reactivation it works again.  sshd runs with UsePAM
# yes and again with UsePAM no, where the key command alone decides; and
# accounts-ssh-keys itself prints nothing for a suspended tenant's user.
# With the daemon stopped or hung, accounts-ssh-keys fails fast.
#
# The namespace (library overlay, /run, pam.d) is pam_env.sh's.  In an
# ASan build sshd cannot load the modules: only accounts-ssh-keys runs.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

on_exit() {
	local rc=$?
	pam_stop_sshd
	[ -z "${hung_pid:-}" ] || kill "$hung_pid" 2>/dev/null || true
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	if [ $rc -ne 0 ] && [ -s "$work/sshd.log" ]; then
		echo "--- sshd log (last 30 lines) ---"
		tail -n 30 "$work/sshd.log"
	fi
	it_cleanup $rc
}
trap on_exit EXIT
export LC_ALL=C

real=yes
if pam_is_asan; then
	real=no
	echo "sanitizer build: sshd is skipped (it cannot preload libasan" \
		"for the modules); accounts-ssh-keys runs"
fi
tools=(ssh-keygen setpriv python3)
[ $real = no ] || tools+=(ssh /usr/sbin/sshd)
for tool in "${tools[@]}"; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

pam_env_setup
pam_start_daemon "$work/daemon.log" || fail "accountsd did not start"

# sshd runs the command only from a root-owned path that nobody else may
# write, every directory above it included: /run is the namespace's own
# root-owned tmpfs (pam_env_setup)
keys_bin=/run/accounts-bin/accounts-ssh-keys
mkdir -m 755 /run/accounts-bin
install -m 755 "$top_builddir/accounts-ssh-keys" "$keys_bin"

# keys_as_nobody LOGIN: what sshd's command prints, run as sshd runs it
keys_as_nobody() {
	env -i setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$keys_bin" "$1"
}

ctl tenant create acme >/dev/null
ctl user create bob --tenant acme >/dev/null
ctl user create carol --tenant acme >/dev/null

# ---- accountsctl key ssh ----
ssh-keygen -q -t ed25519 -N '' -C 'bob@laptop' -f "$work/bob_key"
fp=$(ssh-keygen -l -f "$work/bob_key.pub" | cut -d' ' -f2)
expect_rc 0 "$CTL" key ssh add bob <"$work/bob_key.pub"
expect_eq "key ssh add" "$(cat "$work/out")" \
	"added SSH key $fp (ssh-ed25519, 256 bits) to user 'bob'"
ctl --json key ssh list bob >"$work/list.json"
expect_eq "listed fingerprint" "$(json_at "$work/list.json" 'j[0]["fingerprint"]')" "$fp"
expect_eq "listed comment" "$(json_at "$work/list.json" 'j[0]["comment"]')" "bob@laptop"
expect_eq "listed key" "$(json_at "$work/list.json" 'j[0]["type"] + " " + j[0]["key"]')" \
	"$(cut -d' ' -f1,2 "$work/bob_key.pub")"
ctl key ssh list bob >"$work/list.txt"
grep -qF "$fp" "$work/list.txt" || fail "key ssh list: no $fp in $(cat "$work/list.txt")"
# bad keys: refused here (exit 2) with the reason, nothing stored
ssh-keygen -q -t rsa -b 1024 -N '' -f "$work/small_key"
expect_rc 2 "$CTL" key ssh add bob <"$work/small_key.pub"
grep -qF "at least 2048 bits (this one has 1024)" "$work/err" ||
	fail "small RSA key: $(cat "$work/err")"
{ printf 'restrict '; cat "$work/bob_key.pub"; } >"$work/opts.pub"
expect_rc 2 "$CTL" key ssh add bob <"$work/opts.pub"
grep -qF "options before the key type" "$work/err" || fail "options: $(cat "$work/err")"
expect_rc 2 "$CTL" key ssh add bob </dev/null
expect_rc 2 "$CTL" key ssh remove bob not-a-fingerprint
expect_rc 2 "$CTL" key ssh add
expect_rc 1 "$CTL" key ssh add bob <"$work/bob_key.pub" # the same again
expect_eq "keys after the refusals" \
	"$(ctl --json key ssh list bob | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1

# verbs of two words: a missing or unknown second word is a usage error
expect_rc 2 "$CTL" key ssh
grep -qF "missing key ssh verb" "$work/err" || fail "key ssh: $(cat "$work/err")"
expect_rc 2 "$CTL" key ssh frob bob
# bob manages his own keys as his own uid, and only his own
uid_bob=$(ctl --json user show bob | json_get uid)
as_bob() {
	setpriv --reuid="$uid_bob" --regid="$uid_bob" --clear-groups "$CTL" "$@"
}
ssh-keygen -q -t ecdsa -b 384 -N '' -C 'bob@phone' -f "$work/bob_key2"
fp2=$(ssh-keygen -l -f "$work/bob_key2.pub" | cut -d' ' -f2)
expect_rc 0 as_bob key ssh add bob <"$work/bob_key2.pub"
grep -qF "added SSH key $fp2 (ecdsa-sha2-nistp384, 384 bits)" "$work/out" ||
	fail "bob's own key: $(cat "$work/out")"
expect_rc 1 as_bob key ssh add carol <"$work/bob_key2.pub"
grep -qF "permission denied" "$work/err" || fail "bob on carol: $(cat "$work/err")"
expect_rc 0 as_bob key ssh remove bob "$fp2"
expect_rc 1 as_bob key ssh remove bob "$fp2"

# ---- accounts-ssh-keys as sshd runs it ----
expect_rc 0 keys_as_nobody bob
expect_eq "accounts-ssh-keys bob" "$(cat "$work/out")" "$(cat "$work/bob_key.pub")"
expect_rc 0 keys_as_nobody carol # no keys: no output
expect_eq "accounts-ssh-keys carol" "$(cat "$work/out")" ""
expect_rc 0 keys_as_nobody nosuchuser
expect_eq "accounts-ssh-keys nosuchuser" "$(cat "$work/out")" ""
expect_rc 2 "$keys_bin"
# the key command itself refuses a suspended tenant's user (PAM or not)
ctl tenant suspend acme --reason "unpaid" >/dev/null
expect_rc 0 keys_as_nobody bob
expect_eq "accounts-ssh-keys, tenant suspended" "$(cat "$work/out")" ""
ctl tenant reactivate acme >/dev/null
expect_rc 0 keys_as_nobody bob
expect_eq "accounts-ssh-keys, reactivated" "$(cat "$work/out")" "$(cat "$work/bob_key.pub")"

# ---- the real sshd ----
ssh_key() {
	ssh -F /dev/null -p "$sshd_port" -i "$work/bob_key" \
		-o IdentitiesOnly=yes -o BatchMode=yes \
		-o PreferredAuthentications=publickey \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o ConnectTimeout=20 "bob@127.0.0.1" "echo in as \$(id -un)"
}
ssh_works() {
	expect_rc 0 ssh_key
	expect_eq "ssh as bob ($1)" "$(cat "$work/out")" "in as bob"
}
ssh_refused() {
	expect_rc 255 ssh_key
	grep -q "Permission denied" "$work/err" ||
		fail "ssh as bob ($1): $(cat "$work/err")"
}
key_opts=(-o "AuthorizedKeysCommand=$keys_bin %u"
	-o AuthorizedKeysCommandUser=nobody -o AuthorizedKeysFile=none
	-o PubkeyAuthentication=yes)

if [ $real = yes ]; then
	pam_start_sshd "${key_opts[@]}" -o UsePAM=yes || fail "sshd did not start"
	ssh_works "UsePAM yes"
	ctl tenant suspend acme --reason "unpaid" >/dev/null
	ssh_refused "tenant suspended"
	ctl tenant reactivate acme >/dev/null
	ssh_works "tenant reactivated"
	ctl user disable bob --reason "left" >/dev/null
	ssh_refused "user disabled"
	ctl user enable bob >/dev/null
	ssh_works "user enabled"
	ctl key ssh remove bob "$fp" >"$work/removed"
	grep -qF "removed SSH key $fp" "$work/removed" ||
		fail "key ssh remove: $(cat "$work/removed")"
	ssh_refused "key removed"
	ctl key ssh add bob <"$work/bob_key.pub" >/dev/null
	ssh_works "key added again"
	pam_stop_sshd

	# without PAM nothing but the key command stands in the way
	pam_start_sshd "${key_opts[@]}" -o UsePAM=no || fail "sshd did not start"
	ssh_works "UsePAM no"
	ctl tenant suspend acme --reason "unpaid" >/dev/null
	ssh_refused "UsePAM no, tenant suspended"
	ctl tenant reactivate acme >/dev/null
	ssh_works "UsePAM no, reactivated"
	ctl user disable bob --reason "left" >/dev/null
	ssh_refused "UsePAM no, user disabled"
	ctl user enable bob >/dev/null
	ssh_works "UsePAM no, enabled"
	grep -q "Accepted publickey for bob" "$work/sshd.log" ||
		fail "sshd logged no key login"
	pam_stop_sshd
fi

# ---- no daemon, a hung daemon: fail fast, exit 1 ----
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
stop_daemon
t0=$(date +%s%N)
expect_rc 1 keys_as_nobody bob
ms=$(elapsed_ms "$t0")
[ "$ms" -lt 5000 ] || fail "accounts-ssh-keys took $ms ms with the daemon stopped"
grep -q "accountsd unreachable" "$work/err" || fail "no daemon: $(cat "$work/err")"
# a daemon that accepts and never answers
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
import os; os.chmod(sys.argv[1], 0o666)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' /run/accountsd/socket &
hung_pid=$!
for _ in $(seq 1 100); do [ -S /run/accountsd/socket ] && break; sleep 0.05; done
t0=$(date +%s%N)
expect_rc 1 keys_as_nobody bob
ms=$(elapsed_ms "$t0")
[ "$ms" -lt 5000 ] || fail "accounts-ssh-keys took $ms ms with a hung daemon"
kill "$hung_pid"
hung_pid=""
echo "PASS: SSH keys with the real sshd and accounts-ssh-keys"
