"""A models folder for the build's library with the chosen weights and voices, compiling nothing.

    python -m models.bundle --library DIR --out DIR [--weights PATH --weights-sha256 HEX] [--voices PATH]
                            [--lexicon-data DIR] [--weights-dtype float32|float16]

In:  a compiled models folder (`--library`: the build's synthetic bundle, which models.compile
     writes: kokoro.a, its manifest, the seeded synthetic weights and voice), and the weights
     and voices to ship: a checkpoint models/weights.py takes (hexgrad's .pth or a
     kokoro-onnx export) with the sha256 it must have, or none (the synthetic weights); the
     voices models/voices.py takes (a folder of .pt/.f32 packs, a kokoro-onnx voices file), or
     none (the synthetic voice); misaki's lexicon folder for the G2P (--lexicon-data: misaki/data
     of the pinned misaki wheel), or none (the --library folder's lexicons, if it has any, else
     a bundle that speaks phonemes only); the type the
     weights are stored in (--weights-dtype: float32, the default, or float16: about half the
     bytes, each weight of 4,096 values or more rounded to nearest, the small ones kept,
     weights_file.to_float16). A library compiled with WEIGHTS_DTYPE=float16 takes those
     weights as float16 and holds them so in memory, and takes no float32 file; a library of
     float32 functions takes either, the tool widening a float16 file's weights as it loads them).
Out: in --out (created empty, written completely, or left without a manifest.json): kokoro.a
     (the library's bytes), kokoro.weights (every weight of the library's index, written from
     the checkpoint by models/weights_file.py: the layout and transforms the compile
     recorded), voices/*.f32, g2p/en-us.lexicon and g2p/en-gb.lexicon (models/lexicon.py: the
     G2P's lexicons, 6.5 and 6.9 MB) and manifest.json: the library's manifest with the weights'
     identity, sha256 and size and the voices replaced, and each lexicon's file, size and
     sha256 (lexicon.en-us, lexicon.en-gb). The library does not depend on the
     weights' values (every weight is a parameter of the compiled functions), so a new
     checkpoint or voice is a new bundle in seconds, and the tool and C library take it
     (they check the manifest's library.sha256 against the library they link).
Exit status 2 names a refused checkpoint or voice pack.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys

from . import lexicon, voices, weights as kweights, weights_file

LIBRARY = "kokoro.a"
WEIGHTS = "kokoro.weights"
MANIFEST = "manifest.json"
LEXICONS = {"en-us": ("us", "g2p/en-us.lexicon"), "en-gb": ("gb", "g2p/en-gb.lexicon")}


def make(library_dir, out_dir, weights_path=None, weights_sha256=None, voices_path=None, lexicon_data=None,
         weights_dtype="float32"):
    """Writes the bundle into out_dir (an empty or missing folder); returns its manifest."""
    with open(os.path.join(library_dir, MANIFEST), encoding="utf-8") as f:
        manifest = json.load(f)
    if weights_dtype not in ("float32", "float16"):
        raise weights_file.WeightsFileError(f"--weights-dtype {weights_dtype}: float32 or float16")
    taken = {weights_file.param_dtype(entry) for entry in manifest["weights"]["index"].values()}
    if weights_dtype == "float32" and "float16" in taken:
        raise weights_file.WeightsFileError(f"{library_dir}: its functions take float16 weights (compiled with "
                                            f"WEIGHTS_DTYPE=float16): give --weights-dtype float16, or build the "
                                            f"library with WEIGHTS_DTYPE=float32")
    os.makedirs(out_dir, exist_ok=True)
    voice_entries = voices.write_voices(out_dir, voices_path) if voices_path else None
    if weights_path:
        model, identity = kweights.load_model(weights_path, weights_sha256)
        sha256, size = weights_file.write(manifest, model, os.path.join(out_dir, WEIGHTS))
        manifest["weights"].update(identity=identity, sha256=sha256, size=size)
    else:
        shutil.copyfile(os.path.join(library_dir, WEIGHTS), os.path.join(out_dir, WEIGHTS))
    if weights_dtype == "float16" and "float16" not in taken:   # a float16 library's file is float16 already
        weights_file.to_float16(manifest, os.path.join(out_dir, WEIGHTS))
    if voice_entries is None:
        shutil.copytree(os.path.join(library_dir, "voices"), os.path.join(out_dir, "voices"))
    else:
        manifest["voices"] = voice_entries
    shutil.copyfile(os.path.join(library_dir, LIBRARY), os.path.join(out_dir, LIBRARY))
    if not lexicon_data:   # a bundle made from a bundle keeps its lexicons
        for language, entry in manifest.get("lexicon", {}).items():
            name = LEXICONS.get(language, ("", ""))[1]
            if entry.get("file") != name:
                raise lexicon.LexiconError(f"{library_dir}/{MANIFEST}: lexicon.{language}.file is "
                                           f"{entry.get('file')!r}, not a lexicon of this build ({name or 'none'})")
            os.makedirs(os.path.join(out_dir, os.path.dirname(name)), exist_ok=True)
            shutil.copyfile(os.path.join(library_dir, name), os.path.join(out_dir, name))
    else:
        manifest["lexicon"] = {}
        for language, (dialect, name) in LEXICONS.items():
            os.makedirs(os.path.join(out_dir, os.path.dirname(name)), exist_ok=True)
            data = lexicon.write(lexicon_data, dialect, os.path.join(out_dir, name))
            manifest["lexicon"][language] = {
                "file": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                "source": f"misaki 0.9.4 (Apache-2.0): {dialect}_gold.json, {dialect}_silver.json"}
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as f:   # last: the folder is whole
        json.dump(manifest, f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m models.bundle", description=__doc__.split("\n")[0])
    parser.add_argument("--library", required=True, help="the compiled models folder (the build's synthetic bundle)")
    parser.add_argument("--out", required=True, help="the folder to write the bundle into")
    parser.add_argument("--weights", help="a checkpoint: kokoro-v1_0.pth or a kokoro-onnx export (default: synthetic)")
    parser.add_argument("--weights-sha256", help="the sha256 the checkpoint must have")
    parser.add_argument("--voices", help="a folder of .pt/.f32 voice packs or a voices-*.bin/.npz (default: synthetic)")
    parser.add_argument("--lexicon-data", help="misaki's lexicon folder (misaki/data) for the G2P (default: the "
                        "library's lexicons, if any)")
    parser.add_argument("--weights-dtype", choices=("float32", "float16"), default="float32",
                        help="the type the weights are stored in (default float32; float16: about half the size)")
    args = parser.parse_args(argv)
    try:
        manifest = make(args.library, args.out, args.weights, args.weights_sha256, args.voices, args.lexicon_data,
                        args.weights_dtype)
    except (kweights.WeightsError, weights_file.WeightsFileError, voices.VoiceError, lexicon.LexiconError) as e:
        kind = {voices.VoiceError: "voice pack", lexicon.LexiconError: "lexicon"}.get(type(e), "weights")
        print(f"models.bundle: {kind} refused: {e}", file=sys.stderr)
        return 2
    identity = manifest["weights"]["identity"]
    print(f"models.bundle: {args.out}: weights {identity.get('name') or identity['kind']}, "
          f"voices {', '.join(sorted(manifest['voices']))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
