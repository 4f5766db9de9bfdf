#!/usr/bin/env python3
"""pty_answer.py UID GID PROMPT=ANSWER... -- CMD... - run CMD as UID:GID
(uid 0: as it is) on a fresh pseudo-terminal, type each ANSWER when its
PROMPT appears (every time it appears), and print everything the
terminal showed.  Exits with CMD's exit code, or 124 when CMD is still
running after 30 s (then it is killed).

su and passwd read passwords from their terminal, never from a pipe, and
su refuses to ask when started by root: hence a pty and an unprivileged
uid."""
import os
import pty
import select
import signal
import sys
import time

LIMIT_S = 30
MAX_ANSWERS = 10  # a stack that asks more often is looping


def main():
    uid, gid = int(sys.argv[1]), int(sys.argv[2])
    sep = sys.argv.index("--")
    rules = [a.split("=", 1) for a in sys.argv[3:sep]]
    cmd = sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        try:
            if uid != 0:
                os.setgroups([])
                os.setgid(gid)
                os.setuid(uid)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    out, pos, answered = b"", 0, 0
    deadline = time.monotonic() + LIMIT_S
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.stdout.write(out.decode(errors="replace") + "\n[timed out]\n")
            return 124
        if not select.select([fd], [], [], left)[0]:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            break
        out += chunk
        # answer each prompt once, in the order they appeared
        while answered < MAX_ANSWERS:
            hits = [(out.find(p.encode(), pos), p, a) for p, a in rules]
            hits = [h for h in hits if h[0] >= 0]
            if not hits:
                break
            at, prompt, answer = min(hits)
            os.write(fd, answer.encode() + b"\n")
            pos = at + len(prompt)
            answered += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
