#!/bin/sh
# check_man_verbs.sh - accountsctl(8) documents every command that
# `accountsctl --help` lists (a ".SS NOUN VERB" heading each), and every
# option of the option table (its "--name").  A verb added without its
# manual fails here.
set -u

ctl=${ACCOUNTSCTL:-./accountsctl}
man=${top_srcdir:-../..}/packaging/accountsctl.8
[ -x "$ctl" ] && [ -r "$man" ] || exit 77

fail=0
# "  tenant create SLUG ..." -> "tenant create"; "  status" -> "status"
"$ctl" --help | sed -n 's/^  \([a-z][a-z-]*\)\( [a-z][a-z-]*\)\{0,1\}\( .*\)\{0,1\}$/\1\2/p' |
	while read -r noun verb; do
		heading="^\.SS $noun${verb:+ $(printf '%s' "$verb" | sed 's/-/\\\\-/g')}\( \|$\)"
		if ! grep -q "$heading" "$man"; then
			echo "FAIL: accountsctl(8) has no section for '$noun${verb:+ $verb}'"
			echo x >>"${TMPDIR:-/tmp}/man_verbs.$$"
		fi
	done
"$ctl" --help | grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r opt; do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	if ! grep -q -- "$esc" "$man"; then
		echo "FAIL: accountsctl(8) never mentions $opt"
		echo x >>"${TMPDIR:-/tmp}/man_verbs.$$"
	fi
done
if [ -e "${TMPDIR:-/tmp}/man_verbs.$$" ]; then
	rm -f "${TMPDIR:-/tmp}/man_verbs.$$"
	fail=1
else
	echo "PASS: accountsctl(8) covers every command and option of --help"
fi
exit "$fail"
