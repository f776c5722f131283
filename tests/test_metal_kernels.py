"""The ios kernels compiled ahead of time by Xcode's Metal compiler (METAL_KERNELS=metallib),
exercised here with a stand-in xcrun that answers as Xcode 26.1 would and a stand-in
metal/metallib whose "library" names the kernel and the sha256 of the source it was given; and
the option's refusals where no Xcode is."""

import hashlib
import json
import os
import re
import stat
import sys

import pytest
import tvm
from tvm import relax

from conftest import target_of
from models import compile as kcompile, metal_toolchain
from models import spec as kspec
from test_models_lstm import bidirectional_module

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import profiles, spec  # noqa: E402

COMPILER = {"kind": "metal", "binaries": [], "inputs": {}, "sdk": "iphoneos", "xcode": "26.1",
            "arguments": ["-std=ios-metal2.3", "-mios-version-min=15.0"]}

# xcrun of Xcode 26.1 for what the Metal build asks, with metal and metallib stand-ins: `metal -c`
# writes "AIR <kernel> <sha256 of the source>" (and fails on a kernel named in FAKE_METAL_FAIL),
# `metallib` wraps it as "MTLB stand-in metallib: ..."; each call is logged with its folder.
FAKE_XCRUN = """#!{python}
import hashlib, os, re, sys
args = sys.argv[1:]
with open(os.environ["FAKE_XCRUN_LOG"], "a") as log:
    log.write(os.getcwd() + "\\t" + " ".join(args) + "\\n")
answers = {{"xcodebuild -version": "Xcode {xcode}\\nBuild version 17B100",
           "--sdk iphoneos --find metal": "/Applications/Xcode.app/metal",
           "--sdk iphoneos --find metallib": "/Applications/Xcode.app/metallib",
           "--sdk iphoneos metal --version": "Apple metal version 32023.830 (metalfe-32023.830.2)",
           "--sdk iphoneos --show-sdk-version": "26.1"}}
if " ".join(args) in answers:
    print(answers[" ".join(args)])
elif args[:3] == ["-sdk", "iphoneos", "metal"]:
    source = open(args[args.index("-c") + 1]).read()
    name = re.search(r"kernel\\s+void\\s+(\\w+)", source).group(1)
    if os.environ.get("FAKE_METAL_FAIL") and os.environ["FAKE_METAL_FAIL"] in name:
        sys.exit(f"kernel.metal:3:1: error: stand-in failure in {{name}}")
    with open(args[args.index("-o") + 1], "w") as out:
        out.write(f"AIR {{name}} {{hashlib.sha256(source.encode()).hexdigest()}}")
elif args[:3] == ["-sdk", "iphoneos", "metallib"]:
    air = open(args[3]).read()
    with open(args[args.index("-o") + 1], "w") as out:
        out.write("MTLB stand-in metallib: " + air)
else:
    sys.exit("fake xcrun: unexpected arguments: " + " ".join(args))
"""


