"""The cuda profile's tool and libraries, on a machine without a GPU (CI): what can be checked
without running a kernel. The GPU runs are in tests/test_gpu.py (marker gpu).

dist/cuda/bin/kokoro-tvm links TVM's runtime and CUDA runtime of the pinned wheel as shared
libraries (TVM's CUDA runtime is not in the sources this build fetches for Linux), found in
dist/cuda/lib through its run path; only the driver (libcuda.so.1) comes from the machine."""

import hashlib
import os
import subprocess
import sys
import sysconfig

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import lock, profiles  # noqa: E402
from models import cuda_toolchain  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the cuda profile is built on Linux only")
DIST = os.path.join(ROOT, "dist", "cuda")
TOOL = os.path.join(DIST, "bin", "kokoro-tvm")
DRIVER = "libcuda.so.1"


def built():
    if not os.path.exists(TOOL):
        pytest.fail(f"{TOOL} is missing: run ./scons cuda (./scons test builds it first)")
    return TOOL


def dynamic_section(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    needed = [line.split("[")[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]
    runpath = [line.split("[")[1].rstrip("]") for line in out.splitlines() if "(RUNPATH)" in line]
    return needed, runpath


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_the_tool_finds_everything_but_the_driver_beside_it():
    needed, runpath = dynamic_section(built())
    assert runpath == ["$ORIGIN/../lib"]
    assert {"libtvm_ffi.so", "libtvm_runtime.so", "libtvm_runtime_cuda.so"} <= set(needed)
    ldd = subprocess.run(["ldd", TOOL], capture_output=True, text=True, env=dict(os.environ, LD_LIBRARY_PATH=""))
    missing = sorted({line.split()[0] for line in ldd.stdout.splitlines() if "not found" in line})
    assert missing in ([DRIVER], []), ldd.stdout   # [] on a machine with the NVIDIA driver
    for line in ldd.stdout.splitlines():
        if "libtvm" in line or "libcudart" in line:
            assert os.path.join(DIST, "bin", "..", "lib") in line, line


def test_the_shared_libraries_are_the_pinned_files():
    inputs = lock.load(os.path.join(ROOT, "third_party", "lock.toml")).inputs
    for origin, path in profiles.PROFILES["cuda"].shared_libraries:
        folder = sysconfig.get_paths()["platlib"] if origin == "python-env" else \
            os.path.join(ROOT, "third_party", inputs[origin].dirname)
        source = os.path.join(folder, path)
        assert sha256(os.path.join(DIST, "lib", os.path.basename(path))) == sha256(source), path
    assert os.path.isfile(os.path.join(DIST, "include", "kokoro_tvm.h"))


def test_without_a_gpu_the_tool_says_what_it_needs(tmp_path):
    built()
    stub = cuda_toolchain.build_stub(str(tmp_path / "driver"))   # a driver that finds no GPU
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.dirname(stub))
    run = subprocess.run([TOOL, "--help"], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "usage: kokoro-tvm" in run.stdout
    out = tmp_path / "a.wav"
    run = subprocess.run([TOOL, "--phonemes", "hˈɛloʊ", "--voice", "synthetic", "--out", str(out)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1, run.stderr
    assert "these models run on a cuda GPU" in run.stderr and "NVIDIA GPU of compute capability 8.0" in run.stderr
    assert "host profile's tool runs on the CPU" in run.stderr
    assert not out.exists() and list(tmp_path.glob("*.partial")) == []   # nothing half-written


def test_a_missing_pinned_library_stops_naming_it_and_the_fix(tmp_path):
    from kokoro_build import native_rule
    from kokoro_build.errors import BuildError

    class Target:
        abspath = str(tmp_path / "lib" / "libtvm_runtime.so")
    copy = native_rule._copy_file(str(tmp_path / "absent" / "libtvm_runtime.so"), "run ./scons fetch PROFILE=cuda")
    with pytest.raises(BuildError, match=r"absent/libtvm_runtime.so: missing; run ./scons fetch PROFILE=cuda"):
        copy([Target()], [], None)
    assert not os.path.exists(Target.abspath)
