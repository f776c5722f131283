"""Compiling the models: the same bytes from another folder, no tool of the machine's PATH,
and refused inputs (weights, voice packs, pickles that would run code) named, with nothing
written and the previous artifacts kept."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import ROOT, dist_models, synthetic_models
from kokoro_build import buildenv, cxx_toolchain, profiles, spec
from models import voices, weights


def spec_file(folder, profile, buckets=None, inputs=None):
    """The profile's spec for this machine, written as the build writes it, with other buckets
    ({"tokens": (...), "frames": (...)}) and the compiler's input folders."""
    found = spec.profile_spec(profiles.PROFILES[profile], profiles.host_platform(), ROOT, buckets=buckets,
                              compiler_inputs=inputs, archiver=cxx_toolchain.pinned_zig())
    return spec.write(os.path.join(str(folder), f"{profile}.spec.json"), found)


SMALL = {"tokens": (32,), "frames": (64,)}


@pytest.fixture(scope="module")
def model():
    return weights.synthetic_model()[0]


@pytest.mark.slow   # two whole compiles; repro-check builds every profile in two other folders too
@pytest.mark.parametrize("profile", ["host", "ios"])
def test_a_second_compile_elsewhere_gives_identical_files(tmp_path, profile):
    out = tmp_path / "elsewhere" / "models"   # from the build's own spec
    run = subprocess.run([sys.executable, "-m", "models.compile", "--spec", spec.path(ROOT, profile), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, TZ="Asia/Tokyo", PYTHONHASHSEED="0"))
    assert run.returncode == 0, run.stderr[-3000:]
    for name in ("kokoro.a", "kokoro.weights", "manifest.json"):
        assert (out / name).read_bytes() == open(os.path.join(synthetic_models(profile), name), "rb").read(), name


