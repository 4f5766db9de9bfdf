#!/usr/bin/env bash
# The daemon's edges: configuration errors, misbehaving clients, many
# clients, signals, a second instance, and being down.
. "$top_srcdir/tests/integration/lib.sh"
WIRE="python3 $top_srcdir/tests/integration/wire.py"

# A malformed or unknown setting is a startup error naming the line.
printf '# test\nuid_min = 200000\nbogus_key = 1\n' >"$work/bad.conf"
expect_rc 1 "$ACCTD" --foreground --config "$work/bad.conf" \
	--socket "$work/sock" --state-dir "$work/state"
grep -q 'bad.conf:3' "$work/err" "$work/out" ||
	fail "config error does not name line 3: $(cat "$work/err")"
printf 'uid_min = twelve\n' >"$work/bad2.conf"
expect_rc 1 "$ACCTD" --foreground --config "$work/bad2.conf" \
	--socket "$work/sock" --state-dir "$work/state"
grep -q 'bad2.conf:1' "$work/err" "$work/out" || fail "malformed number not reported"
expect_rc 1 "$ACCTD" --foreground --config "$work/missing.conf" \
	--socket "$work/sock" --state-dir "$work/state"

# accountsctl with no daemon: exit 3; getent falls back to files at once.
expect_rc 3 "$CTL" status
expect_rc 2 nss getent passwd someone
expect_eq "root without daemon" "$(nss getent passwd root | cut -d: -f1)" root

printf 'debug = no\n' >"$work/good.conf"
start_daemon --config "$work/good.conf" --debug
# The daemon switched its own NSS module off (no lookups through itself).
grep -q 'NSS lookups through libnss_accounts.so.2 disabled here' "$work/daemon.log" ||
	fail "NSS recursion guard not armed"
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme >/dev/null

# Usage errors exit 2; a non-root caller is refused (1), with the reason.
expect_rc 2 "$CTL" no-such-verb
expect_rc 2 "$CTL" user create
expect_rc 2 "$CTL" user create alice2 --tenant acme --role 'Emperor!'
# a word that could be a custom role's is the daemon's to refuse
expect_rc 1 "$CTL" user create alice2 --tenant acme --role emperor
grep -q "no role 'emperor' in tenant 'acme'" "$work/err" ||
	fail "unknown role: $(cat "$work/err")"
expect_rc 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
	env ACCOUNTSD_SOCKET="$work/sock" "$CTL" tenant create evil
grep -qi 'permission denied' "$work/err" || fail "no permission message: $(cat "$work/err")"
# ...but lookups are public.
expect_eq "lookup as nobody" \
	"$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		env LD_LIBRARY_PATH="$MODDIR" LD_PRELOAD="$nss_preload" \
		ASAN_OPTIONS=detect_leaks=0 getent passwd alice | cut -d: -f1)" alice

# Bad input is refused and changes nothing.
expect_rc 2 "$CTL" user create Alice --tenant acme # refused before sending
expect_rc 1 "$CTL" user create alice --tenant acme
expect_rc 1 "$CTL" user create erin --tenant nosuch
expect_eq "users after refusals" "$(ctl --json status | json_get users)" 1

# Misbehaving clients get an error or are dropped; others never notice.
$WIRE garbage "$work/sock" >/dev/null || fail "garbage handling"
$WIRE stall "$work/sock" 5 >/dev/null || fail "stalled client not dropped"
$WIRE hold "$work/sock" 500 3 >/dev/null &
holder=$!
sleep 0.5
expect_eq "lookup while 500 clients idle" "$(nss getent passwd alice | cut -d: -f1)" alice
wait $holder
out=$($WIRE many "$work/sock" 2000) || fail "2000 concurrent clients: $out"
expect_eq "2000 concurrent clients" "$out" "2000 ok 0 busy"

# A second daemon on the same socket or state refuses to start.
expect_rc 1 "$ACCTD" --foreground --socket "$work/sock" --state-dir "$work/state2"
expect_rc 1 "$ACCTD" --foreground --socket "$work/sock2" --state-dir "$work/state"

# SIGHUP re-reads the configuration; a broken file keeps the old one.
printf 'debug = yes\n' >"$work/good.conf"
kill -HUP "$daemon_pid"
sleep 0.3
printf 'debug = maybe\n' >"$work/good.conf"
kill -HUP "$daemon_pid"
sleep 0.3
kill -0 "$daemon_pid" || fail "daemon died on a bad reload"
grep -q 'good.conf:1' "$work/daemon.log" || fail "bad reload not logged"
expect_eq "lookup after reloads" "$(nss getent passwd alice | cut -d: -f1)" alice

# SIGTERM: exit 0, socket gone; lookups then fail over to files at once.
stop_daemon
[ ! -e "$work/sock" ] || fail "socket left behind after SIGTERM"
expect_rc 2 nss getent passwd alice
expect_rc 3 "$CTL" status
echo "PASS"
