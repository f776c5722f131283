"""Archives: members that would escape are refused before anything is
written; written tars depend only on names, contents and modes."""

import io
import os
import tarfile
import zipfile

import pytest

from conftest import make_tar_gz, make_zip, snapshot
from kokoro_build import archive


def tar_with(*members):
    """A .tar from TarInfo-building lambdas."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def entry(name, kind=tarfile.REGTYPE, linkname="", data=b"x"):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, data if kind == tarfile.REGTYPE else None


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


ESCAPING_TARS = {
    "parent": [entry("pkg/ok.txt"), entry("pkg/../../evil.txt")],
    "absolute": [entry("/tmp/evil.txt")],
    "symlink absolute": [entry("pkg/link", tarfile.SYMTYPE, "/etc/passwd")],
    "symlink out": [entry("pkg/sub/link", tarfile.SYMTYPE, "../../../outside")],
    "hardlink out": [entry("pkg/hard", tarfile.LNKTYPE, "../outside")],
    "device": [entry("pkg/dev", tarfile.CHRTYPE)],
    # members written through a link an earlier (or later) member makes
    "through a link": [entry("pkg/l", tarfile.SYMTYPE, "."), entry("pkg/l/evil.txt")],
    "through a link made later": [entry("pkg/l/evil.txt"), entry("pkg/l", tarfile.SYMTYPE, "sub")],
    "chained links": [entry("pkg/x/l1", tarfile.SYMTYPE, ".."), entry("pkg/x/l1/l2", tarfile.SYMTYPE, ".."),
                      entry("pkg/x/l1/l2/site_init.py")],
    "link target through a link": [entry("pkg/a", tarfile.SYMTYPE, "."), entry("pkg/b", tarfile.SYMTYPE, "a/.."),
                                   entry("pkg/b/evil.txt")],
    "link target through a link only": [entry("pkg/a", tarfile.SYMTYPE, "."),
                                        entry("pkg/b", tarfile.SYMTYPE, "a/../outside")],
    "file over a link": [entry("pkg/x", tarfile.SYMTYPE, "y"), entry("pkg/x", data=b"through")],
    "duplicate file": [entry("pkg/x", data=b"1"), entry("pkg/x", data=b"2")],
    "hardlink to a link": [entry("pkg/s", tarfile.SYMTYPE, "f"), entry("pkg/f"), entry("pkg/h", tarfile.LNKTYPE, "pkg/s")],
    "fifo": [entry("pkg/fifo", tarfile.FIFOTYPE)],
}


@pytest.mark.parametrize("case", sorted(ESCAPING_TARS))
def test_escaping_tar_member_is_refused_and_nothing_is_written(tmp_path, case):
    path = write(tmp_path, "bad.tar", tar_with(*ESCAPING_TARS[case]))
    dest = tmp_path / "dest"
    with pytest.raises(archive.ArchiveError) as e:
        archive.unpack_archive(path, str(dest), 1 if case != "absolute" else 0)
    assert "bad.tar" in str(e.value)
    assert snapshot(str(dest)) == {}
    assert set(os.listdir(tmp_path)) <= {"bad.tar", "dest"}


def zip_with_link(name, target, files=()):
    """A .zip holding a symbolic link name -> target, then the files {path: text}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        info = zipfile.ZipInfo(name)
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, target)
        for path, text in dict(files).items():
            zf.writestr(path, text)
    return buffer.getvalue()


def test_zip_member_through_a_link_is_refused(tmp_path):
    path = write(tmp_path, "bad.zip", zip_with_link("l", ".", {"l/evil.txt": "x"}))
    with pytest.raises(archive.ArchiveError, match="through the link 'l'"):
        archive.unpack_archive(path, str(tmp_path / "dest"))
    assert snapshot(str(tmp_path / "dest")) == {}


