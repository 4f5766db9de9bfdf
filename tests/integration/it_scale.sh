#!/usr/bin/env bash
# Large tenants: 100,000 users in one tenant resolve through the real tools;
# the tenant group comes back whole (glibc's ERANGE retry), id never walks
# member lists, enumeration streams every user exactly once.
. "$top_srcdir/tests/integration/lib.sh"
n=100000

start_daemon
ctl tenant create big >/dev/null
python3 -c "
import sys
for i in range($n):
    print('u%06d:big' % i)
" >"$work/users"
ctl user import "$work/users" >/dev/null
expect_eq "users" "$(ctl --json status | json_get users)" "$n"

nss getent group big >"$work/group"
expect_eq "members of big" "$(tr ',' '\n' <"$work/group" | wc -l)" "$n"
expect_eq "last member" "$(tr ',' '\n' <"$work/group" | tail -n 1)" u099999

expect_eq "id -Gn u054321" "$(nss id -Gn u054321)" big
expect_eq "getent passwd u099999" "$(nss getent passwd u099999 | cut -d: -f1,6)" \
	"u099999:/home/u099999"

nss getent passwd >"$work/all"
expect_eq "enumerated" "$(grep -c '^u[0-9]\{6\}:' "$work/all")" "$n"
expect_eq "each once" "$(cut -d: -f1 "$work/all" | sort | uniq -d | wc -l)" 0
echo "PASS"
