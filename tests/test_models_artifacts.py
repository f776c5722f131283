"""The built model artifacts as their users read them: the manifest (of the library step's
synthetic bundle, build/<profile>/synthetic/models, and of dist/<profile>/models, the same
library with the pinned Kokoro v1.0 and its voices), the iOS archive's objects, and the
weights file written again by PyTorch alone from the manifest."""

import hashlib
import json
import os
import subprocess
import sys

from conftest import ROOT, dist_models, synthetic_models
from models import weights

def test_manifest_describes_functions_weights_and_constants():
    manifest = json.load(open(os.path.join(synthetic_models("host"), "manifest.json"), encoding="utf-8"))
    levels = [(entry["level"], entry["system_lib_prefix"]) for entry in manifest["cpu"]["levels"]]
    if manifest["target"].get("mcpu") == "x86-64-v3":     # the default x86-64 build: AVX-512's code too
        assert levels == [("x86-64-v4", "kokorotvm_x86_64_v4_"), ("x86-64-v3", "kokorotvm_x86_64_v3_")]
    assert levels[-1][0] == manifest["target"].get("mcpu") and all(len(prefix) >= 8 for _, prefix in levels)
    assert manifest["weights"]["identity"] == {"kind": "synthetic", "seed": weights.SYNTHETIC_SEED}
    assert len(manifest["vocab"]) == 114 and max(manifest["vocab"].values()) == 177
    assert (manifest["sample_rate"], manifest["samples_per_frame"], manifest["style_dim"]) == (24000, 600, 256)
    for name, kind in (("bert", "tokens"), ("duration", "tokens"), ("text_encoder", "tokens"), ("f0n", "frames"),
                       ("decoder", "frames")):
        for bucket in manifest["buckets"][kind]:
            function = manifest["functions"][f"{name}_{bucket}"]
            counts = [i for i in function["inputs"] if i["name"] in ("length", "frames")]
            assert [(i["shape"], i["dtype"]) for i in counts] == [([1], "int32")], name
            assert all(w in manifest["weights"]["index"] for w in function["weights"])
        frames = manifest["buckets"]["frames"][0]
    assert manifest["functions"][f"f0n_{frames}"]["outputs"] == [{"dtype": "float32", "shape": [1, 2 * frames]}] * 2
    assert manifest["functions"][f"decoder_{frames}"]["inputs"][-1] == {
        "name": "noise", "dtype": "float32", "shape": [1, 600 * frames, 9]}
    assert manifest["functions"][f"decoder_{frames}"]["outputs"] == [{"dtype": "float32", "shape": [1, 600 * frames]}]
    # what each function asks for while it runs (the tool's --memory bound): a decoder's storage holds at least
    # its audio, and grows with its frames
    decoders = [manifest["functions"][f"decoder_{f}"]["memory"] for f in manifest["buckets"]["frames"]]
    assert all(m["storage"] >= 4 * 600 * f and m["workspace"] >= 0
               for m, f in zip(decoders, manifest["buckets"]["frames"]))
    assert [m["storage"] for m in decoders] == sorted(m["storage"] for m in decoders)
    assert all(set(f["memory"]) == {"storage", "workspace"} for f in manifest["functions"].values())
    voice = manifest["voices"]["synthetic"]
    assert voice["shape"] == [510, 256] and voice["source"]["kind"] == "synthetic"
    data = open(os.path.join(synthetic_models("host"), voice["file"]), "rb").read()
    assert len(data) == 510 * 256 * 4 and hashlib.sha256(data).hexdigest() == voice["sha256"]
    size = os.path.getsize(os.path.join(synthetic_models("host"), "kokoro.weights"))
    last = max(manifest["weights"]["index"].values(), key=lambda e: e["offset"])
    assert size == last["offset"] + last["nbytes"]
    # weights stay out: under a fifth of their size in code per CPU level (the default buckets)
    assert os.path.getsize(os.path.join(synthetic_models("host"), "kokoro.a")) < len(levels) * size / 5
    # a dense layer's weight is stored as the product reads it (x @ W^T: W^T), with its source
    ffn = "bert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight"     # [2048, 768] in the model
    entry = manifest["weights"]["index"][f"bert.{ffn}.transposed"]
    assert f"bert.{ffn}" not in manifest["weights"]["index"] and entry["shape"] == [768, 2048]
    assert entry["source"] == {"op": "transpose", "of": [ffn]}
    # the default build: float32 weights, which the functions take as float32 (WEIGHTS_DTYPE=float32)
    assert manifest["weights_dtype"] == "float32"
    assert {(e["dtype"], e["param_dtype"]) for e in manifest["weights"]["index"].values()} == {("float32", "float32")}

