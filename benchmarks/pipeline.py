#!/usr/bin/env python3
"""The kokoro-tvm tool against PyTorch eager on the same inputs and CPU, in one run.

    third_party/python-env/bin/python benchmarks/pipeline.py [--runs 3] [--rounds 2] [--also DIR]

Runs dist/host/bin/kokoro-tvm (build it with ./scons) on the library's synthetic bundle
(build/host/synthetic/models) and KModel.forward_with_tokens
(the same synthetic weights, voice row, phonemes, speed and noise) each in a child
process, for a short, a medium and a long utterance (the long one takes several chunks),
and prints per utterance:
  - the real-time factor of each (compute seconds per audio second, the best of --runs runs in
    one process: the tool's --repeat, PyTorch's loop; below 1 is faster than real time) and
    their ratio (eager / tool: above 1, the tool is faster); with --rounds N each side's
    process is started N times, tool and eager in turn, and each side's best round counts (on
    a shared machine a neighbour's load then weighs on both sides alike);
  - time to first audio (process start to the first samples of the first run, model loading
    included): the tool's first chunk, PyTorch's whole utterance (it gives its audio at once), and the
    tool's first audio as a share of its synthesis time;
  - peak memory (resident) of each process;
  - seconds per stage (bert, duration, f0n, text_encoder, decoder; the rest is the glue
    between them): the tool's compiled functions (--times) against PyTorch's modules;
  - the chunks the tool made.
The tool runs the code of the highest CPU level of its library this CPU has (an x86-64 build
carries x86-64-v4's and x86-64-v3's); each lower level's code is run too (KOKORO_TVM_CPU_LEVEL),
as a CPU without the higher level's features would run it, with its real-time factor and
first audio. --also DIR adds the tool of another build (a copy of its dist/host, e.g. one
built with CPU_LEVEL=x86-64-v3) likewise.
Then the seam measure: the medium utterance streamed (a short first chunk) against the same
text synthesized in one piece (--first-chunk 0): at each chunk boundary, the jump between
the two samples around it and the loudness (RMS) of the 20 ms around it, each as a ratio to
the one-piece audio's typical value (99th percentile of its sample-to-sample steps; its RMS).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from models.buckets import BUCKET_KINDS  # noqa: E402  (no heavy imports)

TOOL = os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm")
MEDIUM = "ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst ʌv tˈaɪmz, ɪt wʌz ðɪ ˈeɪdʒ ʌv wˈɪzdəm"
UTTERANCES = [
    ("short", "ðə kwˈɪk bɹˈaʊn fˈɑːks", 3.0),
    ("medium", MEDIUM, 4.0),
    ("long", ", ".join([MEDIUM] * 4), 4.0),
]
STAGES = tuple(BUCKET_KINDS)


def measured(command, env=None):
    """(stdout, peak resident memory in MiB) of a child process."""
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{command[0]} failed with exit {os.waitstatus_to_exitcode(status)}")
        out.seek(0)
        return out.read().decode(), usage.ru_maxrss / 1024


def run_tool(phonemes, speed, *extra, tool=TOOL, runs=1, level=None):
    """The tool's figures; level: the CPU level of its library to run (default the highest this CPU has)."""
    env = dict(os.environ, KOKORO_TVM_CPU_LEVEL=level) if level else None
    with tempfile.TemporaryDirectory() as tmp:
        samples = os.path.join(tmp, "out.f32")
        checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(tool)))))
        models = os.path.join(checkout, "build", "host", "synthetic", "models")   # the synthetic weights' bundle
        figures = os.path.join(tmp, "figures.json")
        _, peak = measured([tool, "--models", models, "--phonemes", phonemes, "--voice", "synthetic", "--speed", str(speed),
                            "--out", os.path.join(tmp, "out.wav"), "--samples", samples, "--json", figures,
                            "--repeat", str(runs), *extra], env)
        audio = np.fromfile(samples, dtype="<f4")
        with open(figures, encoding="utf-8") as f:
            run = json.load(f)   # the tool's --json (format 1)
    stages = dict.fromkeys(STAGES, 0.0)
    for entry in run["functions"]:
        stages[entry["function"].rsplit("_", 1)[0]] += entry["seconds"]
    return {"audio": run["audio_s"], "compute": run["synthesis_s"], "load": run["load_s"], "first": run["first_audio_s"],
            "peak": peak, "stages": stages, "chunks": [chunk["samples"] for chunk in run["chunks"]], "samples": audio,
            "level": run["cpu_level"]}


EAGER_CHILD = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
import torch
torch.set_num_threads({threads})
from models import voices, weights
from models.testing import reference
model = weights.synthetic_model()[0]
spent = dict.fromkeys({stages!r}, 0.0)

