#!/usr/bin/env bash
# Reading the audit log for real: `accountsctl audit list` with each
# filter, as a table and as --json (parsed with python3); a caller other
# than root refused, and its refusal in the log it could not read; every
# committed record also a key=value line in the daemon's log (stderr in
# the foreground, syslog otherwise), a hostile name unable to forge a
# field or a line, coalesced refusals forwarded once; `audit verify`
# intact, then after records are changed, reordered and removed behind
# the daemon's back with LMDB's own mdb_dump/mdb_load: exit 1 naming the
# first bad record.
. "$top_srcdir/tests/integration/lib.sh"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# audit_json ARGS...: `audit list --json ARGS` into $work/list.json
audit_json() {
	"$CTL" audit list --json "$@" >"$work/list.json" 2>"$work/list.err" ||
		fail "audit list $*: $(cat "$work/list.err")"
}
# seqs: the seq of each record of $work/list.json, space-separated
seqs() { json_at "$work/list.json" '" ".join(str(r["seq"]) for r in j)'; }
records() {
	"$CTL" status --json | json_get audit_records
}
# wait_records N: until the log holds N records (a few seconds at most)
wait_records() {
	local i
	for i in $(seq 1 100); do
		[ "$(records)" -ge "$1" ] && return 0
		sleep 0.05
	done
	fail "the log holds $(records) records, not $1"
}

start_daemon
ctl tenant create acme >/dev/null          # 1
ctl tenant create globex >/dev/null        # 2
ctl user create bob --tenant acme >/dev/null     # 3
ctl user create carol --tenant globex >/dev/null # 4
ctl user disable bob --reason 'left "the" company=yes' >/dev/null # 5
# 6: the disable's sweep of bob's processes, recorded when it ends
wait_records 6
expect_rc 1 "$CTL" tenant create acme      # 7: exists
# 8: a caller who is not the operator: refused, and recorded
expect_rc 1 as_nobody "$CTL" audit list
grep -q "permission denied" "$work/err" || fail "refusal: $(cat "$work/err")"
# identical refusals within audit_coalesce_s are counted, not written
expect_rc 1 as_nobody "$CTL" audit list
expect_rc 1 as_nobody "$CTL" audit list --json
grep -q '"status":"permission_denied"' "$work/out" || fail "json refusal: $(cat "$work/out")"
# 9: and its verify
expect_rc 1 as_nobody "$CTL" audit verify
expect_eq "records" "$(records)" 9

# ---- list: everything, oldest first, the newest last ----
audit_json
expect_eq "all" "$(seqs)" "1 2 3 4 5 6 7 8 9"
python3 - "$work/list.json" <<'PY' || fail "list --json: $(cat "$work/list.json")"
import json, sys
recs = json.load(open(sys.argv[1]))
want_keys = {"seq", "time", "actor", "action", "target", "tenant", "result",
             "pid", "reason"}
for r in recs:
    assert want_keys <= set(r), r
    assert r["time"].endswith("Z") and r["time"][:2] == "20", r
r = {x["seq"]: x for x in recs}
assert r[1]["action"] == "tenant-create" and r[1]["tenant"] == "acme"
# the actor in parts, every key always there (issue 10)
for x in recs:
    assert set(x["actor"]) == {"uid", "name", "via_sudo", "via_token",
                               "via_key", "text"}, x
assert r[1]["actor"] == {"uid": 0, "name": "root", "via_sudo": None,
                         "via_token": False, "via_key": None,
                         "text": "root"}, r[1]
assert r[1]["result"] == "ok"
assert isinstance(r[1]["pid"], int) and r[1]["pid"] > 1
assert r[5]["action"] == "user-disable" and r[5]["target"] == "bob"
assert r[5]["reason"] == 'left "the" company=yes', r[5]
assert r[6]["action"] == "processes-term" and r[6]["actor"]["name"] == "accountsd"
# the daemon's own doing: no process asked, no uid
assert r[6]["actor"]["uid"] is None, r[6]
assert r[6]["tenant"] == "acme" and r[6]["pid"] is None, r[6]
assert r[7]["result"] == "exists", r[7]
assert r[7]["message"] == "tenant 'acme' already exists", r[7]
assert r[8]["actor"]["uid"] == 65534 and r[8]["actor"]["name"] is None
assert r[8]["actor"]["text"] == "uid 65534" and r[8]["action"] == "audit-list"
assert r[8]["result"] == "permission_denied", r[8]
assert r[9]["action"] == "audit-verify" and r[9]["result"] == "permission_denied"
PY

