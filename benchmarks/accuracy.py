"""Accuracy against float64: every implementation of Kokoro beside a float64 run of the same model.

    third_party/python-env/bin/python benchmarks/accuracy.py [--tool PATH --models DIR]...
        [--weights real|synthetic ...] [--checkpoint FILE --checkpoint-sha256 HEX] [--voices FILE]
        [--voice NAME ...] [--utterance N ...] [--device cpu|cuda] [--stages] [--json FILE]

In:  the lock's pinned checkpoint and voices (build/model/, as `./scons` fetches them) and the
     seeded synthetic weights and voice; tools with the models bundle each runs (default the
     host profile's dist/host/bin/kokoro-tvm on dist/host/models for the real weights and on
     build/host/synthetic/models for the synthetic ones; the cuda profile's tool runs on an
     NVIDIA GPU the same way: --tool dist/cuda/bin/kokoro-tvm --models ...).
Out: per weights, utterance (three, as benchmarks/real_model.py) and voice (jf_alpha and
     jm_kumo; "synthetic" for the synthetic weights, at speed 4): the SNR in dB and the largest error
     relative to the output's scale of each implementation against the float64 run:
     - "torch f32": KModel.forward_with_tokens in float32 as Kokoro ships it (its own phases),
       on the CPU and, with --device cuda, on the GPU (as PyTorch ships, cuDNN's convolutions in
       TF32; "no-tf32": with torch.backends.cudnn.allow_tf32 off);
     - "torch exact": the same with the harmonic source's phases computed exactly
       (models/sine_source.py), the reference the tests compare the build with;
     - each tool (one piece, --first-chunk 0).
     Every run has the same weights, voice row, noise (seeded, models/noise.py) and STFT analysis
     (models/testing/reference.py); the float64 run is KModel's own code with the default dtype float64.
     Frames that differ from the float64 run's are reported and leave the row without figures.
     --stages adds, for the first utterance, what each stage's float32 rounding costs: the float32
     run given float64's F0 and energy curves (what F0's rounding costs once its phase is exact).
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:1] = [ROOT, os.path.join(ROOT, "site_scons"), HERE]   # models/ before benchmarks/models.py

from real_model import UTTERANCES, snr_db  # noqa: E402

REAL_VOICES = ["jf_alpha", "jm_kumo"]
SYNTHETIC_SPEED = 4.0


def figures(audio, reference):
    """(SNR dB, max error / scale) of audio against reference, or None when the lengths differ."""
    audio, reference = np.asarray(audio).reshape(-1), np.asarray(reference).reshape(-1)
    if audio.shape != reference.shape:
        return None
    return snr_db(audio, reference), float(np.abs(audio - reference).max() / np.abs(reference).max())


def run_tool(tool, models, phonemes, voice, speed, seed):
    """The tool's audio of one piece (float32 samples) and its frame count."""
    with tempfile.TemporaryDirectory() as tmp:
        samples, figures = os.path.join(tmp, "out.f32"), os.path.join(tmp, "figures.json")
        run = subprocess.run([tool, "--models", models, "--phonemes", phonemes, "--voice", voice,
                              "--out", os.path.join(tmp, "out.wav"), "--samples", samples, "--speed", str(speed),
                              "--seed", str(seed), "--first-chunk", "0", "--json", figures], capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"{tool} failed: {run.stderr}")
        with open(figures, encoding="utf-8") as f:
            frames = json.load(f)["frames"]   # the tool's --json (format 1)
        return np.fromfile(samples, dtype="<f4"), frames


class F0Swap:
    """Within: a model's F0Ntrain returns `curves` (F0, N from another run) in its own dtype, and
    `seen` keeps the curves it computed."""

    def __init__(self, model, curves=None):
        self.model, self.curves, self.seen = model, curves, None

    def __enter__(self):
        predictor = self.model.predictor
        real = self.real = predictor.F0Ntrain

        def f0n(en, s):
            f0, n = real(en, s)
            self.seen = (f0.detach().cpu().double(), n.detach().cpu().double())
            if self.curves is not None:
                f0, n = (c.to(f0.device, f0.dtype) for c in self.curves)
            return f0, n
        predictor.F0Ntrain = f0n
        return self

    def __exit__(self, *exc):
        self.model.predictor.__dict__.pop("F0Ntrain", None)


@contextlib.contextmanager
def cudnn_tf32(allowed):
    """cuDNN's TF32 convolutions allowed or not (None: leave PyTorch's setting, True by default)."""
    import torch
    before = torch.backends.cudnn.allow_tf32
    if allowed is not None:
        torch.backends.cudnn.allow_tf32 = allowed
    try:
        yield
    finally:
        torch.backends.cudnn.allow_tf32 = before


def pinned(key):
    """The lock's pinned (path, sha256) of "weights" or "voices" (the build's modules: SCons)."""
    from kokoro_build import lock, pinned_model
    found = pinned_model.paths(ROOT, lock.load(os.path.join(ROOT, "third_party", "lock.toml")))[key]
    return found if key == "weights" else found[0]


def load_models(kind, device, checkpoint):
    """(float32 model on the CPU, float32 model on `device` or None, float64 model on `device`)."""
    import torch
    from models import weights
    from models.testing import reference
    if kind == "real":
        path, sha256 = checkpoint
        load = lambda: weights.load_model(path, sha256)[0]   # noqa: E731
    else:
        load = lambda: weights.synthetic_model()[0]   # noqa: E731
    on_device = load().to(device) if device != "cpu" else None
    return load(), on_device, reference.in_float64(load()).to(torch.device(device))


