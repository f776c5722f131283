"""The step cache: a step's outputs fetched by the sha256 of everything that decides them.

In:  a Step: its label, its key material (key_material(): the content hashes of
     the files it depends on, named by their path in the checkout; the text of
     its signature values with the checkout's path written as <root>; the rule
     modules that make it; the Python lock; tool identities; the environment
     values that reach its outputs; the build machine's platform) and its
     outputs (files and folders relative to the checkout; a folder is stored
     and installed whole). The Settings (configure(), from the options
     CACHE_URL, CACHE_WRITE, CACHE_FOLDER, CACHE_TIMEOUT and, for the server,
     credentials from the environment only: KOKORO_CACHE_TOKEN as a bearer
     token, or KOKORO_CACHE_USER and KOKORO_CACHE_PASSWORD).
Out: run(root, step, build): when a cache holds the step's key, its outputs
     installed from it (every blob verified against its sha256 and size into a
     staging folder first; the previous outputs stay in place until all are;
     a folder cache's files are read only when regular files within their
     claim, its blobs verified where they lie before any copy, and an entry
     claiming more than the disk has free is refused before a byte is written);
     else build() runs and the outputs are stored: content first
     (/cas/<sha256>), then the entry (/ac/<key>). Any failure, timeout or
     mismatch of a cache is a miss that builds locally with one warning line;
     a server that does not answer is not asked again in this build. Every
     step run leaves a record (build/step-cache/records/<step>.json: key and
     output hashes) that upload_records() stores later (`./scons cache-upload`).

Protocol: Bazel's HTTP cache (GET/HEAD/PUT of /ac/<key> and /cas/<sha256>),
spoken by bazel-remote, BuildBuddy and any WebDAV server (nginx with
`dav_methods PUT`, wsgidav). An entry is a REAPI ActionResult
(build.bazel.remote.execution.v2, the message bazel-remote validates on
/ac/): output_files with path, digest (sha256, size) and is_executable (modes
are 0755 or 0644); its stdout_raw holds the key's material as JSON, so a
miss can be explained by comparing two. The local folder has Bazel's
--disk_cache layout: <folder>/ac/<2 hex>/<key>, <folder>/cas/<2 hex>/<sha256>.

Not keyed: absolute paths (the build's outputs do not depend on where the
checkout is: repro-check builds in two roots and compares), and
SOURCE_DATE_EPOCH (no cached step writes a date: archives are written with
zero dates, rustc and TVM read none; keyed, every commit would miss), and
this module's own code (it decides no output byte; FORMAT changes when the
entries do). `./scons cache-upload` skips a record whose rule modules or
Python lock changed since it was built: its key would not be today's.
"""

import base64
import hashlib
import http.client
import io
import json
import math
import os
import re
import shutil
import socket
import stat
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .actions import python_action
from .digest import CHUNK, NotStored, file_sha256, open_stored, read_stored, stored_sha256, text_sha256, tree_files
from .errors import BuildError
from .leftovers import remove_leftovers

FORMAT = 1
ROOT_MARK, PYTHON_ENV_MARK = "<root>", "<python-env>"
RECORDS = os.path.join("build", "step-cache", "records")
STAGING = os.path.join("build", "step-cache", "staging")
# The child environment's values that reach outputs (buildenv.child_environment sets them).
KEYED_ENVIRONMENT = ("LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "PYTHONUTF8", "TZ")
ENV_TOKEN, ENV_USER, ENV_PASSWORD = "KOKORO_CACHE_TOKEN", "KOKORO_CACHE_USER", "KOKORO_CACHE_PASSWORD"
HEX64 = re.compile(r"[0-9a-f]{64}")
ENTRY_MOST = 16 << 20      # an entry (file list and key material) is kilobytes; a record too
FREE_MARGIN = 256 << 20    # what an install leaves free on the disk of the checkout


class CacheSettingError(BuildError):
    """A cache option cannot be used; the message names it."""


class CacheFault(BuildError):
    """A cache did not give what it should (unreachable, slow, corrupt, truncated, refused): a
    miss, never an error of the build. unreachable: the server is not asked again in this build."""

    def __init__(self, message, unreachable=False):
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True)
class Settings:
    url: str = ""            # the HTTP cache's base URL, or "" for none
    write: bool = False      # store in the HTTP cache (the local folder is always written)
    folder: str = ""         # the local folder cache, or "" for none
    timeout: float = 30.0    # seconds a request may wait for the server
    authorization: str = ""  # the Authorization header, from the environment

    @property
    def enabled(self):
        return bool(self.url or self.folder)


