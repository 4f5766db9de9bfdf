#!/usr/bin/env bash
# API keys end to end (issue 9), through the real daemon, accountsctl and
# pamtester.  A tenant admin's uid issues a key with `accountsctl key
# issue`: it is printed once, `key list` never shows it.  A service's uid
# that is no directory user keeps it in a file of its own and acts with
# `accountsctl --api-key-file F` as the key's owner, narrowed to its
# scopes; a group- or world-readable file is refused (exit 2).
#
# The revocation race: a client (key_race.py) sends ME_SHOW requests with
# a key over one connection as fast as they come back, recording each
# request's send time and status, while `accountsctl key revoke` runs
# from another process; no request sent after the revoke returned may
# succeed, and some must have succeeded before it began.  The same for
# `user disable` of the key's owner and `tenant suspend` of its tenant.
#
# Keys as application passwords (pamtester): refused while the tenant's
# switch is off, accepted once it is on, refused for a key without the
# login scope and after a revoke.  Usage: counted, kept over a restart
# (the shutdown flushes it).  No key text in the daemon's log nor in any
# audit record.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

# the racer runs as the service's uid: a python3 that uid may run (not
# one under root's home)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
RACE="$py $top_srcdir/tests/integration/key_race.py"
export LC_ALL=C
on_exit() {
	local rc=$?
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	it_cleanup $rc
}
trap on_exit EXIT
for tool in pamtester setpriv mdb_dump python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

SVC=4200 # a service's uid: no directory user
adam_pw='adams first password'
mia_pw='mias first password'

pam_env_setup
cat >"$work/accountsd.conf" <<EOF
uid_min = 3770000
uid_max = 3779999
rate_limit_per_second = 100000
rate_limit_burst = 100000
lockout_attempts = 10
EOF
start() {
	pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
		fail "accountsd did not start"
}
start
ctl tenant create acme >/dev/null
ctl tenant create globex >/dev/null
printf '%s\n' "$adam_pw" | ctl user create adam --tenant acme --role admin \
	--password-stdin >/dev/null
printf '%s\n' "$mia_pw" | ctl user create mia --tenant acme --role member \
	--password-stdin >/dev/null
ctl user create gus --tenant globex --role owner >/dev/null
adam=$(ctl --json user show adam | json_get uid)

# as UID CMD...: CMD as that uid (its own group, no others)
as() {
	local uid=$1
	shift
	setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"
}
# refused WHAT WANT CMD...: exit 1, and stderr says WANT.
refused() {
	local what=$1 want=$2
	shift 2
	expect_rc 1 "$@"
	grep -qF -- "$want" "$work/err" || fail "$what: $(cat "$work/err")"
}
svc="$work/svc"
mkdir -m 700 "$svc"
chown "$SVC:$SVC" "$svc"
# keyfile NAME: the key printed by the last `key issue` (in $work/out),
# into a private file of the service's; prints the file's path.
keyfile() {
	local f="$svc/$1.key"
	grep -o 'acd_key_[a-z2-7]\{12\}_[A-Za-z0-9_-]\{43\}' "$work/out" >"$f" ||
		fail "no key in: $(cat "$work/out")"
	chown "$SVC:$SVC" "$f"
	chmod 600 "$f"
	echo "$f"
}
prefix_of() { cut -c1-20 "$1"; }

# --- issue: printed once, never listed ---
expect_rc 0 as "$adam" "$CTL" key issue adam --scope directory:read \
	--scope self:manage --name ci --expires 90d
grep -q '^issued API key acd_key_[a-z2-7]\{12\} to adam; it is shown this once' \
	"$work/out" || fail "key issue says: $(cat "$work/out")"
k_read=$(keyfile read)
expect_eq "the key's length" "$(wc -c <"$k_read")" 65
as "$adam" "$CTL" key list >"$work/list" || fail "key list"
grep -qF "$(prefix_of "$k_read")" "$work/list" || fail "list: $(cat "$work/list")"
grep -qF "$(cut -c22- "$k_read")" "$work/list" && fail "the list shows the secret"
as "$adam" "$CTL" --json key list >"$work/list.json" || fail "key list --json"
expect_eq "listed" \
	"$(json_at "$work/list.json" '[(r["user"], r["name"], r["scopes"], r["state"], r["use_count"]) for r in j]')" \
	"[('adam', 'ci', ['directory:read', 'self:manage'], 'active', 0)]"
