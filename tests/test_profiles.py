"""The table of platforms (site_scons/kokoro_build/profiles.py) is the one place that knows
a profile: no rule tests a profile's name, and what an Apple row says (the oldest OS, the CPU
level of the models' host code, the GPU family of their kernels) is what every output that
carries it says: the CMake toolchain file, rustc's deployment target, the Swift package, the
built models' manifest, and the Mach-O objects of the shipped model library."""

import ast
import json
import os
import re
import struct

import pytest

from conftest import ROOT, target_of
from kokoro_build import cargo_rule, cxx_toolchain, profiles, spec, xcframework
from models import gpu_checks

IOS = profiles.PROFILES["ios"]
LC_BUILD_VERSION = 0x32
PLATFORM_IOS = 2


def python_files(folder):
    base = os.path.join(ROOT, folder)
    return [os.path.join(base, f) for f in sorted(os.listdir(base)) if f.endswith(".py") and f != "profiles.py"]


def test_no_rule_names_a_profile_outside_the_table():
    """Every string constant that is a profile's name (the constant itself: not a docstring, not
    a message) is a test of the name: in SConstruct and the rules, any profile's; in the models'
    compiler and the Rust crate, which know targets and devices but no profile, the names that
    are not also a device (the cuda profile shares its name with TVM's target kind and DLPack's
    device, which they do name)."""
    devices = {row.device for row in profiles.PROFILES.values()} | {"llvm"}
    everywhere, found = set(profiles.PROFILES), []
    checked = [(path, everywhere) for path in [os.path.join(ROOT, "SConstruct")] + python_files("site_scons/kokoro_build")]
    checked += [(path, everywhere - devices) for path in python_files("models")]
    for path, names in checked:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in docstrings:
                found.append(f"{os.path.relpath(path, ROOT)}:{node.lineno}: {node.value!r}")
    rust = os.path.join(ROOT, "rust", "src")
    sources = sorted(os.path.relpath(os.path.join(base, f), rust) for base, _, files in os.walk(rust)
                     for f in files if f.endswith(".rs"))
    for name in sources + ["../build.rs"]:
        with open(os.path.join(rust, name), encoding="utf-8") as f:
            code = f.read().split("#[cfg(test)]")[0]   # the unit tests' fixtures aside
        found += [f"rust/src/{name}: {m.group(0)}"
                  for m in re.finditer(r'"(%s)"' % "|".join(sorted(everywhere - devices)), code)]
    assert {"host", "ios"} <= everywhere - devices   # what the models and the crate must not name
    assert not found, "profile names outside the table:\n" + "\n".join(found)


def test_every_row_gives_a_target_a_triple_and_its_parts():
    for platform in profiles.PLATFORMS:
        for name, row in profiles.PROFILES.items():
            target = row.target(platform)
            assert target["kind"] in ("llvm", "metal", "cuda")
            assert (row.schedule == "gpu") == (target["kind"] != "llvm") == (row.device != "cpu")
            assert "-" in row.triple(platform)
            if row.apple:
                assert row.triple(platform).endswith("-" + row.apple.os.lower())


@pytest.mark.parametrize("targets, fetch_profile, rows", [
    (["host"], "host", ["host"]),
    (["ios", "native-cuda"], "host", ["ios", "cuda"]),
    (["fetch"], "cuda", ["cuda"]),
    (["verify", "toolchains"], "host", []),
    (["host", "models"], "host", "every"),
    (["test"], "host", "every"),
    (["dist/host/bin/kokoro-tvm"], "host", "every"),
])
def test_a_command_line_declares_the_rows_its_targets_need(targets, fetch_profile, rows):
    """A profile's target declares its row only (a no-op `./scons host` reads no other profile's
    steps); a target that may reach any profile (models, test, a file) declares every row."""
    found = profiles.rows_for(targets, fetch_profile)
    assert sorted(found) == sorted(profiles.PROFILES if rows == "every" else rows)
    assert all(found[name] is profiles.PROFILES[name] for name in found)


def test_a_cpu_level_is_the_default_or_a_chosen_one_the_table_lists_with_its_features():
    host = profiles.PROFILES["host"]
    for platform, machine in profiles.PLATFORMS.items():
        for level in (machine.cpu,) + machine.cpu_levels:
            assert level in profiles.CPU_FEATURES, (platform, level)   # every level says what it needs
        assert host.target(platform)["mcpu"] == profiles.cpu_level(platform) == machine.cpu
        for level in machine.cpu_dispatch:    # code the default build carries besides its own level's
            assert level in machine.cpu_levels and set(profiles.CPU_FEATURES[machine.cpu]) < set(profiles.CPU_FEATURES[level])
        assert profiles.cpu_levels(platform) == tuple(reversed(machine.cpu_dispatch)) + (machine.cpu,)
    assert set(profiles.CPU_FEATURES["x86-64-v3"]) < set(profiles.CPU_FEATURES["x86-64-v4"])

    def levels(found):
        return [(entry["level"], entry["features"]) for entry in found["cpu"]["levels"]]
    chosen = spec.profile_spec(host, "linux-x86_64", ROOT, "x86-64-v4")    # a chosen level alone
    assert chosen["target"] == {"kind": "llvm", "mcpu": "x86-64-v4"}
    assert levels(chosen) == [("x86-64-v4", sorted(profiles.CPU_FEATURES["x86-64-v4"]))]
    default = spec.profile_spec(host, "linux-x86_64", ROOT)    # the default level and AVX-512's above it, in one library
    assert default["target"] == {"kind": "llvm", "mcpu": "x86-64-v3"}
    assert levels(default) == [("x86-64-v4", sorted(profiles.CPU_FEATURES["x86-64-v4"])),
                               ("x86-64-v3", sorted(profiles.CPU_FEATURES["x86-64-v3"]))]
    assert [name for name, _ in levels(spec.profile_spec(host, "linux-x86_64", ROOT, "x86-64-v3"))] == ["x86-64-v3"]
    ios = spec.profile_spec(IOS, "linux-x86_64", ROOT, "x86-64-v4")    # a row with its own CPU level keeps it
    assert ios["target"]["host"]["mcpu"] == IOS.apple.cpu and [name for name, _ in levels(ios)] == [IOS.apple.cpu]
    cuda = spec.profile_spec(profiles.PROFILES["cuda"], "linux-x86_64", ROOT)   # a GPU's CPU side is glue: one level
    assert [name for name, _ in levels(cuda)] == ["x86-64-v3"]
    for platform, level in (("linux-x86_64", "x86-64-v9"), ("linux-aarch64", "x86-64-v4")):
        with pytest.raises(ValueError, match=f"CPU_LEVEL={level}: {platform} builds for"):
            profiles.cpu_level(platform, level)


