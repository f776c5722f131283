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


def test_an_output_rewritten_with_its_own_bytes_is_hashed_once_then_known(tmp_path, monkeypatch):
    """A listed file newer than its record (rewritten with the same bytes, as the test above
    leaves it) is hashed once and remembered; later checks do not read it again until it is
    written, replaced or linked anew, and a changed one is always found."""
    from kokoro_build import digest, outputs
    models = tmp_path / "models"
    (models / "voices").mkdir(parents=True)
    (models / "kokoro.a").write_bytes(b"library")
    (models / "kokoro.weights").write_bytes(b"weights" * 100)
    (models / "voices" / "v.f32").write_bytes(b"\0" * 1024)
    manifest = {"library": {"file": "kokoro.a", "sha256": digest.file_sha256(models / "kokoro.a")},
                "weights": {"file": "kokoro.weights", "sha256": digest.file_sha256(models / "kokoro.weights")},
                "voices": {"v": {"file": "voices/v.f32", "sha256": digest.file_sha256(models / "voices" / "v.f32")}}}
    record = models / "manifest.json"
    record.write_text(__import__("json").dumps(manifest))
    os.utime(record, ns=(1, 1))                         # every listed file is newer than the record
    memo = digest.HashMemo(str(tmp_path / "memo"))
    hashed = []
    real = outputs.file_sha256
    monkeypatch.setattr(outputs, "file_sha256", lambda path: hashed.append(os.path.basename(path)) or real(path))
    assert outputs._listed_changes(str(record), quick=True, memo=memo) == []
    assert sorted(hashed) == ["kokoro.a", "kokoro.weights", "v.f32"]
    hashed.clear()
    assert outputs._listed_changes(str(record), quick=True, memo=memo) == []
    assert hashed == []                                 # known: not read again
    weights = models / "kokoro.weights"
    weights.write_bytes(b"weights" * 100)               # the same bytes written again: read again, still equal
    assert outputs._listed_changes(str(record), quick=True, memo=memo) == [] and hashed == ["kokoro.weights"]
    hashed.clear()
    stat = os.stat(weights)
    weights.write_bytes(b"Weights" * 100)               # another byte, the size and mtime set back
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert outputs._listed_changes(str(record), quick=True, memo=memo) == ["kokoro.weights"]
    copy = tmp_path / "copy.f32"
    copy.write_bytes(b"\1" * 1024)
    (models / "voices" / "v.f32").unlink()
    (models / "voices" / "v.f32").symlink_to(copy)      # a link planted in its place
    assert "voices/v.f32" in outputs._listed_changes(str(record), quick=True, memo=memo)
