#!/usr/bin/env python3
"""Regenerate third_party/requirements.lock from third_party/python-requirements.in.

In:  python-requirements.in (top-level pins; a "[no-deps]" section for
     packages installed without their dependencies; "[source NAME INDEX]"
     sections for packages that come from one of several indexes, in order)
     and the current requirements.lock (its versions are kept unless
     --upgrade is given).
Out: requirements.lock: every package of the resolved closure as
     `name==version` with the sha256 of each file that may be installed:
     the file pip picks on this machine, plus PyPI's wheels of the same
     version for the other supported platforms (Linux x86_64 and aarch64,
     macOS arm64) and CPython 3.11. Sources are never listed: the lock is
     installed with --only-binary=:all: --require-hashes --no-deps.
     The packages of a [source] section are left out of the common part;
     the lock gets a `# [source NAME INDEX]` section for each, pinning the
     files that index serves for every supported platform, one `# file`
     line per file of the named packages (name, sha256, size), and the
     packages only that index's build needs (resolved per Linux platform
     from the index's own metadata, without downloading the wheels), behind
     the markers of the platforms that need them. An index this machine
     cannot reach keeps the files the lock already pins for it, plus the
     file pip picked here when it carries that index's local version label.

The closure is resolved on the machine running this script (pip's own
resolver in --dry-run mode: nothing is installed). It must run with the
pinned Python version (3.11).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS_IN = os.path.join(ROOT, "third_party", "python-requirements.in")
REQUIREMENTS_LOCK = os.path.join(ROOT, "third_party", "requirements.lock")
SIMPLE_INDEX = os.environ.get("KOKORO_LOCK_INDEX", "https://pypi.org/simple")


LINUX_PLATFORMS = ("x86_64", "aarch64")
LINUX_MARKER = 'sys_platform == "linux"'


def read_requirements(path):
    """Returns (resolved requirements, no-deps requirements, {(source, index): requirements}) of the .in file."""
    sections = {"main": [], "no-deps": []}
    sources = {}
    current = sections["main"]
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            source = re.fullmatch(r"\[source (\S+) (\S+)\]", line)
            if line == "[no-deps]":
                current = sections["no-deps"]
            elif source:
                current = sources.setdefault((source.group(1), source.group(2)), [])
            elif line:
                current.append(line)
    return sections["main"], sections["no-deps"], sources


def locked_versions(path):
    """{canonical name: version} of an existing lock (its common part and sections)."""
    versions = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", f.read(), re.M):
                versions.setdefault(canonicalize_name(m.group(1)), m.group(2))
    return versions


def resolve(requirements, no_deps, constraints=(), extra=()):
    """Runs pip's resolver without installing; returns its install report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
               "--ignore-installed", "--only-binary=:all:", "--report", report, *extra]
        if no_deps:
            cmd.append("--no-deps")
        if constraints:
            with open(os.path.join(tmp, "constraints.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(constraints) + "\n")
            cmd += ["-c", os.path.join(tmp, "constraints.txt")]
        subprocess.run(cmd + list(requirements), check=True)
        with open(report, encoding="utf-8") as f:
            return json.load(f)["install"]


def linux_platform_args(machine):
    """pip's options resolving for CPython 3.11 on manylinux of one machine (metadata only)."""
    tags = [f"manylinux_2_{n}_{machine}" for n in range(17, 40)] + [f"manylinux2014_{machine}"]
    if machine == "x86_64":
        tags += [f"manylinux_2_{n}_{machine}" for n in range(5, 17)] + ["manylinux1_x86_64", "manylinux2010_x86_64"]
    args = ["--isolated", "--python-version", "3.11", "--implementation", "cp"]
    for tag in tags:
        args += ["--platform", tag]
    return args


def platform_of(tag):
    """The build's name for a wheel tag's platform, or None if unsupported."""
    plat = tag.platform
    if plat == "any":
        return "any"
    if plat.startswith("manylinux") and plat.endswith(("_x86_64", "_aarch64")):
        return "linux-" + ("x86_64" if plat.endswith("_x86_64") else "aarch64")
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


def index_files(name, version, index=None):
    """(file name, sha256, size) of one release as listed by a PEP 691 JSON simple index."""
    url = f"{(index or SIMPLE_INDEX).rstrip('/')}/{canonicalize_name(name)}/"
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    result = []
    for entry in files:
        filename = entry["filename"]
        if not filename.endswith(".whl"):
            continue
        if str(parse_wheel_filename(filename)[1]) == version and wheel_platforms(filename):
            result.append((filename, entry["hashes"]["sha256"], entry.get("size", 0)))
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
    for filename, sha, _ in index_files(name, public_version):
        if "+" in version and wheel_platforms(filename) & wheel_platforms(picked_name):
            continue  # a local build replaces PyPI's file on this platform
        hashes.add(sha)
    return name, public_version, sorted(hashes)


def entry_lines(name, version, hashes, marker=""):
    lines = [f"{canonicalize_name(name)}=={version}" + (f" ; {marker}" if marker else "") + " \\"]
    for i, sha in enumerate(hashes):
        lines.append(f"    --hash=sha256:{sha}" + (" \\" if i < len(hashes) - 1 else ""))
    return lines


def previous_section(name):
    """The lines of one [source] section of the current lock ([] if none)."""
    if not os.path.exists(REQUIREMENTS_LOCK):
        return []
    with open(REQUIREMENTS_LOCK, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"^# \[source " + re.escape(name) + r" \S+\]\n(.*?)(?=^# \[source |\Z)", text, re.M | re.S)
    return match.group(1).rstrip("\n").splitlines() if match else []


def unreachable_section(source, requirements, picked):
    """A section's lines from the current lock's, plus the file pip picked on this machine
    where it carries a local version label (the index's own build, from a local folder)."""
    kept = previous_section(source)
    files = [line for line in kept if line.startswith("#   file ")]
    hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", "\n".join(kept)))
    lines = []
    for requirement in requirements:
        name, version = requirement.split("==")
        item = picked.get(canonicalize_name(name))
        if item and "+" in item["metadata"]["version"]:
            path = urllib.request.url2pathname(item["download_info"]["url"].split("file://", 1)[-1])
            sha = item["download_info"]["archive_info"]["hashes"]["sha256"]
            if sha not in hashes:
                files.append(f"#   file {os.path.basename(path)} sha256:{sha} {os.path.getsize(path)}")
                hashes.add(sha)
        lines += sorted(files) + entry_lines(name, version, sorted(hashes))
    return lines


def source_section(source, index, requirements, picked, common_pins):
    """The lines of one [source] section: its named packages' files as that index serves them,
    and what only that index's build needs, per Linux platform."""
    lines = [f"# [source {source} {index}]"]
    names = {canonicalize_name(r.split("==")[0]) for r in requirements}
    try:
        served = {r: index_files(r.split("==")[0], r.split("==")[1], index) for r in requirements}
    except OSError as e:
        print(f"lock_python: {index} not reachable ({e}): the [source {source}] section keeps the files "
              f"the lock pins for it, and takes the file picked here if it is that index's build", file=sys.stderr)
        return lines + unreachable_section(source, requirements, picked)
    for requirement, files in served.items():
        name, version = requirement.split("==")
        for filename, sha, size in files:
            lines.append(f"#   file {filename} sha256:{sha} {size}")
        lines += entry_lines(name, version, sorted({sha for _, sha, _ in files}))
    needs = {}
    for machine in LINUX_PLATFORMS:
        with tempfile.TemporaryDirectory() as target:
            for item in resolve(requirements, False, [f"{n}=={v}" for n, v in common_pins.items()],
                                ["--index-url", index, "--target", target] + linux_platform_args(machine)):
                name = canonicalize_name(item["metadata"]["name"])
                if name not in names and name not in common_pins:
                    needs[name] = item["metadata"]["version"]
    for name, version in sorted(needs.items()):
        hashes = sorted({sha for filename, sha, _ in index_files(name, version, index)
                         if wheel_platforms(filename) & ({"any"} | {f"linux-{m}" for m in LINUX_PLATFORMS})})
        lines += entry_lines(name, version, hashes, LINUX_MARKER)
    return lines


def write_lock(entries, no_deps_names, sections):
    lines = [
        "# Hash-pinned Python environment of the build. GENERATED: do not edit.",
        "# Regenerate after editing third_party/python-requirements.in with:",
        "#",
        "#     python3.11 tools/lock_python.py",
        "#",
        "# Installed by ./scons into third_party/python-env (site_scons/kokoro_build/pyenv.py) with",
        "#     pip install --require-hashes --only-binary=:all: --no-deps -r <part>",
        "# for the common part, then for the first [source] section below that installs,",
        "# from the local folders first, then from each section's index in order.",
        "# Hashes cover CPython 3.11 wheels for Linux x86_64 and aarch64 and macOS arm64.",
        "",
    ]
    for name, version, hashes in sorted(entries, key=lambda e: canonicalize_name(e[0])):
        if canonicalize_name(name) in no_deps_names:
            lines.append("# (listed in [no-deps]: its declared dependencies are not part of the lock)")
        lines += entry_lines(name, version, hashes)
    for section in sections:
        lines += [""] + section
    with open(REQUIREMENTS_LOCK + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(REQUIREMENTS_LOCK + ".tmp", REQUIREMENTS_LOCK)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"tools/lock_python.py: run it with Python 3.11 (this is {sys.version.split()[0]})")
    upgrade = "--upgrade" in sys.argv[1:]
    main_reqs, no_deps_reqs, sources = read_requirements(REQUIREMENTS_IN)
    kept = {} if upgrade else locked_versions(REQUIREMENTS_LOCK)
    source_names = {canonicalize_name(r.split("==")[0]) for reqs in sources.values() for r in reqs}
    first = next(iter(sources.values()), [])   # the common part holds what the first source's packages need
    constraints = [f"{n}=={v}" for n, v in kept.items() if n not in source_names]
    resolved = resolve(main_reqs + first, no_deps=False, constraints=constraints)
    resolved += resolve(no_deps_reqs, no_deps=True) if no_deps_reqs else []
    no_deps_names = {canonicalize_name(r.split("==")[0]) for r in no_deps_reqs}
    picked = {canonicalize_name(item["metadata"]["name"]): item for item in resolved}
    entries = [hashes_for(item) for item in resolved if canonicalize_name(item["metadata"]["name"]) not in source_names]
    common_pins = {canonicalize_name(name): version for name, version, _ in entries}
    sections = [source_section(source, index, reqs, picked, common_pins) for (source, index), reqs in sources.items()]
    write_lock(entries, no_deps_names, sections)
    print(f"wrote {os.path.relpath(REQUIREMENTS_LOCK, ROOT)}: {len(entries)} packages, "
          f"{len(sections)} source sections")


if __name__ == "__main__":
    main()
