"""The build as a user drives it: SCons run from the pinned environment on
a copy of this checkout whose lock points at a local HTTP server."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, make_tar_gz, make_zip, sha256_of, snapshot
from kokoro_build import profiles, repro

# Small stand-ins under the names the build reads (the rules only declare
# their native builds here; these tests run fetch).
PAYLOAD = make_tar_gz({"CMakeLists.txt": b"project(demo)\n"}, top="apache_tvm_ffi-1.0")
WHEEL = make_zip({"tvm/_version.py": b"__commit_id__ = commit_id = 'gc7b458e94'\n"})
COMMIT = "c7b458e946bc4266915da582457476bdcd9705ae"


def lock_text(url_base, payload=PAYLOAD, wheel=WHEEL):
    return f"""
schema = 1
[inputs.apache-tvm-ffi]
version = "1.0"
kind = "archive"
profiles = ["host", "ios"]
strip_components = 1
[[inputs.apache-tvm-ffi.files]]
platform = "any"
filename = "demo-1.0.tar.gz"
sha256 = "{sha256_of(payload)}"
size = {len(payload)}
sources = ["{url_base}/demo-1.0.tar.gz"]

[inputs.apache-tvm]
version = "0.26.0"
kind = "archive"
profiles = ["host", "cuda"]
built_from = "tvm-source"
[[inputs.apache-tvm.files]]
platform = "any"
filename = "fakewheel-0.26.0-py3-none-any.whl"
sha256 = "{sha256_of(wheel)}"
size = {len(wheel)}
sources = ["{url_base}/fakewheel-0.26.0-py3-none-any.whl"]

