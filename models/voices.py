"""Voice packs: a user's folder of Kokoro .pt packs, or one synthetic voice, as plain float32.

In:  a folder of `<name>.pt` files, each a PyTorch tensor of shape
     [510, 1, 256] (Kokoro's packs: one style vector per token count), or
     nothing (one synthetic voice from a fixed seed).
Out: write_voices(out_dir, folder) writes `voices/<name>.f32` (raw
     little-endian float32 [510, 256], row i for i + 1 tokens) and returns
     the manifest's "voices" entry: per name its file, shape, sha256 and
     where it came from ({"kind": "synthetic", "seed"} or {"kind": "file",
     "name", "sha256"}). A pack that is not a tensor of that shape is refused
     with VoiceError naming the file.
"""

import hashlib
import os
import re

import numpy as np
import torch

from .weights import file_sha256, load_refusal

ROWS, STYLE = 510, 256
SYNTHETIC_SEED = 20250102
SYNTHETIC_NAME = "synthetic"
SYNTHETIC_SCALE = 0.2    # about the spread of Kokoro's published packs' values


class VoiceError(Exception):
    """A voice pack cannot be used; the message names it and the problem."""


def read_pack(path):
    """A .pt pack as float32 [510, 256]."""
    try:
        pack = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # torch raises many kinds for files that are not tensors
        raise VoiceError(load_refusal(path, e, "Kokoro voice pack (.pt)")) from None
    if not isinstance(pack, torch.Tensor) or not pack.is_floating_point():
        raise VoiceError(f"{path}: not a voice pack: expected a float tensor, found {type(pack).__name__}")
    if tuple(pack.shape) not in ((ROWS, 1, STYLE), (ROWS, STYLE)):
        raise VoiceError(f"{path}: voice pack of shape {list(pack.shape)}, expected [{ROWS}, 1, {STYLE}]")
    return pack.reshape(ROWS, STYLE).to(torch.float32).numpy()


def synthetic_pack():
    generator = torch.Generator().manual_seed(SYNTHETIC_SEED)
    return (torch.randn(ROWS, STYLE, generator=generator) * SYNTHETIC_SCALE).numpy()


def _packs(folder):
    """(name, float32 [510, 256], source identity) for each pack, sorted by name."""
    if not folder:
        yield SYNTHETIC_NAME, synthetic_pack(), {"kind": "synthetic", "seed": SYNTHETIC_SEED}
        return
    if not os.path.isdir(folder):
        raise VoiceError(f"{folder}: no such folder of voice packs")
    names = sorted(f for f in os.listdir(folder) if f.endswith(".pt"))
    if not names:
        raise VoiceError(f"{folder}: no .pt voice packs in it")
    for file in names:
        name = file[:-3]
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise VoiceError(f"{os.path.join(folder, file)}: a voice name may hold letters, digits, '_', '.', '-'")
        path = os.path.join(folder, file)
        yield name, read_pack(path), {"kind": "file", "name": file, "sha256": file_sha256(path)}


def write_voices(out_dir, folder=None):
    """Writes out_dir/voices/*.f32; returns the manifest entry."""
    entries, packs = {}, list(_packs(folder))  # every pack checked before anything is written
    os.makedirs(os.path.join(out_dir, "voices"), exist_ok=True)
    for name, pack, source in packs:
        data = np.ascontiguousarray(pack, dtype="<f4").tobytes()
        relative = f"voices/{name}.f32"
        with open(os.path.join(out_dir, relative), "wb") as f:
            f.write(data)
        entries[name] = {"file": relative, "shape": [ROWS, STYLE], "dtype": "float32",
                         "sha256": hashlib.sha256(data).hexdigest(), "source": source}
    return entries
