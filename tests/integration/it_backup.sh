#!/usr/bin/env bash
# Backup and restore (issue 10) with the real daemon and accountsctl:
# `accountsctl backup` writes a 0600 copy that accountsctl created and
# passed to the daemon, refuses an existing file without --force, and is
# refused for anyone but root (an operator too) through the real socket,
# leaving no file; a descriptor sent with another request is refused.
# `accountsd --restore` is refused while the daemon runs, for a file that
# is not an LMDB environment, one without our schema record and one of a
# newer schema, each leaving the data as it was; a restore of an older
# copy keeps the previous data beside it and hands out no uid or gid
# again, not even a deleted user's; --id-floor raises the floor.
. "$top_srcdir/tests/integration/lib.sh"
export LC_ALL=C

cp /etc/passwd "$work/passwd"
cp /etc/group "$work/group"
echo 'opsy:x:4801:4801::/nonexistent:/usr/sbin/nologin' >>"$work/passwd"
echo 'acct-ops:x:4901:opsy' >>"$work/group"
mount --bind "$work/passwd" /etc/passwd
mount --bind "$work/group" /etc/group
echo 'operator_group = acct-ops' >"$work/accountsd.conf"
state=$work/state

start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme >/dev/null
ctl group create acme devs >/dev/null
uid_of() { ctl --json user show "$1" | json_get uid; }
gid_of() { ctl --json group show "$1" | json_get gid; }

# --- backup ---
ctl --json backup "$work/b1.mdb" >"$work/b1.json"
expect_eq "backup mode" "$(stat -c %a "$work/b1.mdb")" 600
expect_eq "reported size" "$(json_at "$work/b1.json" 'j["size_bytes"]')" \
	"$(stat -c %s "$work/b1.mdb")"
expect_eq "schema" "$(json_at "$work/b1.json" 'j["schema_version"]')" 1
mdb_stat -n "$work/b1.mdb" >/dev/null || fail "the backup is not LMDB"
ctl audit list --action backup --json >"$work/audit.json"
grep -q '"backup"' "$work/audit.json" || fail "backup not audited"

# an existing file is refused, and kept as it was
echo keep >"$work/exists"
expect_rc 1 "$CTL" backup "$work/exists"
grep -q "file exists" "$work/err" || fail "exists: $(cat "$work/err")"
expect_eq "untouched" "$(cat "$work/exists")" keep
# --force replaces it (0600, whatever the old mode)
chmod 644 "$work/exists"
ctl backup --force "$work/exists" >/dev/null
expect_eq "forced mode" "$(stat -c %a "$work/exists")" 600
mdb_stat -n "$work/exists" >/dev/null || fail "forced copy is not LMDB"
[ -z "$(ls -A "$work" | grep accountsctl-backup || true)" ] ||
	fail "a temporary file stayed"
expect_rc 2 "$CTL" backup
expect_rc 2 "$CTL" backup "$work/x1" "$work/x2"

# not root: refused by the daemon, and no file left behind
mkdir -m 1777 "$work/open"
for who in "65534 65534 --clear-groups" "4801 4801 --groups=4901"; do
	set -- $who
	expect_rc 1 setpriv --reuid="$1" --regid="$2" "$3" \
		"$CTL" backup "$work/open/copy-$1"
	grep -q "permission denied: backup" "$work/err" ||
		fail "uid $1: $(cat "$work/err")"
	[ "$1" != 4801 ] || grep -q "only root may do this" "$work/err" ||
		fail "operator: $(cat "$work/err")"
	[ ! -e "$work/open/copy-$1" ] || fail "uid $1 left a file"
done

# a descriptor on another request is refused; BACKUP without one too.
# As any other uid the descriptor is never taken (the kernel drops it):
# the same PING is answered.
fdpass() {
	python3 - "$work/sock" "$work/open/stray$1" "$1" <<'PY'

import os, socket, struct, sys
MAGIC, HDR = 0x41435431, 16
def frame(op):
    return struct.pack(">IHHHHI", MAGIC, 1, op, 0, 0, 0)
def call(op, fd=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    data = frame(op)
    if fd is None:
        s.sendall(data)
    else:
        s.sendmsg([data[:1]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                struct.pack("i", fd))])
        s.sendall(data[1:])
    hdr = b""
    while len(hdr) < HDR:
        hdr += s.recv(HDR - len(hdr))
    _, _, rop, _, status, _ = struct.unpack(">IHHHHI", hdr)
    s.close()
    return rop, status
BADREQ, OK = 5, 0
fd = os.open(sys.argv[2], os.O_CREAT | os.O_WRONLY, 0o600)
op, st = call(1, fd)           # PING with a descriptor
if sys.argv[3] != "root":
    assert (op, st) == (1, OK), (op, st)
    sys.exit(0)
assert (op, st) == (1, BADREQ), (op, st)
op, st = call(245)             # BACKUP without one
assert (op, st) == (245, BADREQ), (op, st)
os.write(fd, b"x")             # BACKUP into a file that is not empty
op, st = call(245, fd)
assert (op, st) == (245, BADREQ), (op, st)
assert os.path.getsize(sys.argv[2]) == 1
PY
}
fdpass root || fail "fd passing as root"
setpriv --reuid=65534 --regid=65534 --clear-groups bash -c "$(declare -f fdpass); work=$work; fdpass nobody" ||
	fail "fd passing as nobody: the descriptor was taken"

