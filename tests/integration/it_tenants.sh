#!/usr/bin/env bash
# Tenants and users end to end, through the real accountsctl, getent and
# id: signup (both or neither), rename (the groups' names follow, as
# getent shows), deactivate and reactivate as a tenant admin's uid,
# delete --remove-home on real directories (a symlink out and another's
# file stay), and purge once retention_days (0 here) have passed.  Each
# step's audit record is read back from the database (mdb_dump).
. "$top_srcdir/tests/integration/lib.sh"

home="$work/home"
outside="$work/outside"
mkdir -p "$home" "$outside/data"
echo secret >"$outside/secret"
echo keep >"$outside/data/keep"
cat >"$work/accountsd.conf" <<EOF2
home_base = $home
retention_days = 0
EOF2
start_daemon --config "$work/accountsd.conf"

uid_of() { ctl --json user show "$1" | json_get uid; }
# as UID CMD...: accountsctl as that uid, no groups.
as() {
	local uid=$1
	shift
	setpriv --reuid="$uid" --regid="$uid" --clear-groups "$CTL" "$@"
}
# refused RC WHAT WANT CMD...: exit RC, and stderr says WANT.
refused() {
	local rc=$1 what=$2 want=$3
	shift 3
	expect_rc "$rc" "$@"
	grep -qF -- "$want" "$work/err" || fail "$what: $(cat "$work/err")"
}
# The audit log as lines "action|target|tenant|actor|result|reason|message",
# decoded from the database.
audit() {
	mdb_dump -s audit "$work/state" >"$work/audit.dump" ||
		fail "mdb_dump failed"
	python3 - "$work/audit.dump" <<'PY'
import struct, sys
vals = [l.strip() for l in open(sys.argv[1]) if l.startswith(" ")][1::2]
names = {56: "action", 57: "target", 12: "tenant", 55: "actor",
         58: "result", 59: "reason", 1: "message"}
for v in vals:
    b, f, i = bytes.fromhex(v), {}, 0
    while i + 6 <= len(b):
        tag, n = struct.unpack(">HI", b[i:i + 6])
        val = b[i + 6:i + 6 + n]
        i += 6 + n
        if tag == 58:
            f["result"] = str(struct.unpack(">I", val)[0])
        elif tag in names:
            f[names[tag]] = val.decode("utf-8", "replace")
    print("|".join(f.get(k, "") for k in
                   ("action", "target", "tenant", "actor", "result",
                    "reason", "message")))
PY
}
# audited LINE: that very record is in the audit log.
audited() {
	audit >"$work/audit.txt"
	grep -qxF -- "$1" "$work/audit.txt" ||
		fail "no audit record '$1'; the last ones: $(tail -n 5 "$work/audit.txt")"
}

# -- signup: a tenant and its first owner, both or neither
ctl tenant signup acme --owner ann --email Ann@Acme.test --name "Acme Corp" \
	>"$work/out"
grep -qx "signed up tenant acme (gid [0-9]*) with owner ann (uid [0-9]*)" \
	"$work/out" || fail "signup said: $(cat "$work/out")"
ctl --json tenant signup globex --owner gus --email gus@globex.test \
	>"$work/signup.json"
expect_eq "signup json" \
	"$(json_at "$work/signup.json" '(j["tenant"]["slug"], j["owner"]["login"], j["owner"]["role"], j["owner"]["email"])')" \
	"('globex', 'gus', 'owner', 'gus@globex.test')"
nss getent group acme-admins | grep -q ':ann$' || fail "ann is not in acme-admins"
expect_eq "ann's email" "$(ctl --json user show ann | json_get email)" \
	Ann@acme.test
refused 1 "signup with a taken login" "login 'ann' is already taken" \
	"$CTL" tenant signup initech --owner ann --email ann@initech.test
refused 1 "no tenant left behind" "no tenant 'initech'" \
	"$CTL" tenant show initech
nss getent group initech >/dev/null && fail "initech's group was left behind"
refused 2 "signup without an email" "missing --email EMAIL" \
	"$CTL" tenant signup initech --owner ivan
refused 2 "signup with a bad email" "is not a valid email address" \
	"$CTL" tenant signup initech --owner ivan --email "ivan at initech"
expect_rc 1 "$CTL" tenant show initech
audited "tenant-signup|acme|acme|root|0||first owner ann"
audited "tenant-signup|initech|initech|root|6||login 'ann' is already taken"

