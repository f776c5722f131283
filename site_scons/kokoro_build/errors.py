"""The build's errors: one base class, imported by every rule and caught in one place.

In:  nothing (a leaf module: it imports nothing of the build).
Out: BuildError, whose message says what is wrong and how to fix it; the
     action wrapper (actions.py) prints it as `error: <message>` and fails the
     target instead of showing a traceback.
"""


class BuildError(Exception):
    """A problem the user can fix; the message names the input and the fix."""
