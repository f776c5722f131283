"""Write a bundle's kokoro.weights with PyTorch alone, from its manifest.

    python -m models.weights_file MANIFEST OUT [--weights PATH --weights-sha256 HEX [--manifest-out PATH]]

In:  a built manifest.json (its weights index gives, for every stored weight, the
     offset, shape, dtype and `source`: the reference model's parameter it is), and
     the checkpoint: the manifest's own (the seeded synthetic weights, or a .pth whose
     sha256 is given) or, with --weights, another checkpoint of the same shapes.
Out: OUT, byte for byte the file the build wrote when the checkpoint is the build's
     (checked against the manifest's sha256; a mismatch removes OUT and exits 1);
     for another checkpoint, OUT and, with --manifest-out, a copy of the manifest
     naming the new weights (identity, sha256, size), so a bundle can take a new
     checkpoint without compiling anything.
Needs torch, numpy and the kokoro package (what models/weights.py loads), no TVM:
it runs where the compiler does not, such as a GPU machine that receives the
compiled library but not 312 MiB of weights. Exit status 2 names a refused input.
to_float16(manifest, path) rewrites a written file with float16 weights (the bundle's
--weights-dtype float16; numpy alone). halved(shape) says which weights a float16 file holds
as float16; read(raw, entry) one weight of a file as the library's functions take it
(param_dtype: float16 where the library was compiled with WEIGHTS_DTYPE=float16).
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np

from . import weights as kweights


class WeightsFileError(Exception):
    """The manifest and the checkpoint do not make a weights file; the message says why."""


def _weight_norm(g, v):
    """weight_norm's weight (dimension 0), computed as its hook computes it: byte for byte the build's."""
    import torch
    return torch._weight_norm(torch.from_numpy(v), torch.from_numpy(g), 0).numpy()


OPERATIONS = {"copy": lambda a: a, "transpose": lambda a: a.T, "sum": lambda a, b: a + b,
              "weight_norm": _weight_norm}


def _value(params, name, source):
    """One stored weight from the model's parameters, as its manifest source says."""
    if isinstance(source, str) and source in params:
        return params[source]
    if isinstance(source, dict) and source.get("op") in OPERATIONS and \
            all(isinstance(n, str) and n in params for n in source.get("of", [None])):
        return OPERATIONS[source["op"]](*[params[n] for n in source["of"]])
    raise WeightsFileError(f"weights.index.{name}.source: {source!r} names no parameter of the model "
                           f"(a manifest from before weight sources were recorded: rebuild it)")


def write(manifest, model, out_path):
    """Write the weights of `model` in the manifest's layout; returns (sha256, size)."""
    index = manifest["weights"]["index"]
    params = {name: p.detach().cpu().numpy() for name, p in model.named_parameters()}
    digest, offset = hashlib.sha256(), 0
    partial = out_path + ".part"
    try:
        with open(partial, "wb") as f:
            for name, entry in sorted(index.items(), key=lambda item: item[1]["offset"]):
                with np.errstate(over="ignore"):
                    value = np.ascontiguousarray(_value(params, name, entry.get("source")),
                                                 dtype=np.dtype(entry["dtype"]).newbyteorder("<"))
                if value.dtype == np.float16 and not np.isfinite(value).all():
                    raise WeightsFileError(f"weights.index.{name}: a value past float16's range: a library of "
                                           f"float32 weights takes this checkpoint")
                if list(value.shape) != list(entry["shape"]):
                    raise WeightsFileError(f"weights.index.{name}: shape {entry['shape']}, the checkpoint's "
                                           f"{entry.get('source')} is {list(value.shape)}: a checkpoint of another model")
                for chunk in (b"\0" * (entry["offset"] - offset), value.tobytes()):
                    f.write(chunk)
                    digest.update(chunk)
                offset = entry["offset"] + value.nbytes
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    os.replace(partial, out_path)
    return digest.hexdigest(), offset


# Weights of fewer values stay float32 in a float16 file: the biases, norm scales, Snake
# alphas and the F0 and energy projections, 0.65 MiB of Kokoro's 312 that hold most of what
# float16 would change in the audio (benchmarks/float16_weights-2026-12-07.md).
FLOAT16_FROM = 4096


def halved(shape):
    """Whether a float16 weights file holds a weight of this shape as float16."""
    return int(np.prod(shape, dtype=np.int64)) >= FLOAT16_FROM


def param_dtype(entry):
    """The type the library's functions take a weight in (float32 unless compiled with
    WEIGHTS_DTYPE=float16; a float16 weight of a float32 library is widened as it loads)."""
    return entry.get("param_dtype", "float32")