def settings_from(url, write, folder, timeout, environ):
    """Settings from the options' values and the environment's credentials; CacheSettingError
    naming the option when one cannot be used."""
    url = url.strip().rstrip("/")
    if url:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CacheSettingError(f"CACHE_URL={url}: expected http://host[:port][/path] or https://...")
        if parts.username or parts.password:
            raise CacheSettingError(f"CACHE_URL: credentials do not belong on the command line (they end up in "
                                    f"shell history and logs): give the URL without them and set {ENV_USER} and "
                                    f"{ENV_PASSWORD}, or {ENV_TOKEN}, in the environment")
    if write and not url:
        raise CacheSettingError("CACHE_WRITE=1 needs CACHE_URL=<the HTTP cache> (the local CACHE_FOLDER is "
                                "always written)")
    try:
        seconds = float(timeout)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise CacheSettingError(f"CACHE_TIMEOUT={timeout}: expected a number of seconds above 0")
    authorization = ""
    if environ.get(ENV_TOKEN):
        authorization = "Bearer " + environ[ENV_TOKEN]
    elif environ.get(ENV_USER):
        pair = f"{environ[ENV_USER]}:{environ.get(ENV_PASSWORD, '')}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode()
    return Settings(url, bool(write), os.path.abspath(folder) if folder else "", seconds, authorization)


_settings = Settings()
_state_lock = threading.Lock()
_down = {}          # store name -> the reason it was given up in this build


def configure(settings):
    """Sets the build's cache settings (read when a step runs: actions do not hold them, so
    choosing a cache never rebuilds anything)."""
    global _settings
    _settings = settings
    _down.clear()


def describe(settings=None):
    """One line saying which caches a build uses."""
    s = settings or _settings
    parts = ([f"folder {s.folder}"] if s.folder else []) + \
        ([f"{s.url} ({'read and write' if s.write else 'read only'})"] if s.url else [])
    return "step cache: " + (", ".join(parts) if parts else "off")


# --- the key ---------------------------------------------------------------------------

def root_free(root, text):
    """text with the build's Python environment written as <python-env> (checkouts may share
    one: the pinned tools in it, such as zig, are keyed by the lock) and the checkout's path
    as <root>, in each spelling a signature may hold: as is, and as JSON escapes non-ASCII
    letters (ō as \\u014d)."""
    for path, mark in ((sys.prefix, PYTHON_ENV_MARK), (root, ROOT_MARK)):
        path = path.rstrip("/")
        for spelling in dict.fromkeys((path, json.dumps(path)[1:-1])):
            text = text.replace(spelling + "/", mark + "/").replace(spelling, mark)
    return text


def _file_name(root, path):
    """A dependency's name in the key: its path in the checkout, or <outside>/<file name>."""
    rel = os.path.relpath(path, root)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else "<outside>/" + os.path.basename(path)


def node_inputs(root, nodes):
    """(files, values) of SCons source nodes: files as [name, sha256] (SCons's content
    signature, sha256 in this build), values as their text with the checkout's path marked."""
    files, values = [], []
    for node in nodes:
        if type(node).__name__ == "Value":
            values.append(root_free(root, node.get_text_contents()))
        else:
            files.append([_file_name(root, node.abspath), node.get_csig()])
    return sorted(files), values


def rule_hashes(modules):
    """{module: sha256} of rule modules of this package (the cache's own code is not among them:
    it decides no output byte; FORMAT changes when its entries do)."""
    package = os.path.dirname(os.path.abspath(__file__))
    return {m: file_sha256(os.path.join(package, m)) for m in sorted(set(modules))}


def _lock_sha256(root):
    return file_sha256(os.path.join(root, "third_party", "requirements.lock"))


def key_material(root, label, files, values, modules, tools, environment, platform):
    """Everything that decides a step's bytes, as one JSON-able dict. files: [[name, sha256]];
    values: texts; modules: rule module file names (site_scons/kokoro_build/); tools:
    {name: identity}; environment: the child environment (only KEYED_ENVIRONMENT is read)."""
    return {
        "format": FORMAT,
        "step": label,
        "platform": platform,
        "files": sorted([list(f) for f in files]),
        "values": [root_free(root, v) for v in values],
        "rules": rule_hashes(modules),
        "python_lock": _lock_sha256(root),
        "tools": {k: root_free(root, v) for k, v in sorted(tools.items())},
        "environment": {k: environment.get(k, "") for k in KEYED_ENVIRONMENT},
    }


