"""Test rule: the pytest suite, run from the pinned environment.

In:  tests/ (pytest), the build's scrubbed environment, and PYTEST_ARGS.
Out: nothing on disk; the target fails when a test fails. Tests marked
     `slow` are left out unless PYTEST_ARGS selects them (-m slow).
"""

import shlex
import subprocess
import sys

import SCons.SConsign
from SCons.Action import Action


def pytest_command(extra_args):
    args = shlex.split(extra_args)
    marker = [] if "-m" in args else ["-m", "not slow"]
    return [sys.executable, "-m", "pytest", "tests"] + marker + args


def persist_signatures():
    """Writes what SCons knows of the targets built so far to its database,
    which it otherwise does only when it exits: tests that run SCons on this
    checkout then see those targets as up to date."""
    for sig_file in SCons.SConsign.sig_files:
        sig_file.write(sync=0)
    for db in SCons.SConsign.DB_sync_list:
        getattr(db, "sync", lambda: None)()


def test_action(root, child_env):
    def run_tests(target, source, env):
        persist_signatures()
        cmd = pytest_command(env["PYTEST_ARGS"])
        return subprocess.run(cmd, cwd=root, env=child_env).returncode
    return Action(run_tests, lambda target, source, env: "test: " + " ".join(pytest_command(env["PYTEST_ARGS"])[1:]))