def read(raw, entry):
    """One weight of a weights file's bytes (raw: a uint8 array or memmap) as the library's
    functions take it: its stored type, widened to float32 where the library takes float32."""
    stored = np.frombuffer(raw[entry["offset"]:entry["offset"] + entry["nbytes"]],
                           dtype=np.dtype(entry["dtype"]).newbyteorder("<")).reshape(entry["shape"])
    return stored.astype(param_dtype(entry))


def to_float16(manifest, path):
    """Rewrites the float32 weights file at `path` (the manifest's layout) with every weight of
    FLOAT16_FROM values or more rounded to float16 (to nearest), the rest as they are, in the
    same order at weights.ALIGNMENT, and updates the manifest's weights (each index entry's dtype,
    offset and nbytes; size; sha256). A weight past float16's range (65504) is refused by name:
    it would become infinite. Returns (sha256, size)."""
    index = manifest["weights"]["index"]
    if any(entry["dtype"] != "float32" for entry in index.values()):
        raise WeightsFileError(f"{path}: not a float32 weights file (its manifest's index holds "
                               f"{sorted({entry['dtype'] for entry in index.values()})})")
    written, digest, offset = {}, hashlib.sha256(), 0
    partial = path + ".half.part"
    try:
        with open(path, "rb") as source, open(partial, "wb") as f:
            for name, entry in sorted(index.items(), key=lambda item: item[1]["offset"]):
                source.seek(entry["offset"])
                value = np.frombuffer(source.read(entry["nbytes"]), dtype="<f4")
                if halved(entry["shape"]):
                    with np.errstate(over="ignore"):
                        value = value.astype("<f2")
                    if not np.isfinite(value).all():
                        raise WeightsFileError(f"weights.index.{name}: a value past float16's range (65504): keep "
                                               f"this checkpoint in float32")
                padding = (-offset) % kweights.ALIGNMENT
                for chunk in (b"\0" * padding, value.tobytes()):
                    f.write(chunk)
                    digest.update(chunk)
                written[name] = {**entry, "offset": offset + padding, "nbytes": value.nbytes,
                                 "dtype": "float16" if value.dtype == np.float16 else "float32"}
                offset += padding + value.nbytes
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    os.replace(partial, path)
    manifest["weights"].update(index=written, sha256=digest.hexdigest(), size=offset)
    return digest.hexdigest(), offset


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m models.weights_file", description=__doc__.split("\n")[0])
    parser.add_argument("manifest", help="the bundle's manifest.json")
    parser.add_argument("out", help="the kokoro.weights to write")
    parser.add_argument("--weights", help="another checkpoint (.pth) of the same shapes")
    parser.add_argument("--weights-sha256", help="the sha256 the checkpoint must have")
    parser.add_argument("--manifest-out", help="with --weights: where to write the manifest naming them")
    args = parser.parse_args(argv)
    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)
    identity = manifest["weights"]["identity"]
    try:
        if args.weights:
            model, new_identity = kweights.load_model(args.weights, args.weights_sha256)
        elif identity.get("kind") == "synthetic":
            if identity.get("seed") != kweights.SYNTHETIC_SEED:
                raise WeightsFileError(f"{args.manifest}: synthetic weights of seed {identity.get('seed')}, "
                                       f"this checkout makes seed {kweights.SYNTHETIC_SEED}")
            model, new_identity = kweights.synthetic_model()
        else:
            raise WeightsFileError(f"{args.manifest}: built from a checkpoint ({identity}): give it with "
                                   f"--weights PATH --weights-sha256 HEX")
        sha256, size = write(manifest, model, args.out)
    except (WeightsFileError, kweights.WeightsError) as e:
        print(f"models.weights_file: {e}", file=sys.stderr)
        return 2
    expected = manifest["weights"]
    if new_identity == identity:
        if (sha256, size) != (expected["sha256"], expected["size"]):
            os.unlink(args.out)
            print(f"models.weights_file: the weights written from {identity} are not the build's "
                  f"(sha256 {sha256[:16]}..., {size} bytes; the manifest says {expected['sha256'][:16]}..., "
                  f"{expected['size']} bytes): this PyTorch computes the checkpoint differently", file=sys.stderr)
            return 1
        print(f"models.weights_file: {args.out}: {size} bytes, sha256 {sha256}, as the manifest records")
        return 0
    if args.manifest_out:
        manifest["weights"].update(identity=new_identity, sha256=sha256, size=size)
        with open(args.manifest_out, "w", encoding="utf-8") as f:
            json.dump(manifest, f, sort_keys=True, indent=1, ensure_ascii=False)
            f.write("\n")
    print(f"models.weights_file: {args.out}: {size} bytes, sha256 {sha256}, from {new_identity}"
          + (f"; manifest: {args.manifest_out}" if args.manifest_out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
