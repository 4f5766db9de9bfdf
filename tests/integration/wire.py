#!/usr/bin/env python3
"""wire.py - speak the accountsd frame protocol (common/acct_proto.h) from
the integration tests, to do what a well-behaved client never does:
garbage, stalls, thousands of connections at once."""
import json
import os
import resource
import socket
import struct
import sys
import time

MAGIC, VERSION, HDR = 0x41435431, 1, 16
OP_PING, OP_PW_BYNAME = 1, 10


def frame(op, payload=b"", magic=MAGIC, version=VERSION, length=None):
    n = len(payload) if length is None else length
    return struct.pack(">IHHHHI", magic, version, op, 0, 0, n) + payload


def field_str(tag, s):
    b = s.encode()
    return struct.pack(">HI", tag, len(b)) + b


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s


def read_reply(s):
    """Return (opcode, status) of one reply frame, or None on EOF."""
    hdr = b""
    while len(hdr) < HDR:
        chunk = s.recv(HDR - len(hdr))
        if not chunk:
            return None
        hdr += chunk
    magic, _, op, _, status, n = struct.unpack(">IHHHHI", hdr)
    assert magic == MAGIC, "bad magic in reply"
    left = n
    while left:
        chunk = s.recv(min(left, 65536))
        if not chunk:
            return None
        left -= len(chunk)
    return op, status


def cmd_garbage(path):
    """Bad magic, bad version, oversized length: each gets an error frame
    (status != 0) or a closed connection, never a hang."""
    for data in (b"\x00" * 16, frame(OP_PING, version=99),
                 frame(OP_PING, length=0x7FFFFFFF),
                 frame(OP_PW_BYNAME, b"\x00\x02\xff\xff\xff\xff")):
        s = connect(path)
        s.sendall(data)
        r = read_reply(s)
        if r is not None and r[1] == 0:
            sys.exit("garbage %r answered with status OK" % data[:16])
        s.close()
    print("garbage refused")


def cmd_stall(path, limit_s):
    """A client that sends half a header is dropped after the timeout."""
    s = connect(path)
    s.sendall(frame(OP_PING)[:7])
    start = time.monotonic()
    r = read_reply(s)
    waited = time.monotonic() - start
    if waited > float(limit_s):
        sys.exit("stalled client kept for %.1fs" % waited)
    print("stalled client dropped (reply %r)" % (r,))


def cmd_many(path, count):
    """Open COUNT connections at once, then a PING on each."""
    conns = [connect(path) for _ in range(int(count))]
    for s in conns:
        s.sendall(frame(OP_PING))
    ok = busy = 0
    for s in conns:
        r = read_reply(s)
        if r and r[1] == 0:
            ok += 1
        elif r and r[1] == 3:
            busy += 1
        s.close()
    print("%d ok %d busy" % (ok, busy))


def cmd_hold(path, count, seconds):
    """Hold COUNT idle connections open for SECONDS (run in background)."""
    conns = [connect(path) for _ in range(int(count))]
    time.sleep(float(seconds))
    print("held %d" % len(conns))


def cmd_session_open(path, name, service, pid):
    """SESSION_OPEN for NAME as root, naming process PID (what
    pam_accounts.so does for its own pid); print the session id."""
    T_NAME, T_SERVICE, T_PID, T_SESSION_ID, T_PAM_RESULT = 2, 29, 32, 33, 34
    payload = (field_str(T_NAME, name) + field_str(T_SERVICE, service) +
               struct.pack(">HII", T_PID, 4, int(pid)))
    s = connect(path)
    s.sendall(frame(33, payload))
    hdr = s.recv(HDR, socket.MSG_WAITALL)
    _, _, _, _, status, n = struct.unpack(">IHHHHI", hdr)
    body = s.recv(n, socket.MSG_WAITALL) if n else b""
    fields, off = {}, 0
    while off + 6 <= len(body):
        tag, ln = struct.unpack(">HI", body[off:off + 6])
        fields[tag] = body[off + 6:off + 6 + ln]
        off += 6 + ln
    if status != 0 or T_SESSION_ID not in fields:
        sys.exit("session-open: status %d, verdict %r, %r" %
                 (status, fields.get(T_PAM_RESULT), fields.get(1)))
    print(struct.unpack(">Q", fields[T_SESSION_ID])[0])


