#!/usr/bin/env bash
# Plans, subscriptions and budgets end to end (issue 9), with the real
# daemon, accountsctl and pamtester: the plan and budget verbs and their
# exit codes (bad input is exit 2 and changes nothing); the seats budget
# refusing a user create at its limit; a trial that ends two seconds on
# expires by the daemon's own timer with no request in between, audited
# once by accountsd, and its users' PAM logins are refused with the
# expired line until `tenant subscribe`; a cancelled period that ends
# while the daemon is down is expired at startup, audited once; a PAM
# session refused at the sessions budget.
. "$top_srcdir/tests/integration/lib.sh"
pam_build=$top_builddir
. "$top_srcdir/tests/integration/pam_env.sh"

WIRE="python3 $top_srcdir/tests/integration/wire.py"
export LC_ALL=C
sleepers=""
on_exit() {
	local rc=$? p
	for p in $sleepers; do kill -KILL "$p" 2>/dev/null || true; done
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
		daemon_pid=""
	fi
	it_cleanup $rc
}
trap on_exit EXIT
command -v pamtester >/dev/null || fail "pamtester is not installed (./dev deps)"

alice_pw='alice plans 2026'
bob_pw='bob plans 2026'

pam_env_setup
printf 'uid_min = 3780000\nuid_max = 3789999\n' >"$work/accountsd.conf"
start() {
	pam_start_daemon "$work/daemon.log" --config "$work/accountsd.conf" ||
		fail "accountsd did not start"
}
stop() {
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || fail "accountsd exited $? on SIGTERM"
	daemon_pid=""
}
# sub SLUG: the tenant's subscription status ("-": none)
sub() {
	"$CTL" --json tenant show "$1" >"$work/t.json" || fail "tenant show $1"
	json_at "$work/t.json" 'j["subscription"] or "-"'
}
# audits ACTION: how many records of ACTION the audit log holds
audits() {
	"$CTL" --json audit list --action "$1" >"$work/a.json" ||
		fail "audit list --action $1"
	json_at "$work/a.json" 'len(j)'
}
# refused WANT_RC MESSAGE CMD...: CMD exits WANT_RC, saying MESSAGE
refused() {
	local want=$1 msg=$2
	shift 2
	expect_rc "$want" "$@"
	grep -qF -- "$msg" "$work/err" ||
		fail "'$*': no '$msg' in: $(cat "$work/err")"
}
pam_refused() { # pam_refused USER PASSWORD CODE_TEXT MESSAGE OP...
	local user=$1 pass=$2 code=$3 msg=$4
	shift 4
	expect_rc 1 pam_run accounts-test "$user" "$pass" "$@"
	grep -qF "pamtester: $code" "$work/err" ||
		fail "pamtester $user $*: want '$code', got: $(cat "$work/err")"
	[ -z "$msg" ] || grep -qF "$msg" "$work/err" ||
		fail "pamtester $user $*: no '$msg' in: $(cat "$work/err")"
}

start
ctl tenant create acme >/dev/null
ctl user create alice --tenant acme --role owner >/dev/null
ctl user create bob --tenant acme >/dev/null
printf '%s\n' "$alice_pw" | ctl user passwd alice --password-stdin >/dev/null
printf '%s\n' "$bob_pw" | ctl user passwd bob --password-stdin >/dev/null

# --- plans ---
expect_eq "plan create" \
	"$(ctl plan create pro --seats 3 --sessions 1 --trial-days 14)" \
	"created plan pro"
refused 2 "is not a plan name" "$CTL" plan create 'Pro!'
refused 2 "--seats wants a number" "$CTL" plan create big --seats -1
refused 2 "--seats wants a number" "$CTL" plan create big --seats 2000000000
refused 2 "--trial-days wants" "$CTL" plan create big --trial-days 400
refused 2 "nothing to update" "$CTL" plan update pro
refused 1 "no plan 'nosuch'" "$CTL" plan update nosuch --keys 1
refused 1 "already exists" "$CTL" plan create pro
expect_eq "plans after refusals" \
	"$("$CTL" --json plan list | python3 -c 'import json,sys; print([p["name"] for p in json.load(sys.stdin)])')" \
	"['pro']"
ctl plan update pro --keys 5 >/dev/null
"$CTL" --json plan show pro >"$work/p.json"
expect_eq "plan seats" "$(json_at "$work/p.json" 'j["seats"]')" 3
expect_eq "plan keys" "$(json_at "$work/p.json" 'j["keys"]')" 5
expect_eq "plan usage" "$(json_at "$work/p.json" 'j["usage"]')" None
ctl plan list | grep -q '^pro  *3  *1  *5  *unlimited  *14$' ||
	fail "plan list: $(ctl plan list)"

# --- subscriptions ---
refused 2 "--trial-ends wants a time" "$CTL" tenant plan acme pro --trial-ends 2027-01-31
refused 2 "--trial-ends wants a time" "$CTL" tenant plan acme pro --trial-ends tomorrow
refused 2 "--period-ends wants a time" "$CTL" tenant subscribe acme --period-ends @12x
refused 1 "no plan 'nosuch'" "$CTL" tenant plan acme nosuch
refused 1 "has no plan" "$CTL" tenant subscribe acme
expect_eq "no subscription yet" "$(sub acme)" -
out=$(ctl tenant plan acme pro)
[[ $out == "tenant acme: plan pro, trial until 20"*Z ]] ||
	fail "tenant plan said: $out"
