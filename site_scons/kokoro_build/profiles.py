"""Profiles and platform detection.

In:  the machine (os.uname), and for the ios profile Xcode's xcrun.
Out: the build machine's platform name as the lock uses it
     (linux-x86_64, linux-aarch64, macos-arm64, macos-x86_64), the table of
     profiles, and for the ios profile either nothing (ready) or a message
     that says what is missing and what this machine can build instead.
"""

import platform as _platform
import shutil
import subprocess
from dataclasses import dataclass

ARCH_NAMES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "arm64"}


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    needs_xcode: bool


PROFILES = {
    "host": Profile("host", "this machine's OS and CPU; models compiled for LLVM on this CPU", False),
    "ios": Profile("ios", "iOS arm64 devices with Metal; the native libraries need macOS with Xcode", True),
}


def host_platform(system=None, machine=None):
    """This machine as the lock names platforms."""
    system = (system or _platform.system()).lower()
    machine = ARCH_NAMES.get((machine or _platform.machine()).lower(), machine)
    if system == "darwin":
        return "macos-arm64" if machine in ("arm64", "aarch64") else "macos-x86_64"
    if system == "linux":
        return "linux-aarch64" if machine in ("arm64", "aarch64") else f"linux-{machine}"
    return f"{system}-{machine}"


def xcode_version(xcrun="xcrun"):
    """Xcode's version as xcodebuild reports it, or None without Xcode."""
    if shutil.which(xcrun) is None:
        return None
    try:
        out = subprocess.run([xcrun, "xcodebuild", "-version"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = out.stdout.splitlines()[0] if out.returncode == 0 and out.stdout else ""
    return first.split()[-1] if first.startswith("Xcode ") else None


def ios_missing(platform, xcrun="xcrun"):
    """Why the ios native libraries cannot be built here, or None if they can."""
    if not platform.startswith("macos-"):
        return (f"the ios profile's native libraries (TVM runtime, tvm-ffi, the Rust "
                f"staticlib) need macOS with Xcode, and this machine is {platform}. "
                f"Here you can build: ./scons host (the whole pipeline on this CPU) and "
                f"./scons models (the iOS model artifacts need no Apple SDK). "
                f"./scons -n ios shows the iOS commands without running them.")
    if xcode_version(xcrun) is None:
        return ("the ios profile needs Xcode, and `xcrun xcodebuild -version` found none: "
                "install Xcode and select it (xcode-select -s, or DEVELOPER_DIR). "
                "./scons models builds the iOS model artifacts without it.")
    return None
