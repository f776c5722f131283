"""The pinned Python environment: made from the hash-pinned lock, reused
while the lock is unchanged, rebuilt when it changes, and the previous
environment kept when an install fails; alternatives ([source] sections)
taken from the local folders first, then from each index in order, each
index a real HTTP server on 127.0.0.1."""

import base64
import hashlib
import os
import subprocess

import pytest

from conftest import ROOT, LocalServer, make_zip, sha256_of
from kokoro_build import pyenv


def wheel(version, name="pinned_demo", body=""):
    """A real, installable wheel of a one-module package (pinned_demo by default)."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}.py": f"VERSION = '{version}'\n{body}".encode(),
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n".encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}\n"
        for name, data in files.items()) + f"{dist}/RECORD,,\n"
    files[f"{dist}/RECORD"] = record.encode()
    return make_zip(files)


@pytest.fixture
def project(tmp_path):
    """A folder laid out like a checkout, with a wheelhouse as its mirror."""
    (tmp_path / "third_party").mkdir()
    (tmp_path / "wheels").mkdir()
    return tmp_path


def lock_for(project, version, sha=None):
    data = wheel(version)
    (project / "wheels" / f"pinned_demo-{version}-py3-none-any.whl").write_bytes(data)
    (project / "third_party" / "requirements.lock").write_text(
        f"pinned-demo=={version} --hash=sha256:{sha or sha256_of(data)}\n")


def installed_version(env_dir):
    return subprocess.run([pyenv.env_python(env_dir), "-c", "import pinned_demo; print(pinned_demo.VERSION)"],
                          capture_output=True, text=True, check=True).stdout.strip()


def ensure(project):
    with open(os.devnull, "w") as quiet:
        return pyenv.ensure(str(project), offline=True, mirrors=[str(project / "wheels")], log=quiet)


def test_environment_is_made_reused_and_rebuilt_on_lock_change(project):
    lock_for(project, "1.0")
    env_dir = ensure(project)
    assert installed_version(env_dir) == "1.0"
    stamp = os.path.join(env_dir, pyenv.STAMP_NAME)
    made = os.stat(stamp).st_mtime_ns
    ensure(project)  # unchanged lock: nothing is reinstalled
    assert os.stat(stamp).st_mtime_ns == made
    lock_for(project, "2.0")
    ensure(project)
    assert installed_version(env_dir) == "2.0"
    assert not os.path.exists(env_dir + ".previous")


def test_failed_install_keeps_the_previous_environment(project):
    lock_for(project, "1.0")
    env_dir = ensure(project)
    lock_for(project, "2.0", sha="0" * 64)  # the wheel does not match its pin
    with pytest.raises(pyenv.EnvError) as e:
        ensure(project)
    log = str(project / "build" / "logs" / "python-env.log")
    assert log in str(e.value)
    assert "HASH" in open(log).read().upper()
    assert installed_version(env_dir) == "1.0"
    assert not pyenv.is_current(str(project), env_dir)  # it is kept, and known to be stale


def test_running_env_check_names_the_fix(project):
    lock_for(project, "1.0")
    with pytest.raises(pyenv.EnvError, match="was built from another third_party/requirements.lock: run ./scons"):
        pyenv.check_running_env(str(project))  # this interpreter was built from the real lock


def test_wrapper_refuses_a_python_that_is_not_3_11(tmp_path):
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'Python 3.9.0'\nexit 1\n")
    fake.chmod(0o755)
    out = subprocess.run([os.path.join(ROOT, "scons"), "-h"], capture_output=True, text=True,
                         env=dict(os.environ, KOKORO_PYTHON=str(fake)))
    assert out.returncode == 1
    assert f"KOKORO_PYTHON={fake} is not a Python 3.11 interpreter" in out.stderr


def source_lock(project, sources):
    """A lock with pinned_demo 1.0 in its common part and one [source] section per
    (name, index, {file name: wheel bytes}) for the package 'heavy_demo' 2.0 (the
    stand-in of torch) and, in a section's second file, what only that build needs."""
    common = wheel("1.0")
    (project / "wheels" / "pinned_demo-1.0-py3-none-any.whl").write_bytes(common)
    text = f"pinned-demo==1.0 --hash=sha256:{sha256_of(common)}\n"
    for name, index, files in sources:
        text += f"\n# [source {name} {index}]\n"
        for filename, data in files.items():
            text += f"#   file {filename} sha256:{sha256_of(data)} {len(data)}\n"
        for filename, data in files.items():
            package = filename.split("-")[0].replace("_", "-")
            version = filename.split("-")[1]
            text += f"{package}=={version} --hash=sha256:{sha256_of(data)}\n"
    (project / "third_party" / "requirements.lock").write_text(text)


def served_index(tmp_path, name, files):
    """A folder laid out as a simple index (one folder a package), served on 127.0.0.1."""
    folder = tmp_path / name
    for filename, data in files.items():
        package = folder / filename.split("-")[0].replace("_", "-")
        package.mkdir(parents=True, exist_ok=True)
        (package / filename).write_bytes(data)
    return LocalServer(str(folder))


