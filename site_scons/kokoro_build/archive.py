"""Archives: safe unpacking and deterministic writing.

In:  a zip/wheel or tar archive (unpack), or a folder (write).
Out: unpack_archive() fills an empty folder with the archive's members,
     after checking every member first, whatever their order: no absolute
     paths, no '..', no links that point out of the folder or through
     another link, no member written through a link, no path given twice,
     no device files or FIFOs. Nothing is written when any member is
     refused; each write is checked against the resolved folder once more.
     iter_tar_files() streams a tar's regular files (path, size, reader)
     without writing anything, refusing every other kind of member.
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
import zlib

from .errors import BuildError


class ArchiveError(BuildError):
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


def _walk_target(archive, member_path, target, base, links):
    """Follows a link target component by component from base; refuses one that leaves the
    destination or passes through another link of the archive (whose real target a lexical
    walk cannot see)."""
    if target.startswith("/"):
        raise ArchiveError(f"{archive}: member {member_path!r} links to an absolute path {target!r}")
    parts = [p for p in f"{base}/{target}".split("/") if p not in ("", ".")]
    at = []
    for i, part in enumerate(parts):
        if part == "..":
            if not at:
                raise ArchiveError(f"{archive}: member {member_path!r} links out of the destination folder "
                                   f"({target!r})")
            at.pop()
        else:
            at.append(part)
            if i < len(parts) - 1 and "/".join(at) in links:
                raise ArchiveError(f"{archive}: member {member_path!r} links through another link "
                                   f"({'/'.join(at)!r}); refused")
    return "/".join(at)


def _check_plan(archive, entries):
    """Checks the members as a whole, whatever their order: no member is written through a
    link (a path whose folder is a link member), no path is given twice (a second member
    would write through the first), links stay inside and do not pass through links, and a
    hard link names a regular file of the archive.

    entries: (path, kind, target) with kind 'file', 'dir', 'symlink' or 'hardlink'."""
    links = {path for path, kind, _ in entries if kind in ("symlink", "hardlink")}
    files = {path for path, kind, _ in entries if kind == "file"}
    seen = {}
    for path, kind, target in entries:
        if path in seen and not (kind == "dir" and seen[path] == "dir"):
            raise ArchiveError(f"{archive}: member {path!r} appears twice; refused")
        seen[path] = kind
        parts = path.split("/")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in links:
                raise ArchiveError(f"{archive}: member {path!r} would be written through the link "
                                   f"{'/'.join(parts[:i])!r}; refused")
        if kind == "symlink":
            _walk_target(archive, path, target, posixpath.dirname(path), links)
        elif kind == "hardlink":
            if _walk_target(archive, path, target, "", links) not in files:
                raise ArchiveError(f"{archive}: hard link {path!r} does not name a regular file of the archive "
                                   f"({target!r}); refused")


def _tar_plan(tf, archive, strip):
    plan = []
    for m in tf.getmembers():
        path = _clean_member_path(m.name, archive, strip)
        if path is None:
            continue
        target = ""
        if m.issym():
            target = m.linkname
        elif m.islnk():
            target = _clean_member_path(m.linkname, archive, strip) or ""
        elif not (m.isfile() or m.isdir()):
            raise ArchiveError(f"{archive}: member {m.name!r} is a device, FIFO or other special file")
        plan.append((path, m, target))
    _check_plan(archive, [(path, "symlink" if m.issym() else "hardlink" if m.islnk() else
                           "dir" if m.isdir() else "file", target) for path, m, target in plan])
    return plan


def _zip_plan(zf, archive, strip):
    plan, entries = [], []
    for info in zf.infolist():
        path = _clean_member_path(info.filename, archive, strip)
        if path is None:
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            entries.append((path, "symlink", zf.read(info).decode("utf-8", "replace")))
        elif info.is_dir():
            entries.append((path, "dir", ""))
        elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise ArchiveError(f"{archive}: member {info.filename!r} is a device, FIFO or other special file")
        else:
            entries.append((path, "file", ""))
        plan.append((path, info))
    _check_plan(archive, entries)
    return plan


def _inside(dest, target):
    """target's folder, resolved, lies inside dest: the last guard before anything is written."""
    real_dest = os.path.realpath(dest)
    real = os.path.realpath(os.path.dirname(target))
    if real != real_dest and not real.startswith(real_dest + os.sep):
        raise ArchiveError(f"{target}: would be written outside {dest}; refused")


def _extract_tar(tf, plan, dest):
    for path, m, link_target in plan:
        target = os.path.join(dest, path)
        if m.isdir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _inside(dest, target)
        if m.issym():
            os.symlink(link_target, target)
        elif m.islnk():
            os.link(os.path.join(dest, link_target), target)
        else:
            with tf.extractfile(m) as src, open(target, "xb") as out:
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
        _inside(dest, target)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            os.symlink(zf.read(info).decode("utf-8"), target)
            continue
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        os.chmod(target, 0o755 if mode & 0o111 else 0o644)


def iter_tar_files(archive, name=None):
    """Streams a tar's regular files as (path, size, reader), in archive order, writing
    nothing: folders are skipped, every other member (link, device, FIFO) and every unsafe
    path is refused with ArchiveError before it is read."""
    name = name or os.path.basename(archive)
    try:
        with tarfile.open(archive, mode="r|*") as tf:
            seen = set()
            for m in tf:
                path = _clean_member_path(m.name, name, 0)
                if path is None or m.isdir():
                    continue
                if path in seen:
                    raise ArchiveError(f"{name}: member {path!r} appears twice; refused")
                seen.add(path)
                if not m.isfile():
                    raise ArchiveError(f"{name}: member {m.name!r} is not a regular file (a link, device or "
                                       f"FIFO); refused")
                yield path, m.size, tf.extractfile(m)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise ArchiveError(f"{name}: cannot read: {e}") from None


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
