"""C and C++ toolchains of the profiles, as CMake toolchain files.

In:  the profile, the build's environment (PATH), the checkout root; for
     ios, Xcode through `xcrun` and the lock's [apple] pins.
Out: a Toolchain with the compilers' paths, an identity (each compiler's
     resolved path and `--version` output; for ios also Xcode's version and
     the SDK) that is part of every native build's signature, and the text
     of the CMake toolchain file: the compilers, a prefix map that removes
     the checkout's path from every object, and deterministic archives.

Without Xcode the ios toolchain still exists, with `$(xcrun ...)`
placeholders and `available` False, so `./scons -n ios` can show the exact
commands on any machine.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass

IOS_SDK = "iphoneos"
IOS_ARCH = "arm64"

# GNU ar and ranlib: 'D' writes zero timestamps, uids and modes.
GNU_ARCHIVES = """foreach(lang C CXX)
  set(CMAKE_${lang}_ARCHIVE_CREATE "<CMAKE_AR> qcD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${lang}_ARCHIVE_APPEND "<CMAKE_AR> qD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${lang}_ARCHIVE_FINISH "<CMAKE_RANLIB> -D <TARGET>")
endforeach()"""
# Apple's ar and ranlib write zero dates when ZERO_AR_DATE=1 (set for every step).
APPLE_ARCHIVES = "# Archives: Apple ar/ranlib with ZERO_AR_DATE=1 in the environment."


@dataclass(frozen=True)
class Toolchain:
    profile: str
    cc: str
    cxx: str
    identity: str
    cmake_text: str
    available: bool = True
    missing: str = ""


def _run(cmd, env):
    try:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def tool_version(cmd, env):
    """The first line a tool prints for its version, or ""."""
    out = _run(cmd, env)
    return out.splitlines()[0] if out else ""


def compiler_identity(path, env):
    """Resolved path and `--version` output of one compiler."""
    version = _run([path, "--version"], env) or "(no --version output)"
    return f"{os.path.realpath(path)}\n{version}"


def _prefix_flags(root):
    """The path-remapping flag as CMake's flags string holds it: CMake hands that string to
    the shell as it is, so a path with a space is quoted (\\" in the CMake string)."""
    flag = f"-ffile-prefix-map={root.rstrip('/')}/="
    return f'\\"{flag}\\"' if any(c.isspace() for c in flag) else flag


def _cmake_file(profile, settings, flags, archives):
    lines = [f"# CMake toolchain of the {profile} profile, written by kokoro-tvm-build. Do not edit."]
    lines += [f'set({key} "{value}")' for key, value in settings]
    for lang in ("C", "CXX", "OBJC", "OBJCXX"):
        lines.append(f'set(CMAKE_{lang}_FLAGS_INIT "{flags}")')
    lines.append(archives)
    return "\n".join(lines) + "\n"


def host_toolchain(root, env, platform):
    """The machine's own cc and c++."""
    path = env.get("PATH", os.defpath)
    cc, cxx = shutil.which("cc", path=path), shutil.which("c++", path=path)
    if not cc or not cxx:
        missing = "no C/C++ compiler (cc, c++) on the PATH: install one (e.g. gcc/g++ or clang)"
        return Toolchain("host", "cc", "c++", "", "", available=False, missing=missing)
    cc, cxx = os.path.realpath(cc), os.path.realpath(cxx)
    identity = "\n".join([platform, compiler_identity(cc, env), compiler_identity(cxx, env)])
    archives = APPLE_ARCHIVES if platform.startswith("macos") else GNU_ARCHIVES
    text = _cmake_file("host", [("CMAKE_C_COMPILER", cc), ("CMAKE_CXX_COMPILER", cxx)],
                       _prefix_flags(root), archives)
    return Toolchain("host", cc, cxx, identity, text)


def xcrun_query(args, env):
    """What `xcrun args` prints, or None without Xcode."""
    xcrun = shutil.which("xcrun", path=env.get("PATH", os.defpath))
    return _run([xcrun] + args, env) if xcrun else None


def ios_toolchain(root, env, apple):
    """Xcode's clang for iOS devices (arm64), at the lock's minimum iOS version."""
    found = {
        "clang": xcrun_query(["--sdk", IOS_SDK, "--find", "clang"], env),
        "clang++": xcrun_query(["--sdk", IOS_SDK, "--find", "clang++"], env),
        "sdk": xcrun_query(["--sdk", IOS_SDK, "--show-sdk-path"], env),
        "sdk_version": xcrun_query(["--sdk", IOS_SDK, "--show-sdk-version"], env),
        "xcode": xcrun_query(["xcodebuild", "-version"], env),
    }
    placeholders = {
        "clang": f"$(xcrun --sdk {IOS_SDK} --find clang)",
        "clang++": f"$(xcrun --sdk {IOS_SDK} --find clang++)",
        "sdk": f"$(xcrun --sdk {IOS_SDK} --show-sdk-path)",
    }
    available = all(found.values())
    value = {k: found[k] or placeholders.get(k, "?") for k in found}
    settings = [
        ("CMAKE_SYSTEM_NAME", "iOS"),
        ("CMAKE_OSX_SYSROOT", value["sdk"]),
        ("CMAKE_OSX_ARCHITECTURES", IOS_ARCH),
        ("CMAKE_OSX_DEPLOYMENT_TARGET", apple.get("ios_deployment_target", "")),
        ("CMAKE_C_COMPILER", value["clang"]),
        ("CMAKE_CXX_COMPILER", value["clang++"]),
        ("CMAKE_OBJCXX_COMPILER", value["clang++"]),
        ("CMAKE_TRY_COMPILE_TARGET_TYPE", "STATIC_LIBRARY"),
    ]
    text = _cmake_file("ios", settings, _prefix_flags(root), APPLE_ARCHIVES)
    identity = "\n".join([f"xcode: {value['xcode']}", f"sdk: {value['sdk_version']}",
                          compiler_identity(value["clang"], env) if available else value["clang"],
                          compiler_identity(value["clang++"], env) if available else value["clang++"]])
    missing = "" if available else "Xcode (xcrun) with the iphoneos SDK"
    return Toolchain("ios", value["clang"], value["clang++"], identity, text, available, missing)
