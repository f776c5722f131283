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
     With SIGNING_KEY, SHA256SUMS.sig: an SSH signature of SHA256SUMS.
     verify() reads a release folder or .tar.gz without unpacking it (regular
     files only; links, devices and FIFOs are refused unread), names each
     missing, extra or changed file, and checks authenticity against what the
     release's maker cannot rewrite: a SHA256SUMS digest the user gives, the
     annotated tag in the trusted checkout, an SSH signature checked against
     the user's allowed signers. It says what was and was not checked.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

import SCons

from . import archive, buildenv, cxx_toolchain, outputs, toolchains
from .actions import python_action
from .digest import file_sha256, text_sha256, tree_files
from .errors import BuildError
from .leftovers import remove_leftovers

VERSION = re.compile(r"\d+\.\d+\.\d+")
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
SBOM = "sbom.spdx.json"


class ReleaseError(BuildError):
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
    for key, pinned in sorted(lock.model.items()):
        packages.append({
            "SPDXID": f"SPDXRef-Model-{key}", "name": pinned.name, "versionInfo": pinned.sha256[:12],
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
            "checksums": [{"algorithm": "SHA256", "checksumValue": pinned.sha256}],
            "licenseConcluded": " AND ".join(pinned.licenses), "licenseDeclared": " AND ".join(pinned.licenses),
            "comment": f"{pinned.origin}; made from the inputs {', '.join(name for name, _ in pinned.parts)}",
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


def build_facts(root, env, tools, host_toolchain, platform, options, models_manifest):
    """What the release manifest records of this build: commit, source date, tools with their
    versions, the weights' identity (from a models' manifest: every profile's has the same), the options."""
    with open(models_manifest, encoding="utf-8") as f:
        models = json.load(f)
    version = lambda command: cxx_toolchain.tool_version(command, env)  # noqa: E731
    found = {"python": sys.version.split()[0], "scons": SCons.__version__,
             "cmake": version([tools["cmake"], "--version"]), "ninja": version([tools["ninja"], "--version"]),
             "cc (host)": version([host_toolchain.cc, "--version"]),
             "c++ (host)": version([host_toolchain.cxx, "--version"]),
             "rustc": toolchains.rustc_version(env) or "",
             "tvm": f"{models['compiler']['tvm']} ({models['compiler']['commit']})",
             "archiver": models["compiler"].get("archiver", "")}
    if platform.startswith("macos"):
        found["xcode"] = cxx_toolchain.xcode_version(env) or ""
    epoch = buildenv.source_date_epoch(root)
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sources = [models["weights"]["identity"].get("sha256")] + \
        [v.get("source", {}).get("sha256") for v in models["voices"].values()]
    return {"commit": _git(root, "rev-parse", "HEAD"), "epoch": epoch, "source_date": date, "tools": found,
            "weights": models["weights"]["identity"], "options": options,
            "model_sources": sorted({s for s in sources if s})}


def make_release(root, version, files, facts, lock, allow_synthetic, signing_key=""):
    """Stages, checksums, (signs,) archives and tags the release; returns the folder.

    files: {path under dist/ ('host/bin/kokoro-tvm'): the file}, exactly what the build
    produced and recorded (outputs.release_files), so nothing else in dist/ is shipped;
    facts: build_facts(); signing_key: an SSH private key that signs SHA256SUMS."""
    weights, epoch = facts["weights"], facts["epoch"]
    if weights.get("kind") == "synthetic" and not allow_synthetic:
        raise ReleaseError("the models use SYNTHETIC weights (WEIGHTS=synthetic): a release of them must be asked "
                           "for with ALLOW_SYNTHETIC=1, or build with the pinned weights (the default) or "
                           "WEIGHTS=<file> WEIGHTS_SHA256=...")
    name = f"kokoro-tvm-{version}"
    out_dir = os.path.join(root, "dist", "release")
    final = os.path.join(out_dir, name)
    os.makedirs(out_dir, exist_ok=True)
    remove_leftovers(out_dir, r"\.kokoro-tvm-.+\.(\d+)\.[^.]+")    # a killed release's staging folder
    staging = tempfile.mkdtemp(prefix=f".{name}.{os.getpid()}.", dir=out_dir)
    try:
        for rel, path in sorted(files.items()):
            os.makedirs(os.path.dirname(os.path.join(staging, rel)), exist_ok=True)
            shutil.copy2(path, os.path.join(staging, rel))
        profiles = sorted({rel.split("/")[0] for rel in files})
        files = {rel: file_sha256(os.path.join(staging, rel)) for rel in tree_files(staging)}
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
            "python_lock_sha256": text_sha256(python_lock),
            "model": {key: {"file": p.name, "sha256": p.sha256, "licenses": list(p.licenses), "origin": p.origin,
                            "shipped": p.sha256 in facts.get("model_sources", [])}
                      for key, p in sorted(lock.model.items())},
            "files": files,
        })
        listed = dict(files, **{rel: file_sha256(os.path.join(staging, rel)) for rel in (MANIFEST, SBOM)})
        sums = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(listed.items()))
        with open(os.path.join(staging, SUMS), "w", encoding="utf-8") as f:
            f.write(sums)
        if signing_key:
            sign(os.path.join(staging, SUMS), signing_key)
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


