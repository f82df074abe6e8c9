"""Runs a command in a real pseudo-terminal and answers its prompts, for tests of interactive commands.

Usage: python3 pty-driver.py STEPS_JSON -- command args...
STEPS_JSON is a list of {"expect": "text", "send": "keys"}: wait (up to the timeout) until the screen output so far,
after the previous match, contains "expect", then type "send" ("\r" is Enter, "\x1b[B" is arrow down).
Prints everything the command drew on the terminal, then exits with the command's exit code (124 on a timeout).
"""
import json
import os
import pty
import select
import struct
import sys
import time
import fcntl
import termios

# A safety net against a prompt that never comes, not a timing: on a loaded machine a command can take a minute to
# draw its first prompt.
TIMEOUT = float(os.environ.get("PTY_TIMEOUT", "150"))


def main() -> int:
    split = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    # A real width: ora and inquirer misbehave in a 0-column terminal.
    columns = int(os.environ.get("PTY_COLUMNS", "100"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    output = b""
    seen = 0
    deadline = time.time() + TIMEOUT
    step_index = 0
    status = None
    while True:
        if step_index < len(steps):
            want = steps[step_index]["expect"].encode()
            found = output.find(want, seen)
            if found != -1:
                seen = found + len(want)
                time.sleep(0.05)
                os.write(fd, steps[step_index]["send"].encode())
                step_index += 1
                continue
        if time.time() > deadline:
            sys.stdout.write(output.decode("utf-8", "replace"))
            sys.stdout.write(f"\n[pty-driver: timed out waiting for step {step_index}: {steps[step_index:step_index + 1]}]\n")
            os.kill(pid, 9)
            return 124
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
        else:
            # waitpid(WNOHANG) answers (0, 0) while the child runs: keep that 0 out of `status`, or a command that
            # exits after this poll would be reported as exiting 0.
            done, polled = os.waitpid(pid, os.WNOHANG)
            if done:
                status = polled
                # Drain what is left.
                try:
                    while True:
                        r, _, _ = select.select([fd], [], [], 0.1)
                        if not r:
                            break
                        chunk = os.read(fd, 65536)
                        if not chunk:
                            break
                        output += chunk
                except OSError:
                    pass
                break
    if status is None:
        _, status = os.waitpid(pid, 0)
    sys.stdout.write(output.decode("utf-8", "replace"))
    return os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8


if __name__ == "__main__":
    sys.exit(main())