def timed(stage, function):
    def call(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - t
    return call

p = model.predictor
for stage, owner, name in (("bert", model.bert, "forward"), ("bert", model.bert_encoder, "forward"),
                           ("duration", p.text_encoder, "forward"), ("duration", p.lstm, "forward"),
                           ("duration", p.duration_proj, "forward"), ("f0n", p, "F0Ntrain"),
                           ("text_encoder", model.text_encoder, "forward"), ("decoder", model.decoder, "forward")):
    setattr(owner, name, timed(stage, getattr(owner, name)))
phonemes, speed = {phonemes!r}, {speed!r}
ids = reference.token_ids(phonemes, weights.load_config()["vocab"])
ref_s = voices.synthetic_pack()[min(len(phonemes), 510) - 1][None]
load = time.perf_counter() - started
best = None
for run in range({runs}):
    spent.update(dict.fromkeys(spent, 0.0))
    t = time.perf_counter()
    audio, _ = reference.run_pytorch(model, ids, ref_s, speed, seed=0, own_stft=True, kokoro_phase=True)
    compute = time.perf_counter() - t
    first = first if run else time.perf_counter() - started
    if best is None or compute < best["compute"]:
        best = {{"compute": compute, "stages": dict(spent)}}
print(json.dumps({{"audio": len(audio) / 24000, "load": load, "first": first, **best}}))
"""


def run_eager(phonemes, speed, runs):
    code = EAGER_CHILD.format(root=ROOT, threads=os.cpu_count(), phonemes=phonemes, speed=speed, runs=runs,
                              stages=STAGES)
    stdout, peak = measured([sys.executable, "-c", code])
    return dict(json.loads(stdout.strip().splitlines()[-1]), peak=peak)


def best(kept, new):
    """Of two rounds' figures, the faster round's, with the earliest first audio and the highest peak
    memory of both."""
    if kept is None:
        return new
    faster = new if new["compute"] < kept["compute"] else kept
    return dict(faster, first=min(kept["first"], new["first"]), load=min(kept["load"], new["load"]),
                peak=max(kept["peak"], new["peak"]))


def seams(chunked, whole):
    """Per boundary of the chunked audio: (its sample index, the jump across it / the whole
    audio's 99th percentile step, the RMS of the 20 ms around it / the whole audio's RMS)."""
    typical_step = np.percentile(np.abs(np.diff(whole["samples"])), 99)
    loudness = np.sqrt(np.mean(whole["samples"] ** 2))
    rows, at = [], 0
    for count in chunked["chunks"][:-1]:
        at += count
        around = chunked["samples"][max(at - 240, 0):at + 240]
        rows.append((at, abs(chunked["samples"][at] - chunked["samples"][at - 1]) / typical_step,
                     np.sqrt(np.mean(around ** 2)) / loudness))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per process (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="processes per side, tool and eager in turn; the best counts (default %(default)s)")
    parser.add_argument("--also", metavar="DIR", help="another build's dist/host folder, run beside this one's")
    args = parser.parse_args()
    if not os.path.exists(TOOL):
        sys.exit(f"{TOOL} is missing: build it with ./scons")

    def levels_of(dist):
        manifest = json.load(open(os.path.join(dist, "models", "manifest.json"), encoding="utf-8"))
        return [entry["level"] for entry in manifest["cpu"]["levels"]]
    levels = levels_of(os.path.join(ROOT, "dist", "host"))
    others = [(f"{level} code of the same library", TOOL, level) for level in levels[1:]]
    if args.also:
        others.append((f"another build ({', '.join(levels_of(args.also))})", os.path.join(args.also, "bin", "kokoro-tvm"),
                       None))
    print(f"pipeline: {os.cpu_count()} cores, kokoro-tvm {os.path.getsize(TOOL) / (1 << 20):.1f} MiB (statically "
          f"linked: TVM runtime, tvm-ffi, model library with code for {', '.join(levels)}; weights read at run time)")
    for name, phonemes, speed in UTTERANCES:
        tool, eager = None, None
        for _ in range(args.rounds):
            tool = best(tool, run_tool(phonemes, speed, runs=args.runs))
            eager = best(eager, run_eager(phonemes, speed, args.runs))
        print(f"  {name}: {tool['audio']:.1f} s of audio ({len(phonemes)} phonemes, speed {speed}), "
              f"{len(tool['chunks'])} chunk(s) of {', '.join(f'{n / 24000:.1f}' for n in tool['chunks'])} s:")
        print(f"    real-time factor: tool ({tool['level']} code) {tool['compute'] / tool['audio']:.3f}, PyTorch eager "
              f"{eager['compute'] / eager['audio']:.3f} (eager/tool {eager['compute'] / tool['compute']:.2f}x)")
        for label, path, level in others:
            other = None
            for _ in range(args.rounds):
                other = best(other, run_tool(phonemes, speed, tool=path, runs=args.runs, level=level))
            print(f"    tool, {label}: real-time factor {other['compute'] / other['audio']:.3f} (eager/tool "
                  f"{eager['compute'] / other['compute']:.2f}x), first audio {other['first']:.2f} s")
        print(f"    first audio: tool {tool['first']:.2f} s (models loaded in {tool['load']:.2f} s; "
              f"{(tool['first'] - tool['load']) / tool['compute']:.0%} of its synthesis), PyTorch eager "
              f"{eager['first']:.2f} s (model built in {eager['load']:.2f} s)")
        print(f"    peak memory: tool {tool['peak']:.0f} MiB, PyTorch eager process {eager['peak']:.0f} MiB")
        glue = {"tool": tool["compute"] - sum(tool["stages"].values()),
                "eager": eager["compute"] - sum(eager["stages"].values())}
        print("    seconds per stage (tool / eager): " + ", ".join(
            f"{stage} {tool['stages'][stage]:.2f}/{eager['stages'][stage]:.2f}" for stage in STAGES)
            + f", glue {glue['tool']:.2f}/{glue['eager']:.2f}")
    medium = UTTERANCES[1]
    streamed, whole = run_tool(medium[1], medium[2]), run_tool(medium[1], medium[2], "--first-chunk", "0")
    print(f"  seams of the medium utterance streamed ({len(streamed['chunks'])} chunks, {streamed['audio']:.2f} s) "
          f"against one piece ({whole['audio']:.2f} s):")
    for at, jump, rms in seams(streamed, whole):
        print(f"    at {at / 24000:.2f} s: jump {jump:.2f} x the one-piece 99th percentile step, "
              f"RMS of the 20 ms around it {rms:.2f} x the one-piece RMS")


if __name__ == "__main__":
    main()