SIGNATURE = SUMS + ".sig"
SIGNATURE_NAMESPACE = "kokoro-tvm-release"
SMALL_FILES = (SUMS, MANIFEST, SIGNATURE)   # read into memory while hashing (bounded)
SMALL_LIMIT = 64 << 20


def sign(sums_path, key):
    """Writes <sums_path>.sig: an SSH signature (ssh-keygen -Y sign) of SHA256SUMS."""
    if not os.path.isfile(key):
        raise ReleaseError(f"SIGNING_KEY={key}: no such file (give an SSH private key, e.g. ~/.ssh/id_ed25519)")
    run = subprocess.run(["ssh-keygen", "-Y", "sign", "-q", "-f", key, "-n", SIGNATURE_NAMESPACE, sums_path],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        raise ReleaseError(f"SIGNING_KEY={key}: ssh-keygen could not sign: {run.stderr.strip()[:300]}")


class Contents:
    """A release read without unpacking: every file's sha256, the small files' bytes, and
    the members refused (never read)."""

    def __init__(self):
        self.digests, self.small, self.refused = {}, {}, []

    def add(self, rel, size, reader):
        digest = hashlib.sha256()
        keep = rel in SMALL_FILES and size <= SMALL_LIMIT
        kept = []
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            if keep:
                kept.append(chunk)
        self.digests[rel] = digest.hexdigest()
        if keep:
            self.small[rel] = b"".join(kept)


def read_release(path):
    """Contents of a release given as a folder or a .tar.gz; nothing is unpacked or written,
    and nothing but regular files is opened."""
    contents = Contents()
    if os.path.isdir(path):
        for base, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(base, d))]:
                full = os.path.join(base, name)
                rel = os.path.relpath(full, path).replace(os.sep, "/")
                try:   # no link followed, no FIFO waited on; the opened file itself is checked
                    fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                except OSError:
                    contents.refused.append(rel)
                    continue
                with os.fdopen(fd, "rb") as f:
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode):
                        contents.refused.append(rel)
                        continue
                    contents.add(rel, st.st_size, f)
        return contents
    if not os.path.isfile(path) or not path.endswith((".tar.gz", ".tgz")):
        raise ReleaseError(f"RELEASE={path}: give a release folder or its .tar.gz")
    top = None
    try:
        for member, size, reader in archive.iter_tar_files(path):
            first, _, rel = member.partition("/")
            if not rel or top not in (None, first):
                raise ReleaseError(f"RELEASE={path}: member {member!r} is not inside the release's one folder")
            top = first
            contents.add(rel, size, reader)
    except archive.ArchiveError as e:
        raise ReleaseError(f"RELEASE={path}: {e}") from None
    return contents


def _sums_lines(text):
    """{path: sha256} of SHA256SUMS text, or None when a line is not '<sha256>  <path>'."""
    listed = {}
    for line in text.splitlines():
        match = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
        if not match:
            return None
        listed[match.group(2)] = match.group(1)
    return listed


