"""The scrubbed, pinned environment every build step runs in.

In:  the checkout root, the pinned Python environment, the caller's
     environment (only a short allow-list of it passes through).
Out: process settings applied to SCons itself (umask 022, UTC, C locale)
     and the ENV dictionary given to every child process: PATH made of the
     pinned environment's bin/ and the folders of the tools the build uses,
     LC_ALL=C, TZ=UTC, SOURCE_DATE_EPOCH from the last commit,
     PYTHONHASHSEED=0, and no inherited compiler flags (CC, CFLAGS,
     LDFLAGS, ... never pass).
"""

import os
import shutil
import subprocess
import sys
import time

UMASK = 0o022
# Variables that pass through: where the user's tools keep their state,
# network settings for fetching, and Xcode's selection on macOS.
PASS_THROUGH = (
    "HOME", "USER", "TMPDIR", "CARGO_HOME", "RUSTUP_HOME", "DEVELOPER_DIR",
    "KOKORO_TVM_CACHE", "KOKORO_TVM_MIRROR",
    "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
    "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CERT",
    "PIP_DEFAULT_TIMEOUT", "PIP_CONFIG_FILE",
)
# Tools looked up on the caller's PATH; their folders make the build's PATH.
TOOLS = ("git", "cc", "c++", "ar", "cargo", "rustc", "xcrun")
SYSTEM_PATH = ("/usr/bin", "/bin", "/usr/sbin", "/sbin")


class BuildEnvError(Exception):
    """The build environment cannot be set up."""


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