# -- rename: the groups follow; a tenant's own admins cannot
ctl user create bob --tenant acme >/dev/null
ctl group create acme dev >/dev/null
ctl group add-member acme-dev bob >/dev/null
gid=$(ctl --json tenant show acme | json_get gid)
ctl tenant rename acme initech --reason "acquired by initech" >"$work/out"
expect_eq "rename said" "$(cat "$work/out")" \
	"renamed tenant acme to initech (gid $gid)"
expect_eq "initech" "$(nss getent group initech)" "initech:x:$gid:ann,bob"
nss getent group initech-admins | grep -q ':ann$' || fail "initech-admins"
nss getent group initech-dev | grep -q ':bob$' || fail "initech-dev"
for g in acme acme-admins acme-dev; do
	nss getent group "$g" >/dev/null && fail "$g still resolves"
done
nss id -Gn bob | tr ' ' '\n' | grep -qx initech-dev || fail "id: $(nss id bob)"
expect_eq "bob's tenant" "$(ctl --json user show bob | json_get tenant)" initech
refused 1 "rename to a taken slug" "tenant slug 'globex' is already taken" \
	"$CTL" tenant rename initech globex --reason x
refused 2 "rename without a reason" "missing --reason TEXT" \
	"$CTL" tenant rename initech acme
ann=$(uid_of ann)
refused 1 "an owner renames" \
	"permission denied: tenant-rename: only platform operators may do this" \
	as "$ann" tenant rename initech acme2 --reason x
expect_rc 0 as "$ann" tenant update --name "Initech"
expect_eq "slug kept" "$(as "$ann" --json tenant show | json_get slug)" initech
audited "tenant-rename|acme|acme|root|0|acquired by initech|renamed to initech"

# -- deactivate and reactivate, as the tenant admin's uid
ctl user create adam --tenant initech --role admin >/dev/null
ctl user create mia --tenant initech >/dev/null
adam=$(uid_of adam)
expect_rc 0 as "$adam" user deactivate mia --reason "on leave"
expect_eq "deactivate said" "$(cat "$work/out")" "deactivated user mia: on leave"
ctl --json user show mia >"$work/mia.json"
expect_eq "mia" "$(json_at "$work/mia.json" '(j["status"], j["status_reason"], j["deactivated_at"] is not None)')" \
	"('disabled', 'on leave', True)"
nss getent passwd mia >/dev/null || fail "a deactivated user must still resolve"
refused 1 "adam deactivates himself" "you cannot deactivate your own account" \
	as "$adam" user deactivate adam
refused 1 "adam deactivates the owner" "your role (admin) ranks below that user's" \
	as "$adam" user deactivate ann
refused 1 "the last admin" "'adam' is the last active admin of tenant 'initech'" \
	as "$ann" user deactivate adam
refused 1 "another tenant's user" \
	"permission denied: user-deactivate 'gus': not in your organization" \
	as "$adam" user deactivate gus
as "$adam" --json user reactivate mia >"$work/mia.json" ||
	fail "adam could not reactivate mia"
expect_eq "reactivated" "$(json_at "$work/mia.json" '(j["status"], j["deactivated_at"] is not None)')" \
	"('active', False)"
ctl user disable mia --reason fraud >/dev/null
refused 1 "reactivate after a disable" "was disabled, not deactivated" \
	as "$adam" user reactivate mia
audited "user-deactivate|mia|initech|adam|0|on leave|"
audited "user-reactivate|mia|initech|adam|0||"
audited "user-deactivate|adam|initech|adam|8||you cannot deactivate your own account"

# -- delete --remove-home: what the user owns goes, nothing else
bob=$(uid_of bob)
mkdir -p "$home/bob/src/deep" "$home/bob/shared"
echo x >"$home/bob/.profile"
echo x >"$home/bob/src/deep/main.c"
echo x >"$home/bob/shared/mine"
ln -s "$outside/secret" "$home/bob/secret"
ln -s "$outside/data" "$home/bob/src/data"
chown -hR "$bob:$bob" "$home/bob"
echo theirs >"$home/bob/shared/theirs" # root's: someone else's
expect_rc 0 as "$adam" user delete bob --remove-home
grep -qx "deleted user bob (uid $bob) from tenant initech" "$work/out" ||
	fail "delete said: $(cat "$work/out")"
grep -q "warning: home partly removed: home $home/bob: 7 entries removed, 1 left in place" \
	"$work/err" || fail "no warning: $(cat "$work/err")"
[ -e "$home/bob/shared/theirs" ] || fail "another's file was removed"
for f in .profile src secret shared/mine; do
	[ -e "$home/bob/$f" ] || [ -L "$home/bob/$f" ] && fail "$f is still there"
