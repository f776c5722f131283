"""Reproducibility: the native libraries built in two other roots, with
other time zones, umasks, locales and folder names, are identical to the
byte; and a difference is reported with the file and the offset."""

import io
import os

import pytest

from conftest import ROOT
from kokoro_build import buildenv, repro


def test_two_roots_build_identical_native_libraries():
    out = io.StringIO()
    env = dict(buildenv.child_environment(ROOT),
               KOKORO_TVM_CACHE=os.environ.get("KOKORO_TVM_CACHE", os.path.join(ROOT, ".cache", "downloads")))
    repro.check(ROOT, ["native-host"], env, out)
    report = out.getvalue()
    assert "TZ=Asia/Kathmandu, umask 077, LC_ALL=POSIX" in report
    assert "dist/host/lib/libtvm_runtime.a" in report and "dist/host/lib/libtvm_ffi_static.a" in report
    assert "are byte-identical in both builds" in report
    ours = repro.file_digests(os.path.join(ROOT, "dist", "host", "lib"))
    theirs = repro.file_digests(os.path.join(ROOT, "build", "repro", "a", "kokoro-tvm", "dist", "host", "lib"))
    assert theirs and {name: ours.get(name) for name in theirs} == theirs  # and identical to this checkout's own build


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
