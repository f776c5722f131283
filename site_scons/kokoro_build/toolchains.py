"""Pinned toolchains that are checked, not fetched.

In:  rust/rust-toolchain.toml (the Rust channel, e.g. "1.95.0") and the
     rustc found on the build's PATH.
Out: the pinned version and a check that stops the build with what to do
     when the rustc in use is another version or missing.
"""

import os
import re
import shutil
import subprocess
import tomllib

from .actions import python_action
from .errors import BuildError


class ToolchainError(BuildError):
    """A pinned toolchain is missing or of another version."""


def rust_pin(root):
    path = os.path.join(root, "rust", "rust-toolchain.toml")
    try:
        with open(path, "rb") as f:
            channel = tomllib.load(f)["toolchain"]["channel"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        raise ToolchainError(f"{path}: cannot read [toolchain] channel: {e}") from None
    if not re.fullmatch(r"\d+\.\d+\.\d+", channel):
        raise ToolchainError(f"{path}: channel must be an exact version such as 1.95.0, got {channel!r}")
    return channel


def rustc_version(env):
    """Version printed by `rustc --version` with the build's environment (None when none runs)."""
    return _rustc(env)[0]


def _rustc(env):
    """(version, what was found): the rustc the build's PATH gives, or None and why not."""
    try:
        out = subprocess.run(["rustc", "--version"], env=env, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        return None, "no rustc on the PATH"
    except PermissionError:
        path = shutil.which("rustc", mode=os.F_OK, path=env.get("PATH", ""))
        return None, (f"a rustc it may not run ({path}: permission denied; another user's toolchain? each user "
                      f"needs one of their own, or read and execute permission on it)")
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"a rustc that does not run ({e})"
    match = re.match(r"rustc (\d+\.\d+\.\d+)", out.stdout)
    if out.returncode != 0:
        return None, f"a rustc that fails (rustc --version: exit {out.returncode}: {out.stderr.strip()[:300]})"
    if not match:
        return None, f"a rustc that says {out.stdout.strip()[:100]!r}"
    return match.group(1), f"rustc {match.group(1)}"


def tool_identity(command, env):
    """What a tool says of its version (`rustc -vV`), for the step cache's key; ToolchainError
    when it does not run."""
    try:
        out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolchainError(f"{' '.join(command)}: {e}") from None
    if out.returncode != 0:
        raise ToolchainError(f"{' '.join(command)} failed (exit {out.returncode}): {out.stderr.strip()[:300]}")
    return out.stdout.strip()


def check_rustc(root, env):
    """Returns the pinned version if the rustc in use is it; raises otherwise."""
    pinned = rust_pin(root)
    found, what = _rustc(env)
    if found == pinned:
        return pinned
    raise ToolchainError(
        f"rust/rust-toolchain.toml pins Rust {pinned}, but the build found {what}: "
        f"install it with `rustup toolchain install {pinned}` (the build never downloads one)")


def toolchain_check_action(root):
    """An action that checks the pinned toolchains and prints what it found."""
    def check_toolchains(target, source, env):
        version = check_rustc(root, env["ENV"])
        print(f"toolchains: rustc {version} as pinned in rust/rust-toolchain.toml", flush=True)
    return python_action(check_toolchains, None)