def integrity_problems(contents):
    """Lines naming each refused, missing, extra or changed file; empty when every file
    matches SHA256SUMS and the manifest."""
    problems = [f"refused: {rel} (not a regular file; never read)" for rel in contents.refused]
    if SUMS not in contents.small:
        return problems + [f"missing: {SUMS}"]
    listed = _sums_lines(contents.small[SUMS].decode("utf-8", "replace"))
    if listed is None:
        return problems + [f"changed: {SUMS} (a line is not '<sha256>  <path>')"]
    present = set(contents.digests) - {SUMS, SIGNATURE}
    problems += [f"missing: {rel}" for rel in sorted(set(listed) - present)]
    problems += [f"extra: {rel}" for rel in sorted(present - set(listed))]
    problems += [f"changed: {rel}" for rel in sorted(present & set(listed)) if contents.digests[rel] != listed[rel]]
    if MANIFEST in contents.small and not any(p.endswith(f" {MANIFEST}") for p in problems):
        try:
            recorded = json.loads(contents.small[MANIFEST])["files"]
            recorded = dict(recorded.items())
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return problems + [f"changed: {MANIFEST} (not a release manifest)"]
        for rel, digest in sorted(recorded.items()):
            if listed.get(rel) != digest:
                problems.append(f"changed: {rel} (differs from {MANIFEST})")
    return problems


class Verdict:
    """What verify found: integrity problems, and per authenticity anchor whether it was
    checked and held (authentic), checked and failed (forged), or could not be checked."""

    def __init__(self, files, problems):
        self.files, self.problems = files, problems
        self.authentic, self.forged, self.not_checked = [], [], []

    def ok(self, integrity_only=False):
        return not self.problems and not self.forged and (bool(self.authentic) or integrity_only)

    def lines(self):
        out = list(self.problems)
        if not self.problems:
            out.append(f"integrity: all {self.files} files match {SUMS} and the manifest")
        out += [f"AUTHENTICITY FAILED: {line}" for line in self.forged]
        out += [f"authentic: {line}" for line in self.authentic]
        out += [f"not checked: {line}" for line in self.not_checked]
        return out


def _tag_sums(root, tag):
    """The SHA256SUMS text recorded in the annotated tag of the trusted checkout root, or None."""
    run = subprocess.run(["git", "cat-file", "tag", f"refs/tags/{tag}"], cwd=root, capture_output=True)
    if run.returncode != 0:
        return None
    body = run.stdout.decode("utf-8", "replace").partition("\n\n")[2]
    body = body.split("-----BEGIN ")[0]   # a signed tag's signature follows the message
    return "".join(line + "\n" for line in body.splitlines() if re.fullmatch(r"[0-9a-f]{64}  .+", line))


def _check_signature(contents, allowed_signers, verdict):
    if SIGNATURE not in contents.small:
        verdict.forged.append(f"ALLOWED_SIGNERS was given but the release has no {SIGNATURE}")
        return
    if not os.path.isfile(allowed_signers):
        raise ReleaseError(f"ALLOWED_SIGNERS={allowed_signers}: no such file (an ssh allowed_signers file: "
                           f"'<principal> <key type> <public key>' per line)")
    with tempfile.TemporaryDirectory() as work:
        signature = os.path.join(work, SIGNATURE)
        with open(signature, "wb") as f:
            f.write(contents.small[SIGNATURE])
        find = subprocess.run(["ssh-keygen", "-Y", "find-principals", "-s", signature, "-f", allowed_signers],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        principal = find.stdout.split("\n")[0].strip() if find.returncode == 0 else ""
        if not principal:
            verdict.forged.append(f"{SIGNATURE} is not made by any key of {allowed_signers}")
            return
        check = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", allowed_signers, "-I", principal,
                                "-n", SIGNATURE_NAMESPACE, "-s", signature],
                               input=contents.small[SUMS], capture_output=True)
    if check.returncode == 0:
        verdict.authentic.append(f"{SUMS} is signed by {principal} ({allowed_signers}, namespace "
                                 f"{SIGNATURE_NAMESPACE})")
    else:
        verdict.forged.append(f"{SIGNATURE} does not verify {SUMS} for {principal}: "
                              f"{check.stderr.decode('utf-8', 'replace').strip()[:200]}")