@pytest.mark.slow   # two compiles of both CPU levels (the default suite's builds run the processes)
def test_exports_and_levels_at_once_give_the_archive_of_one_after_the_other(tmp_path):
    """models.compile exports the functions' buckets and compiles the CPU levels in processes of
    their own, as many at once as the machine has cores; with one core, one after the other in
    its own process: the same bytes."""
    row = ["--spec", spec_file(tmp_path, "host", SMALL)]
    assert len(json.load(open(row[1], encoding="utf-8"))["cpu"]["levels"]) >= 2
    one_core = "import os, sys; os.cpu_count = lambda: 1; from models import compile; sys.exit(compile.main())"
    outs = {}
    for name, command in (("at once", ["-m", "models.compile"]), ("in turn", ["-c", one_core])):
        outs[name] = tmp_path / name.replace(" ", "-")
        run = subprocess.run([sys.executable, *command, *row, "--out", str(outs[name])], cwd=ROOT, capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr[-3000:]
    for name in ("kokoro.a", "manifest.json"):
        assert (outs["at once"] / name).read_bytes() == (outs["in turn"] / name).read_bytes(), name


@pytest.mark.parametrize("profile, member", [("host", b"/               "), ("ios", b"__.SYMDEF")])
def test_kokoro_a_takes_no_archiver_from_the_path(tmp_path, profile, member):
    """kokoro.a (GNU format for the host, darwin for iOS) is written by the pinned `zig ar`: the
    compile runs with a PATH holding only the pinned Python environment, without ar or llvm-ar."""
    pinned = os.path.dirname(sys.executable)
    assert shutil.which("ar", path=pinned) is None and shutil.which("llvm-ar", path=pinned) is None
    out = tmp_path / "models"
    run = subprocess.run([sys.executable, "-m", "models.compile", "--spec", spec_file(tmp_path, profile, SMALL),
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                         env=dict(buildenv.child_environment(ROOT), PATH=pinned))
    assert run.returncode == 0, run.stderr[-3000:]
    archive = (out / "kokoro.a").read_bytes()
    assert archive.startswith(b"!<arch>\n") and member in archive[8:8 + 60 + 16]   # the symbol index first
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["compiler"]["archiver"].startswith("zig ar 0.") and "(ziglang 0.17.1)" in \
        manifest["compiler"]["archiver"]


def test_wrong_weights_are_refused_naming_the_file(tmp_path, model):
    good = tmp_path / "kokoro-v1_0.pth"
    torch.save({part: getattr(model, part).state_dict() for part in weights.PARTS}, good)
    with pytest.raises(weights.WeightsError, match=f"{good}: sha256 is .*, expected 0000"):
        weights.load_model(str(good), "0" * 64)
    text = tmp_path / "notes.pth"
    text.write_text("not a checkpoint")
    with pytest.raises(weights.WeightsError, match=f"{text}: not a PyTorch checkpoint"):
        weights.load_model(str(text), weights.file_sha256(str(text)))
    shapes = {part: getattr(model, part).state_dict() for part in weights.PARTS}
    shapes["bert_encoder"] = {"weight": torch.zeros(3, 3), "bias": torch.zeros(3)}
    wrong = tmp_path / "wrong.pth"
    torch.save(shapes, wrong)
    with pytest.raises(weights.WeightsError, match=r"bert_encoder.weight has shape \[3, 3\], the model needs \[512, 768\]"):
        weights.load_model(str(wrong), weights.file_sha256(str(wrong)))
    loaded, identity = weights.load_model(str(good), weights.file_sha256(str(good)))
    assert identity["kind"] == "file" and identity["name"] == "kokoro-v1_0.pth"


def test_published_layout_is_taken_as_kmodel_takes_it(tmp_path, model):
    """hexgrad's kokoro-v1_0.pth: keys under `module.`, AdaIN's 140 affine parameters absent
    (then 1 and 0); any other tensor missing, or any extra, is refused by name."""
    optional = {part: weights.optional_affine(getattr(model, part)) for part in weights.PARTS}
    assert sum(map(len, optional.values())) == 140
    published = {part: {f"module.{k}": v for k, v in getattr(model, part).state_dict().items()
                        if k not in optional[part]} for part in weights.PARTS}
    path = tmp_path / "kokoro-v1_0.pth"
    torch.save(published, path)
    loaded, identity = weights.load_model(str(path), weights.file_sha256(str(path)))
    assert identity["format"] == "pth"
    norm = loaded.predictor.F0[0].norm1.norm
    assert torch.equal(norm.weight, torch.ones_like(norm.weight)) and torch.equal(norm.bias, torch.zeros_like(norm.bias))
    assert torch.equal(loaded.decoder.generator.conv_post.bias, model.decoder.generator.conv_post.bias)
    del published["predictor"]["module.F0_proj.weight"]
    published["decoder"]["module.stray.weight"] = torch.zeros(1)
    torch.save(published, path)
    with pytest.raises(weights.WeightsError, match=r"part 'predictor' does not fit the model: missing \['F0_proj.weight'\]"):
        weights.load_model(str(path), weights.file_sha256(str(path)))
    del published["predictor"]
    torch.save(published, path)
    with pytest.raises(weights.WeightsError, match="not a Kokoro checkpoint: expected the parts"):
        weights.load_model(str(path), weights.file_sha256(str(path)))


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def test_a_pickle_that_would_run_code_is_refused_without_advice_to_load_it_unsafely(tmp_path):
    evil = tmp_path / "evil.pth"
    torch.save({"net": _RunsCode()}, evil)
    for load, error in ((lambda p: weights.load_model(p, weights.file_sha256(p)), weights.WeightsError),
                        (voices.read_pack, voices.VoiceError)):
        with pytest.raises(error) as e:
            load(str(evil))
        message = str(e.value)
        assert message.startswith(f"{evil}: refused: it holds Python objects") and "posix.system" in message
        assert "could run code from the file, which this build never does" in message
        assert "weights_only" not in message and "will likely succeed" not in message


def test_voice_packs_are_converted_or_refused_naming_the_file(tmp_path):
    folder = tmp_path / "voices"
    folder.mkdir()
    pack = torch.randn(510, 1, 256, generator=torch.Generator().manual_seed(9))
    torch.save(pack, folder / "af_test.pt")
    entries = voices.write_voices(str(tmp_path / "out"), str(folder))
    assert entries["af_test"]["source"]["kind"] == "file" and entries["af_test"]["file"] == "voices/af_test.f32"
    data = np.fromfile(tmp_path / "out" / "voices" / "af_test.f32", dtype="<f4").reshape(510, 256)
    assert np.array_equal(data, pack[:, 0].numpy())
    torch.save(torch.zeros(10, 256), folder / "bad.pt")
    with pytest.raises(voices.VoiceError, match=r"bad.pt: voice pack of shape \[10, 256\], expected \[510, 1, 256\]"):
        voices.write_voices(str(tmp_path / "again"), str(folder))
    assert not (tmp_path / "again" / "voices" / "af_test.f32").exists()  # nothing written when one pack is refused


def test_kokoro_onnx_voices_files_and_f32_packs_are_taken(tmp_path):
    """kokoro-onnx's voices-v1.0.bin (a NumPy archive by name), a .npz, and .f32 packs in a folder."""
    rng = np.random.default_rng(3)
    packs = {"af_one": rng.standard_normal((510, 1, 256)).astype(np.float32),
             "bm_two": rng.standard_normal((510, 256)).astype(np.float32)}
    archive = tmp_path / "voices-v1.0.bin"
    with open(archive, "wb") as f:
        np.savez(f, **packs)
    entries = voices.write_voices(str(tmp_path / "out"), str(archive))
    assert sorted(entries) == ["af_one", "bm_two"]
    assert entries["bm_two"]["source"] == {"kind": "file", "name": "voices-v1.0.bin", "sha256": weights.file_sha256(str(archive))}
    written = np.fromfile(tmp_path / "out" / "voices" / "af_one.f32", dtype="<f4").reshape(510, 256)
    assert np.array_equal(written, packs["af_one"][:, 0])
    folder = tmp_path / "f32"
    folder.mkdir()
    (tmp_path / "out" / "voices" / "bm_two.f32").rename(folder / "bm_two.f32")
    assert list(voices.write_voices(str(tmp_path / "again"), str(folder))) == ["bm_two"]
    (folder / "short.f32").write_bytes(b"\0" * 1024)
    with pytest.raises(voices.VoiceError, match=r"short.f32: 1024 bytes, a .f32 voice is 522240"):
        voices.write_voices(str(tmp_path / "third"), str(folder))
    packs["bad"] = np.full((510, 256), np.nan, dtype=np.float32)
    np.savez(tmp_path / "bad.npz", **packs)
    with pytest.raises(voices.VoiceError, match=r"bad.npz: voice 'bad' holds values that are not finite"):
        voices.write_voices(str(tmp_path / "fourth"), str(tmp_path / "bad.npz"))
    (tmp_path / "pickled.npz").write_bytes(b"not an archive")
    with pytest.raises(voices.VoiceError, match=r"pickled.npz: not a NumPy archive of voices"):
        voices.write_voices(str(tmp_path / "fifth"), str(tmp_path / "pickled.npz"))


def test_compile_with_refused_weights_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "kokoro-v1_0.pth"
    bad.write_bytes(b"garbage")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "models.compile", "--spec", spec_file(tmp_path, "host"), "--out", str(out),
                          "--weights", str(bad), "--weights-sha256", weights.file_sha256(str(bad))],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert f"weights refused: {bad}: not a PyTorch checkpoint" in run.stderr
    assert os.listdir(out) == []


def test_scons_models_with_refused_weights_keeps_the_previous_artifacts(tmp_path):
    before = {p: open(os.path.join(dist_models(p), "kokoro.a"), "rb").read() for p in ("host", "ios")}
    bad = tmp_path / "kokoro-v1_0.pth"
    torch.save({"bert": {}}, bad)
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "models", f"WEIGHTS={bad}",
                          f"WEIGHTS_SHA256={weights.file_sha256(str(bad))}"], capture_output=True, text=True)
    assert run.returncode != 0
    assert f"{bad}: not a Kokoro checkpoint" in run.stdout
    assert "bundle-host.log" in run.stdout or "bundle-ios.log" in run.stdout
    for profile, data in before.items():
        assert open(os.path.join(dist_models(profile), "kokoro.a"), "rb").read() == data


