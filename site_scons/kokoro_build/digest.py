"""File hashing: every sha256 the build takes of a file, a text or a tree.

In:  paths of files and folders, texts.
Out: hex sha256 digests; a tree's files as relative POSIX paths (sorted), with
     their digests or as 'sha256  path' lines. A leaf module: it imports
     nothing of the build.
"""

import hashlib
import os

CHUNK = 1 << 20


def file_sha256(path):
    """The sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


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
