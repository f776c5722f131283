"""Long build steps: one progress line each, their output in a log.

In:  a step's label, its stages (what, command), and the environment.
Out: the console shows `[label] what` when a stage starts and
     `[label] done (12.3 s)` when the step ends; all output goes to
     build/logs/<log name>.log. On failure the console shows the log's last
     lines and its path, and StepFailed is raised. Each command runs in its own
     process group: a stop of the build (Ctrl-C, SIGTERM: KeyboardInterrupt here)
     ends the command and everything it started (compilers, workers), SIGTERM
     first, SIGKILL after STOP_GRACE seconds.
"""

import os
import signal
import subprocess
import time

from .errors import BuildError

TAIL_LINES = 25
STOP_GRACE = 5.0


class StepFailed(BuildError):
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


def _signal_group(pgid, number):
    try:
        os.killpg(pgid, number)
    except (ProcessLookupError, PermissionError):
        pass


def _run_group(cmd, cwd, env, log):
    """cmd's exit code; when the build is stopped meanwhile, its whole process group ended."""
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        return process.wait()
    except BaseException:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process.pid, signal.SIGKILL)     # and what it started, still running or not
        process.wait()
        raise


def run(root, label, stages, env, log_name, cwd=None):
    """Runs (what, command) stages in order, all output in one log."""
    path = log_path(root, log_name)
    started = time.monotonic()
    with open(path, "w", encoding="utf-8") as log:
        for what, cmd in stages:
            print(f"[{label}] {what}", flush=True)
            log.write(f"### {what}\n$ " + " ".join(cmd) + "\n")
            log.flush()
            code = _run_group(cmd, cwd, env, log)
            if code != 0:
                log.flush()
                for line in tail(path):
                    print(f"    {line}")
                raise StepFailed(f"[{label}] {what} failed (exit {code}); "
                                 f"full log: {os.path.relpath(path, root)}")
    print(f"[{label}] done ({time.monotonic() - started:.1f} s)", flush=True)
    return path
