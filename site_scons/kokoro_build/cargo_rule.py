"""Cargo rule: the Rust pipeline crate (rust/) of one profile, and its tests.

In:  the crate (Cargo.toml, Cargo.lock, build.rs, src/, include/), the
     profile's row (profiles.py: its cargo triple, whether it builds the tool,
     the shared libraries it links, an Apple OS's minimum), the profile's
     native libraries (dist/<profile>/lib) and models
     (dist/<profile>/models/kokoro.a), the Rust version
     pinned in rust/rust-toolchain.toml.
Out: `cargo build --locked --offline --release --target <triple>` with
     CARGO_TARGET_DIR=build/<profile>/cargo, paths remapped
     (--remap-path-prefix), TVM_BUILD_DIR, TVM_FFI_BUILD_DIR and
     KOKORO_MODELS_DIR set for build.rs (and TVM_SHARED_LIBS, the libraries
     to link dynamically, for a profile whose runtime is shared libraries; for
     an Apple OS its deployment target, e.g. IPHONEOS_DEPLOYMENT_TARGET);
     then dist/<profile>/lib/libkokoro_tvm.a and, for a profile with the
     tool, dist/<profile>/bin/kokoro-tvm. Output goes to
     build/logs/rust-<profile>.log. cargo_test_command() gives the
     `cargo test` command and environment the test target runs.

Signature: the crate's files and the contents of the archives
it links, so a change in models relinks the crate and nothing else. The step
goes through the step cache (step_cache.py): its key adds `rustc -vV`,
`cargo -V`, the target triple, the row's variables and, where it links the
tool, the linker's (`cc --version`) to those contents.
A row with a cargo triple (ios: aarch64-apple-ios, with Xcode's SDK) builds for it;
other rows for the build machine's (profiles.PLATFORMS).
"""

import os
import re
import shutil
import subprocess

from . import step_cache, steps
from .actions import python_action
from .toolchains import ToolchainError, check_rustc, tool_identity

CRATE = "rust"
STATICLIB = "libkokoro_tvm.a"
BINARY = "kokoro-tvm"
REMAPPED_ROOT = "/kokoro-tvm-build"
# The rule modules whose code decides the crate's bytes (the step cache's key).
RULE_MODULES = ("cargo_rule.py",)


def crate_files(env, root):
    folder = os.path.join(root, CRATE)
    files = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "target")
        files += [os.path.join(base, n) for n in sorted(names)]
    return [env.File(f) for f in files]


