# pam_env.sh - a private mount namespace where the real su, sudo and sshd
# log in through the built pam_accounts.so (sourced by it_pam.sh and
# demo.sh, not run).
#
# Setuid programs ignore LD_LIBRARY_PATH and ACCOUNTSD_SOCKET, and sshd
# resolves users in children it re-executes.  So, in the namespace only:
#   - the built libnss_accounts.so.2 is overlaid (overlayfs) into the
#     system library directory, where every program's libc looks for it;
#   - /run is a fresh tmpfs holding the default socket path
#     /run/accountsd/socket and sshd's /run/sshd;
#   - /etc/pam.d and /etc/sudoers are bind-mounted copies with the stacks
#     below, and the login records in /var/log are scratch files.
# Nothing reaches the host: every mount dies with the namespace.
#
# The caller has made the private namespace (unshare -m) and sets:
#   work       a scratch directory (removed by the caller)
#   pam_build  the build directory (accountsd, accountsctl, .libs/)

: "${work:?}" "${pam_build:?}"
pam_libs="$pam_build/.libs"
pam_module="$pam_libs/pam_accounts.so"
here_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# An ASan build's modules can only live in a process that loads libasan
# first: setuid programs refuse LD_PRELOAD, so with such a build only
# pamtester (through pam_run) can log in, and nothing is overlaid.
pam_asan_preload=""
# (not "ldd | grep -q": under pipefail, grep's early exit can SIGPIPE ldd)
if [[ $(ldd "$pam_module" 2>/dev/null) == *libasan* ]]; then
	# libcrypt too: ASan's crypt() interceptor binds at startup, and
	# pam_unix's libcrypt would arrive later (a call through NULL)
	pam_asan_preload="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so):libcrypt.so.1"
fi
pam_is_asan() { [ -n "$pam_asan_preload" ]; }

# The stacks: account and session in the shape pam-auth-update gives
# Debian's common-* files with packaging/pam-configs/accounts, pam_unix
# first so that local users and root never depend on the daemon.  In auth,
# a refusal by pam_accounts ends the stack with its own code instead of
# pam_deny's AUTH_ERR, so that the test can check every code.
pam_write_stacks() {
	local d=$1
	cat >"$d/common-auth" <<-PAM
		auth [success=done new_authtok_reqd=done default=ignore] pam_unix.so nullok
		auth [success=done new_authtok_reqd=done default=die] $pam_module try_first_pass
		auth requisite pam_deny.so
	PAM
	cat >"$d/common-account" <<-PAM
		account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so
		account requisite pam_deny.so
		account required pam_permit.so
		account [default=bad success=ok user_unknown=ignore authinfo_unavail=ignore] $pam_module
	PAM
	cat >"$d/common-password" <<-PAM
		password [success=done default=ignore] $pam_module
		password requisite pam_deny.so
	PAM
	cat >"$d/common-session" <<-PAM
		session required pam_unix.so
		session optional $pam_module
	PAM
	local svc
	for svc in su sudo sshd accounts-test; do
		printf '@include common-%s\n' auth account password session \
			>"$d/$svc"
	done
	# pamtester's service: sessions through our module alone, so a
	# failing open_session shows
	sed -i "s|^@include common-session|session required $pam_module|" \
		"$d/accounts-test"
}

# pam_env_setup: /run, the library overlay, /etc/pam.d and sudoers.
pam_env_setup() {
	mount -t tmpfs -o mode=755 tmpfs /run
	mkdir -p /run/accountsd /run/sshd
	chmod 755 /run/accountsd /run/sshd
	if ! pam_is_asan; then
		local libdir
		libdir=/usr/lib/$(gcc -print-multiarch)
		mkdir -p "$work/nsslib"
		cp "$pam_libs/libnss_accounts.so.2" "$work/nsslib/"
		mount -t overlay overlay -o "lowerdir=$work/nsslib:$libdir" \
			"$libdir"
	fi
	# nsswitch.conf: ours for passwd and group (lib.sh may have done it)
	if ! grep -q '^passwd:.*accounts' /etc/nsswitch.conf; then
		printf 'passwd: files accounts\ngroup: files accounts\nshadow: files\nhosts: files\n' \
			>"$work/nsswitch.conf"
		mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf
	fi
	mkdir -p "$work/pam.d"
	cp -a /etc/pam.d/. "$work/pam.d/"
	pam_write_stacks "$work/pam.d"
	mount --bind "$work/pam.d" /etc/pam.d
	# sudo: the admins of tenant acme may run anything (%SLUG-admins)
	printf '%%acme-admins ALL=(ALL:ALL) ALL\nDefaults !lecture\n' \
		>"$work/sudoers"
	chmod 440 "$work/sudoers"
	mount --bind "$work/sudoers" /etc/sudoers
	# su and sshd record logins and failures here: not in the host's
	local log
	for log in /var/log/btmp /var/log/wtmp /var/log/lastlog; do
		[ -e "$log" ] || continue
		: >"$work/${log##*/}"
		mount --bind "$work/${log##*/}" "$log"
	done
	export ACCOUNTSD_SOCKET=/run/accountsd/socket
}

