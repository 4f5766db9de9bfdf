#!/usr/bin/env bash
# Tenant lifecycle and user status through the real accountsctl, daemon
# and NSS module: suspend/reactivate, disable/enable, deprovision and
# finalize (after which getent no longer finds the tenant's names), and
# the exit code of every refused transition.
. "$top_srcdir/tests/integration/lib.sh"

start_daemon
ctl tenant create acme --name "Acme Corp" >/dev/null
ctl user create alice --tenant acme --role owner >/dev/null
ctl user create bob --tenant acme >/dev/null
ctl tenant create other >/dev/null
ctl user create olga --tenant other --role owner >/dev/null

# Suspend: a reason is required; the confirmation and `tenant show` say so.
expect_rc 2 "$CTL" tenant suspend acme
expect_eq "suspend" "$(ctl tenant suspend acme --reason "unpaid invoice")" \
	"suspended tenant acme: unpaid invoice"
show=$(ctl tenant show acme)
echo "$show" | grep -q '^status: *suspended$' || fail "show: $show"
echo "$show" | grep -q '^status reason: *unpaid invoice$' || fail "show: $show"
echo "$show" | grep -q '^suspended at: *20[0-9][0-9]-' || fail "show: $show"
echo "$show" | grep -q '^status updated by: *root$' || fail "show: $show"
expect_eq "json status" "$(ctl --json tenant show acme | json_get status)" \
	"suspended"
# Users of a suspended tenant still resolve (files keep their owner).
expect_rc 0 nss getent passwd alice
# A second suspend is refused (exit 1), with the reason on stderr.
expect_rc 1 "$CTL" tenant suspend acme --reason again
grep -q "tenant acme is already suspended" "$work/err" ||
	fail "suspend twice: $(cat "$work/err")"
expect_rc 1 "$CTL" tenant finalize acme
grep -q "tenant acme is suspended; deprovision it first" "$work/err" ||
	fail "finalize suspended: $(cat "$work/err")"

expect_eq "reactivate" "$(ctl tenant reactivate acme)" "reactivated tenant acme"
show=$(ctl tenant show acme)
echo "$show" | grep -q '^status: *active$' || fail "show: $show"
echo "$show" | grep -q '^suspended at' && fail "suspended at after reactivation"
expect_rc 1 "$CTL" tenant reactivate acme
expect_eq "json reactivate" \
	"$(ctl --json tenant suspend acme --reason x | json_get status)" "suspended"
ctl tenant reactivate acme --reason "paid" >/dev/null

# Disable and enable: a disabled user still resolves.
expect_eq "disable" "$(ctl user disable bob --reason "on leave")" \
	"disabled user bob: on leave"
expect_eq "bob's status" "$(ctl --json user show bob | json_get status)" "disabled"
expect_rc 0 nss getent passwd bob
expect_eq "enable" "$(ctl user enable bob)" "enabled user bob"
expect_eq "bob's status" "$(ctl --json user show bob | json_get status)" "active"
# The last active owner cannot be disabled; a deleted user cannot be enabled.
expect_rc 1 "$CTL" user disable alice
grep -q "last active owner" "$work/err" || fail "last owner: $(cat "$work/err")"
ctl user delete bob >/dev/null
expect_rc 1 "$CTL" user enable bob
expect_rc 1 "$CTL" user disable nosuchuser

# Finalize is guarded: only from deprovisioning.
expect_rc 1 "$CTL" tenant finalize acme
grep -q "tenant acme is active; deprovision it first" "$work/err" ||
	fail "finalize active: $(cat "$work/err")"
expect_rc 2 "$CTL" tenant deprovision acme
expect_eq "deprovision" "$(ctl tenant deprovision acme --reason "contract ended")" \
	"deprovisioning tenant acme: contract ended"
ctl tenant show acme | grep -q '^deprovisioned at: *20' || fail "no deprovisioned at"
expect_rc 1 "$CTL" tenant reactivate acme
expect_rc 1 "$CTL" tenant suspend acme --reason x
expect_rc 0 nss getent passwd alice
expect_eq "finalize" "$(ctl tenant finalize acme)" "finalized tenant acme"
expect_rc 1 "$CTL" tenant finalize acme
expect_rc 1 "$CTL" tenant deprovision acme --reason again

# After finalize nothing of acme resolves; the other tenant does.
expect_rc 2 nss getent passwd alice
expect_rc 2 nss getent group acme
expect_rc 2 nss getent group acme-admins
nss id alice >/dev/null 2>&1 && fail "id alice still works"
expect_eq "olga" "$(nss getent passwd olga | cut -d: -f1)" "olga"
expect_eq "other" "$(nss getent group other | cut -d: -f1)" "other"
expect_eq "acme's status" "$(ctl --json tenant show acme | json_get status)" \
	"deprovisioned"

# The state survives a restart.
stop_daemon
start_daemon
expect_rc 2 nss getent passwd alice
echo "PASS"
