"""The scrubbed, pinned environment every build step runs in.

In:  the checkout root, the pinned Python environment, the caller's
     environment (only a short allow-list of it passes through).
Out: the checkout's build lock (one ./scons at a time per checkout; a second
     one says which is running and waits), a check that the checkout's path
     can be passed to every tool,
     process settings applied to SCons itself (umask 022, UTC, C locale)
     and the ENV dictionary given to every child process: PATH made of the
     pinned environment's bin/ and the folders of the tools the build uses,
     LC_ALL=C, TZ=UTC, SOURCE_DATE_EPOCH from the last commit,
     PYTHONHASHSEED=0, and no inherited compiler flags (CC, CFLAGS,
     LDFLAGS, ... never pass).
"""

import fcntl
import os
import shutil
import subprocess
import sys
import time

from .errors import BuildError

UMASK = 0o022
# Variables that pass through: where the user's tools keep their state,
# network settings for fetching, and Xcode's selection on macOS.
PASS_THROUGH = (
    "HOME", "USER", "TMPDIR", "CARGO_HOME", "RUSTUP_HOME", "DEVELOPER_DIR",
    "KOKORO_TVM_CACHE", "KOKORO_TVM_MIRROR", "KOKORO_TVM_LOCK_HELD",
    "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
    "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CERT",
    "PIP_DEFAULT_TIMEOUT", "PIP_CONFIG_FILE",
)
# Tools looked up on the caller's PATH; their folders make the build's PATH.
TOOLS = ("git", "cc", "c++", "ar", "cargo", "rustc", "xcrun")
SYSTEM_PATH = ("/usr/bin", "/bin", "/usr/sbin", "/sbin")


class BuildEnvError(BuildError):
    """The build environment cannot be set up."""


LOCK_HELD = "KOKORO_TVM_LOCK_HELD"   # set for the children of the ./scons that holds the lock
# Characters a path cannot hold here: the compiler flags that carry the checkout's path
# go through CMake strings and a shell.
UNSAFE_PATH_CHARACTERS = '"\\$`;\n'


def check_root_path(root):
    """BuildEnvError when the checkout's path holds a character the tools cannot take."""
    bad = sorted({c for c in root if c in UNSAFE_PATH_CHARACTERS})
    if bad:
        raise BuildEnvError(f"{root}: the checkout's path holds {', '.join(map(repr, bad))}, which the compiler flags "
                            f"cannot carry through CMake and the shell: move or clone it to a path without them "
                            f"(spaces and non-ASCII letters are fine)")


def hold_build_lock(root, what, say):
    """Takes the checkout's build lock for the life of this process (build/.lock): two
    ./scons in one checkout would share staging folders and mix outputs. A second one
    says which is running and waits. Children of the holder (the test suite's own runs of
    ./scons) inherit it through KOKORO_TVM_LOCK_HELD."""
    if os.environ.get(LOCK_HELD) == root:
        return None
    os.makedirs(os.path.join(root, "build"), exist_ok=True)
    handle = open(os.path.join(root, "build", ".lock"), "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another ./scons"
        say(f"another build is running in this checkout ({holder}): waiting for it to finish "
            f"(Ctrl-C to stop waiting; builds in separate clones run side by side)")
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}: ./scons {what}\n")
    handle.flush()
    os.environ[LOCK_HELD] = root
    return handle


def apply_process_settings():
    """Makes SCons's own process behave the same on every machine."""
    os.umask(UMASK)
    os.environ["TZ"] = "UTC"
    os.environ["LC_ALL"] = "C"
    os.environ["PYTHONHASHSEED"] = "0"
    if hasattr(time, "tzset"):
        time.tzset()


def source_date_epoch(root):
    """The last commit's time, or SOURCE_DATE_EPOCH outside a git checkout."""
    try:
        out = subprocess.run(["git", "-C", root, "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    raise BuildEnvError(
        f"{root} is not a git checkout with a commit, so the build has no source date: "
        f"commit first, or set SOURCE_DATE_EPOCH (seconds since 1970)")


def tool_path(env_dir, caller_path):
    """PATH for child processes: pinned tools first, then the folders of the
    system tools the build uses, then the system folders."""
    folders = [os.path.join(env_dir, "bin")]
    for tool in TOOLS:
        found = shutil.which(tool, path=caller_path)
        if found:
            folders.append(os.path.dirname(found))
    folders += [p for p in SYSTEM_PATH if os.path.isdir(p)]
    unique = []
    for f in folders:
        if f not in unique:
            unique.append(f)
    return os.pathsep.join(unique)


def child_environment(root, caller=None, env_dir=None):
    """The ENV dictionary of every build step."""
    caller = dict(os.environ if caller is None else caller)
    env_dir = env_dir or sys.prefix
    env = {k: caller[k] for k in PASS_THROUGH if k in caller}
    env.update({
        "PATH": tool_path(env_dir, caller.get("PATH", os.defpath)),
        "LC_ALL": "C",
        "LANG": "C",
        "TZ": "UTC",
        "PYTHONHASHSEED": "0",
        "PYTHONUTF8": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "SOURCE_DATE_EPOCH": str(source_date_epoch(root)),
        "ZERO_AR_DATE": "1",
    })
    return env
