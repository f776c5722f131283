"""Verified fetch: locked inputs into the download cache and third_party/.

In:  a LockedInput (lock.py), the build machine's platform, and Settings:
     the content-addressed cache folder, mirror folders, offline or not.
Out: third_party/<name>-<version>/ holding the unpacked input and a stamp
     (.kokoro-input.json) naming what it was unpacked from.

Cache layout (default .cache/downloads in the checkout; KOKORO_TVM_CACHE
moves it so several checkouts share one):

    sha256/<hex>         verified files, named by their sha256
    git/<commit>.json    a git input's tree, as {"sha256", "size"} of the
                         deterministic tar of it kept under sha256/
    tmp/                 downloads in progress
    quarantine/          files that failed verification, kept for inspection

A file is downloaded (or copied from a mirror) to tmp/, its size and sha256
are checked, and only then is it moved into sha256/. Every use re-hashes the
cached file unless the checkout recorded it hashed with the same identity
(device, inode, size, modification and change time; Settings.verified_dir,
build/fetch-verified/ for SCons), so any write, replacement or link planted
since is read again: a corrupt entry stops the build with the input's name and both
hashes, and is moved to quarantine/. Unpacking happens beside the final
folder, which is swapped in by rename, so third_party/ holds either the
previous good copy or the new one, never a half-written tree. A cached file
is read only when it is a regular file of the locked size (a link, FIFO or
device planted there is quarantined unread), and a download or mirror copy
stops at one byte past the locked size. Stored files
are 0644, so a cache shared between users is readable by each; a corrupt
git pointer is quarantined like a corrupt file. What an interrupted fetch
left (tmp/*.part, third_party/.*.unpack-<pid>) is removed by the next fetch
once its writer is gone.

Sources, tried in order: each mirror folder (<mirror>/<filename>, or for a
git input <mirror>/<name>.git), then, unless offline, the lock's sources:
`pypi:name==version` (pip download, honouring the user's pip
configuration), http(s)/file URLs, and git remotes (fetched at the commit,
which is then verified).
"""

import http.client
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from . import archive
from .digest import HashMemo, NotStored, file_sha256, identity, read_stored, stored_sha256
from .errors import BuildError
from .leftovers import remove_leftovers

STAMP_NAME = ".kokoro-input.json"
CHUNK = 1 << 20
SHARED_MODE = 0o644          # files of the store: readable by every user of a shared cache
SHA256_RE = re.compile(r"[0-9a-f]{64}")
POINTER_MOST = 4096           # a git pointer file is ~100 bytes of JSON


def mirror_folders(given):
    """Mirror folders: those given on the command line (--mirror=DIR), then KOKORO_TVM_MIRROR's."""
    folders = list(given) + [m for m in os.environ.get("KOKORO_TVM_MIRROR", "").split(os.pathsep) if m]
    return [os.path.abspath(m) for m in folders]


class FetchError(BuildError):
    """A locked input could not be fetched, verified or installed."""


@dataclass
class Settings:
    cache_dir: str
    third_party_dir: str
    platform: str
    mirrors: list = field(default_factory=list)
    offline: bool = False
    log_dir: str = "build/logs"
    source_date_epoch: int = 0
    out: object = sys.stdout
    # A folder of the checkout (build/fetch-verified) remembering, per cached file, the file's
    # identity when it was last hashed: an unchanged file is not read again. None: hash every time.
    verified_dir: str = None

    def say(self, message):
        print(f"fetch: {message}", file=self.out, flush=True)


def human_size(n):
    return f"{n / (1 << 20):.1f} MiB" if n >= 1 << 20 else f"{n} bytes"


def label(inp, platform=""):
    return f"'{inp.name}' {inp.version}" + (f" ({platform})" if platform and platform != "any" else "")


# --- the cache -------------------------------------------------------------

