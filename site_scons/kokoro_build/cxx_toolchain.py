"""C and C++ toolchains of the profiles, as CMake toolchain files.

In:  the profile's row (profiles.py: its toolchain, and for an Apple OS its
     minimums), the build's environment (PATH), the checkout root; for Xcode
     toolchains, Xcode through `xcrun` and the Xcode version the lock pins.
Out: a Toolchain with the compilers' paths, an identity (each compiler's
     resolved path and `--version` output; for ios also Xcode's version and
     the SDK) that is part of every native build's signature, and the text
     of the CMake toolchain file: the compilers, a prefix map that removes
     the checkout's path from every object, and deterministic archives
     (on Linux by the pinned `zig ar`; on macOS by Apple's ar).

Xcode is probed here too: its version against the lock's pin, with the
message that says what to install or select when it is missing or another.

Without Xcode the ios toolchain still exists, with `$(xcrun ...)`
placeholders and `available` False, so `./scons -n ios` can show the exact
commands on any machine.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass

# GNU-format archives by the pinned `zig ar` / `zig ranlib` (llvm-ar of the ziglang wheel in
# third_party/requirements.lock), not the machine's binutils: 'D' writes zero timestamps,
# uids and modes. {zig} is the executable's path, quoted for the shell.
GNU_ARCHIVES = """foreach(lang C CXX)
  set(CMAKE_${{lang}}_ARCHIVE_CREATE "{zig} ar qcD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${{lang}}_ARCHIVE_APPEND "{zig} ar qD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${{lang}}_ARCHIVE_FINISH "{zig} ranlib -D <TARGET>")
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


def pinned_zig():
    """The zig executable of the build's Python environment (the ziglang wheel of the lock)."""
    import ziglang
    return os.path.join(os.path.dirname(ziglang.__file__), "zig")


def _prefix_flags(root):
    """The path-remapping flag as CMake's flags string holds it: CMake hands that string to
    the shell as it is, so it is quoted (\\" in the CMake string), whatever the path holds:
    the toolchain file's text, part of the step cache's key, is then the same in every checkout."""
    return '\\"-ffile-prefix-map=' + root.rstrip("/") + '/=\\"'


def _cmake_file(profile, settings, flags, archives):
    lines = [f"# CMake toolchain of the {profile} profile, written by kokoro-tvm-build. Do not edit."]
    lines += [f'set({key} "{value}")' for key, value in settings]
    for lang in ("C", "CXX", "OBJC", "OBJCXX"):
        lines.append(f'set(CMAKE_{lang}_FLAGS_INIT "{flags}")')
    lines.append(archives)
    return "\n".join(lines) + "\n"


def for_profile(profile, root, env, platform, xcode_pin):
    """The Toolchain a profile's row names ("machine" or "xcode-ios")."""
    if profile.toolchain == "xcode-ios":
        return xcode_toolchain(root, env, profile, xcode_pin)
    return host_toolchain(root, env, platform, profile.name)


def host_toolchain(root, env, platform, profile):
    """The machine's own cc and c++."""
    path = env.get("PATH", os.defpath)
    cc, cxx = shutil.which("cc", path=path), shutil.which("c++", path=path)
    if not cc or not cxx:
        missing = "no C/C++ compiler (cc, c++) on the PATH: install one (e.g. gcc/g++ or clang)"
        return Toolchain(profile, "cc", "c++", "", "", available=False, missing=missing)
    cc, cxx = os.path.realpath(cc), os.path.realpath(cxx)
    identity = "\n".join([platform, compiler_identity(cc, env), compiler_identity(cxx, env)])
    archives = APPLE_ARCHIVES if platform.startswith("macos") else GNU_ARCHIVES.format(zig=f'\\"{pinned_zig()}\\"')
    text = _cmake_file(profile, [("CMAKE_C_COMPILER", cc), ("CMAKE_CXX_COMPILER", cxx)],
                       _prefix_flags(root), archives)
    return Toolchain(profile, cc, cxx, identity, text)


def xcrun_query(args, env):
    """What `xcrun args` prints, or None without Xcode."""
    xcrun = shutil.which("xcrun", path=env.get("PATH", os.defpath))
    return _run([xcrun] + args, env) if xcrun else None


def xcode_version(env):
    """Xcode's version as `xcrun xcodebuild -version` reports it, or None."""
    out = xcrun_query(["xcodebuild", "-version"], env) or ""
    first = out.splitlines()[0] if out else ""
    return first.split()[-1] if first.startswith("Xcode ") else None


def xcode_missing(name, env, pin):
    """Why the pinned Xcode cannot build profile name here, or None."""
    found = xcode_version(env)
    if found is None:
        return (f"the {name} profile needs Xcode, and `xcrun xcodebuild -version` found none: "
                f"install Xcode and select it (xcode-select -s, or DEVELOPER_DIR). "
                f"./scons models builds the {name} model artifacts without it.")
    if not (found == pin or found.startswith(pin + ".")):
        return (f"the lock pins Xcode {pin} ([apple] xcode in third_party/lock.toml), "
                f"and the selected Xcode is {found}: select the pinned one (xcode-select -s, "
                f"or DEVELOPER_DIR), or change the pin and rebuild")
    return None


def xcode_toolchain(root, env, profile, xcode_pin):
    """Xcode's clang for the row's Apple devices, at the row's minimum OS version."""
    apple = profile.apple
    sdk = apple.sdk
    found = {
        "clang": xcrun_query(["--sdk", sdk, "--find", "clang"], env),
        "clang++": xcrun_query(["--sdk", sdk, "--find", "clang++"], env),
        "sdk": xcrun_query(["--sdk", sdk, "--show-sdk-path"], env),
        "sdk_version": xcrun_query(["--sdk", sdk, "--show-sdk-version"], env),
        "xcode": xcrun_query(["xcodebuild", "-version"], env),
    }
    placeholders = {
        "clang": f"$(xcrun --sdk {sdk} --find clang)",
        "clang++": f"$(xcrun --sdk {sdk} --find clang++)",
        "sdk": f"$(xcrun --sdk {sdk} --show-sdk-path)",
    }
    available = all(found.values())
    value = {k: found[k] or placeholders.get(k, "?") for k in found}
    settings = [
        ("CMAKE_SYSTEM_NAME", apple.os),
        ("CMAKE_OSX_SYSROOT", value["sdk"]),
        ("CMAKE_OSX_ARCHITECTURES", apple.arch),
        ("CMAKE_OSX_DEPLOYMENT_TARGET", apple.minimum),
        ("CMAKE_C_COMPILER", value["clang"]),
        ("CMAKE_CXX_COMPILER", value["clang++"]),
        ("CMAKE_OBJCXX_COMPILER", value["clang++"]),
        ("CMAKE_TRY_COMPILE_TARGET_TYPE", "STATIC_LIBRARY"),
    ]
    text = _cmake_file(profile.name, settings, _prefix_flags(root), APPLE_ARCHIVES)
    identity = "\n".join([f"xcode: {value['xcode']}", f"sdk: {value['sdk_version']}",
                          compiler_identity(value["clang"], env) if available else value["clang"],
                          compiler_identity(value["clang++"], env) if available else value["clang++"]])
    missing = xcode_missing(profile.name, env, xcode_pin) or ("" if available else (
        f"the selected Xcode has no {sdk} SDK (xcrun --sdk {sdk} found no clang or SDK path): "
        f"install the {apple.os} platform in Xcode's settings (Components)"))
    return Toolchain(profile.name, value["clang"], value["clang++"], identity, text, not missing, missing)
