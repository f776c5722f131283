#!/usr/bin/env python3
"""Regenerate third_party/requirements.lock from third_party/python-requirements.in.

In:  python-requirements.in (top-level pins; a "[no-deps]" section for
     packages installed without their dependencies).
Out: requirements.lock: every package of the resolved closure as
     `name==version` with the sha256 of each file that may be installed:
     the file pip picks on this machine, plus PyPI's wheels of the same
     version for the other supported platforms (Linux x86_64 and aarch64,
     macOS arm64) and CPython 3.11. Sources are never listed: the lock is
     installed with --only-binary=:all: --require-hashes --no-deps.

The closure is resolved on the machine running this script (pip's own
resolver in --dry-run mode: nothing is installed). It must run with the
pinned Python version (3.11).
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request

from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS_IN = os.path.join(ROOT, "third_party", "python-requirements.in")
REQUIREMENTS_LOCK = os.path.join(ROOT, "third_party", "requirements.lock")
SIMPLE_INDEX = os.environ.get("KOKORO_LOCK_INDEX", "https://pypi.org/simple")


def read_requirements(path):
    """Returns (resolved requirements, no-deps requirements) of the .in file."""
    sections = {"main": [], "no-deps": []}
    current = "main"
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if line == "[no-deps]":
                current = "no-deps"
            elif line:
                sections[current].append(line)
    return sections["main"], sections["no-deps"]


def resolve(requirements, no_deps):
    """Runs pip's resolver without installing; returns its install report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
               "--ignore-installed", "--only-binary=:all:", "--report", report]
        if no_deps:
            cmd.append("--no-deps")
        subprocess.run(cmd + requirements, check=True)
        with open(report, encoding="utf-8") as f:
            return json.load(f)["install"]


def platform_of(tag):
    """The build's name for a wheel tag's platform, or None if unsupported."""
    plat = tag.platform
    if plat == "any":
        return "any"
    if plat.startswith("manylinux") and plat.endswith(("_x86_64", "_aarch64")):
        return "linux-" + plat.rsplit("_", 1)[1]
    if plat.startswith("macosx") and plat.endswith(("_arm64", "_universal2")):
        return "macos-arm64"
    return None


def runs_on_cpython311(tag):
    if tag.abi == "abi3":
        return tag.interpreter.startswith("cp3") and int(tag.interpreter[3:]) <= 11
    return tag.interpreter in ("cp311", "py3", "py311") and tag.abi in ("cp311", "none")


def wheel_platforms(filename):
    """Supported platforms of a wheel file for CPython 3.11 (empty if none)."""
    tags = parse_wheel_filename(filename)[3]
    return {platform_of(t) for t in tags if runs_on_cpython311(t) and platform_of(t)}


def index_files(name, version):
    """Files of one release as listed by the PEP 691 JSON simple index."""
    url = f"{SIMPLE_INDEX}/{canonicalize_name(name)}/"
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    result = []
    for entry in files:
        filename = entry["filename"]
        if not filename.endswith(".whl"):
            continue
        if str(parse_wheel_filename(filename)[1]) == version and wheel_platforms(filename):
            result.append((filename, entry["hashes"]["sha256"]))
    return result


def hashes_for(item):
    """sha256 list of one resolved package: the local pick plus PyPI's
    wheels of the same version for the other platforms."""
    name = item["metadata"]["name"]
    version = item["metadata"]["version"]
    picked_url = item["download_info"]["url"]
    picked_name = urllib.request.url2pathname(picked_url.rsplit("/", 1)[-1])
    picked_hash = item["download_info"]["archive_info"]["hashes"]["sha256"]
    hashes = {picked_hash}
    public_version = version.split("+", 1)[0]
    for filename, sha in index_files(name, public_version):
        if "+" in version and wheel_platforms(filename) & wheel_platforms(picked_name):
            continue  # a local build replaces PyPI's file on this platform
        hashes.add(sha)
    return name, public_version, sorted(hashes)


def write_lock(entries, no_deps_names):
    lines = [
        "# Hash-pinned Python environment of the build. GENERATED: do not edit.",
        "# Regenerate after editing third_party/python-requirements.in with:",
        "#",
        "#     python3.11 tools/lock_python.py",
        "#",
        "# Installed by ./scons into third_party/python-env with",
        "#     pip install --require-hashes --only-binary=:all: --no-deps -r requirements.lock",
        "# Hashes cover CPython 3.11 wheels for Linux x86_64 and aarch64 and macOS arm64;",
        "# on Linux x86_64, torch is PyTorch's CPU build (2.13.0+cpu).",
        "",
    ]
    for name, version, hashes in sorted(entries, key=lambda e: canonicalize_name(e[0])):
        if canonicalize_name(name) in no_deps_names:
            lines.append("# (listed in [no-deps]: its declared dependencies are not part of the lock)")
        lines.append(f"{canonicalize_name(name)}=={version} \\")
        for i, sha in enumerate(hashes):
            lines.append(f"    --hash=sha256:{sha}" + (" \\" if i < len(hashes) - 1 else ""))
    with open(REQUIREMENTS_LOCK + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(REQUIREMENTS_LOCK + ".tmp", REQUIREMENTS_LOCK)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"tools/lock_python.py: run it with Python 3.11 (this is {sys.version.split()[0]})")
    main_reqs, no_deps_reqs = read_requirements(REQUIREMENTS_IN)
    resolved = resolve(main_reqs, no_deps=False)
    resolved += resolve(no_deps_reqs, no_deps=True) if no_deps_reqs else []
    no_deps_names = {canonicalize_name(r.split("==")[0]) for r in no_deps_reqs}
    entries = [hashes_for(item) for item in resolved]
    write_lock(entries, no_deps_names)
    print(f"wrote {os.path.relpath(REQUIREMENTS_LOCK, ROOT)}: {len(entries)} packages")


if __name__ == "__main__":
    main()
