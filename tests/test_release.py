"""Releases: staging, SHA256SUMS, manifest, SBOM, deterministic archive, tag, verification.

The release rule runs here on a small stand-in of dist/ in a scratch git
checkout (the real lock and Python lock), so each property is checked in
seconds; `./scons release` runs the same function after building."""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import lock as lockfile, release  # noqa: E402

EPOCH = 1700000000
LOCK = lockfile.load(os.path.join(ROOT, "third_party", "lock.toml"))


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                                   GIT_COMMITTER_EMAIL="t@t", GIT_AUTHOR_DATE="1700000000 +0000",
                                   GIT_COMMITTER_DATE="1700000000 +0000")).stdout


def checkout(root):
    """A committed checkout with a built dist/ stand-in."""
    root.mkdir(parents=True)
    (root / ".gitignore").write_text("/dist/\n/third_party/python-env/\n")
    (root / "third_party").mkdir()
    shutil.copy(os.path.join(ROOT, "third_party", "requirements.lock"), root / "third_party" / "requirements.lock")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "source")
    for rel, data in (("host/bin/kokoro-tvm", b"\x7fELF tool"), ("host/lib/libkokoro_tvm.a", b"!<arch>\n"),
                      ("host/models/manifest.json", b"{}"), ("host/models/kokoro.weights", bytes(range(256))),
                      ("ios/models/kokoro.a", b"!<arch>\nios")):
        path = root / "dist" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "dist" / "host" / "bin" / "kokoro-tvm").chmod(0o755)
    return root


FACTS = {"commit": "0" * 40, "epoch": EPOCH, "source_date": "2023-11-14T22:13:20Z", "weights": {"kind": "synthetic", "seed": 1},
         "tools": {"python": "3.11.7"}, "options": {"buckets": "32"}}


def built_files(root):
    """What the stand-in build produced: every file under dist/host and dist/ios."""
    found = {}
    for base, _, names in os.walk(root / "dist"):
        for name in names:
            path = os.path.join(base, name)
            found[os.path.relpath(path, root / "dist")] = path
    return found


def make(root, version="0.1.0", allow=True, files=None, key=""):
    return release.make_release(str(root), version, files or built_files(root), FACTS, LOCK, allow, key)


def sums_sha256(folder):
    return hashlib.sha256(open(os.path.join(folder, "SHA256SUMS"), "rb").read()).hexdigest()


def test_release_has_profiles_manifest_sbom_sums_archive_and_tag(tmp_path):
    root = checkout(tmp_path / "repo")
    folder = make(root)
    files = sorted(os.listdir(folder))
    assert files == ["SHA256SUMS", "host", "ios", "manifest.json", "sbom.spdx.json"]
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    assert manifest["version"] == "0.1.0" and manifest["source_date_epoch"] == EPOCH
    assert manifest["synthetic_weights"] is True and manifest["weights"]["kind"] == "synthetic"
    assert manifest["inputs"]["apache-tvm"]["version"] == "0.26.0"
    assert "host/bin/kokoro-tvm" in manifest["files"]
    sbom = json.load(open(os.path.join(folder, "sbom.spdx.json")))
    names = {p["name"] for p in sbom["packages"]}
    assert sbom["spdxVersion"] == "SPDX-2.3" and {"apache-tvm-ffi", "tvm-source", "torch", "scons"} <= names
    model = {p["name"]: p for p in sbom["packages"] if p["SPDXID"].startswith("SPDXRef-Model-")}
    assert model["kokoro-v1.0.int8.onnx"]["licenseDeclared"] == "Apache-2.0 AND MIT"
    assert model["voices_ja.npz"]["licenseDeclared"] == "Apache-2.0" and "hexgrad" in model["voices_ja.npz"]["comment"]
    assert manifest["model"]["weights"]["licenses"] == ["Apache-2.0", "MIT"]
    assert manifest["model"]["weights"]["shipped"] is False     # this release's weights are synthetic
    sums = open(os.path.join(folder, "SHA256SUMS")).read()
    assert "  host/bin/kokoro-tvm\n" in sums and "  manifest.json\n" in sums
    assert os.path.isfile(folder + ".tar.gz")
    assert sums in git(root, "tag", "-l", "--format=%(contents)", "v0.1.0")
    for given in (folder, folder + ".tar.gz"):
        verdict = release.verify(given, str(root))
        assert verdict.problems == [] and verdict.forged == [] and verdict.ok(), verdict.lines()
        assert any("annotated tag v0.1.0" in line for line in verdict.authentic)


