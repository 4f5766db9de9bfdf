# tests/cli.mk - a CLI that never surprises (issue 10): the rules of every
# verb (no extra argument, help, did you mean), walked from --help.
TESTS += tests/ctl/check_usage_rules.sh
EXTRA_DIST += tests/ctl/check_usage_rules.sh

# bash completion: packaging/accountsctl.bash sourced in bash, COMPREPLY
# checked against the verb table.
TESTS += tests/ctl/check_completion.sh
EXTRA_DIST += tests/ctl/check_completion.sh
