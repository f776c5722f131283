"""Shared fixtures: a real HTTP server on 127.0.0.1, archives, tree snapshots."""

import contextlib
import hashlib
import http.server
import io
import os
import signal
import subprocess
import sys
import tarfile
import threading
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "site_scons"))

from kokoro_build import fetch, profiles  # noqa: E402


def dist_models(profile):
    """dist/<profile>/models of this checkout's build; the test fails when it is not built."""
    folder = os.path.join(ROOT, "dist", profile, "models")
    if not os.path.exists(os.path.join(folder, "manifest.json")):
        pytest.fail(f"{folder} is missing: run ./scons models (./scons test builds it first)")
    return folder


def synthetic_models(profile):
    """build/<profile>/synthetic/models: the compiled library with the seeded synthetic weights
    and voice (the library step's own bundle), which the tests compare with PyTorch."""
    folder = os.path.join(ROOT, "build", profile, "synthetic", "models")
    if not os.path.exists(os.path.join(folder, "manifest.json")):
        pytest.fail(f"{folder} is missing: run ./scons models (./scons test builds it first)")
    return folder


def target_of(profile):
    """The TVM target (a dict) of a profile's models built on this machine: its row's."""
    return profiles.PROFILES[profile].target(profiles.host_platform())


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def snapshot(folder):
    """Every file under folder with its sha256 (symlinks by target)."""
    result = {}
    if not os.path.exists(folder):
        return result
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, folder)
            if os.path.islink(path):
                result[rel] = "link:" + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    result[rel] = sha256_of(f.read())
            else:
                result[rel] = "dir"
    return result


def make_tar_gz(members, top="pkg-1.0"):
    """A .tar.gz from {path: bytes}; paths are placed under top/."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for path, data in sorted(members.items()):
            info = tarfile.TarInfo(f"{top}/{path}" if top else path)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in sorted(members.items()):
            zf.writestr(path, data)
    return buffer.getvalue()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the server's folder; /status/<code>/... answers that code and
    /truncate/<file> sends half the file under the full Content-Length."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        parts = self.path.strip("/").split("/")
        if parts[0] == "status":
            self.send_error(int(parts[1]))
            return
        if parts[0] == "truncate":
            with open(os.path.join(self.server.folder, parts[1]), "rb") as f:
                data = f.read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def translate_path(self, path):
        return os.path.join(self.server.folder, path.lstrip("/").split("?")[0])


class LocalServer:
    def __init__(self, folder):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.folder = folder
        self.httpd.requests = []
        self.folder = folder
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def requests(self):
        return self.httpd.requests

    def add(self, name, data):
        with open(os.path.join(self.folder, name), "wb") as f:
            f.write(data)
        return f"{self.url}/{name}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    s = LocalServer(str(folder))
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "third_party").mkdir()
    return fetch.Settings(cache_dir=str(tmp_path / "cache"), third_party_dir=str(tmp_path / "third_party"),
                          platform="linux-x86_64", log_dir=str(tmp_path / "logs"),
                          source_date_epoch=1700000000, out=io.StringIO())


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", GIT_AUTHOR_DATE="2024-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2024-01-01T00:00:00Z")
    return subprocess.run(["git", "-C", str(repo)] + list(args), env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def git_repo(tmp_path):
    """A local git repository with two commits; returns (path, [commit1, commit2])."""
    repo = tmp_path / "upstream"
    repo.mkdir()
    git(repo, "init", "--quiet", "-b", "main")
    (repo / "README").write_text("first\n")
    (repo / "src").mkdir()
    (repo / "src" / "a.c").write_text("int a;\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "one")
    first = git(repo, "rev-parse", "HEAD")
    (repo / "README").write_text("second\n")
    git(repo, "commit", "--quiet", "-am", "two")
    return repo, [first, git(repo, "rev-parse", "HEAD")]


@contextlib.contextmanager
def within(seconds, what):
    """Fails (instead of hanging the suite) when the block takes longer than seconds: for
    reads of planted FIFOs and endless files, which hang or spin when unguarded."""
    def expired(signum, frame):
        raise AssertionError(f"{what}: still running after {seconds} s (a read without end?)")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def plant(path, kind):
    """Replaces path with what a hostile user plants in a cache: a link to /dev/zero, a FIFO,
    or a sparse file claiming 5 GiB."""
    if os.path.lexists(path):
        os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if kind == "link-to-dev-zero":
        os.symlink("/dev/zero", path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        with open(path, "wb") as f:
            f.truncate(5 << 30)
