"""The native-library rules as SCons runs them, shown by dry runs (-n) of
this checkout: no-op rebuilds, what one changed cache argument rebuilds, and
the iOS commands on a machine without Xcode, with and without a fake one."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from kokoro_build import cxx_toolchain, profiles


def dry_run(*args, path_prefix=None):
    env = dict(os.environ)
    if path_prefix:
        env["PATH"] = path_prefix + os.pathsep + env["PATH"]
    out = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-n", *args], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


@pytest.fixture(scope="module", autouse=True)
def built():
    if not os.path.exists(os.path.join(ROOT, "dist", "host", "lib", "libtvm_runtime.a")):
        pytest.fail("run ./scons host first (./scons test builds it)")


def test_noop_rebuild_runs_no_compiler():
    """Another process (another SCons) finds every step of the host profile up to date: no
    action's signature holds what differs between processes (an object's address)."""
    out = dry_run("host")
    assert "# host/tvm-" not in out and "cmake" not in out
    assert "models: host" not in out and "rust: host" not in out and "cargo" not in out, out


def test_runtime_source_git_on_the_host_fetches_and_builds_from_the_git_tree():
    """RUNTIME_SOURCE=git takes the TVM tree (tvm-source) although the lock lists it for ios:
    the option chooses the input; the default build fetches no git tree."""
    out = dry_run("host", "RUNTIME_SOURCE=git")
    assert "fetch: verify 'tvm-source' 0.26.0" in out
    assert "-DTVM_SOURCE_DIR=" + os.path.join(ROOT, "third_party", "tvm-source-0.26.0") in out
    assert "tvm-source" not in dry_run("host")


def test_one_changed_cache_argument_rebuilds_only_that_project():
    out = dry_run("host", "TVM_FFI_CMAKE_ARGS=-DTVM_FFI_USE_THREADS=ON")
    assert "# host/tvm-ffi: configure" in out and "-DTVM_FFI_USE_THREADS=ON" in out
    assert "# host/tvm-runtime" not in out
    out = dry_run("host", "TVM_RUNTIME_CMAKE_ARGS=-DCMAKE_CXX_VISIBILITY_PRESET=default")
    assert "# host/tvm-runtime: configure" in out and "# host/tvm-ffi" not in out


FAKE_XCRUN = """#!/bin/sh
case "$*" in
  "xcodebuild -version") printf 'Xcode 26.1\\nBuild version 17B100\\n' ;;
  "--sdk iphoneos --find clang") echo "$(dirname "$0")/clang" ;;
  "--sdk iphoneos --find clang++") echo "$(dirname "$0")/clang++" ;;
  "--sdk iphoneos --show-sdk-path") echo /Applications/Xcode.app/SDKs/iPhoneOS26.1.sdk ;;
  "--sdk iphoneos --show-sdk-version") echo 26.1 ;;
  *) echo "fake xcrun: unexpected arguments: $*" >&2; exit 1 ;;
esac
"""


@pytest.fixture
def fake_xcode(tmp_path):
    """A fake xcrun and clang on the PATH, as Xcode 26.1 would answer."""
    (tmp_path / "xcrun").write_text(FAKE_XCRUN)
    for compiler in ("clang", "clang++"):
        (tmp_path / compiler).write_text("#!/bin/sh\necho 'Apple clang version 17.0.0 (clang-1700.4.4.1)'\n")
    for name in ("xcrun", "clang", "clang++"):
        (tmp_path / name).chmod(0o755)
    return str(tmp_path)


def test_ios_dry_run_shows_the_full_commands_with_xcode(fake_xcode):
    out = dry_run("ios", path_prefix=fake_xcode)
    for expected in (
        "set(CMAKE_SYSTEM_NAME \"iOS\")",
        "set(CMAKE_OSX_ARCHITECTURES \"arm64\")",
        f"set(CMAKE_OSX_DEPLOYMENT_TARGET \"{profiles.PROFILES['ios'].apple.minimum}\")",
        "set(CMAKE_OSX_SYSROOT \"/Applications/Xcode.app/SDKs/iPhoneOS26.1.sdk\")",
        f"set(CMAKE_CXX_COMPILER \"{fake_xcode}/clang++\")",
        "-ffile-prefix-map=",
        "# ios/tvm-ffi: configure",
        "-DTVM_FFI_USE_LIBBACKTRACE=OFF",
        "# ios/tvm-runtime: configure",
        "-DTVM_RUNTIME_METAL=ON",
        "-DTVM_RUNTIME_OWN_SUPPORT_HEADERS=OFF",
        f"-DTVM_SOURCE_DIR={ROOT}/third_party/tvm-source-0.26.0",
        f"-DCMAKE_TOOLCHAIN_FILE={ROOT}/build/ios/toolchain.cmake",
        "--target tvm_runtime",
        "fetch: verify 'tvm-source' 0.26.0",
        "rust: ios -> dist/ios/lib/libkokoro_tvm.a",
        "(in rust/) cargo build --locked --offline --release --target aarch64-apple-ios --lib",
        "ZERO_AR_DATE=1 $(xcrun --sdk iphoneos --find libtool) -static -no_warning_for_no_symbols -o "
        "KokoroTVM.xcframework/ios-arm64/libKokoroTVM.a",
    ):
        assert expected in out, expected


def test_ios_dry_run_without_xcode_names_the_placeholders():
    out = dry_run("ios")
    assert 'set(CMAKE_CXX_COMPILER "$(xcrun --sdk iphoneos --find clang++)")' in out
    assert "# ios/tvm-runtime: configure" in out


def test_ios_check_compares_xcode_with_the_pin(fake_xcode):
    env = {"PATH": fake_xcode + os.pathsep + os.environ["PATH"]}
    ios = profiles.PROFILES["ios"]
    assert cxx_toolchain.xcode_missing("ios", env, "26.1") is None
    assert cxx_toolchain.xcode_toolchain(ROOT, env, ios, "26.1").missing == ""
    message = cxx_toolchain.xcode_toolchain(ROOT, env, ios, "16.4").missing
    assert "pins Xcode 16.4" in message and "selected Xcode is 26.1" in message
    assert "needs Xcode" in cxx_toolchain.xcode_toolchain(ROOT, {"PATH": "/nonexistent"}, ios, "26.1").missing
    assert profiles.natives_missing("ios", "macos-arm64") is None
    linux = profiles.natives_missing("ios", "linux-x86_64")
    assert "need macOS with Xcode" in linux and "./scons models" in linux and "./scons host" in linux


@pytest.mark.skipif(sys.platform == "darwin", reason="on macOS the ios profile can run")
def test_ios_stops_fast_on_this_machine_even_with_a_fake_xcrun(fake_xcode):
    env = dict(os.environ, PATH=fake_xcode + os.pathsep + os.environ["PATH"])
    out = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "ios"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "need macOS with Xcode" in out.stderr
    assert "[ios/" not in out.stdout
