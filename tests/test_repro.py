"""Reproducibility: `./scons repro-check` builds the release in two clones
at once, with other time zones, umasks, locales, temporary folders, folder
names and clone depths, and finds every file and the tag identical to the
byte, and identical to this checkout's own build; a difference is reported
with the file and the offset. The suite checks the models of every profile
that way, with one bucket each; the whole release is a slow test."""

import io
import json
import os
import subprocess

import pytest

from conftest import ROOT, git
from kokoro_build import buildenv, repro

RELEASE = "dist/release/kokoro-tvm-0.0.0"


def repro_check(*arguments):
    run = subprocess.run([os.path.join(ROOT, "scons"), "repro-check", *arguments], cwd=ROOT,
                         env=buildenv.child_environment(ROOT), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    for variation in ("full clone, TZ=UTC, umask 022, LC_ALL=C.UTF-8",
                      "shallow clone (depth 1), TZ=Asia/Kathmandu, umask 077, LC_ALL=POSIX"):
        assert variation in run.stdout
    return run.stdout


def test_models_built_in_two_clones_are_identical():
    """The suite's check: every profile's models (both CPU levels of the host's) with one token
    and one frame bucket, every step of the compile with five functions a level instead of 39;
    the whole release with the default buckets is the slow test below."""
    report = repro_check("REPRO_TARGETS=models", "MODEL_TOKEN_BUCKETS=32", "MODEL_FRAME_BUCKETS=64")
    for profile in ("host", "ios", "cuda"):
        for name in ("kokoro.a", "kokoro.weights", "manifest.json", "voices/jf_alpha.f32"):
            assert f"  dist/{profile}/models/{name}\n" in report, (profile, name)
    assert "files under dist/ are byte-identical in both builds" in report
    manifest = os.path.join(ROOT, "build", "repro", "a", "kokoro-tvm", "dist", "host", "models", "manifest.json")
    manifest = json.load(open(manifest, encoding="utf-8"))
    assert manifest["buckets"] == {"frames": [64], "tokens": [32]} and len(manifest["cpu"]["levels"]) >= 2


@pytest.mark.slow   # the release of every profile with the default buckets, built twice
def test_release_built_in_two_clones_is_identical():
    report = repro_check()
    for name in ("SHA256SUMS", "manifest.json", "sbom.spdx.json", "host/bin/kokoro-tvm", "host/lib/libtvm_runtime.a",
                 "host/models/kokoro.a", "ios/models/kokoro.a", "ios/models/kokoro.weights", "cuda/models/kokoro.a"):
        assert f"  {RELEASE}/{name}\n" in report
    assert f"  {RELEASE}.tar.gz\n" in report and " tag v0.0.0\n" in report
    assert "files under dist/ and the tag are byte-identical in both builds" in report
    clone = os.path.join(ROOT, "build", "repro", "a", "kokoro-tvm", "dist")
    for profile in ("host", "ios", "cuda"):  # the same as this checkout's own build, a third root
        theirs = repro.file_digests(os.path.join(clone, profile))
        ours = repro.file_digests(os.path.join(ROOT, "dist", profile))
        assert theirs and {name: ours.get(name) for name in theirs} == theirs, profile


def test_a_failing_build_is_named_with_its_log(tmp_path):
    root = str(tmp_path / "checkout")
    subprocess.run(["git", "clone", "--quiet", ROOT, root], check=True)
    out = io.StringIO()
    with pytest.raises(repro.ReproFailed, match=r"the build in build/repro/a/kokoro-tvm failed \(exit 2\); "
                                                r"see .*/build/logs/repro-a.log"):
        repro.check(root, ["no-such-target"], buildenv.child_environment(root), out)
    with open(os.path.join(root, "build", "logs", "repro-a.log"), encoding="utf-8") as log:
        assert "no-such-target" in log.read()
    assert "[repro b] build/repro/b/deeper dir/ōther-name, shallow clone (depth 1)" in out.getvalue()


def test_build_arguments_carry_the_callers_options():
    arguments = repro.build_arguments(["release"], {"MODEL_TOKEN_BUCKETS": "32", "VOICES": "/v"}, "", offline=True)
    off = ["CACHE_URL=", "CACHE_FOLDER="]    # both builds build every step: the step cache is off
    assert arguments == ["release", "VOICES=/v", "MODEL_TOKEN_BUCKETS=32", *off, "VERSION=0.0.0",
                         "ALLOW_SYNTHETIC=1", "--offline"]
    with_weights = repro.build_arguments(["release"], {"WEIGHTS": "/w.pth", "WEIGHTS_SHA256": "ab"}, "1.2.3")
    assert with_weights == ["release", "WEIGHTS=/w.pth", "WEIGHTS_SHA256=ab", *off, "VERSION=1.2.3"]
    assert repro.build_arguments(["native-host"], {}, "1.2.3") == ["native-host", *off]


def test_difference_names_the_file_and_the_offset(tmp_path):
    for side, text in (("a", "same\nline two\n"), ("b", "same\nline 2\n")):
        (tmp_path / side / "lib").mkdir(parents=True)
        (tmp_path / side / "lib" / "x.txt").write_text(text)
        (tmp_path / side / "lib" / "same.bin").write_bytes(b"\0\1")
    with pytest.raises(repro.ReproFailed) as e:
        repro.compare_trees(str(tmp_path / "a"), str(tmp_path / "b"))
    message = str(e.value)
    assert message.startswith("lib/x.txt differs") and "first difference at byte 10" in message
    assert "-line two" in message and "+line 2" in message


def test_file_in_one_build_only_is_named(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "extra.a").write_bytes(b"!")
    with pytest.raises(repro.ReproFailed, match="extra.a differs between the two builds: only in"):
        repro.compare_trees(str(tmp_path / "a"), str(tmp_path / "b"))


def test_different_tags_are_shown(git_repo, tmp_path):
    repo, _ = git_repo
    clones = [tmp_path / "a", tmp_path / "b"]
    for clone, sums in zip(clones, ("0000  lib.a", "1111  lib.a")):
        subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
        git(clone, "tag", "-a", "v1.0.0", "-m", f"kokoro-tvm-1.0.0\n\n{sums}")
    with pytest.raises(repro.ReproFailed) as e:
        repro.compare_tags([str(c) for c in clones], "1.0.0")
    assert "tag v1.0.0 differs between the two clones" in str(e.value)
    assert "-0000  lib.a" in str(e.value) and "+1111  lib.a" in str(e.value)
