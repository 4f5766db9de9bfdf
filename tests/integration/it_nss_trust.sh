#!/usr/bin/env bash
# Socket trust, tried as an attacker would.  An unprivileged uid (nobody)
# runs a fake daemon that answers every lookup with "injected-user" on a
# socket in a directory anyone may write to.
#   - root's `getent passwd injected-user`, pointed there with
#     ACCOUNTSD_SOCKET, finds nothing: the module sees through SO_PEERCRED
#     that the server is not root's, and sends it nothing;
#   - the same fake run by root is believed (the control: the fake works);
#   - accountsd refuses to start with its socket in such a directory, or
#     in one owned by another user, and says which directory and why.
. "$top_srcdir/tests/integration/lib.sh"
# nobody must be able to run it: the system python, a copy of wire.py
cp "$top_srcdir/tests/integration/wire.py" "$work/wire.py"
chmod 644 "$work/wire.py"
wire=(/usr/bin/python3 "$work/wire.py")

fake_pid=""
on_exit() {
	local rc=$?
	set +e # nothing may end the handler before it_cleanup
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null || true
		wait "$fake_pid" 2>/dev/null || true
	fi
	it_cleanup $rc
}
trap on_exit EXIT

# A directory like /tmp: world-writable and sticky.
open_dir="$work/open"
mkdir "$open_dir"
chmod 1777 "$open_dir"

# start_fake LOG CMD...: the fake daemon on $open_dir/sock, run by CMD.
start_fake() {
	local log=$1 _
	shift
	rm -f "$open_dir/sock"
	"$@" "${wire[@]}" fake_passwd "$open_dir/sock" injected-user 4242 >"$log" 2>&1 &
	fake_pid=$!
	for _ in $(seq 1 100); do
		grep -q '^ready' "$log" && return 0
		kill -0 "$fake_pid" 2>/dev/null || break
		sleep 0.05
	done
	fail "fake daemon did not start: $(cat "$log")"
}

stop_fake() {
	kill "$fake_pid"
	wait "$fake_pid" 2>/dev/null || true
	fake_pid=""
}

# root asks the fake for injected-user: "found NAME" or "not found (exit N)"
root_lookup() {
	local out rc=0
	out=$(ACCOUNTSD_SOCKET="$open_dir/sock" nss getent passwd injected-user) ||
		rc=$?
	if [ $rc -eq 0 ]; then echo "found ${out%%:*}"; else echo "not found (exit $rc)"; fi
}

# The attack: nobody's fake, root's lookup.
start_fake "$work/fake.nobody" setpriv --reuid=65534 --regid=65534 --clear-groups
expect_eq "socket owner" "$(stat -c %u "$open_dir/sock")" 65534
expect_eq "root's lookup through nobody's fake" "$(root_lookup)" "not found (exit 2)"
# the module connected, checked the peer and hung up without a request
grep -q '^no request' "$work/fake.nobody" ||
	fail "the module never connected: $(cat "$work/fake.nobody")"
! grep -q '^request' "$work/fake.nobody" ||
	fail "the module sent nobody's fake a request: $(cat "$work/fake.nobody")"
# ...while nobody's own processes may believe their own server
expect_eq "nobody's lookup through its own fake" \
	"$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		env ACCOUNTSD_SOCKET="$open_dir/sock" LD_LIBRARY_PATH="$MODDIR" \
		LD_PRELOAD="$nss_preload" ASAN_OPTIONS=detect_leaks=0 \
		getent passwd injected-user | cut -d: -f1)" injected-user
# root's accountsctl, which may carry a password, sends it nothing either
expect_rc 3 "$CTL" --socket "$open_dir/sock" status
grep -qF "is not accountsd: it runs as another user" "$work/err" ||
	fail "accountsctl through nobody's fake: $(cat "$work/err")"
stop_fake

# The control: the same fake run by root is believed.
start_fake "$work/fake.root" env
expect_eq "root's lookup through root's fake" "$(root_lookup)" "found injected-user"
grep -q '^request 10' "$work/fake.root" || fail "no request: $(cat "$work/fake.root")"
stop_fake
rm -f "$open_dir/sock"

# The daemon refuses a socket directory that another user could write to.
refused() {
	local dir=$1 why=$2
	expect_rc 1 timeout 20 "$ACCTD" --foreground --socket "$dir/sock" \
		--state-dir "$work/state"
	grep -qF "socket directory $dir $why" "$work/err" ||
		fail "accountsd with its socket in $dir: $(cat "$work/err")"
	[ ! -e "$dir/sock" ] || fail "accountsd left a socket in $dir"
}
refused "$open_dir" "is world-writable"
mkdir "$work/group"
chmod 775 "$work/group"
refused "$work/group" "is group-writable"
mkdir "$work/theirs"
chown 65534:65534 "$work/theirs"
chmod 755 "$work/theirs"
refused "$work/theirs" "is owned by another user"
echo "accountsd: $(head -n 1 "$work/err")"

# and is happy with a directory of root's that only root may write to
start_daemon
expect_eq "status" "$(ctl --json status | json_get users)" 0
echo "PASS"