def cmd_fake_passwd(path, name, uid):
    """A fake daemon on PATH (run it as the uid to test): every PW_BYNAME
    is answered with a passwd entry NAME:UID, shell /bin/sh.  Logs one
    line per connection to stdout: "request OPCODE", or "no request" when
    the client hung up without sending one.  Runs until killed."""
    T_NAME, T_UID, T_GID, T_HOME, T_SHELL, T_PASSWD = 2, 3, 4, 6, 7, 100
    entry = (field_str(T_NAME, name) + struct.pack(">HII", T_UID, 4, int(uid))
             + struct.pack(">HII", T_GID, 4, int(uid))
             + field_str(T_HOME, "/tmp") + field_str(T_SHELL, "/bin/sh"))
    reply = struct.pack(">HI", T_PASSWD, len(entry)) + entry
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(16)
    print("ready", flush=True)
    while True:
        s, _ = srv.accept()
        s.settimeout(10)
        try:
            hdr = s.recv(HDR, socket.MSG_WAITALL)
            if len(hdr) < HDR:
                print("no request", flush=True)
                continue
            _, _, op, _, _, n = struct.unpack(">IHHHHI", hdr)
            if n:
                s.recv(n, socket.MSG_WAITALL)
            print("request %d" % op, flush=True)
            s.sendall(struct.pack(">IHHHHI", MAGIC, VERSION, op, 0, 0,
                                  len(reply)) + reply)
        except OSError:
            print("no request", flush=True)
        finally:
            s.close()


# ---- sessions under attack (it_session_attack.sh, it_session.sh) ----

STATUS = {0: "ok", 1: "notfound", 2: "denied", 3: "busy", 4: "internal"}


def call(s, op, payload=b""):
    """One request on connection s: (status, {tag: bytes}, raw payload);
    OSError when the daemon hangs up instead of answering."""
    s.sendall(frame(op, payload))
    hdr = s.recv(HDR, socket.MSG_WAITALL)
    if len(hdr) < HDR:
        raise OSError("connection closed")
    _, _, _, _, status, n = struct.unpack(">IHHHHI", hdr)
    body = s.recv(n, socket.MSG_WAITALL) if n else b""
    fields, off = {}, 0
    while off + 6 <= len(body):
        tag, ln = struct.unpack(">HI", body[off:off + 6])
        fields.setdefault(tag, body[off + 6:off + 6 + ln])
        off += 6 + ln
    return status, fields, body


def cmd_session_flood(path, name, count, release, pid=""):
    """SESSION_OPEN for NAME COUNT times over one connection, for PID or
    (by default) this process, as whatever uid runs this.  Prints
    "ok N refused N busy N other N" and the last refusal's message, then,
    unless RELEASE is "-", holds the sessions' process until the file
    RELEASE exists (at most 10 minutes) and exits."""
    T_NAME, T_SERVICE, T_PID, T_SESSION_ID, T_PAM_RESULT, T_MESSAGE = \
        2, 29, 32, 33, 34, 1
    payload = field_str(T_NAME, name) + field_str(T_SERVICE, "attack")
    if pid:
        payload += struct.pack(">HII", T_PID, 4, int(pid))
    s = connect(path)
    ok = refused = busy = other = 0
    last = ""
    start = time.monotonic()
    for _ in range(int(count)):
        status, fields, _ = call(s, 33, payload)
        verdict = struct.unpack(">I", fields[T_PAM_RESULT])[0] \
            if T_PAM_RESULT in fields else None
        if status == 0 and verdict == 0 and T_SESSION_ID in fields:
            ok += 1
        elif status == 0 and verdict is not None:
            refused += 1
            last = fields.get(T_MESSAGE, b"").decode()
        elif status == 3:
            busy += 1
        else:
            other += 1
            last = "status %d: %s" % (status,
                                      fields.get(T_MESSAGE, b"").decode())
    print("ok %d refused %d busy %d other %d in %.1fs" %
          (ok, refused, busy, other, time.monotonic() - start))
    print("last: %s" % last, flush=True)
    if release == "-":
        return
    deadline = time.monotonic() + 600
    while not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.05)


