"""Xcode's Metal compiler for a Metal profile's kernels, ahead of time (METAL_KERNELS=metallib).

In:  the spec's device_compiler for kind "metal": the SDK (iphoneos), the compiler's arguments
     (the Metal language version TVM's Metal runtime compiles source with at load, the minimum
     OS) and the Xcode version the lock pins; `xcrun` on the PATH (Xcode, selected by xcode-select
     or DEVELOPER_DIR) with that SDK and its Metal toolchain.
Out: prepare(compiler) checks that Xcode is the pinned one and that its `metal` and `metallib`
     exist for the SDK, then registers `tvm_callback_metal_compile`: TVM's Metal code generator
     hands it each kernel's MSL and stores what it returns in the library instead, a metallib
     (the module's format "metallib"), which the runtime loads with newLibraryWithData rather
     than compiling source on the device at first use. Each kernel compiles in a scratch folder
     of its own under fixed file names, so no path of this machine enters the metallib.
     The identity of the compiler (Xcode, metal's version, the SDK's) for the manifest.
     unregister() removes the callback (the next Metal build keeps MSL).
A failure names the kernel and repeats the compiler's message; MetalToolchainError says what is
missing (Xcode, the pinned version, the SDK, the Metal toolchain) and that METAL_KERNELS=source
builds the same kernels anywhere.
"""

import os
import re
import shutil
import subprocess
import tempfile

CALLBACK = "tvm_callback_metal_compile"
FAILED = []   # MetalToolchainErrors raised inside the compile callback (they cross TVM's FFI)
_KERNEL = re.compile(r"kernel\s+void\s+(\w+)")
SOURCE_INSTEAD = "METAL_KERNELS=source (the default) builds the same kernels on any machine, as MSL"


class MetalToolchainError(Exception):
    """Xcode's Metal compiler is missing or failed; the message says what to install or fix."""


def _run(command, cwd=None):
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    except OSError as e:
        raise MetalToolchainError(f"{command[0]}: {e.strerror}") from None
    except subprocess.TimeoutExpired:
        raise MetalToolchainError(f"{' '.join(command)}: no answer in 600 s") from None


def _query(xcrun, args):
    result = _run([xcrun] + args)
    return result.stdout.strip() if result.returncode == 0 else None


def find(compiler):
    """{"xcrun", "xcode", "metal", "sdk_version"} of this machine's Xcode for the spec's compiler,
    or MetalToolchainError saying what is missing."""
    xcrun = shutil.which("xcrun")
    if xcrun is None:
        raise MetalToolchainError(f"METAL_KERNELS=metallib compiles the {compiler['sdk']} kernels with Xcode's Metal "
                                  f"compiler, and this machine has no xcrun (macOS with Xcode {compiler['xcode']}): "
                                  f"{SOURCE_INSTEAD}")
    version = (_query(xcrun, ["xcodebuild", "-version"]) or "").splitlines()
    found = version[0].split()[-1] if version and version[0].startswith("Xcode ") else None
    if found is None or not (found == compiler["xcode"] or found.startswith(compiler["xcode"] + ".")):
        raise MetalToolchainError(
            f"the lock pins Xcode {compiler['xcode']} ([apple] xcode in third_party/lock.toml) and `xcrun xcodebuild "
            f"-version` found {found or 'none'}: select the pinned Xcode (xcode-select -s, or DEVELOPER_DIR); "
            f"{SOURCE_INSTEAD}")
    sdk = compiler["sdk"]
    for tool in ("metal", "metallib"):
        if not _query(xcrun, ["--sdk", sdk, "--find", tool]):
            raise MetalToolchainError(
                f"Xcode {found} has no `{tool}` for the {sdk} SDK (xcrun --sdk {sdk} --find {tool}): install the "
                f"{sdk} platform and the Metal toolchain (Xcode's settings, Components; or xcodebuild "
                f"-downloadComponent MetalToolchain); {SOURCE_INSTEAD}")
    metal = (_query(xcrun, ["--sdk", sdk, "metal", "--version"]) or "").splitlines()
    return {"xcrun": xcrun, "xcode": " ".join(line.strip() for line in version[:2]),
            "metal": metal[0] if metal else "", "sdk_version": _query(xcrun, ["--sdk", sdk, "--show-sdk-version"]) or ""}


def commands(compiler, xcrun):
    """The two commands that make kernel.metallib from kernel.metal in the current folder: the
    kernel compiled (metal -c) with the spec's arguments, then linked (metallib)."""
    sdk = compiler["sdk"]
    return ([xcrun, "-sdk", sdk, "metal", *compiler["arguments"], "-c", "kernel.metal", "-o", "kernel.air"],
            [xcrun, "-sdk", sdk, "metallib", "kernel.air", "-o", "kernel.metallib"])


def compile_kernel(source, compiler, xcrun):
    """The metallib of one kernel's MSL source."""
    match = _KERNEL.search(source)
    name = match.group(1) if match else "(unnamed)"
    with tempfile.TemporaryDirectory(prefix="kokoro-metal-") as work:
        with open(os.path.join(work, "kernel.metal"), "w", encoding="utf-8") as f:
            f.write(source)
        for command in commands(compiler, xcrun):
            result = _run(command, cwd=work)
            if result.returncode != 0:
                shown = " ".join(["xcrun"] + command[1:])
                raise MetalToolchainError(f"kernel {name}: `{shown}` failed (exit {result.returncode}):\n"
                                          + (result.stderr or result.stdout).strip()[-4000:])
        with open(os.path.join(work, "kernel.metallib"), "rb") as f:
            library = f.read()
    if not library:
        raise MetalToolchainError(f"kernel {name}: metallib wrote an empty library")
    return library


def prepare(compiler):
    """Registers the compile callback for the spec's compiler; returns its identity for the
    manifest ({"xcode", "metal", "sdk", "sdk_version", "arguments", "kernels": "metallib"})."""
    import tvm_ffi

    tools = find(compiler)
    FAILED.clear()

    @tvm_ffi.register_global_func(CALLBACK, override=True)
    def compile_device_code(source, *_):
        try:
            return compile_kernel(str(source), compiler, tools["xcrun"])
        except MetalToolchainError as e:
            FAILED.append(e)
            raise
    return {"xcode": tools["xcode"], "metal": tools["metal"], "sdk": compiler["sdk"],
            "sdk_version": tools["sdk_version"], "arguments": list(compiler["arguments"]), "kernels": "metallib"}


def unregister():
    """Removes the compile callback: Metal builds keep MSL source again."""
    import tvm_ffi
    if tvm_ffi.get_global_func(CALLBACK, allow_missing=True) is not None:
        tvm_ffi.remove_global_func(CALLBACK)
