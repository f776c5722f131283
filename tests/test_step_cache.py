"""The step cache: a step's key changes with each of its inputs and never with the checkout's
path; its entries go to and come from a real WebDAV server (wsgidav, pinned in the lock) over
Bazel's HTTP cache protocol; a server that is down, slow, refuses the credentials or sends a
corrupt or truncated blob is a miss that builds locally with one warning line and installs
nothing it did not verify; and a second clone in another folder builds the host profile and
every profile's models from the server without running a compiler, to the same bytes."""

import hashlib
import http.server
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, plant, snapshot, within
from kokoro_build import buildenv, step_cache
from kokoro_build.errors import BuildError

PYTHON_ENV_BIN = os.path.dirname(sys.executable)


# --- a step small enough to build in a test ------------------------------------------------

LOCK_TEXT = "numpy==2.0.0 --hash=sha256:00\n"
OUTPUTS = {"out/lib.a": (b"!<arch>\n" + b"a" * 3000, False),
           "out/tree/bin/tool": (b"#!/bin/sh\necho tool\n", True),
           "out/tree/share/data.bin": (bytes(range(256)) * 40, False)}


def make_root(base, name="checkout"):
    root = base / name
    (root / "third_party").mkdir(parents=True)
    (root / "third_party" / "requirements.lock").write_text(LOCK_TEXT)
    return str(root)


def material(root, **change):
    """The key material of the test step in root, with one argument of key_material() changed."""
    arguments = dict(label="test/step", files=[["native/a.c", "1" * 64], ["models/split.py", "2" * 64]],
                     values=[f'{{"prefix": "{root}/build/test/step", "cache": {{"OPT": "ON"}}}}'],
                     modules=("cmake_rule.py",), tools={"rustc": "rustc 1.95.0\nhost: x86_64-unknown-linux-gnu"},
                     environment={"LANG": "C", "LC_ALL": "C", "TZ": "UTC", "PYTHONHASHSEED": "0"},
                     platform="linux-x86_64")
    arguments.update(change)
    return step_cache.key_material(root, **arguments)


def make_step(root, **change):
    return step_cache.Step("test/step", ("out/lib.a", "out/tree"), material(root, **change))


class Builder:
    """build(): writes the step's outputs, as a compiler would, and counts its runs."""

    def __init__(self, root, fail=False):
        self.root, self.fail, self.runs = root, fail, 0

    def __call__(self):
        self.runs += 1
        if self.fail:
            raise BuildError("the compiler failed")
        for rel, (data, executable) in OUTPUTS.items():
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            os.chmod(path, 0o755 if executable else 0o644)


def expected_tree():
    return {rel: (hashlib.sha256(data).hexdigest(), executable) for rel, (data, executable) in OUTPUTS.items()}


def installed_tree(root):
    found = {}
    for rel in OUTPUTS:
        path = os.path.join(root, rel)
        if os.path.exists(path):
            with open(path, "rb") as f:
                found[rel] = (hashlib.sha256(f.read()).hexdigest(), bool(os.stat(path).st_mode & 0o100))
    return found


def run_step(root, settings, build=None, capsys=None):
    """Runs the test step once with fresh settings; (builder, the lines it printed)."""
    step_cache.configure(settings)
    build = build or Builder(root)
    step_cache.run(root, make_step(root), build)
    lines = capsys.readouterr().out.splitlines() if capsys else []
    return build, lines


def leftovers(root):
    """What a fetch left in the staging folder (nothing, once a step is done)."""
    staging = os.path.join(root, step_cache.STAGING)
    return os.listdir(staging) if os.path.isdir(staging) else []


def warnings(lines):
    return [line for line in lines if line.startswith("warning:")]


# --- the key ----------------------------------------------------------------------------------

KEY_INPUTS = [
    ("a dependency's content", dict(files=[["native/a.c", "3" * 64], ["models/split.py", "2" * 64]])),
    ("a dependency's name", dict(files=[["native/b.c", "1" * 64], ["models/split.py", "2" * 64]])),
    ("an option (the signature's text)", dict(values=['{"cache": {"OPT": "OFF"}}'])),
    ("the rule modules", dict(modules=("relax_rule.py",))),
    ("a tool's identity (rustc -vV)", dict(tools={"rustc": "rustc 1.96.0\nhost: x86_64-unknown-linux-gnu"})),
    ("an environment value that reaches outputs", dict(environment={"LANG": "C", "LC_ALL": "C", "TZ": "Asia/Tokyo",
                                                                    "PYTHONHASHSEED": "0"})),
    ("the build machine's platform", dict(platform="darwin-arm64")),
    ("the step", dict(label="test/other")),
]


