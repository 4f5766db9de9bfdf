#!/usr/bin/env bash
# Export and import (issue 10) with the real daemon and accountsctl: a
# directory (tenants, a suspended one, users with passwords, a disabled
# one, custom groups with members) exported, imported into an empty
# daemon, exported again: the two exports are identical, getent agrees
# and the passwords still work.  Bad lines are usage errors naming
# FILE:LINE, and refusals of the daemon name the line too; either way
# nothing changes.  Export and import are root's only (no file left
# behind); `user import --skip-existing`.
. "$top_srcdir/tests/integration/lib.sh"
export LC_ALL=C

start_daemon
ctl tenant create acme --name "Acme, Inc." >/dev/null
ctl tenant create globex >/dev/null
ctl user create alice --tenant acme --role owner --email alice@acme.test \
	--display-name "Alice Ä" >/dev/null
ctl user create bob --tenant acme --shell /bin/sh --home /srv/bob >/dev/null
ctl user create gus --tenant globex --role admin >/dev/null
echo 'alice-pw-1234567' | ctl user passwd alice --password-stdin >/dev/null
echo 'gus-pw-12345678' | ctl user passwd gus --password-stdin >/dev/null
ctl user delete bob >/dev/null
ctl user create carl --tenant acme >/dev/null
ctl user disable carl >/dev/null
ctl group create acme devs >/dev/null
ctl group add-member acme-devs alice >/dev/null
ctl group add-member acme-devs carl >/dev/null
ctl group create globex ops >/dev/null
ctl tenant suspend globex --reason "unpaid" >/dev/null

ctl export "$work/one.jsonl"
expect_eq "export mode" "$(stat -c %a "$work/one.jsonl")" 600
grep -q '"type":"tenant","slug":"acme","name":"Acme, Inc."' \
	"$work/one.jsonl" || fail "tenant line: $(cat "$work/one.jsonl")"
grep -q '"login":"alice".*"password_hash":"\$argon2id\$' "$work/one.jsonl" ||
	fail "no hash exported"
grep -q '"login":"bob"' "$work/one.jsonl" && fail "a deleted user exported"
ctl export --tenant acme >"$work/acme.jsonl"
grep -q globex "$work/acme.jsonl" && fail "--tenant acme shows globex"
expect_rc 1 "$CTL" export "$work/one.jsonl"
expect_rc 2 "$CTL" export a b
expect_rc 1 "$CTL" export --tenant nope
mkdir -m 1777 "$work/open"
expect_rc 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CTL" export "$work/open/x.jsonl"
[ ! -e "$work/open/x.jsonl" ] || fail "a refused export left its file"
getent_before=$(nss getent passwd alice carl gus)
stop_daemon

# --- a new, empty directory ---
rm -rf "$work/state"
start_daemon

# bad lines: usage errors naming the line, nothing sent
bad() {
	local want=$1
	shift
	printf '%s\n' "$@" >"$work/bad.jsonl"
	expect_rc 2 "$CTL" import "$work/bad.jsonl"
	grep -qF -- "$work/bad.jsonl:$want" "$work/err" ||
		fail "bad line: $(cat "$work/err")"
}
good=$(head -n 1 "$work/one.jsonl")
bad "2: not a JSON object" "$good" 'hello'
bad "1: unknown member \"colour\"" \
	'{"type":"tenant","slug":"x1","name":null,"state":"active","gid":1,"admin_gid":2,"app_passwords":false,"colour":1}'
bad "1: \"gid\" is missing" \
	'{"type":"tenant","slug":"x1","name":null,"state":"active","admin_gid":2,"app_passwords":false}'
bad "2: \"type\" must be tenant, user or group" "$good" '{"type":"role"}'
bad "1: unterminated string" '{"type":"tenant'
bad "1: \"state\" must be active or suspended" \
	'{"type":"tenant","slug":"x1","name":null,"state":"gone","gid":1,"admin_gid":2,"app_passwords":false}'
ctl --json status >"$work/s.json"
expect_eq "nothing imported" "$(json_at "$work/s.json" 'j["tenants"]')" 0

# refusals of the daemon name the line, and change nothing
sed 's/"login":"carl","uid":[0-9]*/"login":"carl","uid":5/' \
	"$work/one.jsonl" >"$work/low.jsonl"