def voice_rows(kind, names, path):
    from models import voices
    if kind == "synthetic":
        return {"synthetic": voices.synthetic_pack()}
    packs = voices.read_archive(path)
    return {name: packs[name] for name in names}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", action="append", help="a kokoro-tvm tool (repeatable, with one --models each)")
    parser.add_argument("--models", action="append", help="the models bundle of the matching --tool "
                        "(for --weights synthetic: its synthetic bundle)")
    parser.add_argument("--weights", action="append", choices=["real", "synthetic"],
                        help="weights to measure (repeatable; default both)")
    parser.add_argument("--checkpoint", help="the real weights' file (default: the lock's pinned one)")
    parser.add_argument("--checkpoint-sha256")
    parser.add_argument("--voices", help="the real voices' file (default: the lock's pinned one)")
    parser.add_argument("--voice", action="append", help="a voice of the real weights (default jf_alpha, jm_kumo)")
    parser.add_argument("--utterance", type=int, action="append", choices=range(len(UTTERANCES)))
    parser.add_argument("--device", default="cpu", help="where PyTorch also runs float32, and float64 runs: "
                        "cpu (default) or cuda")
    parser.add_argument("--stages", action="store_true", help="also what F0's float32 rounding costs")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)
    if len(args.tool or []) != len(args.models or []):
        parser.error("give one --models per --tool")

    import torch
    from models import weights
    from models.testing import reference
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    kinds = args.weights or ["real", "synthetic"]
    if "real" in kinds:
        checkpoint = (args.checkpoint, args.checkpoint_sha256) if args.checkpoint else pinned("weights")
        voices_path = args.voices or pinned("voices")
    vocab = weights.load_config()["vocab"]
    rows = []
    for kind in kinds:
        if args.tool:
            tools = list(zip(args.tool, args.models))
        else:
            bundle = os.path.join(ROOT, "dist", "host", "models") if kind == "real" else \
                os.path.join(ROOT, "build", "host", "synthetic", "models")
            tools = [(os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm"), bundle)]
        model, on_device, model64 = load_models(kind, args.device, checkpoint if kind == "real" else None)
        runs = [("torch f32 cpu", model, True, None), ("torch exact cpu", model, False, None)]
        if on_device is not None:   # as PyTorch ships, cuDNN convolves in TF32; then with TF32 off
            runs += [(f"torch f32 {args.device}", on_device, True, True),
                     (f"torch exact {args.device}", on_device, False, True),
                     (f"torch f32 {args.device} no-tf32", on_device, True, False),
                     (f"torch exact {args.device} no-tf32", on_device, False, False)]
        names = [label for label, _, _, _ in runs] + [f"tool {os.path.relpath(t, ROOT)}" for t, _ in tools]
        print(f"\n{kind} weights: SNR dB / max err/scale against float64 (PyTorch, {args.device})")
        print(f"{'utt':>3} {'voice':>9} {'frames':>6} " + " ".join(f"{n:>24}" for n in names))
        packs = voice_rows(kind, args.voice or REAL_VOICES, voices_path if kind == "real" else None)
        for index, (phonemes, speed, seed) in enumerate(UTTERANCES):
            if args.utterance and index not in args.utterance:
                continue
            if kind == "synthetic":   # its random durations are long: at speed 1 they pass the largest bucket
                speed = SYNTHETIC_SPEED
            ids = reference.token_ids(phonemes, vocab)
            for voice, pack in packs.items():
                ref_s = pack[len(phonemes) - 1][None]
                started = time.perf_counter()
                expected, durations = reference.run_pytorch(model64, ids, ref_s, speed, seed)
                row = {"weights": kind, "utterance": index, "voice": voice, "frames": int(durations.sum()),
                       "seconds_float64": time.perf_counter() - started, "runs": {}}
                for label, m, kokoro_phase, tf32 in runs:
                    with cudnn_tf32(tf32):
                        audio, d = reference.run_pytorch(m, ids, ref_s, speed, seed, kokoro_phase=kokoro_phase)
                    row["runs"][label] = {"frames": int(d.sum()), "figures": figures(audio, expected)}
                for (tool, models), label in zip(tools, names[len(runs):]):
                    audio, frames = run_tool(tool, models, phonemes, voice, speed, seed)
                    row["runs"][label] = {"frames": frames, "figures": figures(audio, expected)}
                cells = []
                for label in names:
                    run = row["runs"][label]
                    cells.append(f"{run['figures'][0]:.1f} / {run['figures'][1]:.2e}" if run["figures"]
                                 else f"{run['frames']} frames")
                print(f"{index:>3} {voice:>9} {row['frames']:>6} " + " ".join(f"{c:>24}" for c in cells), flush=True)
                if args.stages and index == (args.utterance or [0])[0]:
                    with F0Swap(model64) as own:
                        reference.run_pytorch(model64, ids, ref_s, speed, seed)
                    stages = {}
                    for label, kokoro_phase in (("kokoro phase", True), ("exact phase", False)):
                        with F0Swap(model, own.seen) as swapped:
                            audio, _ = reference.run_pytorch(model, ids, ref_s, speed, seed, kokoro_phase=kokoro_phase)
                        stages[f"torch f32 cpu, {label}, float64's F0 and N"] = figures(audio, expected)
                    f0_32 = swapped.seen[0]
                    stages["F0 max err/scale (float32 run)"] = float((f0_32 - own.seen[0]).abs().max()
                                                                     / own.seen[0].abs().max())
                    row["stages"] = stages
                    for name, value in stages.items():
                        print(f"      {name}: " + (f"{value[0]:.1f} dB / {value[1]:.2e}" if isinstance(value, tuple)
                                                    else f"{value:.2e}"))
                rows.append(row)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"device": args.device, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
