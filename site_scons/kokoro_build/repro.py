"""Reproducibility check: the release built in two roots, compared file by file.

In:  the checkout's committed HEAD, the SCons arguments to build (by default
     `release VERSION=0.0.0`, with the caller's model and native options), and
     two variants of the environment: clone depth, folder depth and name, time
     zone, umask, locale and temporary folder.
Out: build/repro/<variant>/ holding a git clone of HEAD, built at the same
     time as the other one with the pinned Python environment (shared, like
     the download cache: both are inputs pinned by the locks' hashes);
     build/logs/repro-<variant>.log; the steps of both builds as they run; a
     report of every file under dist/ with its sha256 and, when a release
     was made, its tag's object id. On a difference: the first differing
     file, the byte offset where it differs and, for text, a unified diff.
     ReproFailed when anything differs or a build fails.
"""

import difflib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from . import release
from .actions import python_action
from .errors import BuildError
from .digest import tree_digests


class ReproFailed(BuildError):
    """The two builds differ, or one of them failed."""


@dataclass(frozen=True)
class Variant:
    name: str
    folder: str  # relative to build/repro/
    clone_depth: int  # 0: the whole history
    tz: str
    umask: int
    locale: str

    def describe(self):
        clone = f"shallow clone (depth {self.clone_depth})" if self.clone_depth else "full clone"
        return (f"build/repro/{self.folder}, {clone}, TZ={self.tz}, umask {self.umask:03o}, "
                f"LC_ALL={self.locale}, TMPDIR=build/repro/{self.name}/tmp")


VARIANTS = (
    Variant("a", "a/kokoro-tvm", 0, "UTC", 0o022, "C.UTF-8"),
    Variant("b", "b/deeper dir/ōther-name", 1, "Asia/Kathmandu", 0o077, "POSIX"),
)
# The options a repro-check passes on to both builds, so it checks what the caller builds.
PASSED_OPTIONS = ("WEIGHTS", "WEIGHTS_SHA256", "WEIGHTS_DTYPE", "VOICES", "METAL_KERNELS", "MODEL_TOKEN_BUCKETS",
                  "MODEL_FRAME_BUCKETS", "CPU_LEVEL", "PACKAGE_URL", "RUNTIME_SOURCE", "TVM_FFI_CMAKE_ARGS", "TVM_RUNTIME_CMAKE_ARGS")
DEFAULT_VERSION = "0.0.0"
CACHE_OFF = ("CACHE_URL=", "CACHE_FOLDER=")
# Lines of a build's output echoed while it runs: its steps, the release, errors.
PROGRESS = re.compile(r"^(\[[a-z]+/|release:|models: .*SYNTHETIC|scons: \*\*\*|scons: error)")


def copy_checkout(root, dest):
    """Copies the checkout's own files (tracked, or untracked and not ignored)."""
    listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = os.path.join(root, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel))


def build_arguments(targets, options, version="", offline=False):
    """SCons arguments for both builds: the targets, the caller's options, and for a
    release its VERSION (default 0.0.0) and, with synthetic weights, ALLOW_SYNTHETIC=1. The step
    cache is off in both (CACHE_OFF): they build every step, so an entry that is wrong
    (poisoned, or keyed on too little) cannot hide in both."""
    arguments = list(targets) + [f"{name}={options[name]}" for name in PASSED_OPTIONS if options.get(name)]
    arguments += list(CACHE_OFF)
    if "release" in targets:
        arguments.append(f"VERSION={version or DEFAULT_VERSION}")
        if options.get("WEIGHTS") in (None, "", "synthetic"):
            arguments.append("ALLOW_SYNTHETIC=1")
    return arguments + (["--offline"] if offline else [])


def _git(root, *args):
    return subprocess.run(["git", "-C", root] + list(args), capture_output=True, text=True).stdout.strip()


def clone_head(root, dest, depth):
    """A clone of the checkout's HEAD at dest (shallow when depth > 0)."""
    commit = _git(root, "rev-parse", "HEAD")
    source = f"file://{os.path.abspath(root)}" if depth else root
    run = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks"] + (["--depth", str(depth)] if depth else [])
                         + [source, dest], capture_output=True, text=True)
    if run.returncode != 0 or _git(dest, "rev-parse", "HEAD") != commit:
        raise ReproFailed(f"could not clone {root} at {commit[:12]} into {dest}: {run.stderr.strip()[:300]}")


def file_digests(folder):
    """{path under folder: sha256} of every file under it."""
    return tree_digests(folder)


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


