#!/usr/bin/env bash
# Sign-in tokens end to end (issue 8): a "panel" uid that is no directory
# user signs in as a tenant admin with the real accountsctl, keeps the
# tokens in a token file of its own, and runs `accountsctl --token-file F
# user list` as that admin: it sees that tenant, and only that one.  The
# file must be private; refresh rewrites it, and the old refresh token
# presented again ends the sign-in; logout ends one; a password change
# ends them all; a token-less call from the panel is refused.  Then the
# records: the panel's uid named beside the admin, and no token in the
# daemon's log nor in any audit record.
. "$top_srcdir/tests/integration/lib.sh"
export LC_ALL=C
PTY="python3 $top_srcdir/tests/integration/pty_answer.py"
for tool in setpriv mdb_dump python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps)"
done

PANEL=4100 # a uid the directory does not know
adam_pw='adams first password'
mia_pw='mias first password'
gus_pw='guss first password'

# the panel signs in more often than a person would: a bigger burst
printf '%s\n' 'uid_min = 3750000' 'uid_max = 3759999' 'auth_burst = 100' \
	>"$work/accountsd.conf"
start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
ctl tenant create globex >/dev/null
printf '%s\n' "$adam_pw" | ctl user create adam --tenant acme --role admin \
	--password-stdin >/dev/null
printf '%s\n' "$mia_pw" | ctl user create mia --tenant acme --role member \
	--password-stdin >/dev/null
printf '%s\n' "$gus_pw" | ctl user create gus --tenant globex --role owner \
	--password-stdin >/dev/null

# the panel's own directory and files
panel="$work/panel"
mkdir -m 700 "$panel"
chown "$PANEL:$PANEL" "$panel"
tok="$panel/adam.token"

# as_panel CMD...: accountsctl as the panel's uid.
as_panel() {
	setpriv --reuid="$PANEL" --regid="$PANEL" --clear-groups "$CTL" "$@"
}
# refused WHAT WANT CMD...: exit 1, and stderr says WANT.
refused() {
	local what=$1 want=$2
	shift 2
	expect_rc 1 "$@"
	grep -qF -- "$want" "$work/err" || fail "$what: $(cat "$work/err")"
}
logins() { # logins FILE: the logins of a --json user list
	json_at "$1" '" ".join(sorted(r["login"] for r in j))'
}

# --- the panel alone is nobody ---
refused "a panel without a token" "not a directory user" \
	as_panel user list

# --- login, into the panel's token file ---
printf '%s\n' "$adam_pw" | as_panel --token-file "$tok" login adam \
	>"$work/out" 2>"$work/err" || fail "login: $(cat "$work/err")"
grep -q '^signed in as adam (tenant acme); tokens in ' "$work/out" ||
	fail "login says: $(cat "$work/out")"
grep -q 'acd_' "$work/out" && fail "login printed a token: $(cat "$work/out")"
expect_eq "token file mode" "$(stat -c '%a %u' "$tok")" "600 $PANEL"
grep -q '^access_token: *acd_access_' "$tok" || fail "token file: no access token"
grep -q '^refresh_token: *acd_refresh_' "$tok" || fail "token file: no refresh token"
ls "$panel" | grep -v '^adam.token$' && fail "a temporary file was left behind"

# --- acting as adam ---
as_panel --token-file "$tok" --json user list >"$work/list.json" ||
	fail "user list with the token"
expect_eq "adam's tenant" "$(logins "$work/list.json")" "adam mia"
as_panel --json --token-file "$tok" me show >"$work/me.json" ||
	fail "me show with the token"
expect_eq "me" "$(json_at "$work/me.json" 'j["login"]')" adam
refused "another tenant" "not in your organization" \
	as_panel --token-file "$tok" user list --tenant globex
refused "another tenant's user" "not in your organization" \
	as_panel --token-file "$tok" user show gus
# the global option goes anywhere among the arguments
as_panel user update mia --display-name 'Mia M' --token-file "$tok" \
	>/dev/null || fail "user update with the token"
expect_eq "changed" "$(ctl --json user show mia | json_get display_name)" 'Mia M'
# root with adam's token is adam
refused "root as adam" "not in your organization" \
	"$CTL" --token-file "$tok" user show gus

# --- the token file must be private, and a token file ---
chmod 640 "$tok"
expect_rc 2 as_panel --token-file "$tok" user list
grep -qF "is open to group or others (mode 0640)" "$work/err" ||
	fail "group-readable: $(cat "$work/err")"
chmod 600 "$tok"
printf 'nothing here\n' >"$panel/empty"
chown "$PANEL" "$panel/empty"
chmod 600 "$panel/empty"
expect_rc 2 as_panel --token-file "$panel/empty" user list
grep -qF "holds no access token" "$work/err" || fail "empty: $(cat "$work/err")"
expect_rc 2 as_panel --token-file "$panel/nonexistent" user list
grep -qF "cannot open token file" "$work/err" || fail "missing: $(cat "$work/err")"

# --- refresh rewrites the file; the old pair is dead ---
cp -p "$tok" "$panel/old.token"
as_panel --token-file "$tok" refresh >"$work/out" 2>"$work/err" ||
	fail "refresh: $(cat "$work/err")"
grep -q '^sign-in renewed as adam (tenant acme)' "$work/out" ||
	fail "refresh says: $(cat "$work/out")"
