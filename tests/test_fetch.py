"""Verified fetch from real sources on this machine: an HTTP server on
127.0.0.1, a local git repository, a mirror folder and a PyPI-style index
read by pip. Every bad input ends in a clear error naming the input and
leaves the cache and third_party/ as they were."""

import json
import os

import pytest

from conftest import git, make_tar_gz, make_zip, plant, sha256_of, snapshot, within
from kokoro_build import fetch
from kokoro_build.lock import LockedFile, LockedInput

PAYLOAD = make_tar_gz({"include/demo.h": b"int demo(void);\n", "src/demo.c": b"int demo(void) { return 42; }\n"})


def archive_input(sources, data=PAYLOAD, version="1.0", sha256=None, size=None, filename="demo-1.0.tar.gz"):
    return LockedInput(
        name="demo", version=version, kind="archive", profiles=("host",), strip_components=1,
        files=(LockedFile("any", filename, sha256 or sha256_of(data), size or len(data), tuple(sources)),))


def git_input(sources, commit):
    return LockedInput(name="upstream", version="2.0", kind="git", profiles=("host",),
                       commit=commit, sources=tuple(sources))


def state(settings):
    """What a failure must leave untouched: the verified store and third_party/."""
    return (snapshot(os.path.join(settings.cache_dir, "sha256")),
            snapshot(os.path.join(settings.cache_dir, "git")),
            snapshot(settings.third_party_dir))


def test_http_fetch_verifies_caches_and_unpacks(server, settings):
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    folder = fetch.fetch_input(archive_input([url]), settings)
    assert open(os.path.join(folder, "src", "demo.c")).read() == "int demo(void) { return 42; }\n"
    assert fetch.read_stamp(folder)["sha256"] == sha256_of(PAYLOAD)
    assert os.path.exists(os.path.join(settings.cache_dir, "sha256", sha256_of(PAYLOAD)))
    assert "sha256 verified" in settings.out.getvalue()
    requests = len(server.requests)
    fetch.fetch_input(archive_input([url]), settings)  # second time: from the cache
    assert len(server.requests) == requests


def test_sources_are_tried_in_order(server, settings):
    good = server.add("demo-1.0.tar.gz", PAYLOAD)
    folder = fetch.fetch_input(archive_input([f"{server.url}/status/503/x", good]), settings)
    assert os.path.exists(os.path.join(folder, "include", "demo.h"))


def test_wrong_hash_is_named_and_kept_aside(server, settings):
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    locked = archive_input([url], sha256="0" * 64)
    before = state(settings)
    with pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(locked, settings)
    message = str(e.value)
    assert "'demo' 1.0" in message
    assert f"expected sha256 {'0' * 64}" in message and f"got {sha256_of(PAYLOAD)}" in message
    kept = message.split("kept at ")[1].split()[0].rstrip(")")
    assert open(kept, "rb").read() == PAYLOAD
    assert state(settings) == before


def test_truncated_download_is_refused(server, settings):
    server.add("demo-1.0.tar.gz", PAYLOAD)
    before = state(settings)
    with pytest.raises(fetch.FetchError, match="(?s)'demo' 1.0.*truncated"):
        fetch.fetch_input(archive_input([f"{server.url}/truncate/demo-1.0.tar.gz"]), settings)
    assert state(settings) == before


def test_short_file_under_the_right_name_is_refused(server, settings):
    url = server.add("demo-1.0.tar.gz", PAYLOAD[:100])
    with pytest.raises(fetch.FetchError, match=r"\(100 bytes, truncated\)"):
        fetch.fetch_input(archive_input([url]), settings)


@pytest.mark.parametrize("code", [404, 500])
def test_server_error_is_named(server, settings, code):
    before = state(settings)
    with pytest.raises(fetch.FetchError, match=f"(?s)'demo' 1.0 could not be fetched.*HTTP {code}"):
        fetch.fetch_input(archive_input([f"{server.url}/status/{code}/demo-1.0.tar.gz"]), settings)
    assert state(settings) == before


