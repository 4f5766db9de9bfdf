#!/usr/bin/env bash
# run_pam.sh BUILDDIR [USERS] - the authentication benchmark (`./dev bench`).
#
# In a private mount namespace: a throw-away accountsd whose config sets the
# Argon2id limits (handed to bench_pam too, which hashes at the same ones),
# a tenant with USERS users (default 4 x CPUs) sharing one password, PAM
# service files in a private directory (pam_start_confdir) for
# pam_accounts.so and, for context, pam_unix.so with a local user whose
# yescrypt hash sits in copies of /etc/passwd and /etc/shadow bind-mounted
# over the real ones.  The host's files are never changed.
#
# Environment: CALLS (latency samples, 200), AUTHS (throughput run, 200),
# LOOKUPS (per lookup figure, 2000), ARGON2_OPSLIMIT (2),
# ARGON2_MEMLIMIT_KB (65536), WORKERS (0: one per CPU); the daemon's
# defaults.  PAM_UNIX=0 skips pam_unix (it crashes under ASan: libcrypt
# is loaded after ASan's crypt interceptor was set up).
set -euo pipefail
. "$(dirname "$0")/daemon.sh"
build=${1:?usage: run_pam.sh BUILDDIR [USERS]}
build=$(cd "$build" && pwd)
users=${2:-$((4 * $(nproc)))}

if [ -z "${ACCT_BENCH_NS:-}" ]; then
	export ACCT_BENCH_NS=1
	exec unshare -m --propagation private bash "$0" "$build" "$users"
fi

work=$(mktemp -d /tmp/acct-bench-pam.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || true
	fi
	umount /etc/shadow /etc/passwd 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

export LD_LIBRARY_PATH="$build/.libs"
export ACCOUNTSD_SOCKET="$work/sock"
password='bench Pass-phrase 42'

cat >"$work/conf" <<EOF
uid_min = 2000000
uid_max = 3999999
gid_min = 2000000
gid_max = 3999999
argon2_opslimit = ${ARGON2_OPSLIMIT:-2}
argon2_memlimit_kb = ${ARGON2_MEMLIMIT_KB:-65536}
workers = ${WORKERS:-0}
EOF
# bench_pam hashes at whatever the daemon was told.
setting() { awk -F' *= *' -v k="$1" '$1 == k { print $2 }' "$work/conf"; }
opslimit=$(setting argon2_opslimit)
memlimit_kb=$(setting argon2_memlimit_kb)

start_daemon "$build" "$work"
"$build/accountsctl" tenant create bench >/dev/null
for i in $(seq 1 "$users"); do
	login=$(printf 'pb%04d' "$i")
	"$build/accountsctl" user create "$login" --tenant bench >/dev/null
	printf '%s\n' "$password" |
		"$build/accountsctl" user passwd "$login" --password-stdin >/dev/null
	echo "$login"
done >"$work/users"

mkdir "$work/pam.d"
echo "auth required $build/.libs/pam_accounts.so socket=$work/sock" \
	>"$work/pam.d/bench-accounts"
echo "auth required pam_unix.so" >"$work/pam.d/bench-unix"

# pam_unix's user: a yescrypt hash (libcrypt's default cost) in copies.
unix=()
if [ "${PAM_UNIX:-1}" = 0 ]; then
	:
elif hash=$(python3 - "$password" <<'PY'
import ctypes, sys
lc = ctypes.CDLL("libcrypt.so.1")
for f in (lc.crypt_gensalt, lc.crypt):
    f.restype = ctypes.c_char_p
lc.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong,
                             ctypes.c_char_p, ctypes.c_int]
lc.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
salt = lc.crypt_gensalt(b"$y$", 0, None, 0)
h = lc.crypt(sys.argv[1].encode(), salt)
if not h or not h.startswith(b"$y$"):
    sys.exit(1)
print(h.decode())
PY
); then
	cp -a /etc/passwd "$work/passwd"
	cp -a /etc/shadow "$work/shadow"
	echo 'pbunix:x:59999:59999::/nonexistent:/usr/sbin/nologin' >>"$work/passwd"
	echo "pbunix:$hash:19000:0:99999:7:::" >>"$work/shadow"
	mount --bind "$work/passwd" /etc/passwd
	mount --bind "$work/shadow" /etc/shadow
	unix=(-x pbunix)
else
	echo "(no yescrypt in libcrypt: pam_unix skipped)"
fi

echo "=== authentication: $(nproc) CPUs, $users users ==="
"$build/bench/bench_pam" -n "${CALLS:-200}" -a "${AUTHS:-200}" \
	-l "${LOOKUPS:-2000}" "${unix[@]}" "$work/pam.d" "$work/users" \
	"$password" "$opslimit" "$memlimit_kb"