def test_verify_names_each_changed_missing_and_extra_file(tmp_path):
    folder = make(checkout(tmp_path / "repo"))
    for rel in ("host/models/kokoro.weights", "manifest.json", "sbom.spdx.json"):
        path = os.path.join(folder, rel)
        data = bytearray(open(path, "rb").read())
        data[len(data) // 2] ^= 1
        open(path, "wb").write(bytes(data))
        assert release.verify(folder).problems[0] == f"changed: {rel}", rel
        data[len(data) // 2] ^= 1
        open(path, "wb").write(bytes(data))
    os.unlink(os.path.join(folder, "ios/models/kokoro.a"))
    open(os.path.join(folder, "host", "notes.txt"), "w").write("x")
    assert release.verify(folder).problems == ["missing: ios/models/kokoro.a", "extra: host/notes.txt"]


def test_scons_verify_fails_naming_the_file(tmp_path):
    folder = make(checkout(tmp_path / "repo"))
    good = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "verify", f"RELEASE={folder}.tar.gz",
                           f"SUMS_SHA256={sums_sha256(folder)}"], capture_output=True, text=True)
    assert good.returncode == 0 and "intact and authentic" in good.stdout, good.stdout + good.stderr
    assert "verify: authentic: the sha256 of SHA256SUMS is" in good.stdout
    assert "verify: not checked: a signature" in good.stdout
    with open(os.path.join(folder, "host", "lib", "libkokoro_tvm.a"), "ab") as f:
        f.write(b"!")
    bad = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "verify", f"RELEASE={folder}",
                          f"SUMS_SHA256={sums_sha256(folder)}"], capture_output=True, text=True)
    assert bad.returncode != 0 and "verify: changed: host/lib/libkokoro_tvm.a" in bad.stdout


def test_release_is_refused_before_any_work(tmp_path):
    root = checkout(tmp_path / "repo")
    with pytest.raises(release.ReleaseError, match="VERSION='1.0': give the release version as x.y.z"):
        release.check_can_release(str(root), "1.0")
    with pytest.raises(release.ReleaseError, match="SYNTHETIC weights.*ALLOW_SYNTHETIC=1"):
        make(root, allow=False)
    (root / "README").write_text("edited")
    with pytest.raises(release.ReleaseError, match="the working tree has changes .*README"):
        release.check_can_release(str(root), "0.1.0")
    os.unlink(root / "README")
    make(root)
    with pytest.raises(release.ReleaseError, match="tag v0.1.0 exists already"):
        release.check_can_release(str(root), "0.1.0")


def test_two_clones_release_identical_bytes(tmp_path):
    first_root = checkout(tmp_path / "a")
    second_root = tmp_path / "deeper" / "b"
    second_root.parent.mkdir()
    subprocess.run(["git", "clone", "-q", str(first_root), str(second_root)], check=True)
    shutil.copytree(first_root / "dist" / "host", second_root / "dist" / "host")
    shutil.copytree(first_root / "dist" / "ios", second_root / "dist" / "ios")
    first = make(first_root)
    old = os.umask(0o077)
    try:
        second = make(second_root)
    finally:
        os.umask(old)
    for name in ("SHA256SUMS", "manifest.json", "sbom.spdx.json"):
        assert open(os.path.join(first, name), "rb").read() == open(os.path.join(second, name), "rb").read(), name
    assert open(first + ".tar.gz", "rb").read() == open(second + ".tar.gz", "rb").read()


def forge(folder, rel, data):
    """What an attacker does: replace a file, then recompute the manifest and SHA256SUMS."""
    open(os.path.join(folder, rel), "wb").write(data)
    manifest_path = os.path.join(folder, "manifest.json")
    manifest = json.load(open(manifest_path))
    manifest["files"][rel] = hashlib.sha256(data).hexdigest()
    json.dump(manifest, open(manifest_path, "w"))
    listed = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            listed[os.path.relpath(path, folder)] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    listed.pop("SHA256SUMS")
    listed.pop("SHA256SUMS.sig", None)
    open(os.path.join(folder, "SHA256SUMS"), "w").write("".join(f"{d}  {r}\n" for r, d in sorted(listed.items())))


