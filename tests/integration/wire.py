#!/usr/bin/env python3
"""wire.py - speak the accountsd frame protocol (common/acct_proto.h) from
the integration tests, to do what a well-behaved client never does:
garbage, stalls, thousands of connections at once."""
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


if __name__ == "__main__":
    # thousands of connections need thousands of descriptors
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
