"""Cargo rule: the Rust pipeline crate (rust/) of one profile, and its tests.

In:  the crate (Cargo.toml, Cargo.lock, build.rs, src/, include/), the
     profile's row (profiles.py: its cargo triple, whether it builds the tool,
     the shared libraries it links, an Apple OS's minimum: the spec's link
     part, spec.py, which build.rs reads), the profile's native libraries
     (dist/<profile>/lib) and models
     (dist/<profile>/models/kokoro.a), the Rust version
     pinned in rust/rust-toolchain.toml.
Out: `cargo build --locked --offline --release --target <triple>` with
     CARGO_TARGET_DIR=build/<profile>/cargo, paths remapped
     (--remap-path-prefix), TVM_BUILD_DIR, TVM_FFI_BUILD_DIR,
     KOKORO_MODELS_DIR and KOKORO_SPEC (build/<profile>/spec.json) set for
     build.rs (and for an Apple OS its deployment target for rustc, e.g.
     IPHONEOS_DEPLOYMENT_TARGET);
     then dist/<profile>/lib/libkokoro_tvm.a and, for a profile with the
     tool, dist/<profile>/bin/kokoro-tvm. Output goes to
     build/logs/rust-<profile>.log. cargo_test_command() gives the
     `cargo test` command and environment the test target runs.

A step_rule step, keyed by the crate's files, the contents of the archives it
links (so a change in models relinks the crate and nothing else), the spec's
link part, the command, `rustc -vV`, `cargo -V` and, where it links the tool,
the linker's `cc --version`.
A row with a cargo triple (ios: aarch64-apple-ios, with Xcode's SDK) builds for it;
other rows for the build machine's (profiles.PLATFORMS).
"""

import os
import re
import shutil
import subprocess

from . import spec as kspec, step_rule
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


def cargo_env(root, env, spec, settings):
    """The environment of cargo for a profile's spec: the build's, plus the toolchain, the target
    folder, the path remapping, the folders build.rs links from, the spec file build.rs reads
    (KOKORO_SPEC: its link part), and an Apple OS's minimum for rustc."""
    profile = spec["profile"]
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
        "KOKORO_SPEC": kspec.path(root, profile),
    })
    if spec["minimum_os"]:
        child[spec["minimum_os"]["variable"]] = spec["minimum_os"]["version"]
    return child


def cargo_build_command(target_triple, library_only=False):
    """The build command; iOS apps link the library, so the ios profile builds no tool."""
    return ["cargo", "build", "--locked", "--offline", "--release", "--target", target_triple] + \
        (["--lib"] if library_only else [])


def cargo_test_command(root, env, spec):
    """(command, environment) of the crate's tests: `cargo test` against the profile's build."""
    settings = {"rustup_toolchain": rustup_toolchain(root, env)}
    command = ["cargo", "test", "--locked", "--offline", "--release", "--target", spec["link"]["triple"]]
    return command, cargo_env(root, env, spec, settings)


def rust_crate(env, root, row, platform, spec, spec_node, native_nodes, model_nodes, show):
    """Declares the crate's build for a profile row and its spec (spec_node: its file); returns the
    dist nodes. model_nodes: the model library the crate links (the manifest, weights and voices
    are read at run time)."""
    triple, dist = spec["link"]["triple"], os.path.join(root, "dist", row.name)
    outputs = [os.path.join(dist, "lib", STATICLIB)] + ([os.path.join(dist, "bin", BINARY)] if row.tool else [])
    built = os.path.join(root, "build", row.name, "cargo", triple, "release")

    def copy_out():
        for output in outputs:
            os.makedirs(os.path.dirname(output), exist_ok=True)
            shutil.copy2(os.path.join(built, os.path.basename(output)), output + ".new")
            os.replace(output + ".new", output)

    def tools(child):   # the tool is linked by the machine's cc (rustc's default linker), with its C runtime
        return {"rustc": tool_identity(["rustc", "-vV"], child), "cargo": tool_identity(["cargo", "-V"], child),
                **({"cc (linker)": tool_identity(["cc", "--version"], child)} if row.tool else {})}

    return step_rule.declare(env, root, platform, step_rule.StepRule(
        label=f"{row.name}/rust", log=f"rust-{row.name}", targets=outputs, after=(spec_node,),
        sources=crate_files(env, root) + native_nodes + model_nodes + [env.Value(kspec.part(spec, kspec.LINK_PART))],
        stages=((f"cargo build (release, {triple})", cargo_build_command(triple, library_only=not row.tool)),),
        cwd=os.path.join(root, CRATE), line=f"rust: {row.name} -> " + ", ".join(os.path.relpath(o, root) for o in outputs),
        outputs=step_rule.relative(root, outputs), rule_modules=RULE_MODULES, tools=tools, finish=copy_out,
        environment=lambda build_env: cargo_env(root, build_env, spec,
                                                {"rustup_toolchain": rustup_toolchain(root, build_env)})), show)