def heavy(build):
    return {f"heavy_demo-2.0-py3-none-any.whl": wheel("2.0", "heavy_demo", f"BUILD = '{build}'\n")}


def module_value(env_dir, module, name):
    return subprocess.run([pyenv.env_python(env_dir), "-c", f"import {module}; print({module}.{name})"],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_alternatives_fall_through_to_the_index_that_serves_a_pinned_file(project, tmp_path):
    """The first index serves a file of another hash (as PyPI does for PyTorch's CPU build's
    version): the next source in the lock is taken, with what only it needs."""
    cpu, gpu = heavy("cpu"), heavy("cuda")
    gpu["cuda_demo-3.0-py3-none-any.whl"] = wheel("3.0", "cuda_demo")
    other = heavy("another build")                          # same name and version, another hash
    first, second = served_index(tmp_path, "first", other), served_index(tmp_path, "second", gpu)
    try:
        source_lock(project, [("cpu", first.url, cpu), ("full", second.url, gpu)])
        with open(os.devnull, "w") as quiet:
            env_dir = pyenv.ensure(str(project), offline=False, mirrors=[str(project / "wheels")], log=quiet)
        assert module_value(env_dir, "heavy_demo", "BUILD") == "cuda"
        assert module_value(env_dir, "cuda_demo", "VERSION") == "3.0"
        assert module_value(env_dir, "pinned_demo", "VERSION") == "1.0"
        assert pyenv.read_stamp(env_dir)["source"] == "full"
        assert pyenv.read_stamp(env_dir)["from"] == second.url
        assert any("heavy-demo" in r for r in first.requests)   # the first index was asked first
    finally:
        first.close()
        second.close()


def test_local_folders_come_before_any_index(project, tmp_path):
    """A mirror holding the first source's file: no index is asked at all."""
    cpu = heavy("cpu")
    for filename, data in cpu.items():
        (project / "wheels" / filename).write_bytes(data)
    index = served_index(tmp_path, "index", heavy("cuda"))
    try:
        source_lock(project, [("cpu", index.url, cpu), ("full", index.url, heavy("cuda"))])
        with open(os.devnull, "w") as quiet:
            env_dir = pyenv.ensure(str(project), offline=False, mirrors=[str(project / "wheels")], log=quiet)
        assert module_value(env_dir, "heavy_demo", "BUILD") == "cpu"
        assert pyenv.read_stamp(env_dir) | {"from": "local", "source": "cpu"} == pyenv.read_stamp(env_dir)
        assert index.requests == []
    finally:
        index.close()


def test_no_source_names_the_package_its_files_and_every_attempt(project, tmp_path):
    cpu, gpu = heavy("cpu"), heavy("cuda")
    first, second = served_index(tmp_path, "first", heavy("x")), served_index(tmp_path, "second", heavy("y"))
    try:
        source_lock(project, [("cpu", first.url, cpu), ("full", second.url, gpu)])
        with pytest.raises(pyenv.EnvError) as e, open(os.devnull, "w") as quiet:
            pyenv.ensure(str(project), offline=False, mirrors=[str(project / "wheels")], log=quiet)
    finally:
        first.close()
        second.close()
    text = str(e.value)
    assert "no source installed heavy-demo" in text
    for data in (*cpu.values(), *gpu.values()):
        assert sha256_of(data) in text                          # each file the lock accepts, by hash
    assert "heavy_demo-2.0-py3-none-any.whl" in text
    assert text.count("from the local folders") == 2            # each source locally, then each index
    assert f"cpu from {first.url}" in text and f"full from {second.url}" in text
    assert "HASHES" in text.upper()                             # pip's reason: the served files' hashes
    assert str(project / "wheels") in text


def test_offline_tries_only_the_local_folders(project, tmp_path):
    index = served_index(tmp_path, "index", heavy("cpu"))
    try:
        source_lock(project, [("cpu", index.url, heavy("cpu"))])
        with pytest.raises(pyenv.EnvError) as e, open(os.devnull, "w") as quiet:
            pyenv.ensure(str(project), offline=True, mirrors=[str(project / "wheels")], log=quiet)
        assert index.requests == []
        assert "cpu from the local folders" in str(e.value) and index.url not in str(e.value).split("Tried:")[1]
    finally:
        index.close()


def test_the_lock_pins_both_builds_of_torch_and_what_pypis_needs():
    common, sources = pyenv.read_lock(os.path.join(ROOT, pyenv.LOCK_FILE))
    assert [s.name for s in sources] == ["pytorch-cpu", "pypi"]
    assert "torch==" not in common
    cpu, pypi = sources
    assert cpu.index == "https://download.pytorch.org/whl/cpu" and pypi.index == "https://pypi.org/simple"
    assert any("+cpu" in name and name.endswith("x86_64.whl") for name, _, _ in cpu.files)
    for machine in ("_x86_64.whl", "_aarch64.whl", "_arm64.whl"):
        assert any(name.endswith(machine) for name, _, _ in pypi.files), machine
    for source in (cpu, pypi):
        assert all(f"--hash=sha256:{sha}" in source.requirements for _, sha, _ in source.files)
    assert "nvidia-cudnn-cu13==" in pypi.requirements and 'sys_platform == "linux"' in pypi.requirements
