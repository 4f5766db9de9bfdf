#!/usr/bin/env bash
# Who may do what, through the real accountsctl run as different Unix
# users: root (and root under sudo), a member of operator_group, one of
# support_group, a tenant admin, a member, a viewer, another tenant's
# owner and an anonymous uid.  Each result is checked, and so is who the
# daemon's log says acted; over its rate a caller is told when to return.
. "$top_srcdir/tests/integration/lib.sh"

# The host's own operator and support people, in copies of /etc/passwd
# and /etc/group bind-mounted over the real ones (namespace only).
cp /etc/passwd "$work/passwd"
cp /etc/group "$work/group"
cat >>"$work/passwd" <<'EOF2'
opsy:x:4801:4801::/nonexistent:/usr/sbin/nologin
helper:x:4802:4802::/nonexistent:/usr/sbin/nologin
EOF2
cat >>"$work/group" <<'EOF2'
acct-ops:x:4901:opsy
acct-support:x:4902:helper
EOF2
mount --bind "$work/passwd" /etc/passwd
mount --bind "$work/group" /etc/group
cat >"$work/accountsd.conf" <<'EOF2'
operator_group = acct-ops
support_group = acct-support
rate_limit_burst = 40
rate_limit_per_second = 1
EOF2

start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
ctl tenant create globex >/dev/null
ctl user create ann --tenant acme --role owner >/dev/null
ctl user create adam --tenant acme --role admin >/dev/null
ctl user create mia --tenant acme --role member >/dev/null
ctl user create vic --tenant acme --role viewer >/dev/null
ctl user create gus --tenant globex --role owner >/dev/null
ctl user create gina --tenant globex >/dev/null

uid_of() { ctl --json user show "$1" | json_get uid; }
# as UID [GID...] CMD...: run accountsctl as that uid with those groups.
as() {
	local uid=$1 groups=(--clear-groups)
	[ -z "$2" ] || groups=(--groups="$2")
	shift 2
	setpriv --reuid="$uid" --regid="$uid" "${groups[@]}" "$CTL" "$@"
}
ann=$(uid_of ann)
adam=$(uid_of adam)
mia=$(uid_of mia)
vic=$(uid_of vic)
gus=$(uid_of gus)

# refused WHAT WANT CMD...: exit 1, and stderr says WANT.
refused() {
	local what=$1 want=$2
	shift 2
	expect_rc 1 "$@"
	grep -qF -- "$want" "$work/err" || fail "$what: $(cat "$work/err")"
}

# -- the operator group manages every tenant, as itself
expect_rc 0 as 4801 4901 user disable gina --reason "left"
grep -q "\[conn [0-9]* pid [0-9]* uid 4801 opsy\] disabled user 'gina'" \
	"$work/daemon.log" || fail "the log does not name opsy"
# the same uid without the group is nobody
refused "ops without group" "not a directory user or platform operator" \
	as 4801 "" user show gina

# -- support reads across tenants and changes nothing
expect_rc 0 as 4802 4902 user show gina
expect_rc 0 as 4802 4902 tenant list
refused "support writes" \
	"permission denied: user-enable: support may read but not change" \
	as 4802 4902 user enable gina

# -- root under sudo is named with the human behind it
SUDO_USER=alice "$CTL" user enable gina >/dev/null ||
	fail "root could not enable gina"
grep -q "uid 0 root (sudo by alice)\] enabled user 'gina'" \
	"$work/daemon.log" || fail "the log does not name sudo's user"

# -- a tenant admin runs its own tenant without naming it ...
expect_rc 0 as "$adam" "" user create newbie
expect_eq "new user's tenant" \
	"$(as "$adam" "" --json user show newbie | json_get tenant)" acme
as "$adam" "" --json user list >"$work/list.json" ||
	fail "adam cannot list users"
expect_eq "adam's list" \
	"$(json_at "$work/list.json" 'sorted({u["tenant"] for u in j})')" \
	"['acme']"
expect_rc 0 as "$adam" "" tenant show
grep -q '^slug: *acme$' "$work/out" || fail "tenant show: $(cat "$work/out")"
# ... is refused another's, in words that do not say what exists there
refused "adam on gina" \
	"permission denied: user-deactivate 'gina': not in your organization" \
	as "$adam" "" user deactivate gina
refused "adam on nobody" \
	"permission denied: user-deactivate 'nosuch': not in your organization" \
	as "$adam" "" user deactivate nosuch
refused "adam on globex" \
	"permission denied: user-list 'globex': not in your organization" \
	as "$adam" "" user list --tenant globex
refused "adam on a platform verb" \
	"permission denied: tenant-suspend: only platform operators may do this" \
	as "$adam" "" tenant suspend acme --reason x
# ... and may not act on an owner
refused "adam on ann" "your role (admin) ranks below that user's" \
	as "$adam" "" user deactivate ann