refused 1 "plan 'pro' is used by 1 tenant" "$CTL" plan delete pro
# the tenant's owner sees it, changes nothing
uid_alice=$(ctl --json user show alice | json_get uid)
gid_acme=$(ctl --json tenant show acme | json_get gid)
as_alice() { setpriv --reuid="$uid_alice" --regid="$gid_acme" --clear-groups "$@"; }
as_alice "$CTL" --json tenant show acme >"$work/t.json" ||
	fail "alice cannot see her tenant"
expect_eq "alice sees" "$(json_at "$work/t.json" 'j["subscription"]')" trial
expect_rc 1 as_alice "$CTL" tenant cancel acme
expect_rc 1 as_alice "$CTL" budget set acme --seats 100
expect_eq "still a trial" "$(sub acme)" trial

# --- budgets: seats ---
"$CTL" budget show acme >"$work/b.txt"
grep -q '^tenant acme: plan pro, policy block$' "$work/b.txt" ||
	fail "budget show: $(cat "$work/b.txt")"
grep -q '^seats  *3  *2  *plan$' "$work/b.txt" ||
	fail "budget show seats: $(cat "$work/b.txt")"
grep -q '^usage  *unlimited  *0  *none$' "$work/b.txt" ||
	fail "budget show usage: $(cat "$work/b.txt")"
refused 2 "--policy wants block or override" "$CTL" budget set acme --policy maybe
refused 2 "nothing to set" "$CTL" budget set acme
refused 2 "--keys wants a number" "$CTL" budget set acme --keys lots
ctl user create carol --tenant acme >/dev/null
refused 1 "tenant acme is at its seats budget (3 of 3)" \
	"$CTL" user create dave --tenant acme
refused 1 "tenant acme is at its seats budget (3 of 3)" \
	"$CTL" user create dave --tenant acme --override
expect_rc 2 "$CTL" user show dave --override
ctl budget set acme --seats 3 --policy override >/dev/null
ctl user create dave --tenant acme --override >/dev/null
expect_eq "override audited" "$(audits budget-override)" 1
expect_eq "100% audited" "$(audits budget-100)" 1
ctl budget set acme --seats plan --policy block >/dev/null
"$CTL" --json budget show acme >"$work/b.json"
expect_eq "seats back to the plan's" \
	"$(json_at "$work/b.json" '[b["source"] for b in j["budgets"] if b["kind"] == "seats"][0]')" \
	plan
expect_eq "seats used" \
	"$(json_at "$work/b.json" '[b["used"] for b in j["budgets"] if b["kind"] == "seats"][0]')" \
	4

# --- the timer: a trial that ends two seconds on ---
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate acct_mgmt
ends=$(($(date +%s) + 2))
expect_eq "short trial" "$(ctl tenant plan acme pro --trial-ends "@$ends")" \
	"tenant acme: plan pro, trial until $(date -u -d "@$ends" +%Y-%m-%dT%H:%M:%SZ)"
# no request reaches the daemon while it is due: wait, then look
sleep 4
for _ in $(seq 1 100); do
	[ "$(sub acme)" = expired ] && break
	sleep 0.1
done
expect_eq "expired by the timer" "$(sub acme)" expired
expect_eq "expiry audited once" "$(audits subscription-expire)" 1
json_at "$work/a.json" 'j[0]["actor"]["name"]' | grep -qx accountsd ||
	fail "expiry actor: $(cat "$work/a.json")"
pam_refused bob "$bob_pw" "User account has expired" \
	"organization acme's subscription has expired" authenticate acct_mgmt
pam_refused alice "$alice_pw" "User account has expired" \
	"organization acme's subscription has expired" authenticate acct_mgmt
out=$(ctl tenant subscribe acme)
[[ $out == "tenant acme: plan pro, active, paid until 20"*Z ]] ||
	fail "tenant subscribe said: $out"
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate acct_mgmt

# --- a cancelled period that ends while the daemon is down ---
ends=$(($(date +%s) + 2))
ctl tenant subscribe acme --period-ends "@$ends" >/dev/null
expect_eq "cancel" "$(ctl tenant cancel acme)" \
	"tenant acme: plan pro, cancelled, usable until $(date -u -d "@$ends" +%Y-%m-%dT%H:%M:%SZ)"
expect_rc 0 pam_run accounts-test bob "$bob_pw" authenticate acct_mgmt
stop
sleep 3
start
expect_eq "expired at startup" "$(sub acme)" expired
expect_eq "expiry audited once more" "$(audits subscription-expire)" 2
stop
start
expect_eq "not audited again" "$(audits subscription-expire)" 2
pam_refused bob "$bob_pw" "User account has expired" \
	"organization acme's subscription has expired" authenticate acct_mgmt

# --- sessions: at the budget, open_session is refused ---
ctl tenant subscribe acme >/dev/null
sleep 300 &
s1=$!
sleepers="$sleepers $s1"
$WIRE session_open /run/accountsd/socket bob sshd "$s1" >/dev/null ||
	fail "session_open bob"
pam_refused alice "$alice_pw" "Permission denied" "" \
	authenticate acct_mgmt open_session
kill -KILL "$s1"
wait "$s1" 2>/dev/null || true
for _ in $(seq 1 100); do
	"$CTL" --json session list >"$work/s.json"
	[ "$(json_at "$work/s.json" 'len(j)')" = 0 ] && break
	sleep 0.05
done
expect_rc 0 pam_run accounts-test alice "$alice_pw" \
	authenticate acct_mgmt open_session close_session
expect_eq "sessions 100% audited" \
	"$("$CTL" --json audit list --action budget-100 | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin) if "sessions" in r.get("message", "")))')" \
	2
ctl audit verify >/dev/null
echo "ok"