def test_a_forged_release_passes_integrity_but_not_authenticity(tmp_path):
    root = checkout(tmp_path / "repo")
    folder = make(root)
    true_sums = sums_sha256(folder)
    forge(folder, "host/bin/kokoro-tvm", b"\x7fELF evil")
    verdict = release.verify(folder, str(root))
    assert verdict.problems == []                      # it is self-consistent...
    assert not verdict.ok() and verdict.forged == [f"SHA256SUMS differs from the one in the annotated tag v0.1.0 of {root}"]
    verdict = release.verify(folder, str(tmp_path), sums_sha256=true_sums)   # no tag there: the digest decides
    assert not verdict.ok() and "SUMS_SHA256 gave" in verdict.forged[0]
    with pytest.raises(release.ReleaseError, match="NOT AUTHENTIC"):
        release.report(folder, str(root), say=lambda line: None)


def test_verify_says_what_it_checked_and_refuses_an_unanchored_release(tmp_path):
    folder = make(checkout(tmp_path / "repo"))
    lines = []
    with pytest.raises(release.ReleaseError, match="nothing showed who made it.*SUMS_SHA256=.*INTEGRITY_ONLY=1"):
        release.report(folder, str(tmp_path), say=lines.append)   # tmp_path: not a clone with the tag
    assert lines[0] == "verify: integrity: all 8 files match SHA256SUMS and the manifest"
    assert any(line.startswith("verify: not checked: the release tag: no tag v0.1.0") for line in lines)
    assert any(line.startswith("verify: not checked: a signature") for line in lines)
    lines.clear()
    release.report(folder, str(tmp_path), integrity_only=True, say=lines.append)
    assert lines[-1].endswith("intact (integrity only, as asked)")


def test_signed_release_verifies_against_the_allowed_signers(tmp_path):
    root = checkout(tmp_path / "repo")
    keys = {}
    for who in ("maker", "mallory"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(tmp_path / who)], check=True)
        keys[who] = (tmp_path / f"{who}.pub").read_text().split()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"release@maker {keys['maker'][0]} {keys['maker'][1]}\n")
    folder = make(root, key=str(tmp_path / "maker"))
    assert os.path.isfile(os.path.join(folder, "SHA256SUMS.sig"))
    verdict = release.verify(folder + ".tar.gz", str(tmp_path), allowed_signers=str(allowed))
    assert verdict.ok() and verdict.authentic == [
        f"SHA256SUMS is signed by release@maker ({allowed}, namespace kokoro-tvm-release)"], verdict.lines()
    forge(folder, "host/models/kokoro.weights", b"zeros" * 10)
    verdict = release.verify(folder, str(tmp_path), allowed_signers=str(allowed))
    assert not verdict.ok() and "does not verify SHA256SUMS for release@maker" in verdict.forged[0]
    os.unlink(os.path.join(folder, "SHA256SUMS.sig"))
    release.sign(os.path.join(folder, "SHA256SUMS"), str(tmp_path / "mallory"))   # signed by another key
    verdict = release.verify(folder, str(tmp_path), allowed_signers=str(allowed))
    assert not verdict.ok() and "is not made by any key of" in verdict.forged[0]


def test_a_release_ships_only_what_the_build_recorded(tmp_path):
    root = checkout(tmp_path / "repo")
    files = built_files(root)
    (root / "dist" / "host" / "models" / "stray.bin").write_bytes(b"left over")
    folder = make(root, files=files)
    assert not os.path.exists(os.path.join(folder, "host", "models", "stray.bin"))
    assert "stray.bin" not in open(os.path.join(folder, "SHA256SUMS")).read()


def test_release_files_are_checked_against_the_models_record(tmp_path):
    from kokoro_build import outputs
    models = tmp_path / "dist" / "host" / "models"
    (models / "voices").mkdir(parents=True)
    blobs = {"kokoro.a": b"lib", "kokoro.weights": b"w" * 100, "voices/v.f32": b"\0" * 16}
    for rel, data in blobs.items():
        (models / rel).write_bytes(data)
    digest = {rel: hashlib.sha256(data).hexdigest() for rel, data in blobs.items()}
    (models / "manifest.json").write_text(json.dumps({
        "library": {"file": "kokoro.a", "sha256": digest["kokoro.a"]},
        "weights": {"file": "kokoro.weights", "sha256": digest["kokoro.weights"]},
        "voices": {"v": {"file": "voices/v.f32", "sha256": digest["voices/v.f32"]}}}))
    (models / "voices" / "stray.f32").write_bytes(b"x")
    found = outputs.release_files(str(tmp_path), [str(models / "manifest.json")])
    assert sorted(found) == ["host/models/kokoro.a", "host/models/kokoro.weights", "host/models/manifest.json",
                             "host/models/voices/v.f32"]
    (models / "voices" / "v.f32").write_bytes(b"\xff" * 16)
    with pytest.raises(outputs.OutputError, match="host/models/manifest.json: .*voices/v.f32.*build again"):
        outputs.release_files(str(tmp_path), [str(models / "manifest.json")])


