#!/usr/bin/env bash
# Real getent and id resolve tenants, users and groups through the module.
. "$top_srcdir/tests/integration/lib.sh"

start_daemon
ctl tenant create acme --name "Acme Corp" >/dev/null
ctl user create alice --tenant acme --role owner --display-name "Alice Example" \
	--email alice@example.com >/dev/null
ctl user create bob --tenant acme --role admin >/dev/null
ctl user create carol --tenant acme --shell /bin/sh --home /srv/carol >/dev/null

uid_alice=$(ctl --json user show alice | json_get uid)
gid_acme=$(ctl --json tenant show acme | json_get gid)

# getpwnam and getpwuid give the same, complete entry.
expect_eq "getent passwd alice" "$(nss getent passwd alice)" \
	"alice:*:$uid_alice:$gid_acme:Alice Example:/home/alice:/bin/bash"
expect_eq "getent passwd UID" "$(nss getent passwd "$uid_alice")" \
	"alice:*:$uid_alice:$gid_acme:Alice Example:/home/alice:/bin/bash"
expect_eq "carol's home and shell" "$(nss getent passwd carol | cut -d: -f6,7)" \
	"/srv/carol:/bin/sh"

# Local users still come from files, first.
expect_eq "root from files" "$(nss getent passwd root | cut -d: -f1,3)" "root:0"

# Tenant group: everyone; admins group: owners and admins.
expect_eq "getent group acme" "$(nss getent group acme)" \
	"acme:x:$gid_acme:alice,bob,carol"
expect_eq "getent group by gid" "$(nss getent group "$gid_acme" | cut -d: -f1)" "acme"
admins=$(nss getent group acme-admins)
expect_eq "acme-admins members" "$(echo "$admins" | cut -d: -f4)" "alice,bob"

# A custom group, and id (initgroups) sees every group of the user.
ctl group create acme dev >/dev/null
ctl group add-member acme-dev carol >/dev/null
expect_eq "acme-dev members" "$(nss getent group acme-dev | cut -d: -f4)" "carol"
expect_eq "id -Gn carol" "$(nss id -Gn carol | tr ' ' '\n' | sort | tr '\n' ' ')" \
	"acme acme-dev "
expect_eq "id -Gn alice" "$(nss id -Gn alice | tr ' ' '\n' | sort | tr '\n' ' ')" \
	"acme acme-admins "
expect_eq "id -u bob" "$(nss id -u bob)" "$(ctl --json user show bob | json_get uid)"

# Role change moves bob out of the admins group.
ctl user update bob --role member >/dev/null
expect_eq "admins after demotion" "$(nss getent group acme-admins | cut -d: -f4)" "alice"
ctl group remove-member acme-dev carol >/dev/null
expect_eq "acme-dev after removal" "$(nss getent group acme-dev | cut -d: -f4)" ""

# Enumeration lists our users after the local ones, each once.
nss getent passwd >"$work/all"
expect_eq "enumerated users" "$(grep -c -E '^(alice|bob|carol):' "$work/all")" 3
grep -q '^root:' "$work/all" || fail "enumeration lost root"
nss getent group >"$work/allg"
expect_eq "enumerated groups" \
	"$(grep -c -E '^acme(-admins|-dev)?:' "$work/allg")" 3

# Misses: exit 2 from getent, for names, uids and groups.
expect_rc 2 nss getent passwd nosuchuser
expect_rc 2 nss getent passwd 4000000
expect_rc 2 nss getent group nosuchgroup
expect_rc 2 nss getent passwd 'Bad:Name'

# A deleted user stops resolving, its uid is never handed out again.
ctl user delete carol >/dev/null
expect_rc 2 nss getent passwd carol
expect_rc 2 nss getent passwd "$(ctl --json user show carol | json_get uid)"
expect_eq "acme after delete" "$(nss getent group acme | cut -d: -f4)" "alice,bob"
ctl user create dave --tenant acme >/dev/null
uid_carol=$(ctl --json user show carol | json_get uid)
uid_dave=$(ctl --json user show dave | json_get uid)
[ "$uid_dave" -gt "$uid_carol" ] || fail "uid $uid_carol reused or lower: $uid_dave"

# Everything survives a restart (durable commits).
stop_daemon
start_daemon
expect_eq "after restart" "$(nss getent passwd alice | cut -d: -f1,3)" "alice:$uid_alice"
echo "PASS"