# pam_env_root_password PASSWORD: give root PASSWORD in a bind-mounted copy
# of /etc/shadow, so "root still logs in through pam_unix" is a real login.
pam_env_root_password() {
	local hash
	hash=$(perl -e 'print crypt($ARGV[0], q($6$) . $ARGV[1] . q($))' \
		"$1" "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')")
	case $hash in '$6$'*) ;; *) echo "crypt() failed" >&2 && return 1 ;; esac
	awk -F: -v OFS=: -v h="$hash" '$1 == "root" { $2 = h } { print }' \
		/etc/shadow >"$work/shadow"
	chown --reference=/etc/shadow "$work/shadow"
	chmod --reference=/etc/shadow "$work/shadow"
	mount --bind "$work/shadow" /etc/shadow
}

# pam_start_daemon LOGFILE [ARGS...]: accountsd on the default socket;
# sets daemon_pid once it answers (bounded wait).
pam_start_daemon() {
	local log=$1
	shift
	env -u LD_LIBRARY_PATH "$pam_build/accountsd" --foreground \
		--socket /run/accountsd/socket --state-dir "$work/state" "$@" \
		>>"$log" 2>&1 &
	daemon_pid=$!
	local _
	for _ in $(seq 1 300); do
		"$pam_build/accountsctl" status >/dev/null 2>&1 && return 0
		kill -0 "$daemon_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "accountsd did not start: $(tail -n 5 "$log")" >&2
	return 1
}

# pam_run SERVICE USER PASSWORD OP...: pamtester, the password on stdin
# (one line per prompt: chauthtok's two are "new\nnew").
pam_run() {
	local svc=$1 user=$2 pass=$3
	shift 3
	printf '%s\n' "$pass" | env LD_PRELOAD="$pam_asan_preload" \
		LD_LIBRARY_PATH="$pam_libs" ASAN_OPTIONS=detect_leaks=0 \
		pamtester "$svc" "$user" "$@"
}

# su_as USER PASSWORD CMD: su from nobody on a pty; prints the terminal.
su_as() {
	python3 "$here_dir/pty_answer.py" 65534 65534 "assword:=$2" -- \
		su "$1" -c "$3"
}

# sudo_as UID GID PASSWORD CMD...: sudo -S as the user UID (groups from
# NSS), never from a cached timestamp.
sudo_as() {
	local uid=$1 gid=$2 pass=$3
	shift 3
	printf '%s\n' "$pass" | setpriv --reuid="$uid" --regid="$gid" \
		--init-groups sudo -S -k -p 'password: ' "$@"
}

sshd_pid=""
sshd_port=""

