"""The lock: third_party/lock.toml, every input the build fetches.

In:  the TOML file (schema below).
Out: a validated `Lock`: inputs by name, each with its version, kind, the
     profiles that need it and its files (per platform where they differ),
     each file with sha256, size and sources tried in order.

    schema = 1
    [python]                    # the pinned interpreter and its lock
    version = "3.11"
    requirements = "requirements.lock"
    [rust]                      # checked against rustc, never fetched
    toolchain = "../rust/rust-toolchain.toml"
    [apple]                     # checked against Xcode, never fetched
    xcode = "26.1"              # (the minimum OS versions are the profile rows': profiles.py)
    [model.weights]             # the weights the build ships by default: a file made
    file = "..."                # of fetched inputs' files (parts, joined in order)
    sha256 = "<64 hex>"         # of the joined file
    size = 123
    parts = ["<input>/<path in its folder>", ...]
    licenses = ["Apache-2.0", ...]  # SPDX identifiers, recorded in the release manifest and the SBOM
    origin = "..."              # who made it, in words
    [model.voices]              # the voices it ships by default: one fetched file
    file = "<input>/<path in its folder>"
    sha256 = "<64 hex>"
    licenses = ["Apache-2.0"]
    origin = "..."

    [inputs.<name>]
    version = "..."
    kind = "archive" | "git"
    profiles = ["host", "ios"]  # which profiles need it
    strip_components = 1        # archive: leading folders to drop
    built_from = "<name>"       # optional: a git input whose commit this
                                # wheel records in tvm/_version.py
    commit = "<40 hex>"         # git only
    sources = ["https://..."]   # git: remotes
    [[inputs.<name>.files]]     # archive only: one per platform, or "any"
    platform = "any" | "linux-x86_64" | "linux-aarch64" | "macos-arm64" | ...
    filename = "..."
    sha256 = "<64 hex>"
    size = 123
    sources = ["pypi:name==version", "https://..."]

Every problem is reported as a LockError naming the file and the key. Every
value that becomes part of a path (name, version, filename, platform) must be
one plain path component: a lock cannot make fetch write or delete outside
third_party/ and the cache.
"""

import os
import re
import tomllib
from dataclasses import dataclass, field

from . import profiles
from .errors import BuildError

SCHEMA = 1
KINDS = ("archive", "git")
PROFILES = tuple(profiles.PROFILES)
PLATFORMS = ("any",) + tuple(profiles.PLATFORMS)
ARCHIVE_SUFFIXES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".tar.bz2")
SOURCE_SCHEMES = ("pypi:", "https://", "http://", "file://")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
VERSION_RE = re.compile(r"^\d+(\.\d+)*$")
# Values that become one component of a file path (third_party/<name>-<version>, the
# cache's file names): no separators, no leading '.', nothing a shell or a path reads twice.
COMPONENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")


class LockError(BuildError):
    """The lock file cannot be read or says something impossible."""


@dataclass(frozen=True)
class LockedFile:
    platform: str
    filename: str
    sha256: str
    size: int
    sources: tuple


@dataclass(frozen=True)
class LockedInput:
    name: str
    version: str
    kind: str
    profiles: tuple
    files: tuple = ()
    commit: str = ""
    sources: tuple = ()
    strip_components: int = 0
    built_from: str = ""
    description: str = ""

    @property
    def dirname(self):
        """Folder under third_party/ it unpacks into."""
        return f"{self.name}-{self.version}"

    def file_for(self, platform):
        """The archive file for a build machine's platform."""
        for f in self.files:
            if f.platform in (platform, "any"):
                return f
        listed = ", ".join(f.platform for f in self.files)
        raise LockError(f"input '{self.name}' {self.version} has no file for platform "
                        f"{platform} (the lock lists: {listed})")


@dataclass(frozen=True)
class PinnedFile:
    """A file the build ships, made of fetched inputs' files: [(input name, path in its folder)]
    joined in order, of this sha256 (and size, where given)."""
    name: str
    sha256: str
    size: int
    parts: tuple
    licenses: tuple
    origin: str


