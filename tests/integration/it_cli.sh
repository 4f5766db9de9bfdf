#!/usr/bin/env bash
# A CLI that never surprises (issue 10), with the real daemon and
# accountsctl: shells must be in /etc/shells (accountsctl says so before
# sending; the daemon refuses a raw request that bypasses it, reads the
# file again when it changes, and refuses a default_shell it does not
# list); a user's status reads "locked" during a lockout and the tenant's
# state when the tenant is not active; --json always has every field, and
# audit actors come in parts.
. "$top_srcdir/tests/integration/lib.sh"
WIRE="python3 $top_srcdir/tests/integration/wire.py"
export LC_ALL=C
trap 'it_cleanup' EXIT

# the host's login shells: a copy of our own over /etc/shells
printf '# /etc/shells\n/bin/sh\n/bin/bash\n' >"$work/shells"
mount --bind "$work/shells" /etc/shells

# ---- default_shell must be listed: checked at config load ----
printf 'uid_min = 70000\ndefault_shell = /usr/bin/fish\n' >"$work/bad.conf"
rc=0
"$ACCTD" --foreground --socket "$work/bad.sock" --state-dir "$work/bad" \
	--config "$work/bad.conf" >"$work/bad.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "accountsd started with an unlisted default_shell"
grep -q "bad.conf:2: default_shell /usr/bin/fish is not listed in /etc/shells" \
	"$work/bad.log" || fail "default_shell error: $(cat "$work/bad.log")"

cat >"$work/accountsd.conf" <<'EOF2'
lockout_attempts = 3
lockout_window_s = 600
lockout_duration_s = 600
EOF2
start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme --role owner >/dev/null
printf 'alices password 1\n' | ctl user passwd alice --password-stdin >/dev/null

# ---- shells: the CLI, before sending ----
expect_rc 2 "$CTL" --socket "$work/nowhere" user create bob --tenant acme \
	--shell /usr/bin/fish
grep -q "shell /usr/bin/fish is not listed in /etc/shells" "$work/err" ||
	fail "CLI shell message: $(cat "$work/err")"
expect_rc 2 "$CTL" user update alice --shell /usr/bin/fish
expect_rc 0 "$CTL" user create bob --tenant acme --shell /bin/sh

# ---- shells: the daemon, the authority, to a raw request ----
out=$($WIRE user_shell "$work/sock" create carl acme /usr/bin/fish)
expect_eq "raw create" "$out" \
	"status 7 shell '/usr/bin/fish' is not listed in /etc/shells"
expect_rc 1 "$CTL" user show carl
out=$($WIRE user_shell "$work/sock" update bob "" /usr/bin/fish)
expect_eq "raw update" "$out" \
	"status 7 shell '/usr/bin/fish' is not listed in /etc/shells"
expect_eq "bob's shell" "$(ctl --json user show bob | json_get shell)" /bin/sh
# the administrator lists it: the next request sees it, no reload
printf '/usr/bin/fish\n' >>"$work/shells"
out=$($WIRE user_shell "$work/sock" create carl acme /usr/bin/fish)
expect_eq "raw create, now listed" "$out" "status 0 "
expect_eq "carl's shell" "$(ctl --json user show carl | json_get shell)" \
	/usr/bin/fish

# ---- status words ----
for i in 1 2 3; do
	$WIRE auth "$work/sock" alice "not her password" >/dev/null
done
ctl user list --tenant acme >"$work/list"
grep -Eq '^alice +[0-9]+ +[0-9]+ +acme +owner +locked' "$work/list" ||
	fail "alice is not locked in the list: $(cat "$work/list")"
expect_eq "show, locked" "$(ctl --json user show alice | json_get status)" locked
ctl user unlock alice >/dev/null
expect_eq "unlocked" "$(ctl --json user show alice | json_get status)" active
ctl tenant suspend acme --reason unpaid >/dev/null
expect_eq "suspended tenant" "$(ctl --json user show bob | json_get status)" suspended
ctl tenant deprovision acme --reason gone >/dev/null
ctl tenant finalize acme >/dev/null
ctl --json user list --tenant acme >"$work/users.json"
expect_eq "finalized tenant" \
	"$(json_at "$work/users.json" 'sorted({u["status"] for u in j})')" \
	"['deprovisioned']"

# ---- JSON: every field of the schema, always ----
python3 - "$work/users.json" <<'PY' || fail "user list --json: $(cat "$work/users.json")"
import json, sys
users = json.load(open(sys.argv[1]))
keys = {"login", "uid", "gid", "tenant", "tenant_gid", "role", "custom_role",
        "status", "display_name", "email", "home", "shell", "uuid",
        "created_at", "updated_at", "deleted_at", "status_reason",
        "locked_until", "failed_logins", "email_verified_at", "given_name",
        "family_name", "avatar_url", "bio", "timezone", "locale",
        "deactivated_at", "home_removal", "home_detail"}
for u in users:
    assert set(u) == keys, sorted(set(u) ^ keys)
    assert u["email"] is None and u["bio"] is None, u
    # RFC 9562: version 4, variant 10
    h = u["uuid"].replace("-", "")
    assert h[12] == "4" and h[16] in "89ab", u["uuid"]
PY
ctl --json tenant show acme >"$work/tenant.json"
expect_eq "tenant keys" "$(json_at "$work/tenant.json" '(j["plan"], j["trial_ends_at"], "app_passwords" in j)')" \
	"(None, None, True)"

# ---- audit actors in parts ----
SUDO_USER=alice "$CTL" tenant create globex >/dev/null || fail "tenant create"
ctl --json audit list --action tenant-create >"$work/audit.json"
expect_eq "sudo actor" "$(json_at "$work/audit.json" 'j[-1]["actor"]')" \
	"{'uid': 0, 'name': 'root', 'via_sudo': 'alice', 'via_token': False, 'via_key': None, 'text': 'root (sudo by alice)'}"
expect_eq "root actor" "$(json_at "$work/audit.json" 'j[0]["actor"]["name"], j[0]["actor"]["uid"], j[0]["actor"]["via_sudo"]')" \
	"('root', 0, None)"
echo "PASS: it_cli"
