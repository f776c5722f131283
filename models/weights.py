"""Kokoro weights: a user's kokoro-v1_0.pth or kokoro-onnx export, checked, or synthetic ones.

In:  models/kokoro_config.json and either nothing (synthetic weights) or a
     checkpoint path with the sha256 it must have: hexgrad's kokoro-v1_0.pth
     (a dict of the five parts, each a state dict, keys under `module.` or
     not), or one of kokoro-onnx's ONNX exports (a `.onnx` file, read by
     models/onnx_weights.py).
Out: load_model() returns the reference kokoro.model.KModel in eval mode
     and an identity dict for the manifest: {"kind": "synthetic", "seed"}
     or {"kind": "file", "format": "pth" | "onnx", "name", "sha256"}.

Synthetic weights are the model's own initialisation drawn from a fixed
seed: the real shapes, the same numbers on every machine with the pinned
PyTorch, and no download. A checkpoint is accepted exactly as the kokoro
package's KModel accepts it: the affine parameters of AdaIN's instance norms
(`...norm.weight` and `...norm.bias`, which hexgrad's published checkpoint
does not have: the package adds them only for its ONNX export) may be absent,
and are then 1 and 0. It is refused, naming the file, when its sha256 differs,
when it is not a PyTorch checkpoint, or when any other tensor is missing, or
any tensor is extra or of another shape.
"""

import hashlib
import json
import os
import tempfile

import torch

from . import kokoro_modules

CONFIG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kokoro_config.json")
SYNTHETIC_SEED = 20250101
ALIGNMENT = 64   # kokoro.weights: every weight starts at a multiple of this many bytes
PARTS = ("bert", "bert_encoder", "predictor", "text_encoder", "decoder")


class WeightsError(Exception):
    """The weights file cannot be used; the message names it and the problem."""


def load_config():
    with open(CONFIG_PATH, encoding="utf-8") as f:
        return json.load(f)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _empty_model(config):
    """KModel with its own random initialisation (loads an empty checkpoint)."""
    kmodel = kokoro_modules.load().KModel
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.pth")
        torch.save({}, empty)
        return kmodel(repo_id="hexgrad/Kokoro-82M", config=config, model=empty)


def synthetic_model(config=None):
    torch.manual_seed(SYNTHETIC_SEED)
    model = _empty_model(config or load_config()).eval()
    return model, {"kind": "synthetic", "seed": SYNTHETIC_SEED}


def load_refusal(path, error, what):
    """The message for a file torch.load(weights_only=True) refused: what it is not, and for a
    file holding Python objects the object named, never torch's advice to load it unsafely."""
    text = str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    objects = next((line for line in lines if "GLOBAL" in line), "")
    if "Weights only load failed" in text and objects:
        return (f"{path}: refused: it holds Python objects, not only tensors ({objects}); loading it could run "
                f"code from the file, which this build never does. Use a {what} as published")
    detail = next((line for line in lines if line.startswith("Unsupported")), lines[0][:200] if lines else "")
    if "Weights only load failed" in text:
        detail = f"not a pickle of tensors: {detail}" if detail.startswith("Unsupported") else "not a pickle of tensors"
    return f"{path}: not a {what} ({type(error).__name__}: {detail})"


def _read_checkpoint(path):
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # torch raises many kinds for files that are not checkpoints
        raise WeightsError(load_refusal(path, e, "PyTorch checkpoint")) from None
    if not isinstance(checkpoint, dict) or sorted(checkpoint) != sorted(PARTS):
        found = sorted(checkpoint) if isinstance(checkpoint, dict) else type(checkpoint).__name__
        raise WeightsError(f"{path}: not a Kokoro checkpoint: expected the parts {', '.join(PARTS)}, found {found}")
    return checkpoint


def optional_affine(module):
    """The keys of a part's state dict a checkpoint may leave out: AdaIN's instance norms'
    affine parameters (identity: weight 1, bias 0)."""
    return {f"{name}.norm.{p}" for name, sub in module.named_modules()
            if type(sub).__name__ == "AdaIN1d" for p in ("weight", "bias")}


def part_state(path, model, part, tensors):
    """One part's complete state dict from a checkpoint's tensors (keys under `module.` or not),
    checked against the model: AdaIN's affine parameters filled in where absent."""
    module = getattr(model, part)
    expected = module.state_dict()
    given = {k[7:] if k.startswith("module.") else k: v for k, v in tensors.items()}
    optional = optional_affine(module)
    missing = sorted(set(expected) - set(given) - optional)
    extra = sorted(set(given) - set(expected))
    if missing or extra:
        raise WeightsError(f"{path}: part '{part}' does not fit the model: missing {missing[:5]}"
                           f"{f' (and {len(missing) - 5} more)' if len(missing) > 5 else ''}, unexpected {extra[:5]}"
                           f"{f' (and {len(extra) - 5} more)' if len(extra) > 5 else ''}")
    state = {}
    for key, value in expected.items():
        if key not in given:
            state[key] = torch.ones_like(value) if key.endswith(".weight") else torch.zeros_like(value)
            continue
        if not isinstance(given[key], torch.Tensor) or tuple(given[key].shape) != tuple(value.shape):
            shape = list(given[key].shape) if isinstance(given[key], torch.Tensor) else type(given[key]).__name__
            raise WeightsError(f"{path}: {part}.{key} has shape {shape}, the model needs {list(value.shape)}")
        if not given[key].is_floating_point() and value.is_floating_point():
            raise WeightsError(f"{path}: {part}.{key} is {given[key].dtype}, the model needs a float tensor")
        state[key] = given[key].to(value.dtype)
    return state


def checkpoint_model(path, sha256, config=None):
    if not os.path.isfile(path):
        raise WeightsError(f"{path}: no such file")
    actual = file_sha256(path)
    if actual != sha256:
        raise WeightsError(f"{path}: sha256 is {actual}, expected {sha256}")
    if path.lower().endswith(".onnx"):
        from . import onnx_weights
        checkpoint, form = onnx_weights.read_onnx(path), "onnx"
    else:
        checkpoint, form = _read_checkpoint(path), "pth"
    model = _empty_model(config or load_config())
    states = {part: part_state(path, model, part, checkpoint[part]) for part in PARTS}   # all checked first
    for part in PARTS:
        getattr(model, part).load_state_dict(states[part], strict=True)
    return model.eval(), {"kind": "file", "format": form, "name": os.path.basename(path), "sha256": actual}


def load_model(path=None, sha256=None):
    """The reference model and its weights' identity."""
    if path:
        if not sha256:
            raise WeightsError(f"{path}: give its sha256 too (WEIGHTS_SHA256=...), so the build is pinned")
        return checkpoint_model(path, sha256)
    return synthetic_model()