@dataclass
class Lock:
    path: str
    inputs: dict
    python: dict = field(default_factory=dict)
    rust: dict = field(default_factory=dict)
    apple: dict = field(default_factory=dict)
    model: dict = field(default_factory=dict)      # {"weights": PinnedFile, "voices": PinnedFile}

    def inputs_for(self, profile):
        return [i for i in self.inputs.values() if profile in i.profiles]

    def require(self, needs):
        """Stops unless the lock has each {name: kind} the build needs."""
        for name, kind in sorted(needs.items()):
            if name not in self.inputs:
                raise LockError(f"{self.path}: inputs.{name}: missing (the build needs this {kind} input)")
            if self.inputs[name].kind != kind:
                raise LockError(f"{self.path}: inputs.{name}.kind: the build needs a {kind} input")


    def require_for(self, profile, names):
        """Stops unless each input of names is listed for the profile (its `profiles`)."""
        for name in sorted(names):
            if profile not in self.inputs[name].profiles:
                raise LockError(f"{self.path}: inputs.{name}.profiles: the {profile} profile needs this input; "
                                f"add \"{profile}\" to its profiles")


class _Reader:
    """Typed access to one TOML table, with errors that name the key."""

    def __init__(self, path, table, where):
        self.path, self.table, self.where = path, table, where

    def fail(self, key, message):
        raise LockError(f"{self.path}: {self.where}{key}: {message}")

    def get(self, key, kind, default=None, required=True):
        if key not in self.table:
            if required:
                self.fail(key, "missing")
            return default
        value = self.table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(key, f"expected {_type_name(kind)}, got {value!r}")
        return value

    def matching(self, key, pattern, what, required=True):
        value = self.get(key, str, "", required)
        if (value or required) and not pattern.fullmatch(value):
            self.fail(key, f"expected {what}, got {value!r}")
        return value

    def choice(self, key, allowed):
        value = self.get(key, str)
        if value not in allowed:
            self.fail(key, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    def strings(self, key, required=True):
        values = self.get(key, list, [], required)
        if required and not values:
            self.fail(key, "must not be empty")
        for v in values:
            if not isinstance(v, str) or not v:
                self.fail(key, f"expected a list of strings, got {values!r}")
        return tuple(values)

    def reject_unknown(self, known):
        for key in self.table:
            if key not in known:
                self.fail(key, f"unknown key (known: {', '.join(sorted(known))})")


def _type_name(kind):
    return {str: "a string", int: "an integer", list: "a list", dict: "a table"}[kind]


def _read_file_entry(path, table, where):
    if not isinstance(table, dict):
        raise LockError(f"{path}: {where}: expected a table, got {table!r}")
    r = _Reader(path, table, where)
    r.reject_unknown({"platform", "filename", "sha256", "size", "sources"})
    platform = r.choice("platform", PLATFORMS)
    filename = r.matching("filename", COMPONENT_RE, "a plain file name (letters, digits, '.', '_', '+', '-'; "
                          "no '/', no leading '.')")
    if not filename.endswith(ARCHIVE_SUFFIXES):
        r.fail("filename", f"unsupported archive type {filename!r} (known: {', '.join(ARCHIVE_SUFFIXES)})")
    sha256 = r.matching("sha256", SHA256_RE, "64 lowercase hex digits")
    size = r.get("size", int)
    if size <= 0:
        r.fail("size", f"must be a positive number of bytes, got {size}")
    sources = r.strings("sources")
    for s in sources:
        if not s.startswith(SOURCE_SCHEMES):
            r.fail("sources", f"unsupported source {s!r} (known: {', '.join(SOURCE_SCHEMES)}...)")
        if s.startswith("pypi:") and not filename.endswith(".whl"):
            r.fail("sources", f"{s!r}: a pypi: source serves wheels only (use the file's https URL)")
    return LockedFile(platform, filename, sha256, size, sources)


def _read_input(path, name, table):
    where = f"inputs.{name}."
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise LockError(f"{path}: inputs.{name}: names are lowercase letters, digits, '.', '_' and '-'")
    if not isinstance(table, dict):
        raise LockError(f"{path}: inputs.{name}: expected a table, got {table!r}")
    r = _Reader(path, table, where)
    r.reject_unknown({"version", "kind", "profiles", "files", "commit", "sources",
                      "strip_components", "built_from", "description"})
    kind = r.choice("kind", KINDS)
    profiles = r.strings("profiles")
    for p in profiles:
        if p not in PROFILES:
            r.fail("profiles", f"unknown profile {p!r} (known: {', '.join(PROFILES)})")
    version = r.matching("version", COMPONENT_RE, "a version that is one path component (letters, digits, '.', "
                         "'_', '+', '-'; no '/', no leading '.')")
    common = dict(name=name, version=version, kind=kind, profiles=profiles,
                  built_from=r.get("built_from", str, "", required=False),
                  description=r.get("description", str, "", required=False))
    if kind == "git":
        if "files" in table:
            r.fail("files", "a git input has no files (it names a commit and remotes)")
        return LockedInput(commit=r.matching("commit", COMMIT_RE, "a full 40-digit commit hash"),
                           sources=r.strings("sources"), **common)
    if "commit" in table:
        r.fail("commit", "only git inputs name a commit")
    strip = r.get("strip_components", int, 0, required=False)
    if strip < 0:
        r.fail("strip_components", f"must be 0 or more, got {strip}")
    files = r.get("files", list)
    if not files:
        r.fail("files", "must list at least one file")
    entries = tuple(_read_file_entry(path, f, f"{where}files[{i}].") for i, f in enumerate(files))
    platforms = [f.platform for f in entries]
    if len(set(platforms)) != len(platforms) or ("any" in platforms and len(platforms) > 1):
        r.fail("files", f"each platform at most once, and 'any' alone (got {', '.join(platforms)})")
    return LockedInput(files=entries, strip_components=strip, **common)


PART_RE = re.compile(r"^([a-z0-9][a-z0-9._-]{0,63})/((?:[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}/)*[A-Za-z0-9_][A-Za-z0-9._+-]{0,127})$")


def _read_pinned(path, key, table, inputs):
    where = f"model.{key}."
    if not isinstance(table, dict):
        raise LockError(f"{path}: model.{key}: expected a table, got {table!r}")
    r = _Reader(path, table, where)
    if key == "weights":
        r.reject_unknown({"file", "sha256", "size", "parts", "licenses", "origin"})
        name = r.matching("file", COMPONENT_RE, "a plain file name")
        size = r.get("size", int)
        if size <= 0:
            r.fail("size", f"must be a positive number of bytes, got {size}")
        parts = r.strings("parts")
    else:
        r.reject_unknown({"file", "sha256", "licenses", "origin"})
        parts, size = (r.get("file", str),), 0
        name = parts[0].rsplit("/", 1)[-1]
    located = []
    for part in parts:
        match = PART_RE.fullmatch(part)
        if not match or ".." in part.split("/"):
            r.fail("parts" if key == "weights" else "file", f"expected '<input>/<path in its folder>', got {part!r}")
        if match.group(1) not in inputs or inputs[match.group(1)].kind != "archive":
            r.fail("parts" if key == "weights" else "file", f"{match.group(1)!r} is not an archive input of the lock")
        located.append((match.group(1), match.group(2)))
    return PinnedFile(name=name, sha256=r.matching("sha256", SHA256_RE, "64 lowercase hex digits"), size=size,
                      parts=tuple(located), licenses=r.strings("licenses"), origin=r.get("origin", str))


def parse(text, path="third_party/lock.toml"):
    """Parses and validates the lock's text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise LockError(f"{path}: not valid TOML: {e}") from None
    r = _Reader(path, data, "")
    r.reject_unknown({"schema", "python", "rust", "apple", "inputs", "model"})
    if r.get("schema", int) != SCHEMA:
        r.fail("schema", f"this build reads schema {SCHEMA}, the file says {data['schema']}")
    inputs_table = r.get("inputs", dict)
    inputs = {name: _read_input(path, name, t) for name, t in sorted(inputs_table.items())}
    for i in inputs.values():
        if i.built_from and (i.built_from not in inputs or inputs[i.built_from].kind != "git"):
            raise LockError(f"{path}: inputs.{i.name}.built_from: {i.built_from!r} is not a git input of the lock")
    apple = r.get("apple", dict, {}, required=False)
    apple_reader = _Reader(path, apple, "apple.")
    if "ios_deployment_target" in apple:
        apple_reader.fail("ios_deployment_target", "the minimum iOS version is the ios row's (Apple.minimum in "
                          "site_scons/kokoro_build/profiles.py), where the models' CPU level and GPU family "
                          "follow from it: remove the key here and change it there")
    apple_reader.reject_unknown({"xcode"})
    for key in apple:
        apple_reader.matching(key, VERSION_RE, "a version such as 26.1")
    model_table = r.get("model", dict, {}, required=False)
    _Reader(path, model_table, "model.").reject_unknown({"weights", "voices"})
    model = {key: _read_pinned(path, key, t, inputs) for key, t in sorted(model_table.items())}
    return Lock(path=path, inputs=inputs, apple=apple, model=model,
                python=r.get("python", dict, {}, required=False),
                rust=r.get("rust", dict, {}, required=False))


def load(path):
    """Reads and validates the lock file at path."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise LockError(f"{path}: cannot read the lock: {e.strerror}") from None
    except UnicodeDecodeError:
        raise LockError(f"{path}: not UTF-8 text") from None
    return parse(text, os.path.relpath(path))
