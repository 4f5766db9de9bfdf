#!/usr/bin/env python3
"""key_race.py SOCKET KEYFILE READY STOP OUT - the revocation race's
client (it_apikeys.sh): on one connection, ME_SHOW requests made with
the API key in KEYFILE, one after the other as fast as they come back,
each recorded as "SEND_TIME_NS STATUS" in OUT.  Once 20 have succeeded
it creates READY; it stops 200 requests after STOP appears (or after 30
s), so that plenty are sent after whatever the test does meanwhile."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire  # noqa: E402

OP_ME_SHOW, T_API_KEY = 140, 320


def main():
    path, keyfile, ready, stop, out = sys.argv[1:6]
    with open(keyfile) as f:
        key = f.read().strip()
    payload = wire.field_str(T_API_KEY, key)
    s = wire.connect(path)
    rows, ok, after_stop = [], 0, 0
    deadline = time.time() + 30
    while time.time() < deadline and after_stop < 200:
        t = time.time_ns()
        s.sendall(wire.frame(OP_ME_SHOW, payload))
        reply = wire.read_reply(s)
        if reply is None:
            sys.exit("the daemon closed the connection")
        rows.append((t, reply[1]))
        if reply[1] == 0:
            ok += 1
            if ok == 20:
                open(ready, "w").close()
        if os.path.exists(stop):
            after_stop += 1
    with open(out, "w") as f:
        for t, st in rows:
            f.write("%d %d\n" % (t, st))


if __name__ == "__main__":
    main()