def verify(path, root=None, sums_sha256="", tag="", allowed_signers=""):
    """Checks a release (folder or .tar.gz) without unpacking it: integrity (every file
    against SHA256SUMS and the manifest) and authenticity against what its maker cannot
    rewrite: a digest of SHA256SUMS the user gives, the annotated tag in the trusted
    checkout root (TAG, default v<version of the manifest>), an SSH signature checked
    against the user's allowed signers. Returns a Verdict."""
    contents = read_release(path)
    verdict = Verdict(len(contents.digests), integrity_problems(contents))
    sums = contents.small.get(SUMS)
    if sums is None:
        return verdict
    if sums_sha256:
        found = text_sha256(sums)
        (verdict.authentic if found == sums_sha256.lower() else verdict.forged).append(
            f"the sha256 of {SUMS} is {found}; SUMS_SHA256 gave {sums_sha256.lower()}")
    else:
        verdict.not_checked.append(f"a digest of {SUMS} from a trusted channel (give SUMS_SHA256=<sha256>)")
    if not tag:
        try:
            tag = "v" + json.loads(contents.small.get(MANIFEST, b"{}"))["version"]
        except (ValueError, KeyError, TypeError, RecursionError):
            tag = ""
    recorded = _tag_sums(root, tag) if root and tag else None
    if recorded is None:
        verdict.not_checked.append(f"the release tag: {'no tag ' + tag if tag else 'no version'} in "
                                   f"{root or 'a trusted checkout'} (fetch the project's tags, or give TAG=)")
    elif recorded == sums.decode("utf-8", "replace"):
        verdict.authentic.append(f"{SUMS} equals the one in the annotated tag {tag} of {root}")
    else:
        verdict.forged.append(f"{SUMS} differs from the one in the annotated tag {tag} of {root}")
    if allowed_signers:
        _check_signature(contents, allowed_signers, verdict)
    elif SIGNATURE in contents.small:
        verdict.not_checked.append(f"the signature {SIGNATURE} (give ALLOWED_SIGNERS=<allowed_signers file>)")
    else:
        verdict.not_checked.append("a signature (the release has none; releases made with SIGNING_KEY= have one)")
    verdict.not_checked.append("that these bytes are what the tagged commit builds (./scons repro-check at that "
                               "commit shows it)")
    return verdict


def report(path, root, sums_sha256="", tag="", allowed_signers="", integrity_only=False, say=print):
    """verify() as the verify target runs it: says each finding, and raises ReleaseError
    unless the release is intact and at least one authenticity check held (or the user
    asked for integrity only)."""
    if not path:
        raise ReleaseError("verify needs RELEASE=<release folder or .tar.gz>")
    verdict = verify(path, root, sums_sha256, tag, allowed_signers)
    for line in verdict.lines():
        say(f"verify: {line}")
    if verdict.problems:
        raise ReleaseError(f"{path}: {len(verdict.problems)} file(s) do not match {SUMS}")
    if verdict.forged:
        raise ReleaseError(f"{path}: NOT AUTHENTIC: {verdict.forged[0]}")
    if not verdict.ok(integrity_only):
        raise ReleaseError(f"{path}: the files match {SUMS}, but nothing showed who made it: anyone can rewrite "
                           f"{SUMS} and the manifest. Give SUMS_SHA256=<sha256 of {SUMS} from the release notes>, "
                           f"verify in a clone that has the release tag (or TAG=), or ALLOWED_SIGNERS=<file> for "
                           f"a signed release; INTEGRITY_ONLY=1 accepts an unauthenticated release")
    say(f"verify: {path}: {'intact (integrity only, as asked)' if not verdict.authentic else 'intact and authentic'}")


def check_before_work(root, targets, options):
    """A release stops before any work when it cannot be made (version, dirty tree, tag)."""
    if "release" in targets:
        check_can_release(root, options.version)


def release_rule(env, root, nodes, options, lock, facts):
    """Declares the `release` alias: nodes (every output a release of this machine holds,
    and the files they record) staged, checksummed, archived and tagged as options.version.
    facts: a function giving build_facts() when the release runs."""
    def make(target, source, env_):
        files = outputs.release_files(root, [str(n.abspath) for n in nodes])
        folder = make_release(root, options.version, files, facts(), lock, options.allow_synthetic,
                              options.signing_key)
        print(f"release: {os.path.relpath(folder, root)} (+ .tar.gz), tag v{options.version}", flush=True)
    return env.AlwaysBuild(env.Alias("release", nodes, python_action(make, "release: stage, checksum, archive, tag")))


def verify_rule(env, root, options):
    """Declares the `verify` alias: report() on options.release with the trust the options give."""
    def verify_release(target, source, env_):
        report(options.release, root, options.sums_sha256, options.tag, options.allowed_signers,
               options.integrity_only, say=lambda line: print(line, flush=True))
    return env.AlwaysBuild(env.Alias("verify", [], python_action(verify_release, None)))
