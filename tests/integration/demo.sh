#!/usr/bin/env bash
# demo.sh BUILDDIR - run by `./dev demo` inside `unshare -m`: a throw-away
# accountsd answers the real getent and id.  The host is left untouched: the
# nsswitch.conf change is a bind mount that dies with this namespace, and the
# state lives in a temporary directory removed at the end.
set -euo pipefail
build=${1:?usage: demo.sh BUILDDIR}
work=$(mktemp -d /tmp/accountsd-demo.XXXXXX)
export ACCOUNTSD_SOCKET="$work/socket"
export LD_LIBRARY_PATH="$build/.libs"
ctl="$build/accountsctl"
pid=""

finish() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" || true
	rm -rf "$work"
	echo "(daemon stopped, $work removed, host unchanged)"
}
trap finish EXIT

show() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

printf 'passwd: files accounts\ngroup:  files accounts\nshadow: files\nhosts: files\n' \
	>"$work/nsswitch.conf"
mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf
if [ -d /run/nscd ]; then mount -t tmpfs tmpfs /run/nscd; fi

echo "Starting accountsd (state in $work/state, socket $ACCOUNTSD_SOCKET)"
"$build/accountsd" --foreground --socket "$ACCOUNTSD_SOCKET" \
	--state-dir "$work/state" 2>"$work/daemon.log" &
pid=$!
for _ in $(seq 1 100); do
	"$ctl" status >/dev/null 2>&1 && break
	sleep 0.05
done

show cat /etc/nsswitch.conf
show "$ctl" status
show "$ctl" tenant create acme --name "Acme Corporation"
show "$ctl" user create alice --tenant acme --role owner \
	--display-name "Alice Liddell" --email alice@acme.example
show "$ctl" user create bob --tenant acme --role admin --display-name "Bob Builder"
show "$ctl" user create carol --tenant acme --display-name "Carol Danvers"
show "$ctl" group create acme devs
show "$ctl" group add-member acme-devs carol
show "$ctl" user list --tenant acme
show getent passwd alice
show getent passwd "$("$ctl" --json user show bob |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')"
show getent group acme acme-admins acme-devs
show id alice
show id carol
echo
printf '\033[1m$ getent passwd | tail -n 4\033[0m   (enumeration: local users, then ours)\n'
getent passwd | tail -n 4
show "$ctl" user delete carol
show getent passwd carol || echo "(exit $?: deleted users no longer resolve)"
