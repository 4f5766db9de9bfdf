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
export PATH="$build:$PATH"
pid=""
bold="" plain=""
if [ -t 1 ]; then bold=$'\e[1m' plain=$'\e[0m'; fi

finish() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" || true
	rm -rf "$work"
	echo "(daemon stopped, $work removed, host unchanged)"
}
trap finish EXIT

# show CMD...: print the command as one would type it, then run it.
show() {
	local line="" a
	for a in "$@"; do
		case $a in *" "*) a="\"$a\"" ;; esac
		line+=" $a"
	done
	printf '\n%s$%s%s\n' "$bold" "$line" "$plain"
	"$@"
}

printf 'passwd: files accounts\ngroup:  files accounts\nshadow: files\nhosts: files\n' \
	>"$work/nsswitch.conf"
mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf
if [ -d /run/nscd ]; then mount -t tmpfs tmpfs /run/nscd; fi

echo "Starting accountsd (state in $work/state, socket $ACCOUNTSD_SOCKET)"
accountsd --foreground --socket "$ACCOUNTSD_SOCKET" \
	--state-dir "$work/state" 2>"$work/daemon.log" &
pid=$!
for _ in $(seq 1 100); do
	accountsctl status >/dev/null 2>&1 && break
	sleep 0.05
done

show cat /etc/nsswitch.conf
show accountsctl status
show accountsctl tenant create acme --name "Acme Corporation"
show accountsctl user create alice --tenant acme --role owner \
	--display-name "Alice Liddell" --email alice@acme.example
show accountsctl user create bob --tenant acme --role admin --display-name "Bob Builder"
show accountsctl user create carol --tenant acme --display-name "Carol Danvers"
show accountsctl group create acme devs
show accountsctl group add-member acme-devs carol
show accountsctl user list --tenant acme
show getent passwd alice
show getent passwd "$(accountsctl --json user show bob |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')"
show getent group acme acme-admins acme-devs
show id alice
show id carol
echo
printf '%s$ getent passwd | tail -n 4%s   (enumeration: local users, then ours)\n' "$bold" "$plain"
getent passwd | tail -n 4
show accountsctl user delete carol
show getent passwd carol || echo "(exit $?: deleted users no longer resolve)"
