"""Releases: staging, SHA256SUMS, manifest, SBOM, deterministic archive, tag, verification.

The release rule runs here on a small stand-in of dist/ in a scratch git
checkout (the real lock and Python lock), so each property is checked in
seconds; `./scons release` runs the same function after building."""

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


def make(root, version="0.1.0", allow=True):
    return release.make_release(str(root), version, ["host", "ios"], FACTS, LOCK, allow)


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
    sums = open(os.path.join(folder, "SHA256SUMS")).read()
    assert "  host/bin/kokoro-tvm\n" in sums and "  manifest.json\n" in sums
    assert os.path.isfile(folder + ".tar.gz")
    assert sums in git(root, "tag", "-l", "--format=%(contents)", "v0.1.0")
    assert release.verify(folder) == [] and release.verify(folder + ".tar.gz") == []


def test_verify_names_each_changed_missing_and_extra_file(tmp_path):
    folder = make(checkout(tmp_path / "repo"))
    for rel in ("host/models/kokoro.weights", "manifest.json", "sbom.spdx.json"):
        path = os.path.join(folder, rel)
        data = bytearray(open(path, "rb").read())
        data[len(data) // 2] ^= 1
        open(path, "wb").write(bytes(data))
        assert release.verify(folder)[0] == f"changed: {rel}", rel
        data[len(data) // 2] ^= 1
        open(path, "wb").write(bytes(data))
    os.unlink(os.path.join(folder, "ios/models/kokoro.a"))
    open(os.path.join(folder, "host", "notes.txt"), "w").write("x")
    assert release.verify(folder) == ["missing: ios/models/kokoro.a", "extra: host/notes.txt"]


def test_scons_verify_fails_naming_the_file(tmp_path):
    folder = make(checkout(tmp_path / "repo"))
    good = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "verify", f"RELEASE={folder}.tar.gz"],
                          capture_output=True, text=True)
    assert good.returncode == 0 and "every file matches" in good.stdout, good.stdout + good.stderr
    with open(os.path.join(folder, "host", "lib", "libkokoro_tvm.a"), "ab") as f:
        f.write(b"!")
    bad = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "verify", f"RELEASE={folder}"],
                         capture_output=True, text=True)
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