def test_the_ios_minimums_agree_in_every_output_that_carries_them(tmp_path):
    apple = IOS.apple
    # The CMake toolchain file of the native libraries.
    toolchain = cxx_toolchain.xcode_toolchain(ROOT, {"PATH": "/nonexistent"}, IOS, "26.1")
    assert f'set(CMAKE_OSX_DEPLOYMENT_TARGET "{apple.minimum}")' in toolchain.cmake_text
    assert f'set(CMAKE_SYSTEM_NAME "{apple.os}")' in toolchain.cmake_text
    # rustc's deployment target for the staticlib.
    env = cargo_rule.cargo_env(ROOT, {"HOME": str(tmp_path)}, spec.profile_spec(IOS, profiles.host_platform(), ROOT),
                               {"rustup_toolchain": None})
    assert env[apple.deployment_env] == apple.minimum
    # The Swift package's platform.
    package = xcframework.package_swift("K.zip", "0" * 64, "https://example.invalid", apple)
    assert f'platforms: [.iOS("{apple.minimum}")]' in package
    # The models' target: the host code compiled for the oldest device's CPU, at the minimum OS.
    target = IOS.target(profiles.host_platform())
    assert target["host"] == {"kind": "llvm", "mtriple": f"arm64-apple-ios{apple.minimum}", "mcpu": apple.cpu}


def built_ios_models():
    models = os.path.join(ROOT, "dist", "ios", "models")
    if not os.path.exists(os.path.join(models, "kokoro.a")):
        pytest.fail(f"{models}/kokoro.a is missing: run ./scons models (./scons test builds it first)")
    return models


def macho_members(archive):
    """(name, bytes) of each member of a BSD (darwin) archive."""
    with open(archive, "rb") as f:
        data = f.read()
    assert data[:8] == b"!<arch>\n"
    offset, members = 8, []
    while offset + 60 <= len(data):
        header = data[offset:offset + 60]
        name, size = header[:16].decode().strip(), int(header[48:58].decode().strip())
        body = data[offset + 60:offset + 60 + size]
        if name.startswith("#1/"):   # BSD long name: its length first, then the name in the body
            length = int(name[3:])
            name, body = body[:length].rstrip(b"\0").decode(), body[length:]
        members.append((name, body))
        offset += 60 + size + (size % 2)
    return members


def build_version(obj):
    """(platform, minos as 'X.Y') of a 64-bit Mach-O object's LC_BUILD_VERSION, or None."""
    magic, _, _, _, ncmds, _, _, _ = struct.unpack_from("<IiiIIIII", obj, 0)
    assert magic == 0xFEEDFACF
    offset = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", obj, offset)
        if cmd == LC_BUILD_VERSION:
            platform, minos = struct.unpack_from("<II", obj, offset + 8)
            return platform, f"{minos >> 16}.{(minos >> 8) & 0xFF}"
        offset += size
    return None


def test_the_built_ios_models_carry_the_rows_minimums():
    models = built_ios_models()
    with open(os.path.join(models, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["target"] == target_of("ios") and manifest["device"] == IOS.device
    objects = [(name, body) for name, body in macho_members(os.path.join(models, "kokoro.a")) if name.endswith(".o")]
    assert objects and {build_version(body) for _, body in objects} == {(PLATFORM_IOS, IOS.apple.minimum)}


def test_the_shipped_metal_kernels_need_no_more_than_the_rows_gpu_family():
    """The row's limits are its GPU family's, and the shipped kernels keep within them; a family
    without SIMD-group functions (below Apple6) gets kernels that call none."""
    import tvm
    family = profiles.APPLE_GPU_FAMILIES[IOS.apple.gpu_family]
    assert IOS.gpu_limits == {"threads": family["threads"], "shared_bytes": family["shared_bytes"]}
    with open(os.path.join(built_ios_models(), "kokoro.a"), "rb") as f:
        source = b"\n".join(re.findall(rb"[\t\n\r\x20-\x7e]{200,}", f.read())).decode("ascii")
    assert "kernel void" in source
    shared = gpu_checks.check_source(source, tvm.target.Target(target_of("ios")), IOS.gpu_limits)
    assert 0 < max(shared.values()) <= family["shared_bytes"]
    if not family["simd_group"]:
        assert not re.findall(r"\bsimd_\w+\(", source)
