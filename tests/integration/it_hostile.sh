#!/usr/bin/env bash
# A hostile local user against a live daemon with its default limits: for
# 20 s at once it holds every connection it is given, floods requests that
# are refused and opens sessions for itself (hostile.py attack).
# Meanwhile root's logins and everyone's lookups keep being answered, and
# the database grows by at most a few MiB.  The lookup latency during the
# attack against idle is printed: a benchmark figure, not an assertion.
. "$top_srcdir/tests/integration/lib.sh"

HOSTILE="/usr/bin/python3 $top_srcdir/tests/integration/hostile.py"
ATTACK_S=20
attacker=""
trap 'rc=$?; [ -z "$attacker" ] || kill -KILL "$attacker" 2>/dev/null;
	it_cleanup $rc' EXIT

start_daemon
ctl tenant create acme >/dev/null
printf 'alice password 1\n' |
	ctl user create alice --tenant acme --role owner --password-stdin >/dev/null
ctl user create mallory --tenant acme >/dev/null
uid_m=$(ctl --json user show mallory | json_get uid)
gid_m=$(ctl --json user show mallory | json_get gid)
as_mallory() { setpriv --reuid="$uid_m" --regid="$gid_m" --clear-groups "$@"; }
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# what the state directory takes on disk (LMDB's file is sparse)
db_size() { echo $(($(du -sk "$work/state" | cut -f1) * 1024)); }

# probe_root|probe_nobody SECONDS OUT: lookups (and root's logins)
WIRE="/usr/bin/python3 $top_srcdir/tests/integration/wire.py"
probe_root() { $WIRE probe "$work/sock" alice "$work/none" "$1" 'alice password 1' >"$2"; }
probe_nobody() { as_nobody $WIRE probe "$work/sock" alice "$work/none" "$1" >"$2"; }

# --- idle ---
probe_root 3 "$work/idle_root.json"
probe_nobody 3 "$work/idle_nobody.json"
before=$(db_size)

# --- under attack ---
as_mallory $HOSTILE attack "$work/sock" "$ATTACK_S" mallory alice \
	>"$work/attack.json" &
attacker=$!
sleep 2 # let it take what it can
probe_root $((ATTACK_S - 4)) "$work/attack_root.json" &
pr=$!
probe_nobody $((ATTACK_S - 4)) "$work/attack_nobody.json" ||
	fail "nobody's probe failed"
wait "$pr" || fail "root's probe failed"
wait "$attacker" || fail "the attacker failed: $(cat "$work/attack.json")"
attacker=""
after=$(db_size)
kill -0 "$daemon_pid" || fail "accountsd died"

echo "attacker: $(cat "$work/attack.json")"
for f in idle_root idle_nobody attack_root attack_nobody; do
	echo "$f: $(cat "$work/$f.json")"
done
echo "lookup p99: root $(json_at "$work/idle_root.json" 'j["p99_ms"]') ms idle," \
	"$(json_at "$work/attack_root.json" 'j["p99_ms"]') ms under attack;" \
	"nobody $(json_at "$work/idle_nobody.json" 'j["p99_ms"]') ms idle," \
	"$(json_at "$work/attack_nobody.json" 'j["p99_ms"]') ms under attack"
echo "state directory: $before -> $after bytes on disk"

# everyone's lookups and root's logins were answered, every one of them
for f in attack_root attack_nobody; do
	expect_eq "$f lookups" "$(json_at "$work/$f.json" 'list(j["lookups"])')" "['ok']"
done
expect_eq "root's logins" "$(json_at "$work/attack_root.json" 'list(j["auth"])')" "['ok']"
# the attacker got its share and no more
held=$(json_at "$work/attack.json" 'j["held"]')
[ "$held" -le 64 ] || fail "the attacker held $held connections"
expect_eq "connections beyond its share" \
	"$(json_at "$work/attack.json" '"busy" in j["hold_refused"]')" True
expect_eq "flood slowed down" \
	"$(json_at "$work/attack.json" 'j["flood"].get("busy", 0) > 0')" True
opened=$(json_at "$work/attack.json" 'j["sessions"].get("opened", 0)')
[ "$opened" -le 32 ] || fail "the attacker opened $opened sessions"
# and its flood left the disk alone
[ $((after - before)) -le $((4 * 1024 * 1024)) ] ||
	fail "the state directory grew by $((after - before)) bytes"

# its sessions end with it
for _ in $(seq 1 100); do
	n=$(ctl --json session list --user mallory |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" = 0 ] && break
	sleep 0.1
done
expect_eq "mallory's sessions after it left" "$n" 0
echo "hostile: ok"