done
[ "$(cat "$outside/secret")" = secret ] || fail "the symlink's target went"
[ -e "$outside/data/keep" ] || fail "the linked directory was emptied"
expect_eq "bob" "$(ctl --json user show bob | json_get status)" deleted
audited "user-delete|bob|initech|adam|0||home $home/bob to be removed"
# a whole home
ctl user create carl --tenant initech >/dev/null
carl=$(uid_of carl)
mkdir -p "$home/carl/a/b" && echo x >"$home/carl/a/b/c"
chown -R "$carl:$carl" "$home/carl"
ctl --json user delete carl --remove-home >"$work/carl.json"
expect_eq "carl's home" "$(json_at "$work/carl.json" 'j["home_removal"]')" removed
[ -e "$home/carl" ] && fail "carl's home is still there"
ctl user create dora --tenant initech >/dev/null
dora=$(uid_of dora)
mkdir -p "$home/eve" && echo x >"$home/eve/f"
chown -R "$dora:$dora" "$home/eve"
mkdir "$outside/dora" && echo x >"$outside/dora/f"
chown -R "$dora:$dora" "$outside/dora"
ln -s "$outside/dora" "$home/dora"
ctl user delete dora --remove-home >"$work/out" 2>"$work/err" ||
	fail "delete dora: $(cat "$work/err")"
grep -q "home not removed: home $home/dora: 'dora' is a symlink (not followed)" \
	"$work/err" || fail "dora: $(cat "$work/err")"
[ -e "$outside/dora/f" ] || fail "the home's symlink was followed"
expect_eq "dora" "$(ctl --json user show dora | json_get status)" deleted
# a home owned by someone else stays (eve's home is dora's uid's)
ctl user create eve --tenant initech >/dev/null
ctl user delete eve --remove-home >"$work/out" 2>"$work/err"
grep -q "home $home/eve is owned by uid $dora, not by the user's uid" \
	"$work/err" || fail "eve: $(cat "$work/err")"
[ -e "$home/eve/f" ] || fail "eve's home was touched"

# -- retention and purge
ctl tenant deprovision globex --reason "contract ended" >/dev/null
refused 1 "purge before finalize" "being deprovisioned; finalize it" \
	"$CTL" tenant purge globex
ctl tenant finalize globex >/dev/null
# operators still read what it held
ctl --json tenant show globex >"$work/globex.json"
expect_eq "finalized" "$(json_at "$work/globex.json" '(j["status"], j["finalized_at"] is not None)')" \
	"('deprovisioned', True)"
expect_eq "globex's users" \
	"$(ctl --json user list --tenant globex | python3 -c 'import json,sys; print([u["login"] for u in json.load(sys.stdin)])')" \
	"['gus']"
ctl tenant purge globex >"$work/out"
expect_eq "purge said" "$(cat "$work/out")" \
	"purged tenant globex: 1 users and 2 groups removed"
refused 1 "purged tenant" "no tenant 'globex'" "$CTL" tenant show globex
nss getent passwd gus >/dev/null && fail "gus still resolves"
refused 1 "purge an active tenant" "tenant initech is active; only a deprovisioned tenant can be purged" \
	"$CTL" tenant purge initech
audited "tenant-purge|globex|globex|root|0||"
# its history stays
audited "tenant-signup|globex|globex|root|0||first owner gus"
ctl tenant signup temp --owner tim --email tim@temp.test >/dev/null
ctl tenant deprovision temp --reason trial >/dev/null
ctl tenant finalize temp >/dev/null
ctl --json tenant purge temp >"$work/purge.json"
expect_eq "purge json" "$(json_at "$work/purge.json" '(j["slug"], j["users"], j["groups"])')" \
	"('temp', 1, 2)"
# the slug is free; the ids are not
ctl --json tenant create globex >"$work/new.json"
[ "$(json_get gid <"$work/new.json")" -gt "$gid" ] || fail "a gid came back"

# -- the default retention keeps a finalized tenant 30 days
stop_daemon
sed -i '/^retention_days/d' "$work/accountsd.conf"
start_daemon --config "$work/accountsd.conf"
ctl tenant deprovision globex --reason again >/dev/null
ctl tenant finalize globex >/dev/null
refused 1 "purge within retention" "(retention_days = 30 after it was finalized on" \
	"$CTL" tenant purge globex
grep -q "tenant globex is kept until 20[0-9-]*T" "$work/err" ||
	fail "no date: $(cat "$work/err")"
expect_rc 0 "$CTL" tenant show globex
echo "PASS"
