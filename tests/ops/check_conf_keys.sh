#!/bin/sh
# check_conf_keys.sh - every key the parser knows (accountsd
# --print-config, which lists them all with their values) has an entry in
# accountsd.conf(5) whose "Default:" is the value printed, and a line in
# accountsd.conf.example ("#key = default", or set with a comment); and
# the daemon documents --check-config and --print-config in accountsd(8).
# A key added to the parser without its documentation fails here.
set -u

acctd=${top_builddir:-.}/accountsd
src=${top_srcdir:-../..}/packaging
man=$src/accountsd.conf.5
example=$src/accountsd.conf.example
[ -x "$acctd" ] && [ -r "$man" ] && [ -r "$example" ] || exit 77

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.conf"
"$acctd" --print-config --config "$tmp/empty.conf" >"$tmp/keys" || {
	echo "FAIL: accountsd --print-config exited $?"
	exit 1
}
[ "$(wc -l <"$tmp/keys")" -ge 50 ] || {
	echo "FAIL: --print-config printed only $(wc -l <"$tmp/keys") keys"
	exit 1
}

# The "Default:" of key's entry in the man page (".TP" then ".B key", and
# the text up to the next .TP/.SS/.SH), with roff's escapes undone.
man_default() {
	awk -v k="$1" '
		prev == ".TP" && $0 == ".B " k { on = 1; next }
		{ prev = $0 }
		on && /^\.(TP|SS|SH)/ { exit }
		on && /^Default: / { print; exit }
	' "$man" | sed -e 's/^Default: //' -e 's/\.$//' -e 's/\\fB//; s/\\fR//' \
		-e 's/\\-/-/g'
}

fail=0
while IFS= read -r line; do
	key=${line%% =*}
	value=${line#"$key ="}
	value=${value# }
	doc=$(man_default "$key")
	if [ -z "$doc" ]; then
		echo "FAIL: accountsd.conf(5) has no entry (or no Default:) for $key"
		fail=1
	elif [ -z "$value" ] && [ "$doc" != empty ]; then
		echo "FAIL: accountsd.conf(5): $key defaults to '$doc', not empty"
		fail=1
	elif [ -n "$value" ] && [ "$doc" != "$value" ]; then
		# the state directory follows configure's localstatedir
		case $key:$value in
		state_dir:*"$doc") ;;
		*)
			echo "FAIL: accountsd.conf(5): $key defaults to '$doc'," \
				"--print-config says '$value'"
			fail=1
			;;
		esac
	fi
	ex=$(grep -E "^#? ?$key = " "$example" | head -n 1)
	case $ex in
	"")
		echo "FAIL: accountsd.conf.example has no line for $key"
		fail=1
		;;
	"#$key = $value" | "$key = "*) ;;
	*)
		# an example value where the default is empty, and the
		# localstatedir of the build
		if [ -n "$value" ] && [ "$key" != state_dir ]; then
			echo "FAIL: accountsd.conf.example: '$ex', default '$value'"
			fail=1
		fi
		;;
	esac
done <"$tmp/keys"

for opt in check-config print-config; do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$esc" "$src/accountsd.8" || {
		echo "FAIL: accountsd(8) never mentions --$opt"
		fail=1
	}
done
exit $fail