def rustup_toolchain(root, env):
    """The installed rustup toolchain whose rustc is the pinned version (rustup would
    otherwise try to download the channel rust-toolchain.toml names), or None without rustup."""
    check_rustc(root, env)   # the default toolchain, run outside rust/, is the pinned version
    try:
        out = subprocess.run(["rustup", "show", "active-toolchain"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.match(r"(\S+)", out.stdout)
    if out.returncode != 0 or not match:
        raise ToolchainError(f"rustup show active-toolchain failed: {out.stderr.strip()[:300]}")
    return match.group(1)


def row_environment(row):
    """What build.rs and rustc read of a profile row: the shared libraries to link, the Apple
    frameworks, an Apple OS's minimum (plain strings: an action holds them, and SCons signs them)."""
    found = {"TVM_SHARED_LIBS": " ".join(row.linked_libraries), "KOKORO_FRAMEWORKS": " ".join(row.frameworks)}
    if row.apple:
        found[row.apple.deployment_env] = row.apple.minimum
    return found


def cargo_env(root, env, row, settings):
    """The environment of cargo for a profile row (see _cargo_env)."""
    return _cargo_env(root, env, row.name, row_environment(row), settings)


def _cargo_env(root, env, profile, from_row, settings):
    """The environment of cargo: the build's, plus the toolchain, the target folder,
    the path remapping, the folders build.rs links from, and the row's variables."""
    dist = os.path.join(root, "dist", profile)
    child = dict(env)
    if settings["rustup_toolchain"]:
        child["RUSTUP_TOOLCHAIN"] = settings["rustup_toolchain"]
    cargo_home = env.get("CARGO_HOME") or os.path.join(env.get("HOME", "/"), ".cargo")
    flags = [f"--remap-path-prefix={root}={REMAPPED_ROOT}", f"--remap-path-prefix={cargo_home}=/cargo"]
    child.update({
        "CARGO_TARGET_DIR": os.path.join(root, "build", profile, "cargo"),
        "CARGO_ENCODED_RUSTFLAGS": "\x1f".join(flags),
        "CARGO_INCREMENTAL": "0",
        "TVM_BUILD_DIR": os.path.join(dist, "lib"),
        "TVM_FFI_BUILD_DIR": os.path.join(dist, "lib"),
        "KOKORO_MODELS_DIR": os.path.join(dist, "models"),
        **from_row,
    })
    return child


def cargo_build_command(target_triple, library_only=False):
    """The build command; iOS apps link the library, so the ios profile builds no tool."""
    return ["cargo", "build", "--locked", "--offline", "--release", "--target", target_triple] + \
        (["--lib"] if library_only else [])


def cargo_test_command(root, env, row, platform):
    """(command, environment) of the crate's tests: `cargo test` against the profile's build."""
    settings = {"rustup_toolchain": rustup_toolchain(root, env)}
    command = ["cargo", "test", "--locked", "--offline", "--release", "--target", row.triple(platform)]
    return command, cargo_env(root, env, row, settings)


def rust_crate(env, root, row, platform, native_nodes, model_nodes, show_commands):
    """Declares the crate's build for a profile row; returns the dist nodes. model_nodes: the
    model library the crate links (the manifest, weights and voices are read at run time)."""
    profile = row.name
    target_triple = row.triple(platform)
    dist = os.path.join(root, "dist", profile)
    outputs = [os.path.join(dist, "lib", STATICLIB)]
    if row.tool:
        outputs.append(os.path.join(dist, "bin", BINARY))
    command = cargo_build_command(target_triple, library_only=not row.tool)
    built = os.path.join(root, "build", profile, "cargo", target_triple, "release")
    from_row = row_environment(row)   # the action holds plain values, not the row

    label = f"{profile}/rust"
    links_tool = bool(row.tool)

    def cargo_build(child):
        steps.run(root, label, [("cargo build (release, " + target_triple + ")", command)],
                  child, f"rust-{profile}", cwd=os.path.join(root, CRATE))
        for output in outputs:
            os.makedirs(os.path.dirname(output), exist_ok=True)
            staged = output + ".new"
            shutil.copy2(os.path.join(built, os.path.basename(output)), staged)
            os.replace(staged, output)

    def build_crate(target, source, env_):
        settings = {"rustup_toolchain": rustup_toolchain(root, env_["ENV"])}
        child = _cargo_env(root, env_["ENV"], profile, from_row, settings)
        files, values = step_cache.node_inputs(root, source)
        tools = {"rustc": tool_identity(["rustc", "-vV"], child), "cargo": tool_identity(["cargo", "-V"], child)}
        if links_tool:      # the tool is linked by the machine's cc (rustc's default linker), with its C runtime
            tools["cc (linker)"] = tool_identity(["cc", "--version"], child)
        values.append(" ".join(command) + "\n" + "\n".join(f"{k}={v}" for k, v in sorted(from_row.items())))
        material = step_cache.key_material(root, label, files, values, RULE_MODULES, tools, child, platform)
        step_cache.run(root, step_cache.Step(label, tuple(os.path.relpath(o, root) for o in outputs), material),
                       lambda: cargo_build(child))

    line = f"rust: {profile} -> " + ", ".join(os.path.relpath(o, root) for o in outputs)
    if show_commands:
        line += "\n  (in rust/) " + " ".join(command)
    nodes = env.Command(outputs, crate_files(env, root) + native_nodes + model_nodes,
                        python_action(build_crate, line))
    return nodes
