#!/usr/bin/env bash
# Tenant privacy of lookups (lookup_visibility) through the real getent,
# id and ls -l, run with setpriv as users of two tenants, root, members of
# the operator and support groups, a system uid, a uid in the directory's
# range that nobody owns and a deleted user's uid: first under the default
# (all: everyone sees everything), then under tenant after a SIGHUP, then
# back.
. "$top_srcdir/tests/integration/lib.sh"

# The host's operator and support people, in copies of /etc/passwd and
# /etc/group bind-mounted over the real ones (namespace only).
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
conf="$work/accountsd.conf"
printf 'operator_group = acct-ops\nsupport_group = acct-support\n' >"$conf"

start_daemon --config "$conf"
ctl tenant create acme >/dev/null
ctl tenant create globex >/dev/null
ctl user create ann --tenant acme --role owner >/dev/null
ctl user create mia --tenant acme >/dev/null
ctl user create dan --tenant acme >/dev/null
ctl user create gus --tenant globex --role owner >/dev/null
ctl user create gina --tenant globex >/dev/null
ctl group create acme dev >/dev/null
ctl group add-member acme-dev mia >/dev/null

uid_of() { ctl --json user show "$1" | json_get uid; }
gid_of() { ctl --json tenant show "$1" | json_get gid; }
ann=$(uid_of ann)
mia=$(uid_of mia)
dan=$(uid_of dan)
gus=$(uid_of gus)
gina=$(uid_of gina)
acme=$(gid_of acme)
globex=$(gid_of globex)
acme_dev=$(ctl --json group show acme-dev | json_get gid)
ctl user delete dan >/dev/null
stranger=150000 # in uid_min..uid_max (the defaults), nobody's

# as UID GID GROUPS CMD...: run a system program as that uid with that
# primary gid and supplementary groups ("": none), against our module.
as() {
	local uid=$1 gid=$2 groups=(--clear-groups)
	[ -z "$3" ] || groups=(--groups="$3")
	shift 3
	setpriv --reuid="$uid" --regid="$gid" "${groups[@]}" \
		env LD_LIBRARY_PATH="$MODDIR" LD_PRELOAD="$nss_preload" \
		ASAN_OPTIONS=detect_leaks=0 "$@"
}
# The callers: a login session of each tenant's user, the platform
# people, a system uid, a stranger, the deleted dan's leftover process.
as_mia() { as "$mia" "$acme" "$acme,$acme_dev" "$@"; }
as_ann() { as "$ann" "$acme" "$acme" "$@"; }
as_gina() { as "$gina" "$globex" "$globex" "$@"; }
as_root() { as 0 0 "" "$@"; }
as_ops() { as 4801 4801 4901 "$@"; }
as_support() { as 4802 4802 4902 "$@"; }
as_system() { as 65534 65534 "" "$@"; }
as_stranger() { as "$stranger" "$stranger" "" "$@"; }
as_dan() { as "$dan" "$acme" "" "$@"; }

# Files of each tenant's owner, as ls -l shows them.
mkdir -m 755 "$work/files"
touch "$work/files/ann.txt" "$work/files/gus.txt"
chown "$ann:$acme" "$work/files/ann.txt"
chown "$gus:$globex" "$work/files/gus.txt"
chmod 644 "$work/files/"*.txt
# owner WHO FILE: "user group" as ls -l shows them to WHO
owner() {
	"as_$1" ls -l "$work/files/$2" | awk '{print $3, $4}'
}
# directory users in WHO's getent passwd / getent group, sorted, one line
users_seen() {
	"as_$1" getent passwd | awk -F: '$1 ~ /^(ann|mia|dan|gus|gina)$/ {print $1}' |
		sort | tr '\n' ' '
}
groups_seen() {
	"as_$1" getent group | awk -F: '$1 ~ /^(acme|globex)/ {print $1}' |
		sort | tr '\n' ' '
}
# sees WHO what...: getent passwd/group of one entry exits 0 (found)
found() {
	local who=$1 db=$2 key=$3
	"as_$who" getent "$db" "$key" >/dev/null 2>&1
}
expect_found() { found "$@" || fail "$1 does not see $2 $3"; }
expect_hidden() {
	local rc=0
	"as_$1" getent "$2" "$3" >"$work/out" 2>&1 || rc=$?
	# 2: not found, as a name nobody has
	[ $rc -eq 2 ] || fail "$1 sees $2 $3 (getent exited $rc: $(cat "$work/out"))"
}
all_users="ann gina gus mia "
all_groups="acme acme-admins acme-dev globex globex-admins "

# -- lookup_visibility = all (the default): everyone sees everything
for who in mia gina stranger dan system; do
	expect_eq "$who's users under all" "$(users_seen "$who")" "$all_users"
	expect_eq "$who's groups under all" "$(groups_seen "$who")" "$all_groups"
done
expect_eq "mia's ls of gus.txt under all" "$(owner mia gus.txt)" "gus globex"

# -- lookup_visibility = tenant, applied by a reload
printf 'lookup_visibility = tenant\n' >>"$conf"
kill -HUP "$daemon_pid"
for i in $(seq 1 100); do
	grep -q "configuration reloaded" "$work/daemon.log" && break
	sleep 0.05
done
grep -q "configuration reloaded" "$work/daemon.log" || fail "no reload logged"