class Cache:
    def __init__(self, root):
        self.root = root

    def blob(self, sha256):
        return os.path.join(self.root, "sha256", sha256)

    def git_pointer(self, commit):
        return os.path.join(self.root, "git", commit + ".json")

    def temp_path(self, name):
        folder = os.path.join(self.root, "tmp")
        os.makedirs(folder, exist_ok=True)
        remove_leftovers(folder, r".+\.(\d+)\.[^.]+\.part")
        fd, path = tempfile.mkstemp(prefix=f"{name}.{os.getpid()}.", suffix=".part", dir=folder)
        os.close(fd)
        return path

    def quarantine(self, path, name):
        folder = os.path.join(self.root, "quarantine")
        os.makedirs(folder, exist_ok=True)
        kept = os.path.join(folder, f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{name}")
        os.replace(path, kept)
        return kept

    def admit(self, path, sha256):
        """Moves a verified temporary file into the store, readable by everyone who may read
        the cache (a temporary file is private: 0600)."""
        os.makedirs(os.path.dirname(self.blob(sha256)), exist_ok=True)
        os.chmod(path, SHARED_MODE)
        os.replace(path, self.blob(sha256))
        return self.blob(sha256)

    def read_git_pointer(self, commit, what):
        """{"sha256", "size"} of a git input's cached tree, or None; a corrupt pointer is
        quarantined and reported (the next build fetches again)."""
        pointer = self.git_pointer(commit)
        if not os.path.lexists(pointer):
            return None
        try:
            entry = json.loads(read_stored(pointer, POINTER_MOST).decode("utf-8"))
            if SHA256_RE.fullmatch(entry["sha256"]) and isinstance(entry["size"], int) and entry["size"] > 0:
                return entry
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            pass
        kept = self.quarantine(pointer, commit + ".json")
        raise FetchError(f"cached input {what}: its pointer file {pointer} is corrupt (not the JSON the cache "
                         f"writes). It was moved to {kept} for inspection; the next build fetches the commit again.")

    def write_git_pointer(self, commit, sha256, size):
        pointer = self.git_pointer(commit)
        os.makedirs(os.path.dirname(pointer), exist_ok=True)
        temporary = f"{pointer}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({"sha256": sha256, "size": size}, f, sort_keys=True)
        os.chmod(temporary, SHARED_MODE)
        os.replace(temporary, pointer)


def check_cached(cache, what, path, sha256, size, name, verified_dir=None):
    """Re-hashes a cached file (a regular file of the locked size, else unread) unless
    verified_dir records it hashed with the same identity since (digest.HashMemo); a corrupt
    one is quarantined (as name) and reported."""
    memo, before = HashMemo(verified_dir), identity(path)
    if memo.known(sha256, path):
        return path
    try:
        actual = stored_sha256(path, size)
        found = f"{actual} ({size} bytes)" if actual else "a file that shrank while it was read"
    except NotStored as e:
        actual, found = None, e.strerror
    if actual == sha256:
        memo.remember(sha256, path, before)
        return path
    kept = cache.quarantine(path, name)
    raise FetchError(
        f"cached input {what} is corrupt: expected sha256 {sha256} ({size} bytes), "
        f"found {found}. The file was moved to {kept} for "
        f"inspection; the next build fetches the input again (or move the file back "
        f"once it is repaired).")


# --- sources ---------------------------------------------------------------

def _copy_bounded(read, out, expected_size):
    """Copies read()'s chunks to out, stopping at one byte past the expected size (the
    verification then reports a longer file): a source without end fills no disk."""
    written = 0
    while written <= expected_size and (chunk := read(min(CHUNK, expected_size + 1 - written))):
        out.write(chunk)
        written += len(chunk)


def _copy_local(src, dest, expected_size):
    """A mirror's file (a link to it is followed: mirrors may be folders of links)."""
    if not os.path.isfile(src):
        raise FetchError(f"not a regular file: {src}" if os.path.exists(src) else f"not found: {src}")
    with open(src, "rb") as f, open(dest, "wb") as out:
        _copy_bounded(f.read, out, expected_size)


def _download_url(url, dest, settings, expected_size):
    if url.startswith("file://"):
        return _copy_local(urllib.request.url2pathname(url[len("file://"):]), dest, expected_size)
    request = urllib.request.Request(url, headers={"User-Agent": "kokoro-tvm-build"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response, open(dest, "wb") as out:
            if expected_size >= 8 << 20:
                settings.say(f"  downloading {human_size(expected_size)} from {url}")
            _copy_bounded(response.read, out, expected_size)
    except urllib.error.HTTPError as e:
        raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from None
    except http.client.IncompleteRead:
        raise FetchError(f"{url}: the connection closed after {os.path.getsize(dest)} of "
                         f"{expected_size} bytes (truncated download)") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
        reason = getattr(e, "reason", e)
        raise FetchError(f"{url}: {reason}") from None


def _pip_download(spec, locked, dest, log_path):
    """Fetches one wheel with pip download, restricted to the locked hash."""
    from pip._vendor.packaging.utils import parse_wheel_filename  # pip is in the environment

    tags = parse_wheel_filename(locked.filename)[3]
    args = ["--only-binary=:all:", "--no-deps", "--python-version", "3.11"]
    for option, values in (("--platform", {t.platform for t in tags}),
                           ("--abi", {t.abi for t in tags}),
                           ("--implementation", {t.interpreter[:2] for t in tags})):
        for v in sorted(values):
            args += [option, v]
    with tempfile.TemporaryDirectory(dir=os.path.dirname(dest)) as work:
        requirement = os.path.join(work, "requirement.txt")
        with open(requirement, "w", encoding="utf-8") as f:
            f.write(f"{spec} --hash=sha256:{locked.sha256}\n")
        cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
               "--no-input", "--require-hashes", "-d", work, "-r", requirement] + args
        with open(log_path, "a", encoding="utf-8") as log:
            log.write("$ " + " ".join(cmd) + "\n")
            log.flush()
            result = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            raise FetchError(f"pip download {spec} failed (exit {result.returncode}); see {log_path}")
        got = os.path.join(work, locked.filename)
        if not os.path.exists(got):
            raise FetchError(f"pip download {spec} did not produce {locked.filename}; see {log_path}")
        os.replace(got, dest)


def _file_sources(locked, settings):
    """(description, fetch function) pairs in the order they are tried."""
    sources = [(os.path.join(m, locked.filename),
                lambda dest, src=os.path.join(m, locked.filename): _copy_local(src, dest, locked.size))
               for m in settings.mirrors]
    if settings.offline:
        return sources
    for s in locked.sources:
        if s.startswith("pypi:"):
            sources.append((s, lambda dest, s=s: _pip_download(s[5:], locked, dest, _log(settings))))
        else:
            sources.append((s, lambda dest, s=s: _download_url(s, dest, settings, locked.size)))
    return sources


def _log(settings):
    os.makedirs(settings.log_dir, exist_ok=True)
    return os.path.join(settings.log_dir, "fetch.log")


def _offline_missing(what, settings, served_as):
    mirrors = settings.mirrors or ["<mirror>"]
    paths = " or ".join(os.path.join(m, served_as) for m in mirrors)
    hint = "" if settings.mirrors else " (give a mirror folder with --mirror=DIR or KOKORO_TVM_MIRROR)"
    return FetchError(f"input {what} is not in the cache and --offline forbids the network; "
                      f"a mirror would serve it as {paths}{hint}")


def fetch_file(inp, settings):
    """Returns the cached, verified archive file of an input."""
    locked = inp.file_for(settings.platform)
    what = label(inp, locked.platform)
    cache = Cache(settings.cache_dir)
    if os.path.lexists(cache.blob(locked.sha256)):     # a planted link is found too
        return check_cached(cache, what, cache.blob(locked.sha256), locked.sha256, locked.size,
                            locked.filename, settings.verified_dir)
    sources = _file_sources(locked, settings)
    if not sources:
        raise _offline_missing(what, settings, locked.filename)
    failures = []
    for description, fetch in sources:
        tmp = cache.temp_path(locked.filename)
        try:
            fetch(tmp)
            size, sha = os.path.getsize(tmp), file_sha256(tmp)
        except FetchError as e:
            os.unlink(tmp)
            failures.append(str(e))
            continue
        if size == locked.size and sha == locked.sha256:
            settings.say(f"{what}: fetched from {description}, sha256 verified")
            return cache.admit(tmp, sha)
        kept = cache.quarantine(tmp, locked.filename)
        got = (f"more than {locked.size} bytes (cut there)" if size > locked.size else
               f"{sha} ({size} bytes{', truncated' if size < locked.size else ''})")
        failures.append(f"{description}: expected sha256 {locked.sha256} ({locked.size} bytes), got {got}; "
                        f"kept at {kept}")
    if settings.offline:
        failures.append(str(_offline_missing(what, settings, locked.filename)))
    raise FetchError(f"input {what} could not be fetched:\n  - " + "\n  - ".join(failures))


# --- git inputs ------------------------------------------------------------

def _git(args, log_path, cwd=None):
    cmd = ["git"] + args
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=log, text=True,
                                env=dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C"))
    return result


def _git_tree_tar(remote, commit, dest, settings):
    """Fetches commit from remote, checks it, writes its tree as a deterministic tar."""
    log_path = _log(settings)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(dest)) as work:
        repo = os.path.join(work, "repo")
        _git(["init", "--quiet", "--bare", repo], log_path)
        fetched = _git(["-C", repo, "fetch", "--quiet", "--depth=1", remote, commit], log_path)
        if fetched.returncode != 0:  # a server that refuses fetching by hash
            fetched = _git(["-C", repo, "fetch", "--quiet", remote, "+refs/*:refs/remotes/src/*"], log_path)
        if fetched.returncode != 0:
            raise FetchError(f"{remote}: git fetch failed; see {log_path}")
        found = _git(["-C", repo, "rev-parse", "--verify", "--quiet", commit + "^{commit}"], log_path)
        if found.returncode != 0 or found.stdout.strip() != commit:
            raise FetchError(f"{remote}: commit {commit} not found")
        tree = os.path.join(work, "tree")
        os.makedirs(tree)
        out = _git(["--git-dir", repo, "--work-tree", tree, "checkout", "--quiet", "-f", commit, "--", "."],
                   log_path)
        if out.returncode != 0:
            raise FetchError(f"{remote}: checking out {commit} failed; see {log_path}")
        archive.write_tar(tree, dest, settings.source_date_epoch)


def fetch_git(inp, settings):
    """Returns the cached, verified tar of a git input's tree at its commit."""
    what = label(inp)
    cache = Cache(settings.cache_dir)
    entry = cache.read_git_pointer(inp.commit, what)
    if entry:
        if os.path.lexists(cache.blob(entry["sha256"])):
            return check_cached(cache, what, cache.blob(entry["sha256"]), entry["sha256"], entry["size"],
                                inp.name + ".tar", settings.verified_dir)
    remotes = [os.path.join(m, inp.name + ".git") for m in settings.mirrors]
    remotes = [r for r in remotes if os.path.isdir(r)]
    if not settings.offline:
        remotes += list(inp.sources)
    if not remotes:
        raise _offline_missing(what, settings, inp.name + ".git (a git repository holding the commit)")
    failures = []
    for remote in remotes:
        tmp = cache.temp_path(inp.name + ".tar")
        try:
            settings.say(f"{what}: fetching commit {inp.commit[:12]} from {remote}")
            _git_tree_tar(remote, inp.commit, tmp, settings)
        except FetchError as e:
            os.unlink(tmp)
            failures.append(str(e))
            continue
        sha, size = file_sha256(tmp), os.path.getsize(tmp)
        path = cache.admit(tmp, sha)
        cache.write_git_pointer(inp.commit, sha, size)
        settings.say(f"{what}: commit {inp.commit[:12]} verified")
        return path
    raise FetchError(f"input {what} could not be fetched:\n  - " + "\n  - ".join(failures))


# --- third_party/ ----------------------------------------------------------

def read_stamp(folder):
    try:
        with open(os.path.join(folder, STAMP_NAME), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def stamp_for(inp, sha256):
    return {"name": inp.name, "version": inp.version, "sha256": sha256, "commit": inp.commit}


def archive_name(inp, settings):
    """The file name that says an input's archive format."""
    return inp.name + ".tar" if inp.kind == "git" else inp.file_for(settings.platform).filename


def install(inp, archive_path, sha256, settings):
    """Unpacks into third_party/<name>-<version> unless it already holds it."""
    final = os.path.join(settings.third_party_dir, inp.dirname)
    stamp = stamp_for(inp, sha256)
    if read_stamp(final) == stamp:
        return False
    remove_leftovers(settings.third_party_dir, r"\..+\.(?:unpack|old)-(\d+)")
    staging = os.path.join(settings.third_party_dir, f".{inp.dirname}.unpack-{os.getpid()}")
    retired = os.path.join(settings.third_party_dir, f".{inp.dirname}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        strip = inp.strip_components if inp.kind == "archive" else 0
        archive.unpack_archive(archive_path, staging, strip, archive_name(inp, settings))
        with open(os.path.join(staging, STAMP_NAME), "w", encoding="utf-8") as f:
            json.dump(stamp, f, indent=2, sort_keys=True)
    except (archive.ArchiveError, OSError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise FetchError(f"input {label(inp)}: {e}; {final} is unchanged") from None
    if os.path.exists(final):
        os.rename(final, retired)
    os.rename(staging, final)
    shutil.rmtree(retired, ignore_errors=True)
    return True


def fetch_input(inp, settings):
    """Makes third_party/<name>-<version> hold the verified input.

    Returns the folder. Raises FetchError with the input's name on any
    problem; a file fetched by this call that cannot be unpacked leaves the
    cache again (to quarantine/), so a failure leaves the cache as it was.
    """
    cache = Cache(settings.cache_dir)
    pointer = cache.git_pointer(inp.commit) if inp.kind == "git" else None
    cached_before = os.path.exists(pointer if pointer else cache.blob(inp.file_for(settings.platform).sha256))
    path = fetch_git(inp, settings) if inp.kind == "git" else fetch_file(inp, settings)
    sha256 = os.path.basename(path)
    try:
        installed = install(inp, path, sha256, settings)
    except FetchError:
        if not cached_before:
            cache.quarantine(path, archive_name(inp, settings))
            if pointer:
                os.unlink(pointer)
        raise
    if installed:
        settings.say(f"{label(inp)}: unpacked into {os.path.join(settings.third_party_dir, inp.dirname)}")
    return os.path.join(settings.third_party_dir, inp.dirname)


# --- pairing a wheel with its source commit ----------------------------------

def recorded_commit(folder):
    """The commit a TVM wheel records in tvm/_version.py ('gc7b458e94' -> 'c7b458e94')."""
    path = os.path.join(folder, "tvm", "_version.py")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return ""
    match = re.search(r"commit_id\s*=\s*['\"]g?([0-9a-f]{7,40})['\"]", text)
    return match.group(1) if match else ""


def check_built_from(inp, folder, source):
    """Stops unless the unpacked wheel records the git input's commit."""
    recorded = recorded_commit(folder)
    if not recorded:
        raise FetchError(f"input {label(inp)}: {folder}/tvm/_version.py records no commit, so it "
                         f"cannot be paired with '{source.name}' (the lock's built_from)")
    if not source.commit.startswith(recorded):
        raise FetchError(
            f"input {label(inp)} was built from commit {recorded}, but the lock pins "
            f"'{source.name}' at {source.commit}: compiler and runtime sources would differ. "
            f"Pin the wheel and the source commit of the same TVM release.")
    return recorded