def test_ios_archive_holds_arm64_macho_objects_with_metal_source(tmp_path):
    archive = os.path.join(dist_models("ios"), "kokoro.a")
    subprocess.run(["llvm-ar", "x", archive], cwd=tmp_path, check=True)
    objects = sorted(os.listdir(tmp_path))
    manifest = json.load(open(os.path.join(dist_models("ios"), "manifest.json"), encoding="utf-8"))
    [level] = manifest["cpu"]["levels"]                  # one level for the host code of a GPU build
    prefix = level["system_lib_prefix"]                  # every object named under it, as the loader looks it up
    assert prefix.startswith("kokorotvm_") and objects == [prefix + "devc.o", prefix + "lib0.o"]
    for name in objects:
        header = (tmp_path / name).read_bytes()[:8]
        assert header[:4] == bytes.fromhex("cffaedfe") and header[4:8] == bytes.fromhex("0c000001"), name
    devc = (tmp_path / (prefix + "devc.o")).read_bytes()
    assert b"#include <metal_stdlib>" in devc and devc.count(b"kernel void kokorotvm_") > 10

def weights_file(*args):
    return subprocess.run([sys.executable, "-m", "models.weights_file", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)

def test_the_shipped_bundle_is_the_library_with_the_pinned_model_and_voices():
    from kokoro_build import lock, pinned_model
    pinned = pinned_model.paths(ROOT, lock.load(os.path.join(ROOT, "third_party", "lock.toml")))
    for profile in ("host", "ios"):
        shipped = json.load(open(os.path.join(dist_models(profile), "manifest.json"), encoding="utf-8"))
        library = json.load(open(os.path.join(synthetic_models(profile), "manifest.json"), encoding="utf-8"))
        assert shipped["library"] == library["library"] and shipped["functions"] == library["functions"]
        assert open(os.path.join(dist_models(profile), "kokoro.a"), "rb").read() == \
            open(os.path.join(synthetic_models(profile), "kokoro.a"), "rb").read()
        assert shipped["weights"]["identity"] == {"kind": "file", "format": "onnx", "name": "kokoro-v1.0.int8.onnx",
                                                  "sha256": pinned["weights"][1]}
        assert shipped["weights"]["index"] == library["weights"]["index"]
        assert sorted(shipped["voices"]) == ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
        assert {v["source"]["sha256"] for v in shipped["voices"].values()} == {pinned["voices"][1]}


def test_pytorch_alone_writes_the_weights_file_again_from_the_manifest(tmp_path):
    folder = synthetic_models("host")
    manifest = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
    sources = [entry["source"] for entry in manifest["weights"]["index"].values()]
    assert all(isinstance(s, str) or s["op"] in ("copy", "transpose", "sum", "weight_norm") for s in sources)
    assert any(isinstance(s, dict) and s["op"] == "sum" for s in sources)   # the LSTMs' summed biases
    # the convolutions under weight_norm: their weight made once, from weight_g and weight_v
    conv = manifest["weights"]["index"]["decoder.decoder.generator.conv_post.weight"]["source"]
    assert conv == {"op": "weight_norm", "of": ["decoder.generator.conv_post.weight_g",
                                                "decoder.generator.conv_post.weight_v"]}
    assert not any(name.endswith(("weight_g", "weight_v")) for name in manifest["weights"]["index"])
    out = tmp_path / "kokoro.weights"
    result = weights_file(os.path.join(folder, "manifest.json"), out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "as the manifest records" in result.stdout
    assert out.read_bytes() == open(os.path.join(folder, "kokoro.weights"), "rb").read()

def test_the_weights_file_refuses_a_manifest_it_cannot_follow(tmp_path):
    manifest = json.load(open(os.path.join(synthetic_models("host"), "manifest.json"), encoding="utf-8"))
    name = sorted(manifest["weights"]["index"])[0]
    manifest["weights"]["index"][name]["source"] = "no.such.parameter"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    result = weights_file(tmp_path / "manifest.json", tmp_path / "kokoro.weights")
    assert result.returncode == 2
    assert f"weights.index.{name}.source: 'no.such.parameter' names no parameter of the model" in result.stderr
    manifest = json.load(open(os.path.join(synthetic_models("host"), "manifest.json"), encoding="utf-8"))
    manifest["weights"]["sha256"] = "0" * 64   # the build's bytes are not what this checkout makes
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    result = weights_file(tmp_path / "manifest.json", tmp_path / "kokoro.weights")
    assert result.returncode == 1 and "are not the build's" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["manifest.json"]   # nothing half-written is left