# the table: a header, one line a record, the newest last
ctl audit list >"$work/table"
head -n 1 "$work/table" | grep -q '^SEQ  TIME  *ACTOR  *ACTION  *TARGET  *TENANT  *RESULT  *COUNT  *PID  *REASON$' ||
	fail "table header: $(head -n 1 "$work/table")"
expect_eq "table lines" "$(wc -l <"$work/table")" 10
tail -n 1 "$work/table" | grep -q '^9  ' || fail "newest not last: $(cat "$work/table")"
grep -q '^8 .*uid 65534  *audit-list .* permission_denied ' "$work/table" ||
	fail "refusal row: $(cat "$work/table")"

# ---- each filter ----
audit_json --tenant acme
expect_eq "--tenant acme" "$(seqs)" "1 3 5 6 7"
audit_json --tenant globex
expect_eq "--tenant globex" "$(seqs)" "2 4"
audit_json --tenant initech
expect_eq "--tenant initech" "$(seqs)" ""
audit_json --actor "uid 65534"
expect_eq "--actor" "$(seqs)" "8 9"
audit_json --action user-disable
expect_eq "--action" "$(seqs)" "5"
audit_json --action tenant-create --tenant acme
expect_eq "--action --tenant" "$(seqs)" "1 7"
audit_json --actor root --action tenant-create --limit 1
expect_eq "--actor --action --limit" "$(seqs)" "7"
audit_json --limit 2
expect_eq "--limit 2" "$(seqs)" "8 9"
now=$(date +%s)
audit_json --since $((now - 3600)) --until $((now + 3600))
expect_eq "--since --until (unix)" "$(seqs)" "1 2 3 4 5 6 7 8 9"
audit_json --since "$(date -u -d @$((now + 3600)) +%Y-%m-%dT%H:%M:%SZ)"
expect_eq "--since in the future" "$(seqs)" ""
audit_json --until "$(date -u -d @$((now - 86400)) +%Y-%m-%d)"
expect_eq "--until yesterday" "$(seqs)" ""
audit_json --since 2000-01-01 --until 2099-12-31T23:59Z --tenant globex
expect_eq "--since --until (ISO)" "$(seqs)" "2 4"

# ---- bad values: usage errors, nothing asked ----
before=$(records)
expect_rc 2 "$CTL" audit list --since yesterday
grep -q "^accountsctl: --since wants unix seconds or an ISO 8601 UTC time" "$work/err" ||
	fail "--since: $(cat "$work/err")"
expect_rc 2 "$CTL" audit list --until 2026-12-02T10:00:00
expect_rc 2 "$CTL" audit list --since 2026-12-03 --until 2026-12-02
grep -q -- "--since must be before --until" "$work/err" || fail "window: $(cat "$work/err")"
expect_rc 2 "$CTL" audit list --limit 0
expect_rc 2 "$CTL" audit list --tenant 'ACME!'
expect_rc 2 "$CTL" audit list --action 'user disable'
expect_rc 2 "$CTL" audit list --json --limit x
json_at "$work/out" 'j["error"]["exit"]' | grep -qx 2 || fail "json usage: $(cat "$work/out")"
expect_eq "records after bad input" "$(records)" "$before"

# ---- the same records as syslog lines ----
log_line() { grep -F "audit seq=$1 " "$work/daemon.log" || fail "no line for record $1"; }
log_line 1 | grep -q ': info: audit seq=1 actor=root uid=0 action=tenant-create target=acme tenant=acme result=ok pid=[0-9]*$' ||
	fail "line 1: $(log_line 1)"
log_line 5 | grep -qF 'action=user-disable target=bob tenant=acme result=ok reason="left \"the\" company=yes" pid=' ||
	fail "line 5: $(log_line 5)"
log_line 6 | grep -q ': info: audit seq=6 actor=accountsd action=processes-term target=bob tenant=acme result=ok reason="account bob disabled" message="SIGTERM to 0 process(es) of uid [0-9]*"$' ||
	fail "line 6: $(log_line 6)"