@pytest.mark.parametrize("what, change", KEY_INPUTS, ids=[k for k, _ in KEY_INPUTS])
def test_the_key_changes_with_each_input(tmp_path, what, change):
    root = make_root(tmp_path)
    assert step_cache.step_key(material(root, **change)) != step_cache.step_key(material(root)), what


def test_the_key_changes_with_the_python_lock_but_not_with_the_checkouts_path(tmp_path):
    first, second = make_root(tmp_path, "a"), make_root(tmp_path / "deeper dir", "ōther")
    key = step_cache.step_key(material(first))
    assert step_cache.step_key(material(second)) == key      # the root is written <root>
    assert "<root>/build/test/step" in material(second)["values"][0]
    # as the rules write signatures: JSON, where non-ASCII letters are escapes
    as_json = [json.dumps({"prefix": f"{r}/build/test/step", "cache": {"OPT": "ON"}}) for r in (first, second)]
    assert "\\u014d" in as_json[1]
    assert step_cache.step_key(material(second, values=[as_json[1]])) == step_cache.step_key(
        material(first, values=[as_json[0]]))
    assert "<root>/build/test/step" in material(second, values=[as_json[1]])["values"][0]
    with open(os.path.join(second, "third_party", "requirements.lock"), "a") as f:
        f.write("torch==2.13.0 --hash=sha256:11\n")
    assert step_cache.step_key(material(second)) != key
    environment = dict(material(first)["environment"])
    noise = material(first, environment={**environment, "HOME": "/home/x", "SOURCE_DATE_EPOCH": "1"})
    assert step_cache.step_key(noise) == key                   # values that reach no output are not keyed


def test_the_rules_key_no_absolute_path(tmp_path):
    """The keys of the real rules, recorded by this checkout's build: no path of this machine."""
    records = os.path.join(ROOT, step_cache.RECORDS)
    if not os.path.isdir(records):
        pytest.fail(f"{records} is missing: run ./scons (./scons test builds first)")
    for name in os.listdir(records):
        with open(os.path.join(records, name), encoding="utf-8") as f:
            text = f.read()
        assert ROOT not in text, name


# --- settings -------------------------------------------------------------------------------

def test_settings_refuse_credentials_on_the_command_line_and_writes_without_a_server():
    with pytest.raises(step_cache.CacheSettingError, match="CACHE_URL: credentials do not belong on the command line"):
        step_cache.settings_from("http://u:p@cache.example:8080", False, "", "30", {})
    with pytest.raises(step_cache.CacheSettingError, match="CACHE_URL=ftp://x: expected http"):
        step_cache.settings_from("ftp://x", False, "", "30", {})
    with pytest.raises(step_cache.CacheSettingError, match="CACHE_WRITE=1 needs CACHE_URL"):
        step_cache.settings_from("", True, "/tmp/c", "30", {})
    for given in ("soon", "abc", "0", "-3", "nan", "inf"):       # named as given
        with pytest.raises(step_cache.CacheSettingError, match=f"CACHE_TIMEOUT={given}: expected a number of seconds"):
            step_cache.settings_from("http://c", False, "", given, {})
    token = step_cache.settings_from("http://c/", False, "", "5", {"KOKORO_CACHE_TOKEN": "t0k"})
    assert (token.url, token.authorization, token.timeout) == ("http://c", "Bearer t0k", 5.0)
    basic = step_cache.settings_from("https://c", True, "", "5", {"KOKORO_CACHE_USER": "ci", "KOKORO_CACHE_PASSWORD": "pw"})
    assert basic.authorization == "Basic Y2k6cHc=" and basic.write


