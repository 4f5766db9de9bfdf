#!/bin/sh
# check_pam_stack.sh - the README, pam_accounts(8) and the pam-auth-update
# profile (packaging/pam-configs/accounts) show the same PAM stack: for
# each of auth, account, password and session, the same pam_accounts.so
# lines (control and arguments).  The profile's "success=end" is written
# "success=N" (the jump past the block) in a stack file: both compare as
# "success=JUMP".
set -u
top=${top_srcdir:-../..}
command -v python3 >/dev/null || exit 77
exec python3 - "$top" <<'PY'
import re, sys

top = sys.argv[1]
TYPES = ("auth", "account", "password", "session")

def norm(control, args):
    control = re.sub(r"success=(end|\d+)", "success=JUMP", control)
    if control.startswith("["):
        control = "[" + " ".join(sorted(control[1:-1].split())) + "]"
    return control, " ".join(args.split())

def stack_lines(text):
    """(type, control, args) of each 'TYPE CONTROL pam_accounts.so ARGS'
    line of a stack file's text."""
    out = set()
    for m in re.finditer(r"^(auth|account|password|session)\s+(\[[^\]]*\]|\S+)"
                         r"\s+pam_accounts\.so\b([^\n]*)$", text, re.M):
        out.add((m.group(1),) + norm(m.group(2), m.group(3)))
    return out

def profile(path):
    """The profile's lines: 'Auth:' then indented 'CONTROL MODULE ARGS'
    (Auth-Initial, the stack without pam_unix, is left out)."""
    out, kind = set(), None
    for line in open(path):
        m = re.match(r"^([A-Za-z-]+):", line)
        if m:
            kind = m.group(1).lower()
            kind = kind if kind in TYPES else None
            continue
        m = re.match(r"^\s+(\[[^\]]*\]|\S+)\s+pam_accounts\.so\b(.*)$", line)
        if m and kind:
            out.add((kind,) + norm(m.group(1), m.group(2)))
    return out

def readme(path):
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", open(path).read(),
                        re.S | re.M)
    return stack_lines("\n".join(blocks))

def manpage(path):
    text = open(path).read()
    blocks = re.findall(r"^\.nf\n(.*?)^\.fi", text, re.S | re.M)
    text = "\n".join(blocks).replace("\\e\n", " ")
    return stack_lines(text)

want = profile(top + "/packaging/pam-configs/accounts")
fails = []
if {t for t, _, _ in want} != set(TYPES):
    fails.append("the profile lacks a type: %s" % sorted(want))
for name, got in (("README.md", readme(top + "/README.md")),
                  ("pam_accounts(8)", manpage(top + "/packaging/pam_accounts.8"))):
    for line in sorted(want - got):
        fails.append("%s lacks the profile's %s" % (name, line))
    for line in sorted(got - want):
        fails.append("%s has %s, which the profile does not" % (name, line))
for f in fails:
    print("FAIL:", f)
if not fails:
    print("PASS: the same %d pam_accounts.so lines in the profile, "
          "README and pam_accounts(8)" % len(want))
sys.exit(1 if fails else 0)
PY
