"""Weights and voices swapped without compiling: the library step's key holds no weights, so a
new WEIGHTS= or VOICES= makes only a new bundle (models/bundle.py), which the tool that links
the library runs as it is; the real Kokoro v1.0 the lock pins speaks through it."""

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import lock, pinned_model  # noqa: E402

LIBRARY = os.path.join(ROOT, "build", "host", "synthetic", "models")
TOOL = os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm")


def pinned():
    found = pinned_model.paths(ROOT, lock.load(os.path.join(ROOT, "third_party", "lock.toml")))
    for path, _ in found.values():
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: run ./scons test (it joins the pinned model from its fetched parts)")
    return found


def dry_run(*arguments):
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-n", *arguments], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_new_weights_rebuild_the_bundle_and_nothing_else():
    """./scons -n shows what a build would run: with other weights and voices, the bundles only."""
    assert "models: host" not in dry_run("host"), "the host build was not up to date to begin with"
    for other in (["WEIGHTS=synthetic"], ["VOICES=synthetic"]):     # the default is WEIGHTS=pinned, VOICES=pinned
        out = dry_run("host", *other)
        assert "models: host -> dist/host/models" in out, out
        assert "(the library)" not in out and "rust: host" not in out and "cmake" not in out.lower(), out


def test_the_pinned_model_in_a_bundle_of_the_built_library_speaks(tmp_path):
    found = pinned()
    out = tmp_path / "models"
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "models.bundle", "--library", LIBRARY, "--out", str(out),
                          "--weights", found["weights"][0], "--weights-sha256", found["weights"][1],
                          "--voices", found["voices"][0]], cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    print(f"bundle of the pinned model: {seconds:.1f} s")
    assert (out / "kokoro.a").read_bytes() == open(os.path.join(LIBRARY, "kokoro.a"), "rb").read()
    manifest = json.load(open(out / "manifest.json", encoding="utf-8"))
    library = json.load(open(os.path.join(LIBRARY, "manifest.json"), encoding="utf-8"))
    assert manifest["library"] == library["library"] and manifest["functions"] == library["functions"]
    assert manifest["weights"]["identity"]["format"] == "onnx" and manifest["weights"]["index"] == library["weights"]["index"]
    assert sorted(manifest["voices"]) == ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
    spoken = subprocess.run([TOOL, "--models", str(out), "--phonemes", "kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl.",
                             "--voice", "jf_alpha", "--out", str(tmp_path / "a.wav"), "--samples",
                             str(tmp_path / "a.f32")], capture_output=True, text=True)
    assert spoken.returncode == 0, spoken.stderr
    audio = np.fromfile(tmp_path / "a.f32", dtype="<f4")
    assert 2.0 < audio.size / 24000 < 4.5                      # about three seconds of speech for 41 symbols
    assert 0.02 < float(np.sqrt(np.mean(audio ** 2))) < 0.3 and float(np.abs(audio).max()) < 1.0


def test_a_refused_checkpoint_leaves_no_bundle(tmp_path):
    bad = tmp_path / "kokoro-v1.0.onnx"
    bad.write_bytes(b"\x08\x07not a graph")
    sha = __import__("hashlib").sha256(bad.read_bytes()).hexdigest()
    out = tmp_path / "models"
    run = subprocess.run([sys.executable, "-m", "models.bundle", "--library", LIBRARY, "--out", str(out),
                          "--weights", str(bad), "--weights-sha256", sha], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and f"weights refused: {bad}: not an ONNX model" in run.stderr, run.stderr
    assert not (out / "manifest.json").exists()