# bad command lines change nothing
expect_rc 2 "$CTL" key issue adam --scope directory:write
grep -qF "unknown scope 'directory:write'" "$work/err" || fail "$(cat "$work/err")"
expect_rc 2 "$CTL" key issue adam
expect_rc 2 "$CTL" key issue adam --scope login --expires 11y
expect_rc 2 "$CTL" key revoke not-a-prefix
refused "budget:override by a tenant admin" "only platform operators" \
	as "$adam" "$CTL" key issue mia --scope budget:override
refused "another tenant's user" "not in your organization" \
	as "$adam" "$CTL" key issue gus --scope directory:read
expect_eq "keys of adam" "$(ctl --json key list adam | json_at /dev/stdin 'len(j)')" 1

# --- using it from the service's uid ---
refused "the service alone" "is for directory users" as "$SVC" "$CTL" me show
as "$SVC" "$CTL" --json --api-key-file "$k_read" me show >"$work/me.json" ||
	fail "me show with the key: $(cat "$work/me.json")"
expect_eq "acting as" "$(json_at "$work/me.json" 'j["login"]')" adam
refused "a change outside the key's scopes" "do not include user:manage" \
	as "$SVC" "$CTL" --api-key-file "$k_read" user update mia \
	--display-name 'Mia M'
chmod 640 "$k_read"
expect_rc 2 as "$SVC" "$CTL" --api-key-file "$k_read" me show
grep -qF "is open to group or others (mode 0640)" "$work/err" ||
	fail "group-readable: $(cat "$work/err")"
chmod 604 "$k_read"
expect_rc 2 as "$SVC" "$CTL" --api-key-file "$k_read" me show
chmod 600 "$k_read"
expect_rc 2 as "$SVC" "$CTL" --api-key-file "$svc/missing" me show
# another's file, even to root
expect_rc 2 "$CTL" --api-key-file "$k_read" me show
grep -qF "belongs to uid $SVC, not to you" "$work/err" ||
	fail "another's file: $(cat "$work/err")"
expect_rc 2 "$CTL" --api-key-file "$k_read" --token-file "$k_read" me show

# --- the races ---
# race NAME KEYFILE CMD...: key_race.py with KEYFILE from the service's
# uid, CMD from root once 20 requests went through; then the verdict.
race() {
	local name=$1 key=$2 t0 t1
	shift 2
	rm -f "$svc/ready" "$svc/stop"
	as "$SVC" $RACE /run/accountsd/socket "$key" "$svc/ready" \
		"$svc/stop" "$svc/$name.race" &
	local racer=$!
	for _ in $(seq 1 200); do
		[ -e "$svc/ready" ] && break
		sleep 0.05
	done
	[ -e "$svc/ready" ] || fail "$name: the racer never got going"
	t0=$(date +%s%N)
	"$@" >/dev/null || fail "$name: $* failed"
	t1=$(date +%s%N)
	touch "$svc/stop"
	wait "$racer" || fail "$name: the racer failed"
	python3 - "$svc/$name.race" "$t0" "$t1" "$name" <<'PY' || fail "$name: race lost"
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
t0, t1, name = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
before = [st for t, st in rows if t < t0]
after = [st for t, st in rows if t > t1]
late = [st for st in after if st == 0]
print("%s: %d requests, %d before (%d ok), %d after the change returned "
      "(%d ok)" % (name, len(rows), len(before), before.count(0),
                   len(after), len(late)))
assert before.count(0) > 0, "nothing succeeded before the change"
assert len(after) >= 100, "too few requests after the change"
assert not late, "a request sent after the change succeeded"
assert all(st == 2 for st in after), "after: not DENIED: %r" % set(after)
PY
}
race revoke "$k_read" "$CTL" key revoke "$(prefix_of "$k_read")"
refused "a revoked key" "the API key is not valid" \
	as "$SVC" "$CTL" --api-key-file "$k_read" me show

expect_rc 0 as "$adam" "$CTL" key issue mia --scope self:manage
k_mia=$(keyfile mia)
race disable "$k_mia" "$CTL" user disable mia --reason race
refused "a disabled owner's key" "account mia is disabled" \
	as "$SVC" "$CTL" --api-key-file "$k_mia" me show
