"""Profiles and platform detection.

In:  the machine (platform.uname), and for the ios profile Xcode's xcrun
     and the Xcode version the lock pins.
Out: the build machine's platform name as the lock uses it
     (linux-x86_64, linux-aarch64, macos-arm64, macos-x86_64), the table of
     profiles, and for the ios profile either nothing (ready) or a message
     that says what is missing and what this machine can build instead.
"""

import platform as _platform
from dataclasses import dataclass

from .cxx_toolchain import xcrun_query

ARCH_NAMES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "arm64"}


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    # What the profile builds: "native" (TVM runtime, tvm-ffi), "models", "rust" (the crate).
    parts: tuple = ("native", "models", "rust")
    # Lock inputs (third_party/lock.toml) the models' compiler needs besides the Python lock.
    model_inputs: tuple = ()
    # Build machines (platform prefixes) whose models' compiler exists; empty: every machine.
    models_build_on: tuple = ()
    # The native libraries: empty, tvm-ffi and the TVM runtime built by CMake into static
    # archives; else the pinned shared libraries copied into dist/<profile>/lib, as
    # (where from, path there): a lock input's name, or "python-env" (the pinned Python
    # environment's site-packages). For runtimes whose C++ sources the lock cannot give
    # (TVM's CUDA runtime is in the git tree only, which this build fetches for iOS alone).
    shared_libraries: tuple = ()
    # Which of shared_libraries the crate links (lib<name>.so), in link order.
    linked_libraries: tuple = ()
    # Builds the kokoro-tvm command-line tool (iOS apps link the library only).
    tool: bool = True


PROFILES = {
    "host": Profile("host", "this machine's OS and CPU; models compiled for LLVM on this CPU"),
    "ios": Profile("ios", "iOS arm64 devices with Metal; the native libraries need macOS with Xcode",
                   tool=False),
    "cuda": Profile("cuda", "NVIDIA GPUs of compute capability 8.0 or newer (PTX for sm_80, Linux, "
                    "driver R580+): models, and the tool linked against TVM's CUDA runtime (the pinned "
                    "wheel's shared libraries); built on Linux without a GPU",
                    model_inputs=("nvidia-cuda-nvrtc", "nvidia-cuda-runtime", "nvidia-cuda-cccl",
                                  "cuda-bindings", "cuda-pathfinder"),
                    models_build_on=("linux-",),
                    shared_libraries=(("python-env", "tvm_ffi/lib/libtvm_ffi.so"),
                                      ("apache-tvm", "tvm/lib/libtvm_runtime.so"),
                                      ("apache-tvm", "tvm/lib/libtvm_runtime_cuda.so"),
                                      ("nvidia-cuda-runtime", "nvidia/cu13/lib/libcudart.so.13")),
                    linked_libraries=("tvm_ffi", "tvm_runtime", "tvm_runtime_cuda")),
}


def lock_inputs(name):
    """The lock inputs a profile's rules read beyond the native build's (its models' compiler,
    the origins of its shared libraries)."""
    profile = PROFILES[name]
    return set(profile.model_inputs) | {origin for origin, _ in profile.shared_libraries if origin != "python-env"}


def model_needs():
    """{lock input name: kind} of every input a profile's models' compiler needs."""
    return {name: "archive" for profile in PROFILES.values() for name in profile.model_inputs}


def with_part(part):
    """Names of the profiles that build a part ("native", "models", "rust")."""
    return [name for name, profile in PROFILES.items() if part in profile.parts]


def host_platform(system=None, machine=None):
    """This machine as the lock names platforms."""
    system = (system or _platform.system()).lower()
    machine = ARCH_NAMES.get((machine or _platform.machine()).lower(), machine)
    if system == "darwin":
        return "macos-arm64" if machine in ("arm64", "aarch64") else "macos-x86_64"
    if system == "linux":
        return "linux-aarch64" if machine in ("arm64", "aarch64") else f"linux-{machine}"
    return f"{system}-{machine}"


def xcode_version(env):
    """Xcode's version as `xcrun xcodebuild -version` reports it, or None."""
    out = xcrun_query(["xcodebuild", "-version"], env) or ""
    first = out.splitlines()[0] if out else ""
    return first.split()[-1] if first.startswith("Xcode ") else None


def ios_missing(platform, env, xcode_pin):
    """Why the ios native libraries cannot be built here, or None if they can."""
    if not platform.startswith("macos-"):
        return (f"the ios profile's native libraries (TVM runtime, tvm-ffi, the Rust "
                f"staticlib) need macOS with Xcode, and this machine is {platform}. "
                f"Here you can build: ./scons host (the whole pipeline on this CPU) and "
                f"./scons models (the iOS model artifacts need no Apple SDK). "
                f"./scons -n ios shows the iOS commands without running them.")
    found = xcode_version(env)
    if found is None:
        return ("the ios profile needs Xcode, and `xcrun xcodebuild -version` found none: "
                "install Xcode and select it (xcode-select -s, or DEVELOPER_DIR). "
                "./scons models builds the iOS model artifacts without it.")
    if not (found == xcode_pin or found.startswith(xcode_pin + ".")):
        return (f"the lock pins Xcode {xcode_pin} ([apple] xcode in third_party/lock.toml), "
                f"and the selected Xcode is {found}: select the pinned one (xcode-select -s, "
                f"or DEVELOPER_DIR), or change the pin and rebuild")
    return None


def models_missing(name, platform):
    """Why a profile's models cannot be built on this platform, or None if they can."""
    profile = PROFILES[name]
    if not profile.models_build_on or platform.startswith(profile.models_build_on):
        return None
    return (f"the {name} profile's models are compiled by tools that exist for "
            f"{', '.join(p + '*' for p in profile.models_build_on)} machines only (for cuda: NVIDIA's NVRTC "
            f"wheels), and this machine is {platform}: build them there; here you can build "
            f"./scons host and ./scons models")
