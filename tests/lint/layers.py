#!/usr/bin/env python3
"""layers.py SRCDIR BUILDDIR - the daemon's layer rules (HACKING.md).

1. Include rules, read from the sources:
   - ops/ never includes <lmdb.h> or the store's private header;
   - store/ includes nothing from policy/, ops/ or procs/;
   - policy/ includes only policy/, store/records.h and server/config.h,
     and never <lmdb.h>.
2. policy/ does no I/O: its objects call nothing from LMDB, the store,
   the log, files, sockets or clocks (read from the built objects).
3. No file imports another in a loop: neither headers through #include,
   nor .c files through the functions they call of each other (read from
   the built objects with nm).

Prints each finding and exits 1 when there is one.
"""
import os
import re
import subprocess
import sys

src, build = sys.argv[1], sys.argv[2]
daemon = os.path.join(src, "daemon")
findings = []

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources():
    for root, _, files in os.walk(daemon):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                path = os.path.join(root, f)
                yield os.path.relpath(path, daemon), path


def includes(path):
    with open(path, encoding="utf-8") as fh:
        return INCLUDE.findall(fh.read())


def layer(rel):
    return rel.split("/")[0] if "/" in rel else ""


POLICY_MAY = ("policy/", "store/records.h", "server/config.h")

headers = {}
for rel, path in sources():
    lay = layer(rel)
    incs = includes(path)
    headers[rel] = [name for kind, name in incs if kind == '"']
    for kind, name in incs:
        bad = None
        if lay in ("ops", "policy") and name == "lmdb.h":
            bad = "includes <lmdb.h>"
        elif lay == "ops" and name == "store/priv.h":
            bad = "includes the store's private header"
        elif lay == "store" and name.split("/")[0] in ("policy", "ops",
                                                        "procs"):
            bad = "store/ includes " + name
        elif (lay == "policy" and kind == '"' and
              not name.startswith("acct_") and
              not name.startswith(POLICY_MAY)):
            bad = "policy/ includes " + name
        if bad:
            findings.append("daemon/%s: %s" % (rel, bad))

# header include loops
def loops(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


for comp in loops(headers):
    findings.append("include loop: " + " <-> ".join("daemon/" + c
                                                    for c in comp))

# objects: who defines and who uses each symbol
objs = {}
for root, _, files in os.walk(os.path.join(build, "daemon")):
    for f in files:
        if f.endswith(".o") and f.startswith(("libacctd_", "accountsd-")):
            rel = os.path.relpath(root, build).replace("/.libs", "")
            # daemon/store/libacctd_store_la-user.o -> daemon/store/user.c
            name = os.path.join(rel, re.sub(r"^.*?-", "", f)[:-2] + ".c")
            if os.path.exists(os.path.join(src, name)):  # not a stale one
                objs[name] = os.path.join(root, f)
if not objs:
    sys.exit("layers.py: no daemon objects under %s (build first)" % build)

defined, used = {}, {}
for name, obj in objs.items():
    out = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True).stdout
    used[name] = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used[name].add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined[parts[2]] = name

POLICY_NO_IO = re.compile(
    r"^(mdb_|ad_store_|st_|ad_log|v?syslog$|open|read$|write$|pread|pwrite"
    r"|f(open|read|write|printf)$|printf$|puts$|socket$|connect$|send|recv"
    r"|poll$|epoll_|event_|time$|clock_gettime$|gettimeofday$)")
for name, syms in sorted(used.items()):
    if not name.startswith("daemon/policy/"):
        continue
    for s in sorted(syms):
        if POLICY_NO_IO.match(s):
            findings.append("%s: policy does I/O: calls %s" % (name, s))

calls = {n: sorted({defined[s] for s in syms if s in defined} - {n})
         for n, syms in used.items()}
for comp in loops(calls):
    findings.append("call loop: " + " <-> ".join(comp))

for f in findings:
    print("layers: " + f)
sys.exit(1 if findings else 0)
