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


def test_float16_weights_halve_the_bundle_and_speak_as_float32_does(tmp_path):
    """WEIGHTS_DTYPE=float16: the bundle stores the real model's weights in about half the bytes
    (the small ones stay float32), and the tool, widening them as it loads them, says the same
    thing: the same durations, the audio within 25 dB of float32's, closer than another noise
    seed makes it (benchmarks/float16_weights.py measures it on more text)."""
    sys.path.insert(0, ROOT)
    from models.weights import ALIGNMENT
    from models.weights_file import FLOAT16_FROM
    full = os.path.join(ROOT, "dist", "host", "models")
    out = tmp_path / "models"
    run = subprocess.run([sys.executable, "-m", "models.bundle", "--library", full, "--out", str(out),
                          "--weights-dtype", "float16"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    before = json.load(open(os.path.join(full, "manifest.json"), encoding="utf-8"))["weights"]
    after = json.load(open(out / "manifest.json", encoding="utf-8"))["weights"]
    assert after["identity"] == before["identity"] and 0.49 < after["size"] / before["size"] < 0.51
    assert os.path.getsize(out / "kokoro.weights") == after["size"]
    end = 0
    for name, entry in sorted(before["index"].items(), key=lambda item: item[1]["offset"]):
        values = int(np.prod(entry["shape"]))
        dtype = "float16" if values >= FLOAT16_FROM else "float32"
        stored = after["index"][name]
        assert stored == {**entry, "dtype": dtype, "offset": stored["offset"],
                          "nbytes": values * (2 if dtype == "float16" else 4)}, name
        assert stored["offset"] % ALIGNMENT == 0 and end <= stored["offset"] < end + ALIGNMENT, name
        end = stored["offset"] + stored["nbytes"]
    spoken = {}
    for label, models, seed in (("float32", full, 0), ("float16", str(out), 0), ("seed 1", full, 1)):
        run = subprocess.run([TOOL, "--models", models, "--phonemes", "kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl.",
                              "--voice", "jf_alpha", "--seed", str(seed), "--out", str(tmp_path / "a.wav"),
                              "--samples", str(tmp_path / "a.f32"), "--json", str(tmp_path / "a.json")],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        spoken[label] = (np.fromfile(tmp_path / "a.f32", dtype="<f4").astype(np.float64),
                         json.load(open(tmp_path / "a.json", encoding="utf-8"))["durations"])
    reference, durations = spoken["float32"]

    def snr(label):
        assert spoken[label][1] == durations, label
        return 10 * np.log10(np.sum(reference ** 2) / np.sum((reference - spoken[label][0]) ** 2))

    print(f"float16 weights against float32: {snr('float16'):.1f} dB; another seed: {snr('seed 1'):.1f} dB")
    assert snr("float16") > max(25, snr("seed 1"))


def test_a_weight_past_float16s_range_is_refused_by_name(tmp_path):
    sys.path.insert(0, ROOT)
    from models import weights_file
    small, large = np.arange(8, dtype="<f4"), np.ones(weights_file.FLOAT16_FROM, "<f4")
    large[5] = 70000.0
    path = tmp_path / "kokoro.weights"
    path.write_bytes(small.tobytes() + b"\0" * 96 + large.tobytes())
    index = {"small": {"offset": 0, "nbytes": 32, "shape": [2, 4], "dtype": "float32"},
             "large": {"offset": 128, "nbytes": large.nbytes, "shape": [large.size], "dtype": "float32"}}
    manifest = {"weights": {"index": index, "size": 128 + large.nbytes, "sha256": "x"}}
    with pytest.raises(weights_file.WeightsFileError, match=r"weights.index.large: a value past float16's range"):
        weights_file.to_float16(manifest, str(path))
    assert path.read_bytes()[128:] == large.tobytes() and manifest["weights"]["sha256"] == "x"
    assert sorted(os.listdir(tmp_path)) == ["kokoro.weights"]          # nothing half-written beside it
    large[5] = 60000.0
    path.write_bytes(small.tobytes() + b"\0" * 96 + large.tobytes())
    weights_file.to_float16(manifest, str(path))
    written = path.read_bytes()
    assert manifest["weights"]["size"] == len(written) == 64 + 2 * large.size
    assert written[:32] == small.tobytes()                               # too small to round: float32
    assert np.array_equal(np.frombuffer(written[64:], "<f2"), large.astype("<f2"))
    assert manifest["weights"]["index"] == {
        "small": index["small"], "large": {"offset": 64, "nbytes": 2 * large.size, "shape": [large.size],
                                           "dtype": "float16"}}


def test_a_library_taking_float16_weights_is_given_float16_weights_only(tmp_path):
    """A library compiled with WEIGHTS_DTYPE=float16 takes its large weights as float16: a bundle of
    float32 weights for it is refused before anything is written, and a checkpoint is written
    straight into float16 where the library says so (a value past float16's range refused by name)."""
    sys.path.insert(0, ROOT)
    import torch
    from models import bundle, weights_file
    library = tmp_path / "library"
    library.mkdir()
    index = {"big.weight": {"offset": 0, "nbytes": 2 * 4096 * 2, "shape": [4096, 2], "dtype": "float16",
                            "param_dtype": "float16", "source": "weight"},
             "big.bias": {"offset": 16384, "nbytes": 16, "shape": [4], "dtype": "float32", "param_dtype": "float32",
                          "source": "bias"}}
    (library / "manifest.json").write_text(json.dumps({"weights": {"index": index}}))
    with pytest.raises(weights_file.WeightsFileError, match="its functions take float16 weights .compiled with "
                                                            "WEIGHTS_DTYPE=float16.: give --weights-dtype float16"):
        bundle.make(str(library), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    layer = torch.nn.Linear(2, 4096)
    with torch.no_grad():
        layer.weight.uniform_(-2, 2)
    manifest = {"weights": {"index": {"big.weight": index["big.weight"]}}}
    weights_file.write(manifest, layer, str(tmp_path / "kokoro.weights"))
    written = np.fromfile(tmp_path / "kokoro.weights", dtype="<f2").reshape(4096, 2)
    assert np.array_equal(written, layer.weight.detach().numpy().astype(np.float16))
    with torch.no_grad():
        layer.weight[7, 1] = 1e6
    with pytest.raises(weights_file.WeightsFileError, match="weights.index.big.weight: a value past float16's range: "
                                                            "a library of float32 weights takes this checkpoint"):
        weights_file.write(manifest, layer, str(tmp_path / "kokoro.weights"))
