#!/usr/bin/env python3
"""The kokoro-tvm tool against PyTorch eager on the same input and CPU, in one run.

    third_party/python-env/bin/python benchmarks/pipeline.py [--runs 3]

Runs dist/host/bin/kokoro-tvm (build it with ./scons) and KModel.forward_with_tokens
(the same synthetic weights, voice row, phonemes, speed and noise) each in a child
process, and prints per utterance: seconds of audio, the real-time factor of each
(compute seconds per audio second, best of --runs; below 1 is faster than real time)
and their ratio, the first-audio latency of each (process start to the first samples,
model loading included), the peak memory of each process, and the tool's size.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm")
UTTERANCES = [
    ("ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ", 3.0),
    ("ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst ʌv tˈaɪmz, ɪt wʌz ðɪ ˈeɪdʒ ʌv wˈɪzdəm", 4.0),
]
SUMMARY = re.compile(r"([\d.]+) s of audio .* in ([\d.]+) s \(models loaded in ([\d.]+) s, first audio at ([\d.]+) s\)")


def measured(command):
    """(stdout, peak resident memory in MiB) of a child process."""
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{command[0]} failed with exit {child.returncode}")
        out.seek(0)
        return out.read().decode(), usage.ru_maxrss / 1024


def run_tool(phonemes, speed):
    with tempfile.TemporaryDirectory() as tmp:
        stdout, peak = measured([TOOL, "--phonemes", phonemes, "--voice", "synthetic", "--speed", str(speed),
                                 "--out", os.path.join(tmp, "out.wav")])
    audio, compute, load, first = (float(v) for v in SUMMARY.search(stdout).groups())
    return {"audio": audio, "compute": compute, "load": load, "first": first, "peak": peak}


EAGER_CHILD = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
import torch
torch.set_num_threads({threads})
from models import reference, voices, weights
model = weights.synthetic_model()[0]
phonemes, speed = {phonemes!r}, {speed!r}
ids = reference.token_ids(phonemes, weights.load_config()["vocab"])
ref_s = voices.synthetic_pack()[len(phonemes) - 1][None]
load = time.perf_counter() - started
times = []
for _ in range({runs}):
    t = time.perf_counter()
    audio, _ = reference.run_pytorch(model, ids, ref_s, speed, seed=0, own_stft=True)
    times.append(time.perf_counter() - t)
    first = first if len(times) > 1 else time.perf_counter() - started
print(json.dumps({{"audio": len(audio) / 24000, "compute": min(times), "load": load, "first": first}}))
"""


def run_eager(phonemes, speed, runs):
    code = EAGER_CHILD.format(root=ROOT, threads=os.cpu_count(), phonemes=phonemes, speed=speed, runs=runs)
    stdout, peak = measured([sys.executable, "-c", code])
    return dict(json.loads(stdout.strip().splitlines()[-1]), peak=peak)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(TOOL):
        sys.exit(f"{TOOL} is missing: build it with ./scons")
    print(f"pipeline: {os.cpu_count()} cores, kokoro-tvm {os.path.getsize(TOOL) / (1 << 20):.1f} MiB "
          f"(statically linked: TVM runtime, tvm-ffi, model library; weights read at run time)")
    for phonemes, speed in UTTERANCES:
        tool = min((run_tool(phonemes, speed) for _ in range(args.runs)), key=lambda r: r["compute"])
        eager = run_eager(phonemes, speed, args.runs)
        print(f"  {tool['audio']:.1f} s of audio ({len(phonemes)} phonemes, speed {speed}):")
        print(f"    real-time factor: tool {tool['compute'] / tool['audio']:.3f}, PyTorch eager "
              f"{eager['compute'] / eager['audio']:.3f} (tool/eager {tool['compute'] / eager['compute']:.2f}x)")
        print(f"    first audio: tool {tool['first']:.2f} s (models loaded in {tool['load']:.2f} s), "
              f"PyTorch eager {eager['first']:.2f} s (model built in {eager['load']:.2f} s)")
        print(f"    peak memory: tool {tool['peak']:.0f} MiB, PyTorch eager process {eager['peak']:.0f} MiB")


if __name__ == "__main__":
    main()
