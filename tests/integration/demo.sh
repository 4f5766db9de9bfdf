#!/usr/bin/env bash
# demo.sh BUILDDIR - run by `./dev demo` inside `unshare -m`: a throw-away
# accountsd answers the real getent and id, a tenant admin manages its own
# tenant and is refused another's, then the real ssh and su log in through
# pam_accounts.so, are refused while the tenant is suspended and let in
# again after reactivation.  The host is left untouched: every
# change (nsswitch.conf, /etc/pam.d, the module in the library directory,
# /run) is a mount that dies with this namespace (tests/integration/
# pam_env.sh), and the state lives in a temporary directory removed at the
# end.
set -euo pipefail
build=${1:?usage: demo.sh BUILDDIR}
work=$(mktemp -d /tmp/accountsd-demo.XXXXXX)
chmod 755 "$work"
pam_build=$build
. "$(dirname "$0")/pam_env.sh"
export PATH="$build:$PATH"
daemon_pid=""
bold="" plain=""
if [ -t 1 ]; then bold=$'\e[1m' plain=$'\e[0m'; fi

finish() {
	pam_stop_sshd
	if [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null; then
		wait "$daemon_pid" || true
	fi
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

# say TEXT: a heading between the parts.
say() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$plain"; }

pam_is_asan && echo "(a sanitizer build: the PAM part needs a normal one)" >&2 &&
	exit 1
pam_env_setup # /run is fresh now: the default socket is ours
echo "Starting accountsd (state in $work/state, socket $ACCOUNTSD_SOCKET)"
pam_start_daemon "$work/daemon.log"

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

say "A tenant admin runs its own tenant, and only its own"
# as LOGIN CMD...: print the command as LOGIN would type it, then run it
# as LOGIN's uid (the daemon knows callers by their uid alone).
as() {
	local who=$1 uid
	shift
	uid=$(accountsctl --json user show "$who" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')
	printf '\n%s%s$ %s%s\n' "$bold" "$who" "$*" "$plain"
	setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@" ||
		echo "(exit $?: refused)"
}
show accountsctl tenant create globex --name "Globex"
show accountsctl user create gina --tenant globex --role owner
as bob accountsctl user create dave --display-name "Dave Lister"
as bob accountsctl user list
as bob accountsctl tenant show
as bob accountsctl user deactivate gina
as bob accountsctl user deactivate nobody-at-all
as bob accountsctl user deactivate alice
as dave accountsctl user deactivate bob
show accountsctl audit list --actor bob

say "Logging in through PAM"
echo "pam_accounts.so follows pam_unix in this namespace's /etc/pam.d (the"
echo "shape pam-auth-update gives it); sshd listens on 127.0.0.1 with UsePAM."
show cat /etc/pam.d/common-auth
pass='correct horse battery staple'
printf '\n%s$ echo "%s" | accountsctl user passwd alice --password-stdin%s\n' \
	"$bold" "$pass" "$plain"
printf '%s\n' "$pass" | accountsctl user passwd alice --password-stdin
# a home for alice, in this namespace only (ssh would complain without one)
mount -t tmpfs -o mode=755 tmpfs /home
install -d -m 700 -o alice -g acme /home/alice
pam_start_sshd

# login_ssh / login_su: print the command as typed, then log in.
login_ssh() {
	printf '\n%s$ ssh -p %s alice@127.0.0.1 id%s   (sshpass types the password)\n' \
		"$bold" "$sshd_port" "$plain"
	ssh_as alice "$pass" id || echo "(exit $?: refused)"
}
login_su() {
	printf '\n%s$ su alice -c id%s   (as user nobody, the password typed on its terminal)\n' \
		"$bold" "$plain"
	su_as alice "$pass" id | tr -d '\r' || echo "(exit $?: refused)"
}
login_ssh
login_su
show accountsctl tenant suspend acme --reason "unpaid invoice"
login_ssh
login_su
show accountsctl tenant reactivate acme
login_ssh
login_su

say "Logging in with an SSH key"
echo "sshd asks accounts-ssh-keys (AuthorizedKeysCommand, run as nobody) for"
echo "alice's keys: it prints them only while alice may log in."
# sshd runs the command only from a root-owned path nobody else may write
mkdir -m 755 /run/accounts-bin
install -m 755 "$build/accounts-ssh-keys" /run/accounts-bin/
pam_stop_sshd
pam_start_sshd -o "AuthorizedKeysCommand=/run/accounts-bin/accounts-ssh-keys %u" \
	-o AuthorizedKeysCommandUser=nobody -o AuthorizedKeysFile=none
ssh-keygen -q -t ed25519 -N '' -C alice@laptop -f "$work/alice_key"
printf '\n%s$ accountsctl key ssh add alice < alice_key.pub%s\n' "$bold" "$plain"
accountsctl key ssh add alice <"$work/alice_key.pub"
show accountsctl key ssh list alice
keys_as_nobody() {
	printf '\n%s$ accounts-ssh-keys alice%s   (as nobody, as sshd runs it)\n' \
		"$bold" "$plain"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		/run/accounts-bin/accounts-ssh-keys alice
	echo "(exit $?)"
}
login_key() {
	printf '\n%s$ ssh -i alice_key -p %s alice@127.0.0.1 id%s\n' \
		"$bold" "$sshd_port" "$plain"
	ssh -F /dev/null -p "$sshd_port" -i "$work/alice_key" \
		-o IdentitiesOnly=yes -o BatchMode=yes \
		-o PreferredAuthentications=publickey \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
		alice@127.0.0.1 id || echo "(exit $?: refused)"
}
keys_as_nobody
login_key
show accountsctl tenant suspend acme --reason "unpaid invoice"
keys_as_nobody
login_key
show accountsctl tenant reactivate acme
login_key
echo
