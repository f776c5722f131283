"""The native libraries as a user links them: dist/host/lib and
dist/host/include from `./scons host` (which `./scons test` builds first)."""

import hashlib
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT

DIST = os.path.join(ROOT, "dist", "host")
LIBS = [os.path.join(DIST, "lib", n) for n in ("libtvm_runtime.a", "libtvm_ffi_static.a")]
OWN_HEADERS = os.path.join(ROOT, "native", "tvm_runtime", "missing_from_wheel")
HERE = os.path.join(ROOT, "tests", "native")


@pytest.fixture(scope="module", autouse=True)
def built():
    missing = [p for p in LIBS if not os.path.exists(p)]
    if missing:
        pytest.fail(f"{missing[0]} is missing: run ./scons host (./scons test builds it first)")


def whole_archives(libs=LIBS):
    """Link flags that keep every object of the archives (their functions register at load)."""
    if sys.platform == "darwin":
        return [f"-Wl,-force_load,{lib}" for lib in libs]
    return ["-Wl,--whole-archive"] + list(libs) + ["-Wl,--no-whole-archive"]


def compile_program(source, out, extra=()):
    cmd = ["c++", "-std=c++17", "-O1", source, "-I", os.path.join(DIST, "include"), *extra, "-o", out]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_smoke_program_runs_a_module_from_the_pinned_compiler(tmp_path):
    objects = subprocess.run([sys.executable, os.path.join(HERE, "make_model.py"), str(tmp_path), "smoketest_"],
                             capture_output=True, text=True)
    assert objects.returncode == 0, objects.stderr[-3000:]
    object_files = [str(tmp_path / n) for n in objects.stdout.split()]
    program = compile_program(os.path.join(ROOT, "native", "smoke", "vm_run.cc"), str(tmp_path / "vm_run"),
                              whole_archives() + object_files + ["-lpthread", "-ldl"])
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 8)).astype(np.float32)
    w = rng.standard_normal((8, 3)).astype(np.float32)
    x.tofile(tmp_path / "x.f32")
    w.tofile(tmp_path / "w.f32")
    run = subprocess.run([program, "smoketest_", "main", str(tmp_path / "y.f32"),
                          f"{tmp_path / 'x.f32'}:4x8", f"{tmp_path / 'w.f32'}:8x3"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    y = np.fromfile(tmp_path / "y.f32", dtype=np.float32).reshape(4, 3)
    np.testing.assert_allclose(y, np.maximum(x @ w, 0) + 1, rtol=1e-5, atol=1e-5)
    wrong = subprocess.run([program, "otherprefix", "main", str(tmp_path / "y.f32")], capture_output=True, text=True)
    assert wrong.returncode == 1 and "no function 'vm_load_executable'" in wrong.stderr


def test_half_precision_conversions_match_the_compiler(tmp_path):
    program = compile_program(os.path.join(HERE, "fp16_check.cc"), str(tmp_path / "fp16_check"),
                              ["-I", os.path.join(OWN_HEADERS, "3rdparty", "compiler-rt")])
    run = subprocess.run([program], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert re.search(r"fp16_check: \d{7} checked, 0 mismatches", run.stdout)


def test_own_support_headers_encode_like_the_compiler(tmp_path):
    program = compile_program(os.path.join(HERE, "support_check.cc"), str(tmp_path / "support_check"),
                              ["-I", os.path.join(OWN_HEADERS, "src"), "-I", os.path.join(OWN_HEADERS, "include")]
                              + whole_archives(LIBS[1:]) + ["-lpthread", "-ldl"])
    run = subprocess.run([program], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert "support_check: 0 failures" in run.stdout


def test_dist_headers_are_listed_with_their_hashes():
    include = os.path.join(DIST, "include")
    listed = {}
    for line in open(os.path.join(include, "HEADERS.sha256")).read().splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    for path, digest in listed.items():
        with open(os.path.join(include, path), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest, path
    for header in ("tvm/ffi/c_api.h", "dlpack/dlpack.h", "tvm/runtime/tensor.h", "tvm/support/io.h"):
        assert header in listed


def test_archives_are_deterministic_and_hold_no_build_paths():
    for lib in LIBS:
        with open(lib, "rb") as f:
            data = f.read()
        assert ROOT.encode() not in data, f"{lib} contains the checkout's path"
        members = subprocess.run(["ar", "tv", lib], capture_output=True, text=True, check=True).stdout.splitlines()
        assert members and all(" 0/0 " in m and "1970" in m for m in members), members[:3]

