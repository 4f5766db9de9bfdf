#!/usr/bin/env bash
# The audit log end to end: every management change and refusal is
# recorded, by whom and from which process; `accountsctl status` counts
# the records; and a record changed behind the daemon's back (here with
# LMDB's own mdb_dump/mdb_load) is found when the daemon starts: it says
# where the chain breaks, keeps serving, and status warns.
. "$top_srcdir/tests/integration/lib.sh"

status_json() {
	"$CTL" status --json >"$work/status.json" 2>"$work/status.err" ||
		fail "status failed: $(cat "$work/status.err")"
}

start_daemon
ctl tenant create acme >/dev/null
ctl user create bob --tenant acme >/dev/null
# a refusal of the operator, and a caller who is not the operator
expect_rc 1 "$CTL" tenant create acme
expect_rc 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CTL" tenant create evil
status_json
expect_eq "audit records" "$(json_at "$work/status.json" 'j["audit_records"]')" 4
expect_eq "audit chain" "$(json_at "$work/status.json" 'j["audit_chain"]')" intact
grep -q "audit chain intact (0 records)" "$work/daemon.log" ||
	fail "no startup verification in the log"
stop_daemon

# what was recorded, read straight from the database
mdb_dump -s audit "$work/state" >"$work/audit.dump"
records() { grep -c '^ 00000000000000' "$work/audit.dump"; }
expect_eq "records in the database" "$(records)" 4
python3 - "$work/audit.dump" <<'PY' || fail "the records say the wrong thing"
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
text = [bytes.fromhex(v) for v in vals]
want = [(b"tenant-create", b"acme", b"root"),
        (b"user-create", b"bob", b"root"),
        (b"tenant-create", b"acme", b"root"),
        (b"tenant-create", b"evil", b"uid 65534")]
for rec, words in zip(text, want):
    for w in words:
        assert w in rec, (w, rec)
PY

# change one byte of record 2 behind the daemon's back
python3 - "$work/audit.dump" "$work/tampered.dump" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
head = lines[:lines.index("HEADER=END") + 1]
i = lines.index(" 0000000000000002")
v = bytearray(bytes.fromhex(lines[i + 1].strip()))
v[20] ^= 1  # inside ACTION or ACTOR: the record still parses
open(sys.argv[2], "w").write("\n".join(head + [lines[i], " " + v.hex(), "DATA=END", ""]))
PY
mdb_load -s audit -f "$work/tampered.dump" "$work/state" ||
	fail "mdb_load failed"

start_daemon
grep -q "audit chain broken: audit record 2 was changed after it was written (the 1 before it are intact); serving on" \
	"$work/daemon.log" || fail "the break is not in the log: $(cat "$work/daemon.log")"
status_json
case $(json_at "$work/status.json" 'j["audit_chain"]') in
"broken: audit record 2 was changed"*) ;;
*) fail "status: $(cat "$work/status.json")" ;;
esac
"$CTL" status >/dev/null 2>"$work/status.err" || fail "status failed"
grep -q "warning: audit chain broken" "$work/status.err" ||
	fail "status did not warn: $(cat "$work/status.err")"
# and it serves on: lookups, logins' checks, changes
nss getent passwd bob >/dev/null || fail "bob does not resolve"
ctl user create carol --tenant acme >/dev/null
status_json
expect_eq "audit records" "$(json_at "$work/status.json" 'j["audit_records"]')" 5
stop_daemon
echo "PASS"
