"""Release rule: a versioned, checksummed, verifiable copy of what was built.

In:  the version (x.y.z), the checkout (git: clean tree, no tag v<version>
     yet), the built dist/<profile>/ folders, the lock files, the facts of the
     build (tools and their versions, options) and whether synthetic weights
     may be released (ALLOW_SYNTHETIC=1).
Out: dist/release/kokoro-tvm-<version>/ holding a folder per profile, a
     manifest.json (version, commit, SOURCE_DATE_EPOCH, every locked input
     with its hashes, every tool with its version, the weights' identity, the
     build options, every file with its sha256), sbom.spdx.json (SPDX 2.3: the
     pinned inputs and Python packages), SHA256SUMS (every other file); then
     dist/release/kokoro-tvm-<version>.tar.gz (deterministic) and the annotated
     tag v<version> whose message holds the SHA256SUMS text.
     verify() checks a release folder or .tar.gz against its SHA256SUMS and
     manifest and names each missing, extra or changed file.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

from . import archive
from .fetch import file_sha256

VERSION = re.compile(r"\d+\.\d+\.\d+")
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
SBOM = "sbom.spdx.json"
PROFILE_PARTS = ("bin", "lib", "include", "models", "xcframework")


class ReleaseError(Exception):
    """The release cannot be made or does not verify; the message says what and why."""


def _git(root, *args):
    run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if run.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)}: {run.stderr.strip()[:300]}")
    return run.stdout.strip()


def check_version(version):
    """ReleaseError unless version is x.y.z."""
    if not VERSION.fullmatch(version or ""):
        raise ReleaseError(f"VERSION={version!r}: give the release version as x.y.z (e.g. VERSION=0.1.0)")


def check_can_release(root, version):
    """Stops a release before any work: bad version, dirty tree, tag already there."""
    check_version(version)
    dirty = _git(root, "status", "--porcelain", "--untracked-files=normal")
    if dirty:
        first = dirty.splitlines()[0]
        raise ReleaseError(f"the working tree has changes ({len(dirty.splitlines())} paths, first: {first.strip()}): "
                           f"commit or stash them; a release is made from a commit")
    if _git(root, "tag", "--list", f"v{version}"):
        raise ReleaseError(f"tag v{version} exists already: choose another VERSION")


def _files(folder):
    """Relative POSIX paths of the files under folder, sorted."""
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        found += [os.path.relpath(os.path.join(base, n), folder).replace(os.sep, "/") for n in names]
    return sorted(found)


def _copy_profile(root, profile, staging):
    source = os.path.join(root, "dist", profile)
    for part in PROFILE_PARTS:
        if os.path.isdir(os.path.join(source, part)):
            shutil.copytree(os.path.join(source, part), os.path.join(staging, profile, part))


def sbom(name, version, lock, python_lock_text, created):
    """SPDX 2.3 JSON of the pinned inputs and Python packages."""
    packages = []
    for item in sorted(lock.inputs.values(), key=lambda i: i.name):
        checksums = [{"algorithm": "SHA256", "checksumValue": f.sha256} for f in item.files]
        packages.append({
            "SPDXID": f"SPDXRef-Input-{re.sub(r'[^A-Za-z0-9.-]', '-', item.name)}",
            "name": item.name, "versionInfo": item.version,
            "downloadLocation": (item.sources[0] if item.sources else
                                 (item.files[0].sources[0] if item.files and item.files[0].sources else "NOASSERTION")),
            "checksums": checksums, "filesAnalyzed": False,
            **({"comment": f"git commit {item.commit}"} if item.commit else {}),
        })
    for package, pin, hashes in _python_pins(python_lock_text):
        packages.append({
            "SPDXID": f"SPDXRef-Python-{re.sub(r'[^A-Za-z0-9.-]', '-', package)}",
            "name": package, "versionInfo": pin, "downloadLocation": f"https://pypi.org/project/{package}/{pin}/",
            "checksums": [{"algorithm": "SHA256", "checksumValue": h} for h in hashes], "filesAnalyzed": False,
        })
    return {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": f"{name}-{version}", "documentNamespace": f"https://kokoro-tvm-build.invalid/spdx/{name}-{version}",
        "creationInfo": {"created": created, "creators": ["Tool: kokoro-tvm-build"]},
        "packages": packages,
        "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                           "relatedSpdxElement": p["SPDXID"]} for p in packages],
    }


def _python_pins(text):
    """(name, version, [sha256]) of each package of requirements.lock."""
    pins, current = [], None
    for line in text.splitlines():
        line = line.strip()
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s\\;]+)", line)
        if match:
            current = (match.group(1), match.group(2), [])
            pins.append(current)
        for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            if current:
                current[2].append(digest)
    return pins


def _write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def build_facts(root, env, tools, host_toolchain, platform, options):
    """What the release manifest records of this build: commit, source date, tools with their
    versions, the weights' identity (from the host models' manifest), the options."""
    import datetime

    import SCons

    from . import buildenv, cxx_toolchain, profiles, toolchains

    with open(os.path.join(root, "dist", "host", "models", "manifest.json"), encoding="utf-8") as f:
        models = json.load(f)
    version = lambda command: cxx_toolchain.tool_version(command, env)  # noqa: E731
    found = {"python": sys.version.split()[0], "scons": SCons.__version__,
             "cmake": version([tools["cmake"], "--version"]), "ninja": version([tools["ninja"], "--version"]),
             "cc (host)": version([host_toolchain.cc, "--version"]),
             "c++ (host)": version([host_toolchain.cxx, "--version"]),
             "rustc": toolchains.rustc_version(env) or "",
             "tvm": f"{models['compiler']['tvm']} ({models['compiler']['commit']})"}
    if platform.startswith("macos"):
        found["xcode"] = profiles.xcode_version(env) or ""
    epoch = buildenv.source_date_epoch(root)
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"commit": _git(root, "rev-parse", "HEAD"), "epoch": epoch, "source_date": date, "tools": found,
            "weights": models["weights"]["identity"], "options": options}


def make_release(root, version, profiles, facts, lock, allow_synthetic):
    """Stages, checksums, archives and tags the release (facts: build_facts()); returns the folder."""
    weights, epoch = facts["weights"], facts["epoch"]
    if weights.get("kind") == "synthetic" and not allow_synthetic:
        raise ReleaseError("the models use SYNTHETIC weights (no WEIGHTS= given): a release of them must be asked "
                           "for with ALLOW_SYNTHETIC=1, or build with WEIGHTS=... WEIGHTS_SHA256=...")
    name = f"kokoro-tvm-{version}"
    out_dir = os.path.join(root, "dist", "release")
    final = os.path.join(out_dir, name)
    os.makedirs(out_dir, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{name}.", dir=out_dir)
    try:
        for profile in profiles:
            _copy_profile(root, profile, staging)
        files = {rel: file_sha256(os.path.join(staging, rel)) for rel in _files(staging)}
        with open(os.path.join(root, "third_party", "requirements.lock"), encoding="utf-8") as f:
            python_lock = f.read()
        created = facts["source_date"]
        _write_json(os.path.join(staging, SBOM), sbom("kokoro-tvm", version, lock, python_lock, created))
        _write_json(os.path.join(staging, MANIFEST), {
            "name": "kokoro-tvm", "version": version, "commit": facts["commit"], "source_date_epoch": epoch,
            "profiles": list(profiles), "synthetic_weights": weights.get("kind") == "synthetic",
            "weights": weights, "tools": facts["tools"], "options": facts["options"],
            "inputs": {i.name: {"version": i.version, "kind": i.kind, "commit": i.commit,
                                "files": {f.platform: {"name": f.filename, "sha256": f.sha256, "size": f.size}
                                          for f in i.files}}
                       for i in lock.inputs.values()},
            "python_lock_sha256": hashlib.sha256(python_lock.encode()).hexdigest(),
            "files": files,
        })
        listed = dict(files, **{rel: file_sha256(os.path.join(staging, rel)) for rel in (MANIFEST, SBOM)})
        sums = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(listed.items()))
        with open(os.path.join(staging, SUMS), "w", encoding="utf-8") as f:
            f.write(sums)
        os.chmod(staging, 0o755)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    archive.write_tar(final, final + ".tar.gz", epoch, prefix=name)
    _tag(root, version, f"{name}\n\n{sums}", epoch)
    return final


def _tag(root, version, message, epoch):
    """The annotated tag v<version>, dated at the source date; the committer's identity is
    git's own, or the build's name when git has none configured."""
    env = dict(os.environ, GIT_COMMITTER_DATE=f"{epoch} +0000")
    if not subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True, text=True).stdout.strip():
        env.update(GIT_COMMITTER_NAME="kokoro-tvm-build", GIT_COMMITTER_EMAIL="release@kokoro-tvm-build.invalid")
    run = subprocess.run(["git", "tag", "-a", f"v{version}", "-F", "-"], cwd=root, input=message, text=True,
                         env=env, capture_output=True)
    if run.returncode != 0:
        raise ReleaseError(f"git tag v{version}: {run.stderr.strip()[:300]}")


def _read_release(path, work):
    """The folder of a release given as a folder or a .tar.gz (unpacked into work)."""
    if os.path.isdir(path):
        return path
    if not os.path.isfile(path) or not path.endswith((".tar.gz", ".tgz")):
        raise ReleaseError(f"RELEASE={path}: give a release folder or its .tar.gz")
    unpacked = os.path.join(work, "release")
    try:
        archive.unpack_archive(path, unpacked)
    except (archive.ArchiveError, tarfile.TarError, OSError) as e:
        raise ReleaseError(f"RELEASE={path}: cannot unpack: {e}") from None
    entries = os.listdir(unpacked)
    return os.path.join(unpacked, entries[0]) if len(entries) == 1 else unpacked


def verify(path):
    """Problems of a release as lines ('changed: host/bin/kokoro-tvm', ...); empty when it verifies."""
    with tempfile.TemporaryDirectory() as work:
        folder = _read_release(path, work)
        sums_path = os.path.join(folder, SUMS)
        if not os.path.isfile(sums_path):
            return [f"missing: {SUMS}"]
        listed = {}
        for line in open(sums_path, encoding="utf-8", errors="replace").read().splitlines():
            match = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
            if not match:
                return [f"changed: {SUMS} (line {line[:60]!r} is not '<sha256>  <path>')"]
            listed[match.group(2)] = match.group(1)
        present = set(_files(folder)) - {SUMS}
        problems = [f"missing: {rel}" for rel in sorted(set(listed) - present)]
        problems += [f"extra: {rel}" for rel in sorted(present - set(listed))]
        problems += [f"changed: {rel}" for rel in sorted(present & set(listed))
                     if file_sha256(os.path.join(folder, rel)) != listed[rel]]
        if MANIFEST in present and not any(p.endswith(f" {MANIFEST}") for p in problems):
            try:
                recorded = json.load(open(os.path.join(folder, MANIFEST), encoding="utf-8"))["files"]
            except (ValueError, KeyError):
                return problems + [f"changed: {MANIFEST} (not a release manifest)"]
            for rel, digest in sorted(recorded.items()):
                if listed.get(rel) != digest:
                    problems.append(f"changed: {rel} (differs from {MANIFEST})")
        return problems