@pytest.fixture
def xcode(tmp_path, monkeypatch):
    """A stand-in Xcode 26.1 first on the PATH; yields its log's path."""
    def install(version="26.1"):
        folder = tmp_path / f"xcode-{version}"
        folder.mkdir()
        xcrun = folder / "xcrun"
        xcrun.write_text(FAKE_XCRUN.format(python=sys.executable, xcode=version))
        xcrun.chmod(xcrun.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.setenv("FAKE_XCRUN_LOG", str(tmp_path / "xcrun.log"))
        return tmp_path / "xcrun.log"
    yield install
    metal_toolchain.unregister()


def metal_modules(executable):
    found, stack = [], [executable.mod]
    while stack:
        module = stack.pop()
        stack.extend(module.imports)
        if module.kind == "metal":
            found.append(module)
    return found


def ios_build(prefix):
    mod = bidirectional_module(gpu=True).with_attr("system_lib_prefix", prefix)
    target = tvm.target.Target(target_of("ios"))
    return relax.build(mod, target, relax_pipeline=kcompile.pipeline(target, "gpu"), system_lib=True)


def test_the_library_carries_each_kernels_metallib_and_no_source(xcode, tmp_path):
    log = xcode()
    identity = metal_toolchain.prepare(COMPILER)
    assert identity == {"xcode": "Xcode 26.1 Build version 17B100",
                        "metal": "Apple metal version 32023.830 (metalfe-32023.830.2)", "sdk": "iphoneos",
                        "sdk_version": "26.1", "arguments": ["-std=ios-metal2.3", "-mios-version-min=15.0"],
                        "kernels": "metallib"}
    executable = ios_build("metaltest_")
    [module] = metal_modules(executable)
    source = module.inspect_source("metal")   # the MSL stays for the build's checks
    kernels = sorted(set(metal_toolchain._KERNEL.findall(source)))
    assert len(kernels) == 3 and "metaltest_lstm_kernel" in kernels
    objects, work = tmp_path / "objects", tmp_path / "work"
    objects.mkdir(), work.mkdir()
    names = kcompile.export_objects(executable, "metaltest_", str(objects), str(work))
    shipped = b"".join((objects / name).read_bytes() for name in names)
    # what the device gets: the format and, per kernel, the stand-in compiler's library of it
    assert b"metallib" in shipped
    for kernel in kernels:
        assert f"MTLB stand-in metallib: AIR {kernel} ".encode() in shipped
    assert b"kernel void" not in shipped and b"#include <metal_stdlib>" not in shipped
    calls = [line.split("\t") for line in log.read_text().splitlines()]
    compiles = [(folder, args) for folder, args in calls if args.startswith("-sdk iphoneos metal ")]
    assert [args for _, args in compiles] == [
        "-sdk iphoneos metal -std=ios-metal2.3 -mios-version-min=15.0 -c kernel.metal -o kernel.air"] * len(kernels)
    # each kernel in a scratch folder of its own, removed after, so no path enters the library
    assert all(os.path.basename(folder).startswith("kokoro-metal-") and not os.path.exists(folder)
               for folder, _ in compiles)
    # the compiler was handed each kernel's own MSL: the source the build checks, that kernel's part
    parts = re.split(r"// Function: (\w+)\n", source)[1:]
    handed = dict(zip(parts[::2], (body[:-1] for body in parts[1::2])))
    assert sorted(handed) == kernels
    for kernel, body in handed.items():
        assert f"AIR {kernel} {hashlib.sha256(body.encode()).hexdigest()}".encode() in shipped
    metal_toolchain.unregister()
    [plain] = metal_modules(ios_build("metaltest_"))
    assert plain.inspect_source("metal") == source   # the same kernels either way


def test_without_the_callback_the_library_carries_msl(tmp_path):
    metal_toolchain.unregister()
    executable = ios_build("msltest_")
    objects, work = tmp_path / "objects", tmp_path / "work"
    objects.mkdir(), work.mkdir()
    names = kcompile.export_objects(executable, "msltest_", str(objects), str(work))
    shipped = b"".join((objects / name).read_bytes() for name in names)
    assert b"kernel void msltest_lstm_kernel" in shipped and b"MTLB" not in shipped


def test_a_kernel_the_compiler_refuses_is_named_with_its_message(xcode, monkeypatch):
    xcode()
    metal_toolchain.prepare(COMPILER)
    monkeypatch.setenv("FAKE_METAL_FAIL", "lstm_kernel")
    with pytest.raises(Exception):
        ios_build("failtest_")
    [error] = metal_toolchain.FAILED
    assert str(error).startswith("kernel failtest_lstm_kernel: `xcrun -sdk iphoneos metal -std=ios-metal2.3")
    assert "kernel.metal:3:1: error: stand-in failure in failtest_lstm_kernel" in str(error)


def test_no_xcode_or_another_xcode_is_refused_naming_the_fix(xcode, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(metal_toolchain.MetalToolchainError) as no_xcode:
        metal_toolchain.prepare(COMPILER)
    assert "this machine has no xcrun (macOS with Xcode 26.1)" in str(no_xcode.value)
    assert "METAL_KERNELS=source (the default) builds the same kernels on any machine" in str(no_xcode.value)
    xcode("16.4")
    with pytest.raises(metal_toolchain.MetalToolchainError) as other:
        metal_toolchain.prepare(COMPILER)
    assert "the lock pins Xcode 26.1" in str(other.value) and "found 16.4" in str(other.value)


def test_the_option_makes_the_ios_row_compile_its_kernels_with_xcode():
    rows = profiles.rows_for(["models"], "host", "metallib")
    ios = rows["ios"]
    assert ios.device_compiler == "metal" and ios.models_build_on == ("macos-",)
    # the proxy prints its kernels as CUDA C and the other rows have no Metal kernels: unchanged
    for name in ("host", "cuda", "ios-kernels"):
        assert rows[name] == profiles.PROFILES[name]
    assert profiles.rows_for(["models"], "host")["ios"] == profiles.PROFILES["ios"]
    written = spec.profile_spec(ios, "macos-arm64", ROOT, xcode="26.1")
    assert written["device_compiler"] == COMPILER
    assert kspec.check(json.loads(spec.text(written)), "spec.json")["device_compiler"] == COMPILER
    assert spec.profile_spec(profiles.PROFILES["ios"], "macos-arm64", ROOT)["device_compiler"] is None
    # what the models step is keyed by changes with it: a metallib build is another step
    assert spec.part(written, spec.MODELS_PART) != spec.part(
        spec.profile_spec(profiles.PROFILES["ios"], "macos-arm64", ROOT), spec.MODELS_PART)
    message = profiles.models_missing("ios", "linux-x86_64", ios)
    assert "macos-* machines only" in message and "METAL_KERNELS=source" in message
    assert profiles.models_missing("ios", "macos-arm64", ios) is None
    with pytest.raises(ValueError, match="METAL_KERNELS=air: expected one of source, metallib"):
        profiles.with_options(ios, "air")


@pytest.mark.parametrize("field, value, expected", [
    ("kind", "metal", "names 'metal' for device 'cuda'"),
    ("xcode", None, "field 'device_compiler.xcode' is null, not text: the lock pins no Xcode"),
    ("sdk", "", "field 'device_compiler.sdk' is \"\", not text"),
    ("arguments", "-std=ios-metal2.3", "field 'device_compiler.arguments' is \"-std=ios-metal2.3\", not a list")])
def test_a_metal_compiler_spec_is_checked(field, value, expected):
    written = json.loads(spec.text(spec.profile_spec(profiles.with_options(profiles.PROFILES["ios"], "metallib"),
                                                     "macos-arm64", ROOT, xcode="26.1")))
    if field == "kind":
        written["device"] = "cuda"
    else:
        written["device_compiler"][field] = value
    with pytest.raises(kspec.SpecError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        kspec.check(written, "spec.json")


def test_the_source_hash_is_the_kernels(xcode, tmp_path):
    """The stand-in's sha256 is of exactly the MSL TVM handed over: one kernel compiled alone."""
    xcode()
    source = "#include <metal_stdlib>\nkernel void one_kernel(device float* x [[buffer(0)]]) { x[0] = 1.0f; }\n"
    library = metal_toolchain.compile_kernel(source, COMPILER, "xcrun")
    assert library == f"MTLB stand-in metallib: AIR one_kernel {hashlib.sha256(source.encode()).hexdigest()}".encode()
