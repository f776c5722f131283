#!/usr/bin/env python3
"""Times `./scons fetch` when every input is already verified in the cache.

Run from the checkout: python3 benchmarks/fetch_noop.py [RUNS]. The first
run fills the cache if needed and is not counted. Prints the wall time of
each counted run, the median, and how long re-hashing every cached input
takes (what a run skips for the files unchanged since the checkout hashed
them; any change to one is hashed again).
"""

import hashlib
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def hash_time(folder):
    started, total = time.perf_counter(), 0
    for name in os.listdir(folder):
        h = hashlib.sha256()
        with open(os.path.join(folder, name), "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
                total += len(chunk)
    return time.perf_counter() - started, total


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cmd = [os.path.join(ROOT, "scons"), "fetch"]
    timed(cmd)  # warm: fetch what is missing
    times = [timed(cmd) for _ in range(runs)]
    cache = os.environ.get("KOKORO_TVM_CACHE", os.path.join(ROOT, ".cache", "downloads"))
    seconds, size = hash_time(os.path.join(cache, "sha256"))
    print(f"./scons fetch, all inputs cached ({runs} runs): "
          + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"  median {statistics.median(times):.2f} s (target: under 2 s)")
    print(f"  re-hashing all {size / (1 << 20):.0f} MiB of cached inputs would take {seconds:.2f} s "
          f"(skipped for the files unchanged since they were hashed)")


if __name__ == "__main__":
    main()
