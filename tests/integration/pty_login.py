#!/usr/bin/env python3
"""pty_login.py UID PASSWORD CMD... - run CMD (su, typically) as UID on a
fresh pseudo-terminal, type PASSWORD at each password prompt, and print
everything the terminal showed.  Exits with CMD's exit code, or 124 when
CMD is still running after 30 s (then it is killed).

su reads the password from its terminal, never from a pipe, and refuses
to ask when started by root: hence a pty and an unprivileged uid."""
import os
import pty
import select
import signal
import sys
import time

LIMIT_S = 30
MAX_ANSWERS = 3  # a stack that asks more often is looping


def main():
    uid, password, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    out, answered, deadline = b"", 0, time.monotonic() + LIMIT_S
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.stdout.write(out.decode(errors="replace") + "\n[timed out]\n")
            return 124
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            break
        out += chunk
        # answer a prompt only once: count prompts, not chunks
        if out.count(b"assword:") > answered and answered < MAX_ANSWERS:
            os.write(fd, password.encode() + b"\n")
            answered += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