# pam_start_sshd [OPTION...]: sshd on 127.0.0.1 (a free high port:
# sshd_port), with UsePAM and password logins and no configuration file
# of the host's; the sshd options given ("-o Name=value") come first, so
# they win (sshd keeps the first value of most options).
pam_start_sshd() {
	[ -f "$work/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
	local opts=(-f /dev/null -h "$work/hostkey" "$@"
		-o ListenAddress=127.0.0.1
		-o UsePAM=yes -o PasswordAuthentication=yes
		-o KbdInteractiveAuthentication=no -o PermitRootLogin=no
		-o PidFile=none -o LogLevel=VERBOSE)
	# OpenSSH >= 9.8 penalises sources with failed logins: not ours
	if /usr/sbin/sshd -t "${opts[@]}" -o PerSourcePenalties=no 2>/dev/null; then
		opts+=(-o PerSourcePenalties=no)
	fi
	local attempt _
	for attempt in 1 2 3; do
		sshd_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		/usr/sbin/sshd -D -e -p "$sshd_port" "${opts[@]}" \
			2>>"$work/sshd.log" &
		sshd_pid=$!
		for _ in $(seq 1 400); do # 20 s
			kill -0 "$sshd_pid" 2>/dev/null || break
			if (exec 3<>"/dev/tcp/127.0.0.1/$sshd_port") 2>/dev/null; then
				return 0
			fi
			sleep 0.05
		done
		# the port was taken between the probe and sshd's bind
		echo "sshd on port $sshd_port: no (attempt $attempt)" >>"$work/sshd.log"
		pam_stop_sshd
	done
	echo "sshd did not start: $(tail -n 5 "$work/sshd.log")" >&2
	return 1
}

pam_stop_sshd() {
	[ -n "$sshd_pid" ] || return 0
	kill "$sshd_pid" 2>/dev/null || true
	wait "$sshd_pid" 2>/dev/null || true
	sshd_pid=""
}

# ssh_as USER PASSWORD CMD: the real ssh client, password through sshpass,
# no configuration or known_hosts of the caller's.
ssh_as() {
	SSHPASS=$2 sshpass -e ssh -F /dev/null -p "$sshd_port" \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o PubkeyAuthentication=no -o PreferredAuthentications=password \
		-o ConnectTimeout=20 "$1@127.0.0.1" "$3"
}

# ---- for tests that let pam-auth-update write the stacks (it_passwd.sh) ----

# pam_env_private_etc: a scratch copy of the whole of /etc bind-mounted
# over it.  pam_unix changes a password by writing /etc/nshadow and
# renaming it over /etc/shadow, which a bind-mounted file refuses (EBUSY);
# in a private /etc the rename works and the host's files stay untouched.
# Call it before pam_env_setup: it covers earlier mounts under /etc (the
# copy takes their contents, so lib.sh's nsswitch.conf carries over).
pam_env_private_etc() {
	cp -a /etc "$work/etc"
	mount --bind "$work/etc" /etc
}

# pam_crypt PASSWORD: a SHA-512 crypt hash of PASSWORD, for /etc/shadow.
pam_crypt() {
	local hash
	hash=$(perl -e 'print crypt($ARGV[0], q($6$) . $ARGV[1] . q($))' \
		"$1" "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')")
	case $hash in '$6$'*) ;; *) echo "crypt() failed" >&2 && return 1 ;; esac
	printf '%s\n' "$hash"
}

# pam_env_set_password USER PASSWORD: USER's hash in the private /etc's
# shadow file (root's, or a pam_env_local_user's).
pam_env_set_password() {
	local hash
	hash=$(pam_crypt "$2") || return 1
	awk -F: -v OFS=: -v u="$1" -v h="$hash" '$1 == u { $2 = h } { print }' \
		/etc/shadow >"$work/shadow.new"
	cat "$work/shadow.new" >/etc/shadow # in place: owner and mode stay
	rm -f "$work/shadow.new"
}

# pam_env_local_user NAME UID PASSWORD: a local user, and its group, in the
# private /etc.
pam_env_local_user() {
	local name=$1 uid=$2
	printf '%s:x:%s:%s::/nonexistent:/bin/sh\n' "$name" "$uid" "$uid" \
		>>/etc/passwd
	printf '%s:x:%s:\n' "$name" "$uid" >>/etc/group
	printf '%s:*:19000:0:99999:7:::\n' "$name" >>/etc/shadow
	pam_env_set_password "$name" "$3"
}

# pam_env_auth_update ARGS...: the real pam-auth-update writes
# /etc/pam.d/common-* from Debian's unix profile and ours
# (packaging/pam-configs/accounts, its module named by the built path).
# Everything it reads or writes is a scratch copy: /usr/share/pam-configs,
# /var/lib/pam (its record of what it wrote), /var/cache/debconf (the
# profiles question) and /etc/pam.d (pam_env_setup's).  The first call
# starts from the pristine common-* templates of /usr/share/pam.
pam_env_auth_update() {
	if [ ! -d "$work/pam-configs" ]; then
		mkdir -p "$work/pam-configs" "$work/var-lib-pam"
		cp /usr/share/pam-configs/unix "$work/pam-configs/"
		sed "s|\([[:space:]]\)pam_accounts\.so|\1$pam_module|" \
			"$top_srcdir/packaging/pam-configs/accounts" \
			>"$work/pam-configs/accounts"
		mount --bind "$work/pam-configs" /usr/share/pam-configs
		mount --bind "$work/var-lib-pam" /var/lib/pam
		cp -a /var/cache/debconf "$work/debconf"
		mount --bind "$work/debconf" /var/cache/debconf
		local f
		for f in /usr/share/pam/common-*; do
			case $f in *.md5sums) continue ;; esac
			cp "$f" /etc/pam.d/
		done
	fi
	DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes \
		pam-auth-update "$@" </dev/null
}
