"""SCons actions made from Python functions that report errors plainly.

In:  a function (target, source, env) that raises a BuildError (errors.py,
     the base of every rule's error) on failure, and the line shown for it (also by `scons -n`).
Out: an SCons Action that prints `error: <message>` and fails the target
     instead of showing a Python traceback; Ctrl-C, SIGTERM and SIGHUP stop it at
     once.
"""

import signal
import threading

from SCons.Action import Action, FunctionAction, _ActionAction, _code_contents

from .errors import BuildError


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _interruptible(function, *args):
    """Runs function so that Ctrl-C, SIGTERM (a CI runner's or a supervisor's stop) and SIGHUP
    stop it at once: SCons's own handlers only ask the build to stop after the running
    action, which for a long step (compiling the models, hashing a release) means minutes.
    Only the main thread receives signals (-j 1)."""
    if threading.current_thread() is not threading.main_thread():
        return function(*args)
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}

    def stop(signum, frame):
        if callable(previous[signum]):
            previous[signum](signum, frame)    # SCons: stop scheduling further steps
        raise KeyboardInterrupt

    for number in STOP_SIGNALS:
        signal.signal(number, stop)
    try:
        return function(*args)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _DeclaredAction(FunctionAction):
    """A Python action signed by its function's code and a text its rule declares, instead of
    by every value the closure holds (which SCons serialises at each start, object by object)."""

    def __init__(self, execfunction, code, signature, strfunction):
        self.execfunction = execfunction
        self.funccontents = _code_contents(code) + b"," + signature.encode()
        _ActionAction.__init__(self, strfunction=strfunction)


def python_action(function, line, signature=None):
    """An Action running function(target, source, env). SCons signs a Python action by its code
    and the values its closure holds, so a function should hold only what decides its outputs
    (never the whole Options record, which PYTEST_ARGS would change). signature: a text naming
    everything the closure's values decide, signed instead of them (for many actions holding
    large records)."""
    def run(target, source, env):
        try:
            _interruptible(function, target, source, env)
        except BuildError as e:
            print(f"error: {e}", flush=True)
            return 1
        except KeyboardInterrupt:
            print("error: interrupted", flush=True)
            return 2
        return 0
    run.__name__ = function.__name__
    if signature is not None:
        return _DeclaredAction(run, function.__code__, signature, lambda target, source, env: line)
    return Action(run, lambda target, source, env: line)


def fail_action(message):
    """An action that always fails with message (for targets that cannot be built)."""
    def fail(target, source, env):
        print(f"error: {message}", flush=True)
        return 1
    return Action(fail, lambda target, source, env: None)