def test_scons_names_a_bad_cache_option(tmp_path):
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-n", "native-host", "CACHE_URL=http://u:p@c"],
                         capture_output=True, text=True, env=buildenv.child_environment(ROOT))
    assert run.returncode == 2
    assert "CACHE_URL: credentials do not belong on the command line" in run.stdout + run.stderr
    help_text = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "-h"], capture_output=True, text=True,
                               env=buildenv.child_environment(ROOT)).stdout
    for word in ("cache-upload", "Step cache:", "CACHE_URL", "CACHE_WRITE", "CACHE_FOLDER", "CACHE_TIMEOUT"):
        assert word in help_text


def test_cache_upload_stores_what_a_checkout_built_unless_it_changed_since(tmp_path, capsys):
    root = make_root(tmp_path)
    run_step(root, step_cache.Settings(), capsys=capsys)          # built with no cache: a record only
    folder = str(tmp_path / "local-cache")
    step_cache.configure(step_cache.Settings(folder=folder))
    assert step_cache.upload_records(root) == (1, 0)
    other = make_root(tmp_path, "other")
    from_upload, lines = run_step(other, step_cache.Settings(folder=folder), capsys=capsys)
    assert from_upload.runs == 0 and installed_tree(other) == expected_tree(), lines

    with open(os.path.join(root, "out", "tree", "share", "data.bin"), "ab") as f:
        f.write(b"edited by hand")
    said = []
    assert step_cache.upload_records(root, say=said.append) == (0, 1)
    assert said == ["cache-upload: [test/step] skipped: its outputs changed since it was built"]
    Builder(root)()
    record = os.path.join(root, step_cache.RECORDS, "test_step.json")
    with open(record, encoding="utf-8") as f:
        text = f.read().replace(step_cache.rule_hashes(["cmake_rule.py"])["cmake_rule.py"], "0" * 64)
    with open(record, "w", encoding="utf-8") as f:
        f.write(text)
    said.clear()
    assert step_cache.upload_records(root, say=said.append) == (0, 1)
    assert "built by rule code or a Python lock that changed since" in said[0]