cmp -s "$tok" "$panel/old.token" && fail "refresh left the file as it was"
expect_eq "renewed mode" "$(stat -c '%a' "$tok")" 600
as_panel --token-file "$tok" user list >/dev/null || fail "the renewed token"
refused "the old access token" "the sign-in token is not valid" \
	as_panel --token-file "$panel/old.token" user list
# presented again, the old refresh token ends the whole sign-in
refused "a refresh token used twice" "the refresh token was used before" \
	as_panel --token-file "$panel/old.token" refresh
refused "the sign-in after reuse" "the sign-in token is not valid" \
	as_panel --token-file "$tok" user list

# --- login to standard output; refresh and logout through stdin ---
printf '%s\n' "$adam_pw" | as_panel --json login adam >"$work/login.json" ||
	fail "login --json"
expect_eq "login json" \
	"$(json_at "$work/login.json" '(j["login"], j["tenant"], j["access_token"][:11], j["refresh_token"][:12])')" \
	"('adam', 'acme', 'acd_access_', 'acd_refresh_')"
as_panel refresh <"$work/login.json" >"$work/pair" 2>"$work/err" ||
	fail "refresh from stdin: $(cat "$work/err")"
grep -q '^access_token: *acd_access_' "$work/pair" || fail "refresh printed: $(cat "$work/pair")"
as_panel logout <"$work/pair" >"$work/out" 2>"$work/err" ||
	fail "logout from stdin: $(cat "$work/err")"
# the pair, and the refresh token it was renewed from
expect_eq "logout says" "$(cat "$work/out")" "signed out adam (3 tokens revoked)"
refused "a logged-out refresh token" "the sign-in token is not valid" \
	as_panel refresh <"$work/pair"

# on a terminal: the password is asked for without echo
rc=0
$PTY "$PANEL" "$PANEL" "Password: =$adam_pw" -- "$CTL" login adam \
	>"$work/pty.out" 2>&1 || rc=$?
[ $rc -eq 0 ] || fail "login on a terminal exited $rc: $(cat "$work/pty.out")"
grep -q 'access_token: *acd_access_' "$work/pty.out" ||
	fail "pty: $(cat "$work/pty.out")"
grep -qF "$adam_pw" "$work/pty.out" &&
	fail "the terminal echoed the password: $(cat "$work/pty.out")"
as_panel logout <"$work/pty.out" >/dev/null || fail "logout of the pty's"

# --- logout with the token file ---
printf '%s\n' "$adam_pw" | as_panel --token-file "$tok" login adam >/dev/null ||
	fail "login again"
as_panel --token-file "$tok" user list >/dev/null || fail "signed in again"
as_panel --json --token-file "$tok" logout >"$work/logout.json" ||
	fail "logout"
expect_eq "logout json" \
	"$(json_at "$work/logout.json" '(j["login"], j["signed_out"], j["tokens_revoked"])')" \
	"('adam', True, 2)"
refused "after logout" "the sign-in token is not valid" \
	as_panel --token-file "$tok" user list

# --- refusals: a wrong password, a member's limits ---
printf '%s\n' 'not adams password' | refused "wrong password" \
	"wrong login or password" as_panel login adam
printf '%s\n' "$mia_pw" | as_panel --token-file "$panel/mia.token" login mia \
	>/dev/null || fail "mia's login"
refused "a member creates a user" "does not grant user:manage" \
	as_panel --token-file "$panel/mia.token" user create eve --tenant acme
# a password change ends every sign-in of its user
printf '%s\n' 'mias second password' | ctl user passwd mia --password-stdin \
	>/dev/null
refused "after a password change" "the sign-in token is not valid" \
	as_panel --token-file "$panel/mia.token" me show

# --- the records ---
"$CTL" --json audit list --actor "adam (token, uid $PANEL)" --limit 1000 \
	>"$work/audit.json" || fail "audit list"
expect_eq "the panel's work, in adam's name" \
	"$(json_at "$work/audit.json" 'sorted({(r["action"], r["target"], r["result"]) for r in j})')" \
	"[('user-list', None, 'permission_denied'), ('user-show', 'gus', 'permission_denied'), ('user-update', 'mia', 'ok')]"
"$CTL" --json audit list --action login --limit 1000 >"$work/audit.json" ||
	fail "audit list login"
expect_eq "logins" \
	"$(json_at "$work/audit.json" 'sorted({(r["actor"]["text"], r["target"], r["result"]) for r in j})')" \
	"[('uid $PANEL', 'adam', 'ok'), ('uid $PANEL', 'adam', 'permission_denied'), ('uid $PANEL', 'mia', 'ok')]"
"$CTL" --json audit list --action refresh --limit 1000 >"$work/audit.json" ||
	fail "audit list refresh"
json_at "$work/audit.json" '[r["message"] for r in j]' |
	grep -q "the refresh token was used before" ||
	fail "the reuse is not on record: $(cat "$work/audit.json")"

stop_daemon
if grep -qE 'acd_(access|refresh)_' "$work/daemon.log"; then
	fail "a token in the daemon's log: $(grep -E 'acd_' "$work/daemon.log")"
fi
mdb_dump -s audit "$work/state" >"$work/audit.dump"
python3 - "$work/audit.dump" <<'PY' || fail "a token in the audit records"
import sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
recs = [bytes.fromhex(v) for v in vals]
assert recs, "no audit records"
assert not any(b"acd_" in r for r in recs)
PY
echo "PASS"