def test_escaping_member_leaves_cache_and_third_party_as_they_were(server, settings):
    good = server.add("demo-1.0.tar.gz", PAYLOAD)
    fetch.fetch_input(archive_input([good]), settings)
    evil = make_tar_gz({"../../escaped.txt": b"owned"}, top="pkg")
    url = server.add("evil.tar.gz", evil)
    before = state(settings)
    with pytest.raises(fetch.FetchError, match="(?s)'demo' 1.0.*escapes the destination"):
        fetch.fetch_input(archive_input([url], data=evil), settings)
    assert state(settings) == before  # the previous good copy is still in place
    assert not any(name.endswith("escaped.txt") for name in os.listdir(os.path.dirname(settings.third_party_dir)))


def test_previous_good_copy_stays_after_a_failed_update(server, settings):
    folder = fetch.fetch_input(archive_input([server.add("demo-1.0.tar.gz", PAYLOAD)]), settings)
    good = snapshot(folder)
    newer = make_tar_gz({"src/demo.c": b"int demo(void) { return 43; }\n"})
    server.add("demo-1.1.tar.gz", newer)
    with pytest.raises(fetch.FetchError):  # the lock moved to a file the server serves wrongly
        fetch.fetch_input(archive_input([f"{server.url}/demo-1.1.tar.gz"], sha256="1" * 64, size=len(newer)), settings)
    assert snapshot(folder) == good
    fetch.fetch_input(archive_input([f"{server.url}/demo-1.1.tar.gz"], data=newer), settings)
    assert "return 43" in open(os.path.join(folder, "src", "demo.c")).read()
    assert [n for n in os.listdir(settings.third_party_dir) if n.startswith(".")] == []


def test_corrupt_cache_entry_stops_then_refetches(server, settings):
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    fetch.fetch_input(archive_input([url]), settings)
    blob = os.path.join(settings.cache_dir, "sha256", sha256_of(PAYLOAD))
    with open(blob, "r+b") as f:
        f.seek(10)
        f.write(b"\xff")
    with pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(archive_input([url]), settings)
    assert "cached input 'demo' 1.0 is corrupt" in str(e.value)
    assert sha256_of(PAYLOAD) in str(e.value)
    quarantined = os.listdir(os.path.join(settings.cache_dir, "quarantine"))
    assert len(quarantined) == 1 and quarantined[0].endswith("demo-1.0.tar.gz")
    fetch.fetch_input(archive_input([url]), settings)  # fetched anew
    assert fetch.file_sha256(blob) == sha256_of(PAYLOAD)


