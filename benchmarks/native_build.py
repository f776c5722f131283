#!/usr/bin/env python3
"""Clean and no-op build of the host native libraries, measured in one run.

Run from the checkout with the pinned Python (./scons makes it):
    third_party/python-env/bin/python benchmarks/native_build.py
Builds native-host in a fresh copy of the checkout (build/bench/, sharing the
download cache), then prints: wall time of each project's clean build (from
its progress line), the whole clean build, the archive sizes, and the time of
a no-op rebuild (SCons start to finish, no compiler run).
"""

import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "site_scons"))

from kokoro_build import buildenv, repro  # noqa: E402


def scons(folder, env, *args):
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "SCons", "-C", folder, *args], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stdout[-3000:] + out.stderr[-3000:])
    return time.perf_counter() - started, out.stdout


def main():
    folder = os.path.join(ROOT, "build", "bench", "kokoro-tvm")
    shutil.rmtree(os.path.dirname(folder), ignore_errors=True)
    repro.copy_checkout(ROOT, folder)
    env = dict(buildenv.child_environment(ROOT),
               KOKORO_TVM_CACHE=os.environ.get("KOKORO_TVM_CACHE", os.path.join(ROOT, ".cache", "downloads")))
    clean, log = scons(folder, env, "native-host")
    noop, noop_log = scons(folder, env, "native-host")
    print(f"host native libraries on {os.cpu_count()} cores")
    for project, seconds in re.findall(r"\[host/([\w-]+)\] done \(([\d.]+) s\)", log):
        print(f"  clean build {project:<12} {float(seconds):6.1f} s")
    print(f"  clean build, all (fetch from cache, both projects, dist): {clean:6.1f} s")
    for lib in ("libtvm_ffi_static.a", "libtvm_runtime.a"):
        size = os.path.getsize(os.path.join(folder, "dist", "host", "lib", lib))
        print(f"  size {lib:<22} {size / (1 << 20):6.2f} MiB ({size} bytes)")
    ran_compiler = "[host/" in noop_log
    print(f"  no-op rebuild: {noop:.2f} s ({'ran a compiler!' if ran_compiler else 'no compiler run'})")


if __name__ == "__main__":
    main()
