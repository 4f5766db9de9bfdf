# bash completion for accountsctl(8).
#
# The words come from accountsctl itself ("accountsctl help --complete
# WORDS...": the nouns, verbs or options that may follow WORDS, read from
# its verb table), so the completion never drifts from the program.  After
# an option that takes a value, files are completed.
_accountsctl()
{
	local cur words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion -n = || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local ctl=${words[0]:-accountsctl}
	local offered
	offered=$("$ctl" help --complete "${words[@]:1:cword-1}" 2>/dev/null) ||
		return
	if [ -z "$offered" ] && [ "$cword" -gt 1 ]; then
		# an option's value (or a free argument): file names
		compopt -o default 2>/dev/null
		COMPREPLY=()
		return
	fi
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$offered" -- "$cur"))
}
complete -F _accountsctl accountsctl