log_line 7 | grep -qF ": notice: audit seq=7 actor=root uid=0 action=tenant-create target=acme tenant=acme result=exists message=\"tenant 'acme' already exists\" pid=" ||
	fail "line 7: $(log_line 7)"
log_line 8 | grep -qF ': notice: audit seq=8 actor="uid 65534" uid=65534 action=audit-list target="" result=permission_denied message=' ||
	fail "line 8: $(log_line 8)"
# a hostile name, straight on the wire (accountsctl would refuse it)
python3 - "$work/sock" <<'PY' || fail "hostile request"
import socket, struct, sys
name = b'x" result=ok\naudit seq=999 a=b'
payload = struct.pack(">HI", 2, len(name)) + name
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(struct.pack(">IHHHHI", 0x41435431, 1, 100, 0, 0, len(payload)) + payload)
hdr = s.recv(16, socket.MSG_WAITALL)
status = struct.unpack(">IHHHHI", hdr)[4]
assert status == 7, status  # INVALID: refused, and audited
PY
python3 - "$work/daemon.log" <<'PY' || fail "the hostile line: $(grep -F 'audit seq=10 ' "$work/daemon.log")"
import re, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if " audit seq=" in l]
assert not any(" audit seq=999" in l for l in lines), "a forged line"
line = [l for l in lines if " audit seq=10 " in l]
assert len(line) == 1, line
body = line[0].split(": notice: ", 1)[1]
# key=value fields, values bare or quoted with \" \\ \xHH escapes
tok = re.compile(r'([a-z_]+)=("(?:[^"\\]|\\.)*"|[^ "=]+)( |$)')
pos, fields = len("audit "), []
assert body.startswith("audit ")
while pos < len(body):
    m = tok.match(body, pos)
    assert m, "unparsable at %r" % body[pos:]
    fields.append((m.group(1), m.group(2)))
    pos = m.end()
keys = [k for k, _ in fields]
assert keys.count("result") == 1 and keys.count("seq") == 1, keys
assert keys.count("actor") == 1 and keys.count("tenant") <= 1, keys
val = dict(fields)
assert val["result"] == "invalid", val
assert val["actor"] == 'root', val
assert val["target"] == '"x\\" result=ok?audit seq=999 a=b"', val
PY
# every record one line, once
expect_eq "lines" "$(grep -c ' audit seq=' "$work/daemon.log")" "$(records)"

# ---- verify: intact ----
ctl audit verify >"$work/verify"
grep -q "^audit chain intact: $(records) records verified; the last, $(records), has hash [0-9a-f]\{64\}$" "$work/verify" ||
	fail "verify: $(cat "$work/verify")"
ctl audit verify --json >"$work/verify.json"
expect_eq "verify --json" "$(json_at "$work/verify.json" '(j["intact"], j["records_verified"] == j["last_seq"])')" "(True, True)"
grep -q "audit chain verified: intact ($(records) records)" "$work/daemon.log" ||
	fail "verify is not in the daemon's log"
stop_daemon
# the two counted refusals went out as one record, and one line, at stop
grep -q 'notice: audit seq=11 actor="uid 65534" uid=65534 action=audit-list target="" result=permission_denied message=.* count=2 first_seen=20[0-9-]*T[0-9:]*Z last_seen=' \
	"$work/daemon.log" || fail "coalesced line: $(grep -F 'seq=11' "$work/daemon.log")"

# ---- tampering, as an attacker with the database file would ----
mdb_dump -s audit "$work/state" >"$work/audit.dump"
mdb_dump -a "$work/state" >"$work/all.dump"
# edit.py DUMP OUT ACTION SEQ [SEQ2]: flip a byte of SEQ's record, swap
# the records of SEQ and SEQ2, or drop SEQ's record
cat >"$work/edit.py" <<'PY'
import sys
src, out, action, a = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# (mdb_load of this LMDB says it ignores db_pagesize: leave it out)
lines = [l for l in open(src).read().split("\n")
         if not l.startswith("db_pagesize=")]
key = lambda n: " %016x" % n
if action == "drop":
    i = lines.index(key(a), lines.index("database=audit"))
    del lines[i:i + 2]
    open(out, "w").write("\n".join(lines))
    sys.exit(0)
