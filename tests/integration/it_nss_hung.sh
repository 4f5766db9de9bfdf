#!/usr/bin/env bash
# A hung daemon does not stall the host.  accountsd is frozen with SIGSTOP:
# its socket still accepts connections, nothing is ever answered.  Then
#   - `getent initgroups root` never reaches the daemon (root is in
#     /etc/passwd, so its directory groups are none: nothing to ask);
#   - `ls -l` of files owned by directory users waits for one lookup at
#     most, and the others answer "unavailable" at once (back-off);
#   - the real `sudo -u nobody true`, a setuid program that only finds the
#     module in the system library directory, finishes as quickly.
# Each step prints its time and how many connections it left in the frozen
# daemon's accept queue.  Times are asserted only against a bound that
# tells seconds from minutes (the daemon used to cost 5 s per lookup:
# 25 s for this ls, 105 s for sudo); connections are counted exactly.
#
# The namespace (library overlay, /run with the default socket, sudoers)
# is pam_env.sh's; sudo's PAM stack here is pam_unix's alone, so that only
# NSS is measured.  In an ASan build sudo cannot load the module and is
# skipped; getent and ls run with libasan preloaded.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

frozen=no
on_exit() {
	local rc=$?
	set +e # nothing may end the handler before it_cleanup
	# a stopped daemon would never act on lib.sh's SIGTERM
	if [ $frozen = yes ] && [ -n "$daemon_pid" ]; then
		kill -CONT "$daemon_pid" 2>/dev/null
	fi
	it_cleanup $rc
}
trap on_exit EXIT

# How long a step may take: far more than one NSS deadline plus noise, far
# less than the minutes a lookup per file or per group used to cost.
limit_ms=10000
# Only a run against an old build needs a longer leash (to print its times).
guard_s=${NSS_HUNG_GUARD_S:-120}

real=yes
if pam_is_asan; then
	real=no
	echo "sanitizer build: sudo is skipped (a setuid program cannot" \
		"preload libasan); getent and ls run"
fi
for tool in ss timeout $([ $real = no ] || echo sudo); do
	command -v "$tool" >/dev/null || fail "$tool is not installed"
done

pam_env_setup
# sudo: root may run anything without a password; the group rule makes
# sudo resolve a directory group, as on a host that delegates to a tenant.
# ($work/sudoers and $work/pam.d are pam_env.sh's bind-mounted copies.)
printf 'root ALL=(ALL:ALL) NOPASSWD: ALL\n%%acme-admins ALL=(ALL:ALL) ALL\nDefaults !lecture\n' \
	>"$work/sudoers"
# sudo's PAM stack is pam_env.sh's: pam_accounts in account and session,
# as pam-auth-update puts it; root and nobody are local users it leaves
# to pam_unix without asking the (frozen) daemon

pam_start_daemon "$work/daemon.log" || fail "accountsd did not start"
ctl tenant create acme >/dev/null
ctl group create acme dev >/dev/null
for u in alice bob carol; do
	ctl user create "$u" --tenant acme >/dev/null
done
mkdir "$work/files"
touch "$work/files/a" "$work/files/b" "$work/files/c"
# numeric ids: chown itself must not need the module
uid() { ctl --json user show "$1" | json_get uid; }
gid() { ctl --json group show "$1" | json_get gid; }
chown "$(uid alice):$(gid acme)" "$work/files/a"
chown "$(uid bob):$(gid acme-dev)" "$work/files/b"
chown "$(uid carol):$(gid acme)" "$work/files/c"
nss ls -l "$work/files" >"$work/ls.healthy"
grep -q ' alice acme ' "$work/ls.healthy" ||
	fail "ls -l with a healthy daemon: $(cat "$work/ls.healthy")"

# queued: connections the frozen daemon has not accepted (Recv-Q of its
# listening socket; a client that gave up still leaves one there).  Other
# namespaces may listen on the same path: the daemon's pid picks ours.
queued() {
	ss -xlnpH | awk -v p="pid=$daemon_pid," \
		'index($0, p) { print $3; n++ } END { if (n != 1) print "none" }'
}

# timed NAME CMD...: run CMD, print its time and the connections it made;
# sets took_ms and made.
timed() {
	local name=$1 before t0 t1 rc=0
	shift
	before=$(queued)
	t0=$(date +%s%N)
	timeout "$guard_s" "$@" >"$work/out" 2>"$work/err" || rc=$?
	t1=$(date +%s%N)
	took_ms=$(((t1 - t0) / 1000000))
	made=$(($(queued) - before))
	printf '%-32s %6d ms, %d connection(s), exit %d\n' "$name" "$took_ms" \
		"$made" "$rc"
	[ "$rc" -ne 124 ] || fail "$name: still running after ${guard_s}s"
}

kill -STOP "$daemon_pid"
frozen=yes
[ "$(queued)" = 0 ] || fail "accept queue of the frozen daemon: $(queued)"
echo "daemon frozen (SIGSTOP):"

# (lib.sh's nss function, spelled out: timeout runs programs, not functions)
nss_env=(env LD_LIBRARY_PATH="$MODDIR" LD_PRELOAD="$nss_preload"
	ASAN_OPTIONS=detect_leaks=0)
timed "getent initgroups root" "${nss_env[@]}" getent initgroups root
grep -q '^root ' "$work/out" || fail "getent initgroups root: $(cat "$work/out")"
[ "$made" -eq 0 ] || fail "getent initgroups root asked the daemon"
[ "$took_ms" -lt "$limit_ms" ] || fail "getent initgroups root: $took_ms ms"

timed "ls -l (3 users, 2 groups)" "${nss_env[@]}" ls -l "$work/files"
[ "$(grep -c '^-' "$work/out")" -eq 3 ] || fail "ls -l: $(cat "$work/out")"
# the first lookup waits for the deadline; the others do not even connect
[ "$made" -eq 1 ] || fail "ls -l made $made connections, want 1"
[ "$took_ms" -lt "$limit_ms" ] || fail "ls -l: $took_ms ms"

if [ $real = yes ]; then
	timed "sudo -u nobody true" sudo -u nobody true
	[ -z "$(cat "$work/err")" ] || echo "  sudo said: $(head -c 300 "$work/err")"
	[ "$took_ms" -lt "$limit_ms" ] || fail "sudo -u nobody true: $took_ms ms"
fi

kill -CONT "$daemon_pid"
frozen=no
# thawed, the daemon answers again (a new process: no back-off there)
expect_eq "lookup after thaw" "$(nss getent passwd alice | cut -d: -f1)" alice
echo "PASS"