def test_verify_never_reads_links_devices_or_fifos(tmp_path):
    import signal
    folder = make(checkout(tmp_path / "repo"))
    os.symlink("/dev/zero", os.path.join(folder, "host", "zero"))
    os.mkfifo(os.path.join(folder, "host", "fifo"))
    os.symlink("/", os.path.join(folder, "host", "rootdir"))
    signal.alarm(20)   # reading the FIFO or /dev/zero would hang: fail instead
    try:
        verdict = release.verify(folder)
    finally:
        signal.alarm(0)
    assert {"refused: host/zero (not a regular file; never read)", "refused: host/fifo (not a regular file; never read)",
            "refused: host/rootdir (not a regular file; never read)"} <= set(verdict.problems)


def hostile_release(tmp_path):
    """A release .tar.gz whose later members pass through links its earlier members make, aimed
    at the checkout's site_scons/ (where a site_init.py would run on the next ./scons)."""
    import io
    import tarfile
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        def add(name, kind=tarfile.REGTYPE, linkname="", data=b""):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, linkname, len(data)
            tf.addfile(info, io.BytesIO(data))
        add("kokoro-tvm-9.9.9/SHA256SUMS", data=b"")
        add("kokoro-tvm-9.9.9/a", tarfile.SYMTYPE, ".")
        add("kokoro-tvm-9.9.9/a/b", tarfile.SYMTYPE, "..")
        add("kokoro-tvm-9.9.9/a/b/c", tarfile.SYMTYPE, "..")
        add("kokoro-tvm-9.9.9/a/b/c/site_scons/site_init.py", data=b"raise SystemExit('planted')\n")
    path = tmp_path / "evil.tar.gz"
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_verify_of_a_hostile_archive_writes_nothing(tmp_path):
    from conftest import snapshot
    path = hostile_release(tmp_path)
    before = snapshot(str(tmp_path))
    with pytest.raises(release.ReleaseError, match="evil.tar.gz: .*not a regular file"):
        release.verify(path)
    assert snapshot(str(tmp_path)) == before
    assert not os.path.exists(os.path.join(ROOT, "site_scons", "site_init.py"))


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_an_interrupt_stops_verify_at_once(tmp_path, stop):
    """Ctrl-C or SIGTERM during a long verify (a 30 GB sparse file to hash) ends ./scons within
    seconds."""
    import signal
    import time
    folder = tmp_path / "release"
    folder.mkdir()
    with open(folder / "big", "wb") as f:
        f.truncate(30 << 30)
    run = subprocess.Popen([sys.executable, "-m", "SCons", "-C", ROOT, "verify", f"RELEASE={folder}", "INTEGRITY_ONLY=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(5)
    sent = time.monotonic()
    run.send_signal(getattr(signal, stop))
    out, _ = run.communicate(timeout=60)
    assert time.monotonic() - sent < 5, out
    assert run.returncode != 0 and "error: interrupted" in out


def test_a_killed_releases_staging_folder_is_removed_by_the_next(tmp_path):
    """kill -9 during staging leaves .kokoro-tvm-<version>.<pid>.<random>; the next release
    removes it once its writer is gone, and keeps a live writer's."""
    import time
    root = checkout(tmp_path / "repo")
    files = built_files(root)
    out = root / "dist" / "release"
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = out / f".kokoro-tvm-0.0.9.{dead.pid}.k1ll3d"
    live = out / f".kokoro-tvm-0.0.8.{os.getppid()}.wr1t1ng"
    for folder in (left, live):
        (folder / "host" / "bin").mkdir(parents=True)
        (folder / "host" / "bin" / "kokoro-tvm").write_bytes(b"half written")
        os.utime(folder, (time.time() - 120, time.time() - 120))
    make(root, files=files)
    assert not left.exists() and live.exists()
    assert sorted(os.listdir(out)) == [live.name, "kokoro-tvm-0.1.0", "kokoro-tvm-0.1.0.tar.gz"]
