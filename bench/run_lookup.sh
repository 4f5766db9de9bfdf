#!/usr/bin/env bash
# run_lookup.sh BUILDDIR [SIZES...] - the lookup benchmark (`./dev bench`).
#
# For each size (default 1000 and 100000 users), in a private mount
# namespace: start a throw-away accountsd, import the users into one tenant,
# write the very same users into a copy of /etc/passwd and /etc/group that is
# bind-mounted over the real ones, then let bench_lookup time both backends
# in one process.  The host's files are never changed.
#
# Then threads: for each placement in PLACEMENTS (default "one two"),
#   one   daemon and clients on CPU 0 (taskset -c 0 for both)
#   two   daemon on CPU 0, clients on CPU 1
#   free  nobody pinned
# and each build (BUILDDIR, then every LABEL=DIR of COMPARE, each with its
# own accountsd and libnss_accounts.so.2 over the same database), THREADS
# (default "1 2 8") client threads call getpwnam_r for THREAD_SECONDS
# (default 2) each, through files and through accounts.  COMPARE is how
# two builds are measured in one run: an older commit, or a measurement
# variant (bench/README.md).  LATENCY=0 skips the per-call table,
# THREADS= (empty) the threads.
#
# VISIBILITY="all tenant" measures each lookup_visibility setting in turn
# (a daemon of its own over the same database, both parts), with every
# client run as the directory user b0000000 (setpriv), whose lookups
# under tenant make the daemon look it up, and whose lookup rate is
# lifted for the run.  Unset: the default setting, clients as root.
# (With COMPARE, every build must know the lookup_visibility key.)
set -euo pipefail
. "$(dirname "$0")/daemon.sh"
build=${1:?usage: run_lookup.sh BUILDDIR [SIZES...]}
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000)

if [ -z "${ACCT_BENCH_NS:-}" ]; then
	export ACCT_BENCH_NS=1
	exec unshare -m --propagation private bash "$0" "$build" "${sizes[@]}"
fi

export LD_LIBRARY_PATH="$build/.libs"
work=
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || true
	fi
	[ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT

# stop_daemon: stop the daemon started last.
stop_daemon() {
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
}

# write_conf [SETTING]: the daemon's configuration; with a SETTING, its
# lookup_visibility, and no practical limit on the client's lookups and
# connections (root has none; the client is a directory user then).
write_conf() {
	printf 'uid_min = 2000000\nuid_max = 3999999\ngid_min = 2000000\ngid_max = 3999999\n' \
		>"$work/conf"
	[ -z "${1:-}" ] ||
		printf 'lookup_visibility = %s\nlookup_per_minute = 60000000\nlookup_burst = 60000000\nmax_connections_per_uid = 1000\n' \
			"$1" >>"$work/conf"
}

# run_threads: the threads part for the current size (see the top).
run_threads() {
	local builds=("this=$build" ${COMPARE:-}) placement b label dir
	local -a client
	[ "$(nproc)" -ge 2 ] || { echo "threads: needs 2 CPUs"; return 0; }
	for placement in ${PLACEMENTS:-one two}; do
		for b in "${builds[@]}"; do
			label=${b%%=*}
			dir=${b#*=}
			stop_daemon
			start_daemon "$dir" "$work"
			case $placement in
			one) taskset -a -p -c 0 "$pid" >/dev/null
			     client=(taskset -c 0) ;;
			two) taskset -a -p -c 0 "$pid" >/dev/null
			     client=(taskset -c 1) ;;
			free) client=() ;;
			*) echo "unknown placement $placement" >&2; exit 2 ;;
			esac
			echo "--- threads, placement $placement, build $label ($dir)$setting_label"
			LD_LIBRARY_PATH="$dir/.libs" "${client[@]}" "${as_user[@]}" \
				"$build/bench/bench_lookup" --threads \
				"${THREAD_SECONDS:-2}" "$work/users" ${THREADS-1 2 8}
		done
	done
	echo
}
for n in "${sizes[@]}"; do
	work=$(mktemp -d /tmp/acct-bench.XXXXXX)
	export ACCOUNTSD_SOCKET="$work/sock"
	# The users are in /etc/passwd too (below), where the module would
	# answer their initgroups itself: here it must ask the daemon.
	printf 'initgroups_ignore_local = no\n' >"$work/nss_accounts.conf"
	export ACCOUNTSD_NSS_CONF="$work/nss_accounts.conf"
	chmod 755 "$work" # a client run as a directory user reads it
	write_conf
	start_daemon "$build" "$work"
	"$build/accountsctl" tenant create bench >/dev/null
	python3 -c "
for i in range($n):
    print('b%07d:bench' % i)" >"$work/import"
	t0=$(date +%s.%N)
	"$build/accountsctl" user import "$work/import" >/dev/null
	t1=$(date +%s.%N)

	# The same entries, as files: /etc/passwd + ours, /etc/group + ours.
	printf 'passwd: files accounts\ngroup: files accounts\n' >"$work/nsswitch.conf"
	mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf
	getent passwd | grep '^b[0-9]\{7\}:' >"$work/ours"
	cat /etc/passwd "$work/ours" >"$work/passwd"
	{ cat /etc/group; getent group bench; } >"$work/group"
	awk -F: '{print $1, $3}' "$work/ours" >"$work/users"
	mount --bind "$work/passwd" /etc/passwd
	mount --bind "$work/group" /etc/group

	echo "=== $n users (import took $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s) ==="
	as_user=()
	if [ -n "${VISIBILITY:-}" ]; then
		as_user=(setpriv --reuid="$(awk 'NR == 1 {print $2}' "$work/users")"
			--regid="$(getent group bench | cut -d: -f3)" --clear-groups)
	fi
	settings=(${VISIBILITY:-})
	[ ${#settings[@]} -gt 0 ] || settings=("") # the default, as root
	for setting in "${settings[@]}"; do
		setting_label=
		if [ -n "$setting" ]; then
			setting_label=", lookup_visibility = $setting, as $(awk 'NR == 1 {print $1}' "$work/users")"
			stop_daemon
			write_conf "$setting"
			start_daemon "$build" "$work"
			echo "--- per call$setting_label"
		fi
		if [ "${LATENCY:-1}" != 0 ]; then
			"${as_user[@]}" "$build/bench/bench_lookup" "$work/users" \
				bench "${ITERATIONS:-5000}"
			echo
		fi
		[ -z "${THREADS-1 2 8}" ] || run_threads
	done

	umount /etc/passwd /etc/group /etc/nsswitch.conf
	stop_daemon
	rm -rf "$work"
	work=
done
