# daemon.sh - sourced by the benchmark scripts: a throw-away accountsd.

# start_daemon BUILDDIR WORKDIR: run accountsd with WORKDIR/conf on
# WORKDIR/sock, state in WORKDIR/state, log in WORKDIR/log; set $pid; wait
# until it answers, or stop the benchmark with its log (no figures from a
# daemon that is not there).
start_daemon() {
	"$1/accountsd" --foreground --config "$2/conf" --socket "$2/sock" \
		--state-dir "$2/state" 2>"$2/log" &
	pid=$!
	for _ in $(seq 1 200); do
		"$1/accountsctl" --socket "$2/sock" status >/dev/null 2>&1 &&
			return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "accountsd did not start: $(cat "$2/log")" >&2
	exit 1
}