@pytest.mark.parametrize("case", sorted(ESCAPING_TARS))
def test_streaming_a_hostile_tar_reads_no_link_and_writes_nothing(tmp_path, case):
    """iter_tar_files (verify's reader) refuses links, devices and FIFOs and unsafe paths,
    and writes nothing whatever the archive holds."""
    path = write(tmp_path, "bad.tar", tar_with(*ESCAPING_TARS[case]))
    try:
        for _, _, reader in archive.iter_tar_files(path):
            reader.read()
    except archive.ArchiveError as e:
        assert "bad.tar" in str(e)
    else:
        pytest.fail(f"{case}: streamed without an error")
    assert sorted(os.listdir(tmp_path)) == ["bad.tar"]


def test_escaping_zip_member_is_refused(tmp_path):
    path = write(tmp_path, "bad.whl", make_zip({"ok.txt": b"1", "../evil.txt": b"2"}))
    with pytest.raises(archive.ArchiveError, match="escapes"):
        archive.unpack_archive(path, str(tmp_path / "dest"))
    assert snapshot(str(tmp_path / "dest")) == {}


def test_zip_symlink_out_is_refused(tmp_path):
    path = write(tmp_path, "bad.zip", zip_with_link("link", "../../etc/passwd"))
    with pytest.raises(archive.ArchiveError, match="links out"):
        archive.unpack_archive(path, str(tmp_path / "dest"))


def test_links_inside_the_folder_are_kept(tmp_path):
    members = [entry("pkg/a/file.txt", data=b"hello"),
               entry("pkg/b/link", tarfile.SYMTYPE, "../a/file.txt"),
               entry("pkg/b/hard", tarfile.LNKTYPE, "pkg/a/file.txt")]
    path = write(tmp_path, "ok.tar", tar_with(*members))
    archive.unpack_archive(path, str(tmp_path / "dest"), 1)
    assert (tmp_path / "dest" / "b" / "link").read_bytes() == b"hello"
    assert os.readlink(tmp_path / "dest" / "b" / "link") == "../a/file.txt"
    assert (tmp_path / "dest" / "b" / "hard").read_bytes() == b"hello"


def test_strip_components_and_modes(tmp_path):
    path = write(tmp_path, "ok.tar.gz", make_tar_gz({"x/y.txt": b"y", "z.txt": b"z"}))
    archive.unpack_archive(path, str(tmp_path / "dest"), 1)
    assert sorted(snapshot(str(tmp_path / "dest"))) == ["x", "x/y.txt", "z.txt"]


def test_corrupt_archive_is_a_clear_error(tmp_path):
    path = write(tmp_path, "broken.tar.gz", b"\x1f\x8b not really gzip")
    with pytest.raises(archive.ArchiveError, match="broken.tar.gz: cannot unpack"):
        archive.unpack_archive(path, str(tmp_path / "dest"))


def make_tree(root, umask, mtime):
    old = os.umask(umask)
    try:
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "b.txt").write_text("b")
        (root / "a.sh").write_text("#!/bin/sh\n")
        (root / "a.sh").chmod(0o775 & ~umask)
        (root / "link").symlink_to("sub/b.txt")
        for p in (root / "sub" / "b.txt", root / "a.sh", root / "sub"):
            os.utime(p, (mtime, mtime))
    finally:
        os.umask(old)


def test_written_tar_is_byte_identical_across_times_umasks_and_folders(tmp_path):
    make_tree(tmp_path / "one", 0o022, 1000)
    make_tree(tmp_path / "elsewhere" / "two", 0o077, 2000000000)
    archive.write_tar(str(tmp_path / "one"), str(tmp_path / "one.tar.gz"), 1700000000, prefix="pkg")
    archive.write_tar(str(tmp_path / "elsewhere" / "two"), str(tmp_path / "two.tar.gz"), 1700000000, prefix="pkg")
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    with tarfile.open(tmp_path / "one.tar.gz") as tf:
        members = tf.getmembers()
    assert [m.name for m in members] == ["pkg/a.sh", "pkg/link", "pkg/sub", "pkg/sub/b.txt"]
    assert {m.mtime for m in members} == {1700000000}
    assert {(m.uid, m.gid, m.uname) for m in members} == {(0, 0, "")}
    assert members[0].mode == 0o755 and members[3].mode == 0o644
    assert (tmp_path / "one.tar.gz").read_bytes()[4:8] == b"\0\0\0\0"  # no gzip timestamp
