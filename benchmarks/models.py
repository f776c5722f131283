#!/usr/bin/env python3
"""Model compile and host inference, measured side by side in one run.

    third_party/python-env/bin/python benchmarks/models.py [--tokens 128] [--frames 512]

Prints, for each profile: compile wall time, peak memory of the compile
(child process), artifact sizes; then for this CPU: the whole chain
(phonemes to waveform, models/testing/reference.py) compiled and PyTorch eager
(forward_with_tokens) on the same input, as seconds of compute per second of
audio, and the time per call of each compiled function and of PyTorch eager
on the same inputs (synthetic weights, one bucket each), with the ratio
(above 1: the compiled one is slower).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "site_scons")]
from kokoro_build import cxx_toolchain, profiles, spec  # noqa: E402
# Both sides use every core: TVM's runtime otherwise counts physical cores only (1 of 2 here).
os.environ.setdefault("TVM_NUM_THREADS", str(os.cpu_count()))


def compile_profile(profile, tokens, frames, out):
    started = time.perf_counter()
    found = spec.profile_spec(profiles.PROFILES[profile], profiles.host_platform(), ROOT,
                              buckets={"tokens": (tokens,), "frames": (frames,)}, archiver=cxx_toolchain.pinned_zig())
    spec_path = spec.write(os.path.join(out, "..", f"{profile}.spec.json"), found)
    subprocess.run([sys.executable, "-m", "models.compile", "--spec", spec_path, "--out", out], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sizes = {}
    for folder, _, files in os.walk(out):
        for name in files:
            top = os.path.relpath(os.path.join(folder, name), out).split(os.sep)[0]
            sizes[top] = sizes.get(top, 0) + os.path.getsize(os.path.join(folder, name))
    sizes = dict(sorted(sizes.items()))
    return seconds, peak_mib, sizes


def best_of(function, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def inference(tokens, frames):
    import numpy as np
    import torch
    import tvm
    from tvm import relax

    from models import compile as kcompile, decoder, functions, relax_export, split, weights
    from models.testing import reference

    torch.set_num_threads(os.cpu_count())
    model, _ = weights.synthetic_model()
    module, values, signatures, _ = relax_export.build_module(
        model, weights.load_config(), kcompile.FUNCTIONS, {"tokens": [tokens], "frames": [frames]}, gpu=False)
    target = tvm.target.Target(profiles.PROFILES["host"].target(profiles.host_platform()))
    vm = relax.VirtualMachine(relax.build(module, target, relax_pipeline=kcompile.pipeline(target)), tvm.cpu())
    chain = whole_chain(reference.CompiledSplit(vm, values, signatures, {"tokens": [tokens], "frames": [frames]}),
                        model, tokens, frames)
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(1, 178, (1, tokens), generator=generator)
    length = torch.tensor([tokens], dtype=torch.int32)
    style = torch.randn(1, 128, generator=generator)
    en = torch.randn(1, 640, frames, generator=generator)
    nframes = torch.tensor([frames], dtype=torch.int32)
    asr, f0, energy = en[:, :512], torch.randn(1, 2 * frames, generator=generator) * 100 + 100, en[0, :2, :].reshape(1, -1)
    noise = decoder.noise_inputs(frames, 0)
    with torch.no_grad():
        d_en = split.Bert(model)(ids, length)
    inputs = {"bert": (ids, length), "duration": (d_en, style, length), "text_encoder": (ids, length),
              "f0n": (en, style, nframes), "decoder": (asr, f0, energy, style, nframes, noise)}
    eager = {  # the kokoro package's own layers, as forward_with_tokens runs them
        "bert": lambda: model.bert_encoder(model.bert(ids, attention_mask=torch.ones_like(ids))),
        "duration": lambda: model.predictor.lstm(model.predictor.text_encoder(
            d_en, style, torch.full((1,), tokens), torch.zeros(1, tokens, dtype=torch.bool))),
        "text_encoder": lambda: model.text_encoder(ids, torch.full((1,), tokens),
                                                   torch.zeros(1, tokens, dtype=torch.bool)),
        "f0n": lambda: model.predictor.F0Ntrain(en, style),
        "decoder": lambda: model.decoder(asr, f0, energy, style),
    }
    rows = []
    for name, args in inputs.items():
        bucket = frames if name in functions.FRAME_FUNCTIONS else tokens
        function = f"{name}_{bucket}"
        tensors = [tvm.runtime.tensor(np.ascontiguousarray(a.numpy())) for a in args]
        tensors += [tvm.runtime.tensor(values[w]) for w in signatures[function]]
        compiled = best_of(lambda: vm[function](*tensors), runs=2)  # the first call also allocates
        with torch.no_grad():
            reference = best_of(eager[name])
        rows.append((function, compiled, reference))
    return chain, rows


# A phoneme string and a speed whose frames fill most of the default frame bucket (synthetic weights
# predict about 24 frames per token).
UTTERANCE = ("ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ", 3.0)


def whole_chain(split_vm, model, tokens, frames):
    """(audio seconds, compiled seconds, eager seconds) for UTTERANCE, best of 3."""
    from models import weights
    from models.testing import reference
    import numpy as np
    phonemes, speed = UTTERANCE
    ids = reference.token_ids(phonemes, weights.load_config()["vocab"])
    ref_s = np.random.default_rng(0).standard_normal((1, 256)).astype(np.float32) * 0.2
    audio, durations = reference.run_compiled(split_vm, ids, ref_s, speed, seed=1)
    compiled = best_of(lambda: reference.run_compiled(split_vm, ids, ref_s, speed, seed=1))
    eager = best_of(lambda: reference.run_pytorch(model, ids, ref_s, speed, seed=1, own_stft=True, kokoro_phase=True))
    return len(audio) / 24000, compiled, eager


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--frames", type=int, default=512)
    args = parser.parse_args()
    print(f"models: token bucket {args.tokens}, frame bucket {args.frames}, {os.cpu_count()} cores")
    for profile in ("host", "ios"):
        with tempfile.TemporaryDirectory() as out:
            seconds, peak, sizes = compile_profile(profile, args.tokens, args.frames, out)
        listed = ", ".join(f"{n} {s / (1 << 20):.1f} MiB" for n, s in sizes.items())
        print(f"  compile {profile:<4} {seconds:6.1f} s, peak memory {peak:6.0f} MiB; {listed}")
    (seconds, compiled, eager), rows = inference(args.tokens, args.frames)
    print(f"  host whole chain, {seconds:.1f} s of audio: compiled {compiled / seconds:.3f} s per audio second, "
          f"PyTorch eager {eager / seconds:.3f} s per audio second (compiled/eager {compiled / eager:.1f}x)")
    print("  host inference per call (compiled vs PyTorch eager):")
    for function, compiled, reference in rows:
        print(f"    {function:<18} {compiled * 1000:9.1f} ms vs {reference * 1000:8.1f} ms  "
              f"(compiled/eager {compiled / reference:6.1f}x)")


if __name__ == "__main__":
    main()
