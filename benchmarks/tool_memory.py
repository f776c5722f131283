#!/usr/bin/env python3
"""Peak memory of kokoro-tvm builds, side by side, from short text to 5,000 phonemes.

    python3 benchmarks/tool_memory.py [--tool 'NAME=PATH[:MODELS] [ARG ...]' ...] [--voice V] [--gpu]
                                      [--only NAME ...] [--json FILE]

Runs each tool (default: dist/host/bin/kokoro-tvm with its ../models) once per utterance,
one process each, and prints per utterance the phonemes, the audio seconds, the chunks and
their largest frame count, the wall time and the peak memory of each tool:
  - resident memory (the child's peak RSS, as /usr/bin/time -f %M reports it), always;
  - with --gpu, the GPU memory the process held: nvidia-smi's used memory sampled every
    0.1 s during the run, less what was used before it started (NVIDIA GPU 0).
The utterances are the pipeline benchmark's (benchmarks/pipeline.py: short, medium, long)
and two long texts: its medium sentence repeated to about 96 s of audio (1,300 phonemes)
and to 5,000 phonemes (about 6 minutes). Each tool runs with its own default chunking. A
tool is NAME=PATH, its models folder PATH/../../models unless :MODELS follows (e.g. a copy
of an earlier build: --tool before=/tmp/old/bin/kokoro-tvm), then any arguments of its own
(--tool 'unbound=dist/host/bin/kokoro-tvm --memory 0'). The voice: --voice (default the
bundle's first voice).
"""

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from pipeline import MEDIUM, UTTERANCES  # noqa: E402  (no heavy imports)

TEXTS = [(name, phonemes, 1.0) for name, phonemes, _speed in UTTERANCES] + [
    ("96 s", ", ".join([MEDIUM] * 16), 1.0),
    ("5,000 phonemes", ", ".join([MEDIUM] * 62), 1.0),
]


def gpu_used_mib():
    """MiB used on GPU 0 now (nvidia-smi), or None without one."""
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits", "-i", "0"],
                             capture_output=True, text=True, timeout=10)
        return int(out.stdout.split()[0]) if out.returncode == 0 else None
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


class GpuSampler(threading.Thread):
    """nvidia-smi's used memory every 0.1 s until stopped; peak() less the level before."""

    def __init__(self):
        super().__init__(daemon=True)
        self.base, self.top, self.done = gpu_used_mib(), 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.top = max(self.top, gpu_used_mib() or 0)
            self.done.wait(0.1)

    def peak(self):
        self.done.set()
        self.join()
        return None if self.base is None else max(0, self.top - self.base)


def run_tool(tool, models, extra, voice, phonemes, speed, gpu):
    """{wall_s, gpu_mib, audio_s, chunks, most_frames, durations} of one run."""
    with tempfile.TemporaryDirectory() as work:
        report = os.path.join(work, "run.json")
        command = [tool, *extra, "--phonemes", phonemes, "--voice", voice, "--speed", str(speed), "--models", models,
                   "--out", os.path.join(work, "out.wav"), "--no-progress", "--json", report]
        sampler = GpuSampler() if gpu else None
        if sampler:
            sampler.start()
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _, err = child.communicate()
        # the child's own peak resident set (wait4's rusage; Linux reports KiB)
        wall = time.monotonic() - started
        gpu_mib = sampler.peak() if sampler else None
        if child.returncode != 0:
            raise SystemExit(f"{tool} failed ({child.returncode}) on {len(phonemes)} phonemes: {err.strip()[-400:]}")
        with open(report, encoding="utf-8") as f:
            figures = json.load(f)
    samples_per_frame = sum(c["samples"] for c in figures["chunks"]) // max(1, figures["frames"])
    frames = [c["samples"] // samples_per_frame for c in figures["chunks"]]
    return {"wall_s": wall, "audio_s": figures["audio_s"], "chunks": len(frames), "most_frames": max(frames),
            "gpu_mib": gpu_mib, "durations": figures["durations"]}


def peak_rss_mib(tool, *args):
    """run_tool in a child of its own, so that its peak resident set is the tool's alone."""
    helper = [sys.executable, os.path.abspath(__file__), "--one", json.dumps([tool, *args])]
    out = subprocess.run(helper, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr.strip()[-600:])
    return json.loads(out.stdout)


def one(spec):
    """--one: a single run, its figures and the peak resident set of its children as JSON."""
    tool, models, extra, voice, phonemes, speed, gpu = json.loads(spec)
    result = run_tool(tool, models, extra, voice, phonemes, speed, gpu)
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def parse_tool(text):
    spec, *extra = shlex.split(text)
    name, _, rest = spec.partition("=")
    path, _, models = rest.partition(":")
    if not name or not path:
        raise argparse.ArgumentTypeError(f"--tool {text}: expected NAME=PATH[:MODELS]")
    path = os.path.abspath(path)
    models = os.path.abspath(models) if models else os.path.join(os.path.dirname(os.path.dirname(path)), "models")
    for what, where in (("program", path), ("models folder", os.path.join(models, "manifest.json"))):
        if not os.path.exists(where):
            raise argparse.ArgumentTypeError(f"--tool {text}: no {what} at {where}")
    return name, path, models, extra


def main(argv=None):
    if argv is None and len(sys.argv) == 3 and sys.argv[1] == "--one":
        return one(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", action="append", type=parse_tool, default=[],
                        help="NAME=PATH[:MODELS], once per build to compare (default: this checkout's dist/host)")
    parser.add_argument("--voice", help="the voice (default: the first of the first tool's models folder)")
    parser.add_argument("--gpu", action="store_true", help="also sample GPU 0's used memory (nvidia-smi)")
    parser.add_argument("--only", action="append", help="only these utterances (by name)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    tools = args.tool or [parse_tool(f"tool={os.path.join(ROOT, 'dist', 'host', 'bin', 'kokoro-tvm')}")]
    if args.voice is None:
        with open(os.path.join(tools[0][2], "manifest.json"), encoding="utf-8") as f:
            args.voice = sorted(json.load(f)["voices"])[0]
    texts = [t for t in TEXTS if not args.only or t[0] in args.only]
    results = []
    for name, phonemes, speed in texts:
        row = {"utterance": name, "phonemes": len(phonemes), "tools": {}}
        for tool_name, path, models, extra in tools:
            row["tools"][tool_name] = peak_rss_mib(path, models, extra, args.voice, phonemes, speed, args.gpu)
            del row["tools"][tool_name]["durations"]
        results.append(row)
        first = next(iter(row["tools"].values()))
        cells = [f"{name:>15} {row['phonemes']:>5} ph {first['audio_s']:6.1f} s audio, {first['chunks']:>2} chunks"]
        for tool_name, r in row["tools"].items():
            gpu = f", GPU {r['gpu_mib']:>6.0f} MiB" if r["gpu_mib"] is not None else ""
            cells.append(f"{tool_name}: RSS {r['rss_mib']:6.0f} MiB{gpu}, {r['wall_s']:6.1f} s, "
                         f"largest chunk {r['most_frames']} frames")
        print(" | ".join(cells), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"voice": args.voice, "gpu": args.gpu, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