[inputs.tvm-source]
version = "0.26.0"
kind = "git"
profiles = ["ios"]
commit = "{COMMIT}"
sources = ["{url_base}/no-such-repo.git"]
""" + "".join(f"""
[inputs.{name}]
version = "1.0"
kind = "archive"
profiles = {json.dumps(sorted(p for p, row in profiles.PROFILES.items() if name in row.model_inputs))}
[[inputs.{name}.files]]
platform = "any"
filename = "{name}-1.0.whl"
sha256 = "{'0' * 64}"
size = 1
sources = ["{url_base}/{name}-1.0.whl"]
""" for name in profiles.model_needs())


@pytest.fixture
def checkout(tmp_path, server):
    root = str(tmp_path / "checkout")
    repro.copy_checkout(ROOT, root)
    server.add("demo-1.0.tar.gz", PAYLOAD)
    server.add("fakewheel-0.26.0-py3-none-any.whl", WHEEL)
    with open(os.path.join(root, "third_party", "lock.toml"), "w") as f:
        f.write(lock_text(server.url))
    return root


def scons(root, *args, cache=None, extra_env=None, python=sys.executable):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env["KOKORO_TVM_CACHE"] = cache or os.path.join(root, "..", "cache")
    env.pop("KOKORO_TVM_MIRROR", None)
    env.update(extra_env or {})
    result = subprocess.run([python, "-m", "SCons", "-C", root] + list(args), env=env,
                            capture_output=True, text=True, timeout=300)
    result.output = result.stdout + result.stderr
    return result


def third_party_state(root):
    return {k: v for k, v in snapshot(os.path.join(root, "third_party")).items()
            if k.startswith(("apache-tvm-ffi-1.0", "apache-tvm-0.26.0"))}


def test_help_lists_targets_profiles_and_options(checkout):
    out = scons(checkout, "-h")
    assert out.returncode == 0, out.output
    for word in ("host", "ios", "cuda", "models", "fetch", "test", "release",  # targets
                 "Profiles:", "PROFILE", "CACHE_DIR", "PYTEST_ARGS", "default:", "--offline", "--mirror"):
        assert word in out.output


def test_fetch_fills_third_party_then_only_verifies(checkout):
    first = scons(checkout, "fetch")
    assert first.returncode == 0, first.output
    assert "fetched from" in first.output
    assert open(os.path.join(checkout, "third_party", "apache-tvm-ffi-1.0", "CMakeLists.txt")).read() == "project(demo)\n"
    second = scons(checkout, "fetch")
    assert second.returncode == 0, second.output
    assert "all 2 inputs of profile host verified" in second.output
    assert "fetched from" not in second.output and "unpacked" not in second.output


def test_one_corrupt_byte_in_the_cache_stops_the_build_naming_the_input(checkout):
    assert scons(checkout, "fetch").returncode == 0
    blob = os.path.join(checkout, "..", "cache", "sha256", sha256_of(PAYLOAD))
    with open(blob, "r+b") as f:
        f.seek(20)
        byte = f.read(1)
        f.seek(20)
        f.write(bytes([byte[0] ^ 1]))
    broken = scons(checkout, "fetch")
    assert broken.returncode != 0
    assert "cached input 'apache-tvm-ffi' 1.0 is corrupt" in broken.output and sha256_of(PAYLOAD) in broken.output
    healed = scons(checkout, "fetch")  # the entry was set aside: fetched again, build goes on
    assert healed.returncode == 0, healed.output
    assert "all 2 inputs of profile host verified" in healed.output


def test_nonsense_lock_stops_before_anything_changes(checkout):
    assert scons(checkout, "fetch").returncode == 0
    before = third_party_state(checkout)
    lock_path = os.path.join(checkout, "third_party", "lock.toml")
    text = open(lock_path).read()
    with open(lock_path, "w") as f:
        f.write(text.replace(f'sha256 = "{sha256_of(PAYLOAD)}"', 'sha256 = "not-a-hash"'))
    out = scons(checkout, "fetch")
    assert out.returncode == 2
    assert "third_party/lock.toml: inputs.apache-tvm-ffi.files[0].sha256: expected 64 lowercase hex digits" in out.output
    assert third_party_state(checkout) == before


def test_wrong_hash_in_the_lock_keeps_the_previous_copy(checkout, server):
    assert scons(checkout, "fetch").returncode == 0
    before = third_party_state(checkout)
    newer = make_tar_gz({"CMakeLists.txt": b"project(demo2)\n"}, top="apache_tvm_ffi-1.0")
    server.add("demo-1.0.tar.gz", newer)
    with open(os.path.join(checkout, "third_party", "lock.toml"), "w") as f:
        f.write(lock_text(server.url, payload=PAYLOAD[:-1] + b"!"))  # the lock now wants other bytes
    out = scons(checkout, "fetch")
    assert out.returncode != 0
    assert "'apache-tvm-ffi' 1.0 could not be fetched" in out.output and "expected sha256" in out.output
    assert third_party_state(checkout) == before


def test_offline_missing_input_names_the_mirror_path(checkout, tmp_path, server):
    out = scons(checkout, "--offline", f"--mirror={tmp_path / 'mirror'}", "fetch", cache=str(tmp_path / "empty"))
    assert out.returncode != 0
    assert "'apache-tvm' 0.26.0 is not in the cache and --offline forbids the network" in out.output
    assert str(tmp_path / "mirror" / "fakewheel-0.26.0-py3-none-any.whl") in out.output
    assert server.requests == []


def test_offline_build_from_a_mirror_folder(checkout, tmp_path, server):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "demo-1.0.tar.gz").write_bytes(PAYLOAD)
    (mirror / "fakewheel-0.26.0-py3-none-any.whl").write_bytes(WHEEL)
    out = scons(checkout, "--offline", "fetch", extra_env={"KOKORO_TVM_MIRROR": str(mirror)})
    assert out.returncode == 0, out.output
    assert server.requests == []


def test_wheel_from_another_commit_is_refused(checkout, server):
    other = make_zip({"tvm/_version.py": b"__commit_id__ = commit_id = 'g7b5acb32b'\n"})
    server.add("fakewheel-0.26.0-py3-none-any.whl", other)
    with open(os.path.join(checkout, "third_party", "lock.toml"), "w") as f:
        f.write(lock_text(server.url, wheel=other))
    out = scons(checkout, "fetch")
    assert out.returncode != 0
    assert "built from commit 7b5acb32b, but the lock pins 'tvm-source' at c7b458e946bc" in out.output


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the message on machines without Xcode")
def test_ios_stops_before_any_work_without_xcode(checkout):
    out = scons(checkout, "ios")
    assert out.returncode == 1
    assert "need macOS with Xcode" in out.output and "./scons models" in out.output
    assert not os.path.exists(os.path.join(checkout, "third_party", "apache-tvm-ffi-1.0"))
    dry = scons(checkout, "-n", "ios")
    assert dry.returncode == 0, dry.output
    assert "fetch: verify 'tvm-source' 0.26.0" in dry.output


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the message on machines without Xcode")
def test_metallib_kernels_stop_before_any_work_without_xcode(checkout):
    out = scons(checkout, "ios", "METAL_KERNELS=metallib")
    assert out.returncode == 1
    assert "the ios profile's models are compiled by tools that exist for macos-* machines only (Xcode's Metal " \
           "compiler, which METAL_KERNELS=metallib asks for; METAL_KERNELS=source, the default, builds them on any " \
           "machine" in out.output
    dry = scons(checkout, "-n", "models", "METAL_KERNELS=metallib")   # every other profile's models, ios said
    assert dry.returncode == 0, dry.output
    assert "scons: models: left out here: the ios profile's models" in dry.output
    assert "models: ios ->" not in dry.output and "models: host ->" in dry.output
    assert "models: ios ->" in scons(checkout, "-n", "models").output


def test_release_without_a_version_stops_before_any_work(checkout):
    out = scons(checkout, "release")
    assert out.returncode == 2
    assert "VERSION='': give the release version as x.y.z" in out.output
    assert not os.path.exists(os.path.join(checkout, "dist"))


def test_repro_check_with_a_bad_version_stops_before_any_work(checkout):
    out = scons(checkout, "repro-check", "VERSION=1.2")
    assert out.returncode == 2
    assert "VERSION='1.2': give the release version as x.y.z" in out.output
    assert not os.path.exists(os.path.join(checkout, "build", "repro"))


def test_lock_without_an_input_the_build_needs_is_refused(checkout):
    lock_path = os.path.join(checkout, "third_party", "lock.toml")
    text = open(lock_path).read()
    with open(lock_path, "w") as f:
        before, after = text.split("[inputs.tvm-source]")
        f.write(before.replace('built_from = "tvm-source"\n', "") + after[after.index("\n[inputs."):])
    out = scons(checkout, "fetch")
    assert out.returncode == 2
    assert "third_party/lock.toml: inputs.tvm-source: missing (the build needs this git input)" in out.output


def test_unknown_option_is_refused(checkout):
    out = scons(checkout, "fetch", "PROFLE=ios")
    assert out.returncode == 2 and "unknown option(s) PROFLE" in out.output


def test_a_renamed_option_is_refused_with_its_new_name(checkout):
    out = scons(checkout, "fetch", "MODEL_BUCKETS=32")
    assert out.returncode == 2 and "MODEL_BUCKETS is now MODEL_TOKEN_BUCKETS: write MODEL_TOKEN_BUCKETS=..." in out.output


def test_a_bad_option_value_stops_before_any_work_naming_the_option(checkout):
    for argument, message in (("MODEL_TOKEN_BUCKETS=32,x", "MODEL_TOKEN_BUCKETS/MODEL_FRAME_BUCKETS: tokens buckets"),
                              ("MODEL_FRAME_BUCKETS=64,100", "frame buckets [100]: each must be a multiple of 16"),
                              ("TVM_FFI_CMAKE_ARGS=-O2", "TVM_FFI_CMAKE_ARGS: expected -DNAME=VALUE words, got '-O2'"),
                              ("CPU_LEVEL=x86-64-v9", "CPU_LEVEL=x86-64-v9: linux-x86_64 builds for x86-64-v3, x86-64-v4")):
        out = scons(checkout, "fetch", argument)
        assert out.returncode == 2 and message in out.output, out.output
        assert "fetch: verify" not in out.output


def test_scons_outside_the_pinned_environment_is_refused(checkout):
    site_packages = next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix))
    base_python = os.path.join(sys.base_prefix, "bin", "python3")
    out = scons(checkout, "fetch", python=base_python, extra_env={"PYTHONPATH": site_packages})
    assert out.returncode == 2
    assert "not the pinned Python environment: run ./scons" in out.output


def test_build_environment_is_scrubbed(checkout):
    """A child step sees the pinned settings and none of the caller's flags."""
    sconstruct = os.path.join(checkout, "SConstruct")
    with open(sconstruct, "a") as f:
        f.write('\nenv.Command("child-env.txt", [], "env > $TARGET; umask >> $TARGET")\n')
    out = scons(checkout, "child-env.txt", extra_env={"CFLAGS": "-O0 -g", "LDFLAGS": "-lfoo", "CC": "tcc",
                                                "TZ": "Asia/Tokyo", "LC_ALL": "de_DE.UTF-8"})
    assert out.returncode == 0, out.output
    lines = open(os.path.join(checkout, "child-env.txt")).read().splitlines()
    env = dict(line.split("=", 1) for line in lines if "=" in line)
    assert "CFLAGS" not in env and "LDFLAGS" not in env and "CC" not in env
    assert env["TZ"] == "UTC" and env["LC_ALL"] == "C" and env["SOURCE_DATE_EPOCH"] == "1700000000"
    assert env["PATH"].split(":")[0] == os.path.join(sys.prefix, "bin")
    assert lines[-1] == "0022"