def step_key(material):
    """The sha256 of a key material (canonical JSON)."""
    return text_sha256(json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


@dataclass(frozen=True)
class Step:
    label: str        # "host/models": the log's name for it
    outputs: tuple    # paths relative to the checkout: files, or folders stored and installed whole
    material: dict    # key_material()

    @property
    def key(self):
        return step_key(self.material)


# --- entries: REAPI ActionResult, encoded by hand (protobuf wire format) ----------------

def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    """A length-delimited field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def encode_entry(files, material):
    """An ActionResult: output_files (2) {path (1), digest (2) {hash (1), size_bytes (2)},
    is_executable (4)}, exit_code (4) 0, stdout_raw (5) the key material's JSON."""
    out = b""
    for f in sorted(files, key=lambda f: f["path"]):
        digest = _field(1, f["sha256"].encode()) + _varint(2 << 3) + _varint(f["size"])
        entry = _field(1, f["path"].encode()) + _field(2, digest) + (_varint(4 << 3) + _varint(1) if f["executable"]
                                                                     else b"")
        out += _field(2, entry)
    return out + _field(5, json.dumps(material, sort_keys=True).encode())


def _fields(data):
    """(number, value) of a protobuf message: ints for varints, bytes for length-delimited."""
    i = 0
    while i < len(data):
        tag, i = _read_varint(data, i)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, i = _read_varint(data, i)
        elif wire == 2:
            size, i = _read_varint(data, i)
            if i + size > len(data):
                raise ValueError("a field runs past the end")
            value, i = data[i:i + size], i + size
        elif wire in (1, 5):
            value, i = None, i + (8 if wire == 1 else 4)
        else:
            raise ValueError(f"wire type {wire}")
        yield number, value


def _read_varint(data, i):
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise ValueError("a truncated number")
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if not byte & 0x80:
            return value, i


def decode_entry(data, outputs):
    """The files of an entry, each checked: a relative path under one of the step's outputs,
    a sha256, a size. CacheFault when the entry is not one this step can install."""
    files = []
    try:
        for number, value in _fields(data):
            if number != 2:
                continue
            f = {"executable": False}
            for n, v in _fields(value):
                if n == 1:
                    f["path"] = v.decode()
                elif n == 2:
                    for dn, dv in _fields(v):
                        if dn == 1:
                            f["sha256"] = dv.decode()
                        elif dn == 2:
                            f["size"] = dv
                elif n == 4:
                    f["executable"] = bool(v)
            files.append(f)
    except (ValueError, UnicodeDecodeError) as e:
        raise CacheFault(f"an entry that is no ActionResult ({e})") from None
    for f in files:
        path = f.get("path", "")
        if not (HEX64.fullmatch(f.get("sha256", "")) and isinstance(f.get("size"), int)
                and path and not path.startswith("/") and ".." not in path.split("/")
                and any(path == o or path.startswith(o + "/") for o in outputs)):
            raise CacheFault(f"an entry with a file this step does not make ({path or 'no path'})")
    if not files or any(not any(f["path"] == o or f["path"].startswith(o + "/") for f in files) for o in outputs):
        raise CacheFault("an entry without every output of the step")
    return files


# --- stores --------------------------------------------------------------------------------

def _copy_verified(read, dest, sha256, size, what):
    """Writes the chunks of read() to dest, checking size and sha256; CacheFault otherwise."""
    h, written = hashlib.sha256(), 0
    with open(dest, "wb") as out:
        while chunk := read(CHUNK):
            h.update(chunk)
            written += len(chunk)
            if written > size:
                break
            out.write(chunk)
    if written != size:
        raise CacheFault(f"{what}: {written}{'+' if written > size else ''} bytes, expected {size} (truncated or "
                         f"wrong)")
    if h.hexdigest() != sha256:
        raise CacheFault(f"{what}: its content does not match its sha256 (corrupt)")


class FolderStore:
    """A folder on this machine, in Bazel's --disk_cache layout; always written."""

    writes = True

    def __init__(self, folder):
        self.folder = folder
        self.name = f"folder {folder}"

    def _path(self, kind, key):
        return os.path.join(self.folder, kind, key[:2], key)

    def get_entry(self, key):
        try:
            return read_stored(self._path("ac", key), ENTRY_MOST)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise CacheFault(f"{self._path('ac', key)}: {e.strerror}") from None

    def fetch_blob(self, sha256, size, dest):
        """The blob verified where it lies (a regular file of the claimed size, its sha256)
        before a byte is written to dest, then copied (and verified again while copied)."""
        path = self._path("cas", sha256)
        try:
            if stored_sha256(path, size) != sha256:
                raise CacheFault(f"blob {sha256[:12]}: its content does not match its sha256 (corrupt)")
            with open_stored(path, size=size) as f:
                _copy_verified(f.read, dest, sha256, size, f"blob {sha256[:12]}")
        except FileNotFoundError:
            raise CacheFault(f"blob {sha256[:12]} is missing (the folder was pruned?)") from None
        except (CacheFault, NotStored) as e:
            os.unlink(path)    # a corrupt or planted local blob is removed: the next store writes it again
            raise e if isinstance(e, CacheFault) else CacheFault(f"{path}: {e.strerror}") from None
        except OSError as e:
            raise CacheFault(f"{path}: {e.strerror}") from None

    def has_blob(self, sha256):
        try:
            return stat.S_ISREG(os.lstat(self._path("cas", sha256)).st_mode)
        except OSError:
            return False

    def _put(self, kind, key, write):
        path = self._path(kind, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        staged = f"{path}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            write(staged)
            os.chmod(staged, 0o644)
            os.replace(staged, path)
        finally:
            if os.path.exists(staged):
                os.unlink(staged)

    def put_blob(self, sha256, path):
        self._put("cas", sha256, lambda staged: shutil.copyfile(path, staged))

    def put_entry(self, key, data):
        def write(staged):
            with open(staged, "wb") as f:
                f.write(data)
        self._put("ac", key, write)


class HttpStore:
    """A server speaking Bazel's HTTP cache protocol."""

    def __init__(self, settings):
        self.url, self.timeout, self.authorization = settings.url, settings.timeout, settings.authorization
        self.writes = settings.write
        self.name = settings.url

    def _request(self, method, path, data=None, headers=None):
        request = urllib.request.Request(f"{self.url}/{path}", data=data, method=method, headers=headers or {})
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            e.close()
            if e.code == 404:
                return None
            if e.code in (401, 403):
                raise CacheFault(f"{method} /{path}: HTTP {e.code} (check {ENV_TOKEN} or {ENV_USER}/"
                                 f"{ENV_PASSWORD})", unreachable=True) from None
            raise CacheFault(f"{method} /{path}: HTTP {e.code}", unreachable=e.code >= 500) from None
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout, OSError) as e:
            reason = getattr(e, "reason", e)
            raise CacheFault(f"{method} /{path}: {reason}", unreachable=True) from None

    def get_entry(self, key):
        response = self._request("GET", f"ac/{key}")
        if response is None:
            return None
        with response:
            try:
                data = response.read(ENTRY_MOST + 1)
            except (http.client.HTTPException, socket.timeout, OSError) as e:
                raise CacheFault(f"GET /ac/{key[:12]}: {type(e).__name__} {e}") from None
        if len(data) > ENTRY_MOST:
            raise CacheFault(f"GET /ac/{key[:12]}: more than {ENTRY_MOST} bytes (no entry is that large)")
        return data

    def fetch_blob(self, sha256, size, dest):
        response = self._request("GET", f"cas/{sha256}")
        if response is None:
            raise CacheFault(f"blob {sha256[:12]} is missing from the server")
        with response:
            try:
                _copy_verified(response.read, dest, sha256, size, f"blob {sha256[:12]}")
            except http.client.IncompleteRead:
                raise CacheFault(f"blob {sha256[:12]}: the connection closed before its {size} bytes came "
                                 "(truncated)") from None
            except (http.client.HTTPException, socket.timeout, OSError) as e:
                raise CacheFault(f"blob {sha256[:12]}: {type(e).__name__} {e}") from None

    def has_blob(self, sha256):
        response = self._request("HEAD", f"cas/{sha256}")
        if response is None:
            return False
        response.close()
        return True

    def _put(self, path, open_data, size):
        for attempt in (1, 2):
            try:
                with open_data() as data:
                    response = self._request("PUT", path, data=data, headers={
                        "Content-Length": str(size), "Content-Type": "application/octet-stream"})
                if response is not None:
                    response.close()
                    return
            except CacheFault as e:
                if attempt == 2 or "HTTP 409" not in str(e):
                    raise
            # 404/409: a WebDAV server without the collection: make it once, then try again
            collection = self._request("MKCOL", path.split("/")[0] + "/")
            if collection is not None:
                collection.close()
        raise CacheFault(f"PUT /{path}: refused")

    def put_blob(self, sha256, path):
        self._put(f"cas/{sha256}", lambda: open(path, "rb"), os.path.getsize(path))

    def put_entry(self, key, data):
        self._put(f"ac/{key}", lambda: io.BytesIO(data), len(data))


def _stores(settings):
    found = []
    if settings.folder:
        found.append(FolderStore(settings.folder))
    if settings.url:
        found.append(HttpStore(settings))
    return found


def _warn(line):
    print(f"warning: {line}", flush=True)


def _fault(store, label, fault):
    """One warning line for a fault; an unreachable store is given up for this build."""
    with _state_lock:
        if store.name in _down:
            return
        if fault.unreachable:
            _down[store.name] = str(fault)
            _warn(f"step cache {store.name}: {fault}: building locally (not asked again in this build)")
            return
    _warn(f"step cache {store.name}: [{label}] {fault}: a miss, building it locally")


def _usable(stores):
    with _state_lock:
        return [s for s in stores if s.name not in _down]


# --- outputs ---------------------------------------------------------------------------------

def output_files(root, outputs):
    """[{path, sha256, size, executable}] of a step's outputs (folders walked), by path (as an
    entry lists them); BuildError when an output is missing or is a symbolic link (an entry
    holds regular files only)."""
    found = []
    for output in outputs:
        path = os.path.join(root, output)
        if os.path.islink(path) or not os.path.exists(path):
            raise BuildError(f"{output}: {'a symbolic link' if os.path.islink(path) else 'missing'} after the step")
        names = [output] if os.path.isfile(path) else [f"{output}/{rel}" for rel in tree_files(path)]
        for name in names:
            full = os.path.join(root, name)
            if os.path.islink(full):
                raise BuildError(f"{name}: a symbolic link (an entry holds regular files only)")
            mode = os.stat(full).st_mode
            found.append({"path": name, "sha256": file_sha256(full), "size": os.path.getsize(full),
                          "executable": bool(mode & 0o111)})
    return sorted(found, key=lambda f: f["path"])


def _install(root, step, files, store):
    """Fetches every file of an entry into a staging folder, verified, then swaps each output in."""
    remove_leftovers(os.path.join(root, STAGING), r"[0-9a-f]{16}\.(\d+)\.\d+")   # of a killed build
    staging = os.path.join(root, STAGING, f"{step.key[:16]}.{os.getpid()}.{threading.get_ident()}")
    shutil.rmtree(staging, ignore_errors=True)
    claimed = sum(f["size"] for f in files)
    os.makedirs(os.path.dirname(staging), exist_ok=True)
    free = shutil.disk_usage(os.path.dirname(staging)).free
    if claimed + FREE_MARGIN > free:       # refused before a byte is written
        raise CacheFault(f"an entry whose files claim {_size(claimed)}, more than this disk can take "
                         f"({_size(free)} free)")
    try:
        for f in files:
            dest = os.path.join(staging, f["path"])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            store.fetch_blob(f["sha256"], f["size"], dest)
            os.chmod(dest, 0o755 if f["executable"] else 0o644)
        for output in step.outputs:        # every blob verified: nothing is installed before this
            final = os.path.join(root, output)
            os.makedirs(os.path.dirname(final), exist_ok=True)
            if os.path.isdir(final) and not os.path.islink(final):
                shutil.rmtree(final)
            os.replace(os.path.join(staging, output), final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _store(step, files, root, stores):
    """Puts the blobs the stores lack, then the entry; (stores written, bytes sent)."""
    entry = encode_entry(files, step.material)
    written, sent = [], 0
    for store in stores:
        try:
            for f in {f["sha256"]: f for f in files}.values():
                if not store.has_blob(f["sha256"]):
                    store.put_blob(f["sha256"], os.path.join(root, f["path"]))
                    sent += f["size"]
            store.put_entry(step.key, entry)
            written.append(store.name)
        except CacheFault as e:
            _fault(store, step.label, e)
        except OSError as e:
            _fault(store, step.label, CacheFault(f"{e.filename or ''}: {e.strerror}"))
    return written, sent


def _record(root, step, files):
    path = os.path.join(root, RECORDS, step.label.replace("/", "_") + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".new", "w", encoding="utf-8") as f:
        json.dump({"key": step.key, "label": step.label, "outputs": list(step.outputs),
               "files": sorted(files, key=lambda f: f["path"]),
                   "material": step.material}, f, indent=1, sort_keys=True)
    os.replace(path + ".new", path)


def _size(n):
    return f"{n / 1e6:.1f} MB"


def run(root, step, build, settings=None):
    """The step's outputs from a cache holding its key, else from build(); then stored."""
    settings = settings or _settings
    stores = _stores(settings)
    for store in _usable(stores):
        started = time.monotonic()
        try:
            entry = store.get_entry(step.key)
            if entry is None:
                continue
            files = decode_entry(entry, step.outputs)
            _install(root, step, files, store)
        except CacheFault as e:
            _fault(store, step.label, e)
            continue
        except OSError as e:          # this machine's side: a full disk, a folder it cannot write
            _fault(store, step.label, CacheFault(f"installing: {e.filename or ''}: {e.strerror}"))
            continue
        print(f"[{step.label}] cache hit ({store.name}, key {step.key[:12]}): {len(files)} files, "
              f"{_size(sum(f['size'] for f in files))} in {time.monotonic() - started:.1f} s", flush=True)
        _record(root, step, files)
        for other in stores:      # a hit on the server fills the local folder
            if other is not store and isinstance(other, FolderStore):
                _store(step, files, root, [other])
        return
    if stores:
        print(f"[{step.label}] cache miss (key {step.key[:12]}): building", flush=True)
    build()
    files = output_files(root, step.outputs)
    _record(root, step, files)
    writable = [s for s in _usable(stores) if s.writes]
    if writable:
        written, sent = _store(step, files, root, writable)
        if written:
            print(f"[{step.label}] stored in the step cache ({', '.join(written)}; {_size(sent)} sent)", flush=True)


def upload_records(root, settings=None, say=print):
    """Stores every step this checkout built (its records) whose outputs are still what the
    record says; returns (stored, skipped) counts. BuildError when a cache refused them."""
    settings = settings or _settings
    stores = [s for s in _stores(settings) if s.writes]
    folder = os.path.join(root, RECORDS)
    stored = skipped = 0
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not name.endswith(".json"):
            continue
        try:
            record = json.loads(read_stored(os.path.join(folder, name), ENTRY_MOST))
        except (OSError, ValueError, RecursionError) as e:
            skipped += 1
            say(f"cache-upload: {name} skipped: not a record this build wrote ({getattr(e, 'strerror', None) or e})")
            continue
        step, material = Step(record["label"], tuple(record["outputs"]), record["material"]), record["material"]
        why = ""
        try:
            files = output_files(root, step.outputs)
        except BuildError as e:
            why = str(e)
        else:
            if material["rules"] != rule_hashes(material["rules"]) or material["python_lock"] != _lock_sha256(root):
                why = ("built by rule code or a Python lock that changed since (its key would be another): build "
                       "it again to store it")
            elif files != sorted(record["files"], key=lambda f: f["path"]) or step.key != record["key"]:
                why = "its outputs changed since it was built"
        if why:
            skipped += 1
            say(f"cache-upload: [{step.label}] skipped: {why}")
            continue
        written, sent = _store(step, files, root, _usable(stores))
        if written:
            stored += 1
            say(f"cache-upload: [{step.label}] stored (key {step.key[:12]}, {len(files)} files, {_size(sent)} sent)")
    with _state_lock:
        refused = dict(_down)
    if refused:
        raise BuildError("cache-upload: " + "; ".join(f"{name}: {why}" for name, why in refused.items()))
    return stored, skipped


def upload_rule(env, root):
    """Declares the `cache-upload` alias: upload_records() of the checkout, with the build's settings."""
    def cache_upload(target, source, env_):
        if not any(store.writes for store in _stores(_settings)):
            raise CacheSettingError("cache-upload needs somewhere to write: CACHE_URL=<server> with CACHE_WRITE=1, "
                                    "or CACHE_FOLDER=<folder>")
        stored, skipped = upload_records(root, say=lambda line: print(line, flush=True))
        print(f"cache-upload: {stored} step(s) stored, {skipped} skipped ({describe()})", flush=True)
    return env.AlwaysBuild(env.Alias("cache-upload", [], python_action(
        cache_upload, "cache-upload: the steps this checkout built -> the step cache")))

