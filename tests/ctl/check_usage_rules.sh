#!/bin/sh
# check_usage_rules.sh - the rules of every verb, walked from the verbs
# `accountsctl --help` lists: one positional argument more than the verb
# takes is a usage error (exit 2, naming the argument and the synopsis)
# found before connecting (the socket names nothing, so a connection
# attempt would exit 3); `help VERB` shows each verb; a mistyped verb gets
# a "did you mean".
set -u
ctl=${ACCOUNTSCTL:-./accountsctl}
[ -x "$ctl" ] || exit 77
command -v python3 >/dev/null || exit 77
exec python3 - "$ctl" <<'PY'
import re, subprocess, sys

ctl = sys.argv[1]
nowhere = "/nonexistent/accountsd.socket"
fails = []

def run(*args):
    p = subprocess.run([ctl, "--socket", nowhere, *args],
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr

rc, out, _ = run("--help")
assert rc == 0, "accountsctl --help failed"
# "  noun verb [verb2] ARGS" lines; summaries are indented by 6
verbs = []
for line in out.splitlines():
    m = re.match(r"^  ([a-z][a-z-]*(?: [a-z][a-z-]*)*)(?: (.*))?$", line)
    if not m or line.startswith("   "):
        continue
    words, synopsis = m.group(1).split(), m.group(2) or ""
    if words[0].startswith("-"):
        continue
    # positionals: the synopsis' tokens before its first option,
    # optional ones ([SLUG]) included; "|" separates alternatives
    npos = 0
    for tok in synopsis.split():
        if tok.lstrip("[").startswith("-") or tok == "|":
            if tok == "|":
                continue
            break
        if tok.lower() == tok and not tok.startswith("["):
            continue  # a literal alternative ("verify")
        npos += 1
    verbs.append((words, npos))

if len(verbs) < 40:
    fails.append("parsed only %d verbs from --help" % len(verbs))
for words, npos in verbs:
    if words == ["help"]:
        npos = 3  # help COMMAND VERB WORD ("help key ssh add")
    args = words + ["x%d" % k for k in range(npos)] + ["surplus"]
    rc, out, err = run(*args)
    if rc != 2 or "unexpected argument 'surplus'" not in err \
            or "usage: accountsctl " + " ".join(words) not in err:
        fails.append("%s: exit %d, %r" % (" ".join(args), rc, err.strip()))
    if words == ["help"]:
        continue
    rc, out, err = run("help", *words)
    if rc != 0 or ("Usage: accountsctl " + " ".join(words)) not in out:
        fails.append("help %s: exit %d" % (" ".join(words), rc))
    rc, out, err = run(*words, "--help")
    if rc != 0 or ("Usage: accountsctl " + " ".join(words)) not in out:
        fails.append("%s --help: exit %d" % (" ".join(words), rc))

# --json formats the usage error too
rc, out, err = run("--json", "user", "list", "surplus")
if rc != 2 or '"status":"usage"' not in out.replace(" ", ""):
    fails.append("--json user list surplus: exit %d, %r" % (rc, out))

for args, want in [
        (["usr", "list"], "did you mean 'user'?"),
        (["user", "lst"], "did you mean 'list'?"),
        (["tenant", "suspnd", "acme"], "did you mean 'suspend'?"),
        (["key", "ssh", "ad", "alice"], "did you mean 'ssh add'?"),
        (["help", "grop"], "did you mean 'group'?"),
        (["help", "user", "shwo"], "did you mean 'show'?"),
        (["help", "nosuchthing"], "unknown command 'nosuchthing'"),
        (["zzzzzz"], "unknown command 'zzzzzz'")]:
    rc, out, err = run(*args)
    if rc != 2 or want not in err:
        fails.append("%s: exit %d, %r (want %r)" % (" ".join(args), rc,
                                                   err.strip(), want))
    if want.startswith("unknown") and "did you mean" in err:
        fails.append("%s: suggests a far word: %r" % (" ".join(args), err))

rc, out, _ = run("help")
rc2, out2, _ = run("--help")
if rc != 0 or out != out2:
    fails.append("help differs from --help")

for f in fails:
    print("FAIL:", f)
if not fails:
    print("PASS: %d verbs refuse an extra argument before connecting"
          % len(verbs))
sys.exit(1 if fails else 0)
PY
