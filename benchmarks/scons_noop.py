#!/usr/bin/env python3
"""Times a no-op `./scons` (everything built, nothing changed) and what it is made of.

Run from a checkout whose default target is built:

    python3 benchmarks/scons_noop.py [--runs 7] [TARGET ...]

The first run settles what a build left (it may rebuild or re-hash) and is not
counted. Then, RUNS times each, side by side in one run:
  ./scons [TARGET ...]       the whole no-op, as a user types it (wall, peak memory);
  SCons on an empty SConstruct  the floor of starting SCons from the pinned environment;
  python -m SCons [TARGET]   SCons alone on this SConstruct (the rest is the wrapper's:
                             its check of the Python environment against the lock).
Prints each run, the median, and the peak resident memory of the whole no-op.
A no-op that rebuilt anything (a line other than SCons's own and the always-run
checks) is reported, since its time is then not a no-op's.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV_PYTHON = os.path.join(ROOT, "third_party", "python-env", "bin", "python")
QUIET_LINES = ("scons: ", "fetch: verify ", "fetch: all ", "toolchains: ")


def timed(cmd, cwd=ROOT, env=None):
    """(wall seconds, peak resident MiB of the command's processes, its stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, (peak if peak > before else float("nan")) / 1024, out.stdout


def series(name, cmd, runs, **kw):
    results = [timed(cmd, **kw) for _ in range(runs)]
    walls = [r[0] for r in results]
    print(f"  {name:<34} median {statistics.median(walls):5.2f} s   runs: "
          + " ".join(f"{w:.2f}" for w in walls))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()
    scons = [os.path.join(ROOT, "scons"), *args.targets]
    _, _, settle = timed(scons)
    rebuilt = [line for line in settle.splitlines() if line and not line.startswith(QUIET_LINES)]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as the wrapper runs SCons
    with tempfile.TemporaryDirectory() as empty:
        with open(os.path.join(empty, "SConstruct"), "w") as f:
            f.write("DefaultEnvironment(tools=[])\nEnvironment(tools=[])\n")
        print(f"no-op ./scons {' '.join(args.targets) or '(default target)'} on {os.cpu_count()} cores, "
              f"{args.runs} runs each:")
        whole = series("./scons (the no-op)", scons, args.runs)
        series("SCons, empty SConstruct", [ENV_PYTHON, "-m", "SCons", "-Q"], args.runs, cwd=empty, env=env)
        series("SCons alone, this SConstruct", [ENV_PYTHON, "-m", "SCons", *args.targets], args.runs, env=env)
    peaks = [r[1] for r in whole if r[1] == r[1]]
    if peaks:
        print(f"  peak memory of the no-op: {max(peaks):.0f} MiB")
    quiet = [line for r in whole for line in r[2].splitlines() if line and not line.startswith(QUIET_LINES)]
    if rebuilt:
        print("  (the settling run rebuilt: " + "; ".join(rebuilt[:3]) + ")")
    if quiet:
        print("  NOT a no-op, counted runs printed: " + "; ".join(sorted(set(quiet))[:5]))


if __name__ == "__main__":
    main()