ctl user enable mia >/dev/null
as "$SVC" "$CTL" --api-key-file "$k_mia" me show >/dev/null ||
	fail "mia's key once she is enabled"

expect_rc 0 as "$adam" "$CTL" key issue adam --scope directory:read
k_adam=$(keyfile adam)
race suspend "$k_adam" "$CTL" tenant suspend acme --reason race
refused "a suspended tenant's key" "organization acme is suspended" \
	as "$SVC" "$CTL" --api-key-file "$k_adam" me show
ctl tenant reactivate acme >/dev/null
as "$SVC" "$CTL" --api-key-file "$k_adam" me show >/dev/null ||
	fail "adam's key once acme is reactivated"

# --- keys as application passwords (pamtester) ---
expect_rc 0 as "$adam" "$CTL" key issue mia --scope login --name imap
k_login=$(keyfile login)
expect_rc 0 as "$adam" "$CTL" key issue mia --scope directory:read
k_nologin=$(keyfile nologin)
expect_rc 1 pam_run accounts-test mia "$(cat "$k_login")" authenticate
ctl --json tenant show acme >"$work/acme.json"
expect_eq "switch off" "$(json_at "$work/acme.json" 'j["app_passwords"]')" off
refused "a member switches it on" "does not grant tenant:manage" \
	as "$(ctl --json user show mia | json_get uid)" "$CTL" tenant update \
	--app-passwords on
expect_rc 2 as "$adam" "$CTL" tenant update --app-passwords maybe
expect_rc 0 as "$adam" "$CTL" tenant update --app-passwords on
grep -qF "app passwords on" "$work/out" || fail "update says: $(cat "$work/out")"
expect_rc 0 pam_run accounts-test mia "$(cat "$k_login")" authenticate acct_mgmt
expect_rc 1 pam_run accounts-test mia "$(cat "$k_nologin")" authenticate
expect_rc 1 pam_run accounts-test adam "$(cat "$k_login")" authenticate
expect_rc 0 pam_run accounts-test mia "$mia_pw" authenticate
ctl key revoke "$(prefix_of "$k_login")" >/dev/null
expect_rc 1 pam_run accounts-test mia "$(cat "$k_login")" authenticate
ctl --json audit list --action auth --limit 1000 >"$work/auth.json"
json_at "$work/auth.json" '[r.get("reason", "") + r.get("message", "") for r in j]' |
	grep -qF "$(prefix_of "$k_login") refused as password" ||
	fail "the refused key is not on record: $(cat "$work/auth.json")"

# --- usage: counted, and kept over a restart ---
ctl --json key usage "$(prefix_of "$k_adam")" >"$work/usage.json"
uses=$(json_at "$work/usage.json" 'j["use_count"]')
[ "$uses" -gt 20 ] || fail "adam's key counted $uses uses"
ctl --json tenant usage acme >"$work/tenant.json"
units=$(json_at "$work/tenant.json" 'j["units"]')
[ "$units" -gt 60 ] || fail "acme counted $units units"
ctl usage record acme 1000 >/dev/null
expect_rc 2 "$CTL" usage record acme 0
expect_rc 2 "$CTL" usage record acme 1000001
stop_daemon
start
expect_eq "uses kept" \
	"$(ctl --json key usage "$(prefix_of "$k_adam")" | json_get use_count)" "$uses"
expect_eq "units kept" "$(ctl --json tenant usage acme | json_get units)" \
	"$((units + 1000))"

# --- the records: a key's prefix, never its text ---
stop_daemon
for f in "$svc"/*.key; do
	secret=$(cut -c22- "$f")
	grep -qF -- "$secret" "$work/daemon.log" && fail "a key in the daemon's log"
done
mdb_dump -s audit "$work/state" >"$work/audit.dump"
python3 - "$work/audit.dump" "$svc"/*.key <<'PY' || fail "a key in the audit records"
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
recs = [bytes.fromhex(v) for v in vals]
assert recs, "no audit records"
for path in sys.argv[2:]:
    secret = open(path).read().strip()[21:].encode()
    for r in recs:
        assert secret not in r, path
PY
echo "PASS: it_apikeys"
