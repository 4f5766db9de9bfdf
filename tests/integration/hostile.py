#!/usr/bin/env python3
"""hostile.py - a hostile local user against a live accountsd, and the
neighbours it must not hurt (it_hostile.sh runs both).

  attack PATH SECONDS SELF VICTIM
      (run as the uid of SELF, a directory user) for SECONDS at once:
      hold as many
      connections as the daemon gives, pinging them to keep them alive;
      flood requests that are refused (account checks, sessions and
      management about VICTIM, another user); open sessions for its own
      process.  Prints one JSON line of what the daemon answered.
  uncounted PATH NAME MAX
      wrong passwords for NAME, one after the other, until the daemon
      answers one with "internal" (it could not count the one before) or
      MAX were sent; prints how many were sent
"""
import json
import os
import resource
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wire import STATUS, auth_outcome, call, connect, field_str  # noqa: E402

OP_PING, OP_PW_BYNAME, OP_AUTH, OP_ACCT_MGMT = 1, 10, 30, 31
OP_SESSION_OPEN, OP_TENANT_LIST = 33, 101
T_NAME, T_PASSWORD, T_SERVICE, T_PID, T_PAM_RESULT = 2, 27, 29, 32, 34


def ask(s, op, payload=b""):
    """call(), with None for a daemon that hung up instead of answering."""
    try:
        status, fields, _ = call(s, op, payload)
    except OSError:
        return None
    return status, fields


def tally(counts, key):
    counts[key] = counts.get(key, 0) + 1


# ---- the attacker ----

def hold(path, until, out):
    """Connections held open, pinged every half second."""
    conns, refused = [], {}
    while time.monotonic() < until and len(conns) < 4096:
        try:
            s = connect(path)
            r = ask(s, OP_PING)
        except OSError as e:
            tally(refused, type(e).__name__)
            break
        if r is not None and r[0] == 0:
            conns.append(s)
        else:
            tally(refused, "hung up" if r is None else STATUS.get(r[0]))
            s.close()
            if sum(refused.values()) > 64:
                break  # it says no: keep what we have
    out["held"], out["hold_refused"] = len(conns), refused
    while time.monotonic() < until:
        time.sleep(0.5)
        for s in list(conns):
            try:
                if ask(s, OP_PING) is None:
                    raise OSError
            except OSError:
                conns.remove(s)
    out["held_at_end"] = len(conns)


def flood(path, until, victim, out):
    """Requests the daemon refuses, as fast as it answers them."""
    pam = field_str(T_NAME, victim) + field_str(T_SERVICE, "xlock")
    reqs = [(OP_ACCT_MGMT, pam), (OP_SESSION_OPEN, pam),
            (OP_AUTH, pam + field_str(T_PASSWORD, "guess")),
            (OP_TENANT_LIST, field_str(T_NAME, victim))]
    counts, sent, s = {}, 0, None
    while time.monotonic() < until:
        op, payload = reqs[sent % len(reqs)]
        sent += 1
        try:
            s = s or connect(path)
            r = ask(s, op, payload)
        except OSError:
            r = None
        if r is None:
            tally(counts, "hung up")
            if s is not None:
                s.close()
            s = None
            continue
        tally(counts, STATUS.get(r[0], str(r[0])))
    out["flood_sent"], out["flood"] = sent, counts


def sessions(path, until, name, out):
    """Sessions for its own process, as many as it is given."""
    counts, s = {}, None
    payload = (field_str(T_NAME, name) + field_str(T_SERVICE, "sshd") +
               struct.pack(">HII", T_PID, 4, os.getpid()))
    while time.monotonic() < until:
        try:
            s = s or connect(path)
            r = ask(s, OP_SESSION_OPEN, payload)
        except OSError:
            r = None
        if r is None:
            tally(counts, "hung up")
            s = None
            continue
        status, fields = r
        if status == 0 and T_PAM_RESULT in fields:
            res = struct.unpack(">I", fields[T_PAM_RESULT])[0]
            tally(counts, "opened" if res == 0 else "refused %d" % res)
        else:
            tally(counts, STATUS.get(status, str(status)))
    out["sessions"] = counts


def in_child(fn, *args):
    """Run fn(*args, out) in a process of its own (so that no part of the
    attack waits for another); returns (pid, pipe) to read out from."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out = {}
        fn(*args, out)
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    return pid, r


def cmd_attack(path, seconds, name, victim):
    until = time.monotonic() + float(seconds)
    out = {}
    jobs = [in_child(hold, path, until), in_child(flood, path, until, victim),
            in_child(sessions, path, until, name)]
    for pid, r in jobs:
        with os.fdopen(r) as f:
            out.update(json.loads(f.read() or "{}"))
        os.waitpid(pid, 0)
    print(json.dumps(out, sort_keys=True))


def auths_one(path, name, password, auths):
    out = auth_outcome(path, name, password)
    tally(auths, "ok" if out == "verdict 0" else out)


def cmd_uncounted(path, name, most):
    outcome, n = {}, 0
    while "internal" not in outcome and n < int(most):
        n += 1
        auths_one(path, name, "guess %d" % n, outcome)
    print(n if "internal" in outcome else "never")


if __name__ == "__main__":
    # thousands of connections need thousands of descriptors
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
