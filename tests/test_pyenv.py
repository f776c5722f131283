"""The pinned Python environment: made from the hash-pinned lock, reused
while the lock is unchanged, rebuilt when it changes, and the previous
environment kept when an install fails."""

import base64
import hashlib
import os
import subprocess

import pytest

from conftest import ROOT, make_zip, sha256_of
from kokoro_build import pyenv


def wheel(version):
    """A real, installable wheel of a one-module package 'pinned_demo'."""
    dist = f"pinned_demo-{version}.dist-info"
    files = {
        "pinned_demo.py": f"VERSION = '{version}'\n".encode(),
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: pinned-demo\nVersion: {version}\n".encode(),
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