# --- a real WebDAV server ----------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDav:
    """wsgidav (pinned in third_party/requirements.lock) serving a folder on 127.0.0.1."""

    def __init__(self, folder, collections=True):
        self.folder, self.port = str(folder), free_port()
        os.makedirs(self.folder, exist_ok=True)
        for name in ("ac", "cas") if collections else ():
            os.makedirs(os.path.join(self.folder, name), exist_ok=True)
        self.log = open(os.path.join(os.path.dirname(self.folder), f"wsgidav-{self.port}.log"), "w")
        self.process = subprocess.Popen(
            [os.path.join(PYTHON_ENV_BIN, "wsgidav"), "--host", "127.0.0.1", "--port", str(self.port), "--root",
             self.folder, "--auth", "anonymous", "--server", "cheroot", "--no-config", "-q"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"wsgidav did not start; see {self.log.name}")
                time.sleep(0.1)
        self.url = f"http://127.0.0.1:{self.port}"

    def close(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


@pytest.fixture
def webdav(tmp_path):
    server = WebDav(tmp_path / "dav")
    yield server
    server.close()


def test_a_step_goes_to_a_webdav_server_and_comes_back_in_another_checkout(tmp_path, webdav, capsys):
    first, second = make_root(tmp_path, "first"), make_root(tmp_path / "elsewhere", "second")
    settings = step_cache.Settings(url=webdav.url, write=True)
    built, lines = run_step(first, settings, capsys=capsys)
    assert built.runs == 1 and not warnings(lines)
    assert any("[test/step] stored in the step cache" in line for line in lines), lines
    key = make_step(first).key
    served = snapshot(webdav.folder)
    assert f"ac/{key}" in served                                      # Bazel's layout: /ac/<key>, /cas/<sha256>
    assert {f"cas/{digest}" for digest, _ in expected_tree().values()} <= set(served)

    reader, lines = run_step(second, step_cache.Settings(url=webdav.url), capsys=capsys)
    assert reader.runs == 0, lines                                   # no build: installed from the server
    assert any(line.startswith(f"[test/step] cache hit ({webdav.url}, key {key[:12]}): 3 files") for line in lines)
    assert installed_tree(second) == expected_tree()                 # contents and modes
    assert not leftovers(second)

    read_only, lines = run_step(make_root(tmp_path, "third"), step_cache.Settings(url=webdav.url),
                                build=Builder(str(tmp_path / "third")), capsys=capsys)
    assert read_only.runs == 0


def test_collections_are_made_when_the_server_lacks_them(tmp_path, capsys):
    server = WebDav(tmp_path / "bare-dav", collections=False)
    try:
        root = make_root(tmp_path)
        built, lines = run_step(root, step_cache.Settings(url=server.url, write=True), capsys=capsys)
        assert built.runs == 1 and not warnings(lines), lines
        assert os.path.isfile(os.path.join(server.folder, "ac", make_step(root).key))
    finally:
        server.close()


def test_a_read_only_build_writes_nothing_to_the_server(tmp_path, webdav, capsys):
    root = make_root(tmp_path)
    built, lines = run_step(root, step_cache.Settings(url=webdav.url), capsys=capsys)
    assert built.runs == 1 and not warnings(lines)
    assert snapshot(webdav.folder) == {"ac": "dir", "cas": "dir"}


def test_a_folder_cache_is_filled_by_a_server_hit(tmp_path, capsys):
    server = WebDav(tmp_path / "dav")
    folder = str(tmp_path / "local-cache")
    root = make_root(tmp_path, "second")
    try:
        run_step(make_root(tmp_path, "first"), step_cache.Settings(url=server.url, write=True), capsys=capsys)
        from_server, lines = run_step(root, step_cache.Settings(url=server.url, folder=folder), capsys=capsys)
        assert from_server.runs == 0, lines
    finally:
        server.close()
    shutil.rmtree(os.path.join(root, "out"))
    offline, lines = run_step(root, step_cache.Settings(folder=folder), capsys=capsys)
    assert offline.runs == 0 and any(f"cache hit (folder {folder}" in line for line in lines), lines
    assert installed_tree(root) == expected_tree()


# --- a faulty server --------------------------------------------------------------------------

class _FaultyHandler(http.server.BaseHTTPRequestHandler):
    """A Bazel HTTP cache in memory that, by server.mode, answers slowly, refuses, or sends a
    corrupt or a truncated blob."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self, code, body=b"", length=None):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fault(self):
        server = self.server
        server.requests.append((self.command, self.path, self.headers.get("Authorization")))
        if server.mode == "refuse":
            self._answer(401)
            return True
        if server.mode == "slow":
            time.sleep(server.delay)
        return False

    def do_GET(self):
        if self._fault():
            return
        body = self.server.store.get(self.path)
        if body is None:
            self._answer(404)
        elif self.server.mode == "corrupt" and self.path.startswith("/cas/") and self.path[5:] in self.server.spoilt:
            self._answer(200, bytes([body[0] ^ 1]) + body[1:])
        elif self.server.mode == "truncate" and self.path.startswith("/cas/"):
            self._answer(200, body[: len(body) // 2], length=len(body))
            self.close_connection = True
        else:
            self._answer(200, body)

    do_HEAD = do_GET

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self._fault():
            return
        self.server.store[self.path] = body
        self._answer(201)


class FaultyServer:
    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FaultyHandler)
        self.httpd.daemon_threads = True
        self.httpd.store, self.httpd.requests, self.httpd.mode, self.httpd.delay = {}, [], "ok", 0
        self.httpd.spoilt = {digest for digest, _ in expected_tree().values()}   # the blobs "corrupt" spoils
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def faulty():
    server = FaultyServer()
    yield server
    server.close()


def fill(tmp_path, server, capsys):
    """The test step stored on the server by another checkout."""
    built, lines = run_step(make_root(tmp_path, "filler"), step_cache.Settings(url=server.url, write=True),
                            capsys=capsys)
    assert built.runs == 1 and not warnings(lines), lines


# (mode, the warning, whether the server is given up for the rest of the build)
FAULTS = [("corrupt", "its content does not match its sha256 (corrupt)", False),
          ("truncate", "truncated", False),
          ("slow", "timed out", True),
          ("refuse", "HTTP 401 (check KOKORO_CACHE_TOKEN or KOKORO_CACHE_USER/KOKORO_CACHE_PASSWORD)", True)]


@pytest.mark.parametrize("mode, said, given_up", FAULTS, ids=[m for m, _, _ in FAULTS])
def test_a_faulty_server_is_a_local_build_with_one_warning(tmp_path, faulty, capsys, mode, said, given_up):
    """Two steps of one build meet the fault: each is built locally; a bad blob is one warning
    per step, a server that is slow or refuses is one warning for the build."""
    fill(tmp_path, faulty, capsys)
    faulty.httpd.mode, faulty.httpd.delay = mode, 2
    root = make_root(tmp_path)
    step_cache.configure(step_cache.Settings(url=faulty.url, timeout=0.5))
    builds = []
    for label in ("test/step", "test/again"):          # a second step in the same build
        build = Builder(root)
        step = step_cache.Step(label, ("out/lib.a", "out/tree"), make_step(root).material)
        step_cache.run(root, step, build)
        builds.append(build.runs)
    lines = capsys.readouterr().out.splitlines()
    assert builds == [1, 1]
    assert installed_tree(root) == expected_tree()
    assert len(warnings(lines)) == (1 if given_up else 2), lines
    assert all(said in line for line in warnings(lines)), lines
    assert ("not asked again in this build" in warnings(lines)[0]) == given_up
    assert not leftovers(root)


def test_a_server_that_is_down_is_a_local_build_with_one_warning(tmp_path, capsys):
    root = make_root(tmp_path)
    url = f"http://127.0.0.1:{free_port()}"
    step_cache.configure(step_cache.Settings(url=url, write=True, timeout=2))
    for label in ("test/step", "test/again"):
        step_cache.run(root, step_cache.Step(label, ("out/lib.a", "out/tree"), make_step(root).material), Builder(root))
    lines = capsys.readouterr().out.splitlines()
    assert installed_tree(root) == expected_tree()
    assert len(warnings(lines)) == 1 and "Connection refused" in warnings(lines)[0], lines
    assert "not asked again in this build" in warnings(lines)[0]


def test_a_corrupt_blob_never_replaces_the_previous_outputs(tmp_path, faulty, capsys):
    """The fetch fails half way (the last blob is corrupt, the first two are good) and the
    local build fails too: the previous build's outputs are all still there, untouched."""
    fill(tmp_path, faulty, capsys)
    root = make_root(tmp_path)
    Builder(root)()
    previous = os.path.join(root, "out", "lib.a")
    with open(previous, "wb") as f:
        f.write(b"the previous build")
    before = snapshot(os.path.join(root, "out"))
    faulty.httpd.mode, faulty.httpd.spoilt = "corrupt", {expected_tree()["out/tree/share/data.bin"][0]}
    with pytest.raises(BuildError, match="the compiler failed"):
        run_step(root, step_cache.Settings(url=faulty.url), build=Builder(root, fail=True))
    assert snapshot(os.path.join(root, "out")) == before
    assert "corrupt" in capsys.readouterr().out


def test_credentials_come_from_the_environment(tmp_path, faulty, capsys):
    settings = step_cache.settings_from(faulty.url, True, "", "5", {"KOKORO_CACHE_TOKEN": "s3cret"})
    run_step(make_root(tmp_path), settings, capsys=capsys)
    assert faulty.httpd.requests and {auth for _, _, auth in faulty.httpd.requests} == {"Bearer s3cret"}


def test_an_entry_naming_a_file_outside_the_step_is_refused(tmp_path, faulty, capsys):
    fill(tmp_path, faulty, capsys)
    root = make_root(tmp_path)
    key = make_step(root).key
    faulty.httpd.store[f"/ac/{key}"] = step_cache.encode_entry(
        [{"path": "../../etc/evil", "sha256": "0" * 64, "size": 1, "executable": True}], {})
    built, lines = run_step(root, step_cache.Settings(url=faulty.url), capsys=capsys)
    assert built.runs == 1 and installed_tree(root) == expected_tree()
    assert len(warnings(lines)) == 1 and "a file this step does not make (../../etc/evil)" in warnings(lines)[0]
    assert not os.path.exists(tmp_path / "etc")


def test_a_corrupt_blob_in_the_folder_cache_is_removed_and_rebuilt(tmp_path, capsys):
    folder = str(tmp_path / "local-cache")
    run_step(make_root(tmp_path, "first"), step_cache.Settings(folder=folder), capsys=capsys)
    blob = os.path.join(folder, "cas", expected_tree()["out/lib.a"][0][:2], expected_tree()["out/lib.a"][0])
    with open(blob, "r+b") as f:
        f.write(b"X")
    root = make_root(tmp_path, "second")
    built, lines = run_step(root, step_cache.Settings(folder=folder), capsys=capsys)
    assert built.runs == 1 and installed_tree(root) == expected_tree()
    assert len(warnings(lines)) == 1 and "corrupt" in warnings(lines)[0]
    with open(blob, "rb") as f:                       # stored again by the local build
        assert hashlib.sha256(f.read()).hexdigest() == expected_tree()["out/lib.a"][0]


def cas_path(folder, sha256):
    return os.path.join(folder, "cas", sha256[:2], sha256)


@pytest.mark.parametrize("kind", ["link-to-dev-zero", "fifo", "sparse-5-GiB"])
@pytest.mark.parametrize("where", ["entry", "blob"])
def test_what_is_planted_in_the_folder_cache_is_a_miss_read_no_further(tmp_path, capsys, monkeypatch, where, kind):
    """An entry or blob replaced by a link to /dev/zero, a FIFO or a sparse 5 GiB file: one
    warning naming it, the step built, nothing copied from it, and the next store repairs it."""
    folder = str(tmp_path / "local-cache")
    run_step(make_root(tmp_path, "first"), step_cache.Settings(folder=folder), capsys=capsys)
    key, blob_sha = make_step(make_root(tmp_path, "x")).key, expected_tree()["out/lib.a"][0]
    planted = os.path.join(folder, "ac", key[:2], key) if where == "entry" else cas_path(folder, blob_sha)
    plant(planted, kind)
    copied = []
    real_copy = step_cache._copy_verified
    monkeypatch.setattr(step_cache, "_copy_verified", lambda read, dest, sha, size, what: (
        copied.append(sha), real_copy(read, dest, sha, size, what))[1])
    root = make_root(tmp_path, "second")
    with within(20, f"a step over a planted {where}"):
        built, lines = run_step(root, step_cache.Settings(folder=folder), capsys=capsys)
    assert built.runs == 1 and installed_tree(root) == expected_tree()
    what = {"link-to-dev-zero": "a symbolic link, not a regular file", "fifo": "a FIFO, not a regular file",
            "sparse-5-GiB": (f"{5 << 30} bytes, more than the {step_cache.ENTRY_MOST}" if where == "entry"
                             else f"{5 << 30} bytes where {len(OUTPUTS['out/lib.a'][0])} are claimed")}[kind]
    assert len(warnings(lines)) == 1 and what in warnings(lines)[0], lines
    assert blob_sha not in copied and not leftovers(root)
    assert stat_is_regular(planted)                    # stored again by the local build
    assert run_step(make_root(tmp_path, "third"), step_cache.Settings(folder=folder))[0].runs == 0


def stat_is_regular(path):
    return stat.S_ISREG(os.lstat(path).st_mode)


def test_a_claim_beyond_the_disk_or_a_blob_that_lies_writes_nothing(tmp_path, capsys, monkeypatch):
    """An entry claiming a petabyte is refused before a byte is written; a sparse 1 GiB blob
    under a claim of that size is hashed where it lies and refused without being copied."""
    folder = str(tmp_path / "local-cache")
    root = make_root(tmp_path, "first")
    run_step(root, step_cache.Settings(folder=folder), capsys=capsys)
    step = make_step(root)
    entry_path = os.path.join(folder, "ac", step.key[:2], step.key)
    good = open(entry_path, "rb").read()
    files = step_cache.decode_entry(good, step.outputs)
    copied = []
    real_copy = step_cache._copy_verified
    monkeypatch.setattr(step_cache, "_copy_verified", lambda read, dest, sha, size, what: (
        copied.append(size), real_copy(read, dest, sha, size, what))[1])
    for claim, said in [(1 << 50, "an entry whose files claim 1125899906.9 MB, more than this disk can take"),
                        (1 << 30, "its content does not match its sha256")]:
        lying = [dict(f, size=claim, sha256="e" * 64) if f["path"] == "out/lib.a" else f for f in files]
        with open(entry_path, "wb") as f:
            f.write(step_cache.encode_entry(lying, step.material))
        plant(cas_path(folder, "e" * 64), "sparse")
        os.truncate(cas_path(folder, "e" * 64), 1 << 30)
        again = make_root(tmp_path, f"claim-{claim}")
        built, lines = run_step(again, step_cache.Settings(folder=folder), capsys=capsys)
        assert built.runs == 1 and installed_tree(again) == expected_tree()
        assert len(warnings(lines)) == 1 and said in warnings(lines)[0], lines
        assert claim not in copied and not leftovers(again)


def test_cache_upload_after_a_cache_hit_stores_the_same_bytes(tmp_path, capsys):
    """Outputs declared out of path order, installed from a cache: the record of the hit is the
    outputs as they are, so cache-upload stores them (not 'changed since it was built')."""
    def step(root):
        return step_cache.Step("test/step", ("out/tree", "out/lib.a"), material(root))
    for name, settings in (("first", step_cache.Settings(folder=str(tmp_path / "a"))),
                           ("second", step_cache.Settings(folder=str(tmp_path / "a")))):
        root = make_root(tmp_path, name)
        step_cache.configure(settings)
        step_cache.run(root, step(root), Builder(root))
    assert "cache hit" in capsys.readouterr().out
    said = []
    assert step_cache.upload_records(root, step_cache.Settings(folder=str(tmp_path / "b")), say=said.append) == (1, 0)
    assert said[0].startswith("cache-upload: [test/step] stored"), said


def test_cache_upload_skips_a_planted_record(tmp_path, capsys):
    root = make_root(tmp_path)
    run_step(root, step_cache.Settings(folder=str(tmp_path / "c")))
    record = os.path.join(root, step_cache.RECORDS, "test_step.json")
    plant(record, "fifo")
    said = []
    with within(10, "cache-upload over a FIFO record"):
        assert step_cache.upload_records(root, step_cache.Settings(folder=str(tmp_path / "c")), say=said.append) == (0, 1)
    assert said == ["cache-upload: test_step.json skipped: not a record this build wrote (a FIFO, not a regular file)"]


# --- two clones, one server: the second builds nothing ------------------------------------------

STEPS = ("host/tvm-ffi", "host/tvm-runtime", "host/models", "host/rust", "ios/models", "cuda/models")


def test_a_second_clone_builds_the_host_profile_and_the_models_from_the_server(tmp_path, webdav):
    """This checkout (built by ./scons test) uploads its steps; a clone elsewhere, sharing this
    checkout's Python environment and download cache, builds `host models` from the server:
    every step a hit, no compiler run, its dist/ equal to this checkout's byte for byte."""
    env = buildenv.child_environment(ROOT)
    upload = subprocess.run([sys.executable, "-m", "SCons", "-C", ROOT, "cache-upload", f"CACHE_URL={webdav.url}",
                             "CACHE_WRITE=1"], capture_output=True, text=True, env=env)
    assert upload.returncode == 0, upload.stdout[-3000:] + upload.stderr[-3000:]
    for label in STEPS:
        assert f"cache-upload: [{label}] stored" in upload.stdout, upload.stdout[-3000:]

    clone = str(tmp_path / "another folder" / "kokoro-tvm")
    subprocess.run(["git", "clone", "--quiet", ROOT, clone], check=True)
    downloads = env.get("KOKORO_TVM_CACHE", os.path.join(ROOT, ".cache", "downloads"))
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "SCons", "-C", clone, "host", "models", f"CACHE_URL={webdav.url}",
                          f"CACHE_DIR={downloads}", "--offline"], capture_output=True, text=True,
                         env=buildenv.child_environment(clone))
    seconds = time.monotonic() - started
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-4000:]
    print(f"second clone: `host models` from the step cache in {seconds:.1f} s")
    for label in STEPS:
        assert f"[{label}] cache hit ({webdav.url}" in log, (label, log[-4000:])
    assert "cache miss" not in log and "warning:" not in log, log[-4000:]
    for never in ("host/tvm-ffi.build", "host/tvm-runtime.build", "host/cargo"):   # no CMake, Ninja or cargo ran
        assert not os.path.exists(os.path.join(clone, "build", never)), never
    assert not os.path.exists(os.path.join(clone, "build", "logs", "models-host.log"))
    for profile in ("host", "ios", "cuda"):
        theirs = snapshot(os.path.join(clone, "dist", profile))
        ours = snapshot(os.path.join(ROOT, "dist", profile))
        assert theirs and {name: ours.get(name) for name in theirs} == theirs, profile
