"""Archives: safe unpacking and deterministic writing.

In:  a zip/wheel or tar archive (unpack), or a folder (write).
Out: unpack_archive() fills an empty folder with the archive's members,
     after checking every member first: no absolute paths, no '..', no
     links that point out of the folder, no device files. Nothing is
     written when any member is refused.
     write_tar() writes a folder as a tar whose bytes depend only on the
     files' names, contents and executable bits: sorted names, mtime fixed
     to SOURCE_DATE_EPOCH, uid/gid 0, no user names; gzip without a
     timestamp when the name ends in .gz.
"""

import gzip
import io
import os
import posixpath
import stat
import tarfile
import zipfile


class ArchiveError(Exception):
    """An archive is unreadable or has a member that would escape its folder."""


def _clean_member_path(name, archive, strip):
    """The member's path relative to the destination, or None if stripped away."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\\" in name:
        raise ArchiveError(f"{archive}: member {name!r} has an absolute or non-POSIX path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"{archive}: member {name!r} escapes the destination folder ('..')")
    parts = parts[strip:]
    return "/".join(parts) if parts else None


def _check_link(archive, member_path, target, symbolic):
    """Refuses a link whose target lies outside the destination folder."""
    if target.startswith("/"):
        raise ArchiveError(f"{archive}: member {member_path!r} links to an absolute path {target!r}")
    base = posixpath.dirname(member_path) if symbolic else ""
    resolved = posixpath.normpath(posixpath.join(base, target))
    if resolved == ".." or resolved.startswith("../"):
        raise ArchiveError(f"{archive}: member {member_path!r} links out of the destination folder ({target!r})")


def _tar_plan(tf, archive, strip):
    plan = []
    for m in tf.getmembers():
        path = _clean_member_path(m.name, archive, strip)
        if path is None:
            continue
        target = ""
        if m.issym() or m.islnk():
            target = m.linkname if m.issym() else _clean_member_path(m.linkname, archive, strip) or ""
            _check_link(archive, path, target, m.issym())
        elif not (m.isfile() or m.isdir()):
            raise ArchiveError(f"{archive}: member {m.name!r} is a device, FIFO or other special file")
        plan.append((path, m, target))
    return plan


def _zip_plan(zf, archive, strip):
    plan = []
    for info in zf.infolist():
        path = _clean_member_path(info.filename, archive, strip)
        if path is None:
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            _check_link(archive, path, zf.read(info).decode("utf-8", "replace"), True)
        plan.append((path, info))
    return plan


def _extract_tar(tf, plan, dest):
    for path, m, link_target in plan:
        target = os.path.join(dest, path)
        if m.isdir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if m.issym():
            os.symlink(link_target, target)
        elif m.islnk():
            os.link(os.path.join(dest, link_target), target)
        else:
            with tf.extractfile(m) as src, open(target, "wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            os.chmod(target, 0o755 if m.mode & 0o111 else 0o644)


def _extract_zip(zf, plan, dest):
    for path, info in plan:
        target = os.path.join(dest, path)
        if info.is_dir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            os.symlink(zf.read(info).decode("utf-8"), target)
            continue
        with zf.open(info) as src, open(target, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        os.chmod(target, 0o755 if mode & 0o111 else 0o644)


def unpack_archive(archive, dest, strip_components=0, name=None):
    """Unpacks archive into dest (which must not exist yet).

    name is the archive's file name (it says the format: .whl and .zip are
    zip files, the rest tar); it defaults to the archive path's own name.
    """
    os.makedirs(dest)
    name = name or os.path.basename(archive)
    try:
        if name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as zf:
                _extract_zip(zf, _zip_plan(zf, name, strip_components), dest)
        else:
            with tarfile.open(archive) as tf:
                _extract_tar(tf, _tar_plan(tf, name, strip_components), dest)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as e:
        raise ArchiveError(f"{name}: cannot unpack: {e}") from None


def _tar_info(name, mode, size=0, mtime=0, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.mode, info.size, info.mtime, info.type, info.linkname = mode, size, mtime, kind, linkname
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _walk_sorted(root):
    """Relative paths of everything under root, sorted, folders before contents."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for name in sorted(dirs + files):
            found.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return sorted(found)


def write_tar(root, out_path, mtime, prefix=""):
    """Writes the folder root as a deterministic tar (.tar or .tar.gz)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for rel in _walk_sorted(root):
            full = os.path.join(root, rel)
            name = posixpath.join(prefix, rel) if prefix else rel
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                tf.addfile(_tar_info(name, 0o777, mtime=mtime, kind=tarfile.SYMTYPE, linkname=os.readlink(full)))
            elif stat.S_ISDIR(st.st_mode):
                tf.addfile(_tar_info(name, 0o755, mtime=mtime, kind=tarfile.DIRTYPE))
            else:
                mode = 0o755 if st.st_mode & 0o111 else 0o644
                with open(full, "rb") as f:
                    tf.addfile(_tar_info(name, mode, st.st_size, mtime), f)
    data = buffer.getvalue()
    if out_path.endswith(".gz"):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out_path)