def cmd_session_close(path, how, arg, pid=""):
    """SESSION_CLOSE by "id ID" or by "name LOGIN [PID]", as whatever uid
    runs this; prints "status N payload HEX" (the reply, byte for byte)."""
    T_NAME, T_PID, T_SESSION_ID = 2, 32, 33
    if how == "id":
        payload = struct.pack(">HIQ", T_SESSION_ID, 8, int(arg))
    else:
        payload = field_str(T_NAME, arg)
        if pid:
            payload += struct.pack(">HII", T_PID, 4, int(pid))
    status, _, body = call(connect(path), 34, payload)
    print("status %d payload %s" % (status, body.hex()))


def auth_outcome(path, name, password):
    """One AUTH of NAME with PASSWORD (service "login"), as whatever uid
    runs this: "verdict N" when the daemon reached one, else the reply's
    status ("internal", "busy", ...) or "hung up"."""
    T_NAME, T_PASSWORD, T_SERVICE, T_PAM_RESULT = 2, 27, 29, 34
    payload = (field_str(T_NAME, name) + field_str(T_PASSWORD, password) +
               field_str(T_SERVICE, "login"))
    try:
        s = connect(path)
        s.settimeout(30)  # a password check may queue behind others
        status, fields, _ = call(s, 30, payload)
        s.close()
    except OSError:
        return "hung up"
    if status == 0 and T_PAM_RESULT in fields:
        return "verdict %d" % struct.unpack(">I", fields[T_PAM_RESULT])[0]
    return STATUS.get(status, "status %d" % status)


def cmd_auth(path, name, password):
    """Print auth_outcome."""
    print(auth_outcome(path, name, password))


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] if xs else 0.0


def cmd_probe(path, name, stop, max_s, password=None):
    """A busy neighbour: PW_BYNAME NAME on a fresh connection each (as the
    NSS module does), about one a millisecond, until the file STOP exists
    or MAX_S seconds passed; with PASSWORD also one AUTH of NAME a second
    (run as root: the login path).  Prints one JSON line: lookups and auth
    outcomes ({"ok": N, "busy": N, ...}), lookup p50/p99/max in ms and
    when the max happened (s after the start)."""
    T_NAME = 2
    start = time.monotonic()
    deadline = start + float(max_s)
    lat, lookups, auths, next_auth = [], {}, {}, 0.0
    worst = (0.0, 0.0)
    while not os.path.exists(stop) and time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            s = connect(path)
            status = STATUS.get(call(s, OP_PW_BYNAME,
                                     field_str(T_NAME, name))[0])
            s.close()
        except OSError:
            status = "hung up"
        lat.append(time.monotonic() - t0)
        worst = max(worst, (lat[-1], t0 - start))
        lookups[status] = lookups.get(status, 0) + 1
        if password is not None and t0 >= next_auth:
            next_auth = t0 + 1.0
            out = auth_outcome(path, name, password)
            out = "ok" if out == "verdict 0" else out
            auths[out] = auths.get(out, 0) + 1
        time.sleep(0.001)
    print(json.dumps({"lookups": lookups, "auth": auths,
                      "p50_ms": round(percentile(lat, 50) * 1000, 3),
                      "p99_ms": round(percentile(lat, 99) * 1000, 3),
                      "max_ms": round(worst[0] * 1000, 3),
                      "max_at_s": round(worst[1], 3)}, sort_keys=True))


def cmd_user_shell(path, op, name, tenant, shell):
    """USER_CREATE (op "create") or USER_UPDATE ("update") of NAME with
    SHELL, made by hand as no client would send it (issue 10: the daemon
    checks /etc/shells itself): prints "status N MESSAGE"."""
    T_NAME, T_SHELL, T_TENANT, T_MESSAGE = 2, 7, 12, 1
    payload = field_str(T_NAME, name) + field_str(T_SHELL, shell)
    if tenant:
        payload += field_str(T_TENANT, tenant)
    status, fields, _ = call(connect(path),
                             {"create": 110, "update": 113}[op], payload)
    print("status %d %s" % (status,
                            fields.get(T_MESSAGE, b"").decode()))


if __name__ == "__main__":
    # thousands of connections need thousands of descriptors
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
