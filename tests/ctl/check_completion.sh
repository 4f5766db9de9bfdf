#!/bin/bash
# check_completion.sh - packaging/accountsctl.bash, sourced in bash, offers
# what the verb table says: nouns, a noun's verbs, the second word of a
# two-word verb, a verb's options, and files after an option's value.
set -u
ctl=${ACCOUNTSCTL:-./accountsctl}
script=${top_srcdir:-../..}/packaging/accountsctl.bash
[ -x "$ctl" ] && [ -r "$script" ] || exit 77
bindir=$(mktemp -d)
trap 'rm -rf "$bindir"' EXIT
ln -s "$(cd "$(dirname "$ctl")" && pwd)/$(basename "$ctl")" "$bindir/accountsctl"
PATH=$bindir:$PATH
# shellcheck source=/dev/null
. "$script"
fail=0

# complete LINE: COMPREPLY for the last word of LINE (a trailing space
# means a new, empty word)
complete_line() {
	read -r -a COMP_WORDS <<<"$1"
	case $1 in *' ') COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$1
	COMP_POINT=${#1}
	COMPREPLY=()
	_accountsctl
}

# expect LINE WORD...: each WORD is offered
expect() {
	local line=$1 w
	shift
	complete_line "$line"
	for w in "$@"; do
		if ! printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$w"; then
			echo "FAIL: '$line' does not offer '$w' (got: ${COMPREPLY[*]})"
			fail=1
		fi
	done
}

# only LINE WORD...: exactly these words are offered
only() {
	local line=$1 got want
	shift
	complete_line "$line"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$line' offers [$got], want [$want]"
		fail=1
	fi
}

expect 'accountsctl ' status tenant user group key help --json --socket
only 'accountsctl us' user usage
only 'accountsctl user li' list
expect 'accountsctl user ' create list show update delete import
only 'accountsctl key ssh ' add list remove
only 'accountsctl user list --' --tenant --socket --json --timeout \
	--token-file --api-key-file --help
expect 'accountsctl user create alice --' --tenant --shell --home \
	--password-stdin
only 'accountsctl user create alice --sh' --shell
only 'accountsctl --json tenant sus' suspend
only 'accountsctl help us' user usage
only 'accountsctl help user sh' show
only 'accountsctl status --t' --timeout --token-file
# an option's value: nothing from the table (the shell completes files)
only 'accountsctl user create alice --shell '
only 'accountsctl nosuch '

# the words are the table's: every noun of --help is offered
for noun in $("$ctl" --help | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' | sort -u); do
	expect 'accountsctl ' "$noun"
done
[ "$fail" -eq 0 ] && echo "PASS: bash completion offers the verb table's words"
exit "$fail"