def test_weights_given_as_a_folder_is_a_clear_error(checkout, tmp_path):
    out = scons(checkout, "models", f"WEIGHTS={tmp_path}", "WEIGHTS_SHA256=" + "0" * 64)
    assert out.returncode == 2 and "Traceback" not in out.output
    assert f"WEIGHTS={tmp_path}: a folder: give the checkpoint file itself" in out.output


def test_a_checkout_path_the_tools_cannot_carry_is_refused(tmp_path):
    root = str(tmp_path / "co$t")
    repro.copy_checkout(ROOT, root)
    out = scons(root, "fetch")
    assert out.returncode == 2 and "the checkout's path holds '$'" in out.output
    assert "spaces and non-ASCII letters are fine" in out.output


def test_two_builds_in_one_checkout_take_turns(checkout):
    """A second ./scons in the same checkout says which build runs and waits for it; it
    neither fails nor shares the first one's staging folders."""
    import time
    with open(os.path.join(checkout, "SConstruct"), "a") as f:
        f.write('\nenv.Command("slow.txt", [], "sleep 6; echo done > $TARGET")\n')
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", KOKORO_TVM_CACHE=os.path.join(checkout, "..", "cache"))
    env.pop("KOKORO_TVM_LOCK_HELD", None)
    first = subprocess.Popen([sys.executable, "-m", "SCons", "-C", checkout, "slow.txt"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lock_file = os.path.join(checkout, "build", ".lock")
    for _ in range(100):
        if os.path.exists(lock_file) and "slow.txt" in open(lock_file).read():
            break
        time.sleep(0.1)
    second = subprocess.run([sys.executable, "-m", "SCons", "-C", checkout, "slow.txt"], env=env,
                            capture_output=True, text=True, timeout=120)
    first_out = first.communicate(timeout=60)[0]
    assert first.returncode == 0 and second.returncode == 0, first_out + second.stdout + second.stderr
    assert f"another build is running in this checkout (pid {first.pid}: ./scons slow.txt): waiting" in second.stdout
    assert "is up to date" in second.stdout      # it waited, then found the first one's result


def test_cuda_stops_before_any_work_where_nvidias_compiler_does_not_run(checkout):
    from kokoro_build import profiles as table
    message = table.models_missing("cuda", "macos-arm64")
    assert "NVRTC" in message and "macos-arm64" in message and "./scons host" in message
    assert table.models_missing("cuda", "linux-x86_64") is None and table.models_missing("host", "macos-arm64") is None
    out = scons(checkout, "-n", "cuda")   # here (Linux) it is declared: the dry run lists the compile
    assert out.returncode == 0, out.output
    assert "fetch: verify 'nvidia-cuda-nvrtc'" in out.output and "models: cuda -> dist/cuda/models" in out.output


STOPPED_STEP = r"""
import os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "site_scons"))
from kokoro_build import actions, steps
folder = sys.argv[2]
command = ["sh", "-c", f"sleep 300 & echo $! > {folder}/grandchild; echo started > {folder}/started; wait"]
actions._interruptible(steps.run, folder, "test/step", [("a long command", command)], dict(os.environ), "step")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_sigterm_stops_a_running_step_and_what_it_started(tmp_path):
    """A build stopped by SIGTERM (a CI runner's cancel) ends within seconds, and so do the
    step's command and the processes it started."""
    import signal
    import time
    script = tmp_path / "step.py"
    script.write_text(STOPPED_STEP)
    run = subprocess.Popen([sys.executable, str(script), ROOT, str(tmp_path)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while not (tmp_path / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    grandchild = int((tmp_path / "grandchild").read_text())
    sent = time.monotonic()
    run.send_signal(signal.SIGTERM)
    out, _ = run.communicate(timeout=30)
    assert time.monotonic() - sent < 10 and run.returncode != 0, out
    time.sleep(0.5)
    assert not running(grandchild)             # the step's own children are gone too


def running(pid):
    """Whether pid runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