def test_test_and_benchmark_code_is_no_source_of_the_models():
    """SCons's own dependency tree of a profile's models: every module of models/ the build
    runs, nothing of models/testing/ (the reference runs), so an edit there rebuilds nothing
    and keeps every cache entry."""
    target = os.path.join("build", "host", "synthetic", "models", "kokoro.a")
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-n", "-Q", "--tree=prune", target],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    sources = {line.split("+-", 1)[1] for line in run.stdout.splitlines() if "+-models/" in line}
    assert {"models/compile.py", "models/decoder.py", "models/sine_source.py", "models/kokoro_config.json"} <= sources
    assert not [s for s in sources if s.startswith("models/testing/")], sources
    assert os.path.exists(os.path.join(ROOT, "models", "testing", "reference.py"))


@pytest.mark.slow   # a whole compile of the ios kernels printed as CUDA C (./scons ios-kernels is not in the test build)
def test_the_ios_kernels_proxy_holds_every_kernel_of_the_ios_build_unchanged(tmp_path):
    """The ios-kernels profile (models/kernel_printer.py) compiles the ios build's Metal kernels
    and prints them as CUDA C: every kernel of the ios library, with the same launch extents,
    shared memory and TIR, as PTX; the library runs on CUDA's device."""
    from kokoro_build import lock
    from models.testing.kernels import kernel_differences
    ios = json.load(open(os.path.join(synthetic_models("ios"), "manifest.json"), encoding="utf-8"))
    pinned = lock.load(os.path.join(ROOT, "third_party", "lock.toml"))
    inputs = {name: os.path.join(ROOT, "third_party", pinned.inputs[name].dirname)
              for name in profiles.PROFILES["ios-kernels"].model_inputs}
    out = tmp_path / "models"
    run = subprocess.run([sys.executable, "-m", "models.compile", "--out", str(out), "--spec",
                          spec_file(tmp_path, "ios-kernels", {kind: tuple(ios["buckets"][kind]) for kind in ios["buckets"]},
                                    inputs)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    proxy = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert proxy["device"] == "cuda" and proxy["target"] == ios["target"] | {"host": proxy["target"]["host"]}
    assert len(ios["kernels"]) > 1000 and kernel_differences(proxy["kernels"], ios["kernels"]) == []
    archive = (out / "kokoro.a").read_bytes()
    assert archive.count(b".entry ") >= len(ios["kernels"]) and b"#include <metal_stdlib>" not in archive
