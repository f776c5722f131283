"""Voice packs: a user's Kokoro voices, or one synthetic voice, as plain float32.

In:  a folder of `<name>.pt` files, each a PyTorch tensor of shape
     [510, 1, 256] (Kokoro's packs: one style vector per token count), and/or
     `<name>.f32` files (raw little-endian float32 [510, 256]); or one
     kokoro-onnx voices file (`voices-v1.0.bin`, or any `.npz`: a NumPy
     archive of such arrays by name, read without unpickling anything); or
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
PACKS = (".pt", ".f32")                 # files of one voice each, in a folder
ARCHIVES = (".bin", ".npz")             # kokoro-onnx's voices files: many voices by name


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


def _checked(path, name, array):
    array = np.asarray(array)
    if array.dtype.kind != "f":
        raise VoiceError(f"{path}: voice '{name}' is {array.dtype}, expected floats")
    if tuple(array.shape) not in ((ROWS, 1, STYLE), (ROWS, STYLE)):
        raise VoiceError(f"{path}: voice '{name}' of shape {list(array.shape)}, expected [{ROWS}, 1, {STYLE}]")
    array = array.reshape(ROWS, STYLE).astype(np.float32)
    if not np.isfinite(array).all():
        raise VoiceError(f"{path}: voice '{name}' holds values that are not finite numbers")
    return array


def read_archive(path):
    """{name: float32 [510, 256]} of a kokoro-onnx voices file (.bin or .npz)."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: _checked(path, name, archive[name]) for name in sorted(archive.files)}
    except VoiceError:
        raise
    except Exception as e:  # numpy raises many kinds for files that are not archives
        raise VoiceError(f"{path}: not a NumPy archive of voices (kokoro-onnx's voices-*.bin or .npz): "
                         f"{type(e).__name__}: {str(e)[:200]}") from None


def read_f32(path):
    size = os.path.getsize(path)
    if size != ROWS * STYLE * 4:
        raise VoiceError(f"{path}: {size} bytes, a .f32 voice is {ROWS * STYLE * 4} (float32 [{ROWS}, {STYLE}])")
    return _checked(path, os.path.basename(path)[:-4], np.fromfile(path, dtype="<f4").reshape(ROWS, STYLE))


def synthetic_pack():
    generator = torch.Generator().manual_seed(SYNTHETIC_SEED)
    return (torch.randn(ROWS, STYLE, generator=generator) * SYNTHETIC_SCALE).numpy()


def _packs(folder):
    """(name, float32 [510, 256], source identity) for each pack, sorted by name."""
    if not folder:
        yield SYNTHETIC_NAME, synthetic_pack(), {"kind": "synthetic", "seed": SYNTHETIC_SEED}
        return
    if os.path.isfile(folder) and folder.endswith(ARCHIVES):
        source = {"kind": "file", "name": os.path.basename(folder), "sha256": file_sha256(folder)}
        for name, pack in read_archive(folder).items():
            yield _named(folder, name), pack, source
        return
    if not os.path.isdir(folder):
        raise VoiceError(f"{folder}: neither a folder of voice packs nor a voices file ({', '.join(ARCHIVES)})")
    files = sorted(f for f in os.listdir(folder) if f.endswith(PACKS))
    if not files:
        raise VoiceError(f"{folder}: no voice packs in it ({', '.join(PACKS)})")
    seen = {}
    for file in files:
        path = os.path.join(folder, file)
        name = _named(path, file.rsplit(".", 1)[0])
        if name in seen:
            raise VoiceError(f"{path}: voice '{name}' is also {seen[name]}: keep one of them")
        seen[name] = file
        pack = read_pack(path) if file.endswith(".pt") else read_f32(path)
        yield name, pack, {"kind": "file", "name": file, "sha256": file_sha256(path)}


def _named(path, name):
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", name):
        raise VoiceError(f"{path}: voice name {name!r}: a voice name may hold letters, digits, '_', '.', '-'")
    return name



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
