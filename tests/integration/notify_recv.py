#!/usr/bin/env python3
"""notify_recv.py SOCKET: play the service manager's side of sd_notify.

Binds an AF_UNIX datagram socket at SOCKET (a path, or @name for the
abstract namespace), prints "listening", then one line per datagram
received, its newlines shown as spaces, flushed at once.
"""
import socket
import sys


def main():
    where = sys.argv[1]
    addr = "\0" + where[1:] if where.startswith("@") else where
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(addr)
    print("listening", flush=True)
    while True:
        msg = s.recv(4096).decode("utf-8", "replace")
        print(msg.replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
