"""Kokoro weights: a user's kokoro-v1_0.pth, checked, or synthetic ones.

In:  models/kokoro_config.json and either nothing (synthetic weights) or a
     checkpoint path with the sha256 it must have.
Out: load_model() returns the reference kokoro.model.KModel in eval mode
     and an identity dict for the manifest: {"kind": "synthetic", "seed"}
     or {"kind": "file", "name", "sha256"}.

Synthetic weights are the model's own initialisation drawn from a fixed
seed: the real shapes, the same numbers on every machine with the pinned
PyTorch, and no download. A checkpoint is refused, naming the file, when its
sha256 differs, when it is not a PyTorch checkpoint, or when any tensor is
missing, extra or of another shape.
"""

import hashlib
import json
import os
import tempfile

import torch

from . import kokoro_modules

CONFIG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kokoro_config.json")
SYNTHETIC_SEED = 20250101
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


def _check_shapes(path, model, checkpoint):
    for part in PARTS:
        expected = {k: tuple(v.shape) for k, v in getattr(model, part).state_dict().items()}
        given = {k[7:] if k.startswith("module.") else k: tuple(v.shape) for k, v in checkpoint[part].items()}
        missing, extra = sorted(set(expected) - set(given)), sorted(set(given) - set(expected))
        if missing or extra:
            raise WeightsError(f"{path}: part '{part}' does not fit the model: missing {missing[:5]}, "
                               f"unexpected {extra[:5]}")
        for key, shape in expected.items():
            if given[key] != shape:
                raise WeightsError(f"{path}: {part}.{key} has shape {list(given[key])}, the model needs {list(shape)}")


def checkpoint_model(path, sha256, config=None):
    if not os.path.isfile(path):
        raise WeightsError(f"{path}: no such file")
    actual = file_sha256(path)
    if actual != sha256:
        raise WeightsError(f"{path}: sha256 is {actual}, expected {sha256}")
    checkpoint = _read_checkpoint(path)
    model = _empty_model(config or load_config())
    _check_shapes(path, model, checkpoint)
    for part in PARTS:
        state = {k[7:] if k.startswith("module.") else k: v for k, v in checkpoint[part].items()}
        getattr(model, part).load_state_dict(state, strict=True)
    return model.eval(), {"kind": "file", "name": os.path.basename(path), "sha256": actual}


def load_model(path=None, sha256=None):
    """The reference model and its weights' identity."""
    if path:
        if not sha256:
            raise WeightsError(f"{path}: give its sha256 too (WEIGHTS_SHA256=...), so the build is pinned")
        return checkpoint_model(path, sha256)
    return synthetic_model()