line=$(grep -n '"login":"carl"' "$work/low.jsonl" | cut -d: -f1)
expect_rc 1 "$CTL" import "$work/low.jsonl"
grep -qF "$work/low.jsonl:$line: uid 5 is outside" "$work/err" ||
	fail "low uid: $(cat "$work/err")"
sed 's/"password_hash":"\$argon2id\$[^"]*"/"password_hash":"plain"/' \
	"$work/one.jsonl" >"$work/plain.jsonl"
expect_rc 1 "$CTL" import "$work/plain.jsonl"
grep -q "plain.jsonl:[0-9]*: password_hash is not an Argon2id hash" \
	"$work/err" || fail "plain hash: $(cat "$work/err")"
# a hash whose every verification would take 4 GiB and hours
sed 's/"password_hash":"\$argon2id\$v=19\$m=[0-9]*,t=[0-9]*,p=1\$/"password_hash":"$argon2id$v=19$m=4194304,t=4000000,p=1$/' \
	"$work/one.jsonl" >"$work/costly.jsonl"
grep -q 'm=4194304' "$work/costly.jsonl" || fail "costly.jsonl not made"
expect_rc 1 "$CTL" import "$work/costly.jsonl"
grep -q "costly.jsonl:[0-9]*: password_hash costs m=4194304 KiB, t=4000000" \
	"$work/err" || fail "costly hash: $(cat "$work/err")"
# a shell the host does not list, checked by the daemon as for user create
sed 's|"shell":"/bin/bash"|"shell":"/tmp/evil-shell"|' \
	"$work/one.jsonl" >"$work/shell.jsonl"
grep -q '/tmp/evil-shell' "$work/shell.jsonl" || fail "shell.jsonl not made"
expect_rc 1 "$CTL" import "$work/shell.jsonl"
grep -q "shell.jsonl:[0-9]*: shell '/tmp/evil-shell' is not listed" \
	"$work/err" || fail "unlisted shell: $(cat "$work/err")"
ctl --json status >"$work/s.json"
expect_eq "nothing imported" "$(json_at "$work/s.json" 'j["tenants"]')" 0
install -m 644 "$work/one.jsonl" "$work/open/readable.jsonl"
expect_rc 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CTL" import "$work/open/readable.jsonl"
grep -q "permission denied: import" "$work/err" || fail "$(cat "$work/err")"

# the real import: identical, resolvable, passwords working
ctl import "$work/one.jsonl" >"$work/out"
grep -q "imported 2 tenants, 3 users" "$work/out" || fail "$(cat "$work/out")"
ctl export "$work/two.jsonl"
diff "$work/one.jsonl" "$work/two.jsonl" || fail "the exports differ"
expect_eq "getent" "$(nss getent passwd alice carl gus)" "$getent_before"
ctl tenant reactivate globex >/dev/null
echo 'alice-pw-1234567' >"$work/pw"
expect_rc 0 "$CTL" login alice <"$work/pw"
echo 'gus-pw-12345678' >"$work/pw"
expect_rc 0 "$CTL" login gus <"$work/pw"
echo 'wrong-password-1' >"$work/pw"
expect_rc 1 "$CTL" login alice <"$work/pw"
# the ids imported are never handed out again
ctl user create dora --tenant acme >/dev/null
max=$(grep -o '"uid":[0-9]*' "$work/one.jsonl" | cut -d: -f2 | sort -n | tail -1)
[ "$(ctl --json user show dora | json_get uid)" -gt "$max" ] ||
	fail "dora's uid is not above the imported ones"
# importing it again: the first line is refused, nothing changes
expect_rc 1 "$CTL" import "$work/one.jsonl"
grep -qF "$work/one.jsonl:1: tenant 'acme' already exists" "$work/err" ||
	fail "again: $(cat "$work/err")"

# user import --skip-existing
printf 'alice:acme\nerin:acme\n' >"$work/users.txt"
expect_rc 1 "$CTL" user import "$work/users.txt"
expect_rc 0 "$CTL" user import --skip-existing "$work/users.txt"
grep -q "created 1 user, skipped 1 existing" "$work/out" ||
	fail "skip: $(cat "$work/out")"
[ ! -s "$work/err" ] || fail "progress on a non-terminal: $(cat "$work/err")"
stop_daemon
echo PASS