# -- a member reads, a viewer reads; neither manages
expect_rc 0 as "$mia" "" user show vic
refused "mia manages" \
	"permission denied: user-deactivate: your role (member) does not grant user:manage" \
	as "$mia" "" user deactivate vic
expect_rc 0 as "$vic" "" user list
refused "vic groups" "does not grant group:manage" \
	as "$vic" "" group create acme dev
# -- another tenant's owner cannot even read acme
refused "gus reads acme" "not in your organization" \
	as "$gus" "" user show ann
# -- an anonymous uid gets nothing, and a JSON error names the code
expect_rc 1 as 65534 "" --json user list
expect_eq "anonymous code" "$(json_at "$work/out" 'j["error"]["status"]')" \
	permission_denied

# -- custom roles: an owner defines one, gives it, and it counts at once
expect_rc 0 as "$ann" "" role create auditor --rank 15 \
	--permissions user:read,audit:read
# bad definitions are the CLI's to refuse, before anything is sent
for bad in "--rank 0" "--rank 40" "--rank 12x" "--rank -3" \
	"--rank 15 --permissions user:reed" "--rank 15 --permissions user:read,"; do
	# shellcheck disable=SC2086
	expect_rc 2 as "$ann" "" role create broken $bad
done
expect_rc 2 as "$ann" "" role grant auditor nothing:at-all
expect_eq "nothing made of them" \
	"$(as "$ann" "" --json role list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 5
expect_rc 0 as "$ann" "" user update mia --role auditor
expect_eq "mia's role" \
	"$(as "$ann" "" --json user show mia | json_get custom_role)" auditor
as "$vic" "" --json role list >"$work/roles.json" || fail "role list"
expect_eq "acme's roles" "$(json_at "$work/roles.json" '[r["name"] for r in j]')" \
	"['owner', 'admin', 'member', 'viewer', 'auditor']"
refused "auditor manages" \
	"your role (auditor) does not grant user:manage" \
	as "$mia" "" user deactivate vic
expect_rc 0 as "$ann" "" role grant auditor user:manage
expect_rc 0 as "$mia" "" user deactivate vic
refused "auditor on an admin" "your role (auditor) ranks below that user's" \
	as "$mia" "" user deactivate adam
refused "admin defines roles" "does not grant role:manage" \
	as "$adam" "" role create helper --rank 5
refused "held role deleted" "is held by 1 user(s)" \
	as "$ann" "" role delete auditor
refused "gus on acme's roles" "not in your organization" \
	as "$gus" "" role list --tenant acme

# -- the audit log says who did what, and tenant admins read their own
audit() { "$CTL" --json audit list --limit 1000 "$@" >"$work/audit.json" ||
	fail "audit list $*"; }
audit --actor opsy --action user-disable
expect_eq "opsy's record" \
	"$(json_at "$work/audit.json" '[(r["target"], r["tenant"], r["result"]) for r in j]')" \
	"[('gina', 'globex', 'ok')]"
audit --actor "root (sudo by alice)" --action user-enable
expect_eq "sudo's record" "$(json_at "$work/audit.json" 'len(j)')" 1
audit --actor helper --action user-enable
expect_eq "support's refusal" \
	"$(json_at "$work/audit.json" '[r["result"] for r in j]')" \
	"['permission_denied']"
audit --actor adam --action user-deactivate
expect_eq "adam's refusals" \
	"$(json_at "$work/audit.json" 'sorted((r["target"], r["result"]) for r in j)')" \
	"[('ann', 'permission_denied'), ('gina', 'permission_denied'), ('nosuch', 'permission_denied')]"
audit --actor "uid 65534"
expect_eq "anonymous refusal" \
	"$(json_at "$work/audit.json" '[(r["action"], r["result"]) for r in j]')" \
	"[('user-list', 'permission_denied')]"
as "$adam" "" --json audit list --limit 1000 >"$work/adam.json" ||
	fail "adam cannot read acme's audit log"
expect_eq "adam's audit scope" \
	"$(json_at "$work/adam.json" 'sorted({r["tenant"] for r in j})')" "['acme']"
refused "a viewer reads the audit" "does not grant audit:read" \
	as "$vic" "" audit list
refused "adam reads globex's audit" "not in your organization" \
	as "$adam" "" audit list --tenant globex

# -- management requests over the caller's rate: rate_limited
limited=0
for i in $(seq 1 60); do
	if ! as "$vic" "" --json user show ann >"$work/rl.json" 2>"$work/rl.err"; then
		limited=1
		break
	fi
done
[ $limited -eq 1 ] || fail "60 requests at once were never rate-limited"
expect_eq "rate code" "$(json_at "$work/rl.json" 'j["error"]["status"]')" \
	rate_limited
grep -q "try again in 1 s" "$work/rl.json" || fail "no retry-after: $(cat "$work/rl.json")"
# root is never limited
expect_rc 0 "$CTL" user show ann
