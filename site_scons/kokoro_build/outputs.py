"""Outputs the build recorded, and whether they are still what it wrote.

In:  the output nodes of the rules (files under dist/). Some are records that
     list further files with their sha256: a models folder's manifest.json
     (kokoro.a, kokoro.weights, every voices/*.f32) and include/HEADERS.sha256
     (every header).
Out: rebuild_changed(env, nodes, say), given the nodes the build can reach
     (requested()): a node whose file differs from what SCons stored when it
     built it (size and mtime first; the sha256 only when they differ and the
     file is not one that hashed equal with its identity unchanged since,
     digest.HashMemo in build/outputs-verified/), or whose record lists a file
     that is missing or changed (checked likewise), is
     built again (AlwaysBuild) with one line saying so: a changed output is
     rebuilt, never trusted. (A file whose size and mtime were restored after
     an edit passes this quick check; the tool checks the bundle's hashes as
     it reads it, and release_files hashes everything.)
     release_files(root, paths): {path under dist/: absolute path} of exactly
     the files the build produced and recorded, every listed file checked
     against its record (OutputError naming the file otherwise); a release is
     staged from it, never from whatever else lies in dist/.
"""

import json
import os

from SCons.Node.Alias import default_ans

from .errors import BuildError
from .digest import HashMemo, file_sha256, identity

HEADERS_RECORD = "HEADERS.sha256"
MEMO_FOLDER = os.path.join("build", "outputs-verified")   # under the checkout
MODELS_RECORD = "manifest.json"


class OutputError(BuildError):
    """A built output differs from what the build recorded."""


def listed_files(record):
    """{absolute path: sha256} of the files a record lists; {} for a file that is no record,
    None for a record that lists without hashes (from an older build: not to be trusted)."""
    folder = os.path.dirname(record)
    name = os.path.basename(record)
    try:
        if name == HEADERS_RECORD:
            with open(record, encoding="utf-8") as f:
                lines = [line.split("  ", 1) for line in f.read().splitlines() if line]
            return {os.path.join(folder, rel): digest for digest, rel in lines}
        if name == MODELS_RECORD and os.path.basename(folder) == "models":
            with open(record, encoding="utf-8") as f:
                manifest = json.load(f)
            found = {manifest["library"]["file"]: manifest["library"].get("sha256"),
                     manifest["weights"]["file"]: manifest["weights"].get("sha256")}
            found.update({v["file"]: v.get("sha256") for v in manifest["voices"].values()})
            if not all(found.values()) or any(os.path.isabs(rel) or ".." in rel.split("/") for rel in found):
                return None
            return {os.path.join(folder, rel): digest for rel, digest in found.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return {}


def _hashes_to(path, digest, memo):
    """True when the file's sha256 is digest: hashed unless memo knows it unchanged since it
    last hashed to digest (then remembered)."""
    key = f"{path}\n{digest}"
    if memo.known(key, path):
        return True
    before = identity(path)
    if file_sha256(path) != digest:
        return False
    memo.remember(key, path, before)
    return True


def _listed_changes(record, quick=False, memo=HashMemo(None)):
    """Files a record lists that are missing or differ from it (relative to the record's
    folder). quick: a file not modified since the record was written (the rule writes the
    record last), or one memo knows (_hashes_to), is not hashed again."""
    listed = listed_files(record)
    if listed is None:
        return [f"{os.path.basename(record)} (records no hashes)"]
    folder = os.path.dirname(record)
    written = os.stat(record).st_mtime_ns
    return [os.path.relpath(path, folder) for path, digest in sorted(listed.items())
            if not os.path.isfile(path)
            or not (quick and os.stat(path).st_mtime_ns <= written)
            and not _hashes_to(path, digest, memo if quick else HashMemo(None))]


def _node_changed(node, memo):
    """True when the node's file is not what SCons stored after building it."""
    path = node.abspath
    if not os.path.isfile(path):
        return False                       # missing: SCons builds it anyway
    stored = node.disambiguate().get_stored_info()
    info = getattr(stored, "ninfo", None)
    csig = getattr(info, "csig", None)
    if csig is None:
        return True                        # never recorded: not to be trusted
    st = os.stat(path)
    if getattr(info, "size", None) == st.st_size and getattr(info, "timestamp", None) == int(st.st_mtime):
        return False
    return not _hashes_to(path, csig, memo)


def requested(targets, nodes):
    """The nodes a build of targets (BUILD_TARGETS) can reach through explicit dependencies,
    walked from the aliases it names (host, models, test...); every node when a target is
    not an alias (a file or folder named on the command line)."""
    seen, stack = set(), []
    for target in targets:
        alias = default_ans.lookup(str(target))
        if alias is None:
            return list(nodes)
        stack.append(alias)
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(node.all_children(scan=0))
    return [n for n in nodes if id(n) in seen]


def rebuild_changed(env, nodes, say):
    """Builds again every node (with the nodes of its step) that differs from its record."""
    memo = HashMemo(os.path.join(env.Dir("#").abspath, MEMO_FOLDER))
    for node in nodes:
        changes = ([os.path.basename(node.abspath)] if _node_changed(node, memo) else []) + \
                  (_listed_changes(node.abspath, quick=True, memo=memo) if os.path.isfile(node.abspath) else [])
        if changes:
            say(f"{os.path.relpath(os.path.dirname(node.abspath), env.Dir('#').abspath)}: "
                f"{', '.join(changes[:3])}{' ...' if len(changes) > 3 else ''} changed since the build wrote it: "
                f"building it again")
            env.AlwaysBuild(node)


def release_files(root, paths):
    """{path relative to dist/: absolute path} of the outputs paths and the files they record."""
    dist = os.path.join(root, "dist")
    found = {}
    for path in paths:
        listed, changes = listed_files(path), _listed_changes(path)
        if listed is None or changes:
            raise OutputError(f"{os.path.relpath(path, root)}: the files it records are missing or changed "
                              f"({', '.join(changes[:3])}): build again (./scons) before releasing")
        for file in [path, *listed]:
            found[os.path.relpath(file, dist).replace(os.sep, "/")] = file
    return found