# --- restore: refusals change nothing ---
alice=$(uid_of alice)
ctl user create bob --tenant acme >/dev/null
ctl user create carol --tenant acme >/dev/null
ctl group create acme ops >/dev/null
bob=$(uid_of bob)
carol=$(uid_of carol)
ops=$(gid_of acme-ops)
ctl user delete carol >/dev/null

expect_rc 1 "$ACCTD" --restore "$work/b1.mdb" --state-dir "$state"
grep -q "accountsd is running on $state" "$work/err" ||
	fail "running: $(cat "$work/err")"
stop_daemon
before=$(md5sum <"$state/data.mdb")

echo "not a database" >"$work/garbage"
expect_rc 1 "$ACCTD" --restore "$work/garbage" --state-dir "$state"
grep -q "not an accountsd backup (not an LMDB environment)" "$work/err" ||
	fail "garbage: $(cat "$work/err")"
# an LMDB environment that is not ours
mdb_load -n -f /dev/stdin "$work/foreign.mdb" <<'DUMP'
VERSION=3
format=print
type=btree
HEADER=END
 hello
 world
DATA=END
DUMP
expect_rc 1 "$ACCTD" --restore "$work/foreign.mdb" --state-dir "$state"
grep -q "not an accountsd backup" "$work/err" ||
	fail "foreign: $(cat "$work/err")"
# our backup, from a newer schema (99)
mdb_dump -n -a "$work/b1.mdb" |
	awk 'fix { print " 00000063"; fix = 0; next }
	     $1 == "736368656d61" { fix = 1 } { print }' |
	mdb_load -n -f /dev/stdin "$work/newer.mdb" 2>/dev/null
expect_rc 1 "$ACCTD" --restore "$work/newer.mdb" --state-dir "$state"
grep -q "database schema 99 is newer than this accountsd supports (1)" \
	"$work/err" || fail "newer: $(cat "$work/err")"
expect_rc 1 "$ACCTD" --restore "$work/missing" --state-dir "$state"
expect_rc 2 "$ACCTD" --restore "$work/b1.mdb" --state-dir "$state" \
	--id-floor nope
expect_rc 2 "$ACCTD" --id-floor 200000 --state-dir "$state"
expect_eq "data after refusals" "$(md5sum <"$state/data.mdb")" "$before"
[ ! -e "$state/data.mdb.before-restore" ] || fail "a refusal kept data"
[ ! -e "$state/data.mdb.restoring" ] || fail "a refusal left its copy"

# --- restore the older copy ---
expect_rc 0 "$ACCTD" --restore "$work/b1.mdb" --state-dir "$state"
grep -q "data.mdb.before-restore" "$work/out" || fail "$(cat "$work/out")"
expect_eq "old data kept" "$(md5sum <"$state/data.mdb.before-restore")" \
	"$before"
expect_eq "state mode" "$(stat -c %a "$state/data.mdb")" 600
start_daemon --config "$work/accountsd.conf"
expect_rc 0 "$CTL" user show alice
expect_rc 1 "$CTL" user show bob
# the next ids are above every one handed out, the deleted carol's too
ctl user create dave --tenant acme >/dev/null
dave=$(uid_of dave)
[ "$dave" -gt "$carol" ] && [ "$dave" -gt "$bob" ] ||
	fail "dave got uid $dave (bob $bob, carol $carol)"
ctl group create acme qa >/dev/null
[ "$(gid_of acme-qa)" -gt "$ops" ] || fail "qa got gid $(gid_of acme-qa) (ops $ops)"
stop_daemon

# --id-floor: no id below it after the restore
expect_rc 0 "$ACCTD" --restore "$work/b1.mdb" --state-dir "$state" \
	--id-floor 150000:160000
start_daemon --config "$work/accountsd.conf"
ctl user create erin --tenant acme >/dev/null
[ "$(uid_of erin)" -ge 150000 ] || fail "erin got uid $(uid_of erin)"
ctl group create acme web >/dev/null
[ "$(gid_of acme-web)" -ge 160000 ] || fail "web got gid $(gid_of acme-web)"
stop_daemon
echo "PASS"
