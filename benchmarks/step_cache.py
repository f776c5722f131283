#!/usr/bin/env python3
"""Cold, warm-local and warm-remote builds of the same targets, side by side in one run.

Run from the checkout with the pinned Python (./scons makes it):
    third_party/python-env/bin/python benchmarks/step_cache.py [TARGET ...]   (default: host models)
Makes three copies of the checkout in different folders (build/bench-cache/), all
sharing this checkout's Python environment and download cache, and a WebDAV server
on 127.0.0.1 (wsgidav, pinned in the lock) speaking Bazel's HTTP cache protocol:
  cold         builds everything, storing each step in a local folder cache and on
               the server (CACHE_FOLDER=..., CACHE_URL=... CACHE_WRITE=1)
  warm-local   another copy, CACHE_FOLDER only
  warm-remote  a third copy, CACHE_URL only (read only)
then a no-op rebuild of the cold copy. Prints the wall time of each, the steps
that hit or missed, the bytes each cache holds, and whether every copy's dist/
is the same as the cold one's, byte for byte.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "site_scons"))

from kokoro_build import buildenv, repro  # noqa: E402
from kokoro_build.digest import tree_digests  # noqa: E402

HIT = re.compile(r"^\[([\w/-]+)\] cache hit \(([^,]+), key \w+\): (\d+) files, ([\d.]+) MB in ([\d.]+) s", re.M)
MISS = re.compile(r"^\[([\w/-]+)\] cache miss", re.M)


def start_server(folder):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for name in ("ac", "cas"):
        os.makedirs(os.path.join(folder, name))
    log = open(folder + ".log", "w")
    process = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "wsgidav"), "--host", "127.0.0.1",
                                "--port", str(port), "--root", folder, "--auth", "anonymous", "--server", "cheroot",
                                "--no-config", "-q"], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    sys.exit(f"wsgidav did not start; see {log.name}")


def scons(folder, env, args, log):
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "SCons", "-C", folder, *args], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - started
    with open(log, "w", encoding="utf-8") as f:
        f.write(out.stdout)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} in {folder} failed; see {log}\n{out.stdout[-3000:]}")
    return seconds, out.stdout


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(base, n)) for base, _, names in os.walk(folder) for n in names)


def main():
    targets = sys.argv[1:] or ["host", "models"]
    base = os.path.join(ROOT, "build", "bench-cache")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    env = dict(buildenv.child_environment(ROOT),
               KOKORO_TVM_CACHE=os.environ.get("KOKORO_TVM_CACHE", os.path.join(ROOT, ".cache", "downloads")))
    local_cache = os.path.join(base, "folder-cache")
    server, url = start_server(os.path.join(base, "dav"))
    runs = []
    try:
        copies = {}
        for name, options in (("cold", [f"CACHE_FOLDER={local_cache}", f"CACHE_URL={url}", "CACHE_WRITE=1"]),
                              ("warm-local", [f"CACHE_FOLDER={local_cache}"]),
                              ("warm-remote", [f"CACHE_URL={url}"])):
            folder = os.path.join(base, name, "kokoro-tvm")
            repro.copy_checkout(ROOT, folder)
            copies[name] = folder
            print(f"[{name}] {' '.join(targets + options)} (in {os.path.relpath(folder, ROOT)})", flush=True)
            seconds, log = scons(folder, env, targets + options, os.path.join(base, f"{name}.log"))
            runs.append((name, seconds, log))
        seconds, log = scons(copies["cold"], env, targets, os.path.join(base, "no-op.log"))
        runs.append(("no-op (cold copy again)", seconds, log))
    finally:
        server.terminate()
        server.wait()

    cold = {p: tree_digests(os.path.join(copies["cold"], "dist", p))
            for p in os.listdir(os.path.join(copies["cold"], "dist"))}
    print(f"\n`./scons {' '.join(targets)}` on {os.cpu_count()} cores "
          f"(copies share one Python environment and download cache)")
    print(f"  {'build':<26} {'wall':>8}  {'steps hit':>9}  {'missed':>6}  dist/ equal to cold")
    for name, seconds, log in runs:
        hits, misses = HIT.findall(log), MISS.findall(log)
        folder = copies.get(name.split()[0], copies["cold"])
        same = all(tree_digests(os.path.join(folder, "dist", p)) == digests for p, digests in cold.items())
        print(f"  {name:<26} {seconds:7.1f} s  {len(hits):>9}  {len(misses):>6}  {'yes' if same else 'NO'}")
    print("  steps built cold:")
    for label in MISS.findall(runs[0][2]):
        done = re.search(rf"^\[{re.escape(label)}\] done \(([\d.]+) s\)", runs[0][2], re.M)
        print(f"    {label:<18} {float(done.group(1)) if done else float('nan'):7.1f} s")
    for name, _, log in runs[1:3]:
        print(f"  {name} hits (fetch and verify, install):")
        for label, _, files, size, seconds in HIT.findall(log):
            print(f"    {label:<18} {float(seconds):7.1f} s  {files:>4} files  {float(size):7.1f} MB")
    print(f"  the folder cache holds {folder_bytes(local_cache) / 1e6:.1f} MB, "
          f"the server {folder_bytes(os.path.join(base, 'dav')) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