head = lines[:lines.index("HEADER=END") + 1]
i = lines.index(key(a))
if action == "flip":
    v = bytearray(bytes.fromhex(lines[i + 1].strip()))
    v[20] ^= 1  # inside ACTION or ACTOR: the record still reads
    body = [lines[i], " " + v.hex()]
else:
    j = lines.index(key(int(sys.argv[5])))
    body = [lines[i], lines[j + 1], lines[j], lines[i + 1]]
open(out, "w").write("\n".join(head + body + ["DATA=END", ""]))
PY
python3 "$work/edit.py" "$work/audit.dump" "$work/flip.dump" flip 3
mdb_load -s audit -f "$work/flip.dump" "$work/state" || fail "mdb_load"
start_daemon
expect_rc 1 "$CTL" audit verify
expect_eq "verify, changed" "$(cat "$work/err")" \
	"accountsctl: audit chain broken: audit record 3 was changed after it was written (the 2 before it are intact)"
expect_eq "verify prints nothing else" "$(cat "$work/out")" ""
expect_rc 1 "$CTL" audit verify --json
python3 - "$work/out" <<'PY' || fail "verify --json, changed: $(cat "$work/out")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["error"]["status"] == "broken" and j["error"]["exit"] == 1, j
a = j["audit"]
assert a["intact"] is False and a["broken_seq"] == 3, a
assert a["records_verified"] == 2 and a["last_seq"] == 2, a
assert len(a["last_hash"]) == 64, a
PY
# the list still reads every record, the changed one too
audit_json
expect_eq "list of a broken chain" "$(seqs)" "1 2 3 4 5 6 7 8 9 10 11"
"$CTL" status >/dev/null 2>"$work/status.err"
grep -q "warning: audit chain broken: audit record 3 was changed" "$work/status.err" ||
	fail "status: $(cat "$work/status.err")"
stop_daemon

# reordered: the original records back, then 4 and 5 swapped
mdb_load -s audit -f "$work/audit.dump" "$work/state" || fail "mdb_load"
python3 "$work/edit.py" "$work/audit.dump" "$work/swap.dump" swap 4 5
mdb_load -s audit -f "$work/swap.dump" "$work/state" || fail "mdb_load"
start_daemon
expect_rc 1 "$CTL" audit verify
expect_eq "verify, reordered" "$(cat "$work/err")" \
	"accountsctl: audit chain broken: audit record 4 does not follow the one before (the 3 before it are intact)"
stop_daemon

# removed: the database rebuilt from a dump without record 6
python3 "$work/edit.py" "$work/all.dump" "$work/drop.dump" drop 6
rm -rf "$work/state"
mkdir -m 700 "$work/state"
mdb_load -f "$work/drop.dump" "$work/state" || fail "mdb_load (all)"
start_daemon
expect_rc 1 "$CTL" audit verify
expect_eq "verify, removed" "$(cat "$work/err")" \
	"accountsctl: audit chain broken: audit record 6 is missing (the 5 before it are intact)"
# and the daemon serves on: lookups, changes, their records and lines
nss getent passwd bob >/dev/null || fail "bob does not resolve"
ctl user create dave --tenant acme >/dev/null
audit_json --action user-create --limit 1
expect_eq "a new record" "$(json_at "$work/list.json" 'j[0]["target"]')" dave
# a directory user is recorded by its plain name, and the uid beside it
# is in --json's actor (issue 10): the kernel's, not a parse of the text
dave_uid=$(ctl user show dave --json | json_get uid)
expect_rc 1 setpriv --reuid="$dave_uid" --regid="$dave_uid" --clear-groups \
	"$CTL" tenant create dave-co
audit_json --actor dave --limit 1
expect_eq "a plain name's uid" \
	"$(json_at "$work/list.json" '(j[0]["actor"]["name"], j[0]["actor"]["uid"], j[0]["actor"]["text"])')" \
	"('dave', $dave_uid, 'dave')"
grep -q "audit seq=[0-9]* actor=dave uid=$dave_uid action=tenant-create " "$work/daemon.log" ||
	fail "dave's line: $(grep -F 'actor=dave' "$work/daemon.log")"
stop_daemon
echo "PASS"
