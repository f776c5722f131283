"""Long build steps: one progress line each, their output in a log.

In:  a step's label, its commands, and the environment to run them in.
Out: the console shows `[label] what` when the step starts and
     `[label] done (12.3 s)` when it ends; the commands' output goes to
     build/logs/<log name>.log. On failure the console shows the log's last
     lines and its path, and StepFailed is raised.
"""

import os
import subprocess
import time

TAIL_LINES = 25


class StepFailed(Exception):
    """A command of a build step exited non-zero."""


def log_path(root, name):
    folder = os.path.join(root, "build", "logs")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, name + ".log")


def tail(path, lines=TAIL_LINES):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()[-lines:]
    except OSError:
        return []


def run(root, label, what, commands, env, log_name, cwd=None):
    """Runs commands one after another, their output appended to one log."""
    path = log_path(root, log_name)
    print(f"[{label}] {what}", flush=True)
    started = time.monotonic()
    with open(path, "w", encoding="utf-8") as log:
        for cmd in commands:
            log.write("$ " + " ".join(cmd) + "\n")
            log.flush()
            code = subprocess.run(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
            if code != 0:
                log.close()
                for line in tail(path):
                    print(f"    {line}")
                raise StepFailed(f"[{label}] {what} failed (exit {code}): {cmd[0]}; "
                                 f"full log: {os.path.relpath(path, root)}")
    print(f"[{label}] done ({time.monotonic() - started:.1f} s)", flush=True)
    return path
