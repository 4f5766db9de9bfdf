#!/usr/bin/env bash
# The configuration as an administrator meets it: accountsd --check-config
# (every error as FILE:LINE, exit 1; silent and 0 when good) and
# --print-config (a drop-in's later value wins); SIGHUP re-reads the main
# file and its drop-ins, and a bad drop-in leaves the live settings as
# they were; accountsctl status shows ready, the audit chain's state, the
# map's fill level, and the files and paths to root only.
. "$top_srcdir/tests/integration/lib.sh"
export LC_ALL=C

conf=$work/accountsd.conf
cat >"$conf" <<'CONF'
# main file
password_min_length = 12
bogus_key = 1
uid_min = 12x
CONF
mkdir "$conf.d"
printf 'home_mode = 0777\n' >"$conf.d/20-home.conf"
printf 'not a setting\n' >"$conf.d/10-first.conf"
printf 'bogus = ignored: not .conf\n' >"$conf.d/README"

# ---- --check-config: every error, each with its file and line ----
expect_rc 1 "$ACCTD" --check-config --config "$conf"
cat >"$work/want" <<WANT
accountsd: $conf:3: unknown key 'bogus_key'
accountsd: $conf:4: uid_min: '12x' is not a number
accountsd: $conf.d/10-first.conf:1: expected 'key = value'
accountsd: $conf.d/20-home.conf:1: home_mode: 0777 must give the owner rwx and nobody else write (0700, 0750, 0755...)
accountsd: 4 errors in the configuration
WANT
diff -u "$work/want" "$work/err" || fail "--check-config's errors"
expect_eq "--check-config's stdout" "$(cat "$work/out")" ""
# the daemon refuses to start on it, naming the first error
expect_rc 1 "$ACCTD" --foreground --config "$conf" --socket "$work/sock" \
	--state-dir "$work/state"
grep -qF "$conf:3: unknown key 'bogus_key'" "$work/err" ||
	fail "startup on a bad file: $(cat "$work/err")"
# a missing file named with --config is an error; usage errors exit 2
expect_rc 1 "$ACCTD" --check-config --config "$work/none.conf"
grep -qF "$work/none.conf: cannot open: No such file" "$work/err" ||
	fail "missing file: $(cat "$work/err")"
expect_rc 2 "$ACCTD" --check-config extra

# fixed: silent, exit 0; a drop-in's value wins over the main file's
printf '# main file\npassword_min_length = 12\n' >"$conf"
printf 'home_mode = 0750\n' >"$conf.d/20-home.conf"
printf 'password_min_length = 14\n' >"$conf.d/10-first.conf"
expect_rc 0 "$ACCTD" --check-config --config "$conf"
expect_eq "--check-config on a good file" "$(cat "$work/out" "$work/err")" ""
expect_rc 0 "$ACCTD" --print-config --config "$conf"
grep -qx 'password_min_length = 14' "$work/out" ||
	fail "--print-config: $(grep password_min "$work/out")"
grep -qx 'home_mode = 0750' "$work/out" || fail "--print-config: home_mode"
grep -qx 'home_create = no' "$work/out" || fail "--print-config: home_create"

# ---- the daemon reads the same files; status says which ----
start_daemon --config "$conf"
ctl --json status >"$work/status.json"
expect_eq "ready" "$(json_at "$work/status.json" 'j["ready"]')" "yes"
expect_eq "config files" "$(json_at "$work/status.json" '" ".join(j["config_files"])')" \
	"$conf $conf.d/10-first.conf $conf.d/20-home.conf"
expect_eq "socket" "$(json_at "$work/status.json" 'j["socket"]')" "$work/sock"
expect_eq "state dir" "$(json_at "$work/status.json" 'j["state_dir"]')" "$work/state"
case $(json_at "$work/status.json" 'j["audit_state"]') in
"verified up to record 0 at "*Z) ;;
*) fail "audit state: $(json_at "$work/status.json" 'j["audit_state"]')" ;;
esac
pct=$(json_at "$work/status.json" 'j["map_used_percent"]')
want=$(json_at "$work/status.json" 'j["db_size_bytes"] * 100 // j["db_map_size_bytes"]')
expect_eq "map used" "$pct" "$want"
ctl status >"$work/status.txt"
grep -qx 'ready: *yes' "$work/status.txt" || fail "status text: $(cat "$work/status.txt")"
grep -q '^audit state: *verified up to record 0 at ' "$work/status.txt" ||
	fail "status text: $(cat "$work/status.txt")"
grep -q "^config files: *$conf, $conf.d/10-first.conf" "$work/status.txt" ||
	fail "status text: $(cat "$work/status.txt")"
# anyone else: ready and the chain, not where things live
setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" --json status \
	>"$work/nobody.json" || fail "status as nobody"
expect_eq "nobody: ready" "$(json_at "$work/nobody.json" 'j["ready"]')" "yes"
expect_eq "nobody: paths (every key is there, empty)" \
	"$(json_at "$work/nobody.json" '[j[k] for k in ("config_files", "socket", "state_dir")]')" \
	"[[], None, None]"
grep -qF "$work" "$work/nobody.json" && fail "status told nobody a path"

# the audit chain after records and a verify: up to the last record
ctl tenant create acme >/dev/null
ctl user create bob --tenant acme >/dev/null
ctl audit verify >/dev/null
n=$(ctl --json status | json_get audit_records)
case $(ctl --json status | json_get audit_state) in
"verified up to record $n at "*) ;;
*) fail "audit state after verify: $(ctl --json status | json_get audit_state)" ;;
esac

# ---- SIGHUP: drop-ins re-read; a bad one changes nothing ----
pw_ok() { printf '%s\n' "$1" | "$CTL" user passwd bob --password-stdin; }
expect_rc 0 pw_ok 'fifteen chars!!'     # 15 >= 14
printf 'password_min_length = 20\n' >"$conf.d/30-strict.conf"
kill -HUP "$daemon_pid"
for _ in $(seq 1 50); do
	[ "$(grep -c 'configuration reloaded' "$work/daemon.log")" -ge 1 ] && break
	sleep 0.1
done
expect_rc 1 pw_ok 'fifteen chars!!'     # 15 < 20: the new drop-in counts
ctl --json status | json_get config_files | grep -qF 30-strict.conf ||
	fail "status after reload: no 30-strict.conf"
# a bad drop-in: the reload fails whole, the live settings stay
printf 'password_min_length = 8\nuid_min = 5\n' >"$conf.d/40-bad.conf"
kill -HUP "$daemon_pid"
for _ in $(seq 1 50); do
	grep -q 'reload failed' "$work/daemon.log" && break
	sleep 0.1
done
grep -qF "reload failed, keeping the old settings: $conf.d/40-bad.conf:2: uid_min" \
	"$work/daemon.log" || fail "bad drop-in: $(tail -n 3 "$work/daemon.log")"
expect_rc 1 pw_ok 'fifteen chars!!'     # still 20, not 8
ctl --json status | json_get config_files | grep -qF 40-bad.conf &&
	fail "status lists the bad drop-in"
rm "$conf.d/40-bad.conf" "$conf.d/30-strict.conf"
kill -HUP "$daemon_pid"
for _ in $(seq 1 50); do
	[ "$(grep -c 'configuration reloaded' "$work/daemon.log")" -ge 2 ] && break
	sleep 0.1
done
expect_rc 0 pw_ok 'fifteen chars!!'
stop_daemon
echo ok