# a tenant's users see their tenant only, by enumeration ...
expect_eq "mia's users" "$(users_seen mia)" "ann mia "
expect_eq "mia's groups" "$(groups_seen mia)" "acme acme-admins acme-dev "
expect_eq "gina's users" "$(users_seen gina)" "gina gus "
expect_eq "gina's groups" "$(groups_seen gina)" "globex globex-admins "
# ... by name and by id, exactly as names nobody has
for key in gus gina "$gus"; do expect_hidden mia passwd "$key"; done
for key in globex globex-admins "$globex"; do expect_hidden mia group "$key"; done
expect_hidden mia passwd nosuchuser
for key in ann mia "$ann"; do expect_hidden gina passwd "$key"; done
for key in acme acme-dev "$acme_dev"; do expect_hidden gina group "$key"; done
expect_found mia passwd ann
expect_found mia passwd "$ann"
expect_found mia group acme-dev
expect_found mia group "$acme"
expect_found gina passwd gus
# local accounts still come from files
expect_found mia passwd root
expect_found gina group root
# id: itself and its tenant whole, the other tenant no such user
expect_eq "mia's id" "$(as_mia id)" \
	"uid=$mia(mia) gid=$acme(acme) groups=$acme(acme),$acme_dev(acme-dev)"
expect_eq "mia's id -Gn ann" "$(as_mia id -Gn ann)" "acme acme-admins"
expect_rc 1 as_mia id gus
grep -q "no such user" "$work/err" || fail "id gus as mia: $(cat "$work/err")"
expect_eq "gina's id -un gus" "$(as_gina id -un "$gus")" "gus"
expect_rc 1 as_gina id -un "$ann"
# ls -l: another tenant's file shows numbers; one's own tenant's, names
expect_eq "mia's ls of gus.txt" "$(owner mia gus.txt)" "$gus $globex"
expect_eq "mia's ls of ann.txt" "$(owner mia ann.txt)" "ann acme"
expect_eq "ann's ls of gus.txt" "$(owner ann gus.txt)" "$gus $globex"
expect_eq "gina's ls of gus.txt" "$(owner gina gus.txt)" "gus globex"
expect_eq "gina's ls of ann.txt" "$(owner gina ann.txt)" "$ann $acme"
expect_eq "root's ls of gus.txt" "$(owner root gus.txt)" "gus globex"
expect_eq "root's ls of ann.txt" "$(owner root ann.txt)" "ann acme"

# root, operators, support and system uids see everything
for who in root ops support system; do
	expect_eq "$who's users" "$(users_seen "$who")" "$all_users"
	expect_eq "$who's groups" "$(groups_seen "$who")" "$all_groups"
	expect_eq "$who's ls of gus.txt" "$(owner "$who" gus.txt)" "gus globex"
done
expect_eq "support's id -Gn ann" "$(as_support id -Gn ann)" "acme acme-admins"
# the operator's uid without its group is a system uid still (below
# uid_min); a uid in the directory's range nobody owns sees nothing of it
expect_eq "ops uid without its group" \
	"$(as 4801 4801 "" getent passwd gus | cut -d: -f1)" gus
expect_eq "stranger's users" "$(users_seen stranger)" ""
expect_eq "stranger's groups" "$(groups_seen stranger)" ""
expect_hidden stranger passwd ann
expect_hidden stranger group "$acme"
expect_found stranger passwd root
expect_eq "stranger's ls of ann.txt" "$(owner stranger ann.txt)" "$ann $acme"
# nor does a deleted user's leftover process, not even its own tenant
expect_eq "dan's users" "$(users_seen dan)" ""
expect_hidden dan passwd ann

# management is as before: a member reads its tenant, nothing else
expect_rc 0 as_mia "$CTL" user show ann
expect_rc 1 as_mia "$CTL" user show gus
# lookups are never refused, so never in the log as refusals
if grep -E "(pw|gr)-(byname|byuid|bygid|enum)|initgroups" "$work/daemon.log" |
	grep -q refused; then
	fail "a lookup was logged as refused"
fi

# -- back to all by another reload: everyone sees everything again
sed -i 's/^lookup_visibility = tenant$/lookup_visibility = all/' "$conf"
reloads=$(grep -c "configuration reloaded" "$work/daemon.log")
kill -HUP "$daemon_pid"
for i in $(seq 1 100); do
	[ "$(grep -c "configuration reloaded" "$work/daemon.log")" -gt "$reloads" ] &&
		break
	sleep 0.05
done
expect_eq "mia's users after reload" "$(users_seen mia)" "$all_users"
expect_eq "stranger's users after reload" "$(users_seen stranger)" "$all_users"
expect_eq "mia's ls of gus.txt after reload" "$(owner mia gus.txt)" "gus globex"

# -- a broken setting stops a start, and a reload keeps the running one
printf 'lookup_visibility = some\n' >"$work/bad.conf"
expect_rc 1 "$ACCTD" --foreground --config "$work/bad.conf" \
	--socket "$work/sock2" --state-dir "$work/state2"
grep -q "bad.conf:1: lookup_visibility: 'some' is not all or tenant" \
	"$work/err" || fail "bad setting: $(cat "$work/err")"
sed -i 's/^lookup_visibility = all$/lookup_visibility = everyone/' "$conf"
kill -HUP "$daemon_pid"
for i in $(seq 1 100); do
	grep -q "reload failed" "$work/daemon.log" && break
	sleep 0.05
done
grep -q "reload failed.*'everyone' is not all or tenant" "$work/daemon.log" ||
	fail "bad reload not logged"
expect_eq "mia's users after a bad reload" "$(users_seen mia)" "$all_users"
echo "PASS"
