#!/usr/bin/env bash
# it_install.sh DEBDIR - the built packages, installed for real into a
# throw-away root: an overlay of / (a tmpfs on top) in a private mount
# namespace, chrooted into, so that nothing reaches the host.  There:
#   dpkg -i the three packages (their maintainer scripts run: the
#   nsswitch.conf line, pam-auth-update; systemd is not PID 1, so the
#   unit is enabled but not started);
#   start the daemon as the unit says (its ExecStart, under its
#   CapabilityBoundingSet, with NOTIFY_SOCKET: READY=1 is awaited);
#   a tenant and a user; getent resolves the user through the line the
#   postinst wrote; su from an unprivileged user logs in with the
#   password through the stack pam-auth-update wrote, and a wrong one
#   is refused;
#   stop it (STOPPING=1), dpkg --purge the three: nsswitch.conf and every
#   file under /etc/pam.d are byte for byte what they were, and the
#   daemon's files are gone.
# Run by `./dev check` (as root) after `./dev deb`.
set -euo pipefail

debdir=$(cd "${1:?usage: it_install.sh DEBDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "it_install.sh: needs root" >&2; exit 1; }

if [ -z "${ACCT_INSTALL_NS:-}" ]; then
	export ACCT_INSTALL_NS=1
	exec unshare -m -p -f --propagation private bash "$0" "$@"
fi

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

base=$(mktemp -d /tmp/acct-install.XXXXXX)
mount -t tmpfs -o mode=0755 tmpfs "$base"
mkdir "$base/upper" "$base/work" "$base/root"
mount -t overlay overlay \
	-o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$base/root"
root=$base/root
# what the overlay does not carry from the host's mounts
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --rbind /sys "$root/sys"
mount -t tmpfs -o mode=0755 tmpfs "$root/run"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

mkdir "$root/tmp/debs"
cp "$debdir"/accountsd_*.deb "$debdir"/libnss-accounts_*.deb \
	"$debdir"/libpam-accounts_*.deb "$root/tmp/debs/"
cp "$top/tests/integration/notify_recv.py" "$top/tests/integration/pty_answer.py" \
	"$root/tmp/"

# What must come back after the purge.
mkdir "$base/before"
cp -a "$root/etc/nsswitch.conf" "$base/before/nsswitch.conf"
cp -a "$root/etc/pam.d" "$base/before/pam.d"

echo "== dpkg -i"
debs=()
for f in "$root"/tmp/debs/*.deb; do debs+=("/tmp/debs/${f##*/}"); done
in_root dpkg -i "${debs[@]}" >"$base/dpkg-i.log" 2>&1 ||
	{ cat "$base/dpkg-i.log"; fail "dpkg -i"; }
grep -E '^(passwd|group):' "$root/etc/nsswitch.conf"
for db in passwd group; do
	grep -qE "^$db:.*[[:space:]]accounts([[:space:]]|$)" "$root/etc/nsswitch.conf" ||
		fail "the postinst did not add accounts to $db"
done
grep -q pam_accounts.so "$root/etc/pam.d/common-auth" ||
	fail "pam-auth-update did not add pam_accounts.so to common-auth"
[ -L "$root/etc/systemd/system/multi-user.target.wants/accountsd.service" ] ||
	fail "the unit was not enabled"
# a second configure (dpkg-reconfigure, an upgrade) adds nothing twice
in_root dpkg-reconfigure libnss-accounts >/dev/null 2>&1 || true
expect_once() {
	[ "$(grep -E "^$1:" "$root/etc/nsswitch.conf" | grep -o '[[:space:]]accounts\b' | wc -l)" -eq 1 ] ||
		fail "accounts is not once on the $1 line"
}
expect_once passwd
expect_once group

echo "== the daemon, as the unit starts it"
unit=$root/lib/systemd/system/accountsd.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
bounding=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit" |
	tr 'A-Z' 'a-z' | sed 's/cap_//g; s/ /,+/g')
[ -n "$exec_start" ] && [ -n "$bounding" ] || fail "cannot read the unit"
# RuntimeDirectory= and StateDirectory= with their modes
install -d -m 0755 "$root/run/accountsd"
install -d -m 0700 "$root/var/lib/accountsd"
: >"$base/notify.log"
chroot "$root" python3 /tmp/notify_recv.py /run/notify >"$base/notify.log" 2>&1 &
recv_pid=$!
await() { # await PATTERN: a notification line, within 10 s
	local _
	for _ in $(seq 1 200); do
		grep -qE "$1" "$base/notify.log" && return 0
		sleep 0.05
	done
	fail "no '$1' notification: $(cat "$base/notify.log"; cat "$base/daemon.log")"
}
await '^listening'
# shellcheck disable=SC2086 # ExecStart is words
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin NOTIFY_SOCKET=/run/notify \
	setpriv --bounding-set "-all,+$bounding" $exec_start >"$base/daemon.log" 2>&1 &
daemon_pid=$!
await '^READY=1'
echo "READY=1 (bounding set: $bounding)"

echo "== a user, resolved and logged in"
in_root accountsctl tenant create acme >/dev/null
in_root accountsctl user create alice --tenant acme >/dev/null
printf '%s\n' 'alice password 123' |
	in_root accountsctl user passwd alice --password-stdin >/dev/null
uid=$(in_root accountsctl --json user show alice |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')
got=$(in_root getent passwd alice) || fail "getent passwd alice: not found"
echo "$got"
[ "$(echo "$got" | cut -d: -f3)" = "$uid" ] || fail "getent passwd alice: $got"
in_root getent group acme >/dev/null || fail "getent group acme: not found"
su_as() { # su_as PASSWORD: su alice from nobody, on a pty
	in_root python3 /tmp/pty_answer.py 65534 65534 "assword:=$1" -- \
		su alice -c 'id -un'
}
out=$(su_as 'alice password 123' 2>&1) || fail "su alice: $out"
echo "$out" | grep -q '^alice' || fail "su alice did not run as alice: $out"
echo "su alice: logged in"
rc=0
out=$(su_as 'wrong password' 2>&1) || rc=$?
[ $rc -eq 1 ] || fail "su alice with a wrong password exited $rc: $out"
echo "su alice, wrong password: refused"

kill -TERM "$daemon_pid"
await '^STOPPING=1'
wait "$daemon_pid" || fail "accountsd exited $? on SIGTERM"
kill "$recv_pid"
wait "$recv_pid" 2>/dev/null || true

echo "== dpkg --purge"
in_root dpkg --purge libpam-accounts libnss-accounts accountsd \
	>"$base/dpkg-purge.log" 2>&1 ||
	{ cat "$base/dpkg-purge.log"; fail "dpkg --purge"; }
cmp "$base/before/nsswitch.conf" "$root/etc/nsswitch.conf" ||
	{ diff -u "$base/before/nsswitch.conf" "$root/etc/nsswitch.conf" || true
	  fail "nsswitch.conf differs after the purge"; }
diff -r "$base/before/pam.d" "$root/etc/pam.d" ||
	fail "/etc/pam.d differs after the purge"
for f in /etc/accountsd.conf /var/lib/accountsd /usr/sbin/accountsd \
	/etc/systemd/system/multi-user.target.wants/accountsd.service \
	/usr/share/pam-configs/accounts; do
	[ ! -e "$root$f" ] && [ ! -L "$root$f" ] || fail "$f is still there after the purge"
done
echo "nsswitch.conf and /etc/pam.d as they were; the daemon's files gone"
echo "PASS"
