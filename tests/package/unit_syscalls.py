#!/usr/bin/env python3
"""unit_syscalls.py UNIT TRACE: the system calls in an `strace -f` TRACE
that the SystemCallFilter= lines of UNIT would refuse.

The lines are applied in order, as systemd does: the first one (an allow
list here) sets the start, a later "~..." line takes its calls away, a
later plain line adds them back.  Groups (@name) are expanded with
`systemd-analyze syscall-filter`.  Prints what the trace used and what
the filter refuses; exits 1 when something would be refused."""
import re
import subprocess
import sys


def expand(name, memo={}):
    if not name.startswith("@"):
        return {name}
    if name not in memo:
        out = subprocess.run(["systemd-analyze", "syscall-filter", name],
                             capture_output=True, text=True, check=True).stdout
        calls = set()
        for line in out.splitlines()[1:]:
            line = line.strip()
            if line and not line.startswith("#"):
                calls |= expand(line)
        memo[name] = calls
    return memo[name]


def allowed_by(unit):
    allowed = None
    for line in open(unit):
        m = re.match(r"\s*SystemCallFilter=(~?)(.*)", line)
        if not m:
            continue
        calls = set()
        for word in m.group(2).split():
            calls |= expand(word)
        if allowed is None:
            if m.group(1):
                sys.exit("the unit's first SystemCallFilter= is a deny list: "
                         "this check expects an allow list")
            allowed = calls
        elif m.group(1):
            allowed -= calls
        else:
            allowed |= calls
    if allowed is None:
        sys.exit("no SystemCallFilter= in " + unit)
    return allowed


def main():
    allowed = allowed_by(sys.argv[1])
    used = set()
    for line in open(sys.argv[2]):
        m = re.match(r"\d+\s+([a-z_0-9]+)\(", line)
        if m:
            used.add(m.group(1))
    # the exec that starts the daemon comes before any filter applies
    refused = sorted(used - allowed - {"execve"})
    print("system calls used: %d" % len(used))
    print(" ".join(sorted(used)))
    if refused:
        print("refused by the unit's SystemCallFilter=: " + " ".join(refused))
        return 1
    print("all allowed by the unit's SystemCallFilter=")
    return 0


if __name__ == "__main__":
    sys.exit(main())
