#!/usr/bin/env bash
# A database that fills up: `accountsctl status` and the daemon's log warn
# before it is full, and once a failed login cannot be counted no password
# is checked any more, right or wrong, so that lockout cannot be outrun by
# filling the disk (the answer is "unavailable": local users log in
# through pam_unix meanwhile).
. "$top_srcdir/tests/integration/lib.sh"

HOSTILE="python3 $top_srcdir/tests/integration/hostile.py"
WIRE="python3 $top_srcdir/tests/integration/wire.py"
# the cheapest hashes: the test makes thousands of password checks
printf '%s\n' 'map_size_mb = 1' 'lockout_attempts = 5' \
	'argon2_opslimit = 1' 'argon2_memlimit_kb = 8' >"$work/accountsd.conf"
start_daemon --config "$work/accountsd.conf"
ctl tenant create acme >/dev/null
for u in bob carol; do
	printf '%s password 123\n' $u |
		ctl user create $u --tenant acme --password-stdin >/dev/null
done

# fill_with N: import users in batches of N until one batch does not fit
batch=0
fill_with() {
	local i
	for i in $(seq 1 2000); do
		batch=$((batch + 1))
		python3 -c "
for i in range($1):
    print('u%d_%d:acme' % ($batch, i))" >"$work/users"
		if ! "$CTL" user import "$work/users" >/dev/null 2>"$work/err"; then
			grep -q "database full" "$work/err" ||
				fail "import: $(cat "$work/err")"
			return 0
		fi
	done
	fail "a 1 MiB database never filled up"
}
fill_with 200
fill_with 10
fill_with 1

# warned: the operator's command, and the daemon's log (checked every 5 s)
"$CTL" status >/dev/null 2>"$work/status.err" || fail "status failed"
grep -q "warning: the database is [0-9]*% full" "$work/status.err" ||
	fail "status did not warn: $(cat "$work/status.err")"
for _ in $(seq 1 100); do
	grep -q "the database is [0-9]*% full" "$work/daemon.log" && break
	sleep 0.1
done
grep -q "the database is [0-9]*% full" "$work/daemon.log" ||
	fail "the daemon did not log the full database"

# bob's wrong passwords fill what is left with their audit records (he
# is locked after five; each later one is still recorded) until one
# cannot be recorded: the daemon then answers the next one "internal"
n=$($HOSTILE uncounted "$work/sock" bob 20000)
[ "$n" != never ] || fail "the failures never stopped being counted"
echo "bob's wrong password $((n - 1)) could not be counted"
grep -q "cannot count a failed login of 'bob'" "$work/daemon.log" ||
	fail "the lost failure is not in the log"

# now carol: eight wrong passwords and then the right one; before, none
# was counted and the right one let her in.  Now no password is checked.
for i in $(seq 1 8); do
	expect_eq "carol's guess $i" "$($WIRE auth "$work/sock" carol "guess $i")" \
		internal
done
expect_eq "carol's right password" \
	"$($WIRE auth "$work/sock" carol 'carol password 123')" internal
grep -q "authentication is unavailable" "$work/daemon.log" ||
	grep -q "password check refused" "$work/daemon.log" ||
	fail "the refusals are not logged"
echo "PASS"
