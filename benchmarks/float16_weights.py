#!/usr/bin/env python3
"""Weights stored as float16 (WEIGHTS_DTYPE=float16) against float32: bundle size, peak memory, audio.

    python3 benchmarks/float16_weights.py [--models DIR] [--tool PATH] [--halved TOOL:MODELS] [--voice V]
                                          [--only NAME ...] [--json FILE]

In:  a models bundle with float32 weights (default dist/host/models) and its tool (default
     dist/host/bin/kokoro-tvm).
Out: a float16 bundle made from it in a temporary folder (`python -m models.bundle --library DIR
     --weights-dtype float16`: the same library, the weights rounded to nearest), then printed:
     the bundle's bytes (the folder, the weights file, and the folder without kokoro.a, which an
     app links into its binary) of each, the seconds the conversion took, and per utterance of
     benchmarks/tool_memory.py (short text to 5,000 phonemes), each bundle's peak resident memory
     and wall time (one process per run), whether the durations are equal, and the float16
     bundle's samples against the float32 bundle's: the SNR in dB (where the durations are equal;
     seeded noise, so the rest is the weights' rounding) and the log10-mel distance
     (benchmarks/onnx_weights_check.py's), each beside what another noise seed does to the
     float32 bundle's audio (seed 1 against seed 0): a yardstick of differences that are not errors.
     With --halved, also the tool and bundle of a WEIGHTS_DTYPE=float16 build (the same weights;
     its functions take them as float16 and hold them so): its bundle's bytes, and per utterance
     its peak memory, time and chunks and the largest difference of its samples from the float16
     bundle's (the float32 functions on the same rounded weights: 0 where both compute alike;
     its functions' memory plans hold the weights' float32 copies, so under the same --memory
     bound a long text may take smaller chunks, and then other durations).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "benchmarks")]   # the models package before benchmarks/models.py
from models.weights_file import param_dtype  # noqa: E402
from onnx_weights_check import mel_distance  # noqa: E402
from real_model import snr_db  # noqa: E402
from tool_memory import TEXTS, peak_rss_mib  # noqa: E402


def folder_bytes(folder, leave_out=()):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files
               if f not in leave_out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=os.path.join(ROOT, "dist", "host", "models"))
    parser.add_argument("--tool", default=os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm"))
    parser.add_argument("--halved", metavar="TOOL:MODELS",
                        help="the tool and bundle of a WEIGHTS_DTYPE=float16 build, measured beside the others")
    parser.add_argument("--voice", help="the voice (default: the bundle's first)")
    parser.add_argument("--only", action="append", help="only these utterances (by name)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    with open(os.path.join(args.models, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if any(entry["dtype"] != "float32" for entry in manifest["weights"]["index"].values()):
        sys.exit(f"float16_weights: {args.models} does not hold float32 weights: give a float32 bundle")
    halved_tool, _, halved_models = (args.halved or "").partition(":")
    if args.halved:
        with open(os.path.join(halved_models, "manifest.json"), encoding="utf-8") as f:
            taken = {param_dtype(e) for e in json.load(f)["weights"]["index"].values()}
        if "float16" not in taken or not os.access(halved_tool, os.X_OK):
            sys.exit(f"float16_weights: --halved {args.halved}: give the tool and bundle of a WEIGHTS_DTYPE=float16 "
                     f"build (dist/host/bin/kokoro-tvm:dist/host/models after ./scons host WEIGHTS_DTYPE=float16)")
    voice = args.voice or sorted(manifest["voices"])[0]
    figures = {"voice": voice, "weights": manifest["weights"]["identity"], "bundles": {}, "results": []}
    with tempfile.TemporaryDirectory() as work:
        half = os.path.join(work, "models")
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "models.bundle", "--library", args.models, "--out", half,
                        "--weights-dtype", "float16"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        converted = time.monotonic() - started
        bundles = {"float32": args.models, "float16": half, **({"float16 library": halved_models} if args.halved else {})}
        for label, folder in bundles.items():
            sizes = {"folder": folder_bytes(folder), "weights": os.path.getsize(os.path.join(folder, "kokoro.weights")),
                     "without_library": folder_bytes(folder, leave_out=("kokoro.a",))}
            figures["bundles"][label] = sizes
            print(f"{label}: bundle {sizes['folder'] / 2**20:.1f} MiB (weights {sizes['weights'] / 2**20:.1f} MiB, "
                  f"without kokoro.a {sizes['without_library'] / 2**20:.1f} MiB)")
        print(f"float16 bundle made in {converted:.1f} s")
        for name, phonemes, speed in TEXTS:
            if args.only and name not in args.only:
                continue
            row = {"utterance": name, "phonemes": len(phonemes), "bundles": {}}
            audio = {}
            runs = [("float32", args.tool, args.models, 0), ("float16", args.tool, half, 0), ("seed 1", args.tool, args.models, 1)]
            if args.halved:
                runs.append(("float16 library", halved_tool, halved_models, 0))
            for label, tool, folder, seed in runs:
                samples = os.path.join(work, "samples.f32")
                run = peak_rss_mib(tool, folder, ["--samples", samples, "--seed", str(seed)], voice, phonemes,
                                   speed, False)
                audio[label] = (np.fromfile(samples, dtype="<f4"), run.pop("durations"))
                if label != "seed 1":
                    row["bundles"][label] = run
            reference, durations = audio["float32"]
            for label, key in (("float16", "float16"), ("seed 1", "seed")):
                same = audio[label][1] == durations
                row[f"{key}_durations_equal"] = same
                row[f"{key}_snr_db"] = snr_db(audio[label][0].astype(np.float64), reference.astype(np.float64)) if same else None
                row[f"{key}_mel"] = mel_distance(reference, audio[label][0])
            if args.halved:
                same = audio["float16 library"][1] == audio["float16"][1]
                row["library_durations_equal"] = same
                row["library_max_difference"] = float(np.abs(audio["float16 library"][0] - audio["float16"][0]).max()) \
                    if same and audio["float16 library"][0].size == audio["float16"][0].size else None
            figures["results"].append(row)
            cells = [f"{name:>15} {len(phonemes):>5} ph {row['bundles']['float32']['audio_s']:6.1f} s audio"]
            for label, r in row["bundles"].items():
                cells.append(f"{label}: RSS {r['rss_mib']:5.0f} MiB, {r['wall_s']:5.1f} s, {r['chunks']} chunk(s)")
            for label, key in (("float16", "float16"), ("another seed", "seed")):
                snr = row[f"{key}_snr_db"]
                cells.append(f"{label}: {'SNR %.1f dB' % snr if snr is not None else 'durations differ'}, "
                             f"mel {row[f'{key}_mel']:.4f}")
            if args.halved:
                difference = row["library_max_difference"]
                cells.append("float16 library against float16: " + (
                    "durations differ (other chunks)" if difference is None else f"largest difference {difference:.2e}"))
            print(" | ".join(cells), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    main()