@pytest.mark.parametrize("change", ["same-size-write-mtime-restored", "replaced", "link-to-a-copy"])
def test_a_remembered_cache_file_is_read_again_after_any_change(server, settings, tmp_path, change, monkeypatch):
    """With verified_dir (as SCons runs it) an unchanged cached file is not read again; any write
    to it (even of the same size with its modification time set back), a replacement or a link
    planted in its place is hashed again and its corruption found."""
    settings.verified_dir = str(tmp_path / "verified")
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    fetch.fetch_input(archive_input([url]), settings)    # downloaded and verified
    fetch.fetch_input(archive_input([url]), settings)    # hashed again, and remembered
    blob = os.path.join(settings.cache_dir, "sha256", sha256_of(PAYLOAD))
    hashed = []
    real = fetch.stored_sha256
    monkeypatch.setattr(fetch, "stored_sha256", lambda path, size: hashed.append(path) or real(path, size))
    fetch.fetch_input(archive_input([url]), settings)
    assert hashed == []                            # remembered: not read
    before = os.stat(blob)
    bad = PAYLOAD[:10] + bytes([PAYLOAD[10] ^ 0xFF]) + PAYLOAD[11:]
    if change == "same-size-write-mtime-restored":
        os.chmod(blob, 0o644)
        with open(blob, "r+b") as f:
            f.write(bad)
        os.utime(blob, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "replaced":
        (tmp_path / "bad").write_bytes(bad)
        os.replace(tmp_path / "bad", blob)
    else:
        (tmp_path / "copy").write_bytes(PAYLOAD)
        os.unlink(blob)
        os.symlink(tmp_path / "copy", blob)
    with pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(archive_input([url]), settings)
    assert hashed == [blob]
    assert "cached input 'demo' 1.0 is corrupt" in str(e.value)


@pytest.mark.parametrize("kind", ["link-to-dev-zero", "fifo", "sparse-5-GiB"])
def test_what_is_planted_in_the_cache_is_quarantined_unread(server, settings, kind):
    """A cached file is read only when it is a regular file of the locked size: a link to an
    endless device, a FIFO and an oversized file are named and set aside at once."""
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    fetch.fetch_input(archive_input([url]), settings)
    plant(os.path.join(settings.cache_dir, "sha256", sha256_of(PAYLOAD)), kind)
    with within(10, "a fetch over a planted cache file"), pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(archive_input([url]), settings)
    found = {"link-to-dev-zero": "found a symbolic link, not a regular file", "fifo": "found a FIFO, not a regular file",
             "sparse-5-GiB": f"found {5 << 30} bytes where {len(PAYLOAD)} are claimed"}[kind]
    assert "cached input 'demo' 1.0 is corrupt" in str(e.value) and found in str(e.value)
    assert len(os.listdir(os.path.join(settings.cache_dir, "quarantine"))) == 1
    folder = fetch.fetch_input(archive_input([url]), settings)   # fetched anew
    assert fetch.read_stamp(folder)["sha256"] == sha256_of(PAYLOAD)


@pytest.mark.parametrize("kind", ["link-to-dev-zero", "fifo"])
def test_a_planted_git_pointer_is_quarantined_unread(git_repo, settings, kind):
    repo, (first, _) = git_repo
    fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    pointer = os.path.join(settings.cache_dir, "git", first + ".json")
    plant(pointer, kind)
    with within(10, "a fetch over a planted git pointer"), pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    assert f"its pointer file {pointer} is corrupt" in str(e.value)
    assert fetch.fetch_input(git_input([f"file://{repo}"], first), settings)   # fetched anew


def test_a_source_without_end_fills_no_disk(server, settings, tmp_path):
    """A mirror file linked to /dev/zero is no file; a server sending more than the lock's
    size is cut one byte past it (and kept aside, as every wrong download is)."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    os.symlink("/dev/zero", mirror / "demo-1.0.tar.gz")
    url = server.add("demo-1.0.tar.gz", PAYLOAD + b"\0" * (4 << 20))
    settings.mirrors = [str(mirror)]
    with within(20, "a fetch from endless sources"), pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(archive_input([url]), settings)
    assert f"not a regular file: {mirror / 'demo-1.0.tar.gz'}" in str(e.value)
    assert f"{url}: expected sha256 {sha256_of(PAYLOAD)} ({len(PAYLOAD)} bytes), got more than {len(PAYLOAD)} " \
           "bytes (cut there)" in str(e.value)
    quarantined = os.listdir(os.path.join(settings.cache_dir, "quarantine"))       # kept for inspection, cut
    assert len(quarantined) == 1
    assert os.path.getsize(os.path.join(settings.cache_dir, "quarantine", quarantined[0])) == len(PAYLOAD) + 1
    assert not os.listdir(os.path.join(settings.cache_dir, "tmp"))


def test_mirror_folder_is_tried_first(server, settings, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "demo-1.0.tar.gz").write_bytes(PAYLOAD)
    settings.mirrors = [str(mirror)]
    fetch.fetch_input(archive_input([f"{server.url}/demo-1.0.tar.gz"]), settings)
    assert server.requests == []
    assert f"fetched from {mirror}" in settings.out.getvalue()


def test_offline_uses_the_mirror_and_never_the_network(server, settings, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "demo-1.0.tar.gz").write_bytes(PAYLOAD)
    settings.mirrors, settings.offline = [str(mirror)], True
    fetch.fetch_input(archive_input([server.add("demo-1.0.tar.gz", PAYLOAD)]), settings)
    assert server.requests == []


def test_offline_missing_input_names_itself_and_the_mirror_path(server, settings, tmp_path):
    settings.offline = True
    settings.mirrors = [str(tmp_path / "mirror")]
    before = state(settings)
    with pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(archive_input([server.add("demo-1.0.tar.gz", PAYLOAD)]), settings)
    message = str(e.value)
    assert "'demo' 1.0" in message and "--offline" in message
    assert os.path.join(str(tmp_path / "mirror"), "demo-1.0.tar.gz") in message
    assert server.requests == []
    assert state(settings) == before


def test_offline_without_mirror_says_how_to_give_one(settings):
    settings.offline = True
    with pytest.raises(fetch.FetchError, match="--mirror=DIR or KOKORO_TVM_MIRROR"):
        fetch.fetch_input(archive_input(["https://example.invalid/demo-1.0.tar.gz"]), settings)


def test_git_fetch_checks_out_the_pinned_commit(git_repo, settings):
    repo, (first, second) = git_repo
    folder = fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    assert open(os.path.join(folder, "README")).read() == "first\n"
    assert open(os.path.join(folder, "src", "a.c")).read() == "int a;\n"
    assert fetch.read_stamp(folder)["commit"] == first
    pointer = json.load(open(os.path.join(settings.cache_dir, "git", first + ".json")))
    assert fetch.file_sha256(os.path.join(settings.cache_dir, "sha256", pointer["sha256"])) == pointer["sha256"]
    out = settings.out.getvalue()
    fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    assert settings.out.getvalue() == out  # from the cache, no git run


def test_git_tree_tar_is_the_same_from_two_clones(git_repo, settings, tmp_path):
    repo, (first, _) = git_repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(clone))
    fetch.fetch_input(git_input([str(repo)], first), settings)
    other = fetch.Settings(cache_dir=str(tmp_path / "cache2"), third_party_dir=settings.third_party_dir,
                           platform=settings.platform, log_dir=settings.log_dir,
                           source_date_epoch=settings.source_date_epoch, out=settings.out)
    fetch.fetch_input(git_input([str(clone)], first), other)
    assert os.listdir(os.path.join(settings.cache_dir, "sha256")) == os.listdir(os.path.join(other.cache_dir, "sha256"))


def test_git_commit_not_in_the_remote_is_refused(git_repo, settings):
    repo, _ = git_repo
    before = state(settings)
    with pytest.raises(fetch.FetchError, match=f"(?s)'upstream' 2.0 could not be fetched.*commit {'0' * 40} not found"):
        fetch.fetch_input(git_input([str(repo)], "0" * 40), settings)
    assert state(settings) == before


def test_git_mirror_serves_offline(git_repo, settings, tmp_path):
    repo, (first, _) = git_repo
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(mirror / "upstream.git"))
    settings.mirrors, settings.offline = [str(mirror)], True
    folder = fetch.fetch_input(git_input(["https://example.invalid/upstream.git"], first), settings)
    assert open(os.path.join(folder, "README")).read() == "first\n"


def test_git_offline_missing_names_the_mirror_repository(settings, tmp_path):
    settings.offline, settings.mirrors = True, [str(tmp_path / "m")]
    with pytest.raises(fetch.FetchError, match=r"'upstream' 2.0 .*/m/upstream.git"):
        fetch.fetch_input(git_input(["https://example.invalid/upstream.git"], "a" * 40), settings)


def test_pypi_source_uses_pip_restricted_to_the_locked_hash(server, settings, monkeypatch):
    wheel = make_zip({"demo/__init__.py": b"VALUE = 1\n",
                      "demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n",
                      "demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
                      "demo-1.0.dist-info/RECORD": b""})
    impostor = make_zip({"demo/__init__.py": b"VALUE = 666\n"})
    os.makedirs(os.path.join(server.folder, "files"))
    os.makedirs(os.path.join(server.folder, "simple", "demo"))
    name = "demo-1.0-py3-none-any.whl"
    with open(os.path.join(server.folder, "files", name), "wb") as f:
        f.write(wheel)
    with open(os.path.join(server.folder, name), "wb") as f:
        f.write(impostor)  # another file of the same name and version: pip must not take it
    with open(os.path.join(server.folder, "simple", "demo", "index.html"), "w") as f:
        f.write(f'<a href="../../{name}">{name}</a>\n<a href="../../files/{name}#sha256={sha256_of(wheel)}">{name}</a>\n')
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", f"{server.url}/simple")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
    locked = archive_input(["pypi:demo==1.0"], data=wheel, filename=name)
    locked = LockedInput(**{**locked.__dict__, "strip_components": 0})
    folder = fetch.fetch_input(locked, settings)
    assert open(os.path.join(folder, "demo", "__init__.py")).read() == "VALUE = 1\n"
    assert any(r.startswith("/simple/demo") for r in server.requests)


def tvm_wheel(commit_id):
    return make_zip({"tvm/_version.py": f"__commit_id__ = commit_id = '{commit_id}'\n".encode()})


def test_wheel_is_paired_with_its_source_commit(server, settings):
    data = tvm_wheel("gc7b458e94")
    wheel = archive_input([server.add("tvm.whl", data)], data=data, filename="tvm-0.26.0-py3-none-any.whl")
    wheel = LockedInput(**{**wheel.__dict__, "strip_components": 0, "built_from": "src"})
    folder = fetch.fetch_input(wheel, settings)
    source = git_input([], "c7b458e946bc4266915da582457476bdcd9705ae")
    assert fetch.check_built_from(wheel, folder, source) == "c7b458e94"
    other = git_input([], "7b5acb32b" + "0" * 31)
    with pytest.raises(fetch.FetchError, match="built from commit c7b458e94, but the lock pins 'upstream' at 7b5acb32b"):
        fetch.check_built_from(wheel, folder, other)


def test_stored_files_are_readable_by_other_users_of_a_shared_cache(server, git_repo, settings):
    url = server.add("demo-1.0.tar.gz", PAYLOAD)
    fetch.fetch_input(archive_input([url]), settings)
    repo, (first, _) = git_repo
    fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    stored = [os.path.join(base, n) for folder in ("sha256", "git")
              for base, _, names in os.walk(os.path.join(settings.cache_dir, folder)) for n in names]
    assert len(stored) == 3
    for path in stored:
        assert os.stat(path).st_mode & 0o777 == 0o644, path


@pytest.mark.parametrize("content", ["{not json", '{"sha256": "../../etc", "size": 1}', "[]", ""])
def test_a_corrupt_git_pointer_is_named_quarantined_and_refetched(git_repo, settings, content):
    repo, (first, _) = git_repo
    fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    pointer = os.path.join(settings.cache_dir, "git", first + ".json")
    with open(pointer, "w") as f:
        f.write(content)
    with pytest.raises(fetch.FetchError) as e:
        fetch.fetch_input(git_input([f"file://{repo}"], first), settings)
    assert f"'upstream' 2.0: its pointer file {pointer} is corrupt" in str(e.value)
    assert os.listdir(os.path.join(settings.cache_dir, "quarantine"))[0].endswith(first + ".json")
    folder = fetch.fetch_input(git_input([f"file://{repo}"], first), settings)   # fetched anew
    assert open(os.path.join(folder, "README")).read() == "first\n"


def test_an_interrupted_fetch_leaves_nothing_behind_for_long(server, settings):
    """Files of a fetch killed midway (its pid is gone) are removed by the next fetch; those of a
    live writer stay."""
    import subprocess
    import time
    dead = subprocess.Popen(["true"])
    dead.wait()
    tmp = os.path.join(settings.cache_dir, "tmp")
    os.makedirs(tmp)
    old = time.time() - 3600
    leftovers = [os.path.join(tmp, f"demo-1.0.tar.gz.{dead.pid}.abc123.part"),
                 os.path.join(settings.third_party_dir, f".demo-1.0.unpack-{dead.pid}")]
    live = os.path.join(tmp, f"other.tar.gz.{os.getppid()}.def456.part")
    os.makedirs(leftovers[1])
    for path in (leftovers[0], live):
        open(path, "wb").write(b"partial")
    for path in leftovers + [live]:
        os.utime(path, (old, old))
    fetch.fetch_input(archive_input([server.add("demo-1.0.tar.gz", PAYLOAD)]), settings)
    assert not any(os.path.exists(p) for p in leftovers)
    assert os.path.exists(live)
    assert [n for n in os.listdir(settings.third_party_dir) if n.startswith(".")] == []


def test_a_lock_version_with_a_path_cannot_reach_the_fetch(tmp_path):
    """The lock refuses it at load (tests/test_lock.py has the class); here: end to end,
    nothing outside third_party/ is touched."""
    from kokoro_build import lock
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious")
    text = open(os.path.join(os.path.dirname(__file__), "..", "third_party", "lock.toml")).read()
    text = text.replace('version = "0.1.14.post1"', 'version = "../../victim"', 1)
    path = tmp_path / "lock.toml"
    path.write_text(text)
    with pytest.raises(lock.LockError, match="inputs.apache-tvm-ffi.version: expected a version that is one path"):
        lock.load(str(path))
    assert (victim / "keep.txt").read_text() == "precious"