class Build:
    """One variant's build, running in the background; its output goes to its log."""

    def __init__(self, root, variant, arguments, env, out):
        self.variant, self.out = variant, out
        base = os.path.join(root, "build", "repro", variant.name)
        shutil.rmtree(base, ignore_errors=True)
        self.folder = os.path.join(root, "build", "repro", variant.folder)
        clone_head(root, self.folder, variant.clone_depth)
        os.makedirs(os.path.join(base, "tmp"))
        self.log = os.path.join(root, "build", "logs", f"repro-{variant.name}.log")
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        child = dict(env, TZ=variant.tz, LC_ALL=variant.locale, LANG=variant.locale, TMPDIR=os.path.join(base, "tmp"))
        print(f"[repro {variant.name}] {variant.describe()}; log: {os.path.relpath(self.log, root)}",
              file=out, flush=True)
        self.started = time.monotonic()
        self.process = subprocess.Popen([sys.executable, "-m", "SCons", "-C", self.folder] + list(arguments),
                                        env=child, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        errors="replace", preexec_fn=lambda: os.umask(variant.umask))
        self.reader = threading.Thread(target=self._copy_output, daemon=True)
        self.reader.start()

    def _copy_output(self):
        with open(self.log, "w", encoding="utf-8") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if PROGRESS.match(line):
                    print(f"[repro {self.variant.name}] {line.rstrip()}", file=self.out, flush=True)

    def wait(self):
        """The build's dist/ folder; ReproFailed when the build failed."""
        code = self.process.wait()
        self.reader.join()
        if code != 0:
            raise ReproFailed(f"the build in build/repro/{self.variant.folder} failed (exit {code}); see {self.log}")
        print(f"[repro {self.variant.name}] done ({time.monotonic() - self.started:.0f} s)", file=self.out, flush=True)
        return os.path.join(self.folder, "dist")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


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


def compare_tags(folders, version):
    """The release tag's object id, the same in both clones; ReproFailed with both tags' text if not."""
    ids = [_git(folder, "rev-parse", f"refs/tags/v{version}") for folder in folders]
    if not all(ids) or ids[0] != ids[1]:
        texts = [_git(folder, "cat-file", "-p", f"refs/tags/v{version}").splitlines() for folder in folders]
        diff = "\n".join(difflib.unified_diff(texts[0], texts[1], "a", "b", lineterm=""))
        raise ReproFailed(f"tag v{version} differs between the two clones ({ids[0] or 'missing'} and "
                          f"{ids[1] or 'missing'}):\n{diff}")
    return ids[0]


def _release_version(arguments):
    found = [a.split("=", 1)[1] for a in arguments if a.startswith("VERSION=")]
    return found[-1] if "release" in arguments and found else None


def check(root, arguments, env, out=sys.stdout):
    """Builds `arguments` in both variants at once and compares their dist/ trees (and tags)."""
    commit = _git(root, "rev-parse", "HEAD")
    print(f"repro-check: commit {commit[:12]}, built twice at once: {' '.join(arguments)}", file=out, flush=True)
    changed = _git(root, "status", "--porcelain", "--untracked-files=normal").splitlines()
    if changed:
        print(f"repro-check: note: {len(changed)} uncommitted change(s) are not part of the check "
              f"(it builds the commit)", file=out, flush=True)
    builds = []
    try:
        for variant in VARIANTS:
            builds.append(Build(root, variant, arguments, env, out))
        dists = [build.wait() for build in builds]
    finally:
        for build in builds:
            build.stop()
    digests = compare_trees(*dists)
    for name, digest in sorted(digests.items()):
        print(f"  {digest}  dist/{name}", file=out)
    version = _release_version(arguments)
    if version:
        tag = compare_tags([build.folder for build in builds], version)
        print(f"  {tag}  tag v{version}", file=out)
    print(f"repro-check: {len(digests)} files under dist/{' and the tag' if version else ''} "
          f"are byte-identical in both builds", file=out, flush=True)
    return digests


def check_before_work(targets, options):
    """A repro-check of a release stops at once on a version no release accepts."""
    if "repro-check" in targets and "release" in options.repro_targets and options.version:
        release.check_version(options.version)


def repro_rule(env, root, options, mirrors, offline):
    """Declares the `repro-check` alias: check() of options.repro_targets with the caller's
    options, download cache, mirrors and --offline passed on to both builds."""
    def repro_check(target, source, env_):
        child = dict(env_["ENV"], KOKORO_TVM_CACHE=options.cache_dir, KOKORO_TVM_MIRROR=os.pathsep.join(mirrors))
        check(root, build_arguments(list(options.repro_targets), options.arguments(PASSED_OPTIONS), options.version,
                                    offline), child)
    return env.AlwaysBuild(env.Alias("repro-check", [], python_action(
        repro_check, "repro-check: build in two clones at once, compare dist/ and the tag")))
