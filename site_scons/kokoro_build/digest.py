"""File hashing: every sha256 the build takes of a file, a text or a tree, and the one way
a store's file is opened.

In:  paths of files and folders, texts.
Out: hex sha256 digests; a tree's files as relative POSIX paths (sorted), with
     their digests or as 'sha256  path' lines; open_stored(): a cache's or store's
     file opened only when it is a regular file no larger than its claim (no link
     followed, no FIFO waited on, no device read without end); HashMemo: a folder
     remembering, per file and digest, the file's identity when it last hashed to
     that digest, so an unchanged file is not read again. It imports only errors.py.
"""

import errno
import hashlib
import json
import os
import stat
import tempfile

from .errors import BuildError

CHUNK = 1 << 20


def file_sha256(path):
    """The sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def identity(path):
    """What changes whenever a file is written, replaced or re-linked: device, inode, size,
    modification and change times (the change time cannot be set back by a user), of the
    path itself (a link is not followed); None for a missing path."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode]


class HashMemo:
    """Files known to hash to a digest: per key (a name for the file and the digest it must
    have), the file's identity() when it was last hashed and matched. A file whose identity is
    the remembered one is not read again; any write, replacement or link planted since is.
    folder None: nothing remembered (every file hashed)."""

    def __init__(self, folder):
        self.folder = folder

    def _path(self, key):
        return os.path.join(self.folder, text_sha256(key)) if self.folder else None

    def known(self, key, path):
        """True when path is what was hashed under key, unchanged since."""
        memo, now = self._path(key), identity(path)
        if not (memo and now and os.path.isfile(memo)):
            return False
        try:
            with open(memo, encoding="utf-8") as f:
                return json.load(f) == now
        except (OSError, ValueError):
            return False

    def remember(self, key, path, before):
        """Records path as hashed and matched under key, when its identity is still before (the
        one taken before it was read: a file changed while it was read is not remembered).
        Best effort: a memo that cannot be written only means the next run hashes again."""
        memo = self._path(key)
        if not memo or before is None or identity(path) != before:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.folder, delete=False) as f:
                json.dump(before, f)
            os.replace(f.name, memo)
        except OSError:
            pass


class NotStored(BuildError, OSError):
    """A store's file that is not what its store holds: a link, a FIFO, a device, a folder, or
    a regular file of another size than claimed. strerror says which; filename is the path."""

    def __init__(self, path, what):
        super().__init__(errno.EINVAL, what, path)


def _kind(mode):
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def open_stored(path, size=None, most=None):
    """A store's file opened for reading ("rb"): a regular file (a symbolic link is not
    followed, a FIFO not waited on), of exactly `size` bytes when given, at most `most` when
    given. NotStored otherwise, before a byte is read; OSError as open raises it (missing,
    unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno == errno.ELOOP or (e.errno == errno.EMLINK and os.path.islink(path)):
            raise NotStored(path, "a symbolic link, not a regular file") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotStored(path, f"{_kind(st.st_mode)}, not a regular file")
        if size is not None and st.st_size != size:
            raise NotStored(path, f"{st.st_size} bytes where {size} are claimed")
        if most is not None and st.st_size > most:
            raise NotStored(path, f"{st.st_size} bytes, more than the {most} such a file may hold")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_stored(path, most):
    """The bytes of a small store file (an entry, a pointer, a record), at most `most`."""
    with open_stored(path, most=most) as f:
        return f.read(most + 1)[:most]


def stored_sha256(path, size):
    """The sha256 of a store's file that must be a regular file of `size` bytes (NotStored
    otherwise, before hashing); reads at most `size` bytes, whatever the file does meanwhile."""
    h, left = hashlib.sha256(), size
    with open_stored(path, size=size) as f:
        while left > 0 and (chunk := f.read(min(CHUNK, left))):
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest() if left == 0 else None


def text_sha256(text):
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def tree_files(folder):
    """Relative POSIX paths of the files under folder, sorted."""
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        found += [os.path.relpath(os.path.join(base, n), folder).replace(os.sep, "/") for n in names]
    return sorted(found)


def tree_digests(folder):
    """{relative POSIX path: sha256} of every file under folder."""
    return {rel: file_sha256(os.path.join(folder, rel)) for rel in tree_files(folder)}


def tree_lines(folder):
    """Lines 'sha256  path' for every file under folder, sorted by path."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(tree_digests(folder).items()))
