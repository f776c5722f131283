"""Reproducibility check: the same targets built in two roots, compared.

In:  the checkout, the targets to build, and two variants of the caller's
     environment (folder depth and name, time zone, umask, locale).
Out: build/repro/<variant>/ holding a copy of the checkout's own files
     (git ls-files) built with the pinned Python, sharing the download
     cache; a report of every file under dist/ with its sha256, and on a
     difference the first differing file, the byte offset where it differs
     and, for text, a unified diff. ReproFailed when anything differs.
"""

import difflib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass


class ReproFailed(Exception):
    """The two builds differ, or one of them failed."""


@dataclass(frozen=True)
class Variant:
    name: str
    folder: str  # relative to build/repro/
    tz: str
    umask: int
    locale: str


VARIANTS = (
    Variant("a", "a/kokoro-tvm", "UTC", 0o022, "C.UTF-8"),
    Variant("b", "b/deeper/other-name", "Asia/Kathmandu", 0o077, "POSIX"),
)


def copy_checkout(root, dest):
    """Copies the checkout's own files (tracked, or untracked and not ignored)."""
    listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = os.path.join(root, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel))


def file_digests(folder):
    result = {}
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                result[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return result


def describe_difference(path_a, path_b):
    """Where two files first differ, and a readable diff when they are text."""
    with open(path_a, "rb") as f:
        a = f.read()
    with open(path_b, "rb") as f:
        b = f.read()
    offset = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    lines = [f"first difference at byte {offset} (sizes {len(a)} and {len(b)})"]
    try:
        diff = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), "a", "b", lineterm="")
        lines += list(diff)[:40]
    except UnicodeDecodeError:
        lines.append(f"  a: {a[offset:offset + 32].hex()}\n  b: {b[offset:offset + 32].hex()}")
    return "\n".join(lines)


def build_variant(root, variant, targets, env, out):
    folder = os.path.join(root, "build", "repro", variant.folder)
    shutil.rmtree(os.path.join(root, "build", "repro", variant.folder.split("/")[0]), ignore_errors=True)
    copy_checkout(root, folder)
    child = dict(env, TZ=variant.tz, LC_ALL=variant.locale, LANG=variant.locale)
    log = os.path.join(root, "build", "logs", f"repro-{variant.name}.log")
    print(f"[repro {variant.name}] {' '.join(targets)} in build/repro/{variant.folder} "
          f"(TZ={variant.tz}, umask {variant.umask:03o}, LC_ALL={variant.locale}); log: {log}", file=out, flush=True)
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as f:
        code = subprocess.run([sys.executable, "-m", "SCons", "-C", folder] + list(targets), env=child,
                              stdout=f, stderr=subprocess.STDOUT,
                              preexec_fn=lambda: os.umask(variant.umask)).returncode
    if code != 0:
        raise ReproFailed(f"the build in build/repro/{variant.folder} failed (exit {code}); see {log}")
    print(f"[repro {variant.name}] done ({time.monotonic() - started:.0f} s)", file=out, flush=True)
    return os.path.join(folder, "dist")


def compare_trees(tree_a, tree_b):
    """Digests of the identical trees; ReproFailed naming the first difference."""
    digests = [file_digests(tree_a), file_digests(tree_b)]
    names = sorted(set(digests[0]) | set(digests[1]))
    if not names:
        raise ReproFailed(f"nothing to compare: {tree_a} and {tree_b} are empty")
    for name in names:
        a, b = digests[0].get(name), digests[1].get(name)
        if a != b:
            where = (f"only in {tree_a if a else tree_b}" if not (a and b)
                     else describe_difference(os.path.join(tree_a, name), os.path.join(tree_b, name)))
            raise ReproFailed(f"{name} differs between the two builds: {where}")
    return digests[0]


def check(root, targets, env, out=sys.stdout):
    """Builds targets in both variants and compares their dist/ trees."""
    dists = [build_variant(root, v, targets, env, out) for v in VARIANTS]
    digests = compare_trees(*dists)
    for name, digest in sorted(digests.items()):
        print(f"  {digest}  dist/{name}", file=out)
    print(f"repro-check: {len(digests)} files under dist/ are byte-identical in both builds", file=out, flush=True)
