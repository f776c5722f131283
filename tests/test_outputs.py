"""A changed output is built again, not trusted: a byte flipped in the built weights, or a
voice file replaced, makes ./scons build the models again (shown with -n, which runs
nothing), and a restored file is trusted again."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT

MODELS = os.path.join(ROOT, "dist", "host", "models")


def dry_run(*targets):
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-n", *targets], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


@pytest.mark.parametrize("rel", ["kokoro.weights", "voices/jf_alpha.f32", "kokoro.a"])
def test_a_changed_model_output_is_built_again(rel):
    path = os.path.join(MODELS, rel)
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run ./scons (./scons test builds it first)")
    before = dry_run("models")
    assert "models: host -> dist/host/models" not in before, "the models were not up to date to begin with"
    with open(path, "r+b") as f:
        f.seek(os.path.getsize(path) // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0xFF]))
    try:
        out = dry_run("models")
        assert f"dist/host/models: {os.path.basename(rel) if not rel.startswith('voices/') else rel} changed since " \
               f"the build wrote it: building it again" in out, out
        assert "models: host -> dist/host/models" in out
    finally:
        with open(path, "r+b") as f:
            f.seek(os.path.getsize(path) // 2)
            f.write(byte)
    assert "models: host -> dist/host/models" not in dry_run("models")   # the same bytes again: trusted
